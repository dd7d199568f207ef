"""How good `suggest` is, against annotations written by hand for the seed article and the demo sample.

Targets (issue 16): quotes recall 100% and precision >= 90%; language right for every quote found;
speaker right for >= 85%; dates and figures not yet marked found >= 95%. Run with `-s` to see the
table of precision and recall per kind.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from apostilla.annotations.apply import apply as apply_batch
from apostilla.annotations.document import TeiDocument
from apostilla.annotations.suggest import suggest
from apostilla.cli.demo import SAMPLE

from .helpers import do, fixed_clock_and_user, new_story

DATA = Path(__file__).parent / "data" / "suggest"


def gold(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def registered_document(folder: Path, which: str) -> Path:
    """A gold text made into TEI, with the register a careful user writes (nothing tagged)."""
    expected = gold(f"{which}-gold.json")
    doc = new_story(folder, (DATA / expected["text"]).read_text(encoding="utf-8"), name=f"{which}.xml",
                    lang=expected.get("lang", "en"))
    register = folder / f"{which}-register.jsonl"
    register.write_text("".join(json.dumps({"op": "entity add", "id": i, "type": t, "name": n, "aliases": a,
                                            **({"role": r} if r else {})}, ensure_ascii=False) + "\n"
                                for i, t, n, a, r in expected["register"]), encoding="utf-8")
    apply_batch(doc, register)  # as a careful user registers them, in one batch
    return doc


def demo_document(folder: Path, *, register: bool = True) -> Path:
    """The demo sample made into TEI, with the `entity add` lines of its batch (or none)."""
    doc = new_story(folder, (SAMPLE / "brief.txt").read_text(encoding="utf-8"), name="demo.xml")
    if register:
        for line in (SAMPLE / "batch.jsonl").read_text(encoding="utf-8").splitlines():
            if line.startswith("{") and json.loads(line)["op"] == "entity add":
                op = json.loads(line)
                del op["op"]
                do(doc, "entity.add", **op)
    return doc


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    with fixed_clock_and_user():
        return registered_document(tmp_path_factory.mktemp("seed"), "seed")


@pytest.fixture(scope="module")
def heldout(tmp_path_factory):
    with fixed_clock_and_user():
        return registered_document(tmp_path_factory.mktemp("heldout"), "heldout")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with fixed_clock_and_user():
        return demo_document(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def bare_demo(tmp_path_factory):
    with fixed_clock_and_user():
        return demo_document(tmp_path_factory.mktemp("bare"), register=False)


def locate(doc: TeiDocument, item: dict) -> tuple[str, int, int]:
    """(paragraph, start, end) of a gold item: the nth occurrence of its text in its paragraph."""
    start, end = doc.view.range_of(doc.get(item["paragraph"]))
    text = doc.view.text[start:end]
    at = -1
    for _ in range(item.get("nth", 1)):
        at = text.find(item["text"], at + 1)
        assert at >= 0, f"gold item not in the text: {item}"
    return item["paragraph"], at, at + len(item["text"])


def score(path: Path, expected: dict, kinds: dict[str, str]) -> dict[str, dict]:
    """Per kind: found, missed, extra, precision, recall, and the right values among those found."""
    doc = TeiDocument.load(path)
    rows = [s.as_json() for s in suggest(doc)]
    report = {}
    for kind, gold_key in kinds.items():
        wanted = {locate(doc, item): item for item in expected[gold_key]}
        got = {(r["paragraph"], r["start"], r["end"]): r for r in rows if r["kind"] == kind}
        hits = [(wanted[k], got[k]) for k in wanted if k in got]
        values = [key for key in ("lang", "speaker", "when", "quantity", "unit", "entity", "type")
                  if key in next(iter(wanted.values()))]
        right = {key: sum(1 for g, r in hits if g[key] == r[key]) for key in values}
        report[kind] = {
            "gold": len(wanted), "suggested": len(got), "found": len(hits),
            "missed": [wanted[k]["text"] for k in wanted if k not in got],
            "extra": [got[k]["text"] for k in got if k not in wanted],
            "precision": len(hits) / len(got) if got else 1.0,
            "recall": len(hits) / len(wanted) if wanted else 1.0,
            "right": {key: (n, len(hits)) for key, n in right.items()},
        }
    return report


def show(title: str, report: dict[str, dict]) -> None:
    print(f"\n{title}")
    for kind, r in report.items():
        right = ", ".join(f"{key} {n}/{of}" for key, (n, of) in r["right"].items())
        print(f"  {kind:<8} gold {r['gold']:>3}  suggested {r['suggested']:>3}  precision {r['precision']:6.1%}  "
              f"recall {r['recall']:6.1%}  right: {right}")
        if r["missed"] or r["extra"]:
            print(f"           missed {r['missed']}  extra {r['extra']}")


KINDS = {"quote": "quotes", "date": "dates", "measure": "measures", "entity": "entities"}


@pytest.mark.parametrize("which", ["seed", "demo"])
def test_quotes_all_found_with_their_language_and_most_speakers(which, request):
    path = request.getfixturevalue(which)
    report = score(path, gold(f"{which}-gold.json"), KINDS)
    show(f"{which}: suggest at the default certainty", report)
    quotes = report["quote"]
    assert quotes["recall"] == 1.0, quotes["missed"]
    assert quotes["precision"] >= 0.9, quotes["extra"]
    lang_right, found = quotes["right"]["lang"]
    assert lang_right == found, "every quote found has its language right"
    speaker_right, found = quotes["right"]["speaker"]
    assert speaker_right / found >= 0.85


@pytest.mark.parametrize("which", ["seed", "demo"])
def test_dates_and_figures_not_marked_are_found_with_their_values(which, request):
    path = request.getfixturevalue(which)
    report = score(path, gold(f"{which}-gold.json"), KINDS)
    dates, measures = report["date"], report["measure"]
    found = dates["found"] + measures["found"]
    assert found / (dates["gold"] + measures["gold"]) >= 0.95, (dates["missed"], measures["missed"])
    assert dates["right"]["when"] == (dates["found"], dates["found"])
    assert measures["right"]["quantity"] == (measures["found"], measures["found"])
    assert measures["right"]["unit"] == (measures["found"], measures["found"])
    assert dates["precision"] >= 0.9 and measures["precision"] >= 0.9, (dates["extra"], measures["extra"])


@pytest.mark.parametrize("which", ["seed", "demo"])
def test_every_registered_name_not_tagged_is_proposed_for_its_entity(which, request):
    path = request.getfixturevalue(which)
    entities = score(path, gold(f"{which}-gold.json"), KINDS)["entity"]
    assert entities["recall"] == 1.0, entities["missed"]
    assert entities["precision"] >= 0.9, entities["extra"]
    assert entities["right"]["entity"] == (entities["found"], entities["found"])


def test_a_text_not_tuned_on(heldout):
    report = score(heldout, gold("heldout-gold.json"), KINDS)
    show("held-out text (Spanish, written after tuning)", report)
    quotes = report["quote"]
    assert quotes["recall"] == 1.0 and quotes["precision"] >= 0.9, (quotes["missed"], quotes["extra"])
    assert quotes["right"]["lang"] == (quotes["found"], quotes["found"])
    assert quotes["right"]["speaker"][0] / quotes["found"] >= 0.85
    dates, measures = report["date"], report["measure"]
    assert (dates["found"] + measures["found"]) / (dates["gold"] + measures["gold"]) >= 0.95
    assert measures["right"]["unit"] == (3, 4)  # 'pesos' stays pesos: the text does not say which peso


def test_names_the_register_lacks_are_found_with_a_type(bare_demo):
    report = score(bare_demo, gold("demo-gold.json"), {"entity": "unregistered"})
    show("demo sample with an empty register", report)
    names = report["entity"]
    assert names["recall"] == 1.0, names["missed"]
    assert names["precision"] >= 0.9, names["extra"]
    assert names["right"]["type"] == (names["found"], names["found"])


def test_the_copy_of_the_seed_text_is_the_shared_seed(shared):
    assert (DATA / "seed-article.txt").read_bytes() == (shared / "seed" / "source-article.txt").read_bytes()
