# The Django app on PostgreSQL: migrations in step with the models, then the
# pytest-django suite (tests/app, the API tests in tests/app/api included).
# tests/app/conftest.py finds PostgreSQL (DATABASE_URL, 127.0.0.1:5432, or a
# throwaway cluster it starts with Debian's initdb/pg_ctl).

# makemigrations needs no database: an in-memory SQLite keeps it offline.
APP_ENV := env -u DATABASE_URL DJANGO_SETTINGS_MODULE=forge_catalog.devhost.settings FORGE_DEVHOST_SQLITE=:memory: \
	FORGE_DEVHOST_SECRET_KEY=makemigrations-check

.PHONY: test-app
TEST_TARGETS += test-app
test-app: $(STAMPS)/ext
	@echo "== app: makemigrations --check (models and migrations agree)"
	$(APP_ENV) $(PY) -m django makemigrations --check --dry-run
	@echo "== app suite (pytest-django on PostgreSQL)"
	$(PY) -m pytest -q -p no:cacheprovider tests/app

# API figures on PostgreSQL beside a bare DRF view (bench/bench_api.py seeds
# 10k items and 100k pending requests once, in its own database).
.PHONY: bench-api
BENCH_TARGETS += bench-api
bench-api: $(STAMPS)/ext
	@echo "== API benchmark (PostgreSQL; median/p95 ms and queries vs a bare DRF view)"
	$(PY) bench/bench_api.py

# choices_from at 100,000 hosts (bench/bench_choices.py seeds its own
# database once): the adapter's listing and check, the dry-run endpoint.
.PHONY: bench-choices
BENCH_TARGETS += bench-choices
bench-choices: $(STAMPS)/ext
	@echo "== choices_from at 100k hosts (PostgreSQL; median/p95 ms and queries)"
	$(PY) bench/bench_choices.py
