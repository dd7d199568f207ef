"""Memo commands: `export FORMAT` for every writer of exports.writers, made from its line there."""

import inspect
from pathlib import Path
from typing import Any, Callable, Optional

import typer
from apostilla.exports.writers import WRITERS

from .options import (
    CLASSIFICATION,
    CONFIG,
    DATE,
    DOC,
    FROM,
    LANG,
    LAYOUT,
    MIN_STATUS,
    SECTIONS,
    SUBJECT,
    TEMPLATE,
    TO,
    memo_options,
)
from .output import say, warn

# The options every memo takes (parameter, option, type, the MemoOptions field), then those a
# writer may ask for in its line's `options`. Options not given come from the config file.
_SHARED = [("lang", LANG, Optional[str], "lang"), ("to", TO, Optional[str], "to"),
           ("sender", FROM, Optional[str], "from_"), ("subject", SUBJECT, Optional[str], "subject"),
           ("date", DATE, Optional[str], "date"), ("classification", CLASSIFICATION, Optional[str], "classification"),
           ("sections", SECTIONS, Optional[str], "sections"), ("min_status", MIN_STATUS, Optional[str], "min_status"),
           ("layout", LAYOUT, Optional[str], "layout")]
_EXTRA = {"template": ("template", TEMPLATE, Optional[Path], "template")}


def command(fmt: str) -> Callable[..., None]:
    """The `export FMT` command: DOC, -o OUT, the memo options, the writer's own, and --config."""
    writer = WRITERS[fmt]
    output = typer.Option(..., "-o", "--output", help=f"The {fmt.upper()} file to write.")
    fields = [*_SHARED[:6], *(_EXTRA[name] for name in sorted(writer.options)), *_SHARED[6:]]
    specs = [("doc", DOC, Path), ("output", output, Path), *((p, o, k) for p, o, k, _ in fields),
             ("config", CONFIG, Optional[Path])]
    params = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=kind)
              for name, default, kind in specs]

    def export(**values: Any) -> None:
        from apostilla.exports.writers import export_memo

        given = {field: values[param] for param, _, _, field in fields}
        memo = export_memo(values["doc"], values["output"], fmt, memo_options(values["doc"], values["config"], **given))
        for warning in memo.warnings:
            warn(warning)
        say(str(values["output"]))

    export.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    export.__annotations__ = {p.name: p.annotation for p in params}
    export.__doc__ = f"Write the briefing memo as {writer.makes}."
    export.__name__ = f"export_{fmt}"
    return export
