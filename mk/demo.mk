# `make demo`: the devhost (embedded controller) + portal on SQLite with seeded
# data and a worker that really runs the playbooks. The database lives at
# demo/devhost.sqlite3 (delete the folder to start over); seeding is idempotent.

DEMO_DIR := demo
DEMO_DB := $(CURDIR)/$(DEMO_DIR)/devhost.sqlite3
DEMO_HOST := 127.0.0.1
DEMO_PORT := 8000
# The demo's own random secret key, made once beside its database (it keys the
# encryption of the stored secrets, so it must outlive a restart).
DEMO_KEY := $(DEMO_DIR)/secret_key
# env -u: the demo is SQLite even when the shell has a DATABASE_URL for tests.
# DEBUG is on here only: the demo is for looking around.
DEMO_ENV = env -u DATABASE_URL DJANGO_SETTINGS_MODULE=forge_catalog.devhost.settings \
	FORGE_DEVHOST_SQLITE=$(DEMO_DB) FORGE_DEVHOST_STATIC_ROOT=$(CURDIR)/$(DEMO_DIR)/static \
	FORGE_DEVHOST_DEBUG=1 FORGE_DEVHOST_SECRET_KEY="$$(cat $(DEMO_KEY))" PYTHONPATH=$(CURDIR)
DJANGO = $(DEMO_ENV) $(PY) -m django
# A production WSGI server, threaded: approvers and requesters at once.
DEMO_GUNICORN = $(DEMO_ENV) $(VENV)/bin/gunicorn --workers 1 --threads 8 \
	--bind $(DEMO_HOST):$(DEMO_PORT) --access-logfile - forge_catalog.devhost.wsgi

.PHONY: demo demo-db
demo-db: $(STAMPS)/ext ui
	@mkdir -p $(DEMO_DIR)
	@test -s $(DEMO_KEY) || (umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(48))' > $(DEMO_KEY))
	@echo "== demo database $(DEMO_DB): migrate + seed"
	$(DJANGO) migrate --noinput -v0
	$(DJANGO) devhost_seed

# One worker (SQLite has no row locks) in the background, gunicorn in front;
# Ctrl-C stops both. --reap fails the jobs a previous, killed demo left running
# (their lease expired).
demo: demo-db
	@echo
	@echo "== forge-catalog demo: http://$(DEMO_HOST):$(DEMO_PORT)/portal/  (Ctrl-C stops)"
	@echo "   log in as requester, submit; log in as approver1 and approve; watch My requests."
	@echo "   admin pages: http://$(DEMO_HOST):$(DEMO_PORT)/admin/  API: http://$(DEMO_HOST):$(DEMO_PORT)/api/v2/schema/docs/"
	@echo
	@$(DJANGO) devhost_worker --reap & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_GUNICORN)
