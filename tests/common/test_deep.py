"""Work that recurses once per level of a deep document has room to do so, from its first step."""
from __future__ import annotations

import sys
import threading

from apostilla.common.deep import deep


def down(levels: int) -> int:
    """Recurse at once, without giving another thread a turn first."""
    return 0 if levels == 0 else 1 + down(levels - 1)


def test_work_that_recurses_at_once_has_room_from_its_first_step():
    # The limit used to be raised just after the worker started, which then ran out of room.
    assert [deep(down, 20_000) for _ in range(5)] == [20_000] * 5


def test_the_recursion_limit_is_back_after_every_run_even_a_failed_one():
    before = sys.getrecursionlimit()
    deep(down, 10)
    try:
        deep(down, 10**6)
    except RecursionError:
        pass
    assert sys.getrecursionlimit() == before


def test_runs_at_once_in_several_threads_all_have_room():
    results: list[int] = []

    def one() -> None:
        results.append(deep(down, 15_000))

    threads = [threading.Thread(target=one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [15_000] * 4
