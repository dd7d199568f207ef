"""Random TEI documents and random annotation requests, valid and invalid, for property tests.

A document is valid for tei_all and for apostilla's profile by construction; its text mixes
scripts, combining marks, emoji and XML-special characters, inside nested existing markup, with
comments, processing instructions and the spellings other tools write (character references,
single quotes, `<lb />`).
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from apostilla.annotations import tei
from hypothesis import strategies as st

from .helpers import TEI_NS

# The languages every generated document declares: operations in them never add to langUsage,
# so removing what was added can give back the original exactly.
LANGUAGES = ("en", "es", "fr", "ar", "he", "de")
BAD_LANGUAGES = ("", "e$", "es_ES", "x-" + "a" * 9, "12")

PIECES = (
    "Ana", "Petro", "Quito", "casa", "on", "the", "de", "la", "y", "año", "niño", "café", "Bogotá",
    "e\u0301", "cafe\u0301", "n\u0303", "a\u0308\u0301", "Ωμέγα", "שלום", "سلام", "عربي", "漢字",
    "😀", "👍🏽", "👩\u200d🔬", "🇪🇸", "❤\ufe0f",
    "&", "<", ">", "\"", "'", "&amp;", "]]>", "2512", "2,512", "7", "«", "»", "“", "”", "(", ")", ".", ",", ";",
    "\u00a0",
)
SPACES = (" ", " ", " ", "  ", "\n", "\t", " \n    ")
INLINE = ("hi", "emph", "foreign", "seg", "name", "note", "title")


def words() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(PIECES), min_size=1, max_size=3).map("".join)


@st.composite
def running_text(draw, max_words: int = 6) -> str:
    """Some words with white space between them (possibly none at all)."""
    items = draw(st.lists(words(), min_size=0, max_size=max_words))
    out = ""
    for word in items:
        out += word + draw(st.sampled_from(SPACES))
    return out


def _text_xml(text: str, draw) -> str:
    """Text as XML, now and then spelling a character as a reference, as other tools do."""
    out = []
    for char in text:
        if char in "&<>":
            out.append(escape(char))
        elif ord(char) > 127 and draw(st.integers(0, 9)) == 0:
            out.append(f"&#{ord(char)};" if draw(st.booleans()) else f"&#x{ord(char):X};")
        else:
            out.append(char)
    return "".join(out)


@st.composite
def content(draw, depth: int = 0) -> str:
    """Mixed content of a paragraph: text, nested inline elements, milestones, comments, PIs."""
    parts = [_text_xml(draw(running_text()), draw)]
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        kind = draw(st.sampled_from(INLINE + ("lb", "comment", "pi")))
        if kind == "lb":
            parts.append(draw(st.sampled_from(["<lb/>", "<lb />", "<lb n='2'/>"])))
        elif kind == "comment":
            parts.append("<!-- a comment -->")
        elif kind == "pi":
            parts.append("<?editor check this?>")
        else:
            attrs = ""
            if kind == "foreign":
                attrs = f' xml:lang="{draw(st.sampled_from(LANGUAGES))}"'
            elif kind == "hi":
                attrs = draw(st.sampled_from(["", " rend='italic'", ' rend="bold"']))
            inner = draw(content(depth=depth + 1))
            parts.append(f"<{kind}{attrs}>{inner}</{kind}>")
        parts.append(_text_xml(draw(running_text(max_words=3)), draw))
    return "".join(parts)


@st.composite
def documents(draw) -> bytes:
    """A TEI document as bytes: header, 1-4 paragraphs (maybe a head), maybe a register already."""
    paragraphs = []
    for n in range(1, draw(st.integers(1, 4)) + 1):
        body = draw(content())
        if not body.strip():
            body = "Ana"
        paragraphs.append(f'<p xml:id="p{n}">{body}</p>')
    if draw(st.booleans()):
        paragraphs.insert(0, f"<head>{draw(content(depth=2)) or 'Title'}</head>")
    sep = draw(st.sampled_from(["\n      ", "", "\n"]))
    languages = "".join(f'<language ident="{lang}">{lang}</language>' for lang in LANGUAGES)
    standoff = ""
    if draw(st.booleans()):
        standoff = ('\n  <standOff>\n    <listPerson>\n      <person xml:id="pre1"><persName>Ana</persName>'
                    '</person>\n    </listPerson>\n  </standOff>')
        paragraphs.append('<p xml:id="pre-p">Said <persName ref="#pre1">Ana</persName> once.</p>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by a property test -->\n'
        f'<TEI xmlns="{TEI_NS}">\n  <teiHeader>\n    <fileDesc><titleStmt><title>T</title></titleStmt>'
        "<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>\n"
        f"    <profileDesc><langUsage>{languages}</langUsage></profileDesc>\n  </teiHeader>\n"
        f'  <text xml:lang="en">\n    <body>{sep}{sep.join(paragraphs)}{sep}</body>\n  </text>{standoff}\n</TEI>\n'
    ).encode("utf-8")


# ----------------------------------------------------------------------------- operations


def selection(draw, text: str) -> str:
    """A --match for the current text: whole words, a START ... END range, a slice, or junk."""
    tokens = text.split()
    kind = draw(st.sampled_from(["words", "words", "words", "range", "slice", "junk"]))
    if kind == "junk" or not tokens:
        return draw(st.sampled_from(["", "   ", "zzz-not-there", "Ana ... zzz", "\u0301", "…"]))
    if kind == "slice":
        start = draw(st.integers(0, len(text) - 1))
        return text[start:start + draw(st.integers(1, 8))]
    first = draw(st.integers(0, len(tokens) - 1))
    last = draw(st.integers(first, min(first + 3, len(tokens) - 1)))
    if kind == "range" and last > first:
        return f"{tokens[first]} ... {tokens[last]}"
    return " ".join(tokens[first:last + 1])


def choice(draw, options):
    return draw(st.sampled_from(list(options)))


def mostly(draw, good: list[str], bad: list[str]) -> str:
    """One of good (three times in four, when there is any), else one of bad."""
    # sampled_from starts from its first item, so a good pick is what comes first.
    use_good = draw(st.sampled_from([True, True, True, False]))
    return choice(draw, good) if good and use_good else choice(draw, bad)


FRESH = ("ana", "petro", "quito", "cut", "e1", "e2", "x.y", "_z", "ñandú", "q-own", "t-own", "d-own")


def new_id(draw, taken) -> str:
    return mostly(draw, [i for i in FRESH if i not in taken], sorted(taken)[:3] + ["1bad", "a b", ""])


@st.composite
def operation(draw, doc, made: list[str]) -> tuple[str, dict]:
    """One request (name, params) against a document's current state and the ids made so far."""
    text = doc.view.text
    entities = [node.get(tei.XML_ID) for node in doc.registers()]
    speakers = [i for i in entities if tei.local(doc.ids[i]) in ("person", "org")]
    targets = [i for i in made if i in doc.ids and tei.local(doc.ids[i]) in ("q", "term")]
    junk = ["p1", "nope"]
    name = draw(st.sampled_from(["entity.add", "entity.add", "entity.tag", "entity.tag", "mark", "mark",
                                 "quote.add", "quote.add", "gloss.add", "remove"]))
    nth = choice(draw, [None, None, 1, 2, 99])
    if name == "entity.add":
        params = {"id": new_id(draw, doc.ids), "type": choice(draw, ["person", "person", "org", "place",
                                                                      "event", "other", "alien"]),
                  "name": selection(draw, text)}
        if draw(st.booleans()):
            params["aliases"] = [selection(draw, text)]
    elif name == "entity.tag":
        params = {"id": mostly(draw, entities, junk)}
        if draw(st.integers(0, 3)):
            params.update(match=selection(draw, text), nth=nth, all=nth is None and draw(st.booleans()))
    elif name == "mark":
        params = {"match": selection(draw, text), "nth": nth, "all": nth is None and draw(st.booleans())}
        what = choice(draw, ["date", "measure", "term"])
        if what == "date":
            params["date"] = mostly(draw, ["2026-01-07", "2026", "1810-07-20"], ["2026-13-40", "yesterday"])
        elif what == "measure":
            params["measure"] = mostly(draw, ["2512", "2.5e3"], ["2,512", "seven"])
            params["unit"] = choice(draw, [None, "t", "km"])
        else:
            params["term"] = mostly(draw, list(LANGUAGES), list(BAD_LANGUAGES))
        if draw(st.integers(0, 4)) == 0:
            params["id"] = new_id(draw, doc.ids)
    elif name == "quote.add":
        params = {"match": selection(draw, text), "lang": mostly(draw, list(LANGUAGES), list(BAD_LANGUAGES)),
                  "nth": nth, "speaker": choice(draw, [None, mostly(draw, speakers, entities + junk)])}
        if draw(st.integers(0, 4)) == 0:
            params["id"] = new_id(draw, doc.ids)
    elif name == "gloss.add":
        params = {"target": mostly(draw, targets, entities + junk), "lang": mostly(draw, list(LANGUAGES), [""]),
                  "text": mostly(draw, ["a translation", "una traducción", "<b>&amp;</b> “x”"], ["  "]),
                  "status": mostly(draw, ["draft", "reviewed", "approved"], ["final"]),
                  "translator": choice(draw, [None, "Ana Ruiz"]), "replace": draw(st.booleans())}
    else:  # never an annotation the file had: removing those cannot be undone by design
        params = {"id": mostly(draw, [i for i in made if i in doc.ids], junk)}
    return name, {k: v for k, v in params.items() if v is not None}
