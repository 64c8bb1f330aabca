"""lodpub: publish articles and partnership registries as validated Linked Open Data.

The public API is imported lazily so that ``lodpub --help`` starts fast.
"""

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "LodpubError",
    "load_project",
    "map_project",
    "validate_project",
    "build",
    "init_project",
    "current_release",
]

_LAZY = {
    "LodpubError": "lodpub.errors",
    "load_project": "lodpub.sources.project",
    "map_project": "lodpub.mapping",
    "validate_project": "lodpub.validation",
    "build": "lodpub.build",
    "init_project": "lodpub.scaffold",
    "current_release": "lodpub.release",
}


def __getattr__(name):
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'lodpub' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
