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

    def element(self, el: etree._Element) -> tuple[int | None, int | None]:
        """Where the element's start tag begins; the parser's line alone if it is not in the text."""
        found = self._find(el)
        return (el.sourceline, None) if found is None else (found[0], found[1])

    def attribute(self, el: etree._Element, name: str) -> tuple[int | None, int | None]:
        """Where attribute `name` ({ns}local or local) is written in the element's start tag."""
        found = self._find(el)
        if found is None:
            return (el.sourceline, None)
        line, column, attrs, attrs_line, attrs_column = found
        local = name.rsplit("}", 1)[-1]
        m = re.search(r"(?:^|\s)((?:[^\s=:]+:)?%s)\s*=" % re.escape(local), attrs)
        if m is None:
            return (line, column)
        before = attrs[:m.start(1)]
        if "\n" not in before:
            return (attrs_line, attrs_column + m.start(1))
        return (attrs_line + before.count("\n"), m.start(1) - before.rfind("\n"))

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
