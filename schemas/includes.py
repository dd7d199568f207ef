"""Reads a RELAX NG schema file (.rng or .rnc) with the files it includes, into one document."""
from __future__ import annotations

# `include` and `externalRef` are resolved here, as the RELAX NG specification simplifies them
# (section 4.6 and 4.7), so that neither libxml2 nor rnc2rng ever opens a file itself: each
# named file is read under localfiles.py's rules (local, regular, relative to the file that
# names it) and its content put in place of the reference. An include becomes a `div` holding
# the included grammar (itself a `div`) minus the `start` and defines the include overrides,
# then the include's own content; an external reference becomes the referenced pattern. The
# datatype library does not carry into an included file (the specification resolves it
# before includes); the namespace does, unless the file sets its own. Messages about a file
# that a schema includes never quote it: it may be any file at all.
import os
import re
from pathlib import Path

from lxml import etree

from ..common.errors import BadInput
from .localfiles import Refused, local_path, read_local
from .parsing import syntax_error

RNG_NS = "http://relaxng.org/ns/structure/1.0"
_RNG = "{%s}" % RNG_NS
_INCLUDE, _EXTERNAL, _GRAMMAR, _DIV = (_RNG + t for t in ("include", "externalRef", "grammar",
                                                           "div"))
# A quick look for the elements that name other files, so that a schema without any (such as
# tei_all) is passed on as its bytes, unparsed.
_REFERENCE = re.compile(rb"<(?:[\w.-]+:)?(?:include|externalRef)[\s/>]")
_DATA = (_RNG + "data", _RNG + "value")
_SOURCE_LINE = "{urn:apostilla:rnc}line"  # compact.SOURCE_LINE: an include's line in a .rnc
MOST_FILES = 1000  # files read for one schema, counting each include (a file may be read twice)
DEEPEST = 100  # files, each included by the one before (reading them recurses)


def read_relaxng(path: Path, shown: str) -> tuple[bytes, bool]:
    """The schema at `path` (named `shown` in messages) in XML syntax, with every file it
    includes or refers to in place; and whether those are the file's own bytes (so that
    libxml2's line numbers are the file's). Raises BadInput for anything it cannot read."""
    compact = path.suffix.lower() == ".rnc"
    data = read_local(path, shown)
    if compact:
        from .compact import rnc_to_rng
        data = rnc_to_rng(data, shown)
    if not _REFERENCE.search(data):
        return data, not compact
    reader = _Reader(compact)
    root = reader.resolve(_parse(data, path, shown, quote=True), path, shown, ())
    _explicit_datatypes(root)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True), False


class _Reader:
    def __init__(self, compact: bool) -> None:
        self.compact = compact  # the files a .rnc includes are in the compact syntax too
        self.files = 0
        self.size = 0

    def resolve(self, root: etree._Element, path: Path, shown: str,
                chain: tuple[str, ...]) -> etree._Element:
        """`root` (the file at `path`) with its references replaced by what they name."""
        chain = chain + (os.path.realpath(path),)
        if len(chain) > DEEPEST:
            raise BadInput(f"includes nested more than {DEEPEST} files deep", file=shown)
        for ref in [el for el in root.iter(_INCLUDE, _EXTERNAL) if _in_schema(el)]:
            line = int(ref.attrib.pop(_SOURCE_LINE, ref.sourceline or 0)) or None
            where = f"by {shown}" + (f", line {line}" if line else "")
            href = (ref.get("href") or "").strip()
            try:
                target = local_path(href, str(path))
            except Refused as exc:
                raise BadInput(f"refused to read {href}: {exc.reason}", file=shown,
                               line=line) from None
            if os.path.realpath(target) in chain:
                raise BadInput(f"includes {href}, which leads back to this file (a cycle of "
                               "includes)", file=shown, line=line)
            content = self._load(target, _shown(target), chain, where, _namespace(ref))
            if ref.tag == _INCLUDE:
                _include(ref, content, href, shown, line)
            else:
                _external(ref, content, href, shown, line)
        return root

    def _load(self, path: Path, shown: str, chain: tuple[str, ...], where: str,
              namespace: str) -> etree._Element:
        self.files += 1
        if self.files > MOST_FILES:
            raise BadInput(f"includes more than {MOST_FILES} files, counting repeats; it is "
                           f"included {where}", file=shown)
        from ..common.files import max_bytes
        from .compact import rnc_to_rng

        try:
            data = read_local(path, shown)
            self.size += len(data)
            if self.size > max_bytes():
                raise BadInput(f"the schema and its includes are over {max_bytes():,} bytes",
                               file=shown)
            if self.compact:
                data = rnc_to_rng(data, shown, namespace)
            root = _parse(data, path, shown, quote=False)
        except BadInput as exc:
            raise BadInput(f"{exc.message}; it is included {where}", file=exc.file,
                           line=exc.line, column=exc.column) from None
        _explicit_datatypes(root)
        return self.resolve(root, path, shown, chain)


def _parse(data: bytes, path: Path, shown: str, quote: bool) -> etree._Element:
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False,
                             huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser, base_url=str(path))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, None)
        # libxml2's message may quote the file (a tag name, an entity): an included file is
        # described by its position only.
        said = f": {syntax_error(exc)}" if quote else ""
        raise BadInput(f"not well-formed XML{said}", file=shown, line=line or None,
                       column=column or None) from None


def _shown(target: Path) -> str:
    """How messages name an included file: its path beside the file that includes it, which
    is as the user named the schema (relative or absolute)."""
    return os.path.normpath(target)


def _in_schema(el: etree._Element) -> bool:
    """Not inside an annotation (a foreign element), where RELAX NG elements mean nothing."""
    return all(isinstance(a.tag, str) and a.tag.startswith(_RNG) for a in el.iterancestors())


def _include(ref: etree._Element, grammar: etree._Element, href: str, shown: str,
             line: int | None) -> None:
    if grammar.tag != _GRAMMAR:
        raise BadInput(f"includes {href}, which is not a RELAX NG grammar", file=shown,
                       line=line)
    starts, defines = _components(ref)
    their_starts, theirs = _components(grammar)
    if starts:
        if not their_starts:
            raise BadInput(f"overrides the start of {href}, which has none", file=shown,
                           line=line)
        for el in their_starts:
            el.getparent().remove(el)
    for name in defines:
        if not theirs.get(name):
            raise BadInput(f"overrides the define {name!r} of {href}, which has none",
                           file=shown, line=line)
        for el in theirs[name]:
            el.getparent().remove(el)
    grammar.tag = _DIV
    ref.tag = _DIV
    del ref.attrib["href"]
    ref.insert(0, grammar)


def _external(ref: etree._Element, pattern: etree._Element, href: str, shown: str,
              line: int | None) -> None:
    if not pattern.tag.startswith(_RNG):
        raise BadInput(f"refers to {href}, which is not a RELAX NG pattern", file=shown,
                       line=line)
    if ref.get("ns") is not None and pattern.get("ns") is None:
        pattern.set("ns", ref.get("ns"))
    ref.getparent().replace(ref, pattern)


def _namespace(el: etree._Element) -> str:
    """The namespace of unprefixed names at `el` (its own or an ancestor's `ns`)."""
    for node in (el, *el.iterancestors()):
        if node.get("ns") is not None:
            return node.get("ns")
    return ""


def _explicit_datatypes(root: etree._Element) -> None:
    """Gives every `data` and `value` its datatype library, which a file's includer must not
    change (and which libxml2 does not take from a `div`)."""
    libraries = [""]
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            library = el.get("datatypeLibrary")
            libraries.append(libraries[-1] if library is None else library)
            if el.tag in _DATA and library is None:
                el.set("datatypeLibrary", libraries[-1])
        else:
            libraries.pop()


def _components(el: etree._Element) -> tuple[list, dict[str, list]]:
    """The `start` and `define` elements of a grammar or include, inside `div`s too."""
    starts: list = []
    defines: dict[str, list] = {}
    stack = [el]
    while stack:
        for child in stack.pop():
            if child.tag == _RNG + "start":
                starts.append(child)
            elif child.tag == _RNG + "define":
                defines.setdefault(child.get("name", "").strip(), []).append(child)
            elif child.tag == _DIV:
                stack.append(child)
    return starts, defines
