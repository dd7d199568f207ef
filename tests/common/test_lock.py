"""The write lock: one writer at a time, and never a write to a file that keeps being replaced."""
from __future__ import annotations

import os

import pytest

from apostilla.common import files
from apostilla.common.errors import BadInput, Locked
from apostilla.common.files import FileLock


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(tmp_path):
    doc = tmp_path / "doc.xml"
    doc.write_text("<TEI/>")
    with FileLock(doc):
        with pytest.raises(Locked, match="another apostilla process is writing this file"):
            FileLock(doc).acquire()
    with FileLock(doc) as lock:  # released: the next writer gets it
        assert lock is not None


def test_a_file_replaced_between_opening_and_locking_is_locked_again_as_it_is_now(tmp_path, monkeypatch):
    doc = tmp_path / "doc.xml"
    doc.write_text("<TEI/>")
    real_stat, calls = os.stat, []

    def replaced_once(path, *args, **kwargs):
        calls.append(path)
        info = real_stat(path, *args, **kwargs)
        if len(calls) == 1:  # the first look finds another file: someone renamed a new one in
            return os.stat_result((info.st_mode, info.st_ino + 1, *tuple(info)[2:]))
        return info

    monkeypatch.setattr(files.os, "stat", replaced_once)
    with FileLock(doc) as lock:
        assert lock is not None and len(calls) == 2


def test_a_file_that_keeps_being_replaced_is_refused_and_never_written_unlocked(tmp_path, monkeypatch):
    # Review: with this refusal removed, the lock returned without holding anything and the
    # write went ahead unlocked.
    doc = tmp_path / "doc.xml"
    doc.write_text("<TEI/>")
    real_stat = os.stat

    def always_another(path, *args, **kwargs):  # an older inode number, as a renamed-in file may have
        info = real_stat(path, *args, **kwargs)
        return os.stat_result((info.st_mode, info.st_ino - 1, *tuple(info)[2:]))

    monkeypatch.setattr(files.os, "stat", always_another)
    with pytest.raises(Locked, match="keeps changing"):
        with FileLock(doc):
            pytest.fail("the write went ahead without a lock")


def test_a_file_removed_while_it_is_locked_is_not_held(tmp_path, monkeypatch):
    doc = tmp_path / "doc.xml"
    doc.write_text("<TEI/>")
    real_stat = os.stat

    def gone(path, *args, **kwargs):
        if str(path) == str(doc):
            raise FileNotFoundError(path)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(files.os, "stat", gone)
    with pytest.raises(Locked):
        FileLock(doc).acquire()


def test_a_missing_file_needs_no_lock_and_a_fifo_is_refused(tmp_path):
    with FileLock(tmp_path / "new.xml") as lock:
        assert lock is not None
    os.mkfifo(tmp_path / "fifo.xml")
    with pytest.raises(BadInput, match="FIFO"):
        FileLock(tmp_path / "fifo.xml").acquire()


def test_release_lets_go_and_can_be_called_twice(tmp_path):
    doc = tmp_path / "doc.xml"
    doc.write_text("<TEI/>")
    lock = FileLock(doc).acquire()
    lock.release()
    lock.release()
    FileLock(doc).acquire().release()
