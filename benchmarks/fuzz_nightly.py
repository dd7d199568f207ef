"""The long command-line fuzz: many more examples than CI, new ones each run, every command.

Run from the repository root with the Python that has apostilla installed (and the test extras):

    python benchmarks/fuzz_nightly.py [--examples 150] [--parallel 2] [--commands "list,entity add"]
        [--seconds 60] [--keep DIR]

For each command of the app (found in the app, as in CI) it draws `--examples` examples of
`--parallel` runs each with fresh randomness (the "nightly" hypothesis profile), runs them as
processes and checks the contract of tests/reliability/fuzz.py. It prints the counts per command
(runs, accepted, refused, exit codes, slowest run) and every failing run, and exits with 1 when
any run broke the contract. docs/reliability.md quotes its figures.
"""
from __future__ import annotations

import argparse
import itertools
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("APOSTILLA_CACHE_DIR", tempfile.mkdtemp(prefix="apostilla-fuzz-cache-"))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from reliability.fuzz import Tally, commands, invocations, problems, report, run_all  # noqa: E402


def fuzz(words: tuple[str, ...], examples: int, parallel: int, seconds: float, folder: Path, tally: Tally,
         failures: list[str]) -> None:
    """Every example of one command; a failure is recorded and the search goes on."""
    counter = itertools.count()

    @settings(max_examples=examples, deadline=None, database=None, derandomize=False, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(runs=st.lists(invocations(words), min_size=parallel, max_size=parallel))
    def command_lines(runs):
        tally.examples += 1
        where = folder / f"{'-'.join(words)}-{next(counter)}"
        results = run_all(runs, where, seconds)
        broke = False
        for inv, result in zip(runs, results):
            tally.add(inv, result)
            found = problems(inv, result)
            if found:
                broke = True
                failures.append(report(inv, result, found))
                print(f"  FAILED: {failures[-1]}\n", flush=True)
        if not broke:
            shutil.rmtree(where, ignore_errors=True)

    command_lines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=150, help="examples per command")
    parser.add_argument("--parallel", type=int, default=4, help="runs at once in each example")
    parser.add_argument("--commands", default="", help="comma-separated, e.g. 'list,entity add' (default: all)")
    parser.add_argument("--seconds", type=float, default=60, help="time limit of one run")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (failing runs are kept anyway)")
    args = parser.parse_args()
    chosen = [tuple(c.split()) for c in args.commands.split(",") if c.strip()] or commands()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="apostilla-fuzz-"))
    folder.mkdir(parents=True, exist_ok=True)
    tally, failures = Tally(), []
    started = time.monotonic()
    for words in chosen:
        before = len(failures)
        begun = time.monotonic()
        fuzz(words, args.examples, args.parallel, args.seconds, folder, tally, failures)
        print(f"{' '.join(words)}: {tally.runs[' '.join(words)]} runs in {time.monotonic() - begun:.0f} s, "
              f"{len(failures) - before} failing", flush=True)
    print(f"\n{tally.line()} in {time.monotonic() - started:.0f} s; {len(failures)} runs broke the contract\n")
    print(tally.table())
    kinds = Counter(line.split("problems: ")[1].split("\n")[0] for line in failures)
    for kind, count in kinds.most_common():
        print(f"  {count} x {kind}")
    if args.keep is None and not failures:
        shutil.rmtree(folder, ignore_errors=True)
    elif failures:
        print(f"failing runs kept in {folder}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
