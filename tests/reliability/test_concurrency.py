"""Two and four processes annotating one file at once: each request lands or fails with exit 4.

No update may be lost: the final document holds exactly the requests that reported success,
one provenance record each, and nothing of those that were turned away.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier

import pytest
from apostilla.annotations.document import TeiDocument
from apostilla.common.files import atomic_write

from .crashes import story

# A process that runs requests back to back through the library, as fast as it can.
TIGHT_LOOP = """
import json, sys
from apostilla.common.errors import ApostillaError
from apostilla.annotations.operations import run
doc, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
results = []
for k in range(count):
    ident = f"w{worker}-{k}"
    try:
        run(doc, "entity.add", {"id": ident, "type": "person", "name": ident})
        results.append([ident, 0])
    except ApostillaError as error:
        results.append([ident, error.exit_code])
print(json.dumps(results))
"""


def requests_of(worker: int, count: int, first: int = 0) -> list[tuple[str, list[str]]]:
    """Worker's requests: register an entity, then mark that worker's own word as a term."""
    out = []
    for k in range(first, first + count):
        if k % 2 == 0:
            ident = f"w{worker}-{k}"
            out.append((ident, ["entity", "add", "{doc}", ident, "--type", "person", "--name", ident]))
        else:
            word = f"word{worker}x{k}z"  # z: no word is the start of another
            out.append((word, ["mark", "{doc}", "--match", word, "--term", "es", "--id", f"t-{word}"]))
    return out


def document(folder: Path, workers: int, count: int) -> Path:
    """A 1 MB story (saves take long enough to overlap) with each worker's words in it."""
    words = " ".join(f"word{w}x{k}z" for w in range(workers) for k in range(count))
    data = story(400, repeat=10).replace(b"</body>", f"<p>{words}</p></body>".encode())
    doc = folder / "shared.xml"
    atomic_write(doc, data)
    return doc


def run_worker(doc: Path, requests: list, start: Barrier) -> list[tuple[str, int, str]]:
    results = []
    for key, args in requests:
        start.wait()  # every worker starts its next command at the same moment: they meet
        command = [sys.executable, "-m", "apostilla.cli.main", *[a.format(doc=doc) for a in args]]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
        results.append((key, proc.returncode, proc.stderr))
    return results


def landed(doc: Path) -> set[str]:
    """What is in the file: entity ids and the words marked as terms."""
    parsed = TeiDocument.load(doc)
    found = {node.get("{http://www.w3.org/XML/1998/namespace}id") for node in parsed.registers()}
    found |= {ident[2:] for ident in parsed.ids if ident.startswith("t-word")}
    return found


ROUNDS = 4  # on a busy machine the processes may not meet in one round; then more are run


@pytest.mark.parametrize("workers, count", [(2, 10), (4, 6)])
def test_processes_running_the_command_at_once(tmp_path, workers, count):
    doc = document(tmp_path, workers, count * ROUNDS)
    start = Barrier(workers)
    results = []
    for first in range(0, count * ROUNDS, count):
        with ThreadPoolExecutor(workers) as pool:
            batches = list(pool.map(
                lambda w: run_worker(doc, requests_of(w, count, first), start), range(workers)))
        results += [r for batch in batches for r in batch]
        if any(code == 4 for _, code, _ in results):
            break
    for key, code, stderr in results:
        assert code in (0, 4), f"{key}: exit {code}: {stderr}"
        if code == 4:
            assert re.fullmatch(r"apostilla: error: .*: another apostilla process is writing this file; "
                                r"try again when it is done\n", stderr), stderr
    succeeded = {key for key, code, _ in results if code == 0}
    assert landed(doc) == succeeded
    changes = re.findall(rb"<change [^>]*>(entity add|mark term)", doc.read_bytes())
    assert len(changes) == len(succeeded)
    turned_away = len(results) - len(succeeded)
    print(f"{workers} processes: {len(succeeded)} landed, {turned_away} turned away (exit 4)")
    assert turned_away > 0, "the processes never met: the test proves nothing"


def test_four_processes_in_a_tight_loop(tmp_path):
    doc = tmp_path / "tight.xml"
    atomic_write(doc, story(50))
    procs = [subprocess.Popen([sys.executable, "-c", TIGHT_LOOP, str(doc), str(w), "40"],
                              stdout=subprocess.PIPE, text=True) for w in range(4)]
    results = [r for proc in procs for r in json.loads(proc.communicate(timeout=300)[0])]
    assert {code for _, code in results} <= {0, 4}
    succeeded = {ident for ident, code in results if code == 0}
    assert landed(doc) == succeeded
    assert len(re.findall(rb"<change [^>]*>entity add", doc.read_bytes())) == len(succeeded)
    turned_away = len(results) - len(succeeded)
    print(f"tight loop: {len(succeeded)} landed, {turned_away} turned away")
    assert turned_away > 0, "the processes never met: the test proves nothing"
