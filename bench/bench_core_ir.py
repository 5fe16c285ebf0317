"""Instructions per C-direct compile and launch_data (callgrind Ir), for
comparing commits on a busy machine, where CPU times of a few percent do not
resolve.

    python bench/bench_core_ir.py .build/bench/bench_core [LABEL=OTHER_BINARY ...]

Writes bench_core.py's surveys (10/100/1000 questions), runs each binary's
bench_core under ``valgrind --tool=callgrind --toggle-collect=op_<op>``
(compile: fc_survey_compile + fc_survey_free; launch_data: fc_launch_data of
a workflow, template + 2 nodes, and the result's release) and divides the Ir
by the calls that callgrind recorded, so the timing loop's length does not
matter. A binary from another commit is built the same way (mk/bench.mk's
BENCH_CFLAGS) from that commit's tree.
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
from itertools import product
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import make_inputs  # noqa: E402

SIZES = (10, 100, 1000)
# op -> (bench_core's function, the core call it makes once per op)
OPS = {"compile": ("op_compile", "fc_survey_compile"), "launch_data": ("op_launch_data", "fc_launch_data")}


def ir_per_op(out_file, op):
    """Total Ir collected / the calls op's function made to its core call."""
    caller, core_call = OPS[op]
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
        elif line.startswith("calls=") and fn == caller and callee == core_call:
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
        print("| op | binary | N | Ir per op |")
        print("|---|---|---:|---:|")
        for op, (label, binary), n in product(OPS, runs, SIZES):
            out = directory / f"callgrind.{op}.{n}.out"
            subprocess.run(
                [
                    "valgrind",
                    "--tool=callgrind",
                    f"--toggle-collect={OPS[op][0]}",
                    f"--callgrind-out-file={out}",
                    binary,
                    str(directory),
                    str(n),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            print(f"| {op} | {label} | {n} | {ir_per_op(out, op):,.0f} |", flush=True)


if __name__ == "__main__":
    main()
