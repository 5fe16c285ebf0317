"""Our runtime requirements admit every version AWX pins (installing us into
AWX's venv must change none of its packages), and none of them lets pip pick
a release that needs a newer Django than AWX's. The real install with these
pins, `pip check` and the app suite on Django 4.2 run in mk/compat.mk."""

import pathlib
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = pathlib.Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "tests/compat/awx-constraints.txt"

# Releases that need Django >= 5.2 (read from their metadata on PyPI):
# pip would upgrade the host's Django 4.2 to install any of them.
NEED_DJANGO_5_2 = {
    "django-filter": ["25.2", "26.1", "26.2"],
    "djangorestframework": ["3.18.0", "3.18.3"],
}


def runtime_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {canonicalize_name(r.name): r for r in map(Requirement, project["dependencies"])}


def awx_pins():
    pins = {}
    for line in CONSTRAINTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = Version(version)
    return pins


def test_the_constraints_name_the_awx_commit_they_come_from():
    assert "e21dd0a" in CONSTRAINTS.read_text()


def test_every_runtime_requirement_admits_awx_pins():
    requirements, pins = runtime_requirements(), awx_pins()
    shared = sorted(set(requirements) & set(pins))
    assert {"django", "djangorestframework", "cryptography", "psycopg", "pyyaml"} <= set(shared)
    refused = {name: (str(requirements[name].specifier), str(pins[name])) for name in shared
               if not requirements[name].specifier.contains(pins[name])}
    assert not refused, refused


def test_django_4_2_and_5_2_are_both_admitted():
    django = runtime_requirements()["django"].specifier
    assert django.contains("4.2.16") and django.contains("5.2.8")


def test_no_requirement_admits_a_release_that_needs_django_5_2():
    requirements = runtime_requirements()
    admitted = {name: [v for v in versions if requirements[name].specifier.contains(v)]
                for name, versions in NEED_DJANGO_5_2.items()}
    assert not any(admitted.values()), admitted
