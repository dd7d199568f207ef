"""Page furniture: the classification in header and footer, "Page X of Y", and the text width."""
from __future__ import annotations

from docx.oxml import parse_xml
from lxml import etree

from .render import Renderer
from .wml import NSDECL, Wml, w

# Twips per EMU (python-docx gives page lengths in EMU).
_EMU_PER_TWIP = 635
DEFAULT_TEXT_WIDTH = 9638   # A4 less 2 cm margins, in twips


def text_width(document) -> int:
    """The width between the margins of the document's last section, in twips."""
    section = document.sections[-1]
    try:
        width = section.page_width - section.left_margin - section.right_margin - (section.gutter or 0)
    except TypeError:   # a page set-up that leaves one of them unsaid
        return DEFAULT_TEXT_WIDTH
    twips = int(width) // _EMU_PER_TWIP
    return twips if twips > 1000 else DEFAULT_TEXT_WIDTH


def page_furniture(document, r: Renderer, classification: str | None, page: str, of: str) -> None:
    """Put the classification at the top of every page's header and the bottom of every footer,
    and "Page X of Y" in every footer that does not number its pages already.

    A template's own header and footer content stays, above or below ours.
    """
    section = document.sections[-1]
    pairs = [(section.header, section.footer)]
    if section.different_first_page_header_footer:
        pairs.append((section.first_page_header, section.first_page_footer))
    if document.settings.odd_and_even_pages_header_footer:
        pairs.append((section.even_page_header, section.even_page_footer))
    for header, footer in pairs:
        if classification:
            root = _story(header)
            root.insert(0, _classification(r, classification))
        root = _story(footer)
        if not _numbers_pages(root):
            _page_line(r, root, page, of)
        if classification:
            root.append(_classification(r, classification))


def _story(header_or_footer) -> etree._Element:
    """The w:hdr or w:ftr root, made if needed, emptied if it holds nothing but empty lines."""
    if header_or_footer.is_linked_to_previous:
        header_or_footer.is_linked_to_previous = False
    root = header_or_footer.part.element
    if all(child.tag == w("p") and not _has_content(child) for child in root):
        for child in list(root):
            root.remove(child)
    return root


def _has_content(p: etree._Element) -> bool:
    return any(child.tag != w("pPr") for child in p)


def _numbers_pages(root: etree._Element) -> bool:
    instructions = [el.text or "" for el in root.iter(w("instrText"))]
    instructions += [el.get(w("instr"), "") for el in root.iter(w("fldSimple"))]
    return any("PAGE" in text.upper().split() for text in instructions)


def _classification(r: Renderer, text: str) -> etree._Element:
    out = Wml()
    out.paragraph(r.styles["MemoClassification"], text, r.look())
    return _element(out)


def _page_line(r: Renderer, root: etree._Element, page: str, of: str) -> None:
    out = Wml()
    look = r.look()
    out.open_paragraph(r.styles["MemoPageNumber"])
    out.text(f"{page} ", look)
    out.field("PAGE", "1", look)
    out.text(f" {of} ", look)
    out.field("NUMPAGES", "1", look)
    out.close_paragraph()
    root.append(_element(out))


def _element(out: Wml) -> etree._Element:
    """The one paragraph written in `out`, as an element."""
    return parse_xml(f"<w:hdr {NSDECL}>{out.xml()}</w:hdr>")[0]
