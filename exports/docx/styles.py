"""The memo's named Word styles: found in a template by their names, else added with our look."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docx.oxml import parse_xml
from lxml import etree

from .wml import NSDECL, VAL, child_in_order, w

NAVY = "1F3864"
GREY = "595959"
RED = "C00000"
RULE = "BFBFBF"
SHADE = "DCE3EE"


@dataclass(frozen=True)
class StyleDef:
    """One style: `key` is how the writer names it and the styleId it gets when we add it."""

    key: str
    kind: str                 # "paragraph", "character", "table" or "numbering"
    name: str                 # w:name; Word recognises its built-in styles by these names
    based_on: str | None = None
    body: str = ""            # pPr, rPr, tblPr, tblStylePr children, in schema order
    default: bool = False
    hidden: bool = False


def _heading(level: int, size: int, before: int, after: int, extra: str = "") -> StyleDef:
    return StyleDef(
        f"Heading{level}", "paragraph", f"heading {level}", "Normal",
        f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="{after}"/>'
        f'<w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f'<w:rPr><w:b/>{extra}<w:color w:val="{NAVY}"/><w:sz w:val="{size}"/></w:rPr>')


def _bullet(key: str, name: str, level: int) -> StyleDef:
    # {bullets} becomes the numId of the bullet list definition, made when the style is added.
    return StyleDef(
        key, "paragraph", name, "Normal",
        f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{{bullets}}"/></w:numPr>'
        '<w:spacing w:after="60"/></w:pPr>')


STYLES: tuple[StyleDef, ...] = (
    StyleDef("Normal", "paragraph", "Normal", default=True),
    StyleDef("DefaultParagraphFont", "character", "Default Paragraph Font", default=True, hidden=True),
    StyleDef("TableNormal", "table", "Normal Table", default=True, hidden=True, body=(
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>')),
    StyleDef("NoList", "numbering", "No List", default=True, hidden=True),
    StyleDef("Title", "paragraph", "Title", "Normal", (
        '<w:pPr><w:spacing w:before="0" w:after="160"/></w:pPr>'
        f'<w:rPr><w:b/><w:color w:val="{NAVY}"/><w:spacing w:val="60"/><w:kern w:val="28"/>'
        '<w:sz w:val="40"/></w:rPr>')),
    _heading(1, 24, 280, 100, ""),
    _heading(2, 23, 240, 80),
    _heading(3, 21, 200, 60),
    _heading(4, 21, 160, 40, "<w:i/>"),
    StyleDef("BodyText", "paragraph", "Body Text", "Normal", '<w:pPr><w:spacing w:after="120"/></w:pPr>'),
    StyleDef("Quote", "paragraph", "Quote", "Normal", (
        f'<w:pPr><w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="{NAVY}"/></w:pBdr>'
        '<w:spacing w:before="60" w:after="120"/><w:ind w:left="567" w:right="567"/></w:pPr>'
        '<w:rPr><w:i/><w:color w:val="404040"/></w:rPr>')),
    StyleDef("FootnoteText", "paragraph", "footnote text", "Normal", (
        '<w:pPr><w:spacing w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="17"/></w:rPr>')),
    StyleDef("Header", "paragraph", "header", "Normal", (
        '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f'<w:rPr><w:color w:val="{GREY}"/><w:sz w:val="16"/></w:rPr>')),
    StyleDef("Footer", "paragraph", "footer", "Normal", (
        '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f'<w:rPr><w:color w:val="{GREY}"/><w:sz w:val="16"/></w:rPr>')),
    StyleDef("Caption", "paragraph", "caption", "Normal", (
        '<w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/></w:pPr>'
        f'<w:rPr><w:i/><w:color w:val="{GREY}"/><w:sz w:val="18"/></w:rPr>')),
    _bullet("ListBullet", "List Bullet", 0),
    _bullet("ListBullet2", "List Bullet 2", 1),
    _bullet("ListBullet3", "List Bullet 3", 2),
    StyleDef("MemoField", "paragraph", "Memo Field", "Normal", (
        '<w:pPr><w:tabs><w:tab w:val="left" w:pos="1418"/></w:tabs><w:spacing w:after="40"/>'
        '<w:ind w:left="1418" w:hanging="1418"/></w:pPr>')),
    StyleDef("MemoRule", "paragraph", "Memo Rule", "Normal", (
        f'<w:pPr><w:pBdr><w:bottom w:val="single" w:sz="12" w:space="1" w:color="{NAVY}"/></w:pBdr>'
        '<w:spacing w:after="240" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="8"/></w:rPr>')),
    StyleDef("MemoTableText", "paragraph", "Memo Table Text", "Normal", (
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="16"/></w:rPr>')),
    StyleDef("MemoTableHeading", "paragraph", "Memo Table Heading", "MemoTableText", (
        f'<w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:color w:val="{NAVY}"/></w:rPr>')),
    StyleDef("MemoProvenance", "paragraph", "Memo Provenance", "Normal", (
        '<w:pPr><w:tabs><w:tab w:val="left" w:pos="2552"/></w:tabs><w:spacing w:after="40"/>'
        '<w:ind w:left="2552" w:hanging="2552"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr>')),
    StyleDef("MemoClassification", "paragraph", "Memo Classification", "Header", (
        '<w:pPr><w:jc w:val="center"/></w:pPr>'
        f'<w:rPr><w:b/><w:caps/><w:color w:val="{RED}"/><w:spacing w:val="20"/></w:rPr>')),
    StyleDef("MemoPageNumber", "paragraph", "Memo Page Number", "Footer", '<w:pPr><w:jc w:val="right"/></w:pPr>'),
    StyleDef("Strong", "character", "Strong", "DefaultParagraphFont", "<w:rPr><w:b/></w:rPr>"),
    StyleDef("Emphasis", "character", "Emphasis", "DefaultParagraphFont", "<w:rPr><w:i/></w:rPr>"),
    StyleDef("Hyperlink", "character", "Hyperlink", "DefaultParagraphFont",
             '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>'),
    StyleDef("FootnoteReference", "character", "footnote reference", "DefaultParagraphFont",
             '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
    StyleDef("EntityMention", "character", "Entity Mention", "DefaultParagraphFont"),
    StyleDef("FirstMention", "character", "First Mention", "EntityMention", "<w:rPr><w:b/></w:rPr>"),
    # Quotes are set off by their quotation marks, as in the HTML memo; no italics.
    StyleDef("InlineQuote", "character", "Inline Quote", "DefaultParagraphFont"),
    StyleDef("PassageLabel", "character", "Passage Label", "DefaultParagraphFont",
             f'<w:rPr><w:b w:val="0"/><w:i w:val="0"/><w:color w:val="{GREY}"/><w:sz w:val="15"/>'
             '<w:shd w:val="clear" w:color="auto" w:fill="F1EFE9"/></w:rPr>'),
    StyleDef("UntranslatedLabel", "character", "Untranslated Label", "PassageLabel",
             f'<w:rPr><w:color w:val="{RED}"/><w:shd w:val="clear" w:color="auto" w:fill="FBEAEA"/></w:rPr>'),
    StyleDef("ForeignTerm", "character", "Foreign Term", "DefaultParagraphFont", "<w:rPr><w:i/></w:rPr>"),
    StyleDef("MemoFieldLabel", "character", "Memo Field Label", "DefaultParagraphFont",
             f'<w:rPr><w:b/><w:color w:val="{NAVY}"/></w:rPr>'),
    StyleDef("MemoDetail", "character", "Memo Detail", "DefaultParagraphFont",
             f'<w:rPr><w:color w:val="{GREY}"/><w:sz w:val="14"/></w:rPr>'),
    StyleDef("MissingGloss", "character", "Missing Gloss", "DefaultParagraphFont",
             f'<w:rPr><w:i/><w:color w:val="{RED}"/></w:rPr>'),
    StyleDef("MemoTable", "table", "Memo Table", "TableNormal", (
        '<w:tblPr><w:tblBorders>'
        f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/>'
        f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/>'
        f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/></w:tblBorders>'
        '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tcPr>'
        f'<w:tcBorders><w:bottom w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/></w:tcBorders>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{SHADE}"/></w:tcPr></w:tblStylePr>')),
)

# The styles the writer refers to; each must resolve to a style in the output's styles.xml.
STYLE_KEYS = tuple(style.key for style in STYLES)


def install_styles(styles: etree._Element, bullets: Callable[[], str]) -> dict[str, str]:
    """Map every style key to a styleId in `styles`, adding those the package lacks.

    A style already there under the same name (a template's "heading 1", say, whatever its
    localised styleId) is used as it is, so a house template restyles the memo. `bullets`
    makes the bullet list definition and returns its numId; it is called only if a bullet
    style has to be added.
    """
    by_name = {}
    taken = set()
    for el in styles.iterchildren(w("style")):
        name = el.find(w("name"))
        sid = el.get(w("styleId"))
        taken.add(sid)
        if name is not None and sid:
            by_name.setdefault((el.get(w("type")), name.get(VAL, "").lower()), sid)
    ids: dict[str, str] = {}
    for style in STYLES:
        found = by_name.get((style.kind, style.name.lower()))
        if found:
            ids[style.key] = found
            continue
        sid = _free_id(style.key, taken)
        taken.add(sid)
        ids[style.key] = sid
        body = style.body.replace("{bullets}", bullets()) if "{bullets}" in style.body else style.body
        styles.append(_style_element(style, sid, ids.get(style.based_on or ""), body))
    return ids


def _free_id(key: str, taken: set[str]) -> str:
    sid, n = key, 1
    while sid in taken:
        n += 1
        sid = f"{key}{n}"
    return sid


def _style_element(style: StyleDef, sid: str, based_on: str | None, body: str) -> etree._Element:
    default = ' w:default="1"' if style.default else ""
    xml = [f'<w:style {NSDECL} w:type="{style.kind}"{default} w:styleId="{sid}">',
           f'<w:name w:val="{style.name}"/>']
    if based_on:
        xml.append(f'<w:basedOn w:val="{based_on}"/>')
    if style.hidden:
        xml.append('<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>')
    else:
        xml.append("<w:qFormat/>")
    xml.append(body)
    xml.append("</w:style>")
    return parse_xml("".join(xml))


# Children of rPr that come after w:lang in the schema.
_AFTER_LANG = (w("eastAsianLayout"), w("specVanish"), w("oMath"))


def set_default_language(styles: etree._Element, lang: str) -> None:
    """Make `lang` the language of every run that does not say otherwise (docDefaults)."""
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        defaults = etree.Element(w("docDefaults"))
        styles.insert(0, defaults)
    rpr_default = defaults.find(w("rPrDefault"))
    if rpr_default is None:
        rpr_default = etree.Element(w("rPrDefault"))
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(rpr_default, w("rPr"))
    el = child_in_order(rpr, w("lang"), _AFTER_LANG)
    el.set(VAL, lang)
