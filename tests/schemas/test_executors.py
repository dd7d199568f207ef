"""Validating on a Dask cluster gives the report of local worker processes, and survives faults."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from apostilla.cli.main import app
from apostilla.common.errors import ExecutorError
from apostilla.common.executors import ATTEMPTS, open_executor

from conftest import need_shared

from .cluster import Cluster
from .test_cli import annotated_copies

pytestmark = pytest.mark.slow
runner = CliRunner()


@pytest.fixture(scope="module")
def corpus():
    return need_shared("corpus")


@pytest.fixture(scope="module")
def against_tei_all(corpus):
    """The options of the agreement test: tei_all, grammar only, local DTDs."""
    return ["--schema", str(corpus / "schema" / "tei_all.rng"), "--no-rules", "--trust-dtd",
            "--format", "json"]


@pytest.fixture(scope="module")
def local_report(corpus, against_tei_all):
    result = runner.invoke(app, ["validate", str(corpus), *against_tei_all, "--jobs", "2"])
    assert result.exit_code == 1, result.output[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    running = Cluster(tmp_path_factory.mktemp("dask"))
    yield running.start()
    running.stop()


def apostilla(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "apostilla.cli.main", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, start_new_session=True)


def wait_for_lines(path, at_least: int, process: subprocess.Popen) -> int:
    """Waits until the report at `path` has `at_least` lines; returns how many it has."""
    while process.poll() is None:
        if path.exists():
            lines = path.read_bytes().count(b"\n")
            if lines >= at_least:
                return lines
        time.sleep(0.005)
    raise AssertionError(f"the run ended first: {process.stderr.read()}")


def test_the_corpus_on_a_dask_scheduler_gives_the_report_of_local_processes(
        cluster, corpus, against_tei_all, local_report):
    cluster.start()
    result = runner.invoke(app, ["validate", str(corpus), *against_tei_all,
                                 "--executor", "dask", "--scheduler", cluster.address])
    assert result.exit_code == 1, result.output[-2000:]
    assert result.stdout == local_report
    assert json.loads(result.stdout)["summary"]["documents"] == 916


def test_the_scheduler_can_come_from_the_environment(cluster, tmp_path, monkeypatch):
    cluster.start()
    annotated_copies(tmp_path, 20, {4, 11})
    local = runner.invoke(app, ["validate", str(tmp_path), "--jobs", "2"])
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster.address)
    on_dask = runner.invoke(app, ["validate", str(tmp_path), "--executor", "dask"])
    assert (on_dask.exit_code, on_dask.stdout) == (local.exit_code, local.stdout) == \
        (1, local.stdout)
    assert "20 documents: 18 valid, 2 invalid" in on_dask.stderr


def test_a_worker_killed_mid_chunk_costs_a_retry_never_a_lost_or_doubled_line(
        cluster, corpus, against_tei_all, local_report, tmp_path):
    cluster.start()
    retried = "getattr(scheduler.task_prefixes.get('check_chunk'), 'suspicious', 0)"
    retried_before = cluster.scheduler_info(retried)
    report = tmp_path / "report.jsonl"
    run = apostilla("validate", str(corpus), *against_tei_all, "--executor", "dask",
                    "--scheduler", cluster.address, "--report", str(report))
    before = wait_for_lines(report, 1, run)  # the first chunk is in: both workers are busy
    victim = cluster.workers[0]
    os.killpg(victim.pid, signal.SIGKILL)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 1, err
    assert before < 916
    assert out == local_report
    paths = [json.loads(line)["path"] for line in report.read_text("utf-8").splitlines()]
    assert len(paths) == len(set(paths)) == 916
    # The scheduler counted the killed worker's chunk as interrupted and ran it again.
    assert cluster.scheduler_info(retried) > retried_before
    assert "Traceback" not in err


# The last test with the cluster: it stops the scheduler.
def test_a_lost_scheduler_is_one_line_and_exit_4_and_the_report_resumes(
        cluster, corpus, against_tei_all, local_report, tmp_path):
    cluster.start()
    report = tmp_path / "report.jsonl"
    run = apostilla("validate", str(corpus), *against_tei_all, "--executor", "dask",
                    "--scheduler", cluster.address, "--report", str(report))
    wait_for_lines(report, 1, run)
    os.killpg(cluster.scheduler.pid, signal.SIGKILL)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 4
    assert err.strip().splitlines() == [
        f"apostilla: error: lost the connection to the Dask scheduler at {cluster.address}; "
        "the report so far is kept (run again with --resume)"]
    kept = report.read_bytes().count(b"\n")
    assert 0 < kept < 916
    resumed = runner.invoke(app, ["validate", str(corpus), *against_tei_all, "--jobs", "2",
                                  "--report", str(report), "--resume"])
    assert resumed.stdout == local_report
    assert report.read_bytes().count(b"\n") == 916


def test_a_scheduler_that_cannot_be_reached_is_one_line_and_exit_4(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    annotated_copies(tmp_path, 2, set())
    run = apostilla("validate", str(tmp_path), "--executor", "dask", "--scheduler",
                    f"tcp://127.0.0.1:{port}",
                    env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
    out, err = run.communicate(timeout=120)
    assert run.returncode == 4 and out == ""
    (line,) = err.splitlines()
    assert line.startswith(f"apostilla: error: cannot reach the Dask scheduler at "
                           f"tcp://127.0.0.1:{port}: ")


def test_a_local_dask_cluster_when_no_scheduler_is_named(tmp_path, monkeypatch):
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    annotated_copies(tmp_path, 30, {3, 17})
    local = runner.invoke(app, ["validate", str(tmp_path), "--format", "json", "--jobs", "1"])
    on_dask = runner.invoke(app, ["validate", str(tmp_path), "--format", "json",
                                  "--executor", "dask", "--jobs", "2"])
    assert on_dask.exit_code == local.exit_code == 1, on_dask.output
    assert on_dask.stdout == local.stdout


def test_without_dask_installed_the_dask_executor_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as if it were not installed
    annotated_copies(tmp_path, 2, set())
    result = runner.invoke(app, ["validate", str(tmp_path), "--executor", "dask"])
    assert result.exit_code == 2
    assert result.stderr == ("apostilla: error: --executor dask needs Dask: "
                             "pip install 'apostilla[dask]'\n")


def test_a_scheduler_address_without_the_dask_executor_is_a_usage_error(tmp_path):
    annotated_copies(tmp_path, 2, set())
    result = runner.invoke(app, ["validate", str(tmp_path), "--scheduler", "tcp://h:8786"])
    assert result.exit_code == 2
    assert "--scheduler needs --executor dask" in result.stderr


# Local worker processes: the executor that a batch of exports will use too.

def dies_once(task: tuple[str, int]) -> int:
    """Kills its own worker process the first time it sees `marker` missing."""
    marker, value = task
    if value == 3 and not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(9)
    return value * value


def always_dies(task: int) -> int:
    os._exit(9)


def test_a_local_worker_process_that_dies_costs_a_retry_of_its_tasks(tmp_path):
    marker = str(tmp_path / "died")
    with open_executor("local", jobs=2) as executor:
        results = dict(executor.run(dies_once, [(marker, n) for n in range(8)]))
    assert os.path.exists(marker)
    assert results == {n: n * n for n in range(8)}


def test_local_workers_that_keep_dying_stop_the_run_with_exit_4():
    with open_executor("local", jobs=2) as executor:
        with pytest.raises(ExecutorError, match=f"stopped .* {ATTEMPTS} times") as caught:
            list(executor.run(always_dies, [1, 2]))
    assert caught.value.exit_code == 4
