"""lodpub: publish articles and partnership registries as validated Linked Open Data.

The public API, imported lazily so that ``lodpub --help`` starts fast:

- ``Project(path)``: ``.validate()``, ``.build()``, ``.query(sparql)``, ``.describe(iri)``,
  ``.release``, ``.app()``; ``Project.init(path)`` makes a new one;
- ``create_app(project)``: the WSGI application for your own server;
- the errors a caller may catch, all ``LodpubError``: ``SourceErrors`` (bad content),
  ``ValidationFailed`` (the shapes fail), ``BadQuery``, ``BuildNotFound``, ``NotFound``.
"""

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "Project",
    "create_app",
    "LodpubError",
    "SourceErrors",
    "ValidationFailed",
    "BadQuery",
    "BuildNotFound",
    "NotFound",
]

_LAZY = {
    "Project": "lodpub.project",
    "create_app": "lodpub.project",
    "LodpubError": "lodpub.errors",
    "SourceErrors": "lodpub.errors",
    "ValidationFailed": "lodpub.errors",
    "BadQuery": "lodpub.errors",
    "BuildNotFound": "lodpub.errors",
    "NotFound": "lodpub.errors",
}


def __getattr__(name):
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'lodpub' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)


def __dir__():
    return sorted(__all__)
