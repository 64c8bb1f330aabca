"""``lodpub serve``: build if needed, then publish a project over HTTP (or answer one request)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from .config import DEFAULT_PORT

EPILOG = """examples:
  lodpub serve                         the bundled example at http://localhost:8000/
  lodpub serve my-site --port 8080     a project of your own
  lodpub serve my-site --watch         build again on every save of the content
  lodpub serve my-site --host 0.0.0.0  reachable from other machines (set base in lodpub.toml)
  lodpub serve my-site --get /doc/municipality/se-2460 --accept text/turtle

IRIs are minted under 'base' in lodpub.toml (unset: http://localhost:8000/), never under
the address at hand: on any host and port, HTML links stay on that address while RDF keeps
the IRIs. The server follows every later 'lodpub build' within a second; with --watch it
also builds on every save. Send SIGTERM or press Ctrl-C to stop.
"""


def add_serve_command(commands) -> None:
    """Add ``serve`` to the subcommands of the ``lodpub`` parser."""
    serve = commands.add_parser(
        "serve", help="build if needed, then publish over HTTP",
        description="Publish a project as Linked Data: resource pages, formats, SPARQL, feeds.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    serve.add_argument("project", nargs="?", type=Path, default=None,
                       help="project folder (default: the bundled example)")
    serve.add_argument("--host", default="localhost",
                       help="address to listen on (default: localhost)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT,
                       help=f"port to listen on (default: {DEFAULT_PORT})")
    serve.add_argument("--workers", type=int, default=None,
                       help="worker processes (default: setting server.workers)")
    serve.add_argument("--watch", action="store_true",
                       help="build again whenever the content, registry or lodpub.toml changes")
    serve.add_argument("--get", metavar="PATH",
                       help="answer one request for PATH in-process, print it and exit")
    serve.add_argument("--accept", metavar="TYPE",
                       help="with --get: the Accept header to send, e.g. text/turtle")
    serve.set_defaults(run=run)


def run(args) -> int:
    from .serving import example_copy, prepare, record_failure

    if args.accept is not None and args.get is None:
        print("error: --accept goes with --get PATH", file=sys.stderr)
        return 2
    if args.watch and args.get is not None:
        print("error: --watch serves; it does not go with --get", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print(f"error: --workers must be 1 or more, not {args.workers}", file=sys.stderr)
        return 2
    if not 0 < args.port < 65536:
        print(f"error: --port must be between 1 and 65535, not {args.port}", file=sys.stderr)
        return 2
    project = args.project if args.project is not None else example_copy()
    _settle_writes(project)
    prepared = prepare(project, _log)
    if args.get is not None:
        return _get(project, prepared.config, args.get, args.accept)
    from .web.server import run as serve

    workers = args.workers or prepared.config["server.workers"]
    _log(f"serving {project} (IRIs under {prepared.config.base}) at {_address(args.host, args.port)} "
         f"with {workers} worker(s)")
    watcher = None
    if args.watch:
        record_failure(prepared.config, prepared.problems)
        watcher = _start_watching(project)
    from .writes import Writer

    try:
        serve(project, prepared.config, args.host, args.port, workers,
              writer=Writer(project, prepared.config), show_build_failures=args.watch)
    finally:
        if watcher is not None:
            watcher.terminate()
            try:
                watcher.wait(timeout=10)
            except subprocess.TimeoutExpired:
                watcher.kill()
                watcher.wait()
    return 0


def _settle_writes(project: Path) -> None:
    """Settle what a write API request killed midway left, before anything is built."""
    from .config import load_config
    from .writes import Writer

    settled = Writer(project, load_config(project)).recover()
    if settled:
        _log(f"a write was interrupted; its change was {settled}")


def _address(host: str, port: int) -> str:
    """The address to open in a browser: ``http://localhost:8000/`` for a wildcard host."""
    name = "localhost" if host in ("0.0.0.0", "::", "") else host
    return f"http://[{name}]:{port}/" if ":" in name else f"http://{name}:{port}/"


def _start_watching(project: Path) -> subprocess.Popen:
    """Start the process that builds on every change (not a thread of the server's master,
    which forks the workers)."""
    return subprocess.Popen([sys.executable, "-c",
                             "import sys; from lodpub.serving import watch_main; "
                             "sys.exit(watch_main(sys.argv[1:]))",
                             str(project)])


def _get(project: Path, config, path: str, accept: str | None) -> int:
    from .web.app import create_app

    if not path.startswith("/"):
        print(f"error: --get takes a path starting with '/', not {path!r}", file=sys.stderr)
        return 2
    client = create_app(project, config=config).test_client()
    response = client.get(path, headers={"Accept": accept} if accept else {})
    out = sys.stdout
    out.write(f"HTTP/1.1 {response.status}\n")
    for name, value in response.headers.items():
        out.write(f"{name}: {value}\n")
    out.write("\n")
    out.flush()
    textual = response.mimetype.startswith("text/") or "json" in response.mimetype \
        or response.mimetype.endswith(("+xml", "/xml", "n-triples"))
    if textual and "Content-Encoding" not in response.headers:
        out.write(response.get_data(as_text=True))
    else:
        sys.stdout.buffer.write(response.get_data())
    out.flush()
    return 0 if response.status_code < 400 else 1


def _log(message: str) -> None:
    print(f"[lodpub] {message}", file=sys.stderr, flush=True)
