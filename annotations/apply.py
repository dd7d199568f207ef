"""`apply`: a batch of operations from JSON, JSON Lines or CSV, all or nothing, written once."""
from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

from apostilla.common.errors import ApostillaError, BadInput
from apostilla.common.files import max_bytes, read_bytes

from .entities import entity
from .newdoc import decode_text
from .operations import FIELDS, as_list, op_name, perform
from .session import Outcome, edit


def read_batch(path: str | Path) -> list[tuple[int, dict]]:
    """The operations in a batch file, each with the line it starts on."""
    path = Path(path)
    text = decode_text(read_bytes(path), path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _from_csv(text, path)
        if suffix == ".json" or text.lstrip().startswith("["):
            return _from_json(text, path)
        return _from_jsonl(text, path)
    except RecursionError:
        # JSON arrays inside arrays ("[[[[..."): no batch nests like that.
        raise BadInput("nested too deeply to be a batch of operations", file=path) from None


def _from_json(text: str, path: Path) -> list[tuple[int, dict]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"not valid JSON: {exc.msg}", file=path, line=exc.lineno, column=exc.colno) from None
    if isinstance(data, dict):
        data = data.get("operations")
    if not isinstance(data, list):
        raise BadInput("a JSON batch is an array of operations (or {\"operations\": [...]})", file=path)
    return [(line, _check(item, path, line)) for line, item in zip(_item_lines(text), data)]


_SPACE = re.compile(r"[ \t\n\r]*")


def _item_lines(text: str) -> list[int]:
    """The line on which each operation of a valid JSON batch starts, so errors can point at it."""
    decoder = json.JSONDecoder()
    i = _SPACE.match(text).end()
    if text[i] == "{":
        i = _value_start(text, i, "operations", decoder)
    lines, line, counted = [], 1, 0
    i = _SPACE.match(text, i + 1).end()
    while text[i] != "]":
        line += text.count("\n", counted, i)
        counted = i
        lines.append(line)
        _, i = decoder.raw_decode(text, i)
        i = _SPACE.match(text, i).end()
        if text[i] == ",":
            i = _SPACE.match(text, i + 1).end()
    return lines


def _value_start(text: str, i: int, key: str, decoder: json.JSONDecoder) -> int:
    """Where the value of key starts in the JSON object that starts at i (the last one wins)."""
    found = -1
    i = _SPACE.match(text, i + 1).end()
    while text[i] != "}":
        name, i = decoder.raw_decode(text, i)
        i = _SPACE.match(text, _SPACE.match(text, i).end() + 1).end()  # past the colon
        if name == key:
            found = i
        _, i = decoder.raw_decode(text, i)
        i = _SPACE.match(text, i).end()
        if text[i] == ",":
            i = _SPACE.match(text, i + 1).end()
    return found


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
    # A cell may hold a long gloss: as long as the file itself may be.
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes()))
    reader = csv.DictReader(io.StringIO(text))
    ops = []
    try:
        if not reader.fieldnames or "op" not in reader.fieldnames:
            raise BadInput("a CSV batch needs a header row with an 'op' column", file=path, line=1)
        for row in reader:
            item: dict = {k: v for k, v in row.items() if k and v not in (None, "")}
            ops.append((reader.line_num, _check(item, path, reader.line_num)))
    except csv.Error as exc:
        raise BadInput(f"not valid CSV: {exc}", file=path, line=reader.line_num or None) from None
    return ops


def _check(item: object, path: Path, number: int) -> dict:
    if not isinstance(item, dict) or "op" not in item:
        raise BadInput("each operation is an object with an \"op\" key", file=path, line=number)
    item = {str(key).strip().lower().replace("-", "_"): value for key, value in item.items()}
    try:
        item["op"] = op_name(item["op"])
    except BadInput as exc:
        raise BadInput(exc.message, file=path, line=number) from None
    # A misspelt field would otherwise be ignored in silence and the operation do something else.
    unknown = sorted(set(item) - FIELDS[item["op"]] - {"op"})
    if unknown:
        raise BadInput(f"{item['op']} has no field {unknown[0]!r}; it takes "
                       f"{', '.join(sorted(FIELDS[item['op']]))}", file=path, line=number)
    return item


def _groups(ops: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """Merge runs of `entity.tag` without a match into one pass over the text (longest name first)."""
    merged: list[tuple[int, dict]] = []
    for number, op in ops:
        plain_tag = op["op"] == "entity.tag" and not op.get("match") and not op.get("every")
        ids = as_list(op.get("ids")) or as_list(op.get("id"))
        if plain_tag and ids and merged and "_group" in merged[-1][1]:
            merged[-1][1]["ids"].extend(ids)
            merged[-1][1]["_lines"].extend([number] * len(ids))
            continue
        if plain_tag and ids:
            op = {"op": "entity.tag", "ids": ids, "_group": True, "_lines": [number] * len(ids)}
        merged.append((number, op))
    return merged


def _failed(exc: ApostillaError, op: dict, batch_path: Path, number: int) -> ApostillaError:
    """The error of one operation, located at its line of the batch."""
    return type(exc)(f"operation {op['op']} failed, nothing was applied: {exc.message}",
                     file=batch_path, line=number, details=exc.details)


def apply(doc_path: str | Path, batch_path: str | Path, *, dry_run: bool = False,
          by: str | None = None) -> Outcome:
    """Run every operation of a batch on one loaded document; any failure writes nothing."""
    ops = read_batch(batch_path)
    if not ops:
        raise BadInput("the batch holds no operations", file=batch_path)
    counts: Counter[str] = Counter()
    with edit(doc_path, dry_run=dry_run, by=by) as session:
        for number, op in _groups(ops):
            # A merged run of tags fails at the line of the entity that is not registered.
            for ident, line in zip(op.get("ids", []), op.get("_lines", [])):
                try:
                    entity(session.doc, ident)
                except ApostillaError as exc:
                    raise _failed(exc, op, Path(batch_path), line) from None
            try:
                done = perform(session.doc, op["op"], op)
            except ApostillaError as exc:
                raise _failed(exc, op, Path(batch_path), number) from None
            session.outcome.ids.extend(done.ids)
            session.outcome.warnings.extend(done.warnings)
            counts[op["op"]] += len(op["ids"]) if "_group" in op else 1
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        session.record(f"apply {Path(batch_path).name}: {summary}")
        total = sum(counts.values())
        session.outcome.messages.append(f"{total} operation{'' if total == 1 else 's'} applied ({summary})")
    return session.outcome
