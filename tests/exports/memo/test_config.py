"""A desk keeps its memo defaults in apostilla.toml instead of repeating seven options."""
from __future__ import annotations

import re

import pytest
from conftest import run_cli

from apostilla.exports.memo.config import find_config

from .test_memo_model import brief


@pytest.fixture
def desk(tmp_path):
    """A desk folder with its defaults, and a document two folders below it."""
    (tmp_path / "apostilla.toml").write_text(
        '[memo]\nto = "Director, Americas"\nfrom = "Southern Cone desk"\nclassification = "SIN CLASIFICAR"\n'
        'language = "es"\nsections = ["summary", "people", "provenance"]\nmin-status = "reviewed"\n',
        encoding="utf-8")
    folder = tmp_path / "2026" / "enero"
    folder.mkdir(parents=True)
    return brief(folder)


def fields(page: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", page))


def test_defaults_come_from_the_nearest_apostilla_toml_and_options_win(desk, tmp_path):
    out = tmp_path / "memo.html"
    assert run_cli("export", "html", desk, "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert fields(page)["A"] == "Director, Americas" and fields(page)["De"] == "Southern Cone desk"
    assert '<html lang="es">' in page and "SIN CLASIFICAR" in page
    assert "Quién es quién" in page and "Citas clave" not in page and "Texto anotado" not in page
    assert run_cli("export", "html", desk, "-o", out, "--to", "Embajada", "--lang", "en",
                   "--sections", "quotes").exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert fields(page)["To"] == "Embajada" and fields(page)["From"] == "Southern Cone desk"
    assert "Key quotes" in page and "Who's who" not in page
    # min-status = "reviewed" in the file: the draft Spanish gloss of q2 is not shown.
    assert "una maniobra temeraria" not in page


def test_config_names_another_file_and_no_file_means_the_built_in_defaults(desk, tmp_path):
    other = tmp_path / "other.toml"
    other.write_text('[memo]\nto = "Archivo central"\n', encoding="utf-8")
    out = tmp_path / "memo.html"
    assert run_cli("export", "html", desk, "-o", out, "--config", other).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert fields(page)["To"] == "Archivo central" and '<html lang="en">' in page
    (tmp_path / "apostilla.toml").unlink()
    assert find_config(desk) is None or find_config(desk).parent not in (desk.parent, tmp_path)
    assert run_cli("export", "html", desk, "-o", out).exit_code == 0
    assert fields(out.read_text(encoding="utf-8"))["To"] == "File"


@pytest.mark.parametrize("content, message", [
    ("[memo]\nto = \n", r"apostilla\.toml:2:6: not valid TOML"),
    ("[memo]\nrecipient = \"X\"\n", "unknown key 'recipient' in \\[memo\\]; use to, from, classification"),
    ("[export]\nto = \"X\"\n", "unknown table or key 'export'"),
    ("[memo]\nsections = 3\n", "sections must be text or a list of text, not 3"),
])
def test_a_bad_config_file_is_one_line_and_exit_3(desk, tmp_path, content, message):
    (tmp_path / "apostilla.toml").write_text(content, encoding="utf-8")
    result = run_cli("export", "html", desk, "-o", tmp_path / "memo.html")
    assert result.exit_code == 3, result.stderr
    assert len(result.stderr.splitlines()) == 1 and re.search(message, result.stderr), result.stderr
    assert not (tmp_path / "memo.html").exists()


def test_a_config_file_that_does_not_exist_is_bad_input(desk, tmp_path):
    result = run_cli("export", "docx", desk, "-o", tmp_path / "memo.docx", "--config", tmp_path / "nope.toml")
    assert result.exit_code == 3 and "the config file does not exist" in result.stderr
