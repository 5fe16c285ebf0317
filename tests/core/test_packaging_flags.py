"""What setup.py hands the compiler and linker: no -Werror for an operator's
compiler (our own builds add it through CFLAGS), jansson from the shared
library by default, and from its static archive, hidden inside the
extension, when FORGE_CATALOG_STATIC_LIBS names it (mk/dist.mk)."""

import os
import pathlib
import runpy
import subprocess
import sysconfig

import pytest
import setuptools

ROOT = pathlib.Path(__file__).resolve().parents[2]


def extension(monkeypatch, static_libs=None):
    captured = {}
    monkeypatch.setattr(setuptools, "setup", lambda **kw: captured.update(kw))
    if static_libs is None:
        monkeypatch.delenv("FORGE_CATALOG_STATIC_LIBS", raising=False)
    else:
        monkeypatch.setenv("FORGE_CATALOG_STATIC_LIBS", static_libs)
    monkeypatch.chdir(ROOT)
    runpy.run_path(str(ROOT / "setup.py"))
    (core,) = captured["ext_modules"]
    return core


def test_the_operator_build_has_no_werror(monkeypatch):
    core = extension(monkeypatch)
    assert "-Wall" in core.extra_compile_args
    assert not [f for f in core.extra_compile_args if f.startswith("-Werror")], core.extra_compile_args


def test_our_own_builds_keep_werror():
    assert "-Werror" in ext_build_cflags().split()
    assert "-Werror" in (ROOT / "mk/c.mk").read_text()


def test_our_own_builds_keep_cpythons_optimisation():
    # setuptools takes $CFLAGS in place of CPython's flags, so the recipe
    # hands those over itself; a bare CFLAGS=-Werror built without -O3.
    flags = ext_build_cflags().split()
    assert sysconfig.get_config_var("CFLAGS").split() == flags[: flags.index("-Werror")]


def ext_build_cflags():
    """The CFLAGS `make ext` runs setup.py with (the recipe, asked of make
    and run with setup.py replaced by a print)."""
    recipe = subprocess.run(
        ["make", "-s", "-n", "-W", "setup.py", ".build/stamps/ext"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    (line,) = [line for line in recipe.splitlines() if "setup.py -q build_ext" in line]
    probe = line.replace("setup.py -q build_ext --inplace", "-c \"import os; print(os.environ['CFLAGS'])\"")
    return subprocess.run(["sh", "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_jansson_is_shared_by_default(monkeypatch):
    core = extension(monkeypatch)
    assert "-ljansson" in core.extra_link_args
    assert not [a for a in core.extra_link_args if a.endswith(".a")]


def test_static_jansson_links_the_archive_and_hides_its_symbols(monkeypatch):
    core = extension(monkeypatch, "jansson")
    (archive,) = [a for a in core.extra_link_args if a.endswith(".a") and not a.startswith("-")]
    assert os.path.basename(archive) == "libjansson.a" and os.path.isfile(archive)
    assert "-Wl,--exclude-libs,libjansson.a" in core.extra_link_args
    assert "-ljansson" not in core.extra_link_args


def test_an_unknown_static_library_is_refused(monkeypatch):
    with pytest.raises(SystemExit, match="nosuchlib"):
        extension(monkeypatch, "jansson nosuchlib")


def test_static_pcre2_links_the_archive_and_hides_its_symbols(monkeypatch):
    core = extension(monkeypatch, "jansson libpcre2-8")
    archives = {os.path.basename(a) for a in core.extra_link_args
                if a.endswith(".a") and not a.startswith("-")}
    assert archives == {"libjansson.a", "libpcre2-8.a"}
    assert "-Wl,--exclude-libs,libpcre2-8.a" in core.extra_link_args
    assert "-lpcre2-8" not in core.extra_link_args
