"""Values of Schematron variables: a let's literal content, and a rule's lets evaluated on first use."""
from __future__ import annotations

import copy

from lxml import etree


class Literal:
    """A let whose value is its content: the nodes as written (never run as XSLT)."""

    def __init__(self, content: list, sequence: bool) -> None:
        from elementpath import get_node_tree
        from elementpath.xpath_nodes import ElementNode

        holder = etree.Element("let")
        for el in content:
            holder.append(copy.deepcopy(el))
        self.elements = list(holder)
        tree = get_node_tree(etree.ElementTree(holder))
        self.nodes = list(tree.getroot().children) if sequence or len(content) != 1 \
            else [tree.getroot()]
        self.nodes = [n for n in self.nodes if isinstance(n, ElementNode)]


class LazyVariables(dict):
    """Variables of a rule for elementpath, each evaluated when an expression first reads it.

    Lets are in order: one evaluated later sees those before it, never those after it.
    """

    def __init__(self, outer: dict, lets: list, node, root) -> None:
        super().__init__(outer)
        self._lets = lets
        self._pending = {name: i for i, (name, _) in enumerate(lets)}
        self._node, self._root = node, root

    def __missing__(self, name: str):
        i = self._pending.pop(name, None)
        if i is None:
            raise KeyError(name)
        value = self._lets[i][1]
        if callable(value):
            expression = value()
            earlier = LazyVariables(dict(self), self._lets[:i], self._node, self._root)
            earlier._pending = {n: j for n, j in self._pending.items() if j < i}
            value = expression.value(self._node, self._root, earlier)
        self[name] = value
        return value

    def __contains__(self, name: object) -> bool:
        return dict.__contains__(self, name) or name in self._pending

    def copy(self) -> LazyVariables:
        # elementpath copies the variables for `for` and quantified expressions.
        twin = LazyVariables(dict(self), self._lets, self._node, self._root)
        twin._pending = dict(self._pending)
        return twin
