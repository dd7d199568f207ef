"""Line and column of elements and attributes, read from the source text (libxml2 gives no column)."""
from __future__ import annotations

import bisect
import re

from lxml import etree

_START_TAG = r"""<(?P<name>[^\s/>!?]+)(?P<attrs>[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*)>"""
_TAG_IN_LINE = re.compile(_START_TAG)
# All markup in document order: only start tags are kept, the rest is matched so that a `<`
# inside a comment, CDATA section or processing instruction is never taken for an element.
_MARKUP = re.compile(_START_TAG + r"""
  | </[^>]*>
  | <!--.*?-->
  | <!\[CDATA\[.*?\]\]>
  | <\?.*?\?>
  | <!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>
""", re.S | re.X)


# One attribute of a start tag's attribute text: its name as written, and its quoted value
# (matched whole, so that `x=` inside another attribute's value is never taken for one).
_ATTRIBUTE = re.compile(r"""([^\s=]+)\s*=\s*(?:"[^"]*"|'[^']*')""")
_XML_NS = "http://www.w3.org/XML/1998/namespace"

_UNKNOWN = object()
_COUNT_UP_TO = 50  # elements before one on its line that the quick way counts (see _on_its_line)


class Positions:
    """Maps elements (and their attributes) to 1-based (line, column) in the source."""

    def __init__(self, data: bytes, tree: etree._ElementTree) -> None:
        self._text = _decode(data, tree.docinfo.encoding)
        self._tree = tree
        self._lines: list[str] | None = None
        self._whole: dict | None = None  # element -> (offset, attrs start, attrs end)
        self._line_starts: list[int] = []
        self._line_tags: dict[int, list[re.Match]] = {}
        self._tags: dict[etree._Element, _StartTag | None] = {}

    def element(self, el: etree._Element) -> tuple[int | None, int | None]:
        """Where the element's start tag begins; the parser's line alone if it is not in the text."""
        found = self._find(el)
        return (el.sourceline, None) if found is None else (found[0], found[1])

    def attribute(self, el: etree._Element, name: str) -> tuple[int | None, int | None]:
        """Where attribute `name` ({ns}local or local) is written in the element's start tag."""
        tag = self._start_tag(el)
        if tag is None:
            return (el.sourceline, None)
        offset = _offset_of(tag.written(), el, name)
        if offset is None:
            return (tag.line, tag.column)
        newlines = tag.newlines()
        lines_before = bisect.bisect_right(newlines, offset)
        if not lines_before:
            return (tag.attrs_line, tag.attrs_column + offset)
        return (tag.attrs_line + lines_before, offset - newlines[lines_before - 1])

    def _start_tag(self, el: etree._Element) -> _StartTag | None:
        # Kept per element: thousands of attribute findings on one element then cost no more
        # than as many on different elements.
        tag = self._tags.get(el, _UNKNOWN)
        if tag is _UNKNOWN:
            found = self._find(el)
            tag = self._tags[el] = None if found is None else _StartTag(*found)
        return tag

    def _find(self, el: etree._Element) -> tuple | None:
        """(line, column, attribute text, its line, its column) of the element's start tag."""
        if self._whole is None:
            found = self._on_its_line(el)
            if found is not None:
                return found
        return self._from_whole_text(el)

    def _on_its_line(self, el: etree._Element) -> tuple | None:
        # The quick way: libxml2 gives the line where the start tag ends; when the tag is on one
        # line, it is the n-th tag of that line, n counted among the elements on that line.
        # Where many elements share a line (a document written on one line), counting them
        # for each message would take quadratic time: the whole text is indexed once instead.
        line = el.sourceline
        if not line:
            return None
        if self._lines is None:
            self._lines = self._text.split("\n")
        if line > len(self._lines):
            return None
        n = _earlier_on_line(el, line, _COUNT_UP_TO)
        if n is None:
            return None
        tags = self._line_tags.get(line)
        if tags is None:
            tags = self._line_tags[line] = list(_TAG_IN_LINE.finditer(self._lines[line - 1]))
        if n >= len(tags) or _local(tags[n].group("name")) != _local(el.tag):
            return None
        m = tags[n]
        return (line, m.start() + 1, m.group("attrs"), line, m.start("attrs") + 1)

    def _from_whole_text(self, el: etree._Element) -> tuple | None:
        if self._whole is None:
            self._whole = {}
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
            tags = [m for m in _MARKUP.finditer(self._text) if m.group("name")]
            i = 0
            # Tags and elements pair up in order; an element made by an entity has no tag in
            # the text and is passed over (it keeps only the parser's line).
            for node in self._tree.iter(etree.Element):
                if i >= len(tags):
                    break
                if _local(tags[i].group("name")) == _local(node.tag):
                    self._whole[node] = tags[i]
                    i += 1
        m = self._whole.get(el)
        if m is None:
            return None
        line, column = self._line_col(m.start())
        attrs_line, attrs_column = self._line_col(m.start("attrs"))
        return (line, column, m.group("attrs"), attrs_line, attrs_column)

    def _line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset)
        return (line, offset - self._line_starts[line - 1] + 1)


class _StartTag:
    """Where an element's start tag and its attributes are written."""

    def __init__(self, line: int, column: int, attrs: str, attrs_line: int,
                 attrs_column: int) -> None:
        self.line, self.column = line, column
        self.attrs, self.attrs_line, self.attrs_column = attrs, attrs_line, attrs_column
        self._written: dict[str, int] | None = None
        self._newlines: list[int] | None = None

    def written(self) -> dict[str, int]:
        """Each attribute name as written (`a`, `xml:id`) -> its offset in the attribute text;
        read once, so that thousands of attributes on one element cost linear time."""
        if self._written is None:
            self._written = {}
            for m in _ATTRIBUTE.finditer(self.attrs):
                name = m.group(1)
                self._written.setdefault(name, m.start(1))
                # By local name too, for a prefix the element's namespace map does not show.
                self._written.setdefault("*:" + name.rsplit(":", 1)[-1], m.start(1))
        return self._written

    def newlines(self) -> list[int]:
        """The offsets of the line breaks in the attribute text."""
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.attrs)]
        return self._newlines


def _offset_of(written: dict[str, int], el: etree._Element, name: str) -> int | None:
    """The offset of attribute `name` ({ns}local or local) among those `written` on `el`."""
    if not name.startswith("{"):
        return written.get(name)
    uri, local = name[1:].split("}", 1)
    prefixes = ["xml"] if uri == _XML_NS else [p for p, u in el.nsmap.items() if u == uri and p]
    found = [written[f"{p}:{local}"] for p in prefixes if f"{p}:{local}" in written]
    return min(found) if found else written.get("*:" + local)


def _earlier_on_line(el: etree._Element, line: int, up_to: int) -> int | None:
    """How many elements come before `el`, in document order, with their tag ending on `line`;
    None when there are more than `up_to`."""
    count = 0
    node = _previous(el)
    while node is not None and node.sourceline == line:
        count += 1
        if count > up_to:
            return None
        node = _previous(node)
    return count


def _previous(el: etree._Element) -> etree._Element | None:
    """The element just before `el` in document order (its previous sibling's last descendant)."""
    sibling = el.getprevious()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getprevious()
    if sibling is None:
        return el.getparent()
    while True:
        last = None
        for child in reversed(sibling):
            if isinstance(child.tag, str):
                last = child
                break
        if last is None:
            return sibling
        sibling = last


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _decode(data: bytes, encoding: str | None) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode(encoding or "utf-8", errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")
