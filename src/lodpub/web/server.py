"""Running the app under gunicorn: threaded workers, warmed before their first request.

Each worker process answers requests on ``server.threads`` threads (gunicorn's
gthread worker). A connection holds no thread until its first bytes arrive, and one
that sends its request slowly holds only its own thread, so slow or idle clients
cannot occupy the workers: with sync workers, two clients trickling header lines
blocked everyone else. SPARQL queries run in evaluator processes of their own
(``lodpub.sparql.runner``), so threads wait on them without holding the CPU.

gunicorn handles the signals: SIGTERM and SIGINT shut down cleanly, SIGHUP reloads
the workers (and with them the current build). Deciding what to serve, and
building it first when needed, is ``lodpub.serving``'s.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..config import Config


def gunicorn_options(host: str, port: int, workers: int, threads: int = 64,
                     query_timeout: float = 5.0) -> dict:
    """Return gunicorn's settings: threaded workers, one access-log line per request.

    A worker may take as long as the SPARQL time limit and a margin before gunicorn
    kills it; request lines may be as long as gunicorn allows, for SPARQL over GET.
    A worker holds up to ``worker_connections`` connections, idle ones waiting in its
    event loop without a thread.
    """
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return {
        "bind": [bind],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "worker_connections": max(1000, threads * 4),
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        "access_log_format": '%(h)s "%(r)s" %(s)s %(B)s %(M)sms',
        "timeout": max(60, int(query_timeout) + 30),
        "graceful_timeout": 10,
        "limit_request_line": 8190,  # gunicorn's maximum; longer queries go by POST
        "proc_name": "lodpub",
        "post_worker_init": _warm,
        # gunicorn 25.1+: no control socket, so that several servers can run side by side
        "control_socket_disable": True,
    }


def _warm(worker) -> None:
    """Fill a new worker's caches before its first request."""
    from ..sparql.runner import pool_for
    from .resources.home import home_data
    from .site.current import current_site
    from .resources.state import state

    started = time.perf_counter()
    try:
        with worker.wsgi.app_context():
            current = state()
            current.warm()
            home_data(current)
            pool_for(current_site().build.store_path).warm()  # the first query waits for none
            worker.log.info("worker ready: %d resources indexed in %.0f ms", len(current.index.documents),
                            (time.perf_counter() - started) * 1000)
    except Exception:
        worker.log.exception("warming the worker failed; it will try again on the first request")


def run(project_dir: Path, config: Config, host: str, port: int, workers: int,
        writer=None, show_build_failures: bool = False) -> None:
    """Serve *project_dir* under gunicorn until SIGTERM or SIGINT (then shut down cleanly);
    with the write API when a *writer* is given; *show_build_failures* as in ``create_app``."""
    from gunicorn.app.base import BaseApplication

    from .app import create_app

    class Server(BaseApplication):
        def load_config(self):
            for key, value in gunicorn_options(host, port, workers, config["server.threads"],
                                                      config["sparql.timeout"]).items():
                if key in self.cfg.settings:  # older gunicorn lacks some settings
                    self.cfg.set(key, value)

        def load(self):
            return create_app(project_dir, config=config, writer=writer,
                              show_build_failures=show_build_failures)

    Server().run()
