"""Package parts python-docx does not make for us: footnotes, bullet numbering, fixed properties."""
from __future__ import annotations

from datetime import datetime

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from lxml import etree

from apostilla.annotations.select import grapheme_boundary

from .wml import NSDECL, VAL, child_in_order, w

# Word's own numbering: the separator lines are footnotes -1 and 0, real notes start at 1.
SEPARATOR_IDS = ("-1", "0")

_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p>'
    '</w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
    '</w:r></w:p></w:footnote>'
)

# Children of w:settings that come after w:footnotePr in the schema.
_AFTER_FOOTNOTE_PR = tuple(w(tag) for tag in (
    "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"))


class FootnotesPart(Part):
    """The footnotes part; made before its text is written, since links in notes relate to it."""

    def __init__(self, package) -> None:
        super().__init__(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, b"", package)
        self.notes_xml = ""

    @property
    def blob(self) -> bytes:
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {NSDECL}>'
                f"{_SEPARATORS}{self.notes_xml}</w:footnotes>").encode("utf-8")


def new_footnotes_part(document) -> FootnotesPart:
    """A fresh footnotes part holding only the separators, replacing any the template had."""
    doc_part = document.part
    for rid, rel in list(doc_part.rels.items()):
        if rel.reltype == RT.FOOTNOTES:
            doc_part.drop_rel(rid)
    # The old part, now unreachable, is not saved, so its name is free again.
    part = FootnotesPart(doc_part.package)
    doc_part.relate_to(part, RT.FOOTNOTES)
    _point_settings_at_separators(document.settings.element)
    return part


def _point_settings_at_separators(settings: etree._Element) -> None:
    pr = child_in_order(settings, w("footnotePr"), _AFTER_FOOTNOTE_PR)
    for old in pr.findall(w("footnote")):
        pr.remove(old)
    for sid in SEPARATOR_IDS:
        etree.SubElement(pr, w("footnote")).set(w("id"), sid)


_BULLET_LEVELS = (("\u2022", 357), ("\u2013", 714), ("\u25aa", 1071))


def add_bullet_numbering(document) -> str:
    """Define a three-level bullet list in the numbering part (made if missing); its numId."""
    doc_part = document.part
    try:
        numbering = doc_part.part_related_by(RT.NUMBERING).element
    except KeyError:
        numbering = parse_xml(f"<w:numbering {NSDECL}/>")
        part = XmlPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, numbering, doc_part.package)
        doc_part.relate_to(part, RT.NUMBERING)
    abstract_id = 1 + max((int(el.get(w("abstractNumId"), "0")) for el in numbering.iter(w("abstractNum"))),
                          default=-1)
    num_id = 1 + max((int(el.get(w("numId"), "0")) for el in numbering.iter(w("num"))), default=0)
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{char}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{indent}" w:hanging="357"/></w:pPr></w:lvl>'
        for i, (char, indent) in enumerate(_BULLET_LEVELS))
    abstract = parse_xml(f'<w:abstractNum {NSDECL} w:abstractNumId="{abstract_id}">'
                         f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>')
    first_num = numbering.find(w("num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    num = etree.SubElement(numbering, w("num"))
    num.set(w("numId"), str(num_id))
    etree.SubElement(num, w("abstractNumId")).set(VAL, str(abstract_id))
    return str(num_id)


# What the document's core properties hold at most (python-docx refuses more, as Word cuts it).
PROPERTY_CHARACTERS = 255


def set_properties(document, metadata: dict[str, str], lang: str, when: datetime) -> list[str]:
    """Fill the core properties from the memo alone, so a template's own never leak through;
    the names of those cut to PROPERTY_CHARACTERS (the memo's text keeps them whole)."""
    props = document.core_properties
    element = document.part.package.part_related_by(RT.CORE_PROPERTIES).element
    for child in list(element):
        element.remove(child)
    cut = []
    for name in ("title", "subject", "author", "keywords"):
        value = metadata.get(name, "")
        if len(value) > PROPERTY_CHARACTERS:
            end = PROPERTY_CHARACTERS - 1
            while end > 0 and not grapheme_boundary(value, end):
                end -= 1
            value = value[:end] + "\u2026"
            cut.append(name)
        setattr(props, name, value)
    props.language = lang
    props.revision = 1
    props.created = when
    props.modified = when
    return cut
