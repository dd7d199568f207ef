"""Smaller copies of a benchmark input, to show how time grows with size."""
from __future__ import annotations

from pathlib import Path

from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"


def cut(path: Path, fraction: float, out_dir: Path, tag: str = "") -> Path:
    """A copy of the TEI file keeping the first `fraction` of its body's top-level divisions."""
    if fraction == 1.0:
        return path
    tree = etree.parse(str(path))
    body = tree.getroot().find(f"{TEI}text/{TEI}body")
    divs = body.findall(f"{TEI}div")
    for div in divs[max(1, round(len(divs) * fraction)):]:
        body.remove(div)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{path.stem}{tag}-{fraction:g}.xml"
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out
