"""Benchmark the DOCX memo writer on ../shared/bench/large.xml against plain python-docx.

Run from the repository root, with apostilla installed:

    python benchmarks/export_docx_bench.py [--input FILE] [--repeat N]

For the first 1/4, 1/2 and all of the document's divisions it times building the memo model
(apostilla's reader, as `export docx` does), writing the DOCX from it, and writing the same
memo with python-docx's API one paragraph and one run at a time (no footnotes, language tags
or memo tables: python-docx has no API for the first two, so that baseline does less work).
Peak memory is the high-water mark of a fresh process that builds the memo and writes it.
"""
from __future__ import annotations

import argparse
import gc
import io
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from sizes import cut

from apostilla.exports.memo import model as m

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = ROOT.parent / "shared" / "bench" / "large.xml"
OUT = ROOT / "benchmarks" / "out"
FRACTIONS = (0.25, 0.5, 1.0)

# --------------------------------------------------------------------------- the memo


def build_memo(path: Path):
    """The memo model of a TEI file, in English, as `apostilla export docx` builds it."""
    from apostilla.exports.writers import build
    from apostilla.exports.memo.options import MemoOptions

    return build(path, MemoOptions(lang="en", date="2024-05-14", classification="INTERNAL"))


# --------------------------------------------------------------------------- the naive baseline


def naive_docx(memo: m.Memo) -> bytes:
    """The memo through python-docx's own API: one add_paragraph and one add_run at a time."""
    import docx

    document = docx.Document()
    document.add_paragraph(memo.heading.title, style="Title")
    for label, value in memo.heading.fields:
        document.add_paragraph(f"{label}:\t{value}")
    for title, blocks in ((memo.labels["summary"], memo.summary), (memo.labels["text"], memo.body)):
        document.add_heading(title, 1)
        for block in blocks:
            _naive_block(document, block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _naive_block(document, block: m.Block) -> None:
    if isinstance(block, m.Heading):
        document.add_heading("".join(text for text, _ in _flat(block.children)), min(block.level + 1, 9))
    elif isinstance(block, m.BlockQuote):
        for inner in block.blocks:
            _naive_block(document, inner)
    elif isinstance(block, m.Para):
        paragraph = document.add_paragraph()
        for text, italic in _flat(block.children):
            run = paragraph.add_run(text)
            if italic:
                run.italic = True
    elif isinstance(block, m.BulletList):
        for item in block.items:
            for para in item:
                document.add_paragraph("".join(text for text, _ in _flat(para.children)), style="List Bullet")
    elif isinstance(block, m.Table):
        columns = max(len(row) for row in block.rows)
        table = document.add_table(rows=len(block.rows), cols=columns)
        for row, cells in zip(table.rows, block.rows):
            for cell, blocks in zip(row.cells, cells):
                cell.text = " ".join(text for b in blocks for text, _ in _flat(b.children))


def _flat(items: list[m.Inline], italic: bool = False):
    for item in items:
        if isinstance(item, m.Text):
            yield item.text, italic
        elif isinstance(item, m.NoteRef):
            yield f"[{item.note.number}]", italic
        elif hasattr(item, "children"):
            yield from _flat(item.children, italic or isinstance(item, (m.Emph, m.Quote)))

# --------------------------------------------------------------------------- measuring


def timed(function, *args, repeat: int) -> tuple[float, object]:
    """The median wall time of `repeat` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_mb(path: Path, which: str) -> tuple[float, float]:
    """Peak resident memory, in MB, of a fresh process once it has built the memo, and once
    it has also written it."""
    done = subprocess.run([sys.executable, __file__, "--child", which, "--input", str(path)],
                          capture_output=True, text=True, check=True)
    built, written = done.stdout.split()
    return float(built), float(written)


def _high_water_mb() -> float:
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec.
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def child(path: Path, which: str) -> None:
    from apostilla.exports.docx import write as docx_write
    from apostilla.exports.memo.options import MemoOptions

    def write_docx(memo):
        return docx_write(memo, MemoOptions())

    memo = build_memo(path)
    built = _high_water_mb()
    (write_docx if which == "docx" else naive_docx)(memo)
    print(built, _high_water_mb())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", choices=("docx", "naive"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.input, args.child)
        return 0
    from apostilla.exports.docx import write as docx_write
    from apostilla.exports.memo.options import MemoOptions

    def write_docx(memo):
        return docx_write(memo, MemoOptions())

    OUT.mkdir(parents=True, exist_ok=True)
    print(f"input: {args.input.name} ({args.input.stat().st_size / 1e6:.1f} MB), "
          f"median of {args.repeat} runs, Python {sys.version.split()[0]}")
    print("| share of text | paragraphs | footnotes | build memo s | DOCX s | build + DOCX s | DOCX MB | "
          "python-docx one run at a time s | ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for fraction in FRACTIONS:
        source = cut(args.input, fraction, OUT, "")
        build_s, memo = timed(build_memo, source, repeat=max(1, args.repeat // 2))
        docx_s, data = timed(write_docx, memo, repeat=args.repeat)
        naive_s, _ = timed(naive_docx, memo, repeat=max(1, args.repeat // 2))
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            body = zf.read("word/document.xml")
        paragraphs = body.count(b"<w:p>") + body.count(b"<w:p ")
        footnotes = body.count(b"<w:footnoteReference ")
        (OUT / f"{source.stem}.docx").write_bytes(data)
        print(f"| {fraction:g} | {paragraphs:,} | {footnotes:,} | {build_s:.2f} | {docx_s:.2f} | "
              f"{build_s + docx_s:.2f} | {len(data) / 1e6:.1f} | {naive_s:.2f} | {naive_s / docx_s:.1f}x |")
    for which, name in (("docx", "DOCX writer"), ("naive", "python-docx one run at a time")):
        built, written = peak_mb(args.input, which)
        print(f"peak memory, {name}: {built:.0f} MB after building the memo, {written:.0f} MB after writing it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
