"""The changing commands: one per operation of annotations.operations, made from its fields, and `apply`."""

import inspect
from pathlib import Path
from typing import Any, Callable, Optional

import typer
from apostilla.annotations.operations import FLAG, INT, LIST, Field, Operation

from .options import BY, DOC, DRY_RUN
from .output import data, say, warn

_TYPES = {LIST: list[str], INT: Optional[int], FLAG: bool}


def command(op: Operation) -> Callable[..., None]:
    """The typer command of an operation: DOC, its fields as arguments and options, --dry-run, --by."""
    params = [inspect.Parameter("doc", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=DOC, annotation=Path)]
    params += [inspect.Parameter(f.python, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=_typer_param(f),
                                 annotation=_TYPES.get(f.kind, Optional[str])) for f in op.fields]
    params += [inspect.Parameter("dry_run", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=DRY_RUN, annotation=bool),
               inspect.Parameter("by", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=BY, annotation=Optional[str])]

    def run_command(**values: Any) -> None:
        from apostilla.annotations.operations import run

        params = {f.name: values[f.python] for f in op.fields}
        show(run(values["doc"], op.name, params, dry_run=values["dry_run"], by=values["by"]))

    run_command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run_command.__annotations__ = {p.name: p.annotation for p in params}
    run_command.__doc__ = op.help
    run_command.__name__ = op.name.replace(".", "_")
    return run_command


def _typer_param(f: Field) -> Any:
    if f.argument:
        default = None if f.kind == LIST else ...
        return typer.Argument(default, metavar=f.metavar or f.name.upper(), help=f.help, show_default=False)
    default = [] if f.kind == LIST else f.default
    required = f.required and default is None
    return typer.Option(... if required else default, f.option, help=f.help,
                        show_default=f.kind != FLAG and default not in (None, []))


def show(outcome) -> None:
    """What a changing command prints: warnings on stderr, then the diff, or its messages and new ids."""
    for warning in outcome.warnings:
        warn(warning)
    if outcome.diff is not None:
        data(outcome.diff)
        return
    for line in outcome.messages:
        say(line)
    for ident in outcome.ids:
        say(ident)


def apply(
    doc: Path = DOC,
    batch: Path = typer.Argument(..., metavar="FILE", help="Operations as JSON, JSON Lines or CSV."),
    dry_run: bool = DRY_RUN, by: Optional[str] = BY,
) -> None:
    """Run a batch of operations, all or nothing (format: docs/batch.md)."""
    from apostilla.annotations.apply import apply as apply_batch

    outcome = apply_batch(doc, batch, dry_run=dry_run, by=by)
    outcome.ids = []
    show(outcome)
