"""RELAX NG validation with libxml2, against schemas cut down to each document's names."""
from __future__ import annotations

# Compiling tei_all whole takes libxml2 seconds; cut down to the names one document uses (see
# prune.py) it compiles in milliseconds and gives the same verdict, and so does a schema cut to
# any superset of those names. So documents read together share one schema made for all their
# names (see Validator.validate_files), kept for the run. Inside each element the schema is cut
# further, to the names used directly in such elements and those the element requires: libxml2
# turns every content model into an automaton, whose cost grows with the square of the names
# it allows, and checks long child lists fast with it. Messages for an invalid document come
# from what the grammar says exactly and from libxml2's log against the same schema.
import re
from collections import OrderedDict
from pathlib import Path

from lxml import etree

from ..common.deep import on_stack
from ..common.errors import BadInput
from .allowed import AllowedIndex
from .cache import load_grammar
from .grammar import Grammar, NotPrunable
from .messages import Explainer
from .parsing import Document, Vocabulary, syntax_error
from .prune import pruned_xml
from .report import Issue

_CACHE_SIZE = 64
# What prune.py writes: long values and deep nesting are the schema's own.
_PARSER = etree.XMLParser(huge_tree=True)
_SMALL_SCHEMA = 20_000  # elements a schema may have to be compiled on the main thread
_STACK_PER_ELEMENT = 512  # bytes
_LINE = re.compile(r",? line \d+(, column \d+)?")

# The names a schema is made for, and their contexts (see Vocabulary); without contexts, no
# automata either (for the schema with every name, which would take seconds to build them).
_Made = tuple[frozenset, frozenset | None]


class RelaxngSchema:
    """A RELAX NG schema (XML or compact syntax) that checks documents."""

    def __init__(self, data: bytes, name: str, base_url: str | None = None,
                 own_lines: bool = True) -> None:
        self.name = name
        self.source_bytes, self._base_url = data, base_url
        self._own_lines = own_lines  # the lines of `data` are those of the file `name`
        self._whole: etree.RelaxNG | None = None
        self._kept: OrderedDict[_Made, etree.RelaxNG | None] = OrderedDict()
        self._closures: dict[frozenset, frozenset] = {}
        try:
            self.grammar: Grammar | None = load_grammar(data, base_url)
        except (NotPrunable, RecursionError):
            # RecursionError: see check().
            self.grammar = None
        except etree.XMLSyntaxError as exc:
            line, column = exc.position if exc.position and own_lines else (None, None)
            raise BadInput(f"the schema is not well-formed XML: {syntax_error(exc)}", file=name,
                           line=line or None, column=column or None) from None
        self.explainer = Explainer(AllowedIndex(self.grammar) if self.grammar else None, name)

    @classmethod
    def from_file(cls, path: Path, name: str) -> RelaxngSchema:
        """Reads .rng, or .rnc through rnc2rng (which must then be installed), with the
        files it includes (see includes.py)."""
        from .includes import read_relaxng
        data, own_lines = read_relaxng(path, name)
        return cls(data, name, str(path), own_lines)

    def check(self, doc: Document, vocabulary: Vocabulary) -> list[Issue]:
        """Issues found in `doc`; `vocabulary` is what it uses (Document.vocabulary), or what
        the documents read with it use (Validator.validate_files)."""
        if self.grammar is not None:
            try:
                return self._check_cut(doc, vocabulary)
            except RecursionError:
                # Cutting and explaining walk the grammar recursively, through the defines
                # an element's content refers to; a chain of hundreds of them, one inside
                # the next, is too deep for that: libxml2 checks the schema whole instead.
                self.grammar, self._kept = None, OrderedDict()
                self.explainer = Explainer(None, self.name)
        schema = self._whole_schema()
        if schema.validate(doc.tree):
            return []
        return self.explainer.explain(doc, _log(schema), self.explainer.exact(doc))

    def _check_cut(self, doc: Document, vocabulary: Vocabulary) -> list[Issue]:
        made = (self._with_required(vocabulary.names & self.grammar.keys), vocabulary.contexts)
        schema = self._schema(made)
        if schema is not None and schema.validate(doc.tree):
            return []
        # The verdict is in; now the reasons: what the grammar says exactly first, then
        # libxml2's log.
        exact = self.explainer.exact(doc)
        if schema is None and not exact:
            # Cut to these names the grammar matches nothing (an element lacks a child it
            # needs, of which the document has none anywhere): every name it knows, then.
            schema = self._schema((self.grammar.keys, None))
            if schema is not None:
                schema.validate(doc.tree)
        if schema is None:
            return self.explainer.explain(doc, [], exact)
        return self.explainer.explain(doc, _log(schema), exact)

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

    def _compile(self, keys: frozenset, contexts: frozenset | None) -> etree.RelaxNG | None:
        try:
            if contexts is None:
                xml = pruned_xml(self.grammar, keys, frozenset())
            else:
                xml = pruned_xml(self.grammar, keys, None, self._scopes(keys, contexts))
        except NotPrunable:
            return self._whole_schema()
        if xml is None:
            return None
        try:
            return compile_relaxng(etree.fromstring(xml, _PARSER), xml)
        except etree.RelaxNGParseError:
            # The cut-down schema should always compile; if it does not, the whole schema
            # still gives the right verdict, only slower.
            return self._whole_schema()

    def _scopes(self, keys: frozenset, contexts: frozenset) -> dict:
        """Per element of `keys`, the names used inside it and those it requires."""
        seen = dict(contexts)
        allowed = self.explainer.allowed
        scopes = {}
        for key in keys:
            rules = allowed.allowed(key)
            if rules is not None:
                scopes[key] = (seen.get(key, frozenset()) | rules.required_children
                               | rules.required_attributes)
        return scopes

    def _whole_schema(self) -> etree.RelaxNG:
        if self._whole is None:
            parser = etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True)
            try:
                root = etree.fromstring(self.source_bytes, parser, base_url=self._base_url)
                self._whole = compile_relaxng(root, self.source_bytes)
            except (etree.XMLSyntaxError, etree.RelaxNGParseError) as exc:
                said = str(exc) if self._own_lines else _LINE.sub("", str(exc))
                raise BadInput(f"not a usable RELAX NG schema: {said}", file=self.name) from None
        return self._whole


def compile_relaxng(root: etree._Element, data: bytes) -> etree.RelaxNG:
    """libxml2's validator for a schema (`data`: its text, to count its elements).

    libxml2 compiles a schema recursively, following each reference into its define: a chain
    of tens of thousands of defines, each referring to the next, overflows the main thread's
    8 MB stack (some 200 bytes a level) and kills the process. It cannot recurse deeper than
    the schema has elements, so a large schema is compiled in a thread with a stack sized
    for that many (tei_all has about 17,000 elements; only the stack used costs memory)."""
    elements = data.count(b"<") - data.count(b"</")
    if elements <= _SMALL_SCHEMA:
        return etree.RelaxNG(root)
    stack = min(max(elements * _STACK_PER_ELEMENT, 32 << 20), 1 << 30)
    return on_stack(stack, etree.RelaxNG, root)


def _log(schema: etree.RelaxNG) -> list[tuple[str, str, str, int]]:
    return [(e.type_name, e.message, e.path, e.line) for e in schema.error_log]
