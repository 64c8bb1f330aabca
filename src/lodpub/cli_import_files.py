"""CLI of the files importers."""


def add_commands(kinds) -> None:
    """Add this module's source kinds to ``lodpub import``."""
