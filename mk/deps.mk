# System packages and the Python virtualenv.

DEBIAN_PACKAGES := build-essential pkg-config libjansson-dev libpcre2-dev libcmocka-dev clang \
	libclang-rt-14-dev valgrind cppcheck clang-format python3-dev python3-venv \
	libpq5 postgresql
DEBIAN_PACKAGES += $(EXTRA_DEBIAN_PACKAGES)

.PHONY: sysdeps venv
# Installs only what is missing, so a provisioned machine pays one dpkg query.
# EXTRA_DEBIAN_PACKAGES is read here, in the recipe, because the mk files that
# append to it are included after this one (the := above expands too early).
sysdeps:
	@missing=$$(for p in $(DEBIAN_PACKAGES) $(EXTRA_DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "== installing Debian packages:" $$missing; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	fi

venv: $(STAMPS)/venv
$(STAMPS)/venv: pyproject.toml | sysdeps
	@echo "== python venv $(VENV) with the dev/test dependencies"
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip setuptools wheel
	$(PY) -m pip install -q -e '.[dev]'
	@mkdir -p $(STAMPS) && touch $@
