# Browser tests: Playwright (Python) driving Debian's Chromium (never a
# downloaded browser) against a live devhost on PostgreSQL with real workers.
# tests/e2e/conftest.py creates and drops its own database (fc_e2e_<pid>).

EXTRA_DEBIAN_PACKAGES += chromium
E2E_CHROMIUM := /usr/bin/chromium

.PHONY: test-e2e
TEST_TARGETS += test-e2e

# -p no:django: the suite configures Django itself, against the live server's database.
test-e2e: $(STAMPS)/ext ui | sysdeps
	@echo "== browser tests (Playwright + $(E2E_CHROMIUM), live devhost on PostgreSQL, real workers)"
	@mkdir -p tests/artifacts
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 FC_CHROMIUM=$(E2E_CHROMIUM) PYTHONPATH=$(CURDIR) \
		$(PY) -m pytest -q -p no:django -p no:cacheprovider tests/e2e
	@echo "   screenshots: tests/artifacts/"
