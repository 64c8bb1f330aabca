#!/usr/bin/env python3
"""What an attacker can make a server spend: lodpub's server beside Oxigraph's, same data.

Usage:
    python bench/security_bench.py [--work DIR] [--slow 25 50 100 200 300] [--memory-cap 3072]

The bundled example is built and served three ways, each on its own port:

- lodpub:            ``lodpub serve --workers 2`` at its default limits;
- lodpub, 1 thread:  the same with ``server.threads = 1``, what sync workers amounted to;
- oxigraph:          ``oxigraph serve-read-only --union-default-graph --timeout-s 5`` on its
                     own load of the build's N-Quads dump (and the ontology), the same time
                     limit as lodpub's ``sparql.timeout``.

It prints three tables:

1. **Memory.** The cross product ``SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER
   BY ?i`` is sent once; the resident memory of the server's whole process tree (lodpub's
   workers and evaluators) is sampled every 50 ms. The table gives the peak above the
   server's memory before the query, the answer's status and the time to it. A server
   whose tree grows past ``--memory-cap`` MiB is killed by the bench (and said so).
2. **Slow connections.** For each count, that many connections send a request's header a
   line a second and never finish it, while a normal client asks for a page (lodpub) or a
   query (both) with a 5 s time-out. The table gives the largest count at which the normal
   client was still answered in time.
3. **Crafted queries.** The CPU seconds the server's process tree spends, and the time until
   the answer, on: a query check's worst case (``("ASK { " + "a-" * 9990)[:19990] + "A"``),
   5,000 nested groups, and a runaway join (stopped by each server's time limit).

Needs the ``oxigraph`` command (``pip install oxigraph``, the server of the same version as
pyoxigraph) beside this Python; without it, only lodpub's columns are printed.
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))

from lodpub.namespaces import ONTOLOGY_IRI  # noqa: E402

OXIGRAPH = Path(sys.executable).with_name("oxigraph")
EXAMPLE = REPO / "examples" / "vannas-slobozhanske"
CROSS_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CRAFTED = {
    "query check's worst case (19,990 chars)": ("ASK { " + "a-" * 9990)[:19990] + "A",
    "runaway join": RUNAWAY,
    "5,000 nested groups": "ASK " + "{ " * 5000 + "}" * 5000,
}
CLIENT_TIMEOUT = 5.0
PAGE = "/doc/municipality/se-2460"
SIMPLE_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://schema.org/NewsArticle> }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment() -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}


class Server:
    """A server process on a port of 127.0.0.1, its SPARQL endpoint and its process tree."""

    def __init__(self, name: str, command: list[str], port: int, endpoint: str, ready: str):
        self.name, self.port = name, port
        self.endpoint = f"http://127.0.0.1:{port}{endpoint}"
        self.pages = endpoint == "/sparql"
        self.process = subprocess.Popen(command, env=environment(), stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{ready}", timeout=5):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{name} did not answer")

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def tree(self) -> list[int]:
        """The server's process and all its descendants."""
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                children.setdefault(int(fields[1]), []).append(int(entry.name))
        found, waiting = [], [self.process.pid]
        while waiting:
            pid = waiting.pop()
            found.append(pid)
            waiting += children.get(pid, [])
        return found

    def memory(self) -> int:
        """Resident bytes of the process tree."""
        total = 0
        for pid in self.tree():
            try:
                total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            except OSError:
                pass
        return total

    def cpu(self) -> float:
        """CPU seconds of the tree's live processes, and of the children they waited for."""
        ticks = 0
        for pid in self.tree():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.alive:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()


def ask(server: Server, query: str, timeout: float = 600) -> tuple[int | str, float]:
    """POST *query*; return (status or what went wrong, seconds)."""
    request = urllib.request.Request(server.endpoint, data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": "application/sparql-results+json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status, time.perf_counter() - started
    except urllib.error.HTTPError as error:
        with error:
            error.read()
        return error.code, time.perf_counter() - started
    except (OSError, urllib.error.URLError) as error:
        reason = "server died" if not server.alive else type(getattr(error, "reason", error)).__name__
        return reason, time.perf_counter() - started


# -- 1. memory ------------------------------------------------------------------------

def memory_of_largest_query(server: Server, cap_bytes: int) -> dict:
    before = server.memory()
    peak, capped = before, False
    answer: dict = {}

    def send():
        answer["status"], answer["seconds"] = ask(server, CROSS_PRODUCT, timeout=120)

    sender = threading.Thread(target=send)
    sender.start()
    while sender.is_alive():
        peak = max(peak, server.memory())
        if peak > before + cap_bytes and not capped:
            capped = True
            server.stop()
        sender.join(0.05)
    return {"growth": (peak - before) / 2**20, "capped": capped, **answer}


# -- 2. slow connections -------------------------------------------------------------------

class Slowloris:
    """Connections sending a request's header a line a second, never finishing it."""

    def __init__(self, port: int, count: int):
        self.sockets = []
        for _ in range(count):
            connection = socket.create_connection(("127.0.0.1", port), timeout=10)
            connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            self.sockets.append(connection)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)
        self._thread.start()

    def _trickle(self) -> None:
        while not self._stop.wait(1.0):
            for connection in self.sockets:
                try:
                    connection.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass

    def dropped(self) -> int:
        """Connections the server has answered or closed meanwhile."""
        readable, _, _ = select.select(self.sockets, [], [], 0)
        return len(readable)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for connection in self.sockets:
            connection.close()


def answered_beside_slow_clients(server: Server, count: int) -> tuple[bool, int]:
    slow = Slowloris(server.port, count)
    try:
        time.sleep(2.5)
        ok = True
        for _ in range(2):
            if server.pages:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{PAGE}",
                                                timeout=CLIENT_TIMEOUT) as response:
                        response.read()
                except OSError:
                    ok = False
            status, _ = ask(server, SIMPLE_QUERY, timeout=CLIENT_TIMEOUT)
            ok = ok and status == 200
        return ok, slow.dropped()
    finally:
        slow.close()
        time.sleep(1.0)  # let the server close them before the next count


def slow_connections_survived(server: Server, counts: list[int]) -> tuple[int, str]:
    survived, note = 0, ""
    for count in counts:
        ok, dropped = answered_beside_slow_clients(server, count)
        if not ok:
            note = f"not answered beside {count}"
            break
        survived = count
        if dropped:
            note = f"dropped {dropped} of {count} slow connections"
    return survived, note


# -- 3. crafted queries ----------------------------------------------------------------------

def cost_of(server: Server, query: str) -> tuple[str, float, float]:
    if not server.alive:
        return "server not running", 0.0, 0.0
    cpu = server.cpu()
    status, seconds = ask(server, query, timeout=30)
    time.sleep(0.3)  # let a killed evaluator's time be counted by its worker
    return str(status), server.cpu() - cpu, seconds


# -- setting up ------------------------------------------------------------------------------

def prepare(work: Path, port: int) -> tuple[Path, Path | None]:
    project = work / "example"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("_build"))
    settings = project / "lodpub.toml"
    settings.write_text(f'base = "http://127.0.0.1:{port}/"\n' + settings.read_text(encoding="utf-8"),
                        encoding="utf-8")
    subprocess.run([sys.executable, "-m", "lodpub.cli", "build", str(project), "--base",
                    f"http://127.0.0.1:{port}/"], check=True, env=environment(),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not OXIGRAPH.exists():
        return project, None
    store = work / "oxigraph-store"
    if store.exists():
        shutil.rmtree(store)
    load = [str(OXIGRAPH), "load", "--location", str(store), "--file"]
    subprocess.run(load + [str(project / "_build" / "current" / "dumps" / "dataset.nq.gz")],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for turtle in sorted((REPO / "ontology").glob("*.ttl")):
        subprocess.run(load + [str(turtle), "--graph", ONTOLOGY_IRI], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return project, store


def lodpub_server(name: str, project: Path, port: int, threads: int | None = None) -> Server:
    settings = project / "lodpub.toml"
    text = settings.read_text(encoding="utf-8").split("\n# bench\n")[0]
    if threads is not None:
        text += f"\n# bench\n[server]\nthreads = {threads}\n"
    settings.write_text(text, encoding="utf-8")
    os.utime(settings, (0, 0))  # older than the build: no rebuild for this change
    return Server(name, [sys.executable, "-m", "lodpub.cli", "serve", str(project), "--host",
                         "127.0.0.1", "--port", str(port), "--workers", "2"],
                  port, "/sparql", "/robots.txt")


def oxigraph_server(store: Path) -> Server:
    port = free_port()
    return Server("oxigraph", [str(OXIGRAPH), "serve-read-only", "--union-default-graph",
                               "--timeout-s", "5", "--location", str(store),
                               "--bind", f"127.0.0.1:{port}"],
                  port, "/query", "/query?query=ASK%7B%7D")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=HERE / "out" / "security")
    parser.add_argument("--slow", type=int, nargs="+", default=[25, 50, 100, 200, 300])
    parser.add_argument("--memory-cap", type=int, default=3072, help="MiB (default 3072)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    project, store = prepare(args.work, port)
    if store is None:
        print(f"{OXIGRAPH} is not installed (pip install oxigraph): lodpub's columns only\n")

    def servers():
        yield "lodpub", lambda: lodpub_server("lodpub", project, port)
        yield "lodpub, 1 thread", lambda: lodpub_server("lodpub, 1 thread", project, port, threads=1)
        if store is not None:
            yield "oxigraph", lambda: oxigraph_server(store)

    memory, slow, crafted = {}, {}, {}
    for name, start in servers():
        print(f"{name}:", flush=True)
        server = start()
        try:
            slow[name] = slow_connections_survived(server, args.slow)
            print(f"  slow connections: {slow[name]}", flush=True)
            if name != "lodpub, 1 thread":  # the same limits as lodpub's for the rest
                crafted[name] = {}
                for label, query in CRAFTED.items():
                    if not server.alive:  # a crafted query ended it: a fresh one for the next
                        server.stop()
                        server = start()
                    crafted[name][label] = cost_of(server, query)
                print(f"  crafted: {crafted[name]}", flush=True)
                if not server.alive:
                    server.stop()
                    server = start()
                memory[name] = memory_of_largest_query(server, args.memory_cap * 2**20)
                print(f"  memory: {memory[name]}", flush=True)
        finally:
            server.stop()

    print("\n1. The largest query at the default limits (cross product ordered), memory of the "
          "server's process tree")
    print("| server | peak growth | answer | after |")
    print("| --- | --- | --- | --- |")
    for name, row in memory.items():
        growth = f"{row['growth']:.0f} MiB" + (" (killed by the bench at the cap)" if row["capped"] else "")
        print(f"| {name} | {growth} | {row.get('status')} | {row.get('seconds', 0):.1f} s |")
    print(f"\n2. Slow connections (a header line a second) survived while a normal client is "
          f"answered within {CLIENT_TIMEOUT:.0f} s, counts tried: {', '.join(map(str, args.slow))}")
    print("| server | survived | note |")
    print("| --- | --- | --- |")
    for name, (survived, note) in slow.items():
        print(f"| {name} | {survived} | {note} |")
    print("\n3. What a crafted query costs the server before its answer")
    print("| query | " + " | ".join(f"{name}: answer, CPU, time" for name in crafted) + " |")
    print("| --- |" + " --- |" * len(crafted))
    for label in CRAFTED:
        cells = [f"{status}, {cpu:.2f} s, {seconds:.2f} s"
                 for status, cpu, seconds in (crafted[name][label] for name in crafted)]
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
