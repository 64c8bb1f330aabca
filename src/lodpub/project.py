"""``lodpub.Project``: one project folder, and everything lodpub does with it.

The CLI and the web application use this and the stages' own interfaces; a notebook,
a CMS integration or a test can do the same::

    >>> import lodpub, shutil, tempfile
    >>> site = lodpub.Project.init(tempfile.mkdtemp() + "/site")
    >>> site.validate().conforms
    True
    >>> site.build().release.manifest["base"]
    'http://localhost:8000/'
    >>> site.query("ASK { ?s a <http://schema.org/NewsArticle> }").boolean
    True
    >>> [str(row["name"]) for row in site.query(
    ...     "SELECT ?name WHERE { <http://localhost:8000/id/municipality/se-2460> "
    ...     "<http://schema.org/name> ?name } ORDER BY ?name").rows]
    ['Vännäs Municipality', 'Vännäs kommun']
    >>> graph = site.describe("http://localhost:8000/id/municipality/se-2460")
    >>> len(graph) > 10
    True
    >>> shutil.rmtree(site.path)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .config import Config, load_config


class Project:
    """A lodpub project: ``lodpub.toml``, ``content/`` and ``registry/`` in one folder.

    *base* overrides the ``base`` setting for this object (as ``lodpub build --base``).
    Every method reads the folder afresh; nothing is cached between calls.
    """

    def __init__(self, path: Path | str = ".", *, base: str | None = None):
        self.path = Path(path)
        self._base = base

    def __repr__(self) -> str:
        return f"Project({str(self.path)!r})"

    @classmethod
    def init(cls, path: Path | str, *, base: str | None = None) -> "Project":
        """Create a new project in *path* (new or empty) from the bundled example, its
        ``base`` set to *base* (the site's public address; default: the local default)."""
        from .scaffold import init_project

        return cls(init_project(path, base))

    @property
    def config(self) -> Config:
        """The project's settings (``lodpub.toml``), with the base given to this object."""
        config = load_config(self.path)
        return config.with_base(self._base) if self._base else config

    def read(self):
        """Read the content files into records; raise SourceErrors listing every problem."""
        from .sources.content import read_content

        return read_content(self.path, self.config)

    def validate(self, *, catalog: bool = True):
        """Check the content against the shapes (and the catalog it would publish); return
        the Report. Nothing is built or written."""
        from .mapping import map_content
        from .validation import validate_documents

        content = self.read()
        report = validate_documents(map_content(content), content.config["build.batch_size"])
        if catalog:
            from .publish.project_catalog import project_catalog
            from .validation.catalog import add_catalog_findings

            add_catalog_findings(report, project_catalog(self.path))
        return report

    def build(self, *, progress: Callable[[str, int, int], None] | None = None, full: bool = False):
        """Build and publish the project as its current release; return the BuildResult.

        Only what changed since the last build is derived again; with *full*, everything.
        Raises SourceErrors or ValidationFailed, leaving the last good release current.
        """
        from .build import build

        return build(self.path, config=self.config, progress=progress, full=full)

    @property
    def release(self):
        """The current release (a build on disk); raises BuildNotFound before the first build."""
        from .release import current_release

        return current_release(self.path, self.config)

    def query(self, sparql: str, *, solutions_format: str = "json", graph_format: str = "nt"):
        """Run *sparql* on the current release with the endpoint's checks and limits; return
        a QueryResult (``.rows``, ``.boolean``, ``.graph``, ``.body``)."""
        from .sparql.query import run_query

        return run_query(self.release, self.config, sparql,
                         solutions_format=solutions_format, graph_format=graph_format)

    def describe(self, iri: str):
        """Return the description the server publishes for *iri* as an rdflib Graph.

        Raises NotFound when *iri* is not one of the project's things.
        """
        from rdflib import Graph

        from .errors import NotFound
        from .formats import RdfFormat

        base = self.release.base
        if not iri.startswith(base + "id/"):
            raise NotFound(f"{iri} is not under {base}id/: not one of this project's things")
        client = self.app().test_client()
        response = client.get("/" + iri[len(base):], follow_redirects=True,
                              headers={"Accept": RdfFormat.NTRIPLES.media_type})
        if response.status_code != 200:
            raise NotFound(f"{iri}: {response.get_data(as_text=True).strip()}")
        return Graph().parse(data=response.get_data(), format=RdfFormat.NTRIPLES.rdflib_name)

    def app(self):
        """The Flask application that serves the current release (see lodpub.create_app)."""
        return create_app(self)


def create_app(project: "Project | Path | str"):
    """Create the WSGI (Flask) application that serves *project*'s current release.

    Use it with any WSGI server; ``lodpub serve`` runs it under gunicorn. It serves the
    write API under ``/api/`` too (docs/api.md), which answers only configured tokens.
    """
    from .web.app import create_app as create_flask_app
    from .writes import Writer

    project = project if isinstance(project, Project) else Project(project)
    config = project.config
    return create_flask_app(project.path, config=config, writer=Writer(project.path, config))
