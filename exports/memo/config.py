"""Memo defaults from a TOML file, so a desk does not repeat its options on every export.

The file is `--config FILE`, else the first `apostilla.toml` found in the document's folder or one
of its parents. Its `[memo]` table may say `to`, `from`, `classification`, `sections` (a list or a
comma-separated string), `min-status` and `language`; an option on the command line wins.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from apostilla.common.errors import BadInput

from .options import MemoOptions

CONFIG_NAME = "apostilla.toml"
# Key in the file -> MemoOptions field.
KEYS = {"to": "to", "from": "from_", "classification": "classification", "sections": "sections",
        "min-status": "min_status", "language": "lang"}
_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


def find_config(doc: str | Path, given: str | Path | None = None) -> Path | None:
    """The config file a memo of doc uses: given, else apostilla.toml beside doc or above it."""
    if given is not None:
        path = Path(given)
        if not path.is_file():
            raise BadInput("the config file does not exist", file=path)
        return path
    folder = Path(doc).resolve().parent
    for place in (folder, *folder.parents):
        candidate = place / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def read_config(path: Path) -> dict[str, object]:
    """The memo defaults a config file holds, by MemoOptions field; BadInput for anything else."""
    import tomllib   # here: most exports find no config file, and the parser takes 1.5 ms to import

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        where = _WHERE.search(str(exc))
        message = _WHERE.sub("", str(exc)).strip()
        raise BadInput(f"not valid TOML: {message}", file=path, line=int(where.group(1)) if where else None,
                       column=int(where.group(2)) if where else None) from None
    except UnicodeDecodeError:
        raise BadInput("not valid TOML: the file is not UTF-8", file=path) from None
    except OSError as exc:
        raise BadInput(f"cannot read the config file: {exc.strerror or exc}", file=path) from None
    unknown = sorted(set(data) - {"memo"})
    if unknown:
        raise BadInput(f"unknown table or key {unknown[0]!r}; the file holds a [memo] table", file=path)
    memo = data.get("memo", {})
    if not isinstance(memo, dict):
        raise BadInput("'memo' must be a table: [memo]", file=path)
    unknown = sorted(set(memo) - set(KEYS))
    if unknown:
        raise BadInput(f"unknown key {unknown[0]!r} in [memo]; use {', '.join(KEYS)}", file=path)
    found: dict[str, object] = {}
    for key, value in memo.items():
        if key == "sections" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            found[KEYS[key]] = tuple(value)
        elif isinstance(value, str):
            found[KEYS[key]] = tuple(value.split(",")) if key == "sections" else value
        else:
            raise BadInput(f"[memo] {key} must be text{' or a list of text' if key == 'sections' else ''}, "
                           f"not {value!r}", file=path)
    return found


def with_config(options: MemoOptions, defaults: dict[str, object], given: set[str]) -> MemoOptions:
    """options with the config's defaults for every field the command line did not give."""
    return replace(options, **{name: value for name, value in defaults.items() if name not in given})


def resolve(doc: str | Path, options: MemoOptions, given: set[str], config: str | Path | None = None) -> MemoOptions:
    """The options a memo of doc is written with: those given, then the config file's, then ours."""
    path = find_config(doc, config)
    return with_config(options, read_config(path), given) if path is not None else options
