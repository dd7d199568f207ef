"""Reading up to the size limit and not a byte past it; new files made with the user's umask."""
from __future__ import annotations

import os

import pytest

from apostilla.common.errors import BadInput
from apostilla.common.files import atomic_write, read_bytes


def test_a_file_exactly_at_the_limit_is_read_and_one_byte_more_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "doc.xml"
    path.write_bytes(b"x" * 1000)
    monkeypatch.setenv("APOSTILLA_MAX_BYTES", "1000")
    assert read_bytes(path) == b"x" * 1000
    monkeypatch.setenv("APOSTILLA_MAX_BYTES", "999")
    with pytest.raises(BadInput, match="is 1,000 bytes, over the limit of 999"):
        read_bytes(path)


def test_the_default_limit_is_512_mib(tmp_path, monkeypatch):
    monkeypatch.delenv("APOSTILLA_MAX_BYTES", raising=False)
    path = tmp_path / "big.xml"
    with open(path, "wb") as out:  # sparse: nothing is written, nothing is read
        out.truncate(512 * 1024 * 1024 + 1)
    with pytest.raises(BadInput, match="is 536,870,913 bytes, over the limit of 536,870,912"):
        read_bytes(path)


def test_a_new_file_gets_the_permissions_the_umask_allows(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.xml", b"<TEI/>")
    finally:
        os.umask(old)
    assert (tmp_path / "new.xml").stat().st_mode & 0o777 == 0o644  # never executable


def test_a_file_written_again_keeps_its_permissions(tmp_path):
    path = tmp_path / "doc.xml"
    path.write_bytes(b"old")
    path.chmod(0o600)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new" and path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("limit", [10, 999])
def test_a_file_at_a_small_or_odd_limit_is_read_whole(tmp_path, monkeypatch, limit):
    path = tmp_path / "doc.xml"
    path.write_bytes(b"y" * limit)
    monkeypatch.setenv("APOSTILLA_MAX_BYTES", str(limit))
    assert read_bytes(path) == b"y" * limit


def test_a_temporary_file_of_a_process_that_is_gone_is_removed_whatever_its_number(tmp_path):
    doc = tmp_path / "doc.xml"
    doc.write_bytes(b"old")
    gone = [pid for pid in range(os.getpid() - 1, 1, -1) if not _exists(pid)][:1] + [4_194_000]
    for pid in gone:
        (tmp_path / f".doc.xml.{pid}.abcd1234.apostilla-tmp").write_bytes(b"half")
    atomic_write(doc, b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.xml"]


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
