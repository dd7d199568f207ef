"""Killing apostilla in the middle of its saves, and checking what is left on disk each time."""
from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from apostilla.annotations.document import TeiDocument
from apostilla.common.files import TEMP_SUFFIX, atomic_write

from .crash_worker import do_request

WORKER = Path(__file__).with_name("crash_worker.py")

# A series of edits of the story below: every request rewrites the whole file.
REQUESTS = [
    ["entity.add", {"id": "ana", "type": "person", "name": "Ana Ruiz", "aliases": ["Ruiz"]}],
    ["entity.tag", {"id": "ana"}],
    ["quote.add", {"match": "No vamos a rendirnos", "nth": 3, "lang": "es", "speaker": "ana"}],
    ["gloss.add", {"target": "q1", "lang": "en", "text": "We will not give up"}],
    ["mark", {"match": "January 7, 2026", "date": "2026-01-07", "all": True}],
    ["remove", {"id": "q1"}],
]
PARAGRAPH = ("Ana Ruiz of the Red Cross arrived on January 7, 2026. Ruiz said: «No vamos a rendirnos», "
             "and the crowd in Quito answered with «soberanía». ")


def story(paragraphs: int, repeat: int = 1) -> bytes:
    """A TEI document of `paragraphs` paragraphs of the story (the story `repeat` times in each)."""
    body = "".join(f'\n      <p xml:id="p{n}">{PARAGRAPH * repeat}</p>' for n in range(1, paragraphs + 1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <teiHeader>\n'
            "    <fileDesc><titleStmt><title>Story</title></titleStmt><publicationStmt><p>P</p></publicationStmt>"
            "<sourceDesc><p>S</p></sourceDesc></fileDesc>\n    <profileDesc><langUsage><language ident=\"en\">"
            'English</language><language ident="es">Spanish</language></langUsage></profileDesc>\n  </teiHeader>\n'
            f'  <text xml:lang="en">\n    <body>{body}\n    </body>\n  </text>\n</TEI>\n').encode("utf-8")


def versions(folder: Path, original: bytes, requests: list) -> list[bytes]:
    """Every state the file goes through when the requests run undisturbed; each one parses."""
    path = folder / "rehearsal.xml"
    path.write_bytes(original)
    states = [original]
    for name, params in requests:
        do_request(path, name, params)
        states.append(path.read_bytes())
    for state in states:
        TeiDocument.from_bytes(state)
    return states


def leftovers(doc: Path) -> list[Path]:
    """Temporary files of interrupted saves beside doc."""
    return sorted(doc.parent.glob(f".{doc.name}.*{TEMP_SUFFIX}"))


def check_after_kill(doc: Path, states: list[bytes], tally: Counter) -> None:
    """The file is one of the states (all whole and parseable); the next save removes any temp file."""
    data = doc.read_bytes()
    assert data in states, f"after a kill the file is none of its {len(states)} versions ({len(data)} bytes)"
    tally[f"version {states.index(data)}"] += 1
    if leftovers(doc):
        tally["temp files left"] += 1
    atomic_write(doc, states[0])  # the next save, which also cleans up after the killed one
    assert leftovers(doc) == [], "the next save did not remove the temp files of a killed one"


def kill_in_fork(folder: Path, original: bytes, requests: list, kills: int, rng: random.Random) -> Counter:
    """`kills` SIGKILLs at random moments of the requests, run in a child forked by crash_worker."""
    states = versions(folder, original, requests)
    doc = folder / "doc.xml"
    atomic_write(doc, original)
    plan = folder / "requests.json"
    plan.write_text(json.dumps(requests), encoding="utf-8")
    tally: Counter[str] = Counter()
    with subprocess.Popen([sys.executable, str(WORKER), str(doc), str(plan)], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True) as worker:
        seconds = json.loads(worker.stdout.readline())["seconds"]
        for _ in range(kills):
            worker.stdin.write(f"{rng.uniform(0, seconds)}\n")
            worker.stdin.flush()
            answer = json.loads(worker.stdout.readline())
            assert answer["signaled"] or answer["status"] == 0, "a request failed in the child"
            tally["killed" if answer["signaled"] else "finished first"] += 1
            if not answer["signaled"]:  # the rehearsal was slow (a busy disk): aim shorter
                seconds = min(seconds, answer["seconds"])
            check_after_kill(doc, states, tally)
        worker.stdin.close()
    return tally


def kill_cli(folder: Path, original: bytes, kills: int, rng: random.Random) -> Counter:
    """SIGKILL `apostilla entity add` processes at random moments, start-up included."""
    doc = folder / "cli.xml"
    command = [sys.executable, "-m", "apostilla.cli.main", "entity", "add", str(doc), "ana",
               "--type", "person", "--name", "Ana Ruiz"]
    timings = []
    for _ in range(2):  # the first run also pays for a cold start
        atomic_write(doc, original)
        started = time.monotonic()
        subprocess.run(command, check=True, capture_output=True)
        timings.append(time.monotonic() - started)
    seconds = min(timings)
    states = [original, doc.read_bytes()]
    atomic_write(doc, original)
    tally: Counter[str] = Counter()
    for _ in range(kills):
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        delay = rng.uniform(0.5, 1) * seconds  # the first half is mostly start-up
        time.sleep(delay)
        if proc.poll() is not None:
            seconds = min(seconds, delay)  # it ran faster than the rehearsal: aim shorter
        proc.kill()
        tally["killed" if proc.wait() < 0 else "finished first"] += 1
        check_after_kill(doc, states, tally)
    return tally
