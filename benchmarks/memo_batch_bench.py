"""Memo batches side by side in one run: a shell loop of single exports against one batch command.

Run from the repository root, with apostilla installed (the dask extra for the Dask row):

    python benchmarks/memo_batch_bench.py [--documents 40] [--format html] [--repeat 3]

The documents are copies of the demo's annotated sample in a temporary folder. The reference is
what a desk does without batches: one `apostilla export FORMAT DOC -o OUT` process per document,
one after the other. Then one `apostilla export FORMAT FOLDER -o DIR` with --jobs 1, with the
local pool of 2 processes, and with a local Dask cluster of 2 workers (its start-up included).
Each row is the median wall time of --repeat fresh runs; the ratio is the row's time over the
reference's, measured in the same run.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--format", default="html", choices=["html", "docx", "pdf"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="apostilla-memo-batch-"))
    try:
        subprocess.run(["apostilla", "demo", "-o", str(work / "demo")], check=True, stdout=subprocess.DEVNULL)
        folder = work / "docs"
        folder.mkdir()
        sample = (work / "demo" / "brief.xml").read_bytes()
        docs = [folder / f"doc{i:04d}.xml" for i in range(args.documents)]
        for doc in docs:
            doc.write_bytes(sample)
        fmt = args.format

        def loop() -> float:
            return sum(timed(["apostilla", "export", fmt, str(doc), "-o", str(work / "loop" / f"{doc.stem}.{fmt}")])
                       for doc in docs)

        (work / "loop").mkdir()
        rows = {
            "shell loop, one process per document": loop,
            "one command, --jobs 1": lambda: timed(["apostilla", "export", fmt, str(folder), "-o",
                                                    str(work / "one"), "--jobs", "1"]),
            "one command, local pool of 2": lambda: timed(["apostilla", "export", fmt, str(folder), "-o",
                                                           str(work / "pool"), "--jobs", "2"]),
            "one command, Dask local cluster of 2": lambda: timed(
                ["apostilla", "export", fmt, str(folder), "-o", str(work / "dask"), "--jobs", "2",
                 "--executor", "dask"]),
        }
        print(f"{args.documents} memos ({fmt}) of the demo sample; median wall seconds of {args.repeat} runs\n")
        print("| run | seconds | memos/s | ratio to the shell loop |")
        print("| --- | ---: | ---: | ---: |")
        reference = None
        for name, run in rows.items():
            seconds = statistics.median(run() for _ in range(args.repeat))
            reference = reference or seconds
            print(f"| {name} | {seconds:.2f} | {args.documents / seconds:.1f} | {seconds / reference:.2f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
