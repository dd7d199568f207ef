"""Small lxml builders for WordprocessingML: paragraphs, runs with their look, fields, tables."""
from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECL = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{tag}"


VAL = w("val")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Characters XML 1.0 cannot carry; a --to or --subject typed in a shell might hold one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Word proofs a language by its full tag; a bare "es" is matched to a dictionary less reliably.
_REGION = {"en": "en-US", "es": "es-ES", "fr": "fr-FR", "de": "de-DE", "it": "it-IT",
           "pt": "pt-PT", "ca": "ca-ES", "gl": "gl-ES", "eu": "eu-ES", "nl": "nl-NL"}


def word_lang(tag: str) -> str:
    """The tag Word expects in w:lang: a bare common language gets its usual region."""
    return _REGION.get(tag.lower(), tag)


class Look(NamedTuple):
    """How a run looks: its character style id (None: none), direct bold/italic, its language."""

    style: str | None
    bold: bool
    italic: bool
    lang: str


def sub(parent: etree._Element, tag: str, val: str | None = None) -> etree._Element:
    """A new w:`tag` child of parent, with w:val when given."""
    el = etree.SubElement(parent, w(tag))
    if val is not None:
        el.set(VAL, val)
    return el


def paragraph(parent: etree._Element, style: str | None) -> etree._Element:
    """A new w:p at the end of parent with the paragraph style id `style` (None: Normal)."""
    p = etree.SubElement(parent, w("p"))
    if style:
        ppr = etree.SubElement(p, w("pPr"))
        etree.SubElement(ppr, w("pStyle")).set(VAL, style)
    return p


def run(parent: etree._Element, look: Look) -> etree._Element:
    """A new w:r at the end of parent whose rPr says `look`, its contents left to the caller."""
    r = etree.SubElement(parent, w("r"))
    rpr = etree.SubElement(r, w("rPr"))
    # Schema order inside rPr: rStyle, b, i, ..., lang.
    if look.style:
        etree.SubElement(rpr, w("rStyle")).set(VAL, look.style)
    if look.bold:
        etree.SubElement(rpr, w("b"))
    if look.italic:
        etree.SubElement(rpr, w("i"))
    etree.SubElement(rpr, w("lang")).set(VAL, look.lang)
    return r


def text_run(parent: etree._Element, text: str, look: Look) -> etree._Element | None:
    """A run holding `text` (None when text is empty)."""
    if not text:
        return None
    r = run(parent, look)
    t = etree.SubElement(r, w("t"))
    try:
        t.text = text
    except ValueError:
        t.text = _NOT_XML.sub("", text)
    if text[0].isspace() or text[-1].isspace():
        t.set(XML_SPACE, "preserve")
    return r


def field_runs(parent: etree._Element, instruction: str, shown: str, look: Look) -> None:
    """A complex field (begin, instruction, separate, cached result, end), e.g. PAGE or NUMPAGES."""
    sub(run(parent, look), "fldChar").set(w("fldCharType"), "begin")
    instr = sub(run(parent, look), "instrText")
    instr.text = f" {instruction} "
    instr.set(XML_SPACE, "preserve")
    sub(run(parent, look), "fldChar").set(w("fldCharType"), "separate")
    text_run(parent, shown, look)
    sub(run(parent, look), "fldChar").set(w("fldCharType"), "end")


def table(parent: etree._Element, style: str, widths: list[int]) -> etree._Element:
    """A new w:tbl across the full text width, fixed layout, with columns `widths` in twips."""
    tbl = etree.SubElement(parent, w("tbl"))
    tblpr = sub(tbl, "tblPr")
    sub(tblpr, "tblStyle", style)
    tblw = sub(tblpr, "tblW")
    tblw.set(w("w"), str(sum(widths)))
    tblw.set(w("type"), "dxa")
    sub(tblpr, "tblLayout").set(w("type"), "fixed")
    # w:val is the same switches as one hex mask, which Word 2007 reads.
    look = sub(tblpr, "tblLook", "0620")
    for name, value in (("firstRow", "1"), ("lastRow", "0"), ("firstColumn", "0"),
                        ("lastColumn", "0"), ("noHBand", "1"), ("noVBand", "1")):
        look.set(w(name), value)
    grid = sub(tbl, "tblGrid")
    for width in widths:
        sub(grid, "gridCol").set(w("w"), str(width))
    return tbl


def table_row(tbl: etree._Element, widths: list[int], header: bool) -> list[etree._Element]:
    """A new w:tr of empty cells (each must get at least one paragraph); header rows repeat."""
    tr = sub(tbl, "tr")
    if header:
        trpr = sub(tr, "trPr")
        sub(trpr, "cantSplit")
        sub(trpr, "tblHeader")
    cells = []
    for width in widths:
        tc = sub(tr, "tc")
        tcw = sub(sub(tc, "tcPr"), "tcW")
        tcw.set(w("w"), str(width))
        tcw.set(w("type"), "dxa")
        cells.append(tc)
    return cells
