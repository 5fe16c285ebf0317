"""The sdist carries everything a build needs (every C source and header,
the .pyi contract) and nothing built; a wheel built from that sdist alone
imports. Builds run on a copy of the tracked tree, offline (--no-isolation,
with the venv's setuptools), in about ten seconds."""

import os
import pathlib
import shutil
import subprocess
import sys
import tarfile
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def build(source, *args, outdir):
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", *args, "--outdir", str(outdir),
                    str(source)], check=True, capture_output=True, text=True, timeout=300)
    return next(outdir.iterdir())


@pytest.fixture(scope="module")
def sdist(tmp_path_factory):
    tree = tmp_path_factory.mktemp("tree")
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True,
                             text=True).stdout.split("\0")
    for name in filter(None, tracked):
        source = ROOT / name
        if source.is_file():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, tree / name)
    return build(tree, "--sdist", outdir=tmp_path_factory.mktemp("sdist"))


def test_sdist_has_every_c_file_and_the_contract(sdist):
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    tracked = subprocess.run(["git", "ls-files", "csrc"], cwd=ROOT, check=True, capture_output=True,
                             text=True).stdout.split()
    assert tracked and set(tracked) <= names, sorted(set(tracked) - names)
    assert {"setup.py", "pyproject.toml", "forge_catalog/_core.pyi", "forge_catalog/py.typed"} <= names
    assert any(n.startswith("csrc/include/forge_catalog/") and n.endswith(".h") for n in names)
    assert not [n for n in names if n.endswith((".so", ".o", ".pyc"))]


def test_wheel_built_from_the_sdist_imports(sdist, tmp_path):
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "src", filter="data")
    (source,) = (tmp_path / "src").iterdir()
    wheel = build(source, "--wheel", outdir=tmp_path / "wheel")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path / "installed")
        assert "forge_catalog/_core.pyi" in archive.namelist()
    # -S: no site-packages, so the editable install of the work tree cannot answer.
    probe = ("import forge_catalog._core as c, sys; "
             "assert c.__file__.startswith(sys.argv[1]), c.__file__; "
             "assert c.transition('created', 'submit').state == 'approved'")
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "installed"))
    subprocess.run([sys.executable, "-S", "-c", probe, str(tmp_path / "installed")], check=True,
                   env=env, cwd=tmp_path, timeout=60)
