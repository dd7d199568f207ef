"""What a rebase did to each annotation, as the command prints it (text) or hands it on (JSON)."""
from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("kept", "moved", "fuzzy", "orphaned")


@dataclass
class Entry:
    """One annotation's fate. Places are paragraph ids; texts are the annotated characters."""

    id: str | None
    kind: str
    status: str
    old_text: str
    new_text: str | None
    score: float | None
    old_paragraph: str | None
    paragraph: str | None
    step: str | None = None      # paragraph, alignment, exact or fuzzy: how it was placed
    reason: str | None = None    # why an orphan could not be placed

    def as_json(self) -> dict:
        return {"id": self.id, "status": self.status, "old_text": self.old_text, "new_text": self.new_text,
                "score": None if self.score is None else round(self.score, 3), "kind": self.kind,
                "old_paragraph": self.old_paragraph, "paragraph": self.paragraph, "step": self.step,
                "reason": self.reason}


@dataclass
class RebaseReport:
    """Every annotation's status, the paragraphs' fate, and the new source's name and digest."""

    source_name: str
    sha256: str
    entries: list[Entry] = field(default_factory=list)
    paragraphs: dict[str, int] = field(default_factory=dict)   # old, new, carried, added, dropped
    changed: bool = True

    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for entry in self.entries:
            counts[entry.status] += 1
        return counts

    def to_json(self) -> dict:
        """The contract's shape: annotations and summary (plus the source and paragraph counts)."""
        return {"annotations": [e.as_json() for e in self.entries], "summary": self.summary(),
                "source": {"name": self.source_name, "sha256": self.sha256},
                "paragraphs": self.paragraphs}

    def counts_line(self) -> str:
        summary = self.summary()
        return ", ".join(f"{summary[s]} {s}" for s in STATUSES)

    def paragraphs_line(self) -> str:
        p = self.paragraphs
        return (f"{p.get('old', 0)} paragraphs became {p.get('new', 0)}: {p.get('carried', 0)} carried over "
                f"with their ids, {p.get('added', 0)} new, {p.get('dropped', 0)} gone")

    def description(self) -> str:
        """The text of the <change> that records the rebase."""
        return f"rebase onto {self.source_name} (sha256 {self.sha256}): {self.counts_line()}"

    def to_text(self) -> str:
        """A line for each annotation that changed paragraph, changed text or was orphaned; the counts."""
        lines = []
        for e in self.entries:
            name = e.id or f"<{e.kind}>"
            where = e.old_paragraph or "?"
            if e.status == "kept" or (e.status == "moved" and e.paragraph == e.old_paragraph):
                continue
            if e.status == "moved":
                lines.append(f"moved     {name}: {_short(e.old_text)} {where} -> {e.paragraph}")
            elif e.status == "fuzzy":
                lines.append(f"fuzzy     {name}: {_short(e.old_text)} -> {_short(e.new_text or '')} "
                             f"{where} -> {e.paragraph} (score {e.score:.2f})")
            else:
                lines.append(f"orphaned  {name}: {_short(e.old_text)} in {where}: {e.reason}")
        lines.append(self.paragraphs_line())
        lines.append(f"{len(self.entries)} annotations: {self.counts_line()}")
        return "\n".join(lines)


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[:limit - 1] + "…")
