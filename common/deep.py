"""Room for documents nested as deep as the parser reads them (2,048 levels).

Readers of the TEI text walk it without recursion, but the memo model and XLIFF inline markup are
trees, and the code that renders them recurses, a few frames per level. `deep` runs such work in
a thread whose stack and recursion limit hold the deepest document libxml2 accepts.
"""
from __future__ import annotations

import sys
import threading
from typing import Any, Callable, TypeVar

T = TypeVar("T")

_STACK_BYTES = 512 * 1024 * 1024   # reserved, not used: the pages a run touches are all it costs
_RECURSION_LIMIT = 40_000          # 2,048 levels at up to a dozen frames each, with room to spare
_lock = threading.Lock()
_raised = {"runs": 0, "limit": 0}   # deep runs under way, and the recursion limit from before them


def deep(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """function(*args, **kwargs), run with room for deep recursion; its result or its exception."""
    return on_stack(_STACK_BYTES, function, *args, **kwargs)


def on_stack(stack_bytes: int, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """function(*args, **kwargs) in a thread with a stack of stack_bytes (and the raised
    recursion limit of `deep`); its result or its exception, in the caller's thread."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as exc:  # handed to the caller's thread as it is
            outcome["error"] = exc

    with _lock:
        # Raised before the thread starts: it may run (and recurse) before this thread resumes.
        if not _raised["runs"]:
            _raised["limit"] = sys.getrecursionlimit()
            sys.setrecursionlimit(max(_raised["limit"], _RECURSION_LIMIT))
        _raised["runs"] += 1
    try:
        with _lock:  # the stack size is set for threads started from now on: set, start, put back
            previous = threading.stack_size(stack_bytes)
            try:
                thread = threading.Thread(target=run, name="apostilla-deep")
                thread.start()
            finally:
                threading.stack_size(previous)
        thread.join()
    finally:
        with _lock:
            _raised["runs"] -= 1
            if not _raised["runs"]:
                sys.setrecursionlimit(_raised["limit"])
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
