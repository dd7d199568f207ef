"""How fast `apostilla suggest` reads a document: 1x, 2x, 4x and 8x a base size, and the command on 1 MB.

Run from the repository root with the Python that has apostilla installed:

    python benchmarks/suggest_bench.py [--base-kb 128] [--runs 3]

The documents are news paragraphs (the seed article, the demo sample and the held-out Spanish text
of tests/annotations/data/suggest, with their figures and dates varied by a seeded random source),
with the three registers and nothing tagged, so every quote, name, date and figure is to suggest.
For each size it times, in one process, the reading of the file (parse and text view: what every
command pays, the reference here), `suggest` (every kind) and the batch lines, and prints their
ratio to the reading and to the smallest size. Target (issue 16): 1 MB in under 2 s; time linear.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "annotations" / "data" / "suggest"


def paragraphs() -> tuple[list[str], list[list]]:
    """The paragraphs of the three gold texts, and their registers."""
    texts, register = [], []
    for name in ("seed", "heldout"):
        gold = json.loads((DATA / f"{name}-gold.json").read_text(encoding="utf-8"))
        text = (DATA / gold["text"]).read_text(encoding="utf-8")
        texts += [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
        register += gold["register"]
    sample = ROOT / "cli" / "sample"
    texts += [p.strip() for p in (sample / "brief.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]
    for line in (sample / "batch.jsonl").read_text(encoding="utf-8").splitlines():
        if line.startswith("{") and json.loads(line)["op"] == "entity add":
            op = json.loads(line)
            register.append([op["id"], op["type"], op["name"], op.get("aliases", []), op.get("role")])
    seen, unique = set(), []
    for entry in register:  # the same id in two registers: keep the first
        if entry[0] not in seen:
            seen.add(entry[0])
            unique.append(entry)
    return texts, unique


def make_text(size: int, rng: random.Random, texts: list[str]) -> str:
    """About size characters of paragraphs, with their numbers varied."""
    out, total = [], 0
    while total < size:
        para = rng.choice(texts)
        para = re.sub(r"\b\d{1,2}(?=,\d{3}\b)", lambda m: str(rng.randint(1, 99)), para)
        out.append(para)
        total += len(para) + 2
    return "\n\n".join(out) + "\n"


def make_document(folder: Path, size: int, seed: int = 16) -> Path:
    from apostilla.annotations.apply import apply as apply_batch
    from apostilla.annotations.newdoc import new_document

    texts, register = paragraphs()
    source = folder / f"news-{size}.txt"
    source.write_text(make_text(size, random.Random(seed), texts), encoding="utf-8")
    doc = folder / f"news-{size}.xml"
    new_document(source, doc, title="News", lang="en", force=True)
    batch = folder / "register.jsonl"
    batch.write_text("\n".join(json.dumps({"op": "entity add", "id": i, "type": t, "name": n, "aliases": a,
                                           **({"role": r} if r else {})}, ensure_ascii=False)
                               for i, t, n, a, r in register) + "\n", encoding="utf-8")
    apply_batch(doc, batch)
    return doc


def best_of(runs: int, fn) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def measure(doc: Path, runs: int) -> dict:
    from apostilla.annotations.document import TeiDocument
    from apostilla.annotations.suggest import batch_lines, suggest

    def load():
        d = TeiDocument.load(doc)
        d.view  # noqa: B018 - the text view is part of reading
        return d

    read, _ = best_of(runs, load)
    propose, found = best_of(runs, lambda: suggest(load()))
    lines, _ = best_of(runs, lambda: batch_lines(load(), found))  # the lines alone, on a fresh document
    return {"read": read, "suggest": propose, "batch": max(lines - read, 0.0), "count": len(found)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-kb", type=int, default=128)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from apostilla.annotations.suggest.language import detector_available

    print(f"language detector: {'lingua' if detector_available() else 'word list (lingua not installed)'}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        from apostilla.annotations.suggest.language import guess
        guess("warm up", ("en", "es"), "en")  # lingua loads its models once per process
        rows = []
        for factor in (1, 2, 4, 8):
            doc = make_document(folder, args.base_kb * 1024 * factor)
            text_kb = len((folder / f"news-{args.base_kb * 1024 * factor}.txt").read_text(encoding="utf-8")) / 1024
            rows.append((factor, text_kb, measure(doc, args.runs)))
        first = rows[0][2]["suggest"]
        print(f"{'size':>5} {'text KB':>8} {'suggestions':>11} {'read s':>7} {'suggest s':>9} {'batch s':>8} "
              f"{'÷ read':>7} {'÷ 1x':>6}")
        for factor, kb, r in rows:
            print(f"{factor:>4}x {kb:8.0f} {r['count']:>11} {r['read']:7.3f} {r['suggest']:9.3f} {r['batch']:8.3f} "
                  f"{r['suggest'] / r['read']:7.1f} {r['suggest'] / first:6.2f}")
        one_mb = make_document(folder, 1024 * 1024, seed=1)
        exe = str(Path(sys.executable).with_name("apostilla"))
        for fmt in ("json", "batch"):
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                proc = subprocess.run([exe, "suggest", str(one_mb), "--format", fmt], capture_output=True, text=True)
                times.append(time.perf_counter() - start)
                assert proc.returncode == 0, proc.stderr
            print(f"`apostilla suggest` on 1 MB, --format {fmt}: best {min(times):.2f} s of {args.runs} (the whole "
                  f"command: start-up, reading, language models, output)")
        print(f"load average while measuring: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
              f"on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
