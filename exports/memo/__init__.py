"""The memo model, built once from the TEI in the memo's language; every writer renders it."""
