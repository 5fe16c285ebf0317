# The extension forge_catalog._core and its Django-free pytest suite.

EXT_SOURCES := $(CORE_SRC) $(CORE_HDR) $(wildcard csrc/python/*.c csrc/python/*.h) setup.py
# tests/core/test_packaging.py lists the tracked tree with git.
EXTRA_DEBIAN_PACKAGES += git

.PHONY: ext test-core
ext: $(STAMPS)/ext
# An in-place build beside the editable install; the stamp follows every C
# file and header, so an edit in csrc/ rebuilds before the suite runs.
# -Werror is ours: setup.py leaves it out for an operator's compiler.
# setuptools (>= 72) takes $CFLAGS *instead of* CPython's own (-O3 -g
# -fwrapv -DNDEBUG), so ours go after those rather than alone: a bare
# CFLAGS=-Werror built the extension unoptimised.
PY_CFLAGS = $$($(PY) -c 'import sysconfig; print(sysconfig.get_config_var("CFLAGS") or "")')
$(STAMPS)/ext: $(EXT_SOURCES) $(STAMPS)/venv
	@echo "== building forge_catalog._core (setup.py build_ext --inplace, CPython's CFLAGS + -Werror)"
	CFLAGS="$(PY_CFLAGS) -Werror" $(PY) setup.py -q build_ext --inplace
	@mkdir -p $(STAMPS) && touch $@

# Round trips, error objects, constants vs headers, the golden fixture sweep,
# leak loops, threads, sub-interpreters, sdist/wheel: no Django, no database.
TEST_TARGETS += test-core
# nodejs: the packaging test builds the portal as `pip install .` does.
test-core: $(STAMPS)/ext | nodejs
	@echo "== core suite: pytest tests/core (no Django)"
	$(PY) -m pytest -q tests/core -p no:django -p no:cacheprovider

# The same suite against an ASan+UBSan build of the extension, made in a copy
# of the tracked tree so the in-place build stays untouched (about 15 s).
# The leak loops are left out because ASan replaces malloc, which they
# measure; packaging builds its own wheel anyway.
CORE_ASAN_DIR := $(BUILD)/core-asan
CORE_ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -O1 -g
.PHONY: test-core-asan
TEST_TARGETS += test-core-asan
test-core-asan: $(STAMPS)/venv
	@echo "== core suite against an ASan+UBSan build of forge_catalog._core"
	rm -rf $(CORE_ASAN_DIR) && mkdir -p $(CORE_ASAN_DIR)
	git ls-files -z | xargs -0 cp --parents -t $(CORE_ASAN_DIR)
	cd $(CORE_ASAN_DIR) && CFLAGS="$(CORE_ASAN_FLAGS)" LDFLAGS="$(CORE_ASAN_FLAGS)" \
		$(CURDIR)/$(PY) setup.py -q build_ext --inplace
	cd $(CORE_ASAN_DIR) && \
		LD_PRELOAD="$$(cc -print-file-name=libasan.so):$$(cc -print-file-name=libubsan.so)" \
		ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
		PYTHONPATH="$(CURDIR)/$(CORE_ASAN_DIR):$$($(CURDIR)/$(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" \
		$(CURDIR)/$(PY) -S -m pytest -q tests/core -p no:django -p no:cacheprovider -k "not leaks and not packaging"
