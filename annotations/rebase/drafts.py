"""Glosses whose source text changed in a rebase go back to `draft`, with a note saying what changed."""
from __future__ import annotations

from .. import tei
from ..document import TeiDocument
from ..glosses import glosses


def back_to_draft(doc: TeiDocument, changed: dict[str, tuple[str, str]], *, source_name: str,
                  when: str) -> list[str]:
    """Add a draft <change> to every gloss of a target in changed (id -> (old, new text))."""
    touched = []
    for gloss in glosses(doc):
        if gloss.target not in changed:
            continue
        old, new = changed[gloss.target]
        node = gloss.node
        revision = next((c for c in node if tei.local(c) == "revisionDesc"), None)
        if revision is None:
            revision = node.makeelement(tei.tei("revisionDesc"), {})
            responsible = [k for k, c in enumerate(node) if tei.local(c) == "respStmt"]
            node.insert(responsible[-1] + 1 if responsible else 0, revision)
        change = revision.makeelement(tei.tei("change"), {"status": "draft", "when": when})
        change.text = (f"The text it translates changed in the rebase onto {source_name}: "
                       f"«{_flat(old)}» is now «{_flat(new)}».")
        revision.append(change)
        touched.append(gloss.id or gloss.target)
    doc.cache.pop("glosses", None)
    return touched


def _flat(text: str) -> str:
    return " ".join(text.split())
