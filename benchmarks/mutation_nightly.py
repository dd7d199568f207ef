"""Mutation testing: do the tests notice when the code is wrong? A seeded sample of mutants, run.

Needs the `mutation` extra (cosmic-ray): pip install -e '.[test,mutation]'. Run from the
repository root:

    python benchmarks/mutation_nightly.py [--sample 40] [--seed 13] [--jobs 2] [--modules select,files]
        [--without tests/annotations/test_graphemes.py,...] [--tests-from REV]

For each module below, cosmic-ray's operators list every mutant (an operator changed, a
comparison turned, a constant replaced, a condition negated...); --sample of them per module are
drawn with --seed, applied one at a time to a copy of the source (the working tree is never
touched) and that module's tests run on it. A mutant is killed when a test fails (or the run
passes its time limit). Prints killed/total per module and every survivor with its change;
exits 1 when fewer than 90% are killed. --without leaves test files out; --tests-from REV runs the
tests of an older revision on the code of today: what the newer tests add.
"""
from __future__ import annotations

import argparse
import difflib
import os
import queue
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("annotations", "cli", "common", "exports", "schemas")
# The modules under test, and the tests that speak for each (the slow outside tools left out).
MODULES: dict[str, tuple[str, list[str]]] = {
    "select": ("annotations/select.py", ["tests/annotations/test_selecting.py", "tests/annotations/test_finding_names.py",
                                         "tests/annotations/test_refusals.py", "tests/annotations/test_graphemes.py"]),
    "textview": ("annotations/textview.py", ["tests/annotations/test_textview.py", "tests/annotations/test_selecting.py",
                                             "tests/annotations/test_show.py", "tests/annotations/test_nesting.py"]),
    "files": ("common/files.py", ["tests/common", "tests/reliability/test_output_paths.py",
                                  "tests/reliability/test_fuzz_findings.py"]),
    "messages": ("schemas/messages.py", ["tests/schemas/test_messages.py", "tests/schemas/test_user_schemas.py",
                                         "tests/schemas/test_finding_messages.py"]),
    "render": ("exports/docx/render.py", ["tests/exports/docx/test_docx.py", "tests/exports/docx/test_render.py"]),
}
TARGET = 0.90


def workspace(base: Path, without: set[str], tests_from: str | None = None) -> Path:
    """A copy of the project that imports as `apostilla` from itself, with ../shared beside it;
    its tests as they were at the git revision `tests_from` when given."""
    repo = base / "repo"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for name in (*PACKAGES, "tests", "docs"):
        shutil.copytree(ROOT / name, repo / name, ignore=ignore)
    if tests_from:
        shutil.rmtree(repo / "tests")
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", tests_from, "tests"], capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(repo)], input=archive, check=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, repo / name)
    for name in without:
        (repo / name).unlink(missing_ok=True)
    shim = repo / "_import" / "apostilla"
    shim.mkdir(parents=True)
    for name in PACKAGES:
        (shim / name).symlink_to(repo / name)
    shared = (ROOT.parent / "shared").resolve()
    if shared.exists():
        (base / "shared").symlink_to(shared)
    return repo


def environment(repo: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}  # a missing outside tool skips here
    env.update(PYTHONPATH=str(repo / "_import"), PYTHONDONTWRITEBYTECODE="1", HYPOTHESIS_PROFILE="ci")
    return env


def run_tests(repo: Path, tests: list[str], timeout: float) -> tuple[str, float]:
    """'passed', 'failed' or 'timeout' for the tests that exist in this copy, and the seconds taken."""
    present = [t for t in tests if (repo / t).exists()]
    started = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                               "-k", "not libreoffice and not chromium", *present], cwd=repo,
                              env=environment(repo), capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", timeout
    return ("passed" if proc.returncode == 0 else "failed"), time.monotonic() - started


def mutants(path: Path) -> tuple[list[tuple[str, int]], int]:
    """Every (operator, occurrence) cosmic-ray can apply to the module, but those inside type
    annotations, which are never evaluated (`from __future__ import annotations`): no test can
    tell them from the original. Also how many of those were left out."""
    from cosmic_ray.ast import ast_nodes, get_ast_from_path
    from cosmic_ray.plugins import get_operator, operator_names

    tree = get_ast_from_path(path)
    hints = _annotation_spans(path)
    found, equivalent = [], 0
    for name in operator_names():
        operator_class = get_operator(name)
        if operator_class.arguments():
            continue
        operator = operator_class()
        positions = [start for node in ast_nodes(tree) for start, _ in operator.mutation_positions(node)]
        for occurrence, start in enumerate(positions):
            if any(a <= tuple(start) < b for a, b in hints):
                equivalent += 1
            else:
                found.append((name, occurrence))
    return found, equivalent


def _annotation_spans(path: Path) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) as (line, column) of every type annotation in the module."""
    import ast

    spans = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        hints = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            hints = [a.annotation for a in (*args.posonlyargs, *args.args, *args.kwonlyargs,
                                            args.vararg, args.kwarg) if a is not None] + [node.returns]
        elif isinstance(node, ast.AnnAssign):
            hints = [node.annotation]
        spans += [((h.lineno, h.col_offset), (h.end_lineno, h.end_col_offset)) for h in hints if h is not None]
    return spans


def try_mutant(copies: queue.Queue, module: str, tests: list[str], name: str, occurrence: int, timeout: float):
    """Apply one mutant to a free copy, run the tests, put the code back. (outcome, change)."""
    repo = copies.get()
    try:
        return _try_in(repo, module, tests, name, occurrence, timeout)
    finally:
        copies.put(repo)


def _try_in(repo: Path, module: str, tests: list[str], name: str, occurrence: int, timeout: float):
    from cosmic_ray.mutating import use_mutation
    from cosmic_ray.plugins import get_operator

    with use_mutation(repo / module, get_operator(name)(), occurrence) as (original, mutated):
        if mutated is None:
            return "no mutant", ""
        change = "".join(line for line in difflib.unified_diff(
            original.splitlines(True), mutated.splitlines(True), n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---"))
        outcome, _ = run_tests(repo, tests, timeout)
    return ("survived" if outcome == "passed" else "killed"), change.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=40, help="mutants per module")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--jobs", type=int, default=2, help="mutants tried at once (each in its own copy)")
    parser.add_argument("--modules", default="", help=f"comma-separated, of {', '.join(MODULES)}")
    parser.add_argument("--without", default="", help="test files to leave out, comma-separated")
    parser.add_argument("--tests-from", help="run the tests as they were at this git revision (a 'before')")
    args = parser.parse_args()
    chosen = [m for m in args.modules.split(",") if m] or list(MODULES)
    without = {w for w in args.without.split(",") if w}
    base = Path(tempfile.mkdtemp(prefix="apostilla-mutation-"))
    copies = [workspace(base / f"copy{i}", without, args.tests_from) for i in range(args.jobs)]
    started = time.monotonic()
    totals = [0, 0]
    try:
        for key in chosen:
            module, tests = MODULES[key]
            outcome, seconds = run_tests(copies[0], tests, 600)
            if outcome != "passed":
                print(f"{key}: the tests fail without any mutant; fix them first")
                sys.exit(2)
            everything, equivalent = mutants(copies[0] / module)
            # One generator per module: a module's sample is the same whichever others run.
            rng = random.Random(f"{args.seed}:{module}")
            sample = sorted(rng.sample(everything, min(args.sample, len(everything))), key=lambda m: (m[0], m[1]))
            timeout = max(60.0, 5 * seconds)
            free: queue.Queue = queue.Queue()
            for copy in copies:  # a copy holds one mutant at a time
                free.put(copy)
            with ThreadPoolExecutor(args.jobs) as pool:
                jobs = [pool.submit(try_mutant, free, module, tests, name, occ, timeout) for name, occ in sample]
                results = [job.result() for job in jobs]
            tried = [(m, r) for m, r in zip(sample, results) if r[0] != "no mutant"]
            killed = sum(1 for _, r in tried if r[0] == "killed")
            totals[0] += killed
            totals[1] += len(tried)
            print(f"{module}: {killed}/{len(tried)} killed ({killed / max(1, len(tried)):.0%}), a sample of "
                  f"{len(everything)} mutants ({equivalent} more in type annotations left out); tests take "
                  f"{seconds:.1f} s", flush=True)
            for (name, occ), (result, change) in tried:
                if result == "survived":
                    print(f"  survived {name.split('/')[-1]} #{occ}:\n    " + change.replace("\n", "\n    "))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    score = totals[0] / max(1, totals[1])
    print(f"\n{totals[0]}/{totals[1]} mutants killed ({score:.1%}) in {time.monotonic() - started:.0f} s "
          f"(seed {args.seed}, {args.sample} per module)")
    sys.exit(0 if score >= TARGET else 1)


if __name__ == "__main__":
    main()
