"""A suggestion: what `suggest` proposes, in the shape of the command contract."""
from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("quotes", "entities", "dates", "measures")
# The contract's `kind` of a suggestion, by the --kind that asks for it.
KIND_OF = {"quotes": "quote", "entities": "entity", "dates": "date", "measures": "measure"}
# The keys each kind adds to the common ones, in the order JSON prints them.
EXTRA_KEYS = {"quote": ("lang", "speaker"), "entity": ("type", "entity"), "date": ("when",),
              "measure": ("quantity", "unit")}


@dataclass
class Suggestion:
    """One proposed annotation: a span of the text view, what to make of it, how sure, and why."""

    kind: str
    start: int  # offsets in the document's text view
    end: int
    text: str
    cert: float
    reason: str
    extra: dict[str, object] = field(default_factory=dict)
    id: str = ""
    paragraph: str | None = None
    offset: int = 0  # where the paragraph starts in the view
    # For an entity not in the register: what `entity add` needs (name, readable id, role).
    new_entity: dict[str, object] | None = None

    def as_json(self) -> dict[str, object]:
        """The contract's object: id, kind, text, paragraph, start, end, cert, reason and the kind's keys."""
        row: dict[str, object] = {
            "id": self.id, "kind": self.kind, "text": self.text, "paragraph": self.paragraph,
            "start": self.start - self.offset, "end": self.end - self.offset,
            "cert": round(self.cert, 2), "reason": self.reason,
        }
        for key in EXTRA_KEYS[self.kind]:
            row[key] = self.extra.get(key)
        return row
