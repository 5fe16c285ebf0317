"""The C extension, and the check that builds carry the portal; metadata lives in pyproject.toml."""

import glob
import os
import shlex
import shutil
import subprocess

from setuptools import Extension, setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

# The portal's built files (ui/ -> Vite) are package data. They are not
# committed, so a wheel or sdist built from a bare checkout builds them first
# with npm (as `make ui` does); without npm it stops, rather than quietly ship
# a portal page that loads nothing, unless asked not to.
UI_DIST = "forge_catalog/portal/static/forge_catalog/dist"
UI_FILES = ("portal.js", "portal.css")
ALLOW_NO_UI = "FORGE_CATALOG_ALLOW_NO_UI"
NPM = os.environ.get("FORGE_CATALOG_NPM", "npm")


def missing_ui():
    return [f for f in UI_FILES if not os.path.isfile(os.path.join(UI_DIST, f))]


def build_ui():
    """npm ci + the portal's build script, as mk/ui.mk runs them."""
    subprocess.run([NPM, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd="ui", check=True)
    subprocess.run([NPM, "run", "--silent", "build"], cwd="ui", check=True)


def require_ui(what):
    if not missing_ui() or os.environ.get(ALLOW_NO_UI) == "1":
        return
    if os.path.isfile("ui/package.json") and shutil.which(NPM):
        build_ui()
    missing = missing_ui()
    if missing:
        raise SystemExit(
            f"error: building the {what} without the portal's built files ({', '.join(missing)} missing "
            f"in {UI_DIST}/) and no npm to build them. Run `make ui` (or `make dist`) first, "
            f"or set {ALLOW_NO_UI}=1 to build without the portal."
        )


class BuildPyWithUI(build_py):
    def run(self):
        # An editable install serves the work tree itself (make ui builds there later).
        if not self.editable_mode:
            require_ui("wheel")
        super().run()


class SdistWithUI(sdist):
    def run(self):
        require_ui("sdist")
        super().run()


def pkg_config(*args):
    try:
        out = subprocess.run(["pkg-config", *args, "jansson"], check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError):
        return ["-ljansson"] if "--libs" in args else []
    return shlex.split(out.stdout)


core = Extension(
    "forge_catalog._core",
    sources=sorted(glob.glob("csrc/core/*.c")) + sorted(glob.glob("csrc/python/*.c")),
    include_dirs=["csrc/include", "csrc/core", "csrc/python"],
    # As mk/c.mk: C11 plus POSIX 2008 (strnlen); Python.h asks for the same.
    define_macros=[("_POSIX_C_SOURCE", "200809L")],
    depends=sorted(glob.glob("csrc/include/forge_catalog/*.h") + glob.glob("csrc/core/*.h")
                   + glob.glob("csrc/python/*.h")),
    extra_compile_args=["-std=c11", "-Wall", "-Wextra", "-Werror"] + pkg_config("--cflags"),
    extra_link_args=pkg_config("--libs"),
)

setup(ext_modules=[core], cmdclass={"build_py": BuildPyWithUI, "sdist": SdistWithUI})
