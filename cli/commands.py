"""Every command of `apostilla`, registered one way: its words and the function that runs it.

A command is a thin typer function in a module of cli/ over a library function; the changing
commands are made from annotations.operations, the memo exports from exports.writers. Adding
one is a line in COMMANDS (or an Operation, or a Writer); the sub-apps (`entity`, `quote`,
`export`, ...) follow from the words.
"""

from importlib import import_module
from typing import Callable

import typer

# (words, "module:function" in cli/), in the order `apostilla --help` lists them.
COMMANDS: list[tuple[str, str]] = [
    ("new", "new:new"),
    ("apply", "annotate:apply"),
    ("history", "history:history"),
    ("undo", "history:undo"),
    ("redo", "history:redo"),
    ("list", "listing:list_"),
    ("status", "listing:status"),
    ("show", "show:show"),
    ("suggest", "suggest:suggest"),
    ("rebase", "rebase:rebase"),
    ("validate", "validate:validate"),
    ("export xliff", "xliff:export_xliff"),
    ("import xliff", "xliff:import_xliff"),
    ("demo", "demo:demo"),
]
# What each group of commands is for, in `apostilla GROUP --help`.
GROUPS = {
    "entity": "Register entities and tag their mentions; change them.",
    "quote": "Mark quotations; change them.",
    "gloss": "Add translations of quotes, terms and paragraphs; change them.",
    "memo": "The memo's own parts kept in the document: summary and key points per language.",
    "export": "Write a memo (DOCX, HTML, PDF) or an XLIFF file from a TEI document.",
    "import": "Bring work back into a TEI document (XLIFF translations).",
}


def register(app: typer.Typer) -> None:
    """Add every command (and the operations' commands) to the app."""
    from apostilla.annotations.operations import OPERATIONS
    from apostilla.exports.writers import WRITERS

    from . import annotate, memo

    entries = [(tuple(words.split()), _function(target)) for words, target in COMMANDS]
    # The changing commands come right after `new`, as a user meets them; a memo format's
    # command comes from its line in exports.writers.
    entries[1:1] = [(op.words, annotate.command(op)) for op in OPERATIONS.values()]
    entries += [(("export", fmt), memo.command(fmt)) for fmt in WRITERS]
    groups: dict[str, typer.Typer] = {}
    for words, function in entries:
        if len(words) == 1:
            app.command(words[0])(function)
            continue
        group = groups.get(words[0])
        if group is None:
            group = groups[words[0]] = typer.Typer(help=GROUPS.get(words[0]), no_args_is_help=True)
            app.add_typer(group, name=words[0])
        group.command(words[1])(function)


def _function(target: str) -> Callable:
    module, name = target.split(":")
    return getattr(import_module(f"{__package__}.{module}"), name)
