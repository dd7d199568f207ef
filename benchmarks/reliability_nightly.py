"""The long reliability run: many more random examples and kills than CI, and the corpus round trip.

Run from the repository root with the Python that has apostilla installed (and the test extras):

    python benchmarks/reliability_nightly.py [--examples 5000] [--kills 2000] [--large-kills 200]
        [--cli-kills 200] [--rounds 40] [--skip property,crash,concurrency,corpus] [--keep DIR]

It drives the same checks as tests/reliability (the property of properties.py, the kill loops of
crashes.py, the round trip of roundtrip.py), prints what it ran and what it saw, and exits
with 1 when a guarantee broke (each part runs even if an earlier one broke). docs/reliability.md
quotes its figures.
"""
from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
# Provenance dates must not move during a run: the crash checks compare whole files.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767787200")
os.environ.setdefault("APOSTILLA_USER", "Nightly Run")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from reliability.crashes import REQUESTS, kill_cli, kill_in_fork, story  # noqa: E402
from reliability.docgen import documents  # noqa: E402
from reliability.properties import Tally, check_sequence  # noqa: E402
from reliability.roundtrip import corpus_files, round_trip, summarize  # noqa: E402


CHUNK = 500  # examples per search: a failing search is reported and the next one still runs


def property_run(folder: Path, examples: int, samples: int) -> None:
    tally = Tally()
    counter = itertools.count()
    sample_dir = folder / "samples"
    sample_dir.mkdir()

    # No shrinking: a failure is printed as found (with a blob to replay it) and the run goes on.
    @settings(max_examples=CHUNK, deadline=None, database=None, suppress_health_check=list(HealthCheck),
              phases=[Phase.generate], print_blob=True)
    @given(original=documents(), data=st.data(), steps=st.integers(3, 25))
    def one_document(original, data, steps):
        number = next(counter)
        annotated = check_sequence(original, data.draw, folder / f"doc{number % 50}.xml", tally, steps)
        if number < samples:
            (sample_dir / f"doc{number}.xml").write_bytes(annotated)

    started = time.monotonic()
    failures = []
    for _ in range(max(1, examples // CHUNK)):
        try:
            one_document()
        except Exception as error:  # noqa: BLE001 - the search stops at its first failure
            failures.append(f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
            print(f"  property BROKEN after {tally.counts['examples']} documents: {failures[-1]}", flush=True)
    print(f"property: {tally.line()} in {time.monotonic() - started:.0f} s; "
          f"{len(failures)} of {max(1, examples // CHUNK)} searches of {CHUNK} found a failure")
    refusals = {k[8:]: v for k, v in tally.counts.items() if k.startswith("refused ")}
    print(f"  refused by kind: {refusals}")
    files = sorted(sample_dir.iterdir())
    jing = shutil.which("jing")
    schema = ROOT.parent / "shared" / "corpus" / "schema" / "tei_all.rng"
    if jing and schema.exists():
        proc = subprocess.run([jing, str(schema), *map(str, files)], capture_output=True, text=True)
        print(f"  tei_all (jing): {len(files)} annotated documents, "
              f"{'all valid' if proc.returncode == 0 else 'INVALID: ' + proc.stdout[:2000]}")
        assert proc.returncode == 0, "annotated documents are not valid for tei_all"
    else:
        print("  tei_all (jing): not checked (jing or ../shared missing)")
    from apostilla.schemas import validate_paths

    report = validate_paths(files)
    print(f"  apostilla profile: {report.summary_line()}")
    assert report.valid, "annotated documents are not valid for apostilla's profile"
    assert not failures, f"{len(failures)} failing examples (printed above)"


def crash_run(folder: Path, kills: int, large_kills: int, cli_kills: int) -> None:
    started = time.monotonic()
    small = kill_in_fork(folder / "small", story(12), REQUESTS, kills, random.Random())
    large_doc = story(2000, repeat=35)
    large = kill_in_fork(folder / "large", large_doc,
                         [["entity.add", {"id": "ana", "type": "person", "name": "Ana Ruiz"}],
                          ["remove", {"id": "ana"}]], large_kills, random.Random())
    versions = [folder / "large" / "old.xml", folder / "large" / "new.xml"]
    versions[0].write_bytes(large_doc)
    versions[1].write_bytes(large_doc.replace(b"Quito", b"Lima!"))
    large.update(kill_in_fork(folder / "large", large_doc, [["save", {"from": str(versions[1])}],
                                                            ["save", {"from": str(versions[0])}]],
                              large_kills, random.Random()))
    cli = kill_cli(folder / "cli", story(12), cli_kills, random.Random())
    print(f"crash: {sum(t['killed'] for t in (small, large, cli))} SIGKILLs landed before the work ended, "
          f"in {time.monotonic() - started:.0f} s; every time the file was a whole old or new version")
    for name, tally in (("series of edits", small), ("10 MB requests and saves", large), ("command", cli)):
        versions = {k: v for k, v in sorted(tally.items()) if k.startswith("version")}
        print(f"  {name}: killed {tally['killed']}, finished first {tally['finished first']}, "
              f"mid-save (temp file left, removed by the next save) {tally['temp files left']}, {versions}")


def concurrency_run(folder: Path, rounds: int) -> None:
    from reliability.test_concurrency import document, landed, requests_of, run_worker

    for workers in (2, 4):
        where = folder / f"w{workers}"
        where.mkdir()
        doc = document(where, workers, rounds)
        start = Barrier(workers)
        with ThreadPoolExecutor(workers) as pool:
            batches = list(pool.map(lambda w: run_worker(doc, requests_of(w, rounds), start), range(workers)))
        results = [r for batch in batches for r in batch]
        codes = Counter(code for _, code, _ in results)
        succeeded = {key for key, code, _ in results if code == 0}
        lost = succeeded ^ landed(doc)
        print(f"concurrency, {workers} processes: {len(results)} commands, exit codes {dict(codes)}, "
              f"{'nothing lost' if not lost else 'LOST: ' + str(sorted(lost))}")
        for key, code, stderr in results:
            if code not in (0, 4):
                print(f"  {key}: exit {code}: {stderr.strip()}")
        assert not lost and set(codes) <= {0, 4}, "a command failed otherwise than with exit 4, or an update was lost"


def corpus_run() -> None:
    corpus = ROOT.parent / "shared" / "corpus"
    if not corpus.exists():
        print("corpus: ../shared/corpus missing, not run")
        return
    started = time.monotonic()
    outcomes = [round_trip(path.read_bytes(), str(path.relative_to(corpus))) for path in corpus_files(corpus)]
    counts = summarize(outcomes)
    print(f"corpus round trip: {len(outcomes)} files in {time.monotonic() - started:.0f} s: {dict(counts)}")
    print(f"  a mention tagged in the body: {sum(1 for o in outcomes if o.tagged)}; register only (no word of "
          f"the body could be tagged): {sum(1 for o in outcomes if o.verdict != 'refused' and not o.tagged)}")
    for why, n in Counter(o.detail for o in outcomes if o.verdict == "refused").most_common():
        print(f"  refused {n}: {why}")
    for outcome in outcomes:
        if outcome.verdict in ("canonical", "differ"):
            print(f"  CHANGED: {outcome.path}")
    assert not counts["canonical"] and not counts["differ"], "the round trip changed corpus files"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--samples", type=int, default=500, help="annotated documents validated at the end")
    parser.add_argument("--kills", type=int, default=2000)
    parser.add_argument("--large-kills", type=int, default=200)
    parser.add_argument("--cli-kills", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=40, help="commands per process in the concurrency run")
    parser.add_argument("--skip", default="", help="comma-separated: property, crash, concurrency, corpus")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="apostilla-nightly-"))
    folder.mkdir(parents=True, exist_ok=True)
    for part in ("small", "large", "cli", "property"):
        (folder / part).mkdir(exist_ok=True)
    parts = {"property": lambda: property_run(folder / "property", args.examples, args.samples),
             "crash": lambda: crash_run(folder, args.kills, args.large_kills, args.cli_kills),
             "concurrency": lambda: concurrency_run(folder, args.rounds),
             "corpus": corpus_run}
    broken = []
    try:
        for name, part in parts.items():
            if name in skip:
                continue
            try:
                part()
            except Exception as error:  # report it, then run the other parts
                broken.append(name)
                print(f"{name}: BROKEN: {type(error).__name__}: {error}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    if broken:
        sys.exit(1)


if __name__ == "__main__":
    main()
