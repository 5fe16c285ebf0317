"""The portable wheel (make dist): built with jansson and PCRE2 linked statically
(FORGE_CATALOG_STATIC_LIBS, as mk/dist.mk does) and repaired by auditwheel,
it gets a manylinux tag no newer than 2_34, needs no libjansson or libpcre2-8 and imports.
The rule itself is tests/core/portable_wheel.py's, shared with make dist."""

import os
import pathlib
import subprocess
import sys
import zipfile

import portable_wheel
import pytest
from test_packaging import build, tracked_tree

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tree = tracked_tree(tmp_path_factory.mktemp("tree"))
    env = dict(os.environ, FORGE_CATALOG_ALLOW_NO_UI="1", FORGE_CATALOG_STATIC_LIBS="jansson libpcre2-8")
    plain = build(tree, "--wheel", outdir=tmp_path_factory.mktemp("plain"), env=env)
    return plain, portable_wheel.repair(plain, tmp_path_factory.mktemp("repaired"))


def test_the_repaired_wheel_meets_the_rule(built):
    _, repaired = built
    assert portable_wheel.problems(repaired) == []
    tag = portable_wheel.manylinux_tag(portable_wheel.auditwheel("show", str(repaired)))
    assert tag <= (2, 34) and f"manylinux_{tag[0]}_{tag[1]}_x86_64" in repaired.name


def test_the_extension_needs_no_libjansson_nor_libpcre2(built, tmp_path):
    so = portable_wheel.extension_of(built[1], tmp_path)
    ldd = subprocess.run(["ldd", so], check=True, capture_output=True, text=True).stdout
    assert "libc.so.6" in ldd and "jansson" not in ldd and "pcre2" not in ldd, ldd
    assert portable_wheel.exported_bundled_symbols(so) == []


def test_the_repaired_wheel_imports(built, tmp_path):
    with zipfile.ZipFile(built[1]) as archive:
        archive.extractall(tmp_path / "installed")
    probe = ("import forge_catalog._core as c, sys; "
             "assert c.__file__.startswith(sys.argv[1]), c.__file__; "
             "assert c.transition('created', 'submit').state == 'approved'; "
             "s = c.Survey({'name': '', 'description': '', 'spec': [{'question_name': 'H', "
             "'variable': 'h', 'type': 'text', 'required': False}]}); "
             "assert c.Form(s, {'h': {'pattern': 'w[0-9]+'}}).validate({'h': 'x'}).errors")
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "installed"))
    subprocess.run([sys.executable, "-S", "-c", probe, str(tmp_path / "installed")], check=True,
                   env=env, cwd=tmp_path, timeout=60)


def test_the_rule_refuses_the_unrepaired_wheel(built):
    assert "carries no manylinux tag" in "\n".join(portable_wheel.problems(built[0]))


def test_the_rule_refuses_an_extension_that_needs_libjansson():
    """The default build (make ext: jansson shared) is what the rule exists to refuse."""
    (so,) = ROOT.glob("forge_catalog/_core.*.so")
    found = "\n".join(portable_wheel.extension_problems(str(so)))
    assert "libjansson" in found and "beyond glibc" in found, found
