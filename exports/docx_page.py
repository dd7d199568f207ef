"""Page furniture: the classification in header and footer, "Page X of Y", and the text width."""
from __future__ import annotations

from lxml import etree

from .docx_render import Renderer
from .docx_xml import field_runs, paragraph, text_run, w

# Twips per EMU (python-docx gives page lengths in EMU).
_EMU_PER_TWIP = 635
DEFAULT_TEXT_WIDTH = 9070   # A4 less 2.5 cm margins, in twips


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
    p = paragraph(etree.Element(w("hdr")), r.styles["MemoClassification"])
    text_run(p, text, r.look())
    return p


def _page_line(r: Renderer, root: etree._Element, page: str, of: str) -> None:
    p = paragraph(root, r.styles["MemoPageNumber"])
    look = r.look()
    text_run(p, f"{page} ", look)
    field_runs(p, "PAGE", "1", look)
    text_run(p, f" {of} ", look)
    field_runs(p, "NUMPAGES", "1", look)
