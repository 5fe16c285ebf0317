# `make dist`: the sdist, and a wheel built from that sdist (python -m build's
# default), both carrying the built portal; then a look inside each to prove it.
# --no-isolation: the venv's setuptools/wheel build offline, as the packaging
# test does.

DIST_DIR := dist
DIST_UI_FILES := portal.js portal.css

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
