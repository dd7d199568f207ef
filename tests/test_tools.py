"""The outside programs behind the interop tests really work headless on this machine."""
from __future__ import annotations

import html
from pathlib import Path

import docx
import pytest

from tools import docx_to_pdf, dump_dom, java, make_omegat_project, omegat_jar, pdf_text, run, run_omegat, screenshot

pytestmark = pytest.mark.interop

SPANISH = "La canción del pingüino: «Señor», dijo él."


def test_docx_to_pdf_keeps_spanish_accents(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(SPANISH)
    source = tmp_path / "prueba.docx"
    document.save(str(source))

    pdf = docx_to_pdf(source, tmp_path / "out")

    assert pdf.read_bytes().startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "canción" in text
    assert "pingüino" in text
    assert "«Señor»" in text


def test_dump_dom_escapes_script_text_and_runs_scripts(tmp_path: Path) -> None:
    shown = '<script>alert("ñ")</script>'
    page = tmp_path / "página.html"
    page.write_text(
        "<!doctype html><html lang='es'><head><meta charset='utf-8'><title>Prueba</title></head>"
        f"<body><p id='quote'>{html.escape(shown, quote=False)} canción</p>"
        "<script>document.body.dataset.ran = 'sí'</script></body></html>",
        encoding="utf-8",
    )

    dom = dump_dom(page)

    assert "&lt;script&gt;alert(\"ñ\")&lt;/script&gt; canción" in dom
    assert 'data-ran="sí"' in dom
    assert dom.count("<script>") == 1


def test_screenshot_writes_a_png_of_the_window_size(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<!doctype html><meta charset='utf-8'><p>Señor</p>", encoding="utf-8")

    png = screenshot(page, tmp_path / "shot.png", width=640, height=480)

    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    # The IHDR chunk carries the width and height as big-endian 32-bit numbers.
    assert int.from_bytes(data[16:20], "big") == 640
    assert int.from_bytes(data[20:24], "big") == 480


def test_omegat_starts_in_console(tmp_path: Path) -> None:
    result = run([java(), "-Djava.awt.headless=true", "-jar", str(omegat_jar()), "--help"], timeout=60)

    assert result.returncode == 0, result.stderr
    assert "OmegaT-3." in result.stdout
    assert "console-translate" in result.stdout


OMEGAT_MEMORY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="3.6.0" segtype="paragraph" srclang="es"/>
  <body>
    <tu>
      <tuv lang="es"><seg>La canción del pingüino.</seg></tuv>
      <tuv lang="en"><seg>The penguin's song.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_omegat_console_translate_fills_target_from_memory(tmp_path: Path) -> None:
    project = tmp_path / "proyecto"
    make_omegat_project(project)
    (project / "omegat" / "project_save.tmx").write_text(OMEGAT_MEMORY, encoding="utf-8")
    (project / "source" / "nota.txt").write_text("La canción del pingüino.\n", encoding="utf-8")

    result = run_omegat(project)

    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert (project / "target" / "nota.txt").read_text(encoding="utf-8").strip() == "The penguin's song."
