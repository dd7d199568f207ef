"""A desk exports the memos of a whole folder at once: one memo per document, the same bytes as
one export at a time, and a document that cannot be exported costs that document only."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from apostilla.exports.batch import MemoTask, export_many, plan
from apostilla.exports.memo.options import MemoOptions
from conftest import run_cli


@pytest.fixture(scope="module")
def brief(tmp_path_factory) -> Path:
    """The demo's annotated sample."""
    folder = tmp_path_factory.mktemp("demo")
    assert run_cli("demo", "-o", folder).exit_code == 0
    return folder / "brief.xml"


@pytest.fixture
def desk(tmp_path: Path, brief: Path) -> Path:
    """A folder of three annotated documents, one of them in a subfolder with a name used above."""
    folder = tmp_path / "desk"
    (folder / "2026").mkdir(parents=True)
    for name in ("monday.xml", "tuesday.xml", "2026/monday.xml"):
        (folder / name).write_bytes(brief.read_bytes())
    return folder


def test_a_folder_gives_one_memo_per_document_in_the_same_places(desk, tmp_path):
    out = tmp_path / "memos"
    result = run_cli("export", "html", desk, "-o", out, "--lang", "es", "--no-progress")
    assert result.exit_code == 0, result.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.html"))
    assert written == ["2026/monday.html", "monday.html", "tuesday.html"]
    assert sorted(result.stdout.split()) == sorted(str(out / name) for name in written)
    assert "3 of 3 memos written" in result.stderr
    # Each is byte for byte the memo that one export of its document writes.
    single = tmp_path / "single.html"
    assert run_cli("export", "html", desk / "tuesday.xml", "-o", single, "--lang", "es").exit_code == 0
    assert (out / "tuesday.html").read_bytes() == single.read_bytes()
    assert 'lang="es"' in single.read_text(encoding="utf-8")


def test_several_files_by_name_go_into_the_folder_by_their_names(desk, tmp_path):
    out = tmp_path / "memos"
    result = run_cli("export", "docx", desk / "monday.xml", desk / "tuesday.xml", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["monday.docx", "tuesday.docx"]


def test_one_broken_document_is_reported_and_the_others_are_written(desk, tmp_path):
    (desk / "broken.xml").write_text("<TEI><text>", encoding="utf-8")
    out = tmp_path / "memos"
    result = run_cli("export", "html", desk, "-o", out)
    assert result.exit_code == 3
    assert sorted(p.name for p in out.rglob("*.html")) == ["monday.html", "monday.html", "tuesday.html"]
    failure = [line for line in result.stderr.splitlines() if "broken.xml" in line]
    assert len(failure) == 1 and failure[0].startswith(f"apostilla: error: {desk / 'broken.xml'}:1:")
    assert "1 of 4 documents could not be exported" in result.stderr
    assert not (out / "broken.html").exists()


def test_two_documents_that_would_write_one_memo_are_refused_before_any_work(desk, tmp_path):
    out = tmp_path / "memos"
    result = run_cli("export", "html", desk / "monday.xml", desk / "2026" / "monday.xml", "-o", out)
    assert result.exit_code == 2
    assert "would both be written to" in result.stderr and "monday.html" in result.stderr
    assert not out.exists()


def test_several_documents_need_a_folder_not_a_file(desk, tmp_path):
    taken = tmp_path / "memo.html"
    taken.write_text("mine", encoding="utf-8")
    result = run_cli("export", "html", desk, "-o", taken)
    assert result.exit_code == 4 and "is not a folder" in result.stderr
    assert taken.read_text(encoding="utf-8") == "mine"


def test_an_empty_folder_is_said_not_passed_over(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cli("export", "html", tmp_path / "empty", "-o", tmp_path / "memos")
    assert result.exit_code == 2 and "no *.xml documents" in result.stderr


def test_worker_processes_return_every_result_in_the_order_of_the_tasks(desk, tmp_path):
    names = [name for name in ("monday.xml", "tuesday.xml", "2026/monday.xml")]
    tasks = [MemoTask(desk / name, name, tmp_path / f"{i}.html", MemoOptions(lang="en"))
             for i, name in enumerate(names)]
    results = export_many(tasks, "html", jobs=2)
    assert [r.name for r in results] == names and all(r.written for r in results)
    # The same text, each memo naming its own document in the provenance.
    memos = [(tmp_path / f"{i}.html").read_text(encoding="utf-8") for i in range(3)]
    assert "<dd>monday.xml</dd>" in memos[0] and "<dd>tuesday.xml</dd>" in memos[1]
    assert memos[0] == memos[2] == memos[1].replace("tuesday.xml", "monday.xml")


def test_plan_keeps_subfolders_and_skips_a_file_named_twice(desk, tmp_path):
    planned = plan([desk, desk / "monday.xml"], tmp_path, "pdf")
    assert [os.path.relpath(out, tmp_path) for _, _, out in planned] == \
        [os.path.join("2026", "monday.pdf"), "monday.pdf", "tuesday.pdf"]


@pytest.mark.slow
def test_a_dask_cluster_writes_the_same_memos(desk, tmp_path):
    pytest.importorskip("dask.distributed") if os.environ.get("CI") != "true" else None
    local, cluster = tmp_path / "local", tmp_path / "cluster"
    assert run_cli("export", "html", desk, "-o", local, "--jobs", "2").exit_code == 0
    result = run_cli("export", "html", desk, "-o", cluster, "--executor", "dask", "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    for memo in local.rglob("*.html"):
        assert (cluster / memo.relative_to(local)).read_bytes() == memo.read_bytes()


def test_a_document_whose_name_is_not_utf8_gets_its_memo_with_the_name_shown_escaped(brief, tmp_path):
    folder = tmp_path / "desk"
    folder.mkdir()
    odd = os.fsdecode(b"informe-\xff.xml")
    (folder / odd).write_bytes(brief.read_bytes())
    out = tmp_path / "memos"
    for fmt in ("html", "docx"):
        result = run_cli("export", fmt, folder, "-o", out)
        assert result.exit_code == 0, result.stderr
    page = (out / os.fsdecode(b"informe-\xff.html")).read_text(encoding="utf-8")
    assert "<dd>informe-\\xff.xml</dd>" in page


def test_a_fifo_in_the_folder_is_left_out_with_a_warning_not_in_silence(desk, tmp_path):
    os.mkfifo(desk / "pipe.xml")
    out = tmp_path / "memos"
    result = run_cli("export", "html", desk, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert f"apostilla: warning: {desk / 'pipe.xml'}: left out, not a regular file" in result.stderr
    assert sorted(p.name for p in out.rglob("*.html")) == ["monday.html", "monday.html", "tuesday.html"]


def test_a_bug_met_on_one_document_costs_that_document_only(desk, tmp_path, monkeypatch):
    import apostilla.exports.batch as batch

    real = batch.export_memo

    def failing_on_tuesday(doc, out, fmt, options):
        if Path(doc).name == "tuesday.xml":
            raise ValueError("something no check foresaw")
        return real(doc, out, fmt, options)

    monkeypatch.setattr(batch, "export_memo", failing_on_tuesday)
    tasks = [MemoTask(doc, name, out, MemoOptions()) for doc, name, out in
             plan([desk], tmp_path / "memos", "html")]
    results = export_many(tasks, "html", jobs=1)
    failed = [r for r in results if r.error]
    assert [r.exit_code for r in failed] == [70]
    assert "tuesday.xml: internal error: ValueError: something no check foresaw" in failed[0].error
    assert sorted(p.name for p in (tmp_path / "memos").rglob("*.html")) == ["monday.html", "monday.html"]
