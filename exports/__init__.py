"""Memos (DOCX, HTML) and XLIFF built from an annotated TEI document."""
