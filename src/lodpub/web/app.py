"""The application factory: ``create_app(project_dir)`` serves that project's current build."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from ..config import Config, load_config
from .site.current import Site, follow_current


def create_app(project_dir: Path | str, *, config: Config | None = None, writer=None,
               show_build_failures: bool = False) -> Flask:
    """Create the Flask app for *project_dir*; it needs a current build (``lodpub build``).

    With a *writer* (``lodpub.writes.Writer``), the write API is served under ``/api/``.
    With *show_build_failures* (``lodpub serve --watch``), a browser is shown why the content
    cannot be built in place of the pages, while the last good build stays served.
    """
    project_dir = Path(project_dir)
    config = config or load_config(project_dir)
    app = Flask(__name__)
    app.extensions["lodpub"] = Site.open(project_dir, config)
    app.before_request(follow_current)  # first: every later hook sees the newest build
    if show_build_failures:
        from .site.build_failure import show_build_failures as show

        show(app)

    from . import harvest, resources, site, sparql

    if writer is not None:
        from .api import blueprint as api_blueprint
        from .api.access import Tokens
        from .api.routes import EXTENSION, Api

        app.extensions[EXTENSION] = Api(writer, Tokens(project_dir, config))
        app.register_blueprint(api_blueprint)
    app.register_blueprint(resources.blueprint)
    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(harvest.blueprint)
    app.register_blueprint(site.blueprint)  # errors and hygiene, for every route
    return app
