"""Random documents, random sequences of commands, undos, redos and edits made outside apostilla:
every undo and redo gives back the file it should, byte for byte, plus one recorded change.

The documents and the annotation requests come from tests/reliability/docgen.py; the editing
commands (entity set, quote set, gloss set, rename) and the mix of actions are drawn here, from
a generator seeded by hypothesis. A model keeps, for each
change undo can reach, the file as it was before it, and for each undo that redo can take back,
the file as it was before that undo: the real files must match it at every step. At the end a
sample of the documents is validated (apostilla's profile and rules, and jing with tei_all).
"""
from __future__ import annotations

import itertools
import random
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apostilla.annotations import tei
from apostilla.annotations.document import TeiDocument
from apostilla.annotations.entities import as_entity
from apostilla.annotations.glosses import glosses
from apostilla.annotations.history import redo, undo
from apostilla.annotations.operations import run
from apostilla.common.errors import ApostillaError

from reliability.docgen import LANGUAGES, documents, operation
from reliability.properties import check_integrity
from reliability.test_properties import assert_valid_for_tei_all, assert_valid_for_the_profile

from .undo_helpers import assert_plus_one_change

EXAMPLES = 100
SAMPLES = 40  # final documents validated at the end
OUTSIDE = b"<!-- edited by another tool -->\n"


EDITS = ("entity.set", "quote.set", "gloss.set", "rename")


def editing(rnd: random.Random, doc: TeiDocument) -> tuple[str, dict]:
    """One request of an editing command against the document as it is: three in four name what
    exists, the others something that does not (or is not of the right kind)."""
    text = doc.view.text
    entities = [n.get(tei.XML_ID) for n in doc.registers()]
    speakers = [i for i in entities if tei.local(doc.ids[i]) in ("person", "org")]
    quotes = [i for i, n in doc.ids.items() if tei.local(n) == tei.QUOTE and doc.view.contains(n)]
    glossed = [(g.target, g.lang) for g in glosses(doc)]
    words = text.split() or ["Ana"]

    def pick(good: list, bad: list):
        return rnd.choice(good) if good and rnd.random() < 0.75 else rnd.choice(bad)

    name = rnd.choice(EDITS + ("quote.set", "gloss.set") if quotes else EDITS)
    if name == "entity.set":
        params = {"id": pick(entities, ["p1", "nope"])}
        known = as_entity(doc.ids[params["id"]]) if params["id"] in entities else None
        for field in rnd.sample(["name", "aliases", "remove_aliases", "role", "same_as", "remove_same_as"],
                                rnd.choice([0, 1, 1, 2, 3])):
            if field == "name":
                params["name"] = " ".join(words[:rnd.randint(1, 3)])
            elif field == "role":
                params["role"] = rnd.choice(["alcaldesa", "Mayor", "  "])
                params["lang"] = rnd.choice([None, *LANGUAGES[:3], "e$"])
            elif field == "remove_aliases" and known and known.aliases:
                params[field] = [rnd.choice(known.aliases)]
            elif field == "remove_same_as" and known and known.same_as:
                params[field] = [rnd.choice(known.same_as)]
            elif field in ("aliases", "remove_aliases"):
                params[field] = [rnd.choice(["Ana", "Petro", rnd.choice(words)])]
            else:
                params[field] = [rnd.choice(["Q57421", "https://viaf.org/viaf/1"])]
    elif name == "quote.set":
        params = {"id": pick(quotes, entities + ["p1", "nope"])}
        what = rnd.choice(["speaker", "no_speaker", "lang"])
        if what == "speaker":
            params["speaker"] = pick(speakers, entities + ["nope"])
        elif what == "no_speaker":
            params["no_speaker"] = True
        else:
            params["lang"] = pick(list(LANGUAGES), ["e$"])
    elif name == "gloss.set":
        target, lang = pick(glossed, [("q1", "en"), ("p1", "es")])
        params = {"target": target, "lang": lang, "status": rnd.choice(["draft", "reviewed", "approved", "x"]),
                  "text": rnd.choice([None, None, "otra traducción", "  "])}
        if rnd.random() < 0.1:
            params.pop("status")
    else:
        params = {"old": pick(sorted(doc.ids), ["nope"]),
                  "new": pick([f"renamed{rnd.randint(1, 9)}", "x.y", "_z"], sorted(doc.ids)[:2] + ["1bad", ""])}
    return name, {k: v for k, v in params.items() if v is not None}


class Model:
    """What undo and redo must give back: the file before each change undo can reach (newest
    last), and for each undo redo can take back, the file before it and the reach it had."""

    def __init__(self) -> None:
        self.reach: list[bytes] = []
        self.redos: list[tuple[bytes, list[bytes]]] = []


def setup(doc: TeiDocument) -> list[tuple[str, dict]]:
    """A person, its mentions, a quote and its gloss, from the document's own words, so that the
    editing commands find something to edit (each may still be refused, and is checked as such)."""
    words = [w for w in doc.view.text.split() if w.isalpha()] or ["Ana"]
    return [("entity.add", {"id": "who1", "type": "person", "name": words[0]}),
            ("entity.tag", {"id": "who1"}),
            ("quote.add", {"match": words[-1], "lang": "es", "nth": 1, "speaker": "who1", "id": "q-set"}),
            ("gloss.add", {"target": "q-set", "lang": "en", "text": "a translation"})]


def one_sequence(original: bytes, draw, path: Path, tally: Counter) -> bytes:
    path.write_bytes(original)
    model = Model()
    made: list[str] = []
    tally["documents"] += 1
    # The kinds of action and the number of steps come from a seeded generator, evenly; what each
    # request says comes from hypothesis.
    rnd = random.Random(draw(st.integers(0, 2 ** 32)))
    requests = setup(TeiDocument.from_bytes(original)) if rnd.random() < 0.7 else []
    for _ in range(rnd.randint(6, 20)):
        before = path.read_bytes()
        if requests:
            action = "planned"
        elif model.redos and rnd.random() < 0.3:
            action = "redo"
        else:
            action = rnd.choice(["annotate"] * 8 + ["edit"] * 8 + ["undo"] * 8 + ["redo", "outside"])
        if action == "outside":
            path.write_bytes(before.replace(b"</TEI>", OUTSIDE + b"</TEI>", 1))
            model.reach, model.redos = [], []
            tally["outside edits"] += 1
            continue
        if action in ("planned", "annotate", "edit"):
            doc = TeiDocument.from_bytes(before)
            if action == "planned":
                name, params = requests.pop(0)
            else:
                name, params = draw(operation(doc, made)) if action == "annotate" else editing(rnd, doc)
            try:
                outcome = run(path, name, dict(params))
            except ApostillaError as error:
                assert error.exit_code in (2, 3), f"{name} {params}: {error}"
                assert path.read_bytes() == before, f"refused {name} {params} changed the file"
                tally["refused requests"] += 1
                continue
            if not outcome.ids:
                assert path.read_bytes() == before, f"{name} {params} did nothing but changed the file"
                tally["requests that changed nothing"] += 1
                continue
            if name == "rename":  # what this sequence made keeps its place under its new name
                made = [params["new"] if i == params["old"] else i for i in made]
            elif action != "edit":  # never an id the file had: docgen removes only what was made
                made.extend(outcome.ids)
            model.reach.append(before)
            model.redos = []
            tally[f"accepted {name}"] += 1
            continue
        steps = rnd.choice([1, 1, 1, 2, 3]) if action == "undo" else 1
        can = steps <= len(model.reach) if action == "undo" else bool(model.redos)
        try:
            undo(path, steps=steps) if action == "undo" else redo(path)
        except ApostillaError as error:
            assert not can, f"{action} {steps} refused: {error}"
            assert error.exit_code == 3 and path.read_bytes() == before
            tally[f"{action} refused"] += 1
            continue
        assert can, f"{action} {steps} went ahead where it could not"
        if action == "undo":
            assert_plus_one_change(model.reach[-steps], path.read_bytes(), path)
            model.redos.append((before, list(model.reach)))
            model.reach = model.reach[:-steps]
        else:
            earlier, model.reach = model.redos.pop()
            assert_plus_one_change(earlier, path.read_bytes(), path)
        tally[f"{action} done"] += 1
    final = path.read_bytes()
    check_integrity(final)
    return final


def test_random_commands_undos_and_redos_give_back_the_files_they_should(tmp_path, monkeypatch):
    # Bytes are what this test checks; that a save reaches the disk is test_crash_safety's job.
    # Without the flushes, a thousand saves take seconds rather than a minute on a slow disk.
    monkeypatch.setattr("apostilla.common.files.os.fsync", lambda fd: None)
    tally: Counter[str] = Counter()
    counter = itertools.count()
    samples = tmp_path / "samples"
    samples.mkdir()

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(original=documents(), data=st.data())
    def sequence(original, data):
        number = next(counter)
        final = one_sequence(original, data.draw, tmp_path / f"doc{number}.xml", tally)
        if number < SAMPLES:
            (samples / f"doc{number}.xml").write_bytes(final)

    sequence()
    print(dict(sorted(tally.items())))
    assert tally["documents"] >= EXAMPLES
    # Every command, and undo and redo both ways, must really occur, or the property proves little.
    for name in ("entity.add", "entity.tag", "mark", "quote.add", "gloss.add", "remove",
                 "entity.set", "quote.set", "gloss.set", "rename"):
        assert tally[f"accepted {name}"] > 0, name
    for kind in ("undo done", "undo refused", "redo done", "redo refused", "outside edits"):
        assert tally[kind] > 0, kind
    files = sorted(samples.iterdir())
    assert len(files) > SAMPLES / 2
    assert_valid_for_the_profile(files)
    assert_valid_for_tei_all(files)
