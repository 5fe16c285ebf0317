"""Run by mk/compat.mk inside the compat venv: every package the constraints
pin that is installed has exactly the pinned version (pip's -c guarantees it
at install; this catches a venv changed since), and the packages we depend on
are among them, so the app suite that follows really runs on AWX's versions."""

import sys
from importlib import metadata

MUST_BE_INSTALLED = ["Django", "djangorestframework", "cryptography", "psycopg", "PyYAML"]


def pins(path):
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            yield name, version


def main(path):
    wrong, shown = [], []
    for name, pinned in pins(path):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            if name in MUST_BE_INSTALLED:
                wrong.append(f"{name} is not installed")
            continue
        shown.append(f"{name} {installed}")
        if installed != pinned:
            wrong.append(f"{name} {installed}, AWX pins {pinned}")
    for name in ("django-filter", "drf-spectacular", "drf-spectacular-sidecar"):
        shown.append(f"{name} {metadata.version(name)} (not pinned by AWX)")
    print("   " + ", ".join(shown))
    if wrong:
        sys.exit("not AWX's versions: " + "; ".join(wrong))


if __name__ == "__main__":
    main(sys.argv[1])
