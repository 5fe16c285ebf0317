"""The sdist carries everything a build needs (every C source and header,
the .pyi contract, the portal's built files) and nothing else built; a wheel
built from that sdist alone imports and carries the portal. Without the
portal's built files a build makes them with npm, or, with no npm, stops
with a clear error. Builds run on a copy
of the tracked tree, offline (--no-isolation, with the venv's setuptools), in
about fifteen seconds.

The portal files here are stand-ins written by the test (the real ones come
from `make ui`, which needs Node.js): what is checked is that whatever Vite
put in the dist folder, nested folders included, reaches both archives."""

import os
import pathlib
import shutil
import subprocess
import sys
import tarfile
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
UI_DIST = "forge_catalog/portal/static/forge_catalog/dist"
UI_FILES = [f"{UI_DIST}/portal.js", f"{UI_DIST}/portal.css", f"{UI_DIST}/portal-icons.js",
            f"{UI_DIST}/assets/nested.js"]


def build(source, *args, outdir, env=None):
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", *args, "--outdir", str(outdir),
                    str(source)], check=True, capture_output=True, text=True, timeout=300, env=env)
    return next(outdir.iterdir())


def tracked_tree(tree):
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True,
                             text=True).stdout.split("\0")
    for name in filter(None, tracked):
        source = ROOT / name
        if source.is_file():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, tree / name)
    return tree


def without_allow_no_ui():
    return {k: v for k, v in os.environ.items() if k != "FORGE_CATALOG_ALLOW_NO_UI"}


def without_npm():
    """As on a machine with no Node.js: setup.py cannot build the portal."""
    return dict(without_allow_no_ui(), FORGE_CATALOG_NPM="/nonexistent/npm")


@pytest.fixture(scope="module")
def sdist(tmp_path_factory):
    tree = tracked_tree(tmp_path_factory.mktemp("tree"))
    for name in UI_FILES:
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(f"/* stand-in for {name} */\n")
    return build(tree, "--sdist", outdir=tmp_path_factory.mktemp("sdist"), env=without_allow_no_ui())


def test_sdist_has_every_c_file_and_the_contract(sdist):
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    tracked = subprocess.run(["git", "ls-files", "csrc"], cwd=ROOT, check=True, capture_output=True,
                             text=True).stdout.split()
    assert tracked and set(tracked) <= names, sorted(set(tracked) - names)
    assert {"setup.py", "pyproject.toml", "forge_catalog/_core.pyi", "forge_catalog/py.typed"} <= names
    assert any(n.startswith("csrc/include/forge_catalog/") and n.endswith(".h") for n in names)
    assert not [n for n in names if n.endswith((".so", ".o", ".pyc"))]
    assert set(UI_FILES) <= names, sorted(set(UI_FILES) - names)
    assert not [n for n in names if "node_modules" in n]


def test_wheel_built_from_the_sdist_imports(sdist, tmp_path):
    with tarfile.open(sdist) as archive:
        # Debian 12's Python 3.11.2 predates extraction filters (3.11.4).
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        archive.extractall(tmp_path / "src", **safe)
    (source,) = (tmp_path / "src").iterdir()
    wheel = build(source, "--wheel", outdir=tmp_path / "wheel", env=without_allow_no_ui())
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path / "installed")
        assert "forge_catalog/_core.pyi" in archive.namelist()
        assert set(UI_FILES) <= set(archive.namelist()), sorted(set(UI_FILES) - set(archive.namelist()))
    # -S: no site-packages, so the editable install of the work tree cannot answer.
    probe = ("import forge_catalog._core as c, sys; "
             "assert c.__file__.startswith(sys.argv[1]), c.__file__; "
             "assert c.transition('created', 'submit').state == 'approved'")
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "installed"))
    subprocess.run([sys.executable, "-S", "-c", probe, str(tmp_path / "installed")], check=True,
                   env=env, cwd=tmp_path, timeout=60)


@pytest.mark.parametrize("kind", ["--sdist", "--wheel"])
def test_build_without_the_portal_files_fails_loudly(kind, tmp_path):
    tree = tracked_tree(tmp_path / "tree")
    assert not (tree / UI_DIST).exists()
    with pytest.raises(subprocess.CalledProcessError) as failed:
        build(tree, kind, outdir=tmp_path / "out", env=without_npm())
    output = failed.value.stdout + failed.value.stderr
    assert "portal.js" in output and "make ui" in output and "FORGE_CATALOG_ALLOW_NO_UI=1" in output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_build_without_the_portal_files_when_allowed(tmp_path):
    tree = tracked_tree(tmp_path / "tree")
    env = dict(without_npm(), FORGE_CATALOG_ALLOW_NO_UI="1")
    with tarfile.open(build(tree, "--sdist", outdir=tmp_path / "out", env=env)) as archive:
        assert not [n for n in archive.getnames() if "/static/forge_catalog/dist/" in n]


def test_wheel_from_a_bare_checkout_builds_the_portal_itself(tmp_path):
    """`pip install .` / a wheel from a checkout where `make ui` never ran."""
    tree = tracked_tree(tmp_path / "tree")
    wheel = build(tree, "--wheel", outdir=tmp_path / "out", env=without_allow_no_ui())
    with zipfile.ZipFile(wheel) as archive:
        built = [n for n in archive.namelist() if n.startswith(UI_DIST + "/")]
    assert f"{UI_DIST}/portal.js" in built and f"{UI_DIST}/portal.css" in built, built
