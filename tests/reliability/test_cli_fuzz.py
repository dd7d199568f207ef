"""Every command, hostile arguments and files, run as a process: the contract holds whatever comes.

The fuzzer (fuzz.py) finds the commands in the app, so a new command is fuzzed from the day it is
registered. CI draws the same examples on every run (the "ci" hypothesis profile);
benchmarks/fuzz_nightly.py draws many more, new ones each night. docs/reliability.md has the counts.
"""
from __future__ import annotations

import pytest
from conftest import need_shared
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .fuzz import Tally, commands, invocations, problems, report, run_all

RUNS = 480       # command lines run in CI, spread over the commands
PARALLEL = 4     # runs at once in each example
COMMANDS = commands()
EXAMPLES = max(4, RUNS // (len(COMMANDS) * PARALLEL))
TALLY = Tally()


@pytest.mark.slow
@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_any_command_line_keeps_the_contract(words, tmp_path):
    need_shared("corpus")
    need_shared("xliff")
    number = iter(range(10**6))

    # No shrinking: a failure is reported with its whole command line, files and output.
    @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(runs=st.lists(invocations(words), min_size=PARALLEL, max_size=PARALLEL))
    def command_lines(runs):
        TALLY.examples += 1
        results = run_all(runs, tmp_path / f"example{next(number)}")
        failures = []
        for inv, result in zip(runs, results):
            TALLY.add(inv, result)
            found = problems(inv, result)
            if found:
                failures.append(report(inv, result, found))
        assert not failures, "\n\n".join(failures)

    command_lines()


def test_the_fuzzer_reached_every_command_and_both_outcomes():
    if not TALLY.runs:
        pytest.skip("run with the fuzzing tests above")
    print("\n" + TALLY.line() + "\n" + TALLY.table())
    assert set(TALLY.runs) == {" ".join(w) for w in COMMANDS}
    assert TALLY.accepted() > TALLY.refused() / 10 and TALLY.refused() > 0
