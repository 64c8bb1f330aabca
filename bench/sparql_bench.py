#!/usr/bin/env python3
"""Latency of the example research queries on lodpub's /sparql beside Oxigraph server, same data.

Usage:
    python bench/sparql_bench.py [--triples 10000 100000 1000000] [--rounds 15] [--work DIR]

For each size it generates a project (bench/generate.py --triples T --seed 1, with
[sparql] max_rows raised so that both servers return every row), builds it with
``lodpub build``, loads the build's own N-Quads dump (and the ontology, which lodpub's
store also holds) into an Oxigraph store with ``oxigraph load``, and serves it three ways:

- lodpub:     ``lodpub serve --workers 2`` (gunicorn, evaluator processes, the checks);
- oxigraph:   ``oxigraph serve-read-only --union-default-graph`` on its own load of the dump;
- same store: the same Oxigraph server on lodpub's own store, opened read-only, so that
              the ratio shows the cost of lodpub's server alone (two stores of the same data
              can differ in speed by their on-disk layout).

Each example query of queries/ is sent as a POST form with
``Accept: application/sparql-results+json`` and its answer read whole: warm-up
requests first, then rounds that alternate the servers. The tables give medians,
lodpub ÷ each Oxigraph server, and the rows returned. Last, a runaway query is
sent to lodpub: the time until its 503 is compared with sparql.timeout.

Projects and stores are kept in the work folder (default bench/out/sparql) and
reused when present: generating and building 1M triples takes long.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))

from lodpub.config import SETTINGS_BY_NAME  # noqa: E402
from lodpub.namespaces import ONTOLOGY_IRI  # noqa: E402
from lodpub.sparql.examples import example_queries  # noqa: E402

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: A query that costs the engine nothing: its latency is each server's fixed cost per query.
TRIVIAL = ("(fixed cost: ASK {})", "ASK {}")
WARM_UP = 3
OXIGRAPH = Path(sys.executable).with_name("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command: list, **options) -> None:
    started = time.perf_counter()
    subprocess.run([str(part) for part in command], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, **options)
    print(f"  {' '.join(map(str, command[:3]))} … {time.perf_counter() - started:.0f} s", flush=True)


def environment() -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}


def prepare(work: Path, triples: int) -> tuple[Path, Path, dict]:
    """Generate and build the project, and load Oxigraph's store; reuse what is there.

    The project's base is the address lodpub will serve it at, as a site's would be.
    """
    project, store = work / f"t{triples}", work / f"t{triples}-oxigraph"
    if not (project / "lodpub.toml").exists():
        run([sys.executable, HERE / "generate.py", project, "--triples", triples, "--seed", 1])
        settings = project / "lodpub.toml"
        settings.write_text(f'base = "http://127.0.0.1:{free_port()}/"\n' + settings.read_text("utf-8")
                            + "\n[sparql]\nmax_rows = 1000000\n", "utf-8")
    manifest = project / "_build" / "current" / "manifest.json"
    if not manifest.exists():
        run([sys.executable, "-m", "lodpub.cli", "build", project], env=environment())
    if not store.exists():
        dump = project / "_build" / "current" / "dumps" / "dataset.nq.gz"
        run([OXIGRAPH, "load", "--location", store, "--file", dump])
        for turtle in sorted((REPO / "ontology").glob("*.ttl")):
            run([OXIGRAPH, "load", "--location", store, "--file", turtle, "--graph", ONTOLOGY_IRI])
        run([OXIGRAPH, "optimize", "--location", store])  # as lodpub's build does for its store
    return project, store, json.loads(manifest.read_text())


def wait_for(url: str, process: subprocess.Popen, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer")


def post(endpoint: str, query: str) -> tuple[float, int, int]:
    """Send *query*; return (seconds, HTTP status, result rows)."""
    request = urllib.request.Request(endpoint, data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": "application/sparql-results+json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        with error:
            error.read()
            return time.perf_counter() - started, error.code, 0
    elapsed = time.perf_counter() - started
    data = json.loads(body)
    return elapsed, status, len(data["results"]["bindings"]) if "results" in data else 1


def queries() -> list[tuple[str, str]]:
    return [TRIVIAL] + [(example.name, example.text) for example in example_queries()]


def measure(endpoints: dict[str, str], rounds: int) -> list[dict]:
    rows = []
    for label, query in queries():
        times: dict[str, list[float]] = {name: [] for name in endpoints}
        counts: dict[str, int] = {}
        for name, endpoint in endpoints.items():
            for _ in range(WARM_UP):
                _, status, counts[name] = post(endpoint, query)
                if status != 200:
                    raise RuntimeError(f"{name} answered {status} to {label}")
        for _ in range(rounds):
            for name, endpoint in endpoints.items():
                times[name].append(post(endpoint, query)[0])
        rows.append({"query": label, "counts": counts,
                     **{name: statistics.median(values) * 1000 for name, values in times.items()}})
    return rows


def runaway(endpoint: str) -> tuple[float, int]:
    seconds, status, _ = post(endpoint, RUNAWAY)
    return seconds, status


def bench_size(work: Path, triples: int, rounds: int) -> tuple[list[dict], float, int, int]:
    print(f"{triples} triples:", flush=True)
    project, store, built = prepare(work, triples)
    lodpub_port, oxigraph_port = int(built["base"].rsplit(":", 1)[1].strip("/")), free_port()
    same_store_port = free_port()
    build_store = project / "_build" / "current" / "store"
    oxigraph = [str(OXIGRAPH), "serve-read-only", "--union-default-graph", "--location"]
    servers = [
        subprocess.Popen([sys.executable, "-m", "lodpub.cli", "serve", str(project), "--host", "127.0.0.1",
                          "--port", str(lodpub_port), "--workers", "2"], env=environment(),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        subprocess.Popen(oxigraph + [str(store), "--bind", f"127.0.0.1:{oxigraph_port}"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        subprocess.Popen(oxigraph + [str(build_store.resolve()), "--bind", f"127.0.0.1:{same_store_port}"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    try:
        endpoints = {"lodpub": f"http://127.0.0.1:{lodpub_port}/sparql",
                     "oxigraph": f"http://127.0.0.1:{oxigraph_port}/query",
                     "same store": f"http://127.0.0.1:{same_store_port}/query"}
        wait_for(f"http://127.0.0.1:{lodpub_port}/robots.txt", servers[0])
        for server, name in zip(servers[1:], ("oxigraph", "same store")):
            wait_for(endpoints[name] + "?query=ASK%7B%7D", server)
        rows = measure(endpoints, rounds)
        seconds, status = runaway(endpoints["lodpub"])
        return rows, seconds, status, built["storeTriples"]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--work", type=Path, default=HERE / "out" / "sparql")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    timeout = SETTINGS_BY_NAME["sparql.timeout"].default
    results = {triples: bench_size(args.work, triples, args.rounds) for triples in args.triples}
    for size, (rows, _, _, store_triples) in results.items():
        print()
        print(f"{size:,} triples asked for ({store_triples:,} in the store): median ms over HTTP, "
              f"{args.rounds} rounds")
        print()
        print("| query | rows | lodpub | oxigraph | lodpub ÷ oxigraph | oxigraph, lodpub's store "
              "| lodpub ÷ same store |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for row in rows:
            counts = set(row["counts"].values())
            rows_cell = str(row["counts"]["lodpub"]) if len(counts) == 1 else \
                " ≠ ".join(f"{name} {count}" for name, count in row["counts"].items())
            print(f"| {row['query']} | {rows_cell} | {row['lodpub']:.1f} | {row['oxigraph']:.1f} | "
                  f"{row['lodpub'] / row['oxigraph']:.2f}× | {row['same store']:.1f} | "
                  f"{row['lodpub'] / row['same store']:.2f}× |")
    print()
    for size, (_, seconds, status, store_triples) in results.items():
        print(f"{size:,} (store: {store_triples:,} triples): runaway query answered {status} after "
              f"{seconds:.2f} s; sparql.timeout {timeout:g} s; overshoot {seconds - timeout:+.2f} s")


if __name__ == "__main__":
    main()
