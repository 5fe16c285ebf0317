"""Instructions per C-direct compile (callgrind Ir), for comparing commits
on a busy machine, where CPU times of a few percent do not resolve.

    python bench/bench_core_ir.py .build/bench/bench_core [LABEL=OTHER_BINARY ...]

Writes bench_core.py's surveys (10/100/1000 questions), runs each binary's
bench_core under ``valgrind --tool=callgrind --toggle-collect=op_compile``
(only fc_survey_compile + fc_survey_free are counted) and divides the Ir by
the calls that callgrind recorded, so the timing loop's length does not
matter. A binary from another commit is built the same way (mk/bench.mk's
BENCH_CFLAGS) from that commit's tree.
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import make_inputs  # noqa: E402

SIZES = (10, 100, 1000)


def ir_per_compile(out_file):
    """Total Ir collected and the calls op_compile made to fc_survey_compile."""
    names, total, calls, fn, callee = {}, 0, 0, None, None
    for line in Path(out_file).read_text().splitlines():
        m = re.match(r"(c?fn)=\((\d+)\)(?: (.*))?", line)
        if m:
            kind, ident, name = m.groups()
            if name:
                names[ident] = name.strip()
            if kind == "fn":
                fn = names.get(ident)
            else:
                callee = names.get(ident)
        elif line.startswith(("summary:", "totals:")):
            total = int(line.split()[1])
        elif line.startswith("calls=") and fn == "op_compile" and callee == "fc_survey_compile":
            calls += int(line.split("=")[1].split()[0])
    return total / calls


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binaries", nargs="+", help="bench_core programs, optionally LABEL=PATH")
    args = parser.parse_args()
    runs = [b.split("=", 1) if "=" in b else (b, b) for b in args.binaries]
    with tempfile.TemporaryDirectory(prefix="fc-bench-ir-") as tmp:
        directory = Path(tmp)
        for n in SIZES:
            spec, answers = make_inputs(n)
            (directory / f"spec_{n}.json").write_text(json.dumps(spec))
            (directory / f"answers_{n}.json").write_text(json.dumps(answers))
        print("| binary | N | Ir per compile + free |")
        print("|---|---:|---:|")
        for label, binary in runs:
            for n in SIZES:
                out = directory / f"callgrind.{n}.out"
                subprocess.run(
                    [
                        "valgrind",
                        "--tool=callgrind",
                        "--toggle-collect=op_compile",
                        f"--callgrind-out-file={out}",
                        binary,
                        str(directory),
                        str(n),
                    ],
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                print(f"| {label} | {n} | {ir_per_compile(out):,.0f} |", flush=True)


if __name__ == "__main__":
    main()
