"""`apply`: a batch of operations from JSON, JSON Lines or CSV, all or nothing, written once."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

from .errors import ApostillaError, BadInput
from .newdoc import decode_text
from .operations import op_name, perform
from .session import Outcome, edit
from .xmlio import read_bytes

# CSV cells that hold lists use "|" between items; these columns are yes/no or numbers.
_FLAGS = ("all", "replace")
_NUMBERS = ("nth",)


def read_batch(path: str | Path) -> list[tuple[int, dict]]:
    """The operations in a batch file, each with the line (or item) number it came from."""
    path = Path(path)
    text = decode_text(read_bytes(path), path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _from_csv(text, path)
    stripped = text.lstrip()
    if suffix == ".json" or stripped.startswith("["):
        return _from_json(text, path)
    return _from_jsonl(text, path)


def _from_json(text: str, path: Path) -> list[tuple[int, dict]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"not valid JSON: {exc.msg}", file=path, line=exc.lineno, column=exc.colno) from None
    if isinstance(data, dict):
        data = data.get("operations")
    if not isinstance(data, list):
        raise BadInput("a JSON batch is an array of operations (or {\"operations\": [...]})", file=path)
    return [(i, _check(item, path, i)) for i, item in enumerate(data, start=1)]


def _from_jsonl(text: str, path: Path) -> list[tuple[int, dict]]:
    ops = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInput(f"not valid JSON: {exc.msg}", file=path, line=number, column=exc.colno) from None
        ops.append((number, _check(item, path, number)))
    return ops


def _from_csv(text: str, path: Path) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "op" not in reader.fieldnames:
        raise BadInput("a CSV batch needs a header row with an 'op' column", file=path, line=1)
    ops = []
    for row in reader:
        item: dict = {k: v for k, v in row.items() if k and v not in (None, "")}
        for key in _FLAGS:
            if key in item:
                item[key] = item[key].strip().lower() in ("1", "true", "yes", "y")
        for key in _NUMBERS:
            if key in item:
                if not item[key].strip().isdigit():
                    raise BadInput(f"{key} must be a whole number", file=path, line=reader.line_num)
                item[key] = int(item[key])
        ops.append((reader.line_num, _check(item, path, reader.line_num)))
    return ops


def _check(item: object, path: Path, number: int) -> dict:
    if not isinstance(item, dict) or "op" not in item:
        raise BadInput("each operation is an object with an \"op\" key", file=path, line=number)
    try:
        item["op"] = op_name(item["op"])
    except BadInput as exc:
        raise BadInput(exc.message, file=path, line=number) from None
    if "nth" in item and item["nth"] is not None and not isinstance(item["nth"], int):
        raise BadInput("nth must be a whole number", file=path, line=number)
    return item


def _groups(ops: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """Merge runs of `entity.tag` without a match into one pass over the text (longest name first)."""
    merged: list[tuple[int, dict]] = []
    for number, op in ops:
        plain_tag = op["op"] == "entity.tag" and not op.get("match")
        if plain_tag and merged and merged[-1][1]["op"] == "entity.tag" and "_group" in merged[-1][1]:
            merged[-1][1]["ids"].append(op["id"])
            continue
        if plain_tag:
            op = {"op": "entity.tag", "ids": [op.get("id")], "_group": True}
        merged.append((number, op))
    return merged


def apply_batch(doc_path: str | Path, batch_path: str | Path, *, dry_run: bool = False,
                by: str | None = None) -> Outcome:
    """Run every operation of a batch on one loaded document; any failure writes nothing."""
    ops = read_batch(batch_path)
    if not ops:
        raise BadInput("the batch holds no operations", file=batch_path)
    counts: Counter[str] = Counter()
    with edit(doc_path, dry_run=dry_run, by=by) as session:
        for number, op in _groups(ops):
            try:
                done = perform(session.doc, op["op"], op)
            except ApostillaError as exc:
                raise type(exc)(f"operation {op['op']} failed, nothing was applied: {exc.message}",
                                file=Path(batch_path), line=number, details=exc.details) from None
            session.outcome.ids.extend(done.ids)
            session.outcome.warnings.extend(done.warnings)
            counts[op["op"]] += len(op["ids"]) if "_group" in op else 1
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        session.record(f"apply {Path(batch_path).name}: {summary}")
        session.outcome.messages.append(f"{sum(counts.values())} operations applied ({summary})")
    return session.outcome
