"""Shared fixtures: copies of the example project, builds, the CLI and a live server."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "vannas-slobozhanske"
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: A fixed build time, so that builds of the same content are identical.
BUILD_EPOCH = "1700000000"


def shared_path(*parts: str) -> Path:
    """Return a path under ../shared, skipping the test (with the reason) where it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the official test material lives beside the checkout")
    return path


def copy_example(target: Path) -> Path:
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("_build"))
    return target


def run_cli(*args: str | Path, cwd: Path | None = None, env: dict | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``lodpub ARGS`` in a new process, as a user would."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH, **(env or {})}
    return subprocess.run([sys.executable, "-m", "lodpub.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=environment,
                          timeout=timeout)


def run_main(capsys, *args) -> tuple[int, str, str]:
    """Run ``lodpub ARGS`` in this process; return its exit code, stdout and stderr."""
    from lodpub.cli import main

    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def project_tree(project: Path) -> dict[str, bytes]:
    """Every file of *project* by relative path, to show that a failed command wrote nothing."""
    return {path.relative_to(project).as_posix(): path.read_bytes()
            for path in sorted(project.rglob("*")) if path.is_file()}


@pytest.fixture(scope="session", autouse=True)
def _evaluators_end_with_the_session():
    """Apps made in the test process start SPARQL evaluator processes: end them at the end."""
    yield
    from lodpub.sparql.runner import close_pools

    close_pools()


@pytest.fixture
def project(tmp_path) -> Path:
    """A fresh, unbuilt copy of the example project, free to change."""
    return copy_example(tmp_path / "project")


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Path:
    """A built copy of the example project, shared by the session: do not change it."""
    target = copy_example(tmp_path_factory.mktemp("built") / "example")
    result = run_cli("build", target)
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture(scope="session")
def example_app(built_example):
    """The WSGI application serving the built example, made through the public API."""
    import lodpub

    return lodpub.create_app(built_example)


@pytest.fixture
def client(example_app):
    """A Flask test client of the built example: requests without a server process."""
    return example_app.test_client()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """``lodpub serve`` in a subprocess, on a free port of 127.0.0.1.

    Like a site in production, the project's ``base`` is the address that serves it,
    unless the project sets one or *own_base* is false.
    """

    def __init__(self, project: Path, *extra: str, own_base: bool = True):
        from lodpub.config import load_config

        self.project = project
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        if own_base and not load_config(project).base_is_set:
            settings = project / "lodpub.toml"
            settings.write_text(f'base = "{self.url}/"\n' + settings.read_text("utf-8"), "utf-8")
        #: where the project's IRIs are minted
        self.base = load_config(project).base
        environment = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lodpub.cli", "serve", str(project), "--host", "127.0.0.1",
             "--port", str(self.port), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment)
        # Read the log as it comes, so that a full pipe never blocks the server.
        self._lines: list[str] = []
        self._reader = threading.Thread(target=self._read_log, daemon=True)
        self._reader.start()
        self._wait()

    def _read_log(self) -> None:
        with self.process.stdout:
            for line in self.process.stdout:
                self._lines.append(line)

    @property
    def log(self) -> str:
        """What the server has logged so far."""
        return "".join(self._lines)

    def _wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._reader.join(timeout=5)
                raise RuntimeError(f"lodpub serve exited: {self.log}")
            try:
                with urllib.request.urlopen(self.url + "/robots.txt", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("lodpub serve did not answer within a minute")

    def stop(self) -> str:
        """Stop the server with SIGTERM; return what it logged."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)
        return self.log


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The example project served by ``lodpub serve`` for the whole session (read-only use)."""
    target = copy_example(tmp_path_factory.mktemp("served") / "example")
    server = LiveServer(target)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless chromium (skips, saying why, where it is not installed)."""
    from browsing import start_browser

    driver = start_browser(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()
