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


# The C libraries the core links, by pkg-config name. The ones named in
# FORGE_CATALOG_STATIC_LIBS (space-separated; mk/dist.mk's portable wheel)
# are linked from their static archives instead, their symbols kept private
# to the extension, so the wheel needs none of them where it is installed.
LIBRARIES = ["jansson", "libpcre2-8"]
STATIC_LIBS = os.environ.get("FORGE_CATALOG_STATIC_LIBS", "").split()


def pkg_config(*args, library):
    try:
        out = subprocess.run(["pkg-config", *args, library], check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError):
        return [f"-l{library}"] if "--libs" in args else []
    return shlex.split(out.stdout)


def static_archive(name, search_dirs):
    """lib<name>.a from pkg-config's -L dirs, else wherever the compiler finds it."""
    for folder in search_dirs:
        if os.path.isfile(os.path.join(folder, f"lib{name}.a")):
            return os.path.join(folder, f"lib{name}.a")
    cc = os.environ.get("CC", "cc").split()
    asked = [*cc, f"-print-file-name=lib{name}.a"]
    found = subprocess.run(asked, capture_output=True, text=True).stdout.strip()
    if not os.path.isabs(found):
        raise SystemExit(f"error: FORGE_CATALOG_STATIC_LIBS names {name} but lib{name}.a was not found")
    return found


def static_link_args(library):
    flags = pkg_config("--static", "--libs", library=library)
    dirs = [f[2:] for f in flags if f.startswith("-L")]
    archives = [static_archive(f[2:], dirs) for f in flags if f.startswith("-l")]
    hide = [f"-Wl,--exclude-libs,{os.path.basename(a)}" for a in archives]
    return archives + hide


def link_args():
    unknown = sorted(set(STATIC_LIBS) - set(LIBRARIES))
    if unknown:
        raise SystemExit(f"error: FORGE_CATALOG_STATIC_LIBS names {' '.join(unknown)}, "
                         f"not one of {' '.join(LIBRARIES)}")
    args = []
    for library in LIBRARIES:
        args += static_link_args(library) if library in STATIC_LIBS else pkg_config("--libs", library=library)
    return args


core = Extension(
    "forge_catalog._core",
    sources=sorted(glob.glob("csrc/core/*.c")) + sorted(glob.glob("csrc/python/*.c")),
    include_dirs=["csrc/include", "csrc/core", "csrc/python"],
    # As mk/c.mk: C11 plus POSIX 2008 (strnlen); Python.h asks for the same.
    define_macros=[("_POSIX_C_SOURCE", "200809L")],
    depends=sorted(glob.glob("csrc/include/forge_catalog/*.h") + glob.glob("csrc/core/*.h")
                   + glob.glob("csrc/python/*.h")),
    # No -Werror: an operator's compiler may warn where ours does not. Our own
    # builds (mk/python.mk, mk/c.mk) add it.
    extra_compile_args=["-std=c11", "-Wall", "-Wextra"]
    + [f for library in LIBRARIES for f in pkg_config("--cflags", library=library)],
    extra_link_args=link_args(),
)

setup(ext_modules=[core], cmdclass={"build_py": BuildPyWithUI, "sdist": SdistWithUI})
