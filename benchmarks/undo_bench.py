"""What undo costs: the size of the record each change keeps, the time it adds to a command, and the
time of undo and redo, on ../shared/bench/large.xml and on a batch of 1,000 operations; side by
side with GNU diff and patch making and applying the same reverse patch, and with keeping a full
copy of the file per change.

Run from the repository root with the Python that has apostilla installed:

    python benchmarks/undo_bench.py [--large ../shared/bench/large.xml] [--ops 1000] [--repeat 3]

Times are the best of --repeat runs (the machine is shared and noisy), in process (no start-up).
"Without record" runs the same command with the undo record switched off, in the same process.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from annotate_bench import make_batch, make_document, make_entities

COMMANDS = [  # (label, operation, params) run one after the other on large.xml
    ("entity add", "entity.add", {"id": "formosa", "type": "place", "name": "Formosa"}),
    ("quote add", "quote.add", {"match": "Emperor of JAPAN", "lang": "en", "nth": 1, "id": "q-emperor"}),
    ("gloss add", "gloss.add", {"target": "q-emperor", "lang": "es", "text": "Emperador del Japón"}),
    ("entity tag (812 mentions)", "entity.tag", {"id": "formosa"}),
    ("entity set", "entity.set", {"id": "formosa", "role": "isla", "lang": "es"}),
    ("rename (812 pointers)", "rename", {"old": "formosa", "new": "isla-formosa"}),
]


@contextmanager
def records_off():
    """Commands as they ran before undo records: the <change> only."""
    from apostilla.annotations import records, session

    saved = session._recorded, records.signature

    def plain(edit, description, user, before):
        session.add_change(edit.doc, description, user)
        return edit.doc.to_bytes()

    session._recorded, records.signature = plain, lambda *args: ""
    try:
        yield
    finally:
        session._recorded, records.signature = saved


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def record_sizes(data: bytes) -> tuple[int, int]:
    """Bytes of the newest <change> element and of its undo step, as written in the file."""
    text = data.decode("utf-8")
    change = re.findall(r"<(?:\w+:)?change xml:id=\"[^\"]+\"[^>]*>[^<]*</(?:\w+:)?change>", text)[-1]
    ident = re.search(r'xml:id="([^"]+)"', change).group(1)
    step = re.search(rf'<undo:step change="#{ident}"[^>]*>[^<]*</undo:step>', text).group(0)
    return len(change.encode()), len(step.encode())


def best_of(repeat: int, prepare, function) -> float:
    times = []
    for _ in range(repeat):
        prepare()
        times.append(timed(function))
    return min(times)


def gnu_reverse_patch(old: Path, new: Path, folder: Path) -> tuple[float, int, int, float]:
    """GNU diff making the patch from new back to old, its size (raw, gzip -9), and patch applying it."""
    out = folder / "reverse.diff"
    started = time.perf_counter()
    with out.open("wb") as sink:
        subprocess.run(["diff", "-u", str(new), str(old)], stdout=sink, check=False)
    made = time.perf_counter() - started
    raw = out.read_bytes()
    copy = folder / "patched.xml"
    shutil.copy(new, copy)
    started = time.perf_counter()
    subprocess.run(["patch", "-s", "-o", str(folder / "restored.xml"), str(copy), str(out)], check=True)
    applied = time.perf_counter() - started
    assert (folder / "restored.xml").read_bytes() == old.read_bytes()
    return made, len(raw), len(gzip.compress(raw, 9)), applied


def bench_large(large: Path, folder: Path, repeat: int) -> None:
    from apostilla.annotations.history import redo, undo
    from apostilla.annotations.operations import run

    doc = folder / "large.xml"
    print(f"large.xml ({large.stat().st_size:,} bytes): each command in turn, then undo of it")
    print(f"{'command':<27} {'with':>7} {'without':>8} {'extra':>6} {'change B':>9} {'record B':>9} "
          f"{'undo s':>7} {'redo s':>7}")
    state = large.read_bytes()
    for label, name, params in COMMANDS:
        def prepare() -> None:
            doc.write_bytes(state)

        with_record = best_of(repeat, prepare, lambda: run(doc, name, dict(params)))
        after = doc.read_bytes()
        with records_off():
            without = best_of(repeat, prepare, lambda: run(doc, name, dict(params)))
        doc.write_bytes(after)
        change, record = record_sizes(after)
        undone = best_of(repeat, lambda: doc.write_bytes(after), lambda: undo(doc))
        undone_data = doc.read_bytes()
        redone = best_of(repeat, lambda: doc.write_bytes(undone_data), lambda: redo(doc))
        print(f"{label:<27} {with_record:>7.3f} {without:>8.3f} {with_record - without:>+6.3f} {change:>9,} "
              f"{record:>9,} {undone:>7.3f} {redone:>7.3f}")
        if label.startswith("entity tag"):
            tagged_before, tagged_after = folder / "before-tag.xml", folder / "after-tag.xml"
            tagged_before.write_bytes(state)
            tagged_after.write_bytes(after)
        state = after
    doc.write_bytes(state)
    steps = len(COMMANDS)
    undo_all = best_of(repeat, lambda: doc.write_bytes(state), lambda: undo(doc, steps=steps))
    print(f"undo --steps {steps} (all of them): {undo_all:.3f} s; the file grew by "
          f"{len(state) - large.stat().st_size:,} bytes over the {steps} commands")
    ours = best_of(repeat, lambda: None, lambda: _our_patch(tagged_before, tagged_after))
    applied_ours = best_of(repeat, lambda: None, lambda: _apply_ours(tagged_before, tagged_after))
    made, raw, packed, applied = gnu_reverse_patch(tagged_before, tagged_after, folder)
    size = len(_our_patch(tagged_before, tagged_after))
    print("\nreverse patch of the tagging (812 mentions), side by side:")
    print(f"  apostilla: made in {ours:.3f} s, {size:,} bytes (deflated, base64), applied in {applied_ours:.3f} s")
    print(f"  GNU diff -u: made in {made:.3f} s ({made / ours:.1f}x), {raw:,} bytes ({packed:,} with gzip -9: "
          f"{packed / size:.0f}x ours); patch applies it in {applied:.3f} s ({applied / applied_ours:.1f}x)")
    print(f"  a full copy per change: {tagged_before.stat().st_size:,} bytes "
          f"({len(gzip.compress(tagged_before.read_bytes(), 9)):,} gzip -9)")


def _our_patch(old: Path, new: Path) -> str:
    from apostilla.annotations.patch import reverse_patch

    return reverse_patch(old.read_bytes(), new.read_bytes())


def _apply_ours(old: Path, new: Path) -> None:
    from apostilla.annotations.patch import apply_patch

    assert apply_patch(new.read_bytes(), _our_patch(old, new)) == old.read_bytes()


def bench_batch(folder: Path, total: int, repeat: int) -> None:
    from apostilla.annotations.apply import apply as apply_batch
    from apostilla.annotations.history import redo, undo

    rng = random.Random(2026)
    entities = make_entities(1000, rng)
    data, paragraphs = make_document(1.0, entities, seed=1000)
    ops = make_batch(entities, paragraphs, total)
    batch = folder / "batch.jsonl"
    batch.write_text("".join(json.dumps(op, ensure_ascii=False) + "\n" for op in ops), encoding="utf-8")
    doc = folder / "batch.xml"

    def prepare() -> None:
        doc.write_bytes(data)

    with_record = best_of(repeat, prepare, lambda: apply_batch(doc, batch, by="Benchmark"))
    after = doc.read_bytes()
    with records_off():
        without = best_of(repeat, prepare, lambda: apply_batch(doc, batch, by="Benchmark"))
    change, record = record_sizes(after)
    undone = best_of(repeat, lambda: doc.write_bytes(after), lambda: undo(doc))
    undone_data = doc.read_bytes()
    redone = best_of(repeat, lambda: doc.write_bytes(undone_data), lambda: redo(doc))
    grown = len(after) - len(data)
    print(f"\napply: {len(ops):,} operations on {len(data) / 1e6:.2f} MB; the file grew by {grown:,} bytes")
    print(f"  apply with the record {with_record:.3f} s, without {without:.3f} s ({with_record - without:+.3f} s)")
    print(f"  its <change> {change:,} bytes, its undo record {record:,} bytes "
          f"({record / grown:.1%} of what the batch added)")
    print(f"  undo {undone:.3f} s (the undo's own record, kept for redo: {record_sizes(undone_data)[1]:,} bytes); "
          f"redo {redone:.3f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" /
                        "bench" / "large.xml")
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="apostilla-undo-"))
    try:
        bench_large(args.large, folder, args.repeat)
        bench_batch(folder, args.ops, args.repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
