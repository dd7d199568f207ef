"""Runs annotation requests in a forked child and kills it with SIGKILL when told to.

The crash tests start this script once (a clean process with apostilla imported); it runs the
requests on a copy and prints how long they take, {"seconds": S}. The tests then send it one line
per kill: `DELAY_SECONDS`. It forks a child that runs the requests of the JSON file given on the
command line on DOC (annotation requests, or `save` of prepared bytes), sleeps DELAY, sends
SIGKILL, and answers with one JSON line: {"signaled": true when the kill landed before the child
finished, "status": its exit code, "seconds": how long the child ran (at most)}.
Forking here, not in the test process, keeps pytest's own threads and state out of the child.
"""
from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

from apostilla.annotations.operations import run
from apostilla.common.files import atomic_write


def do_request(doc: Path, name: str, params: dict) -> None:
    """One request; `save` writes the bytes of the file params["from"] as apostilla saves."""
    if name == "save":
        atomic_write(doc, Path(params["from"]).read_bytes())
    else:
        run(doc, name, dict(params))


def work(doc: Path, requests: list) -> None:
    """The child: every request in turn, each a locked, atomic save of the whole file."""
    code = 0
    try:
        for name, params in requests:
            do_request(doc, name, params)
    except BaseException:  # noqa: BLE001 - report any failure through the exit code
        code = 1
    os._exit(code)


def kill_after(doc: Path, requests: list, delay: float) -> dict:
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        work(doc, requests)
    time.sleep(delay)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _, status = os.waitpid(pid, 0)
    signaled = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    # A child that finished first ran at most this long: the tests aim their next kills within it.
    return {"signaled": signaled, "status": None if signaled else os.WEXITSTATUS(status),
            "seconds": time.monotonic() - started}


def rehearse(doc: Path, requests: list) -> float:
    """Run the requests twice on a copy of doc: children start warm, and we learn how long they take."""
    scratch = doc.with_name("worker-rehearsal.xml")
    timings = []
    for _ in range(2):  # the first run also pays for lazy imports and cold caches
        scratch.write_bytes(doc.read_bytes())
        started = time.monotonic()
        for name, params in requests:
            do_request(scratch, name, params)
        timings.append(time.monotonic() - started)
    return min(timings)


def main() -> None:
    doc, requests = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    print(json.dumps({"seconds": rehearse(doc, requests)}), flush=True)
    for line in sys.stdin:
        print(json.dumps(kill_after(doc, requests, float(line))), flush=True)


if __name__ == "__main__":
    main()
