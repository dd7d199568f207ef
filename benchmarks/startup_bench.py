"""Start-up time: `apostilla --help` against a bare typer import, in one run (median of N)."""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 15


def median_seconds(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    exe = str(Path(sys.executable).with_name("apostilla"))
    rows = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("bare typer import", [sys.executable, "-c", "import typer; typer.Typer()"]),
        ("apostilla --version", [exe, "--version"]),
        ("apostilla --help", [exe, "--help"]),
    ]
    results = {name: median_seconds(cmd) for name, cmd in rows}
    base = results["bare typer import"]
    print(f"{'command':<22} {'median s':>9} {'x typer':>8}")
    for name, seconds in results.items():
        print(f"{name:<22} {seconds:9.3f} {seconds / base:8.2f}")


if __name__ == "__main__":
    main()
