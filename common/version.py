"""apostilla's version, as the memos, XLIFF files and `--version` state it."""
from __future__ import annotations

# The same as `version` in pyproject.toml (tests/cli/test_version.py holds them together). Asking
# importlib.metadata instead costs some 10 ms of imports on every memo, for a string known here.
VERSION = "0.1.0"


def version() -> str:
    """apostilla's version."""
    return VERSION
