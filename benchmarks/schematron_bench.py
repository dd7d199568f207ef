"""tei_all's grammar and its 152 Schematron constraints, side by side with jing, in one run."""
from __future__ import annotations

#    python benchmarks/schematron_bench.py [--runs N] [--corpus-runs N] [--sizes 1,2,4,8]
#
# Four measures, each a table on stdout and in benchmarks/out/schematron_bench.md:
# 1. one file in a cold process: jing (grammar only) beside apostilla with the grammar alone
#    and with every constraint (tei_all's embedded Schematron and apostilla's rules);
# 2. the corpus (../shared/corpus, 916 files) in one call each, the same three;
# 3. cost against size: ../shared/bench/large.xml repeated 1, 2, 4 and 8 times, checked in a
#    cold process by jing and by apostilla with every constraint, and in this process by the
#    Schematron engine alone (CPU seconds);
# 4. two routes for the constraints: apostilla's engine (elementpath, with lxml where XPath
#    1.0 means the same) and Saxon running the same rules as XSLT (saxonche, as the tests'
#    second opinion does): CPU seconds on the corpus and verdicts on SchXslt's 23 cases.

import argparse
import copy
import os
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from validate_bench import (CORPUS, LETTER, ROOT, SHARED, TEI_ALL, apostilla_command,  # noqa: E402
                            jing_command, side_by_side)

LARGE = SHARED / "bench" / "large.xml"
CASES = SHARED / "schematron" / "schxslt-testcases"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def table(title: str, results: dict, note: str = "") -> list[str]:
    wall0, cpu0 = results["jing"]
    lines = [f"### {title}", "", note, "", "| tool | wall s | wall vs jing | CPU s | CPU vs jing |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for name, (wall, cpu) in results.items():
        lines.append(f"| {name} | {wall:.2f} | {wall / wall0:.2f}x | {cpu:.2f} | "
                     f"{cpu / cpu0:.2f}x |")
    return lines + [""]


def repeated(times: int, folder: Path) -> Path:
    """large.xml with its body's divisions repeated `times` times, ids made unique (else the
    grammar's messages for thousands of duplicate ids would be what is measured)."""
    tree = etree.parse(str(LARGE))
    body = tree.getroot().find(f"{TEI}text/{TEI}body")
    divs = list(body)
    for k in range(1, times):
        for div in divs:
            twin = copy.deepcopy(div)
            for el in twin.iter():
                if el.get(XML_ID) is not None:
                    el.set(XML_ID, f"{el.get(XML_ID)}-{k}")
            body.append(twin)
    path = folder / f"large-x{times}.xml"
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path


def engine_seconds(paths: list[Path], trust_dtd: bool) -> tuple[float, int, int]:
    """CPU seconds of apostilla's Schematron engine alone on the files (tei_all's 152
    constraints), and the numbers of documents and findings."""
    from apostilla.schemas.parsing import Document, read_document
    from apostilla.schemas.schematron import load_embedded

    schema = load_embedded(TEI_ALL.read_bytes(), TEI_ALL.parent, "tei_all")
    docs = [d for p in paths if isinstance(d := read_document(p, str(p), trust_dtd), Document)]
    start = time.process_time()
    findings = sum(len(schema.check(d)) for d in docs)
    return time.process_time() - start, len(docs), findings


def saxon_seconds(paths: list[Path]) -> tuple[float, int]:
    """The same with Saxon running the rules as XSLT (the tests' second opinion)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from schemas.saxon_oracle import Oracle

    from apostilla.schemas.parsing import Document, read_document
    from apostilla.schemas.schematron import load_embedded

    schema = load_embedded(TEI_ALL.read_bytes(), TEI_ALL.parent, "tei_all")
    docs = [d for p in paths if isinstance(d := read_document(p, str(p), True), Document)]
    start = time.process_time()
    oracle = Oracle(schema.model)
    findings = sum(len(oracle.failures(d.tree)) for d in docs)
    return time.process_time() - start, findings


def conformance() -> dict[str, tuple[int, int, list]]:
    """Right verdicts out of the schema runs of SchXslt's cases, for each route, and the
    cases each got wrong."""
    sys.path.insert(0, str(ROOT / "tests"))
    from schemas.saxon_oracle import Oracle
    from schemas.test_schematron_conformance import PHASES, TESTCASE, run_case, schema_runs

    from apostilla.common.errors import BadInput
    from apostilla.schemas.parsing import read_document
    from apostilla.schemas.schematron import load_file

    right = {"apostilla (elementpath + lxml)": 0, "Saxon (the rules as XSLT)": 0}
    wrong: dict[str, list] = {name: [] for name in right}
    runs = schema_runs()
    with tempfile.TemporaryDirectory() as tmp:
        for n, (case, index) in enumerate(runs):
            folder = Path(tmp) / str(n)
            folder.mkdir()
            expected = etree.parse(str(case)).getroot().get("expect")
            ours = run_case(case, index, folder)[0]
            right["apostilla (elementpath + lxml)"] += ours == expected
            if ours != expected:
                wrong["apostilla (elementpath + lxml)"].append(f"{case.stem}#{index}")
            try:
                schema = load_file(folder / "schema.sch", "s", PHASES.get(case.name))
                oracle = Oracle(schema.model)
                root = etree.parse(str(case)).getroot()
                names = [d.get("filename") for d in root.find(TESTCASE + "documents")]
                failing = any(oracle.failures(read_document(folder / name, name, False).tree)
                              for name in names if not name.endswith(".sch"))
                verdict = "invalid" if failing else "valid"
            except BadInput:
                verdict = "error"
            except Exception:  # noqa: BLE001 - Saxon refusing the stylesheet: an error
                verdict = "error"
            right["Saxon (the rules as XSLT)"] += verdict == expected
            if verdict != expected:
                wrong["Saxon (the rules as XSLT)"].append(f"{case.stem}#{index}: {verdict}")
    return {k: (v, len(runs), wrong[k]) for k, v in right.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="cold single-file runs per tool")
    parser.add_argument("--corpus-runs", type=int, default=3, help="whole-corpus runs")
    parser.add_argument("--sizes", default="1,2,4,8", help="multiples of large.xml")
    parser.add_argument("--size-runs", type=int, default=3, help="runs per size")
    parser.add_argument("--cases", default="single,corpus,sizes,routes",
                        help="which measures to run (comma-separated)")
    args = parser.parse_args()
    cases = set(args.cases.split(","))
    jing, apo = jing_command(), apostilla_command()
    schema = ["--schema", str(TEI_ALL)]
    files = sorted(str(p) for p in CORPUS.rglob("*.xml"))
    lines = [f"Machine: {os.cpu_count()} cores; medians of interleaved runs after a warm-up.", ""]

    single = {} if "single" not in cases else side_by_side({
        "jing": jing + [str(TEI_ALL), str(LETTER)],
        "apostilla, grammar only (--no-rules)": apo + ["validate", *schema, "--no-rules",
                                                       str(LETTER)],
        "apostilla, grammar + 152 constraints (--no-integrity)": apo + [
            "validate", *schema, "--no-integrity", str(LETTER)],
        "apostilla, grammar + 152 constraints + integrity rules": apo + [
            "validate", *schema, str(LETTER)],
        "apostilla validate --help (the command-line floor)": apo + ["validate", "--help"],
    }, args.runs)
    if single:
        lines += table(f"One file, cold process ({LETTER.name}, "
                       f"{LETTER.stat().st_size // 1000} kB)", single)

    corpus = {} if "corpus" not in cases else side_by_side({
        "jing": jing + [str(TEI_ALL), *files],
        "apostilla, grammar only (--no-rules --trust-dtd)": apo + [
            "validate", *schema, "--no-rules", "--trust-dtd", str(CORPUS)],
        "apostilla, grammar + 152 constraints (--no-integrity --trust-dtd)": apo + [
            "validate", *schema, "--no-integrity", "--trust-dtd", str(CORPUS)],
        "apostilla, grammar + 152 constraints + integrity rules (--trust-dtd)": apo + [
            "validate", *schema, "--trust-dtd", str(CORPUS)],
    }, args.corpus_runs)
    if corpus:
        lines += table(f"Corpus, {len(files)} files, one call each", corpus)

    sizes = [int(s) for s in args.sizes.split(",")] if "sizes" in cases else []
    if sizes:
        lines += ["### Cost against size (large.xml repeated)", "",
                  "| size | kB | jing wall s | apostilla wall s (all constraints) | vs jing "
                  "| engine alone, CPU s | findings |", "| ---: | ---: | ---: | ---: | ---: "
                  "| ---: | ---: |"]
    with tempfile.TemporaryDirectory() as tmp:
        for k in sizes:
            path = repeated(k, Path(tmp))
            cold = side_by_side({"jing": jing + [str(TEI_ALL), str(path)],
                                 "apostilla": apo + ["validate", *schema, str(path)]},
                                args.size_runs)
            cpu, _, found = engine_seconds([path], False)
            lines.append(f"| {k}x | {path.stat().st_size // 1000} | {cold['jing'][0]:.2f} | "
                         f"{cold['apostilla'][0]:.2f} | "
                         f"{cold['apostilla'][0] / cold['jing'][0]:.2f}x | {cpu:.2f} | "
                         f"{found} |")
    lines.append("")
    if "routes" in cases:
        lines += routes([Path(f) for f in files])
    lines.append(f"Load at the end: {os.getloadavg()[0]:.1f}.")
    text = "\n".join(lines)
    print(text)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "schematron_bench.md").write_text(text + "\n", encoding="utf-8")


def routes(paths: list[Path]) -> list[str]:
    """The table comparing the two routes."""
    ours, docs, found_ours = engine_seconds(paths, True)
    theirs, found_theirs = saxon_seconds(paths)
    verdicts = conformance()
    lines = ["### Two routes for the constraints", "",
             "| route | corpus: CPU s for 152 constraints x "
             f"{docs} files | failing checks found | SchXslt cases right |",
             "| --- | ---: | ---: | ---: |",
             f"| apostilla (elementpath + lxml) | {ours:.2f} | {found_ours} | "
             f"{'%d/%d' % verdicts['apostilla (elementpath + lxml)'][:2]} |",
             f"| Saxon (the rules as XSLT) | {theirs:.2f} | {found_theirs} | "
             f"{'%d/%d' % verdicts['Saxon (the rules as XSLT)'][:2]} |", ""]
    for route, (_, _, cases) in verdicts.items():
        lines.append(f"Wrong with {route}: {', '.join(cases) or 'none'}.")
    return lines + [""]


if __name__ == "__main__":
    main()
