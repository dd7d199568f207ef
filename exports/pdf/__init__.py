"""The PDF memo writer: a tagged, accessible PDF (PDF/UA-1) set by apostilla's own typesetter."""
from .writer import write

__all__ = ["write"]
