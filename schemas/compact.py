"""RELAX NG compact syntax to XML syntax, with rnc2rng; also regenerates the shipped profile.rng."""
from __future__ import annotations

# Run `python -m apostilla.schemas.compact` after editing profile.rnc (rnc2rng comes with the
# test extras); tests/schemas checks that profile.rng matches profile.rnc.
#
# rnc2rng reads `include` itself, with open() and urllib, relative to the current folder, and
# drops what the include overrides; it cannot read `external`. So the text is split into tokens
# here (with rnc2rng's own token rules, in linear time), each `include "x" {...}` is handed to
# its parser as a `div` marked with a define of a name the schema does not use, and each
# `external "x"` as a reference to such a name; the XML it writes then gets `include` and
# `externalRef` elements back, which includes.py reads under the same rules as in a .rng. The
# parser is rnc2rng's, with an error handler that says where, without quoting the text (an
# included file may be anything). rnc2rng's writer recurses once per level of nesting, so
# deeper schemas are refused before it runs. This uses rnc2rng's token rules, parser tables
# and parser state (rnc2rng.parser: LEXER, KEYWORDS, parser, State), as of rnc2rng 2.7; the
# tests of the compact syntax fail if they change.
import re
import sys
from pathlib import Path

from lxml import etree

from ..common.errors import BadInput, UsageError

HERE = Path(__file__).resolve().parent
GENERATED_NOTE = ("<!-- Generated from profile.rnc by `python -m apostilla.schemas.compact`; "
                  "edit profile.rnc, not this file. -->\n")
RNG_NS = "http://relaxng.org/ns/structure/1.0"
# The line of an include in the compact syntax, kept on its element for messages (the element's
# own line is one of the XML written); includes.py takes it off (its _SOURCE_LINE).
SOURCE_LINE = "{urn:apostilla:rnc}line"
DEEPEST = 200  # levels of (), {} and [] the conversion accepts
_SYNTAX = "not valid RELAX NG compact syntax"
_OPENING = {"LPAREN": "RPAREN", "LBRACE": "RBRACE", "LBRACKET": "RBRACKET"}
# What a token is, in messages: punctuation as written, names and strings by their kind (never
# quoted); keywords are spelled out where used.
_SAID = {"LPAREN": "(", "RPAREN": ")", "LBRACE": "{", "RBRACE": "}", "LBRACKET": "[",
         "RBRACKET": "]", "COMBINE": "|= or &=", "EQUAL": "=", "PIPE": "|", "COMMA": ",",
         "AMP": "&", "MINUS": "-", "STAR": "*", "PLUS": "+", "QMARK": "?", "TILDE": "~",
         "ID": "a name", "QID": "a name", "CNAME": "a prefixed name", "LITERAL": "a string",
         "DOCUMENTATION": "a ## comment", "$end": "the end of the file"}


def rnc_to_rng(data: bytes | str, name: str = "schema.rnc", inherit: str = "") -> bytes:
    """The XML syntax of a compact-syntax schema, with `include` and `externalRef` elements
    for its includes and external references (not read here); `inherit` is the namespace of
    its unprefixed names if it declares no default (that of the schema including it). Raises
    UsageError if rnc2rng is missing, BadInput (one line, with the position) for a schema it
    cannot convert."""
    try:
        import rnc2rng
        from rnc2rng.parser import State
    except ImportError:
        raise UsageError("reading a .rnc schema needs the rnc2rng package "
                         "(pip install rnc2rng), or give the .rng form", file=name) from None
    text = data if isinstance(data, str) else _decode(data, name)
    tokens = _tokens(text, name)
    _check_nesting(tokens, name)
    if inherit and not _declares_default(tokens):
        tokens = _default_namespace(inherit, tokens[0].source_pos if tokens else None) + tokens
    tokens, references = _mark_references(tokens)
    try:
        tree = _parser().parse(iter(tokens), state=State(None, text))
        xml = rnc2rng.dumps(tree)
    except _Unexpected as exc:
        token = exc.token
        line, column = _end(text) if token.source_pos is None else _position(token)
        said = _SAID.get(token.name, f"the keyword {token.value}")
        raise BadInput(f"{_SYNTAX}: did not expect {said} here", file=name, line=line,
                       column=column) from None
    except AssertionError:
        # rnc2rng asserts that every prefix and datatype library it meets was declared.
        raise BadInput(f"{_SYNTAX}: a prefix or datatype library is used but not declared",
                       file=name) from None
    return _with_references(xml, references, name)


# ---------------------------------------------------------------------- reading the text
def _decode(data: bytes, name: str) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        codec, skip = "utf-16", 0
    else:
        codec, skip = "utf-8", 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        before = data[skip:skip + exc.start].decode(codec, errors="replace")
        line = before.count("\n") + 1
        column = len(before) - before.rfind("\n")
        raise BadInput(f"is not {codec.upper()} text (byte 0x{data[skip + exc.start]:02x})",
                       file=name, line=line, column=column) from None


def _tokens(text: str, name: str) -> list:
    """rnc2rng's tokens (as its `lex` gives them), in time linear in the text."""
    from rnc2rng.parser import KEYWORDS, LEXER
    from rply.token import SourcePosition, Token

    rules = [(None, rule) for rule in LEXER.ignore_rules] + [(r.name, r) for r in LEXER.rules]
    one = re.compile("|".join(f"(?P<r{i}>{rule.re.pattern})" for i, (_, rule) in enumerate(rules)))
    kinds = {f"r{i}": kind for i, (kind, _) in enumerate(rules)}
    out, idx, line, line_start = [], 0, 1, 0
    while idx < len(text):
        m = one.match(text, idx)
        if m is None or m.end() == idx:
            char = text[idx]
            said = "a string that is not closed on its line" if char == '"' else \
                f"the character U+{ord(char):04X}"
            raise BadInput(f"{_SYNTAX}: did not expect {said}", file=name, line=line,
                           column=idx - line_start + 1)
        kind, value = kinds[m.lastgroup], m.group()
        if kind is not None and kind != "COMMENT":
            if kind == "ID" and value in KEYWORDS:
                kind = value.upper()
            elif kind == "LITERAL":
                value = value[1:-1]
            out.append(Token(kind, value, SourcePosition(idx, line, idx - line_start + 1)))
        breaks = text.count("\n", idx, m.end())
        if breaks:
            line += breaks
            line_start = text.rfind("\n", idx, m.end()) + 1
        idx = m.end()
    return out


def _check_nesting(tokens: list, name: str) -> None:
    opened: list = []
    for token in tokens:
        if token.name in _OPENING:
            opened.append(token)
            if len(opened) > DEEPEST:
                line, column = _position(token)
                raise BadInput(f"patterns nested more than {DEEPEST} deep (the most apostilla "
                               "converts from the compact syntax)", file=name, line=line,
                               column=column)
        elif opened and token.name == _OPENING[opened[-1].name]:
            opened.pop()
    if opened:
        line, column = _position(opened[-1])
        raise BadInput(f"{_SYNTAX}: this {_SAID[opened[-1].name]} is never closed", file=name,
                       line=line, column=column)


def _declares_default(tokens: list) -> bool:
    return any(a.name == "DEFAULT" and b.name == "NAMESPACE" for a, b in zip(tokens, tokens[1:]))


def _default_namespace(uri: str, pos) -> list:
    from rply.token import Token

    return [Token("DEFAULT", "default", pos), Token("NAMESPACE", "namespace", pos),
            Token("EQUAL", "=", pos), Token("LITERAL", uri, pos)]


def _position(token) -> tuple[int, int]:
    return token.source_pos.lineno, token.source_pos.colno


def _end(text: str) -> tuple[int, int]:
    return text.count("\n") + 1, len(text) - text.rfind("\n")


# ---------------------------------------------------------------------- the parser
class _Unexpected(Exception):
    def __init__(self, token) -> None:
        super().__init__(token.name)
        self.token = token


def _unexpected(state, token) -> None:
    raise _Unexpected(token)


def _parser():
    """rnc2rng's parser tables, with an error handler that quotes nothing."""
    from rnc2rng.parser import parser
    from rply.parser import LRParser

    return LRParser(parser.lr_table, _unexpected)


# ---------------------------------------------------------------------- include, external
def _mark_references(tokens: list) -> tuple[list, list]:
    """`include` as a marked `div`, `external` as a reference to a marked name; the marks."""
    from rply.token import Token

    used = {t.value.lstrip("\\") for t in tokens if t.name in ("ID", "QID")}
    mark = "__include"
    while any(u.startswith(mark) for u in used):
        mark += "_"
    out: list = []
    references: list = []  # (mark, "include" or "externalRef", href, inherited prefix, token)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.name not in ("INCLUDE", "EXTERNAL") or i + 1 == len(tokens) \
                or tokens[i + 1].name != "LITERAL":
            out.append(token)
            i += 1
            continue
        href, i = tokens[i + 1].value, i + 2
        while i + 1 < len(tokens) and tokens[i].name == "TILDE" and tokens[i + 1].name == "LITERAL":
            href, i = href + tokens[i + 1].value, i + 2
        inherit = None
        if i + 2 < len(tokens) and tokens[i].name == "INHERIT" and tokens[i + 1].name == "EQUAL":
            inherit, i = tokens[i + 2].value, i + 3
        name = f"{mark}{len(references)}"
        pos = token.source_pos
        if token.name == "EXTERNAL":
            references.append((name, "externalRef", href, inherit, token))
            out.append(Token("ID", name, pos))
            continue
        references.append((name, "include", href, inherit, token))
        out += [Token("DIV", "div", pos)]
        if i < len(tokens) and tokens[i].name == "LBRACE":
            out.append(tokens[i])
            i += 1
            closing = []
        else:
            out.append(Token("LBRACE", "{", pos))
            closing = [Token("RBRACE", "}", pos)]
        out += [Token("ID", name, pos), Token("EQUAL", "=", pos),
                Token("NOTALLOWED", "notAllowed", pos)] + closing
    return out, references


def _with_references(xml: str, references: list, name: str) -> bytes:
    """The marked `div`s and references turned into `include` and `externalRef` elements;
    the XML as rnc2rng wrote it when there are none."""
    try:
        root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(no_network=True,
                                resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError:
        # rnc2rng writes namespace URIs as they are.
        raise BadInput(f"{_SYNTAX}: a namespace holds &, < or \"", file=name) from None
    if not references:
        return xml.encode("utf-8")
    rng = "{%s}" % RNG_NS
    for mark, kind, href, inherit, token in references:
        line, column = _position(token)
        if kind == "include":
            marker = root.find(f".//{rng}define[@name='{mark}']")
            target = marker.getparent()
            target.remove(marker)
            target.tag = rng + "include"
        else:
            marker = root.find(f".//{rng}ref[@name='{mark}']")
            target = etree.Element(rng + "externalRef")
            marker.getparent().replace(marker, target)
        target.set("href", href)
        target.set(SOURCE_LINE, str(line))
        if inherit is not None:
            uri = "http://www.w3.org/XML/1998/namespace" if inherit == "xml" \
                else root.nsmap.get(inherit)
            if uri is None:
                raise BadInput(f"{_SYNTAX}: inherit = {inherit} names no declared namespace",
                               file=name, line=line, column=column)
            target.set("ns", uri)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def profile_rng() -> bytes:
    """profile.rng as it must be shipped: profile.rnc converted, with a note on top."""
    rng = rnc_to_rng((HERE / "profile.rnc").read_text(encoding="utf-8"), "profile.rnc")
    head, _, rest = rng.partition(b"\n")
    return head + b"\n" + GENERATED_NOTE.encode() + rest


if __name__ == "__main__":
    (HERE / "profile.rng").write_bytes(profile_rng())
    sys.stdout.write(f"wrote {HERE / 'profile.rng'}\n")
