"""Turns a failed RELAX NG check into messages that name the element, its path and what was expected."""
from __future__ import annotations

# libxml2's log gives the verdict's reasons in its own terms, with column 0, sometimes on the
# wrong element (its backtracking reports an ancestor, or a sibling of the real culprit) and
# sometimes vaguely ("Expecting an element , got nothing"). So the explanation starts from what
# the grammar says exactly: a child element or an attribute whose name the parent's patterns
# never mention, and required attributes that are absent. libxml2's entries are kept for what
# those checks cannot see (order, number, values), minus the ones explained already.
import re
from collections.abc import Iterable

from lxml import etree

from .allowed import Allowed, AllowedIndex, value_forms
from .naming import Paths, attribute_name, attribute_qname, key_of, listed, show, tag_of
from .parsing import Document
from .report import Issue

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_NAME_IN = {
    "RELAXNG_ERR_EXTRACONTENT": re.compile(r"Element (\S+) has extra content: (\S+)"),
    "RELAXNG_ERR_ELEMNAME": re.compile(r"Expecting element (\S*), got (\S+)"),
    "RELAXNG_ERR_ELEMWRONG": re.compile(r"Did not expect element (\S+) there"),
    "RELAXNG_ERR_NOELEM": re.compile(r"Expecting an element (\S*), got nothing"),
    "RELAXNG_ERR_INVALIDATTR": re.compile(r"Invalid attribute (\S+) for element (\S+)"),
    "RELAXNG_ERR_TYPEVAL": re.compile(r"Type (\S+) doesn't allow value '(.*)'", re.S),
    "RELAXNG_ERR_LISTEXTRA": re.compile(r"Extra data in list: (.*)", re.S),
}
# Entries that only repeat, one level up, that something inside went wrong.
_SUMMARIES = {"RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_ATTRVALID", "RELAXNG_ERR_DATATYPE",
              "RELAXNG_ERR_LIST", "RELAXNG_ERR_NOTELEM", "RELAXNG_ERR_TYPE"}


class Explainer:
    """Explains RELAX NG failures of documents against one grammar (or without one)."""

    def __init__(self, allowed: AllowedIndex | None, schema: str) -> None:
        self.allowed = allowed
        self.schema = schema
        self._prefix_map: dict[str, str] | None = None
        self._by_tag: dict[str, Allowed | None] = {}
        self._path = Paths()

    def exact(self, doc: Document) -> dict:
        """Findings the grammar states exactly (see the module's docstring), by what they are
        about; pass them on to `explain`."""
        self._path = Paths()
        return self._exact(doc) if self.allowed is not None else {}

    def explain(self, doc: Document, log: Iterable[tuple[str, str, str, int]],
                exact: dict) -> list[Issue]:
        """Issues for a document the grammar rejected: the `exact` findings, and libxml2's
        `log` of (type, message, path, line) entries where they add something."""
        issues = [issue for _, issue in exact.values()]
        flagged = {el for el, _ in exact.values()}
        seen = {(i.line, i.column, i.rule) for i in issues}
        self._prefix_map = None
        self._element_children: dict = {}
        entries = [self._entry(doc, *e) for e in log]
        entries = sorted((e for e in entries if e is not None),
                         key=lambda e: e[0] != "RELAXNG_ERR_ELEMNAME")
        specific = [e for e in entries if e[0] not in _SUMMARIES]
        for kind, el, issue in entries:
            if flagged and _near(el, flagged):
                continue  # libxml2's consequence of an error explained exactly
            if kind in _SUMMARIES and any(_inside(other, el) for _, other, _ in specific):
                continue
            key = (issue.line, issue.column, issue.rule)
            if key not in seen:
                seen.add(key)
                issues.append(issue)
        if not issues:
            issues.append(Issue(1, 1, "the document does not match the schema", "rng-invalid",
                                self.schema))
        return issues

    # ------------------------------------------------------------------ exact checks
    def _exact(self, doc: Document) -> dict:
        found: dict = {}
        root = doc.tree.getroot()
        start = self.allowed.start()
        if not start.any_child and key_of(root.tag) not in start.children:
            found[("root",)] = (root, self._issue(doc, root, "rng-root-not-allowed",
                                f"the root element {show(root)} is not allowed; expected "
                                f"{listed(start.children)}"))
        # Which (parent, child) and (element, attribute) pairs break a rule follows from the
        # names each tag has (Document.scan, which has run); elements are visited only where a
        # pair does.
        disallowed = self._disallowed_children(doc)
        bad_attributes = self._disallowed_attributes(doc)
        required = self._required(doc)
        look = set(disallowed).union(bad_attributes, required)
        if not look:
            return found
        for el in root.iter(*look):
            tag = el.tag
            parent_tags = disallowed.get(tag)
            if parent_tags:
                parent = el.getparent()
                if parent is not None and parent.tag in parent_tags:
                    rules = self._rules(parent.tag)
                    found[(el,)] = (el, self._issue(
                        doc, el, "rng-element-not-allowed",
                        f"element {show(el)} is not allowed in {show(parent)} "
                        f"(at {self._path(el)}); {show(parent)} allows "
                        f"{listed(rules.children) if rules.children else 'no child elements'}"))
            names = bad_attributes.get(tag)
            if names:
                for name in el.keys():
                    if name in names:
                        found[(el, name)] = (el, self._attribute_issue(
                            doc, el, name, self._rules(tag)))
            for key, name in required.get(tag, ()):
                if el.get(name) is None:
                    found[(el, key)] = (el, self._issue(
                        doc, el, "rng-attribute-missing",
                        f"{show(el)} lacks the required attribute {attribute_name(key)} "
                        f"(at {self._path(el)})"))
        return found

    def _disallowed_children(self, doc: Document) -> dict[str, set[str]]:
        """child tag -> the tags of the parents it occurs in and is not allowed in."""
        out: dict[str, set[str]] = {}
        for parent, kids in doc.children.items():
            rules = self._rules(parent) if isinstance(parent, str) else None
            if rules is None or rules.any_child:
                continue
            for kid in kids:
                if isinstance(kid, str) and key_of(kid) not in rules.children:
                    out.setdefault(kid, set()).add(parent)
        return out

    def _disallowed_attributes(self, doc: Document) -> dict[str, set[str]]:
        """tag -> the attribute names it carries somewhere and does not allow."""
        out: dict[str, set[str]] = {}
        for tag, names in doc.attributes.items():
            rules = self._rules(tag) if isinstance(tag, str) else None
            if rules is None or rules.any_attribute:
                continue
            bad = {name for name in names if key_of(name) not in rules.attributes}
            if bad:
                out[tag] = bad
        return out

    def _required(self, doc: Document) -> dict[str, tuple]:
        """tag -> its required attributes as (key, lxml name), for the tags the document uses."""
        out = {}
        for tag in doc.tags:
            rules = self._rules(tag)
            if rules is not None and rules.required_attributes:
                out[tag] = tuple((key, tag_of(key)) for key in rules.required_attributes)
        return out

    def _rules(self, tag: str) -> Allowed | None:
        """What the grammar allows in elements with this tag, remembered per tag."""
        if tag not in self._by_tag:
            self._by_tag[tag] = self.allowed.allowed(key_of(tag))
        return self._by_tag[tag]

    def _attribute_issue(self, doc: Document, el: etree._Element, name: str,
                         rules: Allowed) -> Issue:
        line, column = doc.positions.attribute(el, name)
        allowed = listed(rules.attributes, attribute_name) if rules.attributes else "no attributes"
        return Issue(line, column, f"attribute {attribute_qname(el, name)} is not allowed on {show(el)} "
                     f"(at {self._path(el)}); allowed: {allowed}", "rng-attribute-not-allowed",
                     self.schema)

    # ------------------------------------------------------------------ libxml2's log
    def _entry(self, doc: Document, kind: str, message: str, path: str,
               line: int) -> tuple | None:
        if self._prefix_map is None and path and ":" in path:
            self._prefix_map = _prefixes(doc)
        el = _resolve(doc, path, self._prefix_map or {}, self._element_children)
        if el is None:
            # Some entries come without a path; the element they name is the best guess.
            named = re.match(r"Element (\S+) ", message)
            local = named.group(1).rsplit(":", 1)[-1] if named else None
            el = next((e for e in doc.tree.iter(etree.Element)
                       if local and e.tag.rsplit("}", 1)[-1] == local), None)
        m = _NAME_IN.get(kind, re.compile("$^")).search(message)
        if kind == "RELAXNG_ERR_INVALIDATTR" and m:
            owner = _named(el, m.group(2))
            name = next((a for a in (owner.keys() if owner is not None else [])
                         if a.rsplit("}", 1)[-1] == m.group(1).rsplit(":", 1)[-1]), m.group(1))
            if owner is not None:
                rules = self.allowed.allowed(key_of(owner.tag)) if self.allowed else None
                if rules is not None and (key_of(name) in rules.attributes or rules.any_attribute):
                    # The name is allowed, so libxml2 rejected the value.
                    return (kind, owner, self._bad_value(doc, owner, name))
                if rules is not None:
                    return (kind, owner, self._attribute_issue(doc, owner, name, rules))
                line, column = doc.positions.attribute(owner, name)
                return (kind, owner, Issue(line, column, f"attribute {m.group(1)} is not allowed "
                        f"on {show(owner)} (at {self._path(owner)})", "rng-attribute-not-allowed",
                        self.schema))
        if el is None:
            return (kind, None, Issue(line or None, None, message, "rng-invalid", self.schema))
        parent = el.getparent()
        if kind in ("RELAXNG_ERR_EXTRACONTENT", "RELAXNG_ERR_ELEMWRONG") and parent is not None:
            return (kind, el, self._issue(doc, el, "rng-element-misplaced",
                    f"element {show(el)} is not allowed at this position in {show(parent)} "
                    f"(at {self._path(el)}){self._missing(parent) or self._allows(parent)}"))
        if kind == "RELAXNG_ERR_ELEMNAME" and m:
            expected = f"; expected <{m.group(1)}> here" if m.group(1) else ""
            where = f" in {show(parent)}" if parent is not None else ""
            return (kind, el, self._issue(doc, el, "rng-element-misplaced",
                    f"element {show(el)} is not allowed at this position{where} "
                    f"(at {self._path(el)}){expected or self._missing(parent)}"))
        if kind == "RELAXNG_ERR_NOELEM":
            if m and m.group(1):
                missing = f": <{m.group(1)}> is missing"
            else:
                missing = self._missing(el) or f": a required child element is missing" \
                    f"{self._allows(el)}"
            return (kind, el, self._issue(doc, el, "rng-element-missing",
                    f"{show(el)} is incomplete (at {self._path(el)}){missing}"))
        if kind == "RELAXNG_ERR_TEXTWRONG":
            return (kind, el, self._issue(doc, el, "rng-text-not-allowed",
                    f"text is not allowed directly in {show(el)} (at {self._path(el)})"))
        if kind in ("RELAXNG_ERR_TYPEVAL", "RELAXNG_ERR_LISTEXTRA") and m:
            return (kind, el, self._value_issue(doc, el, kind, m))
        if kind == "RELAXNG_ERR_CONTENTVALID":
            return (kind, el, self._issue(doc, el, "rng-content-invalid",
                    f"the content of {show(el)} does not match the schema (at {self._path(el)})"))
        if kind == "RELAXNG_ERR_ATTRVALID":
            owner = _named(el, message.split()[1] if message.startswith("Element ") else "")
            owner = owner if owner is not None else el
            return (kind, owner, self._issue(doc, owner, "rng-attribute-invalid",
                    f"the attributes of {show(owner)} do not match the schema "
                    f"(at {self._path(owner)}): check their values"))
        return (kind, el, self._issue(doc, el, "rng-invalid",
                f"{message.rstrip('.')} (in {show(el)} at {self._path(el)})"))

    def _bad_value(self, doc: Document, el: etree._Element, name: str) -> Issue:
        line, column = doc.positions.attribute(el, name)
        value = el.get(name)
        where = f"(at {self._path(el)})"
        if name == _XML_ID:
            twin = next((o for o in doc.tree.iter(etree.Element)
                         if o.get(_XML_ID) == value and o is not el), None)
            if twin is not None:
                return Issue(line, column, f'xml:id "{value}" of {show(el)} is not unique: '
                             f"{show(twin)} on line {doc.positions.element(twin)[0]} has it too "
                             f"{where}", "rng-id-not-unique", self.schema)
        forms = value_forms(self.allowed.grammar, key_of(el.tag), key_of(name))
        expected = f"; expected {' | '.join(forms)}" if forms else ""
        return Issue(line, column, f"attribute {attribute_qname(el, name)} of {show(el)} has a value "
                     f"the schema does not accept: {value!r}{expected} {where}",
                     "rng-value-invalid", self.schema)

    def _value_issue(self, doc: Document, el: etree._Element, kind: str, m: re.Match) -> Issue:
        if kind == "RELAXNG_ERR_LISTEXTRA":
            # A value with more tokens than its list allows (TEI's single pointers are such
            # lists in a cut schema): name the attribute that holds it.
            extra = m.group(1).strip()
            for owner in (el, el.getparent()):
                for name, found in owner.items() if owner is not None else ():
                    if extra and extra in found.split():
                        return self._bad_value(doc, owner, name)
            return self._issue(doc, el, "rng-value-invalid",
                               f"unexpected extra value {m.group(1)!r} in {show(el)} "
                               f"(at {self._path(el)})")
        datatype, value = m.group(1), m.group(2)
        # libxml2 does not say which attribute held the value; the value itself tells.
        for owner in (el, el.getparent()):
            if owner is None:
                continue
            for name, found in owner.items():
                if found == value:
                    line, column = doc.positions.attribute(owner, name)
                    return Issue(line, column, f"attribute {attribute_qname(owner, name)} of "
                                 f"{show(owner)}: {value!r} is not a valid {datatype} "
                                 f"(at {self._path(owner)})", "rng-value-invalid", self.schema)
        return self._issue(doc, el, "rng-value-invalid",
                           f"{value!r} is not a valid {datatype} in {show(el)} (at {self._path(el)})")

    def _missing(self, el: etree._Element | None) -> str:
        """'; <el> requires <x>, which is missing' when a required child is absent."""
        rules = self.allowed.allowed(key_of(el.tag)) if self.allowed and el is not None else None
        if rules is None:
            return ""
        present = {key_of(c.tag) for c in el.iterchildren(etree.Element)}
        missing = rules.required_children - present
        if not missing:
            return ""
        return (f"; {show(el)} requires {listed(frozenset(missing))}, "
                f"{'which is' if len(missing) == 1 else 'which are'} missing")

    def _allows(self, el: etree._Element) -> str:
        rules = self.allowed.allowed(key_of(el.tag)) if self.allowed else None
        if rules is None or rules.any_child:
            return ""
        if not rules.children:
            return f"; {show(el)} allows no child elements"
        return f"; {show(el)} allows {listed(rules.children)}"

    def _issue(self, doc: Document, el: etree._Element, rule: str, message: str) -> Issue:
        line, column = doc.positions.element(el)
        return Issue(line, column, message, rule, self.schema)


def _resolve(doc: Document, path: str, prefixes: dict[str, str],
             element_children: dict) -> etree._Element | None:
    """The element at libxml2's path. Paths of elements in a default namespace are positions
    only (/*/*[2]/*[7]); those are followed through `element_children`, filled as needed, as
    an XPath `*[n]` step would count every sibling before it for each message."""
    if not path:
        return None
    steps = path.split("/")[1:]
    if steps and all(_POSITION.fullmatch(step) for step in steps):
        el = None
        for step in steps:
            n = int(step[2:-1]) if len(step) > 1 else 1
            if el is None:
                candidates = [doc.tree.getroot()]
            else:
                candidates = element_children.get(el)
                if candidates is None:
                    candidates = element_children[el] = [
                        c for c in el if isinstance(c.tag, str)]
            if n > len(candidates):
                return None
            el = candidates[n - 1]
        return el
    try:
        found = doc.tree.xpath(path, namespaces=prefixes)
    except etree.XPathError:
        return None
    return found[0] if found and isinstance(found[0], etree._Element) else None


_POSITION = re.compile(r"\*(?:\[[1-9][0-9]*\])?")


def _prefixes(doc: Document) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in doc.tree.iter(etree.Element):
        for prefix, uri in el.nsmap.items():
            if prefix:
                out.setdefault(prefix, uri)
    return out


def _named(el: etree._Element | None, name: str) -> etree._Element | None:
    """libxml2's path may point at a child of the element its message names."""
    local = name.rsplit(":", 1)[-1]
    for candidate in (el, el.getparent() if el is not None else None):
        if candidate is not None and etree.QName(candidate).localname == local:
            return candidate
    return el


def _inside(el: etree._Element | None, ancestor: etree._Element | None) -> bool:
    if el is None or ancestor is None:
        return False
    return el is ancestor or any(a is ancestor for a in el.iterancestors())


def _near(el: etree._Element | None, flagged: set) -> bool:
    """On a flagged element, one of its ancestors, or a child of one."""
    if el is None:
        return False
    if el in flagged:
        return True
    parent = el.getparent()
    if parent is not None and parent in flagged:
        return True
    return any(_inside(f, el) for f in flagged)
