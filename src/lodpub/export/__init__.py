"""Exports of a build for other servers: ``static_site`` writes it as files, ``nginx``
the web-server configuration that serves them as ``lodpub serve`` does."""
