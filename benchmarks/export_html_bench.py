"""Benchmark the HTML memo on ../shared/bench/large.xml: parse, memo model, HTML, memory, linearity.

Run from the repository root, with apostilla installed:

    python benchmarks/export_html_bench.py [--input FILE] [--repeat N]

For the first 1/4, 1/2 and all of the document's divisions it times parsing the file (the
hardened loader every command uses), building the memo model (shared with the DOCX memo) and
writing the HTML page, as wall time and as CPU time of this process (the CPU time is what to
compare on a busy machine). A floor for comparison: lxml's C-level XSLT identity transform and
serialisation of the same tree, which reads every node once and builds nothing. TEI Stylesheets'
teitohtml and pandoc are timed side by side when they are on PATH. Peak memory is the
high-water mark of a fresh process that parses, builds and writes the whole file.
"""
from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from lxml import etree
from sizes import cut

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = ROOT.parent / "shared" / "bench" / "large.xml"
OUT = ROOT / "benchmarks" / "out"
TEI = "{http://www.tei-c.org/ns/1.0}"
FRACTIONS = (0.25, 0.5, 1.0)
TARGET_S = 0.5
IDENTITY = etree.XSLT(etree.XML(
    b'<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
    b'<xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/>'
    b"</xsl:copy></xsl:template></xsl:stylesheet>"))


def load(path: Path):
    from apostilla.annotations.document import TeiDocument

    return TeiDocument.load(path)


def build(doc):
    from apostilla.exports.memo.options import MemoOptions
    from apostilla.exports.memo.reader import build_memo

    return build_memo(doc, MemoOptions(lang="en", date="2024-05-14", classification="INTERNAL"))


def write(memo) -> bytes:
    from apostilla.exports.html import write as html_write
    from apostilla.exports.memo.options import MemoOptions

    return html_write(memo, MemoOptions())


def identity(doc) -> bytes:
    return bytes(IDENTITY(doc.parsed.tree))


def timed(function, *args, repeat: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of `repeat` calls, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = function(*args)
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls), statistics.median(cpus), result


def outside_tools(path: Path) -> list[str]:
    """Lines for reference converters, timed once each when installed."""
    lines = []
    for name, command in (("teitohtml", ["teitohtml", str(path), str(OUT / "teitohtml.html")]),
                          ("pandoc", ["pandoc", "-f", "docbook", str(path), "-o", str(OUT / "pandoc.html")])):
        if shutil.which(command[0]) is None:
            lines.append(f"{name}: not installed here, not timed")
            continue
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        lines.append(f"{name}: {time.perf_counter() - start:.2f} s (exit {done.returncode})")
    return lines


def peak_mb(path: Path) -> float:
    """Peak resident memory, in MB, of a fresh process that parses, builds and writes the memo."""
    done = subprocess.run([sys.executable, __file__, "--child", "--input", str(path)],
                          capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def child(path: Path) -> None:
    write(build(load(path)))
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec.
    status = Path("/proc/self/status").read_text()
    print(int(status.split("VmHWM:")[1].split()[0]) / 1024)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.input)
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    with open("/proc/loadavg") as handle:
        loadavg = handle.read().split()[0]
    print(f"input: {args.input.name} ({args.input.stat().st_size / 1e6:.1f} MB), median of {args.repeat} "
          f"runs, Python {sys.version.split()[0]}, load average {loadavg}; wall s / CPU s")
    print("| share | paragraphs | notes | parse | build memo | write HTML | build + write | HTML MB | "
          "XSLT identity (floor) |")
    print("|---|---|---|---|---|---|---|---|---|")
    totals = []
    for fraction in FRACTIONS:
        source = cut(args.input, fraction, OUT, "-html")
        parse_w, parse_c, doc = timed(load, source, repeat=args.repeat)
        build_w, build_c, memo = timed(build, doc, repeat=args.repeat)
        write_w, write_c, page = timed(write, memo, repeat=args.repeat)
        floor_w, floor_c, _ = timed(identity, doc, repeat=args.repeat)
        paragraphs = sum(1 for _ in doc.text_el.iter(f"{TEI}p"))
        (OUT / f"{source.stem}.html").write_bytes(page)
        totals.append((fraction, build_c + write_c))
        print(f"| {fraction:g} | {paragraphs:,} | {len(memo.notes):,} | {parse_w:.2f} / {parse_c:.2f} | "
              f"{build_w:.2f} / {build_c:.2f} | {write_w:.2f} / {write_c:.2f} | "
              f"{build_w + write_w:.2f} / {build_c + write_c:.2f} | {len(page) / 1e6:.1f} | "
              f"{floor_w:.2f} / {floor_c:.2f} |")
    base_fraction, base = totals[0]
    growth = ", ".join(f"{f:g}: {t / base:.1f}x for {f / base_fraction:g}x the text" for f, t in totals[1:])
    whole = totals[-1][1]
    print(f"linearity (CPU, build + write, against {base_fraction:g}): {growth}")
    print(f"target: build + write under {TARGET_S} s for the whole file: "
          f"{'met' if whole < TARGET_S else 'NOT met'} ({whole:.2f} s CPU)")
    for line in outside_tools(args.input):
        print(line)
    print(f"peak memory (parse + build + write, fresh process): {peak_mb(args.input):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
