"""Time the XLIFF round trip on a generated document with many glossed quotes: export, import, import again.

Run: python benchmarks/xliff_bench.py [--quotes 2000] [--keep DIR]
It prints one line per step with its time in seconds; nothing is written outside a temporary folder.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from lxml import etree

from apostilla.annotations.apply import apply as apply_batch
from apostilla.annotations.newdoc import new_document
from apostilla.exports.xliff.export import export_xliff
from apostilla.exports.xliff.merge import import_xliff

X12 = "urn:oasis:names:tc:xliff:document:1.2"


def build(folder: Path, quotes: int) -> Path:
    """A document of `quotes` paragraphs, each with a Spanish quote naming Colombia, half of them glossed."""
    text = "\n\n".join(f"Paragraph {n}: the minister said «Nos vemos en Colombia el día {n}» and left."
                       for n in range(1, quotes + 1))
    (folder / "in.txt").write_text(text + "\n", encoding="utf-8")
    doc = folder / "doc.xml"
    new_document(folder / "in.txt", doc, lang="en", by="bench")
    ops = [{"op": "entity add", "id": "colombia", "type": "place", "name": "Colombia"},
           {"op": "entity tag", "id": "colombia"}]
    for n in range(1, quotes + 1):
        ops.append({"op": "quote add", "match": f"Nos vemos en Colombia el día {n}", "lang": "es",
                    "id": f"q{n}", "in": f"p{n}"})
        if n % 2:
            ops.append({"op": "gloss add", "target": f"q{n}", "lang": "en", "text": f"See you on day {n}"})
    batch = folder / "ops.jsonl"
    batch.write_text("\n".join(json.dumps(op, ensure_ascii=False) for op in ops) + "\n", encoding="utf-8")
    apply_batch(doc, batch, by="bench")
    return doc


def translate(xlf: Path) -> None:
    """Fill every target the way a CAT tool would: new words around the same tags."""
    tree = etree.parse(str(xlf))
    for unit in tree.iter(f"{{{X12}}}trans-unit"):
        source = unit.find(f"{{{X12}}}source")
        target = unit.find(f"{{{X12}}}target")
        if target is not None:
            unit.remove(target)
        target = etree.fromstring(etree.tostring(source))
        target.tag = f"{{{X12}}}target"
        target.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
        target.text = "We will meet in "
        for g in target:
            g.tail = " on that day (translated)"
        source.addnext(target)
    tree.write(str(xlf), encoding="UTF-8", xml_declaration=True)


def timed(label: str, step) -> object:
    start = time.perf_counter()
    result = step()
    print(f"{label:<28} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="write the files to this folder and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xliff-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        doc = timed(f"build ({args.quotes} quotes)", lambda: build(folder, args.quotes))
        xlf = folder / "out.xlf"
        timed("export xliff --all", lambda: export_xliff(doc, xlf, "en", all_=True))
        translate(xlf)
        report = timed("import xliff", lambda: import_xliff(doc, xlf, by="bench"))
        print(f"  added {len(report.added)}, updated {len(report.updated)}")
        report = timed("import xliff again", lambda: import_xliff(doc, xlf, by="bench"))
        print(f"  unchanged {len(report.unchanged)}")


if __name__ == "__main__":
    main()
