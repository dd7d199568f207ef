"""`apostilla validate` against tei_all, side by side with jing, in one run (medians and ratios)."""
from __future__ import annotations

#    python benchmarks/validate_bench.py [--runs N] [--corpus-runs N] [--file PATH]
#
# Three cases: one mid-size letter edition in a cold process each time, the
# whole corpus of ../shared/corpus in one call each, and a made-up hostile document: one line
# in which each of N tei_all elements holds each of them once (N x N elements, nearly all of
# them findings), for the cost of messages on a document written without line breaks. jing runs without XInclude, as the corpus's
# verdicts were made (`java -cp ... com.thaiopensource.relaxng.util.Driver`). Runs alternate
# between the tools so that a busy machine slows both alike. The table goes to stdout and to
# benchmarks/out/validate_bench.md.

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
TEI_ALL = CORPUS / "schema" / "tei_all.rng"
LETTER = CORPUS / "arthur-schnitzler__schnitzler-briefe-data" / "data" / "editions" / "L04305.xml"
JARS = ("jing.jar", "xercesImpl.jar")  # as Debian's jing script, minus its XInclude setting


def jing_command() -> list[str]:
    java = shutil.which("java")
    jars = [Path("/usr/share/java") / j for j in JARS]
    if not java or not all(j.exists() for j in jars):
        sys.exit("needs java and Debian's jing jars in /usr/share/java")
    return [java, "-cp", ":".join(map(str, jars)), "com.thaiopensource.relaxng.util.Driver"]


def apostilla_command() -> list[str]:
    exe = Path(sys.executable).with_name("apostilla")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "apostilla.cli.main"]


def timed(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


NO_CACHE = {**os.environ, "APOSTILLA_CACHE_DIR": ""}


def side_by_side(commands: dict[str, list], runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of each command, runs interleaved; a command may end with
    an environment."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for name, command in commands.items():  # warm the disk and the grammar cache first
        timed(*_split(command))
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(timed(*_split(command)))
    return {name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t))
            for name, t in times.items()}


def _split(command: list) -> tuple[list[str], dict | None]:
    if command and isinstance(command[-1], dict):
        return command[:-1], command[-1]
    return command, None


def one_line_document(names: int, folder: Path) -> Path:
    """The hostile case: `names` tei_all elements, each holding every one of them, on one line."""
    from lxml import etree

    rng = "{http://relaxng.org/ns/structure/1.0}"
    tei = "http://www.tei-c.org/ns/1.0"
    schema = etree.parse(str(TEI_ALL))
    found = sorted({e.get("name") for e in schema.iter(rng + "element")
                    if e.get("name") and e.get("ns", tei) == tei})[:names]
    parts = [f'<TEI xmlns="{tei}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
             "<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>"
             "</teiHeader><text><body><div>"]
    inner = "".join(f"<{name}/>" for name in found)
    parts += [f"<{name}>{inner}</{name}>" for name in found]
    parts.append("</div></body></text></TEI>")
    path = folder / f"one-line-{names}.xml"
    path.write_text("".join(parts), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="cold single-file runs per tool")
    parser.add_argument("--corpus-runs", type=int, default=3, help="whole-corpus runs per tool")
    parser.add_argument("--file", type=Path, default=LETTER, help="the single file")
    parser.add_argument("--names", type=int, default=150,
                        help="elements in the one-line hostile document (N x N in all)")
    parser.add_argument("--hostile-runs", type=int, default=3, help="runs of the hostile case")
    args = parser.parse_args()
    if not TEI_ALL.exists():
        sys.exit("../shared/corpus is missing")
    jing, apo = jing_command(), apostilla_command()
    schema = ["--schema", str(TEI_ALL)]
    files = sorted(str(p) for p in CORPUS.rglob("*.xml"))

    one = ["validate", *schema, "--no-rules", str(args.file)]
    single = side_by_side({
        "jing": jing + [str(TEI_ALL), str(args.file)],
        "apostilla --no-rules": apo + one,
        "apostilla --no-rules, no grammar cache": apo + one + [NO_CACHE],
        "apostilla, rules on (+ TEI's own Schematron)": apo + ["validate", *schema,
                                                              str(args.file)],
        "apostilla validate --help (the command-line floor)": apo + ["validate", "--help"],
    }, args.runs)
    corpus = side_by_side({
        "jing": jing + [str(TEI_ALL), *files],
        "apostilla --no-rules --trust-dtd": apo + ["validate", *schema, "--no-rules",
                                                   "--trust-dtd", str(CORPUS)],
        "apostilla --no-rules --trust-dtd, no grammar cache": apo + [
            "validate", *schema, "--no-rules", "--trust-dtd", str(CORPUS), NO_CACHE],
    }, args.corpus_runs)

    with tempfile.TemporaryDirectory() as folder:
        hostile_file = one_line_document(args.names, Path(folder))
        hostile_size = hostile_file.stat().st_size // 1000
        hostile = side_by_side({
            "jing": jing + [str(TEI_ALL), str(hostile_file)],
            "apostilla --no-rules": apo + ["validate", *schema, "--no-rules", str(hostile_file)],
        }, args.hostile_runs)

    size = args.file.stat().st_size // 1000
    load = os.getloadavg()[0]
    lines = [f"Machine: {os.cpu_count()} cores, load {load:.1f} at the end; medians of "
             f"{args.runs} (one file), {args.corpus_runs} (corpus) and {args.hostile_runs} "
             "(one line) interleaved runs, after one warm-up run each.", "",
             "| case | tool | wall s | wall vs jing | CPU s | CPU vs jing |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    for case, results in ((f"one file, {size} kB, cold process", single),
                          (f"corpus, {len(files)} files, one call", corpus),
                          (f"one line, {args.names}x{args.names} elements, {hostile_size} kB",
                           hostile)):
        wall0, cpu0 = results["jing"]
        for name, (wall, cpu) in results.items():
            lines.append(f"| {case} | {name} | {wall:.2f} | {wall / wall0:.2f}x | {cpu:.2f} "
                         f"| {cpu / cpu0:.2f}x |")
    table = "\n".join(lines)
    print(table)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "validate_bench.md").write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
