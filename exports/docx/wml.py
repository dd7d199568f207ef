"""WordprocessingML written as escaped text: paragraphs, runs with their look, fields, tables.

A memo body has tens of thousands of runs; making each as lxml elements costs seconds, writing
it as text costs tens of milliseconds. Everything that goes into the text passes through
`escape` or `attr`, and adjacent text in the same look is merged into one run.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECL = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{tag}"


VAL = w("val")

# What XML 1.0 cannot carry (a --subject typed in a shell might hold one), lone surrogates included.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Word proofs a language by its full tag; a bare "es" is matched to a dictionary less reliably.
_REGION = {"en": "en-US", "es": "es-ES", "fr": "fr-FR", "de": "de-DE", "it": "it-IT",
           "pt": "pt-PT", "ca": "ca-ES", "gl": "gl-ES", "eu": "eu-ES", "nl": "nl-NL"}


def word_lang(tag: str) -> str:
    """The tag Word expects in w:lang: a bare common language gets its usual region."""
    return _REGION.get(tag.lower(), tag)


def escape(text: str) -> str:
    """`text` as XML character data, with characters XML cannot hold dropped."""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    """`value` as a double-quoted XML attribute value, quotes included."""
    return '"' + escape(value).replace('"', "&quot;") + '"'


class Look(NamedTuple):
    """How a run looks: its character style id (None: none), direct bold/italic, its language."""

    style: str | None
    bold: bool
    italic: bool
    lang: str


@lru_cache(maxsize=256)
def run_properties(look: Look) -> str:
    """The w:rPr of `look`, its children in schema order (rStyle, b, i, ..., lang)."""
    style = f"<w:rStyle w:val={attr(look.style)}/>" if look.style else ""
    return (f"<w:rPr>{style}{'<w:b/>' if look.bold else ''}{'<w:i/>' if look.italic else ''}"
            f"<w:lang w:val={attr(look.lang)}/></w:rPr>")


class Wml:
    """A WordprocessingML fragment being written, block by block and run by run.

    It remembers whether the last block was a paragraph or a table, because Word wants
    every table cell to end with a paragraph and two tables in a row to be kept apart.
    """

    def __init__(self) -> None:
        self._out: list[str] = []
        self._look: Look | None = None
        self._texts: list[str] = []
        self._last = ""

    def xml(self) -> str:
        """Everything written so far."""
        self._flush()
        return "".join(self._out)

    def _flush(self) -> None:
        if self._texts:
            text = "".join(self._texts)
            self._texts = []
            space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
            self._out.append(f"<w:r>{run_properties(self._look)}<w:t{space}>{escape(text)}</w:t></w:r>")

    def text(self, text: str, look: Look) -> None:
        """Text in `look`, joined to the run before it when that has the same look."""
        if not text:
            return
        if look != self._look:
            self._flush()
            self._look = look
        self._texts.append(text)

    def run(self, look: Look, inner: str) -> None:
        """A run holding the trusted markup `inner` (a tab, a break, a footnote reference)."""
        self._flush()
        self._out.append(f"<w:r>{run_properties(look)}{inner}</w:r>")

    def raw(self, markup: str) -> None:
        """Trusted markup, as it is."""
        self._flush()
        self._out.append(markup)

    def field(self, instruction: str, shown: str, look: Look) -> None:
        """A complex field, e.g. PAGE, with `shown` as its result until it is updated."""
        self.run(look, '<w:fldChar w:fldCharType="begin"/>')
        self.run(look, f'<w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText>')
        self.run(look, '<w:fldChar w:fldCharType="separate"/>')
        self.text(shown, look)
        self.run(look, '<w:fldChar w:fldCharType="end"/>')

    def open_paragraph(self, style: str | None, keep_next: bool = False) -> None:
        """Start a paragraph in paragraph style id `style` (None: Normal); `keep_next`: on the same
        page as the next one."""
        self._flush()
        keep = "<w:keepNext/>" if keep_next else ""
        if style:
            self._out.append(f"<w:p><w:pPr><w:pStyle w:val={attr(style)}/>{keep}</w:pPr>")
        else:
            self._out.append(f"<w:p><w:pPr>{keep}</w:pPr>" if keep else "<w:p>")

    def close_paragraph(self) -> None:
        self._flush()
        self._out.append("</w:p>")
        self._last = "p"

    def paragraph(self, style: str | None, text: str = "", look: Look | None = None) -> None:
        """A whole paragraph of plain text (empty when no text is given)."""
        self.open_paragraph(style)
        if text and look is not None:
            self.text(text, look)
        self.close_paragraph()

    def open_table(self, style: str, widths: list[int]) -> None:
        """Start a table across sum(widths) twips, fixed layout, header row styled as such."""
        self._flush()
        if self._last == "tbl":
            self._out.append("<w:p/>")   # two tables in a row would merge into one
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        # tblLook's w:val is its switches as one hex mask, which Word 2007 reads.
        self._out.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val={attr(style)}/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            '<w:tblLayout w:type="fixed"/><w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" '
            'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>")

    def close_table(self) -> None:
        self._flush()
        self._out.append("</w:tbl>")
        self._last = "tbl"

    def open_row(self, header: bool, keep: bool = False) -> None:
        """Start a row; a header row repeats on every page; header and `keep` rows never split."""
        self._flush()
        if header:
            self._out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        else:
            self._out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" if keep else "<w:tr>")

    def close_row(self) -> None:
        self._flush()
        self._out.append("</w:tr>")

    def open_cell(self, width: int, span: int = 1) -> None:
        """Start a cell `width` twips wide, across `span` grid columns."""
        self._flush()
        across = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        self._out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{across}</w:tcPr>')
        self._last = ""

    def close_cell(self, style: str) -> None:
        """End a cell, first giving it an empty paragraph in `style` unless it ends with one."""
        if self._last != "p":
            self.paragraph(style)
        self._flush()
        self._out.append("</w:tc>")


def child_in_order(parent, tag: str, followers: frozenset | set | tuple) -> "etree._Element":
    """parent's `tag` child, created before the first child that OOXML wants after it."""
    from lxml import etree

    child = parent.find(tag)
    if child is None:
        child = etree.Element(tag)
        later = next((kid for kid in parent if kid.tag in followers), None)
        if later is None:
            parent.append(child)
        else:
            later.addprevious(child)
    return child
