"""Helpers for tests that drive outside programs: LibreOffice, Chromium, poppler and OmegaT.

Import it from a test module as ``from tools import docx_to_pdf, dump_dom`` (no package
prefix). The tests folder has no ``__init__.py``, so pytest's default ``prepend`` import
mode puts ``tests/`` itself on ``sys.path``, which makes this file and ``conftest`` plain
top-level modules. Every finder here follows ``need_tool`` from conftest: a missing
program skips the test locally and fails it when ``CI=true``.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest

try:
    from conftest import IN_CI, need_tool
except ImportError:  # tests/ became a package: conftest is then tests.conftest
    from tests.conftest import IN_CI, need_tool

# Flags that keep headless Chromium off the network (it hangs on a closed one) and off
# any shared profile; root also needs --no-sandbox.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
)

# Where Debian's omegat package puts the program; OMEGAT_JAR overrides it.
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")


def _first_program(*names: str) -> str:
    """The path of the first of `names` found on PATH, else need_tool's skip or failure."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return need_tool(names[0])


def soffice() -> str:
    """The path of LibreOffice's command-line program."""
    return _first_program("soffice", "libreoffice")


def chromium() -> str:
    """The path of the Chromium browser."""
    return _first_program("chromium", "chromium-browser")


def pdftotext() -> str:
    """The path of poppler's pdftotext."""
    return need_tool("pdftotext")


def java() -> str:
    """The path of the Java runtime."""
    return need_tool("java")


def omegat_jar() -> Path:
    """The path of OmegaT.jar (OMEGAT_JAR, else Debian's place for it)."""
    jar = Path(os.environ.get("OMEGAT_JAR") or OMEGAT_JAR)
    if not jar.is_file():
        if IN_CI:
            pytest.fail(f"OmegaT ({jar}) is required in CI but is missing")
        pytest.skip(f"OmegaT ({jar}) is not available here")
    return jar


def run(cmd: Sequence[str], timeout: float, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `cmd` without stdin, capture its text output, and kill its whole process group when done."""
    args = [str(part) for part in cmd]
    # Files rather than pipes: a helper the program leaves running (Chromium's crash
    # handler, say) would hold a pipe open and keep us waiting long after it exited.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=cwd, start_new_session=True
        )
        try:
            returncode: int | None = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            returncode = None
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            proc.wait()
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if returncode is None:
        pytest.fail(f"{args[0]} ran past {timeout} s\nstdout:\n{stdout[-2000:]}\nstderr:\n{stderr[-2000:]}")
    return subprocess.CompletedProcess(args, returncode, stdout, stderr)


def _check(result: subprocess.CompletedProcess[str], what: str) -> None:
    """Fail the test with the program's output when it exited non-zero."""
    if result.returncode != 0:
        pytest.fail(f"{what} exited {result.returncode}\nstdout:\n{result.stdout[-2000:]}\nstderr:\n{result.stderr[-2000:]}")


def run_chromium(args: Sequence[str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with the safe flags and a fresh throwaway profile."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-", ignore_cleanup_errors=True) as profile:
        cmd = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
        return run(cmd, timeout)


def dump_dom(html_path: Path, timeout: float = 60) -> str:
    """The serialised DOM of a local HTML file after its scripts have run."""
    result = run_chromium(["--dump-dom", Path(html_path).resolve().as_uri()], timeout)
    _check(result, "chromium --dump-dom")
    return result.stdout


def screenshot(html_path: Path, png_path: Path, width: int = 1200, height: int = 1600, timeout: float = 60) -> Path:
    """Save a PNG screenshot of a local HTML file and return its path."""
    png = Path(png_path).resolve()
    result = run_chromium(
        [f"--screenshot={png}", f"--window-size={width},{height}", "--hide-scrollbars", Path(html_path).resolve().as_uri()],
        timeout,
    )
    _check(result, "chromium --screenshot")
    if not png.is_file():
        pytest.fail(f"chromium wrote no screenshot\nstderr:\n{result.stderr[-2000:]}")
    return png


def docx_to_pdf(docx: Path, outdir: Path, timeout: float = 180) -> Path:
    """Convert a DOCX to PDF with headless LibreOffice and return the PDF's path."""
    docx = Path(docx).resolve()
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    # A private profile lets conversions run side by side and leaves $HOME alone.
    with tempfile.TemporaryDirectory(prefix="soffice-profile-", ignore_cleanup_errors=True) as profile:
        cmd = [
            soffice(),
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ]
        result = run(cmd, timeout)
    _check(result, "soffice --convert-to pdf")
    pdf = outdir / (docx.stem + ".pdf")
    if not pdf.is_file():
        # soffice exits 0 even when a document cannot be loaded.
        pytest.fail(f"soffice wrote no PDF\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}")
    return pdf


def pdf_text(pdf: Path, timeout: float = 60) -> str:
    """The text of a PDF, in reading order, as pdftotext gives it."""
    result = run([pdftotext(), "-enc", "UTF-8", str(pdf), "-"], timeout)
    _check(result, "pdftotext")
    return result.stdout


_OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>source</source_dir>
    <source_dir_excludes/>
    <target_dir>target</target_dir>
    <tm_dir>tm</tm_dir>
    <glossary_dir>glossary</glossary_dir>
    <glossary_file>glossary/glossary.txt</glossary_file>
    <dictionary_dir>dictionary</dictionary_dir>
    <source_lang>{source}</source_lang>
    <target_lang>{target}</target_lang>
    <source_tok>{source_tok}</source_tok>
    <target_tok>{target_tok}</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""
_TOKENIZERS = {"es": "LuceneSpanishTokenizer", "en": "LuceneEnglishTokenizer"}


def make_omegat_project(folder: Path, source: str = "es", target: str = "en") -> Path:
    """An empty OmegaT project (no sentence segmentation, tags kept); its memory goes in omegat/."""
    for sub in ("source", "target", "tm", "glossary", "dictionary", "omegat"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    tok = "org.omegat.tokenizer."
    (folder / "omegat.project").write_text(_OMEGAT_PROJECT.format(
        source=source, target=target, source_tok=tok + _TOKENIZERS.get(source, "LuceneSpanishTokenizer"),
        target_tok=tok + _TOKENIZERS.get(target, "LuceneEnglishTokenizer")), encoding="utf-8")
    return folder


def run_omegat(project_dir: Path, *extra: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run OmegaT's console-translate on a project, with its own config folder, and return the result."""
    jar = omegat_jar()
    with tempfile.TemporaryDirectory(prefix="omegat-config-", ignore_cleanup_errors=True) as config:
        cmd = [
            java(),
            "-Djava.awt.headless=true",
            "-jar",
            str(jar),
            f"--config-dir={config}",
            "--no-team",
            "--disable-project-locking",
            "--mode=console-translate",
            "--tag-validation=abort",
            *extra,
            str(Path(project_dir).resolve()),
        ]
        return run(cmd, timeout)
