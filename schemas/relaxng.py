"""RELAX NG validation with libxml2, against schemas cut down to each document's names."""
from __future__ import annotations

# Compiling tei_all whole takes libxml2 seconds; cut down to the names one document uses (see
# prune.py) it compiles in milliseconds and gives the same verdict, and so does a schema cut to
# any superset of those names. Compiled schemas are kept for the run, and a document is checked
# against any kept schema made for a superset of its names (not much larger). Otherwise, in a
# batch, a small group of documents (see Validator.validate_files) shares one schema made of
# every name the grammar knows (cheap to build once the grammar is simplified, slower to check
# against); a large group, or a document with long child lists, gets a schema made for the
# group's names, whose content models libxml2 turns into automata that check fast. Messages
# for an invalid document come from what the grammar says exactly and from libxml2's log
# against the group's own schema, never from whichever schema happened to be kept, so that
# they do not depend on the order in which a run met the documents.

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

LONG_LIST = 50  # children of one element from which a document gets its own schema
OWN_FROM = 3000  # elements a group must hold to repay compiling a schema of its own
_CACHE_SIZE = 64
# A kept schema may serve a document when it has at most this many times its names, or this
# many more.
_GROWTH = 1.3
_SLACK = 40


class RelaxngSchema:
    """A RELAX NG schema (XML or compact syntax) that checks documents."""

    def __init__(self, data: bytes, name: str, base_url: str | None = None) -> None:
        self.name = name
        self.shared = False  # set for batches: see the note at the top
        self.source_bytes, self._base_url = data, base_url
        self._whole: etree.RelaxNG | None = None
        self._own: OrderedDict[frozenset, etree.RelaxNG | None] = OrderedDict()
        self._common: etree.RelaxNG | None = None
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
        """Issues found in `doc`."""
        if self.grammar is None:
            schema = self._whole_schema()
            if schema.validate(doc.tree):
                return []
            return self.explainer.explain(doc, _log(schema), self.explainer.exact(doc))
        keys = vocabulary.names & self.grammar.keys
        # The group's names and those its elements require: the schema for the messages too.
        group = self._with_required(vocabulary.group & self.grammar.keys)
        shared = self.shared and not vocabulary.long and vocabulary.group_size < OWN_FROM
        made_for = self._kept_for(keys)
        if made_for is None:
            made_for = None if shared else group
        schema = self._common_schema() if made_for is None else self._own_schema(made_for)
        if schema is not None and schema.validate(doc.tree):
            return []
        # The verdict is in; now the reasons. What the grammar says exactly comes first.
        exact = self.explainer.exact(doc)
        if exact and shared:
            # libxml2's log from a schema without automata comes from backtracking and often
            # blames the wrong element; with exact findings in hand it is not worth a schema.
            return self.explainer.explain(doc, [], exact)
        # libxml2's reasons, from a schema whose content models are automata and which still
        # has the elements the group lacks but needs (so that it can say which is missing).
        if group != made_for:
            schema = self._own_schema(group)
            if schema is not None:
                schema.validate(doc.tree)
        return self.explainer.explain(doc, _log(schema) if schema is not None else [], exact)

    def _with_required(self, keys: frozenset) -> frozenset:
        """`keys` and the elements they require, and those require, and so on."""
        closed = self._closures.get(keys)
        if closed is None:
            closed = self._closures[keys] = self.explainer.allowed.required_closure(keys) | keys
        return closed

    def _kept_for(self, keys: frozenset) -> frozenset | None:
        """The names of the smallest kept schema made for a superset of `keys`, not much
        larger; None when there is none. A kept None (a grammar cut to those names matches
        nothing) also serves: fewer names match no more documents."""
        limit = max(_GROWTH * len(keys), len(keys) + _SLACK)
        best = None
        for made_for in self._own:
            if len(made_for) <= limit and keys <= made_for and (
                    best is None or len(made_for) < len(best)):
                best = made_for
        return best

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
