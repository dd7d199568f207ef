"""The command-line fuzzer: every command of the app, hostile arguments and files, each run as a process.

The commands come from the typer app itself, so a command added later is fuzzed without a change
here; its parameters' names and types say what to give it (fuzz_inputs). Each run gets a folder
of its own with the files it names, runs `python -m apostilla.cli.main ...` there with a time and
memory limit, and is checked against the contract (`problems`).
"""
from __future__ import annotations

import hashlib
import os
import re
import resource
import signal
import stat
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from .fuzz_inputs import (
    DOC,
    HOSTILE,
    RECIPES,
    Made,
    assets,
    files_for,
    make,
    recipe_files,
    strings,
)

SECONDS = 60                 # a run that takes longer hangs
MEMORY = 4 << 30             # address space of a run; a read without end fails instead of filling the machine
SECRET = b"sk-live-FUZZ-SECRET-0042"
ALWAYS = (DOC, Made("secret.txt", data=SECRET + b"\n"), Made("sub", "dir"))
# Shown raw, these move the cursor, retitle the window or turn text around (tab and newline may pass).
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
TEXT_FORMATS = (b"table", b"text")


# ----------------------------------------------------------------------------- the commands


def _root():
    import typer
    from apostilla.cli.main import app

    return typer.main.get_command(app)


def commands() -> list[tuple[str, ...]]:
    """The words of every command the app has (`entity add`, `list`, ...), walking its groups."""
    found: list[tuple[str, ...]] = []

    def walk(command, words: tuple[str, ...]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            found.append(words)
            return
        for name in sorted(subcommands):
            walk(subcommands[name], words + (name,))

    walk(_root(), ())
    return found


def command(words: tuple[str, ...]):
    found = _root()
    for word in words:
        found = found.commands[word]
    return found


def _kind(param) -> str:
    names = {cls.__name__ for cls in type(param.type).__mro__}
    if getattr(param, "is_flag", False) and not getattr(param, "count", False):
        return "flag"
    for kind, cls in (("path", "Path"), ("choice", "Choice"), ("int", "IntParamType"), ("float", "FloatParamType")):
        if any(n.endswith(cls) for n in names):  # typer's own path type is TyperPath
            return kind
    return "text"


# ----------------------------------------------------------------------------- drawing a command line


@dataclass
class Invocation:
    """One run: the words after `apostilla`, the files it names, its environment."""

    words: tuple[str, ...]
    argv: list[bytes]
    files: list[Made]
    env: dict[str, str]
    verbose: bool = False

    def __repr__(self) -> str:  # how hypothesis prints a failing example: the command line, short
        return f"Invocation({self.shown()!r}, files={self.files[len(ALWAYS):]!r}, env={self.env!r})"

    def _repr_pretty_(self, printer, cycle) -> None:  # hypothesis's printer, which reads dataclasses itself
        printer.text(repr(self))

    def shown(self) -> str:
        return "apostilla " + " ".join(repr(a)[1:] if len(a) < 200 else repr(a[:60]) + f"...({len(a)} bytes)"
                                       for a in self.argv)


def _chance(draw, percent: int) -> bool:
    """True percent times in 100; the simplest draw (where hypothesis starts) gives the likelier answer."""
    value = draw(st.integers(0, 99))
    return value < percent if percent >= 50 else value >= 100 - percent


def _as_bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogateescape")


@st.composite
def _value(draw, param, kind: str, files: list[Made], calm: bool) -> bytes:
    name = param.name or ""
    if kind == "path":
        if _chance(draw, 2 if calm else 10):
            return _as_bytes(draw(st.sampled_from(HOSTILE)))
        made = draw(files_for(name, calm))
        files.append(made)
        return made.arg()
    if kind == "choice":
        return _as_bytes(draw(st.sampled_from([*param.type.choices, *param.type.choices, "Nope", "\x1b[2J"])))
    if kind in ("int", "float"):
        return draw(st.sampled_from([b"1", b"2", b"3", b"0", b"-1", b"99", b"9" * 30, b"1.5", b"x", b"", b"1e999"]))
    return _as_bytes(draw(strings(name, calm)))


@st.composite
def invocations(draw, words: tuple[str, ...]) -> Invocation:
    """A command line for `words`: its arguments and options, good, wrong and hostile, and its files.

    Three kinds, about equally often: a good command line of the command (RECIPES) with one value,
    file or option changed; a calm one, made from the parameters, with what the command requires
    and mostly plausible values; and a wild one, with anything anywhere.
    """
    kind = draw(st.sampled_from(["recipe", "calm", "wild"] if " ".join(words) in RECIPES else ["calm", "wild"]))
    if kind == "recipe":
        return draw(_from_recipe(words))
    calm = kind == "calm"
    files: list[Made] = list(ALWAYS)
    positionals: list[bytes] = []
    options: list[list[bytes]] = []
    for param in command(words).params:
        kind = _kind(param)
        if param.param_type_name == "argument":
            count = draw(st.integers(1, 3)) if param.nargs == -1 else 1
            if not (calm and param.required) and not _chance(draw, 95 if param.required else 60):
                continue
            positionals += [draw(_value(param, kind, files, calm)) for _ in range(count)]
            continue
        if not (calm and param.required) and not _chance(draw, 90 if param.required else 35):
            continue
        spellings = [o.encode() for o in param.opts + getattr(param, "secondary_opts", [])]
        for _ in range(draw(st.integers(1, 3)) if param.multiple else 1):
            opt = draw(st.sampled_from(spellings))
            if kind == "flag":
                options.append([opt])
            elif opt.startswith(b"--") and _chance(draw, 15):
                options.append([opt + b"=" + draw(_value(param, kind, files, calm))])
            else:
                options.append([opt, draw(_value(param, kind, files, calm))])
    if not calm and _chance(draw, 8):
        options.append([b"--no-such-option"])
    if not calm and _chance(draw, 6):
        positionals.append(b"extra")
    if not calm and _chance(draw, 3):
        options.append([b"--help"])
    units = [[p] for p in positionals]
    for option in options:  # options anywhere among the arguments, as click allows
        at = draw(st.integers(0, len(units)))
        units[at:at] = [option]
    argv = [arg for unit in units for arg in unit]
    if not calm and _chance(draw, 5) and options and len(options[-1]) == 2:
        argv.append(options[-1][0])  # an option without its value, last
    verbose = _chance(draw, 8)
    prefix = [b"--verbose"] if verbose else []
    return Invocation(words, prefix + [w.encode() for w in words] + argv, files, draw(_environment(calm)), verbose)


@st.composite
def _from_recipe(draw, words: tuple[str, ...]) -> Invocation:
    """A good command line with its files drawn, then one change: a value, an added option, nothing."""
    files: list[Made] = list(ALWAYS)
    made = recipe_files(calm=_chance(draw, 50))
    argv: list[bytes] = []
    for token in RECIPES[" ".join(words)]:
        if token.startswith("{"):
            item = draw(made[token.strip("{}")])
            files.append(item)
            argv.append(item.arg())
        else:
            argv.append(token.encode())
    params = {opt.encode(): param for param in command(words).params for opt in param.opts}
    change = draw(st.sampled_from(["value", "value", "option", "none"]))
    values = [i for i in range(1, len(argv)) if argv[i - 1] in params and argv[i - 1].startswith(b"-")]
    if change == "value" and values:
        at = draw(st.sampled_from(values))
        param = params[argv[at - 1]]
        argv[at] = _as_bytes(draw(st.sampled_from(HOSTILE))) if _chance(draw, 50) else \
            draw(_value(param, _kind(param), files, False))
    elif change == "option":
        param = draw(st.sampled_from([p for p in command(words).params if p.param_type_name == "option"]))
        kind = _kind(param)
        opt = draw(st.sampled_from([o.encode() for o in param.opts]))
        argv += [opt] if kind == "flag" else [opt, draw(_value(param, kind, files, True))]
    return Invocation(words, [w.encode() for w in words] + argv, files, draw(_environment(True)))


@st.composite
def _environment(draw, calm: bool) -> dict[str, str]:
    if calm:
        return {"SOURCE_DATE_EPOCH": "1767787200", "APOSTILLA_USER": "Fuzz Runner"}
    env = {"SOURCE_DATE_EPOCH": "1767787200", "APOSTILLA_USER": "Fuzz Runner"}
    if _chance(draw, 15):  # one setting spoiled now and then: its refusal must be one line too
        name, value = draw(st.sampled_from([
            ("SOURCE_DATE_EPOCH", ""), ("SOURCE_DATE_EPOCH", "junk"), ("SOURCE_DATE_EPOCH", "99999999999999"),
            ("SOURCE_DATE_EPOCH", "4354819200"), ("APOSTILLA_MAX_BYTES", "1000"), ("APOSTILLA_MAX_BYTES", "lots"),
            ("APOSTILLA_MAX_BYTES", "0"), ("APOSTILLA_USER", ""), ("APOSTILLA_USER", "\x1b[2J"),
            ("APOSTILLA_USER", "\u200b"), ("APOSTILLA_USER", "Ana\udcff"), ("APOSTILLA_USER", "\u202eAna")]))
        env[name] = value
    return env


# ----------------------------------------------------------------------------- running and checking


@dataclass
class Result:
    code: int | None            # None: killed at the time limit
    stdout: bytes
    stderr: bytes
    seconds: float
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    twice: set = field(default_factory=set)    # inodes of files the command line names twice


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _environ(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("APOSTILLA_USER", "APOSTILLA_MAX_BYTES", "SOURCE_DATE_EPOCH", "FORCE_COLOR", "NO_COLOR")}
    env.update(extra, TERM="dumb", COLUMNS="100", PYTHONDONTWRITEBYTECODE="1")
    return {k: v for k, v in env.items() if v != ""}


def run_all(runs: list[Invocation], base: Path, seconds: float = SECONDS) -> list[Result]:
    """Run each invocation in a folder of its own under base, all at once; each within `seconds`."""
    started, results = [], []
    for number, inv in enumerate(runs):
        folder = base / f"run{number}"
        folder.mkdir(parents=True)
        for item in [Made("doc.xml", data=assets().doc), *ALWAYS[1:], *inv.files]:
            make(folder, item)
        before = snapshot(folder)
        twice = _named_twice(folder, inv.argv)
        proc = subprocess.Popen([sys.executable, "-m", "apostilla.cli.main", *inv.argv], cwd=folder,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=_environ(inv.env), preexec_fn=_limits, start_new_session=True)
        started.append((folder, proc, time.monotonic(), before, twice))
    outputs: dict[int, tuple] = {}

    def wait(index: int, proc: subprocess.Popen) -> None:
        try:
            out, err = proc.communicate(timeout=seconds)
            outputs[index] = (proc.returncode, out, err)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            outputs[index] = (None, out, err)

    threads = [threading.Thread(target=wait, args=(i, entry[1])) for i, entry in enumerate(started)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for index, (folder, _, start, before, twice) in enumerate(started):
        code, out, err = outputs[index]
        results.append(Result(code, out, err, time.monotonic() - start, before, snapshot(folder), twice))
    return results


def _named_twice(folder: Path, argv: list[bytes]) -> set[int]:
    """Inodes of existing files that two arguments name (`-o doc.xml` for the input doc.xml, a hard
    link, ./sub/../doc.xml): whatever the command, such a file must come out unchanged."""
    seen: dict[int, bytes] = {}
    twice = set()
    for arg in argv:
        path = os.path.join(os.fsencode(folder), arg.split(b"=", 1)[-1])
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            continue
        if stat.S_ISREG(info.st_mode):
            if info.st_ino in seen and seen[info.st_ino] != arg:
                twice.add(info.st_ino)
            seen.setdefault(info.st_ino, arg)
    return twice


def snapshot(folder: Path) -> dict[bytes, tuple]:
    """Every entry under folder (never following links): a file's inode and digest, a link's target."""
    found: dict[bytes, tuple] = {}
    root = os.fsencode(folder)
    for top, dirs, names in os.walk(root):
        for name in dirs + names:
            path = os.path.join(top, name)
            info = os.lstat(path)
            key = os.path.relpath(path, root)
            if stat.S_ISREG(info.st_mode):
                with open(path, "rb") as handle:
                    found[key] = ("file", info.st_ino, hashlib.sha256(handle.read()).hexdigest())
            elif stat.S_ISLNK(info.st_mode):
                found[key] = ("link", os.readlink(path))
            else:
                found[key] = (stat.S_IFMT(info.st_mode),)
    return found


def problems(inv: Invocation, result: Result) -> list[str]:
    """What broke the contract in one run (an empty list when nothing did)."""
    found = []
    err = result.stderr.decode("utf-8", "surrogateescape")
    out = result.stdout.decode("utf-8", "surrogateescape")
    if result.code is None:
        return [f"still running after {SECONDS} s"]
    if result.code not in range(5):
        found.append(f"exit {result.code}")
    if "internal error" in err or ("Traceback" in err and not inv.verbose) or "Traceback" in out:
        found.append("an internal error or a traceback")
    for where, text in (("stderr", err), ("stdout", out)):
        if where == "stdout" and _data_output(inv.argv):
            continue
        raw = RAW.search(text) or re.search("[\udc80-\udcff]", text)
        if raw:
            found.append(f"{where} carries {raw.group()!r} raw at {raw.start()}")
        if re.search("^FORGED", text, re.M):
            found.append(f"{where} has a line made by a newline in a name or an argument")
    if result.code in (2, 3, 4) and not inv.verbose:
        lines = err.splitlines()
        if not any(line.startswith("apostilla: error: ") for line in lines):
            found.append("a refusal without an `apostilla: error:` line")
        stray = [line for line in lines if not line.startswith(("apostilla: ", "  "))]
        if stray:
            found.append(f"a refusal with other lines on stderr: {stray[0][:80]!r}")
    if SECRET in result.stdout + result.stderr and not any(b"secret" in a for a in inv.argv):
        found.append("the content of a file it was not given shows in its output")
    found += _file_problems(inv, result)
    return found


def _data_output(argv: list[bytes]) -> bool:
    """JSON, CSV, batches and diffs are exact (they are data); only a terminal gets them escaped."""
    if b"--dry-run" in argv:
        return True
    for i, arg in enumerate(argv):
        if arg == b"--format" and i + 1 < len(argv) and argv[i + 1] not in TEXT_FORMATS:
            return True
        if arg.startswith(b"--format=") and arg[9:] not in TEXT_FORMATS:
            return True
    return False


def _file_problems(inv: Invocation, result: Result) -> list[str]:
    before, after = result.before, result.after
    changed = sorted(k for k in before if after.get(k) != before[k])
    added = sorted(k for k in after if k not in before)
    named = {os.path.normpath(a) for a in inv.argv} | {os.path.normpath(a.split(b"=", 1)[-1]) for a in inv.argv}
    found = []
    temps = [k for k in after if b"apostilla-tmp" in k]
    if temps:
        found.append(f"left temporary files {temps}")
    if result.code != 0 and changed:
        found.append(f"refused (exit {result.code}) but changed {changed}")
    if b"--dry-run" in inv.argv and (changed or added):
        found.append(f"--dry-run changed {changed} and added {added}")
    unnamed = [k for k in changed if k not in named]
    if unnamed:
        found.append(f"changed files it was not given: {unnamed}")
    overwritten = [k for k in changed if before[k][0] == "file" and before[k][1] in result.twice]
    if overwritten:
        found.append(f"replaced {overwritten}, which it was given twice (as an input and as the output)")
    return found


# ----------------------------------------------------------------------------- counting


class Tally:
    """What the runs did, per command: runs, accepted (exit 0, or 1 from validate), refused (2-4)."""

    def __init__(self) -> None:
        self.examples = 0
        self.runs: Counter = Counter()
        self.codes: dict[str, Counter] = defaultdict(Counter)
        self.slowest: dict[str, float] = defaultdict(float)

    def add(self, inv: Invocation, result: Result) -> None:
        name = " ".join(inv.words)
        self.runs[name] += 1
        self.codes[name]["timeout" if result.code is None else result.code] += 1
        self.slowest[name] = max(self.slowest[name], result.seconds)

    def accepted(self, name: str | None = None) -> int:
        return sum(c[0] + c[1] for n, c in self.codes.items() if name in (None, n))

    def refused(self, name: str | None = None) -> int:
        return sum(c[2] + c[3] + c[4] for n, c in self.codes.items() if name in (None, n))

    def line(self) -> str:
        return (f"{self.examples} examples, {sum(self.runs.values())} runs of {len(self.runs)} commands: "
                f"{self.accepted()} accepted, {self.refused()} refused")

    def table(self) -> str:
        rows = ["| command | runs | accepted | refused | exit codes | slowest |", "| --- | ---: | ---: | ---: | --- | ---: |"]
        for name in sorted(self.runs):
            codes = ", ".join(f"{k}: {v}" for k, v in sorted(self.codes[name].items(), key=str))
            rows.append(f"| `{name}` | {self.runs[name]} | {self.accepted(name)} | {self.refused(name)} | {codes} | "
                        f"{self.slowest[name]:.1f} s |")
        return "\n".join(rows)


def report(inv: Invocation, result: Result, found: list[str]) -> str:
    """A failing run, told so that it can be run again by hand."""
    files = ", ".join(f"{m.name!r} ({m.kind}, {len(m.data)} bytes)" for m in inv.files[len(ALWAYS):])
    return (f"{inv.shown()}\n  env: {inv.env}\n  files: {files}\n  exit {result.code} in {result.seconds:.1f} s\n"
            f"  problems: {found}\n  stderr: {result.stderr[-1500:]!r}\n  stdout: {result.stdout[:500]!r}")
