"""Options that many commands share, spelled once: the document, --dry-run, --by, --format, memo options."""

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

DOC = typer.Argument(..., help="The TEI document.", show_default=False)
DRY_RUN = typer.Option(False, "--dry-run", help="Show the change as a unified diff; write nothing.")
BY = typer.Option(None, "--by", help="Who is acting (default: $APOSTILLA_USER, else the system user).")


def format_option(*choices: str, help: str = "") -> typer.models.OptionInfo:
    """`--format`, one of choices (the first is the default), refused in one line otherwise."""
    listed = ", ".join(choices[:-1]) + f" or {choices[-1]}"

    def check(value: str) -> str:
        if value not in choices:
            from apostilla.common.errors import UsageError

            raise UsageError(f"--format {value!r}: use {listed}")
        return value

    return typer.Option(choices[0], "--format", callback=check, help=help or f"{listed}.")


# Where work on many files runs (validate, and the export of several memos).
class ExecutorKind(str, Enum):
    local = "local"
    dask = "dask"


JOBS = typer.Option("--jobs", min=1, show_default=False,
                    help="Worker processes (default: one per core); with --executor dask, those of the local cluster.")
EXECUTOR = typer.Option("--executor", help="local: worker processes of this machine; dask: a Dask cluster "
                        "(pip install 'apostilla[dask]').")
SCHEDULER = typer.Option("--scheduler", metavar="ADDRESS", show_default=False,
                         help="The Dask scheduler, e.g. tcp://head:8786 (default: $DASK_SCHEDULER_ADDRESS, "
                         "else a local cluster).")


# Memo options: the heading block, the language, the date; every memo format takes them.
# Those left out come from the config file (--config, else apostilla.toml), then the defaults.
LANG = typer.Option(None, "--lang", help="The memo's language: en or es (default: en).")
TO = typer.Option(None, "--to", help='Addressee (default: "File" / "Archivo").')
FROM = typer.Option(None, "--from", help="Sender (default: the last translator or reviewer recorded).")
SUBJECT = typer.Option(None, "--subject", help="Subject line (default: the document's title).")
DATE = typer.Option(None, "--date", help="The memo's date, YYYY-MM-DD (default: the document's last change).")
CLASSIFICATION = typer.Option(None, "--classification", help="Classification line, e.g. UNCLASSIFIED.")
TEMPLATE = typer.Option(None, "--template", help="A .docx whose styles, page set-up, header and footer to use.")
SECTIONS = typer.Option(None, "--sections", metavar="LIST",
                        help="The sections to include, comma-separated: summary,quotes,people,dates,text,provenance.")
MIN_STATUS = typer.Option(None, "--min-status", metavar="STATUS",
                          help="Leave out translations below this status: draft, reviewed or approved.")
LAYOUT = typer.Option(None, "--layout", metavar="LAYOUT",
                      help="memo, or parallel: the annotated text as two columns, original and translation.")
CONFIG = typer.Option(None, "--config", metavar="FILE",
                      help="Memo defaults in TOML (default: apostilla.toml in the document's folder or a parent).")


def memo_options(doc: Path, config: Optional[Path] = None, **given):
    """The one options record every memo writer takes: what was given, then the config file's."""
    from apostilla.exports.memo.config import resolve
    from apostilla.exports.memo.options import MemoOptions

    values = {name: value for name, value in given.items() if value is not None}
    return resolve(doc, MemoOptions(**values), set(values), config)
