"""Flask: the application factory and the blueprints that serve a build."""

from .app import create_app

__all__ = ["create_app"]
