"""The memo as one self-contained HTML page: `write(memo, options) -> bytes`."""
from .writer import write

__all__ = ["write"]
