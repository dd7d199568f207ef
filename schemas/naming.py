"""How messages name elements, attributes and paths: as the document writes them."""
from __future__ import annotations

import functools
from collections.abc import Callable

from lxml import etree

from .grammar import Key

SHOWN = 15  # names listed in "allows: ..." before "and N more"


# Documents repeat a few names endlessly; bounded, so that a hostile one cannot grow it.
@functools.lru_cache(maxsize=1 << 16)
def key_of(tag: str) -> Key:
    """(namespace, local name) of an lxml tag or attribute name."""
    if tag[0] == "{":
        ns, local = tag[1:].split("}", 1)
        return (ns, local)
    return ("", tag)


def tag_of(key: Key) -> str:
    """The lxml spelling of a (namespace, local name)."""
    return f"{{{key[0]}}}{key[1]}" if key[0] else key[1]


def show(el: etree._Element) -> str:
    """<name> of an element, with its prefix as written."""
    return f"<{qualified(el)}>"


def qualified(el: etree._Element) -> str:
    """prefix:local of an element, as written."""
    local = etree.QName(el).localname
    return f"{el.prefix}:{local}" if el.prefix else local


def attribute_qname(el: etree._Element, name: str) -> str:
    """An attribute's name as written (xml:lang, xsi:schemaLocation, n)."""
    if name[0] != "{":
        return name
    ns, local = name[1:].split("}", 1)
    if ns == "http://www.w3.org/XML/1998/namespace":
        return f"xml:{local}"
    prefix = next((p for p, uri in el.nsmap.items() if uri == ns and p), None)
    return f"{prefix}:{local}" if prefix else local


def attribute_name(key: Key) -> str:
    """An attribute key for a message (xml:id, n, {uri}local)."""
    if key[0] == "http://www.w3.org/XML/1998/namespace":
        return f"xml:{key[1]}"
    return key[1] if not key[0] else f"{{{key[0]}}}{key[1]}"


def element_name(key: Key) -> str:
    """<local> of an element key."""
    return f"<{key[1]}>"


@functools.lru_cache(maxsize=4096)
def listed(keys: frozenset, show: Callable[[Key], str] = element_name) -> str:
    """Names for "allows: ..." (sorted, the first few, then how many more)."""
    names = sorted({show(k) for k in keys})
    if len(names) > SHOWN:
        return ", ".join(names[:SHOWN]) + f" and {len(names) - SHOWN} more"
    return ", ".join(names)


class Paths:
    """Readable paths (local names, a position only where siblings share the name), cached."""

    def __init__(self) -> None:
        self._paths: dict = {}
        self._positions: dict = {}

    def __call__(self, el: etree._Element) -> str:
        path = self._paths.get(el)
        if path is not None:
            return path
        # Up to the nearest ancestor whose path is known, then down: no recursion, as
        # documents may nest thousands of levels deep.
        missing = []
        node: etree._Element | None = el
        while path is None and node is not None:
            parent = node.getparent()
            missing.append((node, parent))
            path = self._paths.get(parent) if parent is not None else ""
            node = parent
        for node, parent in reversed(missing):
            step = qualified(node)
            if parent is not None:
                index, total = self._position(parent, node)
                if total > 1:
                    step += f"[{index}]"
            path = self._paths[node] = f"{path}/{step}"
        return path

    def _position(self, parent: etree._Element, el: etree._Element) -> tuple[int, int]:
        table = self._positions.get(parent)
        if table is None:
            counts: dict[str, int] = {}
            table = {}
            for child in parent.iterchildren(etree.Element):
                counts[child.tag] = counts.get(child.tag, 0) + 1
                table[child] = counts[child.tag]
            table = {c: (i, counts[c.tag]) for c, i in table.items()}
            self._positions[parent] = table
        return table[el]
