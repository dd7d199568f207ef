"""RELAX NG validation with libxml2, against schemas cut down to each document's names."""
from __future__ import annotations

# Compiling tei_all whole takes libxml2 seconds; cut down to the names one document uses (see
# prune.py) it compiles in milliseconds and gives the same verdict. Compiled schemas are kept
# for the run. For a batch, documents without long child lists share one schema made of every
# name the grammar knows (cheap to build once the grammar is simplified); documents with long
# lists get their own, whose content models libxml2 turns into automata that check long lists
# fast, and so do invalid documents, whose messages read better from such a schema.

from collections import OrderedDict
from pathlib import Path

from lxml import etree

from ..annotations.errors import BadInput
from .allowed import AllowedIndex
from .cache import load_grammar
from .grammar import Grammar, NotPrunable
from .messages import Explainer
from .parsing import Document
from .prune import pruned_xml
from .report import Issue

LONG_LIST = 50  # children of one element from which a document gets its own schema
_CACHE_SIZE = 64


class RelaxngSchema:
    """A RELAX NG schema (XML or compact syntax) that checks documents."""

    def __init__(self, data: bytes, name: str, base_url: str | None = None) -> None:
        self.name = name
        self.shared = False  # set for batches: see the note at the top
        self.source_bytes, self._base_url = data, base_url
        self._whole: etree.RelaxNG | None = None
        self._own: OrderedDict[frozenset, etree.RelaxNG | None] = OrderedDict()
        self._common: etree.RelaxNG | None = None
        try:
            self.grammar: Grammar | None = load_grammar(data, base_url)
        except NotPrunable:
            self.grammar = None
        except etree.XMLSyntaxError as exc:
            raise BadInput(f"the schema is not well-formed XML: {exc}", file=name) from None
        self.explainer = Explainer(AllowedIndex(self.grammar) if self.grammar else None, name)

    @classmethod
    def from_file(cls, path: Path, name: str) -> RelaxngSchema:
        """Reads .rng, or .rnc through rnc2rng (which must then be installed)."""
        data = path.read_bytes()
        if path.suffix.lower() == ".rnc":
            from .compact import rnc_to_rng
            data = rnc_to_rng(data.decode("utf-8"), name)
        return cls(data, name, str(path))

    def check(self, doc: Document, names: frozenset, long: frozenset) -> list[Issue]:
        """Issues found in `doc`; `names` and `long` come from `Document.scan`.

        `names` may hold more names than the document uses (see Validator.validate_files).
        """
        if self.grammar is None:
            schema = self._whole_schema()
            if schema.validate(doc.tree):
                return []
            return self.explainer.explain(doc, _log(schema), self.explainer.exact(doc))
        keys = names & self.grammar.keys
        shared = self.shared and not long
        schema = self._common_schema() if shared else self._own_schema(keys)
        if schema is not None and schema.validate(doc.tree):
            return []
        # The verdict is in; now the reasons. What the grammar says exactly comes first.
        exact = self.explainer.exact(doc)
        if exact and shared:
            # The shared schema's log comes from backtracking and often blames the wrong
            # element; with exact findings in hand it is not worth a schema of its own.
            return self.explainer.explain(doc, [], exact)
        # libxml2's reasons, from a schema whose content models are automata (backtracking
        # blames the wrong element) and which still has the elements the document lacks but
        # needs (so that it can say which is missing).
        wider = self.explainer.allowed.required_closure(keys) | keys
        if shared or wider != keys:
            schema = self._own_schema(wider)
            if schema is not None:
                schema.validate(doc.tree)
        return self.explainer.explain(doc, _log(schema) if schema is not None else [], exact)

    def _common_schema(self) -> etree.RelaxNG | None:
        if self._common is None:
            self._common = self._compile(self.grammar.keys, hoist=frozenset())
        return self._common

    def _own_schema(self, keys: frozenset) -> etree.RelaxNG | None:
        if keys in self._own:
            self._own.move_to_end(keys)
            return self._own[keys]
        compiled = self._own[keys] = self._compile(keys, hoist=None)
        if len(self._own) > _CACHE_SIZE:
            self._own.popitem(last=False)
        return compiled

    def _compile(self, keys: frozenset, hoist: frozenset | None) -> etree.RelaxNG | None:
        try:
            xml = pruned_xml(self.grammar, keys, hoist)
        except NotPrunable:
            return self._whole_schema()
        if xml is None:
            return None
        try:
            return etree.RelaxNG(etree.fromstring(xml))
        except etree.RelaxNGParseError:
            # The cut-down schema should always compile; if it does not, the whole schema
            # still gives the right verdict, only slower.
            return self._whole_schema()

    def _whole_schema(self) -> etree.RelaxNG:
        if self._whole is None:
            parser = etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True)
            try:
                root = etree.fromstring(self.source_bytes, parser, base_url=self._base_url)
                self._whole = etree.RelaxNG(root)
            except (etree.XMLSyntaxError, etree.RelaxNGParseError) as exc:
                raise BadInput(f"not a usable RELAX NG schema: {exc}", file=self.name) from None
        return self._whole


def _log(schema: etree.RelaxNG) -> list[tuple[str, str, str, int]]:
    return [(e.type_name, e.message, e.path, e.line) for e in schema.error_log]
