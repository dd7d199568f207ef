"""An archivist breaks an annotated document in the ways people do; each break is named and placed."""
from __future__ import annotations

import pytest

from apostilla.schemas import validate_document

from .helpers import ANNOTATED, edited, found


def test_the_document_apostilla_writes_has_no_errors():
    report = validate_document(ANNOTATED)
    assert report.valid
    assert report.errors == []
    # The fixture's listObject entry is never mentioned: a warning, not an error.
    assert found(report, "warnings") == {("apo-entry-unused", 25)}


def test_strict_counts_warnings_as_errors():
    report = validate_document(ANNOTATED, strict=True)
    assert not report.valid
    assert found(report) == {("apo-entry-unused", 25)}
    assert report.warnings == []


BROKEN = [
    # (what the archivist did, text replaced, replacement, rule expected on that line)
    ("a quote spoken by nobody in the register", 'who="#petro"', 'who="#nobody"',
     "apo-who-resolves"),
    ("a mention of an unknown organisation", 'ref="#cut"', 'ref="#cutt"', "apo-ref-resolves"),
    ("a gloss pointing at a missing term", 'target="#t-soberania"', 'target="#t-sob"',
     "apo-target-resolves"),
    ("two elements sharing an id", '<num xml:id="n1"', '<num xml:id="d1"', "apo-id-unique"),
    ("an id that is not an XML name", '<num xml:id="n1"', '<num xml:id="1n"',
     "apo-id-wellformed"),
    ("a French term in a document declaring English and Spanish",
     '<term xml:id="t-soberania" xml:lang="es">', '<term xml:id="t-soberania" xml:lang="fr">',
     "apo-lang-declared"),
    ("a language tag with an underscore", '<term xml:id="t-soberania" xml:lang="es">',
     '<term xml:id="t-soberania" xml:lang="es_CO">', "apo-lang-wellformed"),
    ("a gloss in its target's own language", '<note type="gloss" xml:lang="en">',
     '<note type="gloss" xml:lang="es">', "apo-gloss-language"),
    ("the 30th of February", '<date xml:id="d1" when="2026-01-07">',
     '<date xml:id="d1" when="2026-02-30">', "apo-when-iso"),
    ("a date written the American way", '<date xml:id="d1" when="2026-01-07">',
     '<date xml:id="d1" when="01/07/2026">', "apo-when-iso"),
    ("a quantity with a thousands separator", 'quantity="2512"', 'quantity="2,512"',
     "apo-quantity-number"),
]


@pytest.mark.parametrize("story, old, new, rule", BROKEN, ids=[b[0] for b in BROKEN])
def test_each_break_gives_its_rule_on_its_line(tmp_path, story, old, new, rule):
    path, line = edited(tmp_path, old, new)
    report = validate_document(path)
    assert not report.valid
    assert (rule, line) in found(report)


def test_messages_say_what_is_wrong_and_where(tmp_path):
    path, line = edited(tmp_path, 'who="#petro"', 'who="#nobody"')
    issue = next(i for i in validate_document(path).errors if i.rule == "apo-who-resolves")
    assert "#nobody" in issue.message
    assert issue.schema == "apostilla:rules"
    # The column is the quote's start tag in the source, not libxml2's 0.
    source_line = path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert source_line[issue.column - 1:].startswith('<q xml:id="q1"')


def test_a_second_gloss_in_the_same_language_is_refused(tmp_path):
    second = ('<annotation xml:id="q1-en2" target="#q1" motivation="describing">'
              '<note type="translation" xml:lang="en">Raise the flag.</note></annotation>\n'
              '      <annotation xml:id="t-soberania-en"')
    path, line = edited(tmp_path, '<annotation xml:id="t-soberania-en"', second)
    assert ("apo-gloss-unique", line) in found(validate_document(path))


def test_a_foreign_quote_without_a_gloss_in_the_texts_language_is_a_warning(tmp_path):
    path, _ = edited(tmp_path, 'target="#q1" motivation="describing">',
                     'target="#elsewhere" motivation="describing">')
    report = validate_document(path)
    assert ("apo-quote-unglossed", 18) in found(report, "warnings")


def test_a_register_entry_nobody_mentions_is_a_warning(tmp_path):
    path, _ = edited(tmp_path, '<orgName ref="#cut">CUT</orgName>', "CUT")
    report = validate_document(path)
    assert ("apo-entry-unused", 22) in found(report, "warnings")
    assert report.valid


def test_without_rules_only_the_schema_speaks(tmp_path):
    path, _ = edited(tmp_path, 'who="#petro"', 'who="#nobody"')
    assert validate_document(path, rules=False).valid


def test_the_rules_also_run_with_a_users_schema(tmp_path, tei_all):
    path, line = edited(tmp_path, 'ref="#cut"', 'ref="#cutt"')
    report = validate_document(path, schemas=[tei_all])
    assert found(report) == {("apo-ref-resolves", line)}
