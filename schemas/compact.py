"""RELAX NG compact syntax to XML syntax, with rnc2rng; also regenerates the shipped profile.rng."""
from __future__ import annotations

# Run `python -m apostilla.schemas.compact` after editing profile.rnc (rnc2rng comes with the
# test extras); tests/schemas checks that profile.rng matches profile.rnc.
import sys
from pathlib import Path

from ..common.errors import BadInput, UsageError

HERE = Path(__file__).resolve().parent
GENERATED_NOTE = ("<!-- Generated from profile.rnc by `python -m apostilla.schemas.compact`; "
                  "edit profile.rnc, not this file. -->\n")


def rnc_to_rng(text: str, name: str = "schema.rnc") -> bytes:
    """The XML syntax of a compact-syntax schema; raises UsageError if rnc2rng is missing."""
    try:
        import rnc2rng
        from rnc2rng.parser import ParseError
    except ImportError:
        raise UsageError("reading a .rnc schema needs the rnc2rng package "
                         "(pip install rnc2rng), or give the .rng form", file=name) from None
    try:
        return rnc2rng.dumps(rnc2rng.loads(text)).encode("utf-8")
    except ParseError as exc:
        raise BadInput(f"not valid RELAX NG compact syntax: {exc}", file=name) from None
    except Exception:  # noqa: BLE001 - rnc2rng fails on some malformed input with any error at all
        raise BadInput("not valid RELAX NG compact syntax", file=name) from None


def profile_rng() -> bytes:
    """profile.rng as it must be shipped: profile.rnc converted, with a note on top."""
    rng = rnc_to_rng((HERE / "profile.rnc").read_text(encoding="utf-8"), "profile.rnc")
    head, _, rest = rng.partition(b"\n")
    return head + b"\n" + GENERATED_NOTE.encode() + rest


if __name__ == "__main__":
    (HERE / "profile.rng").write_bytes(profile_rng())
    sys.stdout.write(f"wrote {HERE / 'profile.rng'}\n")
