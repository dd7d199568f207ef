"""How every command's cost grows with its input: the whole table, 1x, 2x, 4x and 8x, per shape.

Run from the repository root with the Python that has apostilla installed (and the test extras):

    python benchmarks/complexity_bench.py [--scale 2] [--repeats 3] [--shapes depth,ids] [--commands list,show]

Each command of the app runs in this process on each shape of tests/reliability/complexity.py
(attributes on one element, inline siblings, paragraphs, validation errors, nesting depth, ids,
annotated paragraphs), at size 0 and at 1x, 2x, 4x and 8x of the CI sizes times --scale; the CPU
time is the best of --repeats runs. The exponent is that of the part of the cost that grows,
between 2x and 8x (1 linear, 2 quadratic); rows at 1.4 or more are marked. docs/reliability.md
quotes the table.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("APOSTILLA_CACHE_DIR", tempfile.mkdtemp(prefix="apostilla-growth-cache-"))
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767787200")

from reliability.complexity import FIXED_INPUT, SHAPES, Inputs, growth  # noqa: E402
from reliability.fuzz import commands  # noqa: E402

LIMIT = 1.4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=2, help="1x is the CI size times this")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--shapes", default="", help="comma-separated (default: all)")
    parser.add_argument("--commands", default="", help="comma-separated, e.g. 'list,entity add' (default: all)")
    args = parser.parse_args()
    shapes = [s for s in args.shapes.split(",") if s] or list(SHAPES)
    chosen = [tuple(c.split()) for c in args.commands.split(",") if c.strip()] or \
        [w for w in commands() if " ".join(w) not in FIXED_INPUT]
    folder = Path(tempfile.mkdtemp(prefix="apostilla-growth-"))
    made: dict = {}

    def inputs(shape: str, n: int):
        if (shape, n) not in made:
            made[shape, n] = (Inputs.make(SHAPES[shape][0](n), folder / f"{shape}-{n}"), folder / f"{shape}-{n}")
        return made[shape, n]

    started = time.monotonic()
    marked = 0
    print("CPU seconds, best of", args.repeats, "runs in one process; exponent of the growing part, 2x to 8x\n")
    for shape in shapes:
        unit = max(1, round(SHAPES[shape][1] * args.scale))
        if shape == "depth":  # the parser reads 2,048 levels at most
            unit = min(unit, 2000 // 8)
        sizes = [unit, 2 * unit, 4 * unit, 8 * unit]
        print(f"### {shape} (1x = {unit})\n")
        print("| command | none | " + " | ".join(f"{n // unit}x" for n in sizes) + " | exponent |")
        print("| --- | ---: | " + " | ".join("---:" for _ in sizes) + " | ---: |")
        for words in chosen:
            measured = growth(words, shape, sizes, inputs, args.repeats)
            exponent = measured.exponent(sizes[1], sizes[3])
            flag = " **(over 1.4)**" if exponent >= LIMIT else ""
            marked += bool(flag)
            print(f"| `{' '.join(words)}` | {measured.fixed:.3f} | "
                  + " | ".join(f"{measured.times[n]:.3f}" for n in sizes) + f" | {exponent:.2f}{flag} |", flush=True)
        print()
    for name, why in FIXED_INPUT.items():
        print(f"`{name}` is not measured: it {why}.")
    print(f"\n{len(chosen)} commands x {len(shapes)} shapes in {time.monotonic() - started:.0f} s; "
          f"{marked} rows at an exponent of {LIMIT} or more")


if __name__ == "__main__":
    main()
