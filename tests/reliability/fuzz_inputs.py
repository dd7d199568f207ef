"""What the command-line fuzzer hands apostilla: hostile strings, and files of every kind.

Files are described first (`Made`) and made later in the folder of one run, so that hypothesis can
draw and shrink them. The documents they start from (an annotated sample with hostile text, its
XLIFF, a Word template) are made once per process by the library itself (`assets`).
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

from .docgen import documents as random_documents
from .helpers import TEI_NS

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

# ----------------------------------------------------------------------------- strings

# Text a terminal would obey, text other programs read as markup or formulas, text XML cannot
# hold, invisible text, text that looks like an option, numbers that overflow. Bytes are argv
# that is not UTF-8 (Python hands it to apostilla as lone surrogates).
HOSTILE: list[str | bytes] = [
    "", " ", "\t", "\u200b", "\u0301", "\ufe0f", "\U0001f1ea", "\U0001f1ea\U0001f1f8\U0001f1e8\U0001f1f4",
    "\x1b[31mred\x1b[0m", "\x1b]0;pwned\x07", "\x1b[2J", "\x07", "\x7f", "\x85", "\x9b31m", "\u202eevil",
    "\u2066x\u2069", "\u200f", "line\nFORGED.xml: 0 errors", "cr\rreturn", "tab\there",
    "[link=https://evil.example]click[/link]", "[/applause]", "[sic]", "<b>&amp;</b>", "]]>", "&eacute;",
    "&#27;", "\"'", '=HYPERLINK("http://evil.example")', "+1", "@SUM(A1)", "-", "--", "-o",
    "%s%n{0}", "$(id)", "../../../etc/passwd", "/etc/passwd", "x" * 5000, "y" * 100_000,
    "\uffff", "\ufffe", "\U0010ffff", "0", "-1", "1e309", "nan", "99999999999999999999", "\u0661\u0662",
    b"\xff\xfe", b"caf\xe9", b"\xed\xa0\x80", b"\x80", b"ok\xc3",
]
LANGS = ["en", "es", "fr", "de", "ar", "en-US", "es-ES", "en-GB", "es-419", "sp", "spanish", "ES",
         "zh-Hant-TW", "x-klingon", "i-klingon", "und", "es_ES", "e$", "qaa", "en-Latn-US-u-ca-gregory"]
DATES = ["2026-03-03", "2026", "2026-03", "2108-01-01", "2107-12-31", "1999-12-31", "0001-01-01",
         "2026-02-30", "-0044-03-15", "2026-03-03T10:00:00", "yesterday", "9999-12-31", "1969-12-31"]
NUMBERS = ["1200", "2.5e3", "-1", "0", "1e309", "nan", "inf", "2,512", "0x10", "\uff11\uff12", "4500000"]
STATUSES = ["draft", "reviewed", "approved", "final", "APPROVED"]
TYPES = ["person", "org", "place", "event", "other", "alien", "Person"]
FORMATS = ["table", "json", "csv", "text", "batch", "xml"]
KINDS = ["entities", "mentions", "quotes", "glosses", "dates", "measures", "terms", "notes"]
VERSIONS = ["1.2", "2.1", "2.0", "2", "1.2.0"]
NAMES = ["Ana Ruiz", "Marta Rojas", "Luis Vega", "Evil\u202e Corp", "\u00d1and\u00fa", "O'Brien & Sons",
         "Dirección de las Américas", "UNCLASSIFIED", "Q33986", "https://www.wikidata.org/wiki/Q2887", "t"]
# By the name of a command's parameter: values that get past the first checks to the real work.
HINTS = [("lang", LANGS), ("term", LANGS), ("date", DATES), ("measure", NUMBERS), ("status", STATUSES),
         ("type", TYPES), ("format", FORMATS), ("fmt", FORMATS), ("kind", KINDS), ("version", VERSIONS)]
ID_PARAMS = ("ident", "ids", "target", "speaker", "within", "id", "old_id", "new_id")

# ----------------------------------------------------------------------------- the starting documents

# A paragraph of document text that a terminal, a spreadsheet or rich would obey if shown raw.
HOSTILE_PARAGRAPH = ("Evil\u202e Corp said\nFORGED: 0 errors [sic] [/applause] [link=https://evil.example]here[/link] "
                     '=HYPERLINK("http://evil.example") \u0085\u009b2J: \u00abNada\u202e que ver\u00bb.')
HOSTILE_BATCH = [
    {"op": "entity add", "id": "evil", "type": "org", "name": "Evil\u202e Corp", "role": "[bold]\u009b31m"},
    {"op": "entity tag", "ids": ["evil"]},
    {"op": "quote add", "id": "q-evil", "match": "Nada\u202e que ver", "lang": "es", "speaker": "evil"},
    {"op": "gloss add", "target": "q-evil", "lang": "en", "text": "[link=https://evil.example]x[/link] \u0085",
     "translator": "\u202eAna"},
]


@dataclass(frozen=True)
class Assets:
    """The documents every run may start from, made once by apostilla's own library."""

    doc: bytes                 # the demo's sample, annotated, with a paragraph of hostile text
    ids: tuple[tuple[str, ...], ...]  # its xml:ids by element (entities, quotes, terms, paragraphs, ...)
    words: tuple[str, ...]     # the words of its text, for --match
    xliffs: tuple[bytes, ...]  # its XLIFF 1.2 and 2.1, prefilled
    docx: bytes                # a Word file (a --template)
    corpus: tuple[bytes, ...]  # other projects' TEI (../shared/corpus), when present
    foreign: tuple[bytes, ...]  # other tools' XLIFF (../shared/xliff), when present


@lru_cache(maxsize=1)
def assets() -> Assets:
    from apostilla.annotations.apply import apply
    from apostilla.annotations.document import TeiDocument
    from apostilla.annotations.newdoc import new_document
    from apostilla.cli.demo import BATCH, SAMPLE, TEXT
    from apostilla.exports.xliff.export import export_xliff
    from docx import Document

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        text = (SAMPLE / TEXT).read_text(encoding="utf-8").rstrip("\n") + "\n\n" + HOSTILE_PARAGRAPH + "\n"
        (folder / "brief.txt").write_text(text, encoding="utf-8")
        doc = folder / "doc.xml"
        new_document(folder / "brief.txt", doc, title="Port strike \u202e[sic]", lang="en", force=True, by="Fuzz")
        apply(doc, SAMPLE / BATCH, by="Fuzz")
        (folder / "evil.jsonl").write_text("\n".join(json.dumps(op) for op in HOSTILE_BATCH), encoding="utf-8")
        apply(doc, folder / "evil.jsonl", by="Fuzz")
        xliffs = []
        for version in ("1.2", "2.1"):
            export_xliff(doc, folder / f"doc{version}.xlf", "en", version=version, prefill=True, all_=True)
            xliffs.append((folder / f"doc{version}.xlf").read_bytes())
        Document().save(folder / "template.docx")
        loaded = TeiDocument.load(doc)
        by_element: dict[str, list[str]] = {}
        for ident, node in sorted(loaded.ids.items()):
            by_element.setdefault(node.tag.rsplit("}", 1)[-1], []).append(ident)
        return Assets(doc.read_bytes(), tuple(tuple(v) for _, v in sorted(by_element.items())),
                      tuple(loaded.view.text.split()),
                      tuple(xliffs), (folder / "template.docx").read_bytes(), _corpus(), _foreign_xliff())


def _corpus(count: int = 8, largest: int = 100_000) -> tuple[bytes, ...]:
    """A few small files of the corpus, evenly spread over its sorted list (no randomness)."""
    files = sorted(p for p in (SHARED / "corpus").rglob("*.xml") if p.stat().st_size <= largest
                   and "schema" not in p.parts)
    step = max(1, len(files) // count)
    return tuple(p.read_bytes() for p in files[::step][:count])


def _foreign_xliff(count: int = 4) -> tuple[bytes, ...]:
    files = sorted((SHARED / "xliff").rglob("*.xlf"))
    step = max(1, len(files) // count)
    return tuple(p.read_bytes() for p in files[::step][:count])


# A good command line for each command of today, on the sample: the fuzzer starts from one and
# changes a value, a file or an option, so that hostile input meets the real work of the command
# and not only its first checks. A command without a line here is fuzzed from its parameters alone.
RECIPES: dict[str, list[str]] = {
    "new": ["{source}", "-o", "new.xml", "--title", "Port strike", "--lang", "en"],
    "apply": ["{doc}", "{batch}"],
    "entity add": ["{doc}", "e-new", "--type", "person", "--name", "Marta Rojas", "--alias", "Rojas",
                   "--role", "Union leader"],
    "entity tag": ["{doc}", "rojas", "--match", "Marta Rojas"],
    "mark": ["{doc}", "--match", "Wednesday evening", "--date", "2026-03-04"],
    "quote add": ["{doc}", "--match", "protect the fruit export season", "--lang", "en", "--speaker", "ibarra"],
    "gloss add": ["{doc}", "q-week", "--lang", "es", "--text", "una soluci\u00f3n en una semana"],
    "remove": ["{doc}", "q-plan"],
    "list": ["{doc}", "quotes"],
    "status": ["{doc}"],
    "show": ["{doc}"],
    "validate": ["{doc}"],
    "export xliff": ["{doc}", "-o", "out.xlf", "--target-lang", "en"],
    "import xliff": ["{doc}", "{xliff}"],
    "export docx": ["{doc}", "-o", "memo.docx", "--to", "Director", "--date", "2026-03-05"],
    "export html": ["{doc}", "-o", "memo.html", "--to", "Director", "--date", "2026-03-05"],
    "demo": ["-o", "demo-out"],
}
GOOD_BATCH = "\n".join(json.dumps(op) for op in [
    {"op": "entity add", "id": "e-new", "type": "place", "name": "Santiago de Chile"},
    {"op": "mark", "match": "Wednesday evening", "date": "2026-03-04"},
    {"op": "quote add", "match": "protect the fruit export season", "lang": "en", "speaker": "ibarra", "id": "q-new"},
    {"op": "gloss add", "target": "q-new", "lang": "es", "text": "proteger la temporada", "status": "draft"},
]).encode()


def recipe_files(calm: bool) -> dict[str, st.SearchStrategy[Made]]:
    """What the placeholders of a recipe become: the good file, or (not calm) any of its kind."""
    good = {"doc": Made("doc.xml"), "batch": Made("good.jsonl", data=GOOD_BATCH),
            "xliff": Made("in.xlf", data=assets().xliffs[0]), "source": Made("source.txt", data=b"Dock workers.\n")}
    kinds = {"doc": documents(), "batch": batches(), "xliff": xliffs(), "source": texts()}
    return {k: st.just(good[k]) if calm else st.one_of(st.just(good[k]), kinds[k]) for k in good}


# ----------------------------------------------------------------------------- files


@dataclass(frozen=True)
class Made:
    """A file (or FIFO, folder, link...) to make in the folder of a run; `name` is its path there."""

    name: str | bytes
    kind: str = "file"          # file, fifo, dir, link, hardlink, missing, folder
    data: bytes = b""
    target: str = ""            # what a link points to
    inside: tuple = ()          # what a folder holds (more Made)

    def arg(self) -> bytes:
        return os.fsencode(self.name)

    def __repr__(self) -> str:  # failing examples print their files: names and sizes, not megabytes
        return f"Made({self.name!r}, {self.kind!r}, {len(self.data)} bytes{', ' + self.target if self.target else ''})"

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))


def make(folder: Path, item: Made) -> None:
    """Make item in folder (a link's target, when it is another Made, is made first)."""
    path = os.path.join(os.fsencode(folder), item.arg())
    if os.path.lexists(path) or item.kind == "missing":
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if item.kind == "file":
        with open(path, "wb") as out:
            out.write(item.data)
    elif item.kind == "fifo":
        os.mkfifo(path)
    elif item.kind == "dir":
        os.mkdir(path)
    elif item.kind == "link":
        os.symlink(item.target, path)
    elif item.kind == "hardlink":
        os.link(os.path.join(os.fsencode(folder), os.fsencode(item.target)), path)
    elif item.kind == "folder":
        os.mkdir(path)
        for inner in item.inside:
            make(folder, Made(os.path.join(item.arg(), inner.arg()), inner.kind, inner.data, inner.target,
                              inner.inside))


DOC = Made("doc.xml", data=b"")  # every run's folder holds the annotated sample under this name


def tei(body: str, *, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> bytes:
    header = ("<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p>"
              "</publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>")
    return f'{prolog}<TEI xmlns="{TEI_NS}">{header}<text xml:lang="en"><body>{body}</body></text></TEI>\n'.encode()


def _odd(name: str) -> list[Made]:
    """Things that are not the file a command wants, under a name like it."""
    return [Made(name + ".fifo", "fifo"), Made(name + ".dir", "dir"), Made("missing-" + name, "missing"),
            Made(name + ".zero", "link", target="/dev/zero"), Made(name + ".urandom", "link", target="/dev/urandom"),
            Made(name + ".null", "link", target="/dev/null"), Made(name + ".link", "link", target="doc.xml"),
            Made(name + ".dangling", "link", target="nowhere"), Made(name + ".loop", "link", target=name + ".loop"),
            Made(name + ".empty"), Made(name + ".bin", data=bytes(range(256)) * 4),
            Made(name + ".nul", data=b"\x00" * 64)]


@st.composite
def documents(draw, calm: bool = False) -> Made:
    """A TEI document (or something given as one): the sample, broken, deep, huge, foreign, random."""
    base = assets().doc
    if calm and draw(st.integers(0, 3)):
        return Made("doc.xml")
    kind = draw(st.sampled_from(["sample", "sample", "random", "cut", "utf16", "cr", "entities", "deep", "deeper",
                                 "huge", "attributes", "corpus", "xliff", "prefixed", "external", "laughs",
                                 "odd", "bom"]))
    if kind == "sample":
        return Made("doc.xml")
    if kind == "random":
        return Made("random.xml", data=draw(random_documents()))
    if kind == "cut":
        return Made("cut.xml", data=base[:draw(st.integers(0, len(base) - 1))])
    if kind == "utf16":
        return Made("utf16.xml", data=base.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    if kind == "cr":
        return Made("cr.xml", data=base.replace(b"\n", b"\r"))
    if kind == "bom":
        return Made("bom.xml", data=b"\xef\xbb\xbf" + base)
    if kind == "entities":
        prolog = ('<?xml version="1.0"?>\n<!DOCTYPE TEI [\n<!ENTITY pres "President Gustavo Petro">\n'
                  '<!ENTITY esc "&#x1b;">\n]>\n')
        return Made("entities.xml", data=tei('<p xml:id="p1">&pres; said <q xml:lang="es">hola</q>.</p>', prolog=prolog))
    if kind in ("deep", "deeper"):
        levels = 2000 if kind == "deep" else 3000
        body = '<p xml:id="p1">Start <q xml:id="q1" xml:lang="es">' + "<hi>" * levels + "hondo" + "</hi>" * levels + "</q>.</p>"
        return Made(f"{kind}.xml", data=tei(body))
    if kind == "huge":
        body = "".join(f'<p xml:id="h{i}">Dock workers in Valpara\u00edso stopped work, said Marta Rojas {i}.</p>'
                       for i in range(draw(st.sampled_from([5_000, 40_000]))))
        return Made("huge.xml", data=tei(body))
    if kind == "attributes":
        attrs = " ".join(f'bad{i}="v"' for i in range(draw(st.sampled_from([100, 3000]))))
        return Made("attrs.xml", data=tei(f'<p xml:id="p1" {attrs}>Marta Rojas</p>'))
    if kind == "corpus" and assets().corpus:
        return Made("corpus.xml", data=draw(st.sampled_from(assets().corpus)))
    if kind == "xliff":
        return Made("doc.xlf", data=draw(st.sampled_from(assets().xliffs)))
    if kind == "prefixed":
        return Made("prefixed.xml", data=tei('<p xml:id="p1">Marta Rojas</p>').replace(b"<TEI xmlns=", b"<t:TEI xmlns:t=")
                    .replace(b"</TEI>", b"</t:TEI>"))
    if kind == "external":
        prolog = '<?xml version="1.0"?>\n<!DOCTYPE TEI [\n<!ENTITY s SYSTEM "secret.txt">\n]>\n'
        return Made("external.xml", data=tei('<p xml:id="p1">&s;</p>', prolog=prolog))
    if kind == "laughs":
        levels = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 8))
        prolog = f'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY l0 "lol">{levels}]>\n'
        return Made("laughs.xml", data=tei('<p xml:id="p1">&l7;</p>', prolog=prolog))
    return draw(st.sampled_from(_odd("doc")))


@st.composite
def texts(draw) -> Made:
    """Plain text for `new`: the sample, hostile characters, other encodings, no text at all."""
    kind = draw(st.sampled_from(["words", "words", "utf16", "latin1", "bom", "cr", "one-line", "controls", "odd"]))
    words = draw(st.lists(st.sampled_from([w for w in HOSTILE if isinstance(w, str)] + list(assets().words[:60])),
                          min_size=0, max_size=30))
    text = " ".join(words) + "\n\nSecond paragraph.\n"
    if kind == "utf16":
        return Made("source.txt", data=text.encode("utf-16", "surrogatepass"))
    if kind == "latin1":
        return Made("source.txt", data="Bogot\u00e1 y Espa\u00f1a\n".encode("latin-1"))
    if kind == "bom":
        return Made("source.txt", data=b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass"))
    if kind == "cr":
        return Made("source.txt", data=text.replace("\n", "\r").encode("utf-8", "surrogatepass"))
    if kind == "one-line":
        return Made("source.txt", data=("w " * 200_000).encode())
    if kind == "controls":
        return Made("source.txt", data=b"ok\x1b[2J\x00\x85\n")
    if kind == "odd":
        return draw(st.sampled_from(_odd("source")))
    return Made("source.txt", data=text.encode("utf-8", "surrogatepass"))


JSON_JUNK = [None, True, False, 0, -1, 2020, 1.5, 1e300, "", "\x1b[2J", "\ud800", "x" * 200_000, [], ["Dock"],
             {}, {"a": 1}, [[[]]]]


@st.composite
def operations(draw) -> dict:
    """One batch operation: a real one with good or wrong-shaped fields, or junk."""
    from apostilla.annotations.operations import OPERATIONS

    op = draw(st.sampled_from(sorted(OPERATIONS)))
    entry: dict = {"op": draw(st.sampled_from([op, op.replace(".", " "), op.replace(".", "_"), "explode", ""]))}
    for field in OPERATIONS[op].fields:
        if draw(st.booleans()):
            continue
        good = draw(_field_value(field.name, field.kind))
        entry[field.name] = draw(st.sampled_from([good, good, good] + JSON_JUNK[:6])) if draw(st.booleans()) \
            else draw(st.sampled_from(JSON_JUNK))
    if draw(st.integers(0, 9)) == 0:
        entry["unknown_field"] = "x"
    return entry


@st.composite
def _field_value(draw, name: str, kind: str):
    if kind == "list":
        return draw(st.lists(_ids(), max_size=3))
    if kind == "flag":
        return draw(st.sampled_from([True, False, "yes", "no"]))
    if kind == "int":
        return draw(st.sampled_from([1, 2, 0, -1, 10**30]))
    value = draw(strings(name))  # in a batch, bytes that are not UTF-8 become lone surrogates
    return value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value


@st.composite
def batches(draw) -> Made:
    """A batch file of every format, well or wrongly shaped."""
    ops = draw(st.lists(operations(), min_size=0, max_size=6))
    fmt = draw(st.sampled_from(["json", "jsonl", "csv", "txt"]))
    shape = draw(st.sampled_from(["ops", "ops", "ops", "object", "scalar", "nested", "brackets", "junk", "odd"]))
    if shape == "odd":
        return draw(st.sampled_from(_odd("batch")))
    if shape == "brackets":
        return Made(f"batch.{fmt}", data=b"[" * 100_000)
    if shape == "nested":
        return Made(f"batch.{fmt}", data=json.dumps([[[[ops]]]]).encode())
    if shape == "scalar":
        return Made(f"batch.{fmt}", data=json.dumps(draw(st.sampled_from(JSON_JUNK[:8]))).encode())
    if shape == "junk":
        return Made(f"batch.{fmt}", data=draw(st.sampled_from(
            [b"\xff\xfe{}", b'{"op": "mark", "match": "\\u001b"}\n', b'op,match\n"unclosed,x\n', b"# only a comment\n",
             b"op\n" + b"x" * 200_000 + b"\n", b"\xef\xbb\xbfop,id\nremove,q-plan\n", b'{"operations": 5}'])))
    if fmt == "csv":
        return Made("batch.csv", data=_csv(ops).encode("utf-8", "surrogatepass"))
    if fmt == "jsonl":
        return Made("batch.jsonl", data="\n".join(json.dumps(op) for op in ops).encode())
    if shape == "object":
        return Made(f"batch.{fmt}", data=json.dumps({"operations": ops, "note": "x"}).encode())
    return Made(f"batch.{fmt}", data=json.dumps(ops).encode())


def _csv(ops: list[dict]) -> str:
    keys = sorted({k for op in ops for k in op}) or ["op"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=keys, lineterminator="\n")
    writer.writeheader()
    for op in ops:
        writer.writerow({k: "|".join(map(str, v)) if isinstance(v, list) else v for k, v in op.items()})
    return out.getvalue()


@st.composite
def xliffs(draw) -> Made:
    """The sample's XLIFF as a translator sends it back, changed in the ways a CAT tool or a person might."""
    data = draw(st.sampled_from(assets().xliffs)).decode()
    change = draw(st.sampled_from(["none", "text", "lang", "unit", "source", "tags", "markers", "entity", "cut",
                                   "state", "foreign", "odd"]))
    if change == "foreign" and assets().foreign:
        return Made("other.xlf", data=draw(st.sampled_from(assets().foreign)))
    if change == "odd":
        return draw(st.sampled_from(_odd("in.xlf")))
    if change == "text":
        text = draw(strings("text"))
        text = (text.decode("utf-8", "replace") if isinstance(text, bytes) else text)
        data = data.replace("We will not", text.replace("&", "&amp;").replace("<", "&lt;"), 1)
    elif change == "lang":
        lang = draw(st.sampled_from(LANGS))
        data = data.replace('target-language="en"', f'target-language="{lang}"').replace('trgLang="en"', f'trgLang="{lang}"')
    elif change == "unit":
        data = data.replace('id="q-maquina"', 'id="q-gone"', 1)
    elif change == "source":
        data = data.replace("No vamos", "S\u00ed vamos", 1)
    elif change == "tags":
        cut = data.rfind("<target")
        data = data[:cut] + data[cut:].replace("</g>", "", 1).replace("</pc>", "", 1)
    elif change == "markers":
        nested = "".join(f'<mrk id="m{i}" translate="yes">' for i in range(700)) + "x" + "</mrk>" * 700
        data = data.replace("</target>", nested + "</target>", 1)
    elif change == "entity":
        data = data.replace("?>", '?>\n<!DOCTYPE xliff [<!ENTITY t "Translated text">]>', 1).replace(
            "We will not", "&t; We will not", 1)
    elif change == "cut":
        data = data[:draw(st.integers(0, len(data) - 1))]
    elif change == "state":
        data = data.replace('state="', 'state="\x85weird', 1)
    return Made("in.xlf", data=data.encode("utf-8", "surrogatepass"))


RNG = ('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element><anyName/>'
       '<ref name="any"/></element></start><define name="any"><zeroOrMore><choice><attribute><anyName/></attribute>'
       '<text/><element><anyName/><ref name="any"/></element></choice></zeroOrMore></define></grammar>')
SCH = ('<schema xmlns="http://purl.oclc.org/dsdl/schematron"><ns prefix="t" uri="http://www.tei-c.org/ns/1.0"/>'
       '<pattern><rule context="t:p"><assert test="string-length(.) &lt; 1000" id="short">{}</assert></rule>'
       '</pattern></schema>')


@st.composite
def schemas(draw) -> Made:
    """Schemas for `validate --schema`: small good ones, and the broken or hostile kinds users meet."""
    kind = draw(st.sampled_from(["rng", "rnc", "rnc-include", "rnc-net", "rnc-junk", "sch", "sch-exslt", "sch-entity",
                                 "xsd", "xsd-junk", "deep-rng", "unknown", "odd", "tei_all"]))
    if kind == "rng":
        return Made("s.rng", data=RNG.encode())
    if kind == "rnc":
        return Made("s.rnc", data=b"start = element * { any }\nany = (attribute * { text } | text | element * { any })*\n")
    if kind == "rnc-include":
        return Made("s.rnc", data=b'include "secret.txt"\nstart = element * { text }\n')
    if kind == "rnc-net":
        return Made("s.rnc", data=b'include "http://127.0.0.1:9/s.rnc"\nstart = element * { text }\n')
    if kind == "rnc-junk":
        return Made("s.rnc", data=draw(st.sampled_from([b"start = \x01", b"start = element a {", b"\xff\xfe", b""])))
    if kind == "sch":
        return Made("s.sch", data=SCH.format("Short <value-of select='.'/>").encode())
    if kind == "sch-exslt":
        return Made("s.sch", data=SCH.replace('<ns prefix="t"', '<ns prefix="re" uri="http://exslt.org/regular-expressions"/>'
                                              '<ns prefix="t"').replace("string-length(.) &lt; 1000",
                                              "not(re:test(., '(a+)+$'))").format("x").encode())
    if kind == "sch-entity":
        return Made("s.sch", data=('<!DOCTYPE schema [<!ENTITY e "E">]>' + SCH.format("&e; <!-- c --><?pi x?>")).encode())
    if kind == "xsd":
        return Made("s.xsd", data=b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="b"/></xs:schema>')
    if kind == "xsd-junk":
        return Made("s.xsd", data=b"<xs:schema")
    if kind == "deep-rng":
        return Made("deep.rng", data=RNG.replace("<start>", "<start>" + "<group>" * 800).replace(
            "</start>", "</group>" * 800 + "</start>").encode())
    if kind == "unknown":
        return Made("s.txt", data=b"start = element * { text }")
    if kind == "tei_all" and (SHARED / "corpus" / "schema" / "tei_all.rng").exists():
        return Made("tei_all.rng", "link", target=str(SHARED / "corpus" / "schema" / "tei_all.rng"))
    return draw(st.sampled_from(_odd("schema.rng")))


@st.composite
def templates(draw) -> Made:
    kind = draw(st.sampled_from(["docx", "docx", "zip", "text", "odd"]))
    if kind == "docx":
        return Made("template.docx", data=assets().docx)
    if kind == "zip":
        return Made("template.docx", data=b"PK\x05\x06" + b"\x00" * 18)
    if kind == "text":
        return Made("template.docx", data=b"not a word file")
    return draw(st.sampled_from(_odd("template.docx")))


@st.composite
def folders(draw) -> Made:
    """A folder to validate: documents under hostile names, a link loop, a non-UTF-8 name."""
    inside = [Made("a.xml", data=assets().doc), Made("b.xml", data=b"<not-closed"),
              Made("\x1b]0;pwned\x07\x1b[2J.xml", data=assets().doc), Made("line\nFORGED.xml: 0 errors.xml", data=b"x"),
              Made(b"\xff\xfe.xml", data=assets().doc), Made("loop", "link", target="."),
              Made("sub/c.xml", data=draw(documents()).data or assets().doc), Made("fifo.xml", "fifo")]
    chosen = draw(st.lists(st.sampled_from(inside), min_size=1, max_size=5, unique=True))
    return Made("folder", "folder", inside=tuple(chosen))


@st.composite
def outputs(draw) -> Made:
    """Where a command is told to write: fresh, the document itself by another name, a link, a folder..."""
    ext = draw(st.sampled_from(["xml", "docx", "html", "xlf", "pdf", "txt"]))
    return draw(st.sampled_from([
        Made(f"out.{ext}", "missing"), Made(f"out.{ext}", "missing"), Made("doc.xml"), Made("./sub/../doc.xml", "missing"),
        Made("hard.xml", "hardlink", target="doc.xml"), Made(f"out.{ext}", "link", target="doc.xml"),
        Made(f"out.{ext}", "dir"), Made(f"no/such/folder/out.{ext}", "missing"), Made(f"out.{ext}", "fifo"),
        Made(f"\x1b[2J\x1b]0;pwned\x07.{ext}", "missing"), Made("n" * 300 + f".{ext}", "missing"),
        Made(f"out.{ext}.zero", "link", target="/dev/zero"), Made(f"exists.{ext}", data=b"keep me")]))


@st.composite
def any_file(draw) -> Made:
    return draw(st.one_of(documents(), texts(), batches(), xliffs(), schemas(), templates(), folders()))


def files_for(name: str, calm: bool = False) -> st.SearchStrategy[Made]:
    """The files a path parameter is given, by its name; anything else now and then (never when calm)."""
    table = [("output", outputs()), ("out", outputs()), ("report", outputs()), ("source", texts()),
             ("batch", batches()), ("xliff", xliffs()), ("schema", schemas()), ("template", templates()),
             ("paths", st.one_of(documents(calm), folders())), ("doc", documents(calm))]
    for key, strategy in table:
        if key in name:
            return strategy if calm else st.one_of(strategy, strategy, strategy, any_file())
    return any_file()


FRESH_IDS = ["e-new", "fresh", "q-new", "t-new"]


def strings(name: str, calm: bool = False) -> st.SearchStrategy[str | bytes]:
    """A string parameter's value, by its name: plausible values most of the time, else hostile ones."""
    plausible: st.SearchStrategy = st.sampled_from(NAMES)
    for key, values in HINTS:
        if key in name:
            plausible = st.sampled_from(values)
            break
    if name in ID_PARAMS or name.endswith("_id"):
        plausible = _ids()
    if "match" in name:
        plausible = _matches()
    hostile = st.sampled_from(HOSTILE)
    if calm:
        return st.one_of(*[plausible] * 9, hostile)
    return st.one_of(plausible, plausible, hostile)


def _ids() -> st.SearchStrategy[str]:
    """An id of the sample: of an element of some kind (an entity, a quote, a paragraph...), or a new one."""
    return st.one_of(*[st.sampled_from(group) for group in assets().ids], st.sampled_from(FRESH_IDS + ["1bad", "a b"]))


@st.composite
def _matches(draw) -> str:
    words = assets().words
    start = draw(st.integers(0, len(words) - 1))
    end = draw(st.integers(start, min(start + 4, len(words) - 1)))
    if end > start + 1 and draw(st.booleans()):
        return f"{words[start]} ... {words[end]}"
    return " ".join(words[start:end + 1])
