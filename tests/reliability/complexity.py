"""How each command's cost grows with its input, in the shapes that have grown quadratically before.

A shape makes a TEI document n units large (n attributes on one element, n siblings, n nested
levels, n validation errors, n ids, n annotated paragraphs...); every command runs on it in this
process (no start-up in the measure), through the command line as a user types it, and its CPU
time is taken, best of a few runs. The growth exponent between two sizes is log(t2/t1)/log(n2/n1):
1 is linear, 2 quadratic. tests/reliability/test_complexity.py checks it in CI;
benchmarks/complexity_bench.py prints the whole table.
"""
from __future__ import annotations

import gc
import math
import time
from dataclasses import dataclass
from pathlib import Path

from .helpers import TEI_NS

HEADER = ("<teiHeader><fileDesc><titleStmt><title>Growth</title></titleStmt><publicationStmt><p>P</p>"
          "</publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc><profileDesc><langUsage>"
          '<language ident="en">English</language><language ident="es">Spanish</language></langUsage>'
          "</profileDesc></teiHeader>")
# What every document holds whatever its shape: a paragraph the commands' good lines select in,
# a quote to gloss, export and remove, and a registered person whose name the text mentions.
FIRST = ('<p xml:id="p0">Dock workers in Valpara\u00edso stopped work, said Marta Rojas on Wednesday evening: '
         '<q xml:id="q0" xml:lang="es">no vamos a aceptar</q>.</p>')
REGISTER = '<listPerson><person xml:id="e1"><persName>Marta Rojas</persName></person></listPerson>'
LINE = "Dock workers in Valpara\u00edso stopped work, said Marta Rojas on Wednesday evening."


def document(body: str, standoff: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI_NS}">{HEADER}<text xml:lang="en"><body>'
            f"{FIRST}{body}</body></text><standOff>{REGISTER}{standoff}</standOff></TEI>\n").encode()


def attributes(n: int) -> bytes:
    """n attributes on one element (none of them TEI's: n validation errors on one start tag)."""
    return document(f'<p xml:id="p1" {" ".join(f"bad{i}={chr(34)}v{chr(34)}" for i in range(n))}>Marta Rojas</p>')


def siblings(n: int) -> bytes:
    """One paragraph of n inline siblings."""
    return document('<p xml:id="p1">' + " ".join(f"<hi>word{i}</hi>" for i in range(n)) + "</p>")


def paragraphs(n: int) -> bytes:
    """n paragraphs of plain text."""
    return document("".join(f'<p xml:id="p{i + 1}">{LINE}</p>' for i in range(n)))


def errors(n: int) -> bytes:
    """n elements no schema allows there, each its own validation error."""
    return document('<p xml:id="p1">' + " ".join(f"<bogus{i % 7}>x</bogus{i % 7}>" for i in range(n)) + "</p>")


def depth(n: int) -> bytes:
    """Quotes nested n levels deep (twenty of them: one alone costs too little to time)."""
    return document("".join(f'<p xml:id="p{i + 1}">Start <q xml:id="q{i + 1}" xml:lang="es">{"<hi>" * n}hondo'
                            f'{"</hi>" * n}</q>.</p>' for i in range(20)))


def ids(n: int) -> bytes:
    """n elements with ids, each pointed at once."""
    return document('<p xml:id="p1">' + " ".join(f'<seg xml:id="s{i}">w{i}</seg> <ptr target="#s{i}"/>'
                                                 for i in range(n)) + "</p>")


def annotations(n: int) -> bytes:
    """n paragraphs, each with a tagged mention, a quote, a date and a gloss of its quote."""
    body = "".join(f'<p xml:id="p{i + 1}"><persName ref="#e1">Marta Rojas</persName> said '
                   f'<q xml:id="q{i + 1}" xml:lang="es">hola {i}</q> on <date when="2026-03-04">Wednesday '
                   "evening</date>.</p>" for i in range(n))
    glosses = "".join(f'<annotation xml:id="g{i + 1}" target="#q{i + 1}" xml:lang="en"><note>hello {i}</note>'
                      "</annotation>" for i in range(n))
    return document(body, f'<listAnnotation type="glosses">{glosses}</listAnnotation>')


# Shape: (how it grows, the size of 1x in CI). At these sizes the part of the work that grows is
# already larger than the fixed part (parsing the command line, the header) at 2x.
SHAPES = {"attributes": (attributes, 250), "siblings": (siblings, 2000), "paragraphs": (paragraphs, 1000),
          "errors": (errors, 1000), "depth": (depth, 200), "ids": (ids, 1000), "annotations": (annotations, 500)}

# A good command line for each command on a document of any shape; {doc}, the other inputs and the
# outputs ({out.xml}) are files in the run's folder. A command not listed runs as `COMMAND {doc}` (its refusal is timed).
RECIPES: dict[str, list[str]] = {
    "new": ["{source}", "-o", "{out.xml}", "--force"],
    "apply": ["{doc}", "{batch}"],
    "entity add": ["{doc}", "e-new", "--type", "person", "--name", "Dock workers"],
    "entity tag": ["{doc}", "e1"],
    "mark": ["{doc}", "--match", "Wednesday evening", "--nth", "1", "--date", "2026-03-04"],
    "quote add": ["{doc}", "--match", "stopped work", "--nth", "1", "--lang", "en"],
    "gloss add": ["{doc}", "q0", "--lang", "en", "--text", "we will not accept"],
    "remove": ["{doc}", "q0"],
    "list": ["{doc}", "mentions"],
    "status": ["{doc}"],
    "show": ["{doc}"],
    "validate": ["{doc}", "--jobs", "1"],
    "export xliff": ["{doc}", "-o", "{out.xlf}", "--target-lang", "en", "--all"],
    "import xliff": ["{doc}", "{xliff}"],
    "export docx": ["{doc}", "-o", "{out.docx}"],
    "export html": ["{doc}", "-o", "{out.html}"],
    "export pdf": ["{doc}", "-o", "{out.pdf}"],
    "suggest": ["{doc}", "--format", "json"],
    "rebase": ["{doc}", "{source}"],
    "history": ["{doc}"],
    "entity set": ["{doc}", "e1", "--role", "Union leader"],
    "quote set": ["{doc}", "q0", "--speaker", "e1"],
    "rename": ["{doc}", "e1", "e9"],
    "memo set": ["{doc}", "--summary", "Dock workers struck.", "--lang", "en"],
}
FIXED_INPUT = {"demo": "runs on its built-in sample: nothing of it grows"}
BATCH = (b'{"op": "entity add", "id": "e2", "type": "place", "name": "Valpara\xc3\xadso"}\n'
         b'{"op": "entity tag", "ids": ["e1", "e2"]}\n'
         b'{"op": "gloss add", "target": "q0", "lang": "en", "text": "we will not accept"}\n')


@dataclass
class Inputs:
    """The files of one size of one shape, as bytes, written afresh before every run."""

    files: dict[str, bytes]

    @classmethod
    def make(cls, doc: bytes, folder: Path) -> Inputs:
        from apostilla.annotations.document import TeiDocument
        from apostilla.exports.xliff.export import export_xliff

        folder.mkdir(parents=True, exist_ok=True)
        (folder / "doc.xml").write_bytes(doc)
        export_xliff(folder / "doc.xml", folder / "in.xlf", "en", prefill=True, all_=True)
        # The document's text as a source file: one paragraph per block, blank lines between.
        blocks = TeiDocument.from_bytes(doc).root.iterfind(f".//{{{TEI_NS}}}body/{{{TEI_NS}}}p")
        text = "\n\n".join("".join(p.itertext()).replace("\n", " ") for p in blocks) or "x"
        return cls({"doc": doc, "xliff": (folder / "in.xlf").read_bytes(), "batch": BATCH,
                    "source": text.encode("utf-8")})


NAMES = {"doc": "doc.xml", "xliff": "in.xlf", "batch": "batch.jsonl", "source": "source.txt"}


def argv(words: tuple[str, ...], folder: Path) -> list[str]:
    recipe = RECIPES.get(" ".join(words), ["{doc}"])
    # {doc} and the other inputs by their names; {out.docx} and the like: outputs, in the folder too.
    return [*words, *(str(folder / NAMES.get(t.strip("{}"), t.strip("{}"))) if t.startswith("{") else t
                      for t in recipe)]


def run_once(words: tuple[str, ...], inputs: Inputs, folder: Path) -> tuple[float, int]:
    """CPU seconds of one run of the command in this process, and its exit code."""
    from apostilla.cli.main import app
    from typer.testing import CliRunner

    for key, data in inputs.files.items():
        (folder / NAMES[key]).write_bytes(data)
    args = argv(words, folder)
    runner = CliRunner()
    # The collector's passes cost as much as the objects the whole process holds (a test run's
    # are many): they are left out, so that the time is the command's own.
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        result = runner.invoke(app, args, catch_exceptions=False)
        spent = time.process_time() - started
    finally:
        gc.enable()
    return spent, result.exit_code


def best(words: tuple[str, ...], inputs: Inputs, folder: Path, repeats: int) -> tuple[float, int]:
    """The least CPU time of `repeats` runs (the others met noise), and the exit code."""
    runs = [run_once(words, inputs, folder) for _ in range(repeats)]
    return min(t for t, _ in runs), runs[-1][1]


NOISE = 0.01  # seconds: growth smaller than this is noise on the fixed part


@dataclass
class Growth:
    """A command's CPU seconds on one shape: with none of it (`fixed`), and at each size."""

    fixed: float
    times: dict[int, float]
    codes: set[int]

    def exponent(self, small: int, large: int) -> float:
        """How the part of the cost that grows grows from size small to size large: 1 linear,
        2 quadratic. The fixed part (the same command on the shape at size 0) is taken off first,
        or it would hide any growth at sizes a test can afford."""
        grown = [self.times[n] - self.fixed for n in (small, large)]
        if grown[1] < NOISE:  # hardly any growth to judge: the whole cost then
            grown = [self.times[n] for n in (small, large)]
        return math.log(max(grown[1], 1e-4) / max(grown[0], 1e-4)) / math.log(large / small)


def growth(words: tuple[str, ...], shape: str, sizes: list[int], inputs, repeats: int) -> Growth:
    """Measure words on shape at size 0 and at each of sizes; inputs(shape, n) -> (Inputs, folder)."""
    fixed, code = best(words, *inputs(shape, 0), repeats)
    times, codes = {}, {code}
    for n in sizes:
        times[n], code = best(words, *inputs(shape, n), repeats)
        codes.add(code)
    return Growth(fixed, times, codes)
