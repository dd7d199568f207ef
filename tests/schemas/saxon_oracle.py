"""A second opinion on Schematron verdicts: the same rules as XSLT, run by Saxon (saxonche).

apostilla's engine evaluates XPath 2.0 and 3.1 with elementpath (and lxml where XPath 1.0 means
the same). Here each rule of a schema, as apostilla read and expanded it, becomes an
`xsl:for-each` over the nodes its context matches (less those an earlier rule of its pattern
took), with its lets as variables and its checks as `xsl:if`: Saxon's own XPath evaluates
every context and test. The output is one line per failing check and node: the check's place
(pattern.rule.check) and the node's path().
"""
from __future__ import annotations

from lxml import etree

from apostilla.schemas.schematron.model import Let, Schema

XSL = "http://www.w3.org/1999/XSL/Transform"


def stylesheet(schema: Schema) -> bytes:
    """The XSLT that finds what `schema` reports, by Saxon's evaluation alone."""
    nsmap = {"xsl": XSL, **{p: u for p, u in schema.namespaces.items() if p and p != "xsl"}}
    root = etree.Element(f"{{{XSL}}}stylesheet", nsmap=nsmap, version="3.0")
    root.set("exclude-result-prefixes", "#all")
    etree.SubElement(root, f"{{{XSL}}}output", method="text")
    for let in schema.lets:
        _variable(root, let)
    template = etree.SubElement(root, f"{{{XSL}}}template", match="/")
    for pi, pattern in enumerate(schema.patterns):
        earlier: list[str] = []
        for ri, rule in enumerate(pattern.rules):
            select = f"//({rule.context})"
            if earlier:
                select = f"({select}) except ({' | '.join(earlier)})"
            earlier.append(f"//({rule.context})")
            loop = etree.SubElement(template, f"{{{XSL}}}for-each", select=select)
            for ci, check in enumerate(rule.checks):
                # An XPath error in a check is a finding at that node, as in apostilla.
                found = f"concat('{pi}.{ri}.{ci}', '\t', path(), '\n')"
                attempt = etree.SubElement(loop, f"{{{XSL}}}try")
                for let in rule.lets:
                    _variable(attempt, let)
                test = check.test or "true()"
                condition = f"not({test})" if check.kind == "assert" else f"boolean({test})"
                failing = etree.SubElement(attempt, f"{{{XSL}}}if", test=condition)
                etree.SubElement(failing, f"{{{XSL}}}value-of", select=found)
                catch = etree.SubElement(attempt, f"{{{XSL}}}catch")
                etree.SubElement(catch, f"{{{XSL}}}value-of", select=found)
    return etree.tostring(root)


def _variable(parent: etree._Element, let: Let) -> None:
    variable = etree.SubElement(parent, f"{{{XSL}}}variable", name=let.name)
    if let.value is not None:
        variable.set("select", let.value)
    else:
        for el in let.content:
            variable.append(etree.fromstring(etree.tostring(el)))
        if let.sequence:
            variable.set("as", "element()*")


class Oracle:
    """Saxon, with one schema's stylesheet compiled once."""

    def __init__(self, schema: Schema) -> None:
        from saxonche import PySaxonProcessor

        self._processor = PySaxonProcessor(license=False)
        compiler = self._processor.new_xslt30_processor()
        self._executable = compiler.compile_stylesheet(
            stylesheet_text=stylesheet(schema).decode("utf-8"))

    def failures(self, tree: etree._ElementTree) -> set[tuple[str, str]]:
        """(pattern.rule.check, path of the node) of every check that fails on the document."""
        text = etree.tostring(tree.getroot(), encoding="unicode")
        document = self._processor.parse_xml(xml_text=text)
        out = self._executable.transform_to_string(xdm_node=document) or ""
        return {tuple(line.split("\t", 1)) for line in out.splitlines() if line}


def path(node) -> str:
    """XPath 3.0's path() of a node from apostilla's engine (an lxml element, or a node of
    elementpath's tree)."""
    from elementpath.xpath_nodes import AttributeNode, DocumentNode, ElementNode, TextNode

    if isinstance(node, DocumentNode):
        return "/"
    if isinstance(node, ElementNode):
        node = node.value
    if isinstance(node, AttributeNode):
        qname = etree.QName(node.name)
        name = f"Q{{{qname.namespace}}}{qname.localname}" if qname.namespace else qname.localname
        return f"{path(node.parent)}/@{name}"
    if isinstance(node, TextNode):
        siblings = [n for n in node.parent.children if isinstance(n, TextNode)]
        return f"{path(node.parent)}/text()[{siblings.index(node) + 1}]"
    steps = []
    while node is not None:
        qname = etree.QName(node)
        same = [s for s in (node.getparent() if node.getparent() is not None else [node])
                if s.tag == node.tag]
        steps.append(f"Q{{{qname.namespace or ''}}}{qname.localname}[{same.index(node) + 1}]")
        node = node.getparent()
    return "/" + "/".join(reversed(steps))
