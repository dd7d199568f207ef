"""apostilla.schemas."""
