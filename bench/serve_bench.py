#!/usr/bin/env python3
"""Latency and throughput of resource requests on ``lodpub serve``, on generated projects.

Usage:
    python bench/serve_bench.py [--articles 1000 10000] [--seed 1] [--requests 300]
                                [--rounds 3] [--clients 4] [--seconds 5] [--work DIR [--reuse]]

For each size it generates a project (bench/generate.py), builds it with the address
the server will have as its base, starts ``lodpub serve`` (gunicorn, sync workers, the setting's
worker count) and measures, over a random sample of the documents:

- sequential latency (median and 95th percentile, milliseconds) of the 303 from /id/…,
  and of /doc/… as Turtle, JSON-LD, N-Triples, RDF/XML and HTML, and of the home page;
- throughput (requests per second) of *--clients* threads asking for Turtle and HTML
  pages for *--seconds* seconds;
- how long the server takes to start (its workers fill their caches first) and how long
  a worker's first resource request takes;
- beside a peer: ``oxigraph serve-read-only --union-default-graph`` on the build's own
  N-Quads dump (loaded as bench/sparql_bench.py does), asked ``DESCRIBE <iri>`` as Turtle
  for the same sample. Over *--rounds* rounds each IRI goes to both servers in turn (the
  first one alternating), so that load on the machine hits both; the table gives the
  latencies, lodpub ÷ Oxigraph, and the median answer size.

Each request opens its own connection, as gunicorn's sync workers close them.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))

from lodpub.namespaces import ONTOLOGY_IRI  # noqa: E402
from sparql_bench import OXIGRAPH, environment, wait_for  # noqa: E402

FORMATS = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
           "rdf": "application/rdf+xml", "html": "text/html"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lodpub(*args: str) -> list[str]:
    return [sys.executable, "-m", "lodpub.cli", *args]


def get(port: int, path: str, accept: str | None = None) -> tuple[int, float, int]:
    """GET *path*; return (status, milliseconds, bytes of the body)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Accept": accept} if accept else {})
        response = connection.getresponse()
        size = len(response.read())
        return response.status, (time.perf_counter() - started) * 1000, size
    finally:
        connection.close()


def documents(project: Path) -> list[str]:
    manifest = json.loads((project / "_build" / "current" / "manifest.json").read_text())
    base = manifest["base"]
    return [iri[len(base) - 1:] for entry in manifest["documents"] for iri in entry["subjects"]]


def summary(times: list[float]) -> tuple[float, float]:
    """(median, 95th percentile)."""
    times = sorted(times)
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def latency(port: int, paths: list[str], accept: str | None = None) -> tuple[float, float]:
    times = []
    for path in paths:
        status, elapsed, _ = get(port, path, accept)
        assert status in (200, 303), (path, status)
        times.append(elapsed)
    return summary(times)


def against_peer(port: int, docs: list[str], peer_port: int, iris: list[str], rounds: int) -> dict:
    """lodpub's /doc/….ttl and Oxigraph's DESCRIBE of the same IRI, in turn, *rounds* times.

    A first pass, not counted, warms Oxigraph's caches as the earlier measures warmed lodpub's.
    """
    asks = {"lodpub": (port, [f"{path}.ttl" for path in docs]),
            "oxigraph": (peer_port, ["/query?" + urlencode({"query": f"DESCRIBE <{iri}>"}) for iri in iris])}
    times: dict[str, list[float]] = {name: [] for name in asks}
    sizes: dict[str, list[int]] = {name: [] for name in asks}
    for round_number in range(rounds + 1):
        for number in range(len(docs)):
            for name in sorted(asks, reverse=number % 2 == 1):
                server_port, paths = asks[name]
                status, elapsed, size = get(server_port, paths[number], "text/turtle")
                assert status == 200 and size > 0, (name, paths[number], status)
                if round_number:
                    times[name].append(elapsed)
                    sizes[name].append(size)
    return {name: (*summary(times[name]), statistics.median(sizes[name])) for name in asks}


def throughput(port: int, paths: list[str], clients: int, seconds: float,
               accepts: tuple[str, ...] = ("text/turtle", "text/html")) -> float:
    done = [0] * clients
    deadline = time.perf_counter() + seconds

    def client(number: int):
        chooser = random.Random(number)
        while time.perf_counter() < deadline:
            path = chooser.choice(paths)
            get(port, path, chooser.choice(accepts))
            done[number] += 1

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


def serve(project: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen(lodpub("serve", str(project), "--host", "127.0.0.1", "--port", str(port)),
                               env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("lodpub serve did not start")


def peer_store(project: Path, store: Path, reuse: bool) -> Path:
    """Oxigraph's own store of the build's N-Quads dump and the ontology (lodpub's store holds both)."""
    if reuse and store.is_dir():
        return store
    shutil.rmtree(store, ignore_errors=True)
    dump = project / "_build" / "current" / "dumps" / "dataset.nq.gz"
    loads = [["--file", dump]] + [["--file", turtle, "--graph", ONTOLOGY_IRI]
                                  for turtle in sorted((REPO / "ontology").glob("*.ttl"))]
    for load in loads:
        subprocess.run([OXIGRAPH, "load", "--location", store, *load], check=True, stderr=subprocess.DEVNULL)
    subprocess.run([OXIGRAPH, "optimize", "--location", store], check=True, stderr=subprocess.DEVNULL)
    return store


def serve_peer(store: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen([OXIGRAPH, "serve-read-only", "--union-default-graph", "--location", store,
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", process)
    return process


def serve_static(project: Path, folder: Path, port: int) -> subprocess.Popen | None:
    """nginx over ``lodpub export static`` of the build, or None where nginx is not installed."""
    if shutil.which("nginx") is None:
        return None
    subprocess.run(lodpub("export", "static", str(folder), str(project), "--listen", f"127.0.0.1:{port}"),
                   check=True, stdout=subprocess.DEVNULL)
    prefix = folder.with_name(folder.name + "-nginx")
    prefix.mkdir(exist_ok=True)
    temp = " ".join(f"{kind}_temp_path {prefix / kind};" for kind in
                    ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (prefix / "nginx.conf").write_text(
        f"daemon off; worker_processes auto; {'user root;' if os.geteuid() == 0 else ''} pid {prefix / 'nginx.pid'}; error_log {prefix / 'error.log'};\n"
        f"events {{}}\nhttp {{ access_log off; {temp} include {folder / 'nginx-site.conf'}; }}\n")
    process = subprocess.Popen(["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/robots.txt", process)
    return process


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


def bench(articles: int, args, work: Path) -> dict:
    project = work / f"project-{articles}"
    manifest_path = project / "_build" / "current" / "manifest.json"
    reuse = args.reuse and manifest_path.is_file()
    if reuse:  # serve the earlier build, at the port of its base
        port = int(json.loads(manifest_path.read_text())["base"].rstrip("/").rsplit(":", 1)[1])
        build_seconds = float("nan")
    else:
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(project), "--articles",
                        str(articles), "--seed", str(args.seed), "--force"], check=True,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        settings = project / "lodpub.toml"  # the site's base is the address it is served at
        kept = "".join(line for line in settings.read_text("utf-8").splitlines(keepends=True)
                       if not line.startswith("base = "))
        settings.write_text(f'base = "http://127.0.0.1:{port}/"\n' + kept, "utf-8")
        started = time.perf_counter()
        subprocess.run(lodpub("build", str(project)), check=True,
                       env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        build_seconds = time.perf_counter() - started
    manifest = json.loads(manifest_path.read_text())
    sample = random.Random(args.seed).sample(documents(project), min(args.requests, len(documents(project))))
    docs = [quote(path.replace("/id/", "/doc/", 1)) for path in sample]
    iris = [manifest["base"] + path[1:] for path in sample]
    peer_port = free_port()
    peer = serve_peer(peer_store(project, work / f"project-{articles}-oxigraph", reuse), peer_port)
    started = time.perf_counter()
    process = serve(project, port)
    start_seconds = time.perf_counter() - started  # until /robots.txt answers: workers warmed
    try:
        first = get(port, docs[0] + ".ttl")[1]  # a worker's first resource request
        row = {"articles": articles, "triples": manifest["triples"], "build s": round(build_seconds, 1),
               "start s": round(start_seconds, 1), "first ms": round(first, 1)}
        row["303"] = latency(port, [quote(path) for path in sample])
        for extension in FORMATS:
            row[extension] = latency(port, [f"{path}.{extension}" for path in docs])
        row["home"] = latency(port, ["/"] * 20, "text/html")
        row["req/s"] = round(throughput(port, docs, args.clients, args.seconds))
        row["peer"] = against_peer(port, docs, peer_port, iris, args.rounds)
        describes = ["/query?" + urlencode({"query": f"DESCRIBE <{iri}>"}) for iri in iris]
        row["oxigraph req/s"] = round(throughput(peer_port, describes, args.clients, args.seconds,
                                                 ("text/turtle",)))
        row["lodpub ttl req/s"] = round(throughput(port, [f"{path}.ttl" for path in docs],
                                                   args.clients, args.seconds, ("text/turtle",)))
    finally:
        stop(process)
    static_port = free_port()
    static = serve_static(project, work / f"project-{articles}-static", static_port)
    try:
        if static is not None:
            row["static ttl"] = latency(static_port, [f"{path}.ttl" for path in docs])
            row["static html"] = latency(static_port, [f"{path}.html" for path in docs])
            row["static req/s"] = round(throughput(static_port, [f"{path}.ttl" for path in docs],
                                                   args.clients, args.seconds, ("text/turtle",)))
    finally:
        stop(peer)
        if static is not None:
            stop(static)
    return row


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=300, help="documents sampled per measure")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the sample beside the peer")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--work", type=Path, help="folder for the projects (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true",
                        help="serve the projects already built in --work instead of making them again")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="lodpub-serve-bench-"))
    rows = [bench(articles, args, work) for articles in args.articles]
    print(f"median / p95 latency in ms, sequential; req/s with {args.clients} clients "
          f"(Turtle and HTML pages)\n")
    columns = ["articles", "triples", "build s", "start s", "first ms", "303", *FORMATS, "home", "req/s"]
    print(" | ".join(columns))
    for row in rows:
        print(" | ".join(f"{row[name][0]:.1f} / {row[name][1]:.1f}" if isinstance(row[name], tuple)
                         else str(row[name]) for name in columns))
    print(f"\nbeside oxigraph serve-read-only (DESCRIBE <iri> as Turtle), {args.rounds} interleaved "
          f"rounds over the sample: median / p95 ms, median bytes\n")
    print("| articles | lodpub /doc/….ttl | oxigraph DESCRIBE | lodpub ÷ oxigraph (median) | bytes, lodpub "
          "| bytes, oxigraph |")
    print("|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        ours, theirs = row["peer"]["lodpub"], row["peer"]["oxigraph"]
        print(f"| {row['articles']:,} | {ours[0]:.1f} / {ours[1]:.1f} | {theirs[0]:.1f} / {theirs[1]:.1f} "
              f"| {ours[0] / theirs[0]:.2f}× | {ours[2]:,.0f} | {theirs[2]:,.0f} |")
    print(f"\nTurtle resources, req/s with {args.clients} clients, one after the other in one run: "
          "lodpub serve, its static export under nginx (lodpub export static), oxigraph DESCRIBE\n")
    print("| articles | lodpub serve | static export, nginx | oxigraph serve | static ÷ oxigraph "
          "| static ttl / html ms |")
    print("|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        static, peer = row.get("static req/s"), row["oxigraph req/s"]
        if static is None:
            print(f"| {row['articles']:,} | {row['lodpub ttl req/s']:,} | nginx not installed | "
                  f"{peer:,} | – | – |")
            continue
        print(f"| {row['articles']:,} | {row['lodpub ttl req/s']:,} | {static:,} | {peer:,} | "
              f"{static / peer:.2f}× | {row['static ttl'][0]:.1f} / {row['static html'][0]:.1f} |")


if __name__ == "__main__":
    main()
