"""ISO Schematron (ISO/IEC 19757-3:2020) on lxml trees: XPath 1.0 on lxml, XPath 2.0 and 3.1 on elementpath."""
from __future__ import annotations

# reading.py reads a schema and its includes; expand.py expands abstract rules and patterns
# and chooses the phase (model.py is the result); language.py compiles each expression for the
# query binding, structural.py says which can run on lxml, optimize.py keeps what need not be
# evaluated per node; schema.py compiles a schema's rules; contexts.py finds the nodes a rule
# matches; run.py runs the rules on a document (values.py: the values of variables).
from pathlib import Path

from .model import SCH_NS
from .reading import embedded_schema, read_schema
from .schema import SchematronSchema

__all__ = ["SCH_NS", "SchematronSchema", "load_file", "load_embedded"]


def load_file(path: Path, name: str, phase: str | None = None) -> SchematronSchema:
    """A .sch file (its includes resolved from its folder) for `phase` (None: the default)."""
    root, version = read_schema(path, name)
    if root.find(f"{{{SCH_NS}}}phase") is None:
        phase = None  # a schema without phases runs whole, whatever phase the run names
    return SchematronSchema(root, version, name, phase)


def load_embedded(data: bytes, base: Path | None, name: str) -> SchematronSchema | None:
    """The Schematron patterns inside a RELAX NG schema, as one XPath 2.0 schema; None if none."""
    root = embedded_schema(data, base, name)
    return None if root is None else SchematronSchema(root, "2.0", name)
