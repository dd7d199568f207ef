"""`export xliff`: the quotes and terms of a TEI document as an XLIFF 1.2 or 2.1 file for CAT tools."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from apostilla.annotations.document import TeiDocument
from apostilla.annotations.languages import check_lang
from apostilla.common.deep import deep
from apostilla.common.errors import BadInput, UsageError
from apostilla.common.files import atomic_write, refuse_same_file
from apostilla.common.version import version as apostilla_version
from lxml import etree

from .inline import XLIFF2_NS, XLIFF12_NS, write_tokens
from .read import parse_xliff
from .units import SourceUnit, source_units

VERSIONS = ("1.2", "2.1")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Gloss status -> XLIFF state of a target that holds the existing gloss.
STATE_12 = {"draft": "needs-review-translation", "reviewed": "signed-off", "approved": "final"}
STATE_2 = {"draft": "translated", "reviewed": "reviewed", "approved": "final"}
# Elements whose content is text: pretty-printing must not touch their white space.
MIXED = frozenset({"source", "target", "note"})


@dataclass
class ExportReport:
    """What `export xliff` wrote: units by kind and the source languages found."""

    quotes: int
    terms: int
    source_langs: list[str]


def export_xliff(doc_path: str | Path, out_path: str | Path, target_lang: str, *, version: str = "1.2",
                 prefill: bool = False, all_: bool = False, source_lang: str | None = None) -> ExportReport:
    """Write the document's untranslated quotes and terms (all_: every one) to an XLIFF file."""
    # Quotes carry their inline markup, a tree as deep as the document's: room for it.
    return deep(_export_xliff, doc_path, out_path, target_lang, version=version, prefill=prefill,
                all_=all_, source_lang=source_lang)


def _export_xliff(doc_path: str | Path, out_path: str | Path, target_lang: str, *, version: str,
                  prefill: bool, all_: bool, source_lang: str | None) -> ExportReport:
    refuse_same_file(Path(out_path), Path(doc_path))
    doc = TeiDocument.load(doc_path)
    units = source_units(doc, check_lang(target_lang, option="--target-lang"), all_=all_,
                         source_lang=check_lang(source_lang, option="--source-lang") if source_lang else None)
    data = build_xliff(doc, units, target_lang, version=version, prefill=prefill, original=Path(doc_path).name)
    atomic_write(Path(out_path), data)
    langs = sorted({u.lang for u in units})
    return ExportReport(quotes=sum(u.kind == "quote" for u in units),
                        terms=sum(u.kind == "term" for u in units), source_langs=langs)


def build_xliff(doc: TeiDocument, units: list[SourceUnit], target_lang: str, *, version: str = "1.2",
                prefill: bool = False, original: str = "document.xml") -> bytes:
    """The XLIFF document for units, as bytes."""
    if version not in VERSIONS:
        raise UsageError(f"--xliff-version {version!r}: use 1.2 or 2.1")
    by_lang: dict[str, list[SourceUnit]] = {}
    for unit in units:
        by_lang.setdefault(unit.lang, []).append(unit)
    if not by_lang:  # nothing to translate: still a valid, empty file
        by_lang[doc.text_lang()] = []
    if version == "1.2":
        root = _xliff12(by_lang, target_lang, prefill, original)
    else:
        root = _xliff2(by_lang, target_lang, prefill, original)
    _indent(root)
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"
    _self_check(data)
    return data


# ---------------------------------------------------------------------------- XLIFF 1.2


def _xliff12(by_lang: dict[str, list[SourceUnit]], target_lang: str, prefill: bool, original: str) -> etree._Element:
    x = _maker(XLIFF12_NS)
    root = etree.Element(x("xliff"), {"version": "1.2"}, nsmap={None: XLIFF12_NS})
    # One <file> per source language: 1.2 gives each file a single source-language.
    for lang, units in by_lang.items():
        file_el = etree.SubElement(root, x("file"), {"original": original, "source-language": lang,
                                                     "target-language": target_lang, "datatype": "xml",
                                                     "tool-id": "apostilla"})
        header = etree.SubElement(file_el, x("header"))
        etree.SubElement(header, x("tool"), {"tool-id": "apostilla", "tool-name": "apostilla",
                                            "tool-version": apostilla_version()})
        body = etree.SubElement(file_el, x("body"))
        for unit in units:
            body.append(_unit12(unit, target_lang, prefill))
    return root


def _unit12(unit: SourceUnit, target_lang: str, prefill: bool) -> etree._Element:
    x = _maker(XLIFF12_NS)
    # xml:space keeps a quote's white space; tools otherwise collapse it and may split the unit.
    tu = etree.Element(x("trans-unit"), {"id": unit.id, "resname": unit.id, "restype": f"x-{unit.kind}",
                                         XML_SPACE: "preserve"})
    source = etree.SubElement(tu, x("source"), {XML_LANG: unit.lang})
    write_tokens(source, unit.tokens, "1.2")
    target = _target(tu, x("target"), unit, target_lang, prefill, "1.2")
    if target is not None:
        target.set("state", STATE_12[unit.gloss.status or "draft"] if unit.gloss and not prefill
                   else "needs-translation")
    for category, text in unit.notes:
        note = etree.SubElement(tu, x("note"), {"from": "apostilla"})
        note.text = text
    return tu


# ---------------------------------------------------------------------------- XLIFF 2.1


def _xliff2(by_lang: dict[str, list[SourceUnit]], target_lang: str, prefill: bool, original: str) -> etree._Element:
    if len(by_lang) > 1:
        raise UsageError(f"the quotes and terms to translate are in {len(by_lang)} languages "
                         f"({', '.join(sorted(by_lang))}); XLIFF 2.1 holds one source language per file: "
                         "give --source-lang, or use XLIFF 1.2")
    lang, units = next(iter(by_lang.items()))
    x = _maker(XLIFF2_NS)
    root = etree.Element(x("xliff"), {"version": "2.1", "srcLang": lang, "trgLang": target_lang},
                         nsmap={None: XLIFF2_NS})
    file_el = etree.SubElement(root, x("file"), {"id": "f1", "original": original})
    for unit in units:
        file_el.append(_unit2(unit, target_lang, prefill))
    return root


def _unit2(unit: SourceUnit, target_lang: str, prefill: bool) -> etree._Element:
    x = _maker(XLIFF2_NS)
    element = etree.Element(x("unit"), {"id": unit.id, "name": unit.id, "type": f"apostilla:{unit.kind}",
                                        "canResegment": "no"})
    if unit.notes:
        notes = etree.SubElement(element, x("notes"))
        for category, text in unit.notes:
            note = etree.SubElement(notes, x("note"), {"category": category})
            note.text = text
    segment = etree.SubElement(element, x("segment"))
    source = etree.SubElement(segment, x("source"), {XML_SPACE: "preserve"})
    write_tokens(source, unit.tokens, "2.1")
    target = _target(segment, x("target"), unit, target_lang, prefill, "2.1")
    state = STATE_2[unit.gloss.status or "draft"] if target is not None and unit.gloss and not prefill else "initial"
    segment.set("state", state)
    return element


# ---------------------------------------------------------------------------- shared


def _target(parent: etree._Element, tag: str, unit: SourceUnit, target_lang: str, prefill: bool,
            version: str) -> etree._Element | None:
    """The unit's target: a copy of the source with prefill, else the existing gloss, else none."""
    if not prefill and unit.gloss is None:
        return None
    attrib = {XML_LANG: target_lang} if version == "1.2" else {XML_SPACE: "preserve"}
    target = etree.SubElement(parent, tag, attrib)
    if prefill:
        # OmegaT translates the target's text, so it must start as the source (tags included).
        write_tokens(target, unit.tokens, version)
    else:
        target.text = unit.gloss.text
    return target


def _self_check(data: bytes) -> None:
    """Read the file back as `import xliff` will: unique ids, balanced tags, no dangling dataRef."""
    try:
        parse_xliff(data, "exported XLIFF")
    except BadInput as error:
        raise RuntimeError(f"export xliff wrote a file it cannot read back: {error}") from None


def _maker(ns: str):
    return lambda name: f"{{{ns}}}{name}"


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indent the structure for people to read; source, target and note keep their text as is."""
    kids = [k for k in element if isinstance(k.tag, str)]
    if not kids or etree.QName(element).localname in MIXED:
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for kid in kids:
        kid.tail = pad
        _indent(kid, level + 1)
    kids[-1].tail = "\n" + "  " * level
