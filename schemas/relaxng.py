"""RELAX NG validation with libxml2, against schemas cut down to each document's names."""
from __future__ import annotations

# Compiling tei_all whole takes libxml2 seconds; cut down to the names one document uses (see
# prune.py) it compiles in milliseconds and gives the same verdict, and so does a schema cut to
# any superset of those names. So documents read together share one schema made for all their
# names (see Validator.validate_files), kept for the run. libxml2 turns content models into
# automata, which check long child lists fast but cost time growing with the square of the
# names allowed: groups are formed so that a shared schema has at most GROUP_UP_TO names, and a
# schema with over AUTOMATA_UP_TO names gets automata only for the elements that have long
# lists. Messages for an invalid document come from what the grammar says exactly and from
# libxml2's log against the same schema (see check() for the exceptions).

from collections import OrderedDict
from pathlib import Path

from lxml import etree

from ..annotations.errors import BadInput
from .allowed import AllowedIndex
from .cache import load_grammar
from .grammar import Grammar, NotPrunable
from .messages import Explainer
from .parsing import Document, Vocabulary
from .prune import pruned_xml
from .report import Issue

LONG_LIST = 50  # children of one element from which it needs an automaton
AUTOMATA_UP_TO = 200  # names in a schema up to which every element gets an automaton
GROUP_UP_TO = 160  # names of a schema shared by a group: its automata take some 20 ms to build
_CACHE_SIZE = 64

_Made = tuple[frozenset, frozenset | None]  # the names a schema is made for, and its automata


class RelaxngSchema:
    """A RELAX NG schema (XML or compact syntax) that checks documents."""

    def __init__(self, data: bytes, name: str, base_url: str | None = None) -> None:
        self.name = name
        self.source_bytes, self._base_url = data, base_url
        self._whole: etree.RelaxNG | None = None
        self._kept: OrderedDict[_Made, etree.RelaxNG | None] = OrderedDict()
        self._closures: dict[frozenset, frozenset] = {}
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

    def check(self, doc: Document, vocabulary: Vocabulary) -> list[Issue]:
        """Issues found in `doc`; `vocabulary` comes from its scan (Document.vocabulary, or
        the grouping in Validator.validate_files)."""
        if self.grammar is None:
            schema = self._whole_schema()
            if schema.validate(doc.tree):
                return []
            return self.explainer.explain(doc, _log(schema), self.explainer.exact(doc))
        keys = vocabulary.names & self.grammar.keys
        # The group's names and those its elements require: the schema for the messages too.
        group = self._made(self._with_required(vocabulary.group & self.grammar.keys),
                           vocabulary.long)
        schema = self._schema(group)
        if schema is not None and schema.validate(doc.tree):
            return []
        # The verdict is in; now the reasons. What the grammar says exactly comes first, then
        # libxml2's log from a schema that still has the elements the document lacks but
        # needs (so that it can say which is missing).
        exact = self.explainer.exact(doc)
        reasons = group
        if group[1] is not None:
            # Without automata libxml2 backtracks, and then often blames the wrong element:
            # with exact findings in hand, a large group's log is not worth a schema; without
            # them, the reasons come from a schema for the document alone.
            if exact:
                return self.explainer.explain(doc, [], exact)
            reasons = self._made(self._with_required(keys), vocabulary.long)
        if reasons == group and schema is not None:
            return self.explainer.explain(doc, _log(schema), exact)  # the verdict's own log
        schema = self._schema(reasons)
        if schema is None and not exact:
            # Cut to these names the grammar matches nothing (an element lacks a child it
            # needs, of which the document has none anywhere): every name it knows, then.
            schema = self._schema((self.grammar.keys, frozenset()))
        if schema is None:
            return self.explainer.explain(doc, [], exact)
        schema.validate(doc.tree)
        return self.explainer.explain(doc, _log(schema), exact)

    @staticmethod
    def _made(keys: frozenset, long: frozenset) -> _Made:
        return (keys, None if len(keys) <= AUTOMATA_UP_TO else long & keys)

    def _with_required(self, keys: frozenset) -> frozenset:
        """`keys` and the elements they require, and those require, and so on."""
        closed = self._closures.get(keys)
        if closed is None:
            closed = self._closures[keys] = self.explainer.allowed.required_closure(keys) | keys
        return closed

    def _schema(self, made: _Made) -> etree.RelaxNG | None:
        if made in self._kept:
            self._kept.move_to_end(made)
            return self._kept[made]
        compiled = self._kept[made] = self._compile(*made)
        if len(self._kept) > _CACHE_SIZE:
            self._kept.popitem(last=False)
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
