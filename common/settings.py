"""Settings read from the environment, refused in one line when they cannot be used, never ignored."""
from __future__ import annotations

import os
from datetime import datetime, timezone

from .errors import UsageError


def source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH (reproducible output) as a UTC time; None when it is unset or empty."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not value:
        return None
    try:
        if not (value.isascii() and value.isdigit()):
            raise ValueError(value)
        return datetime.fromtimestamp(int(value), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH={value!r} is not a time: give whole seconds since "
                         "1970-01-01 (before the year 10000), or unset it") from None


def whole_number(name: str, default: int) -> int:
    """The environment variable `name` as a whole number of at least 0; default when unset or empty."""
    value = os.environ.get(name, "")
    if not value:
        return default
    if not (value.isascii() and value.isdigit()):
        raise UsageError(f"{name}={value!r} is not a whole number; set it to one, or unset it")
    return int(value)
