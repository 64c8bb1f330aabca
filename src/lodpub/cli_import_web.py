"""CLI of the web importers."""


def add_commands(kinds) -> None:
    """Add this module's source kinds to ``lodpub import``."""
