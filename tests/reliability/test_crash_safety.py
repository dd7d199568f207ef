"""SIGKILL at random moments while apostilla saves: the file is always a whole old or new version.

A worker forks a child that runs a series of six edits (each a full save) and kills it after a
random delay within the time the series takes; after each kill the file must be one of the
versions the series goes through, byte for byte, and the next save must leave no temp file.
Kills also hit a 10 MB document and the `apostilla` command itself (start-up included).
"""
from __future__ import annotations

import random

from .crashes import REQUESTS, kill_cli, kill_in_fork, story

SMALL_KILLS = 200
LARGE_KILLS = 15
CLI_KILLS = 20


def test_two_hundred_kills_during_a_series_of_edits(tmp_path):
    rng = random.Random()
    tally = kill_in_fork(tmp_path, story(12), REQUESTS, SMALL_KILLS, rng)
    print(dict(tally))
    assert tally["killed"] + tally["finished first"] == SMALL_KILLS
    assert tally["killed"] >= SMALL_KILLS * 0.7  # the kills really land inside the series
    # Interrupted saves at many points: before the first save ends, and between later ones.
    assert tally["version 0"] > 0 and len([k for k in tally if k.startswith("version")]) >= 4


def test_kills_during_large_saves(tmp_path):
    large = story(2000, repeat=35)
    assert len(large) > 10_000_000
    requests = [["entity.add", {"id": "ana", "type": "person", "name": "Ana Ruiz"}], ["remove", {"id": "ana"}]]
    tally = kill_in_fork(tmp_path, large, requests, LARGE_KILLS, random.Random())
    # And kills aimed at the save itself: writing 10 MB, fsync, rename.
    versions = [tmp_path / "old.xml", tmp_path / "new.xml"]
    versions[0].write_bytes(large)
    versions[1].write_bytes(large.replace(b"Quito", b"Lima!"))
    saves = [["save", {"from": str(versions[1])}], ["save", {"from": str(versions[0])}]]
    tally.update(kill_in_fork(tmp_path, large, saves, LARGE_KILLS, random.Random()))
    print(dict(tally))
    assert tally["killed"] >= 2 * LARGE_KILLS * 0.6
    assert tally["temp files left"] > 0  # some kills did land inside a save


def test_kills_of_the_command(tmp_path):
    tally = kill_cli(tmp_path, story(12), CLI_KILLS, random.Random())
    print(dict(tally))
    assert tally["killed"] >= CLI_KILLS * 0.5
