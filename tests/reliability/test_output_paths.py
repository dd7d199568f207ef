"""Where apostilla writes: links, folders, read-only places and full disks never cost the original.

Each failure is exit 4 with one line, the original file byte-identical and no temp file left.
The read-only and full-disk stories use a small real file system when this machine lets us
mount one (root with mount rights, as in CI); the same failures are also forced in-process,
so the library's error path is checked everywhere.
"""
from __future__ import annotations

import errno
import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from apostilla.annotations.operations import run
from apostilla.common.errors import WriteError
from apostilla.common.files import TEMP_SUFFIX

from .crashes import story
from .helpers import apostilla, sha256, write_tei

ADD = ("entity", "add")


def add_entity(doc: Path):
    return apostilla(*ADD, doc, "ana", "--type", "person", "--name", "Ana Ruiz")


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob(f"*{TEMP_SUFFIX}"))


def refused_with_4(result, folder: Path) -> str:
    """The error line of a command that could not write; it left no temp file in folder."""
    line = result.error_line()
    assert result.code == 4, result.stderr
    assert temp_files(folder) == []
    return line


# ----------------------------------------------------------------------------- links and folders


def test_a_document_that_links_elsewhere_is_never_written_through(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    target = write_tei(outside, "<p>Ana Ruiz</p>", name="edition.xml")
    before = sha256(target)
    work = tmp_path / "work"
    work.mkdir()
    link = work / "edition.xml"
    link.symlink_to(target)
    line = refused_with_4(add_entity(link), tmp_path)
    assert "is a symbolic link" in line
    assert sha256(target) == before and link.is_symlink()
    assert apostilla("status", link).code == 0  # reading through the link is fine


def test_new_refuses_to_write_through_a_link(tmp_path):
    source = tmp_path / "article.txt"
    source.write_text("Ana Ruiz spoke.\n")
    target = write_tei(tmp_path, "<p>the only copy</p>", name="precious.xml")
    before = sha256(target)
    link = tmp_path / "out.xml"
    link.symlink_to(target)
    assert "already exists" in refused_with_4(apostilla("new", source, "-o", link), tmp_path)
    assert "is a symbolic link" in refused_with_4(apostilla("new", source, "-o", link, "--force"), tmp_path)
    assert sha256(target) == before


def test_an_output_that_is_a_folder(tmp_path):
    source = tmp_path / "article.txt"
    source.write_text("Ana Ruiz spoke.\n")
    folder = tmp_path / "out.xml"
    folder.mkdir()
    assert "is a directory" in refused_with_4(apostilla("new", source, "-o", folder), tmp_path)
    assert list(folder.iterdir()) == []


def test_a_document_that_is_a_folder_is_bad_input(tmp_path):
    folder = tmp_path / "edition.xml"
    folder.mkdir()
    result = add_entity(folder)
    assert result.code == 3 and "is a directory" in result.error_line()


def test_an_output_in_a_folder_that_does_not_exist(tmp_path):
    source = tmp_path / "article.txt"
    source.write_text("Ana Ruiz spoke.\n")
    out = tmp_path / "missing" / "out.xml"
    assert "the folder does not exist" in refused_with_4(apostilla("new", source, "-o", out), tmp_path)


# ----------------------------------------------------------------------------- forced failures


@pytest.mark.parametrize("failing, error", [("fsync", errno.ENOSPC), ("replace", errno.EACCES),
                                            ("mkstemp", errno.EROFS)])
def test_a_save_that_fails_midway_leaves_the_original(tmp_path, monkeypatch, failing, error):
    doc = tmp_path / "story.xml"
    doc.write_bytes(story(3))
    before = sha256(doc)

    def fail(*args, **kwargs):
        raise OSError(error, os.strerror(error))

    if failing == "mkstemp":
        monkeypatch.setattr("tempfile.mkstemp", fail)
    else:
        monkeypatch.setattr(os, failing, fail)
    with pytest.raises(WriteError) as raised:
        run(doc, "entity.add", {"id": "ana", "type": "person", "name": "Ana Ruiz"})
    monkeypatch.undo()
    assert raised.value.exit_code == 4
    reason = {errno.ENOSPC: "no space left on the device (the file is unchanged)",
              errno.EACCES: "permission denied", errno.EROFS: "permission denied"}[error]
    assert reason in raised.value.message
    assert sha256(doc) == before and temp_files(tmp_path) == []


# ----------------------------------------------------------------------------- real file systems


@contextmanager
def small_file_system(folder: Path, size: str):
    """A tmpfs of `size` mounted at folder, or a skip when this machine does not allow mounting."""
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk(tmp_path):
    with small_file_system(tmp_path / "disk", "300k") as disk:
        doc = disk / "story.xml"
        doc.write_bytes(story(1200))  # about 200 KB: the new version does not fit beside it
        assert 150_000 < doc.stat().st_size < 300_000
        before = sha256(doc)
        line = refused_with_4(add_entity(doc), doc.parent)
        assert "no space left on the device (the file is unchanged)" in line
        assert sha256(doc) == before


def test_a_read_only_file_system(tmp_path):
    with small_file_system(tmp_path / "ro", "1m") as mount:
        doc = mount / "story.xml"
        doc.write_bytes(story(3))
        before = sha256(doc)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        line = refused_with_4(add_entity(doc), doc.parent)
        assert "permission denied" in line
        assert sha256(doc) == before


def test_a_folder_without_write_permission(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere; test_a_read_only_file_system covers this as root")
    folder = tmp_path / "locked"
    folder.mkdir()
    doc = folder / "story.xml"
    doc.write_bytes(story(3))
    before = sha256(doc)
    folder.chmod(0o555)
    try:
        assert "permission denied" in refused_with_4(add_entity(doc), doc.parent)
    finally:
        folder.chmod(0o755)
    assert sha256(doc) == before
