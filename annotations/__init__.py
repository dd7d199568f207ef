"""The TEI document model and the annotation engine."""
