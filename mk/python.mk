# The extension forge_catalog._core and its Django-free pytest suite.

EXT_SOURCES := $(CORE_SRC) $(CORE_HDR) $(wildcard csrc/python/*.c csrc/python/*.h) setup.py
# tests/core/test_packaging.py lists the tracked tree with git.
EXTRA_DEBIAN_PACKAGES += git

.PHONY: ext test-core
ext: $(STAMPS)/ext
# An in-place build beside the editable install; the stamp follows every C
# file and header, so an edit in csrc/ rebuilds before the suite runs.
$(STAMPS)/ext: $(EXT_SOURCES) $(STAMPS)/venv
	@echo "== building forge_catalog._core (setup.py build_ext --inplace)"
	$(PY) setup.py -q build_ext --inplace
	@mkdir -p $(STAMPS) && touch $@

# Round trips, error objects, constants vs headers, the golden fixture sweep,
# leak loops, threads, sub-interpreters, sdist/wheel: no Django, no database.
TEST_TARGETS += test-core
test-core: $(STAMPS)/ext
	@echo "== core suite: pytest tests/core (no Django)"
	$(PY) -m pytest -q tests/core -p no:django -p no:cacheprovider
