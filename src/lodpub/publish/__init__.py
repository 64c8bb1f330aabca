"""What a build derives from the store: dumps, catalog and VoID, the change log."""
