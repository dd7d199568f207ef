"""How `apostilla validate` grows on hostile inputs made 1x, 2x, 4x and 8x larger."""
from __future__ import annotations

#    python benchmarks/hostile_bench.py [--base N] [--runs N] [--shape NAME]...
#
# Each shape is an input that an attacker or an accident could produce, built at 1, 2, 4 and
# 8 times a base size. Every run is a new process that times validate_paths() alone (wall
# and CPU), so the command line's start-up does not hide the growth; the medians, each
# size's ratio to the one before, and the growth exponent (log2 of that ratio: 1 is linear,
# 2 quadratic) go to stdout and to benchmarks/out/hostile_bench.md. Shapes:
#   attributes      N unknown attributes on one element (each one a finding)
#   attributes-line N elements on one line, each with one unknown attribute
#   rnc-alternatives  a .rnc schema choosing among N elements, written on one line
#   define-chain    a .rng schema of N defines, each referring to the next
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEI = "http://www.tei-c.org/ns/1.0"
RNG = "http://relaxng.org/ns/structure/1.0"
HEADER = ("<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p>"
          "</publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>")

_CHILD = """
import json, sys, time
from apostilla.schemas import validate_paths
schemas = json.loads(sys.argv[2])
wall, cpu = time.perf_counter(), time.process_time()
report = validate_paths([sys.argv[1]], schemas=schemas, rules=False, trust_dtd=False, jobs=1,
                        strict=False, progress=None)
print(json.dumps([time.perf_counter() - wall, time.process_time() - cpu,
                  report.summary()["errors"]]))
"""


def tei(body: str) -> str:
    return f'<TEI xmlns="{TEI}">{HEADER}<text><body>{body}</body></text></TEI>\n'


def attributes(n: int, folder: Path) -> tuple[Path, list[str]]:
    path = folder / "doc.xml"
    path.write_text(tei("<p " + " ".join(f'bad{i}="v"' for i in range(n)) + ">x</p>"))
    return path, []


def attributes_line(n: int, folder: Path) -> tuple[Path, list[str]]:
    path = folder / "doc.xml"
    path.write_text(tei("".join(f'<p bad{i}="v">x</p>' for i in range(n))))
    return path, []


def rnc_alternatives(n: int, folder: Path) -> tuple[Path, list[str]]:
    schema = folder / "wide.rnc"
    schema.write_text("start = element a { " + " | ".join(f"element e{i} {{ empty }}"
                                                        for i in range(n)) + " | text }\n")
    path = folder / "doc.xml"
    path.write_text("<a><e1/></a>")
    return path, [str(schema)]


def define_chain(n: int, folder: Path) -> tuple[Path, list[str]]:
    schema = folder / "chain.rng"
    defines = "".join(f'<define name="d{i}"><group><ref name="d{i + 1}"/></group></define>'
                      for i in range(n))
    schema.write_text(f'<grammar xmlns="{RNG}"><start><element name="a"><ref name="d0"/>'
                      f'</element></start>{defines}<define name="d{n}"><element name="b">'
                      "<text/></element></define></grammar>")
    path = folder / "doc.xml"
    path.write_text("<a><c/></a>")
    return path, [str(schema)]


SHAPES = {"attributes": (attributes, 1000), "attributes-line": (attributes_line, 5000),
          "rnc-alternatives": (rnc_alternatives, 5000), "define-chain": (define_chain, 5000)}


def measure(make, n: int, runs: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds of validate_paths on the input of size n; its errors."""
    with tempfile.TemporaryDirectory() as folder:
        doc, schemas = make(n, Path(folder))
        env = {**os.environ, "APOSTILLA_CACHE_DIR": ""}
        results = []
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", _CHILD, str(doc), json.dumps(schemas)],
                                 capture_output=True, text=True, env=env, check=True)
            results.append(json.loads(out.stdout))
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
            results[0][2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (medians)")
    parser.add_argument("--base", type=int, help="the 1x size (default: per shape)")
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES),
                        help="shapes to run (default: all)")
    args = parser.parse_args()
    lines = [f"Machine: {os.cpu_count()} cores; medians of {args.runs} runs, each a new "
             "process timing validate_paths() alone.", "",
             "| shape | size | errors | wall s | CPU s | CPU vs previous | exponent |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name in args.shape or SHAPES:
        make, base = SHAPES[name]
        previous = None
        for factor in (1, 2, 4, 8):
            n = (args.base or base) * factor
            wall, cpu, errors = measure(make, n, args.runs)
            ratio = f"{cpu / previous:.2f}x" if previous else ""
            exponent = f"{math.log2(cpu / previous):.2f}" if previous else ""
            lines.append(f"| {name} | {n:,} | {errors:,} | {wall:.2f} | {cpu:.2f} | {ratio} "
                         f"| {exponent} |")
            print(lines[-1], flush=True)
            previous = cpu
    load = os.getloadavg()[0]
    lines.append("")
    lines.append(f"Load at the end: {load:.1f}.")
    table = "\n".join(lines)
    print(table)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "hostile_bench.md").write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
