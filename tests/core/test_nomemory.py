"""Allocation failures inside the binding: see nomemory_sweep.py."""

import os
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def test_every_python_allocation_failing_in_turn():
    # Same interpreter flags and path: under `make test-core-asan` (-S) the
    # child must import the sanitized build too.
    flags = ["-S"] if sys.flags.no_site else []
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(os.path.abspath(p) for p in sys.path if p))
    done = subprocess.run([sys.executable, *flags, str(HERE / "nomemory_sweep.py")], cwd=HERE, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    injected = int(done.stdout.split()[1])
    assert injected > 100, done.stdout  # the sweep really made calls fail
