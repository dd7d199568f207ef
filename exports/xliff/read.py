"""Reading an XLIFF 1.2 or 2.x file back: its units, their source and target tags, state and translator."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from apostilla.annotations.languages import is_bcp47
from apostilla.common.errors import BadInput
from apostilla.common.files import read_bytes
from apostilla.common.safexml import parse_xml
from lxml import etree

from .inline import XLIFF2_NS, XLIFF12_NS, InlineError, Token, read_tokens, tag_ids

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
RANKS = {"draft": 0, "reviewed": 1, "approved": 2}


@dataclass
class FileUnit:
    """One unit as the file has it; `status` is the apostilla status its state maps to, if any."""

    id: str
    source_lang: str
    target_lang: str
    source: list[Token]
    target: list[Token] | None
    status: str | None
    translator: str | None
    line: int | None


def read_xliff(path: str | Path) -> list[FileUnit]:
    """Every unit of an XLIFF file; BadInput when it is not XLIFF or its structure is broken."""
    return parse_xliff(read_bytes(Path(path)), path)


def parse_xliff(data: bytes, path: str | Path) -> list[FileUnit]:
    """Every unit of XLIFF bytes; `path` names them in messages."""
    path = Path(path)
    root = parse_xml(data, path).tree.getroot()
    qname = etree.QName(root) if isinstance(root.tag, str) else None
    if qname is not None and qname.localname == "xliff" and qname.namespace == XLIFF12_NS:
        units = _read12(root, path)
    elif qname is not None and qname.localname == "xliff" and qname.namespace == XLIFF2_NS:
        if root.get("version") not in ("2.0", "2.1"):
            raise BadInput(f"XLIFF version {root.get('version')!r} is not supported (use 1.2 or 2.1)", file=path)
        units = _read2(root, path)
    elif qname is not None and qname.localname == "xliff":
        raise BadInput(f"XLIFF in the namespace {qname.namespace!r} is not supported (use 1.2 or 2.1)",
                       file=path, line=root.sourceline)
    else:
        found = qname.localname if qname is not None else "?"
        raise BadInput(f"not an XLIFF file: the root element is <{found}>, not <xliff>", file=path,
                       line=root.sourceline)
    seen: dict[str, FileUnit] = {}
    for unit in units:
        if unit.id in seen:
            raise BadInput(f"unit {unit.id!r} appears twice (also at line {seen[unit.id].line})",
                           file=path, line=unit.line)
        seen[unit.id] = unit
    return units


# ---------------------------------------------------------------------------- XLIFF 1.2


def _read12(root: etree._Element, path: Path) -> list[FileUnit]:
    x = _in(XLIFF12_NS)
    units = []
    for file_el in root.iter(x("file")):
        source_lang = _lang(file_el, "source-language", path)
        target_lang = _lang(file_el, "target-language", path)
        contacts = {p.get("phase-name"): p.get("contact-name") for p in file_el.iter(x("phase"))}
        for tu in file_el.iter(x("trans-unit")):
            ident = _unit_id(tu, path)
            source_el = tu.find(x("source"))
            if source_el is None:
                raise BadInput(f"unit {ident!r} has no <source>", file=path, line=tu.sourceline)
            target_el = tu.find(x("target"))
            source = _tokens(source_el, "1.2", ident, "source", path)
            target = status = translator = None
            if target_el is not None:
                _check_target_lang(target_el.get(XML_LANG), target_lang, ident, target_el, path)
                target = _tokens(target_el, "1.2", ident, "target", path)
                status = _status12(target_el.get("state"), tu.get("approved"))
                translator = contacts.get(target_el.get("phase-name") or tu.get("phase-name"))
            units.append(FileUnit(ident, source_lang, target_lang, source, target, status,
                                  (translator or "").strip() or None, tu.sourceline))
    return units


def _status12(state: str | None, approved: str | None) -> str | None:
    # The state says most; some tools (translate-toolkit) also set approved="yes" on any
    # finished translation, so approved counts only where no state is given.
    if state:
        return {"final": "approved", "signed-off": "reviewed"}.get(state, "draft")
    return "approved" if approved == "yes" else None


# ---------------------------------------------------------------------------- XLIFF 2.x


def _read2(root: etree._Element, path: Path) -> list[FileUnit]:
    x = _in(XLIFF2_NS)
    source_lang = _lang(root, "srcLang", path)
    target_lang = _lang(root, "trgLang", path)
    units = []
    for unit in root.iter(x("unit")):
        ident = _unit_id(unit, path)
        _check_data_refs(unit, ident, path)
        source: list[Token] = []
        target: list[Token] | None = []
        states = []
        for part in unit:
            if part.tag not in (x("segment"), x("ignorable")):
                continue
            source_el, target_el = part.find(x("source")), part.find(x("target"))
            if source_el is None:
                raise BadInput(f"unit {ident!r} has a <{etree.QName(part).localname}> without <source>",
                               file=path, line=part.sourceline)
            part_source = _tokens(source_el, "2.1", ident, "source", path)
            source += part_source
            if target_el is not None:
                _check_target_lang(target_el.get(XML_LANG), target_lang, ident, target_el, path)
                part_target = _tokens(target_el, "2.1", ident, "target", path)
            elif part.tag == x("ignorable"):
                part_target = part_source  # an ignorable without target stands for itself
            else:
                part_target = None
            if target is not None:
                target = None if part_target is None else target + part_target
            if part.tag == x("segment"):
                states.append(part.get("state") or "initial")
        if not states:
            raise BadInput(f"unit {ident!r} has no <segment>", file=path, line=unit.sourceline)
        status = _status2(states) if target is not None else None
        units.append(FileUnit(ident, source_lang, target_lang, source, target, status,
                              _translator2(unit), unit.sourceline))
    return units


def _status2(states: list[str]) -> str:
    # A unit is as far along as its least advanced segment.
    mapped = [{"final": "approved", "reviewed": "reviewed"}.get(s, "draft") for s in states]
    return min(mapped, key=RANKS.__getitem__)


def _translator2(unit: etree._Element) -> str | None:
    for meta in unit.iter(f"{{{MDA_NS}}}meta"):
        if meta.get("type") == "translator" and (meta.text or "").strip():
            return meta.text.strip()
    return None


def _check_data_refs(unit: etree._Element, ident: str, path: Path) -> None:
    """Every dataRef in the unit points to a <data> of its own originalData (the XSD does not check)."""
    data_ids = {d.get("id") for d in unit.iter(f"{{{XLIFF2_NS}}}data")}
    for element in unit.iter():
        for attribute in ("dataRef", "dataRefStart", "dataRefEnd"):
            ref = element.get(attribute) if isinstance(element.tag, str) else None
            if ref is not None and ref not in data_ids:
                raise BadInput(f"unit {ident!r}: {attribute}={ref!r} points to no <data> in the unit",
                               file=path, line=element.sourceline)


# ---------------------------------------------------------------------------- shared


def _in(ns: str):
    """name -> Clark name in namespace ns."""
    return lambda name: f"{{{ns}}}{name}"


def _lang(element: etree._Element, attribute: str, path: Path) -> str:
    value = element.get(attribute)
    if not value:
        raise BadInput(f"<{etree.QName(element).localname}> has no {attribute}", file=path,
                       line=element.sourceline)
    if not is_bcp47(value):
        raise BadInput(f"{attribute}={value!r} is not a well-formed language tag", file=path,
                       line=element.sourceline)
    return value


def _unit_id(element: etree._Element, path: Path) -> str:
    ident = element.get("id")
    if not ident:
        raise BadInput(f"<{etree.QName(element).localname}> without an id", file=path, line=element.sourceline)
    return ident


def _check_target_lang(lang: str | None, expected: str, ident: str, element: etree._Element, path: Path) -> None:
    # A more specific tag is fine (en-GB in a file into en), another language is not.
    if lang and not (lang.lower() == expected.lower() or lang.lower().startswith(expected.lower() + "-")):
        raise BadInput(f"unit {ident!r}: the target is in {lang!r} but the file's target language is {expected!r}",
                       file=path, line=element.sourceline)


def _tokens(element: etree._Element, version: str, ident: str, where: str, path: Path) -> list[Token]:
    try:
        tokens = read_tokens(element, version)
        tag_ids(tokens)
    except InlineError as error:
        raise BadInput(f"unit {ident!r}, {where}: {error}", file=path, line=element.sourceline) from None
    return tokens
