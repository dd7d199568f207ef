"""The translators' round trip: quotes and terms out to XLIFF 1.2 or 2.1, translations back as glosses."""
