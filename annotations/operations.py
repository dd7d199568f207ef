"""The changing operations, each defined once: from this table come the commands' options, the
fields a batch may give, their checks, and the table of docs/batch.md.

An operation is a library function `f(doc, **fields) -> Done` and the description of its fields.
Adding one is a function in the module of its subject and one `Operation(...)` below.
"""
from __future__ import annotations

import keyword
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from apostilla.common.errors import ApostillaError, BadInput
from apostilla.common.text import xml_text

if TYPE_CHECKING:  # the command line reads this table at start-up, before lxml is needed
    from .document import TeiDocument
    from .session import Done, Outcome

TEXT, NUMBER, INT, FLAG, LIST = "text", "number", "int", "flag", "list"


@dataclass(frozen=True)
class Field:
    """One input of an operation: a batch key, a command-line option (or argument), a parameter."""

    name: str                       # the batch key: "same_as", "in"
    help: str
    kind: str = TEXT                # text, number (text or a JSON number), int, flag, list
    required: bool = False
    argument: bool = False          # positional on the command line
    metavar: str | None = None
    default: Any = None
    aliases: tuple[str, ...] = ()   # other batch keys accepted for it ("id" for "ids")
    param: str = ""                 # the library function's parameter (default: from name)
    flag: str = ""                  # the command-line option (default: from name)

    @property
    def python(self) -> str:
        """The parameter name: name, with a "_" after Python keywords and builtins we shadow."""
        if self.param:
            return self.param
        return f"{self.name}_" if keyword.iskeyword(self.name) or self.name == "all" else self.name

    @property
    def option(self) -> str:
        """The command-line spelling: `--same-as`."""
        return self.flag or "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class Operation:
    """A change to a document, runnable from its command, from a batch, or from the library."""

    name: str                       # "entity.add"; its command is its words: `entity add`
    function: str                   # "module.function" in annotations/: the library function
    fields: tuple[Field, ...]
    help: str
    notes: str = ""                 # what the docs table adds about the fields

    def run(self, doc: "TeiDocument", **kwargs: Any) -> "Done":
        """Run the library function (imported only now: the command line starts without it)."""
        module, name = self.function.rsplit(".", 1)
        function: Callable[..., "Done"] = getattr(import_module(f"{__package__}.{module}"), name)
        return function(doc, **kwargs)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.name.split("."))

    def keys(self) -> frozenset[str]:
        """Every batch key this operation takes."""
        return frozenset(k for f in self.fields for k in (f.name, *f.aliases))


# Fields that several operations share, spelled once.
MATCH = Field("match", "The text to select, as whole words (see --substring, --nth, --all, --in).", required=True)
SUBSTRING = Field("substring", "Let --match begin or end inside a word.", FLAG, default=False)
NTH = Field("nth", "Which occurrence of --match (from 1).", INT)
ALL = Field("all", "Every occurrence of --match.", FLAG, default=False)
IN = Field("in", "Search only inside the element with this xml:id.", param="within")
LANG = Field("lang", "The language (BCP 47).", required=True)

OPERATIONS: dict[str, Operation] = {op.name: op for op in (
    Operation("entity.add", "entities.entity_add", help="Register an entity in the document's register; changes no text.", fields=(
        Field("id", "The entity's xml:id.", required=True, argument=True, metavar="ID", param="ident"),
        Field("type", "person, org, place, event or other.", required=True, param="etype"),
        Field("name", "The name as it appears in the text.", required=True),
        Field("aliases", "Another name that mentions it (repeatable).", LIST, flag="--alias"),
        Field("role", "Role or description."),
        Field("same_as", "Authority id or URI (repeatable).", LIST),
    ), notes="`type`: person, org, place, event, other"),
    Operation("entity.tag", "entities.entity_tag",
              help="Mark mentions: without --match, every whole-word mention of the names and aliases.", fields=(
        Field("ids", "Entity ids.", LIST, argument=True, metavar="ID...", aliases=("id",)),
        Field("every", "Tag every registered entity, in one pass.", FLAG, default=False),
        Field("match", "Tag this text only, as whole words (see --substring, --nth, --all)."), SUBSTRING, NTH, ALL, IN,
    ), notes="give `ids` (or `id`), or `every: true`"),
    Operation("mark", "marks.mark", help="Mark dates, quantities and foreign terms; prints the new ids.", fields=(
        MATCH,
        Field("date", "An ISO 8601 date: <date when>."),
        Field("measure", "A number: <measure quantity> or <num value>.", NUMBER),
        Field("unit", "The unit of --measure."),
        Field("term", "A term in this language: <term xml:lang>."),
        Field("id", "The new element's xml:id.", param="ident"), SUBSTRING, NTH, ALL, IN,
    ), notes="exactly one of `date` (ISO 8601), `measure` (a number; `unit` goes with it), `term` (a language)"),
    Operation("quote.add", "quotes.quote_add",
              help="Mark a quotation with its language and speaker; prints the quote's id.", fields=(
        Field("match", "The quoted text, as whole words (quotation marks stay outside).", required=True),
        Field("lang", "The quote's language (BCP 47).", required=True),
        Field("speaker", "Who said it: a person or org id."),
        Field("id", "The quote's xml:id (default q1, q2, ...).", param="ident"), SUBSTRING, NTH, IN,
    )),
    Operation("gloss.add", "glosses.gloss_add", help="Add a gloss (a translation) of a quote, term or paragraph, in standOff.", fields=(
        Field("target", "The xml:id of the quote, term or paragraph.", required=True, argument=True),
        Field("lang", "The gloss's language (BCP 47).", required=True),
        Field("text", "The translation.", required=True),
        Field("translator", "Who translated it."),
        Field("status", "draft, reviewed or approved.", default="draft"),
        Field("replace", "Replace the gloss in this language.", FLAG, default=False),
    ), notes="`status`: draft (default), reviewed, approved"),
    Operation("memo.set", "memoparts.memo_set",
              help="Keep the memo's summary and key points in one language in the TEI header.", fields=(
        Field("summary", "The summary (blank lines separate paragraphs); replaces the one in --lang."),
        Field("key_points", "A key point (repeatable); together they replace those in --lang.", LIST,
              flag="--key-point", aliases=("key_point",)),
        Field("lang", "The language of the summary and key points (BCP 47).", required=True),
    ), notes="give `summary`, `key_points` or both; each replaces its part in `lang`"),
    Operation("remove", "remove.remove", help="Remove one annotation (its markup and what hangs on it); the text stays.",
              fields=(Field("id", "The annotation's xml:id.", required=True, argument=True, metavar="ID",
                            param="ident"),)),
    # Changing what is there: each leaves the file as it was when nothing changes.
    Operation("entity.set", "entities.entity_set",
              help="Change a registered entity: its name, aliases, role (one per language) or authority ids.", fields=(
        Field("id", "The entity's xml:id.", required=True, argument=True, metavar="ID", param="ident"),
        Field("name", "The new name, as it appears in the text."),
        Field("aliases", "Add an alias (repeatable); the aliases it has stay.", LIST, flag="--alias"),
        Field("remove_aliases", "Remove an alias (repeatable).", LIST, flag="--remove-alias"),
        Field("role", "The role in --lang, replacing the one in that language; without --lang, the role in "
                      "the document's language (no xml:lang)."),
        Field("lang", "The language of --role (BCP 47)."),
        Field("same_as", "Add an authority id or URI (repeatable); those it has stay.", LIST),
        Field("remove_same_as", "Remove an authority id or URI (repeatable).", LIST),
    ), notes="`aliases` and `same_as` add, `remove_aliases` and `remove_same_as` remove; `lang` goes with `role`"),
    Operation("quote.set", "quotes.quote_set", help="Change a quote's speaker or language.", fields=(
        Field("id", "The quote's xml:id.", required=True, argument=True, metavar="QID", param="ident"),
        Field("speaker", "Who said it: a person or org id."),
        Field("no_speaker", "Who said it is not known: remove the speaker.", FLAG, default=False),
        Field("lang", "The quote's language (BCP 47); not that of one of its glosses."),
    )),
    Operation("gloss.set", "glosses.gloss_set",
              help="Change the gloss in one language of a quote or term; what is not given stays.", fields=(
        Field("target", "The xml:id of the quote or term.", required=True, argument=True),
        Field("lang", "The language of the gloss to change (BCP 47).", required=True),
        Field("text", "The new translation."),
        Field("translator", "Who translated it."),
        Field("status", "draft, reviewed or approved."),
    ), notes="give `text`, `translator`, `status` or several"),
    Operation("rename", "rename.rename", help="Rename an id and every pointer to it, anywhere in the document.",
              fields=(Field("old", "The id to rename.", required=True, argument=True, metavar="OLD_ID"),
                      Field("new", "The new id.", required=True, argument=True, metavar="NEW_ID"))),
)}

# Batch fields that hold a list or a number, for readers of CSV cells.
FIELDS: dict[str, frozenset[str]] = {name: op.keys() for name, op in OPERATIONS.items()}


def op_name(name: str) -> str:
    """Accept 'entity add', 'entity_add' and 'entity.add' alike."""
    key = ".".join(str(name).strip().lower().replace("_", " ").replace("-", " ").replace(".", " ").split())
    if key not in OPERATIONS:
        raise BadInput(f"unknown operation {name!r}; use one of {', '.join(OPERATIONS)}")
    return key


def as_list(value: Any) -> list[str]:
    """A list field from a command line list, a JSON array or a CSV cell of items joined by "|"."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split("|") if v.strip()]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    raise BadInput("a list field holds text items (a JSON array of strings, or items joined by '|')")


def arguments(op: Operation, params: dict) -> dict[str, Any]:
    """The library function's keyword arguments for batch-style params, checked by kind."""
    kwargs: dict[str, Any] = {}
    for f in op.fields:
        value = next((params[k] for k in (f.name, *f.aliases) if params.get(k) not in (None, "", [])), None)
        if value is None:
            if f.required:
                raise BadInput(f"{op.name} needs {f.name}")
            kwargs[f.python] = [] if f.kind == LIST else f.default
            continue
        kwargs[f.python] = _typed(f, value)
    return kwargs


def _typed(f: Field, value: Any) -> Any:
    if f.kind == LIST:
        try:
            items = as_list(value)
        except BadInput:
            raise BadInput(f"{f.name} must be a list of text items, not {value!r}") from None
        return [xml_text(item, f.option) for item in items]
    if f.kind == FLAG:
        if isinstance(value, str):  # a CSV cell, or "yes" in JSON
            return value.strip().lower() in ("1", "true", "yes", "y")
        if isinstance(value, bool):
            return value
        raise BadInput(f"{f.name} must be true or false, not {value!r}")
    if f.kind == INT:
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadInput(f"{f.name} must be a whole number, not {value!r}")
        return value
    if f.kind == NUMBER and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise BadInput(f"{f.name} must be text, not {value!r}" +
                       (" (write it in quotes)" if isinstance(value, (int, float)) else ""))
    return xml_text(value, f.option)


def perform(doc: "TeiDocument", name: str, params: dict) -> "Done":
    """Run one named operation, with batch-style params, on a document in memory."""
    op = OPERATIONS[op_name(name)]
    try:
        return op.run(doc, **arguments(op, params))
    except ApostillaError as exc:
        # Checks of option values know no file; the message names the document all the same.
        if exc.file is None:
            exc.file = doc.name
        raise


def run(path: str | Path, name: str, params: dict, *, dry_run: bool = False, by: str | None = None) -> "Outcome":
    """Run one operation on a file: locked, recorded in revisionDesc, saved atomically."""
    from .session import edit

    with edit(path, dry_run=dry_run, by=by) as session:
        done = perform(session.doc, name, params)
        session.outcome.ids = done.ids
        session.outcome.warnings = done.warnings
        if done.ids:  # an operation that added nothing leaves the file byte-identical
            session.record(done.description)
    return session.outcome


def markdown_table() -> str:
    """The table of operations and their fields, as docs/batch.md shows it."""
    rows = ["| `op` | required fields | optional fields | notes |", "| --- | --- | --- | --- |"]
    for op in OPERATIONS.values():
        required = ", ".join(_field_doc(f) for f in op.fields if f.required)
        optional = ", ".join(_field_doc(f) for f in op.fields if not f.required)
        rows.append(f"| `{' '.join(op.words)}` | {required} | {optional} | {op.notes} |")
    return "\n".join(rows)


def _field_doc(f: Field) -> str:
    kind = {LIST: " (list)", INT: " (a number from 1)", FLAG: " (true/false)"}.get(f.kind, "")
    return f"`{f.name}`{kind}"

