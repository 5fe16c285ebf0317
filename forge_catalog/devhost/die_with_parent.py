"""Run a command that dies with the process that started it.

    python die_with_parent.py PARENT_PID COMMAND [ARG ...]

Arms Linux's parent-death signal (SIGKILL) and execs COMMAND, which keeps it:
the devhost worker starts ansible-playbook this way, so a worker killed with
SIGKILL takes its playbook along. Run as a script, not imported through the
package (nothing else to load before the exec). Where there is no prctl
(not Linux), the command runs without it and the reaper has to kill it.
"""

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def arm_parent_death_signal():
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return False
    if prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG)")
    return True


def main(argv):
    if len(argv) < 3 or not argv[1].isdigit():
        sys.exit("usage: die_with_parent.py PARENT_PID COMMAND [ARG ...]")
    arm_parent_death_signal()
    # The parent may have died between our fork and the prctl: then no
    # signal will ever come, so do not start at all.
    if os.getppid() != int(argv[1]):
        sys.exit("die_with_parent: the parent is gone")
    os.execvp(argv[2], argv[2:])


if __name__ == "__main__":
    main(sys.argv)
