# The extension and the Django-free Python suite.

EXT_SOURCES := $(CORE_SRC) $(CORE_HDR) $(wildcard csrc/python/*.c csrc/python/*.h) setup.py

.PHONY: ext test-core
ext: $(STAMPS)/ext
# An in-place build beside the editable install; depends lists every C file.
$(STAMPS)/ext: $(EXT_SOURCES) $(STAMPS)/venv
	@echo "== building forge_catalog._core"
	$(PY) setup.py -q build_ext --inplace
	@touch $@

TEST_TARGETS += test-core
test-core: $(STAMPS)/ext
	@echo "== core suite (pytest, no Django)"
	$(PY) -m pytest -q tests/core -p no:django
