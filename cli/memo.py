"""Memo commands: `export FORMAT` for every writer of exports.writers, made from its line there."""

import inspect
from pathlib import Path
from typing import Any, Callable, Optional

import typer
from apostilla.exports.writers import WRITERS

from .options import (
    CLASSIFICATION,
    DATE,
    DOC,
    FROM,
    LANG,
    SUBJECT,
    TEMPLATE,
    TO,
    memo_options,
)
from .output import say, warn

# The options every memo takes, then those a writer may ask for (its line's `options`).
_SHARED = [("lang", LANG, str), ("to", TO, Optional[str]), ("sender", FROM, Optional[str]),
           ("subject", SUBJECT, Optional[str]), ("date", DATE, Optional[str]),
           ("classification", CLASSIFICATION, Optional[str])]
_EXTRA = {"template": ("template", TEMPLATE, Optional[Path])}


def command(fmt: str) -> Callable[..., None]:
    """The `export FMT` command: DOC, -o OUT, the memo options, and the writer's own."""
    writer = WRITERS[fmt]
    output = typer.Option(..., "-o", "--output", help=f"The {fmt.upper()} file to write.")
    specs = [("doc", DOC, Path), ("output", output, Path), *_SHARED,
             *(_EXTRA[name] for name in sorted(writer.options))]
    params = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=kind)
              for name, default, kind in specs]

    def export(**values: Any) -> None:
        from apostilla.exports.writers import export_memo

        options = memo_options(values["lang"], values["to"], values["sender"], values["subject"], values["date"],
                               values["classification"], values.get("template"))
        memo = export_memo(values["doc"], values["output"], fmt, options)
        for warning in memo.warnings:
            warn(warning)
        say(str(values["output"]))

    export.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    export.__annotations__ = {p.name: p.annotation for p in params}
    export.__doc__ = f"Write the briefing memo as {writer.makes}."
    export.__name__ = f"export_{fmt}"
    return export
