"""Allocation failures inside the binding: see nomemory_sweep.py."""

import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def test_every_python_allocation_failing_in_turn():
    # Same interpreter flags: under `make test-core-asan` (-S) the child must
    # import the sanitized build too.
    flags = ["-S"] if sys.flags.no_site else []
    done = subprocess.run([sys.executable, *flags, str(HERE / "nomemory_sweep.py")], cwd=HERE,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    injected = int(done.stdout.split()[1])
    assert injected > 100, done.stdout  # the sweep really made calls fail
