"""apostilla's command line: thin typer wrappers over the library."""
