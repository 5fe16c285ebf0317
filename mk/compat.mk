# The app on AWX's pinned versions (Django 4.2), beside .venv's newest releases
# our ranges admit (Django 5.2). A venv of its own installs forge-catalog with
# tests/compat/awx-constraints.txt (AWX devel e21dd0a's pins) as constraints:
# the install must change none of them and `pip check` must be clean; then the
# migration check and the app suite run there. The venv is made again only when
# pyproject.toml, the constraints or this file change; pip's cache serves the downloads.
# The editable install reuses the extension `make ext` built in place (same
# interpreter), so nothing is compiled twice.

COMPAT_VENV := $(BUILD)/compat-venv
COMPAT_PY := $(COMPAT_VENV)/bin/python
COMPAT_CONSTRAINTS := tests/compat/awx-constraints.txt
# What AWX has and we do not require: DRF renders view docs with Markdown.
COMPAT_EXTRA := Markdown pytest pytest-django aiosmtpd

$(STAMPS)/compat-venv: pyproject.toml $(COMPAT_CONSTRAINTS) mk/compat.mk | $(STAMPS)/ext sysdeps
	@echo "== compat venv $(COMPAT_VENV): forge-catalog[devhost] with AWX's pins ($(COMPAT_CONSTRAINTS))"
	rm -rf $(COMPAT_VENV)
	python3 -m venv $(COMPAT_VENV)
	# Our build backend only (pyproject's build-system; AWX's own setuptools is
	# irrelevant: pip builds us in isolation there). Not wheel: setuptools has
	# bdist_wheel, and wheel >= 0.46 would need a newer packaging than AWX's.
	$(COMPAT_PY) -m pip install -q 'setuptools>=77'
	$(COMPAT_PY) -m pip install -q --no-build-isolation -c $(COMPAT_CONSTRAINTS) -e '.[devhost]' $(COMPAT_EXTRA)
	@mkdir -p $(STAMPS) && touch $@

.PHONY: test-compat
TEST_TARGETS += test-compat
test-compat: $(STAMPS)/compat-venv $(STAMPS)/ext
	@echo "== compat: pip check, and every AWX pin installed as pinned"
	$(COMPAT_PY) -m pip check
	$(COMPAT_PY) tests/compat/check_pins.py $(COMPAT_CONSTRAINTS)
	@echo "== compat: makemigrations --check on Django 4.2"
	$(APP_ENV) $(COMPAT_PY) -m django makemigrations --check --dry-run
	@echo "== compat: app suite on Django 4.2 (pytest-django on PostgreSQL, test database test_<name>_compat)"
	FC_APP_TEST_DB_SUFFIX=compat $(COMPAT_PY) -m pytest -q -p no:cacheprovider tests/app
