"""A running server follows the builds; builds take turns; a release in use is never pruned."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import BUILD_EPOCH, LiveServer, run_cli
from test_serve import ARTICLE_FILE
from test_web_resources import ARTICLE

HEADLINE = "Signerat partnerskap mellan Vännäs och Slobozhanske"


def set_headline(project: Path, headline: str) -> None:
    path = project / ARTICLE_FILE
    text = path.read_text(encoding="utf-8")
    start = text.index("headline: ") + len("headline: ")
    end = text.index("\n", start)
    path.write_text(text[:start] + headline + text[end:], encoding="utf-8")


def page(server: LiveServer, path: str) -> str:
    with urllib.request.urlopen(server.url + path, timeout=30) as response:
        return response.read().decode()


def wait_for(server: LiveServer, path: str, wanted: str, timeout: float) -> float:
    """Seconds until *path* says *wanted*; fails after *timeout*."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if wanted in page(server, path):
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"{path} did not say {wanted!r} within {timeout} s:\n{server.log}")


class Hammer:
    """Requests *paths* from *server* over and over in a thread; collects every failure."""

    def __init__(self, server: LiveServer, paths: list[str]):
        self.server, self.paths = server, paths
        self.failures: list[str] = []
        self.count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            for path in self.paths:
                try:
                    with urllib.request.urlopen(self.server.url + path, timeout=30) as response:
                        response.read()
                        if response.status != 200:
                            self.failures.append(f"{path}: {response.status}")
                except urllib.error.HTTPError as error:
                    self.failures.append(f"{path}: {error.code} {error.read()[:200]!r}")
                except OSError as error:
                    self.failures.append(f"{path}: {error!r}")
                self.count += 1

    def stop(self) -> list[str]:
        self._stop.set()
        self._thread.join(timeout=60)
        return self.failures


def build_at(project: Path, epoch: int) -> subprocess.CompletedProcess:
    return run_cli("build", project, env={"SOURCE_DATE_EPOCH": str(epoch)})


def release_name(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def releases(project: Path) -> list[str]:
    return sorted(path.name for path in (project / "_build" / "releases").iterdir()
                  if not path.name.startswith("."))


QUERY = "/sparql?" + urllib.parse.urlencode(
    {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "format": "json"})


def test_the_server_follows_builds_and_keeps_the_releases_it_uses(project):
    (project / "lodpub.toml").write_text(
        (project / "lodpub.toml").read_text(encoding="utf-8") + "\n[build]\nkeep = 0\n",
        encoding="utf-8")
    server = LiveServer(project, "--workers", "2")
    hammer = Hammer(server, [ARTICLE + ".html", "/download/dataset.nt.gz", "/catalog", QUERY])
    try:
        followed = []
        for step in range(1, 4):
            set_headline(project, f"Rubrik nummer {step}")
            result = build_at(project, int(BUILD_EPOCH) + step)
            assert result.returncode == 0, result.stderr
            followed.append(wait_for(server, ARTICLE + ".html", f"Rubrik nummer {step}", 2))
            time.sleep(0.5)
        failures = hammer.stop()
        assert failures == [], failures[:5]
        assert hammer.count > 20
        print("seconds until the server followed each build:", followed)
        # Both workers moved on, so the next build prunes the releases no one uses any more.
        assert build_at(project, int(BUILD_EPOCH) + 10).returncode == 0
        left = releases(project)
        assert [release_name(int(BUILD_EPOCH) + step) in left for step in (0, 1, 3)] \
            == [False, False, True], left  # the workers still use step 3's (2's went, or goes next)
    finally:
        hammer.stop()
        log = server.stop()
    assert "Traceback" not in log


def test_watch_builds_on_every_save_and_keeps_the_last_good_build(project):
    server = LiveServer(project, "--watch", "--workers", "1")
    try:
        assert HEADLINE in page(server, ARTICLE + ".html")
        time.sleep(0.5)  # the watcher has started
        set_headline(project, "En ny rubrik från redaktionen")
        waited = wait_for(server, ARTICLE + ".html", "En ny rubrik från redaktionen", 20)
        print(f"seconds from a save until the server answered the new headline: {waited:.2f}")
        path = project / ARTICLE_FILE
        path.write_text(path.read_text(encoding="utf-8").replace("headline: ", "headline: [", 1),
                        encoding="utf-8")
        deadline = time.monotonic() + 20
        while "the content is invalid, so the last good build stays served" not in server.log:
            assert time.monotonic() < deadline, server.log
            time.sleep(0.1)
        shown = _get(server, ARTICLE + ".html")
        assert shown.status == 500 and shown.headers["Cache-Control"] == "no-store"
        assert "The content cannot be built" in shown.text and ARTICLE_FILE in shown.text
        assert ":3: invalid YAML" in shown.text  # the file, the line and what is wrong
        turtle = _get(server, ARTICLE, accept="text/turtle")
        assert turtle.status == 200 and "En ny rubrik från redaktionen" in turtle.text
        path.write_text(path.read_text(encoding="utf-8").replace("headline: [", "headline: ", 1),
                        encoding="utf-8")
        deadline = time.monotonic() + 20
        while _get(server, ARTICLE + ".html").status != 200:  # the page is back once fixed
            assert time.monotonic() < deadline, server.log
            time.sleep(0.1)
    finally:
        log = server.stop()
    assert ARTICLE_FILE in log.split("the last good build stays served", 1)[1]
    assert server.process.returncode == 0
    watchers = [cmdline for cmdline in Path("/proc").glob("[0-9]*/cmdline")
                if b"watch_main" in _read(cmdline) and str(project).encode() in _read(cmdline)]
    assert watchers == []


def _get(server: LiveServer, path: str, accept: str = "text/html"):
    """GET *path*, also when it answers an error: (status, headers, text)."""
    request = urllib.request.Request(server.url + path, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return Answer(answer.status, answer.headers, answer.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read().decode("utf-8"))


class Answer(NamedTuple):
    status: int
    headers: object
    text: str


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def test_two_builds_at_once_take_turns_and_log_each_change_once(project):
    assert run_cli("build", project).returncode == 0
    set_headline(project, "Två byggen samtidigt")
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(int(BUILD_EPOCH) + 60)}
    builds = [subprocess.Popen([sys.executable, "-m", "lodpub.cli", "build", str(project)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=environment) for _ in range(2)]
    outputs = [process.communicate(timeout=300) for process in builds]
    assert [process.returncode for process in builds] == [0, 0], outputs
    assert any("another build of" in err and "waiting for it to finish" in err for _, err in outputs)
    from lodpub.publish.changelog import CATALOG, DATA, UPDATE, ChangeLog, log_path
    from lodpub.release import current_release

    base = current_release(project).base
    changelog = ChangeLog(log_path(project / "_build", base))
    events = [event for stream in (DATA, CATALOG)
              for page_ in changelog.pages(stream)
              for event in changelog.page_events(stream, page_.number)]
    keys = [(event.stream, event.kind, event.resource, event.time) for event in events]
    assert len(keys) == len(set(keys))
    article = base + "id/article/2023-06-22-signerat-partnerskap-vannas-slobozhanske"
    updates = [event for event in events if event.resource == article and event.kind == UPDATE]
    assert len(updates) == 1


def test_a_build_removes_the_switch_links_killed_builds_left(project):
    assert run_cli("build", project).returncode == 0
    stray = project / "_build" / ".current-999999999"
    stray.symlink_to("releases/nothing")
    assert run_cli("build", project).returncode == 0
    assert not stray.is_symlink()


def test_prune_skips_a_claimed_release(tmp_path):
    from lodpub.release import claim, prune

    build_dir = tmp_path / "_build"
    for name in ("a", "b", "c"):
        (build_dir / "releases" / name).mkdir(parents=True)
        (build_dir / "releases" / name / "manifest.json").write_text("{}")
    held = claim(build_dir / "releases" / "a")
    assert held is not None
    prune(build_dir, build_dir / "releases" / "c", 0)
    assert releases(tmp_path) == ["a", "c"]
    held.close()
    prune(build_dir, build_dir / "releases" / "c", 0)
    assert releases(tmp_path) == ["c"]
    assert claim(build_dir / "releases" / "b") is None


def test_an_app_follows_builds_and_lets_the_old_release_go(project):
    import lodpub

    (project / "lodpub.toml").write_text(
        (project / "lodpub.toml").read_text(encoding="utf-8") + "\n[build]\nkeep = 0\n",
        encoding="utf-8")
    assert build_at(project, int(BUILD_EPOCH)).returncode == 0
    client = lodpub.create_app(project).test_client()
    assert HEADLINE in client.get(ARTICLE + ".html").get_data(as_text=True)
    set_headline(project, "Rubrik efter bygget")
    assert build_at(project, int(BUILD_EPOCH) + 1).returncode == 0
    assert release_name(int(BUILD_EPOCH)) in releases(project)  # the app still uses it
    assert "Rubrik efter bygget" in client.get(ARTICLE + ".html").get_data(as_text=True)
    assert build_at(project, int(BUILD_EPOCH) + 2).returncode == 0
    assert release_name(int(BUILD_EPOCH)) not in releases(project)  # the app moved on


def test_sighup_still_starts_fresh_workers(project):
    import signal

    server = LiveServer(project, "--workers", "1")
    try:
        server.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 30
        while server.log.count("Booting worker") < 2:
            assert time.monotonic() < deadline, server.log
            time.sleep(0.1)
        assert HEADLINE in page(server, ARTICLE + ".html")
    finally:
        log = server.stop()
    assert server.process.returncode == 0 and "Traceback" not in log
