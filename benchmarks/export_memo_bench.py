"""Benchmark the memo formats end to end, as a user runs the command, side by side in one run.

Run from the repository root, with apostilla installed (with the pdf extra for the PDF rows):

    python benchmarks/export_memo_bench.py [--input FILE] [--repeat N]

Each row is a fresh process, `apostilla export FORMAT FILE -o OUT` (the memo layout and the
parallel layout), timed from start to exit, with its peak resident memory. The baseline is a
fresh process that builds the same memo and writes it with python-docx's own API one paragraph
and one run at a time (benchmarks/export_docx_bench.py's `naive_docx`), the plain way to make a
Word file from Python. Ratios are each row's median wall time over the baseline's, measured in
the same run, so a busy machine slows both alike. Targets: HTML under 0.5 s, DOCX under 1 s,
PDF under 3 s and 200 MB.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = ROOT.parent / "shared" / "bench" / "large.xml"
OUT = ROOT / "benchmarks" / "out"
TARGETS = {"html": (0.5, None), "docx": (1.0, None), "pdf": (3.0, 200)}
BASELINE = ("import sys; sys.path.insert(0, {bench!r}); from export_docx_bench import build_memo, naive_docx; "
            "from pathlib import Path; Path({out!r}).write_bytes(naive_docx(build_memo(Path({src!r}))))")


def run(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak memory (MB) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(command: list[str], repeat: int) -> tuple[float, float, float]:
    """Median wall and CPU seconds, and the highest peak memory, of `repeat` fresh processes."""
    runs = [run(command) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
            max(r[2] for r in runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", metavar="EXE", help="another apostilla executable (an earlier version) "
                        "whose HTML and DOCX memos to time in the same run")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    apostilla = shutil.which("apostilla", path=str(Path(sys.executable).parent)) or "apostilla"
    with open("/proc/loadavg") as handle:
        load = handle.read().split()[0]
    print(f"input: {args.input.name} ({args.input.stat().st_size / 1e6:.1f} MB), median of {args.repeat} fresh "
          f"processes, Python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {load}")
    baseline_cmd = [sys.executable, "-c", BASELINE.format(bench=str(ROOT / "benchmarks"), src=str(args.input),
                                                          out=str(OUT / "baseline.docx"))]
    rows = []
    for fmt in ("html", "docx", "pdf"):
        for layout in ("memo", "parallel"):
            command = [apostilla, "export", fmt, str(args.input), "-o", str(OUT / f"large-{layout}.{fmt}"),
                       "--lang", "es", "--layout", layout, "--date", "2024-05-14"]
            rows.append((f"apostilla export {fmt} --layout {layout}", fmt, layout, command))
    if args.before:
        for fmt in ("html", "docx"):
            command = [args.before, "export", fmt, str(args.input), "-o", str(OUT / f"before.{fmt}"),
                       "--lang", "es", "--date", "2024-05-14"]
            rows.append((f"before: apostilla export {fmt}", fmt, "memo", command))
    results = {}
    baseline = measure(baseline_cmd, args.repeat)
    for name, fmt, layout, command in rows:
        results[name] = measure(command, args.repeat)
    print("| command | wall s | CPU s | peak MB | ratio to the baseline (wall / CPU) | target (wall) |")
    print("|---|---|---|---|---|---|")
    print(f"| python-docx one run at a time (baseline) | {baseline[0]:.2f} | {baseline[1]:.2f} | "
          f"{baseline[2]:.0f} | 1.00x / 1.00x | |")
    for name, fmt, layout, _ in rows:
        wall, cpu, mb = results[name]
        seconds, megabytes = TARGETS[fmt]
        met = wall < seconds and (megabytes is None or mb < megabytes)
        target = f"< {seconds:g} s" + (f", < {megabytes} MB" if megabytes else "") + (": met" if met else ": NOT met")
        print(f"| `{name}` | {wall:.2f} | {cpu:.2f} | {mb:.0f} | {wall / baseline[0]:.2f}x / "
              f"{cpu / baseline[1]:.2f}x | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
