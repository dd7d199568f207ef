"""The `export` and `import` command groups; each format's commands live in their own module."""

import typer

export_app = typer.Typer(help="Write a memo (DOCX, HTML) or an XLIFF file from a TEI document.",
                         no_args_is_help=True)
import_app = typer.Typer(help="Bring work back into a TEI document (XLIFF translations).",
                         no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add `export` and `import` with every format that registers below."""
    from . import xliff
    xliff.register(export_app, import_app)
    app.add_typer(export_app, name="export")
    if import_app.registered_commands:
        app.add_typer(import_app, name="import")
