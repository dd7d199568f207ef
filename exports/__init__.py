"""What apostilla makes from a TEI document: memos (one model, a writer per format) and XLIFF files."""
