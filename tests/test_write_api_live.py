"""The write API against ``lodpub serve``: a write is live when answered and in the event
stream and the Atom feed; two writers take turns; a writing server killed at any point
leaves the old or the new state; a property-based fuzzer finds nothing the OpenAPI
document does not describe."""

from __future__ import annotations

import os
import signal
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import requests

from conftest import LiveServer, copy_example, run_cli
from ldes_client import AS, replicate

pytestmark = pytest.mark.slow

BASE = "http://lodpub.test/"
EVENTS = "registry/events.yaml"
CONFERENCE = "2023-06-19-stockholm-partnership-conference"
ATOM = "{http://www.w3.org/2005/Atom}"


def article(headline: str) -> dict:
    return {"headline": headline, "datePublished": "2024-05-02", "inLanguage": "sv",
            "publisher": "se-2460", "description": {"sv": "Kort om " + headline},
            "body": f"{headline}: mer om det här."}


def served_project(tmp_path: Path) -> tuple[Path, str]:
    """A copy of the example with its base set (IRIs never depend on the test's port) and a token."""
    project = copy_example(tmp_path / "site")
    settings = project / "lodpub.toml"
    settings.write_text(f'base = "{BASE}"\n' + settings.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("token", "new", "cms", project)
    assert result.returncode == 0, result.stderr
    return project, result.stdout.strip()


def served(server: LiveServer, iri: str) -> str:
    """Where the test's server serves *iri*."""
    assert iri.startswith(BASE)
    return server.url + "/" + iri[len(BASE):]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project, token = served_project(tmp_path_factory.mktemp("live"))
    live = LiveServer(project, "--workers", "2")
    live.headers = {"Authorization": f"Bearer {token}"}
    yield live
    live.stop()


def events_about(replica, iri: str) -> list:
    """The kinds of the stream's events about *iri*, in the order the stream numbers them."""
    members = [member for member in replica.members if str(member.object) == iri]
    return [member.kind for member in sorted(members, key=lambda member: int(
        str(member.iri).rsplit("/", 1)[-1]))]


def test_a_write_is_live_and_in_the_event_stream_and_the_atom_feed(server):
    response = requests.post(server.url + "/api/articles", json=article("Vänortsbesök i juni"),
                             headers=server.headers, timeout=120)
    assert response.status_code == 201, response.text
    iri = response.json()["iri"]
    assert iri == BASE + "id/article/" + response.json()["id"]
    page = requests.get(served(server, iri), headers={"Accept": "text/turtle"}, timeout=30)  # at once
    assert page.status_code == 200 and "Vänortsbesök i juni" in page.text
    feed = ET.fromstring(requests.get(server.url + "/feed.atom", timeout=30).content)
    assert "Vänortsbesök i juni" in [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert events_about(replicate(server, server.url + "/ldes"), iri) == [AS.Create]

    removed = requests.delete(server.url + "/api/articles/" + response.json()["id"],
                              headers=server.headers, timeout=120)
    assert removed.status_code == 204
    assert requests.get(served(server, iri), timeout=30).status_code in (404, 410)
    assert events_about(replicate(server, server.url + "/ldes"), iri) == [AS.Create, AS.Delete]


def test_two_writers_take_turns_and_a_lost_update_is_412(server):
    answers: dict[str, requests.Response] = {}

    def post(headline: str) -> None:
        answers[headline] = requests.post(server.url + "/api/articles", json=article(headline),
                                          headers=server.headers, timeout=120)

    writers = [threading.Thread(target=post, args=(headline,))
               for headline in ("Första samtidiga nyheten", "Andra samtidiga nyheten")]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    assert sorted(response.status_code for response in answers.values()) == [201, 201]
    for headline, response in answers.items():
        assert headline in requests.get(served(server, response.json()["iri"]), timeout=30,
                                        headers={"Accept": "text/turtle"}).text

    url = server.url + f"/api/events/{CONFERENCE}"
    current = requests.get(url, headers=server.headers, timeout=30)
    etag, event = current.headers["ETag"], current.json()
    outcomes: list[int] = []

    def rename(name: str) -> None:
        outcomes.append(requests.put(url, json={**event, "name": {"sv": name}}, timeout=120,
                                     headers={**server.headers, "If-Match": etag}).status_code)

    racers = [threading.Thread(target=rename, args=(name,)) for name in ("Konferensen", "Mötet")]
    for thread in racers:
        thread.start()
    for thread in racers:
        thread.join()
    assert sorted(outcomes) == [200, 412]


# --- kill -9 --------------------------------------------------------------------------------------

def worker_pids(server: LiveServer) -> list[int]:
    """The server's gunicorn workers: the children of its process (the master) but the watcher."""
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    return [int(pid) for pid in children.read_text().split()]


def wait_until_serving(server: LiveServer, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(server.url + "/robots.txt", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise AssertionError(f"the server did not come back:\n{server.log}")


def assert_whole(project: Path, server: LiveServer, old: bytes, name: str) -> bool:
    """The file holds the old or the new text, and after the next write and a build the site
    agrees with it; return whether the new state stayed."""
    def state() -> bool | None:
        text = (project / EVENTS).read_bytes()
        return False if text == old else (True if name in text.decode("utf-8") else None)

    assert state() is not None, (project / EVENTS).read_text(encoding="utf-8")
    # The next write settles what the killed one left (its 404 comes after that step).
    assert requests.delete(server.url + "/api/events/nothing-here", headers=server.headers,
                           timeout=120).status_code == 404
    assert not (project / "_build" / ".write-journal.json").exists()
    kept = state()
    assert kept is not None
    served = requests.get(server.url + f"/doc/event/{CONFERENCE}", headers={"Accept": "text/turtle"},
                          timeout=30).text
    assert (name in served) == kept  # the site showed what the file holds even before a build
    result = run_cli("build", project)
    assert result.returncode == 0, result.stderr
    served = requests.get(server.url + f"/doc/event/{CONFERENCE}", headers={"Accept": "text/turtle"},
                          timeout=30).text
    assert (name in served) == kept
    return kept


@pytest.fixture
def fault_server(tmp_path, monkeypatch):
    """A server on its own project whose workers kill themselves where a control file says."""
    project, token = served_project(tmp_path)
    control = tmp_path / "fault"
    monkeypatch.setenv("LODPUB_FAULT_FILE", str(control))
    live = LiveServer(project, "--workers", "2")
    live.headers = {"Authorization": f"Bearer {token}"}
    live.control = control
    yield live
    live.stop()


def test_a_write_killed_at_any_point_leaves_the_old_or_the_new_state(fault_server):
    server, project = fault_server, fault_server.project
    url = server.url + f"/api/events/{CONFERENCE}"
    settled = []
    for number, point in enumerate(["journal-written", "content-written", "built"]):
        event = requests.get(url, headers=server.headers, timeout=30).json()
        name = f"Konferensen, version {number}"
        old = (project / EVENTS).read_bytes()
        server.control.write_text(point)
        with pytest.raises(requests.ConnectionError):
            requests.put(url, json={**event, "name": {"sv": name}}, headers=server.headers, timeout=120)
        assert not server.control.exists()  # the worker reached the point and was killed there
        wait_until_serving(server)
        settled.append((point, assert_whole(project, server, old, name)))
    # Killed before its build was current, a write is undone; killed after, it stays (it is live).
    assert settled == [("journal-written", False), ("content-written", False), ("built", True)]

    for delay in (0.05, 0.3, 0.8, 1.5):  # SIGKILL every worker at some moment of a write
        event = requests.get(url, headers=server.headers, timeout=30).json()
        name = f"Konferensen efter {delay} s"
        old = (project / EVENTS).read_bytes()
        writer = threading.Thread(target=_quietly, args=(requests.put, url), kwargs={
            "json": {**event, "name": {"sv": name}}, "headers": server.headers, "timeout": 120})
        writer.start()
        time.sleep(delay)
        for pid in worker_pids(server):
            os.kill(pid, signal.SIGKILL)
        writer.join()
        wait_until_serving(server)
        assert_whole(project, server, old, name)


def _quietly(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except requests.RequestException:
        return None
