"""The installed version of apostilla, as the memos, XLIFF files and `--version` state it."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _installed


def version() -> str:
    """apostilla's version, or "unknown" when it runs from a tree that is not installed."""
    try:
        return _installed("apostilla")
    except PackageNotFoundError:
        return "unknown"
