#!/usr/bin/env python3
"""Latency and throughput of resource requests on ``lodpub serve``, on generated projects.

Usage:
    python bench/serve_bench.py [--articles 1000 10000] [--seed 1] [--requests 300]
                                [--clients 4] [--seconds 5] [--work DIR [--reuse]]

For each size it generates a project (bench/generate.py), builds it under the address
the server will have, starts ``lodpub serve`` (gunicorn, sync workers, the setting's
worker count) and measures, over a random sample of the documents:

- sequential latency (median and 95th percentile, milliseconds) of the 303 from /id/…,
  and of /doc/… as Turtle, JSON-LD, N-Triples, RDF/XML and HTML, and of the home page;
- throughput (requests per second) of *--clients* threads asking for Turtle and HTML
  pages for *--seconds* seconds;
- how long the server takes to start (its workers fill their caches first) and how long
  a worker's first resource request takes.

Each request opens its own connection, as gunicorn's sync workers close them.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
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
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FORMATS = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
           "rdf": "application/rdf+xml", "html": "text/html"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lodpub(*args: str) -> list[str]:
    return [sys.executable, "-m", "lodpub.cli", *args]


def get(port: int, path: str, accept: str | None = None) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Accept": accept} if accept else {})
        response = connection.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000
    finally:
        connection.close()


def documents(project: Path) -> list[str]:
    manifest = json.loads((project / "_build" / "current" / "manifest.json").read_text())
    base = manifest["base"]
    return [iri[len(base) - 1:] for entry in manifest["documents"] for iri in entry["subjects"]]


def latency(port: int, paths: list[str], accept: str | None = None) -> tuple[float, float]:
    times = []
    for path in paths:
        status, elapsed = get(port, path, accept)
        assert status in (200, 303), (path, status)
        times.append(elapsed)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def throughput(port: int, paths: list[str], clients: int, seconds: float) -> float:
    done = [0] * clients
    deadline = time.perf_counter() + seconds

    def client(number: int):
        chooser = random.Random(number)
        while time.perf_counter() < deadline:
            path = chooser.choice(paths)
            get(port, path, chooser.choice(["text/turtle", "text/html"]))
            done[number] += 1

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


def serve(project: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen(lodpub("serve", str(project), "--host", "127.0.0.1", "--port", str(port)),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("lodpub serve did not start")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


def bench(articles: int, args, work: Path) -> dict:
    project = work / f"project-{articles}"
    manifest_path = project / "_build" / "current" / "manifest.json"
    if args.reuse and manifest_path.is_file():  # serve the earlier build, at the port of its base
        port = int(json.loads(manifest_path.read_text())["base"].rstrip("/").rsplit(":", 1)[1])
        build_seconds = float("nan")
    else:
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(project), "--articles",
                        str(articles), "--seed", str(args.seed), "--force"], check=True,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        started = time.perf_counter()
        subprocess.run(lodpub("build", str(project), "--base", f"http://127.0.0.1:{port}/"), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        build_seconds = time.perf_counter() - started
    manifest = json.loads(manifest_path.read_text())
    sample = random.Random(args.seed).sample(documents(project), min(args.requests, len(documents(project))))
    docs = [quote(path.replace("/id/", "/doc/", 1)) for path in sample]
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
    finally:
        stop(process)
    return row


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=300, help="documents sampled per measure")
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


if __name__ == "__main__":
    main()
