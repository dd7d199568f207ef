"""The memo as a Word document (DOCX): `write(memo, options) -> bytes`."""
from .writer import write

__all__ = ["write"]
