"""The C extension only; metadata lives in pyproject.toml."""

import glob
import shlex
import subprocess

from setuptools import Extension, setup


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

setup(ext_modules=[core])
