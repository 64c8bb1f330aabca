#!/usr/bin/env python3
"""Build time and peak memory of ``lodpub build`` on generated projects, beside a peer.

Usage:
    python bench/build_bench.py [--articles 1000 10000] [--seed 1] [--work DIR]

For each size it generates a project (bench/generate.py), then runs, each in a fresh
process so that peak memory is its own:

- lodpub:  ``lodpub build`` (map, validate per document in batches, store, dumps), then
           the same project with one article added (only that article is validated again);
- peer:    the naive way, pyshacl on the whole graph at once: the build's N-Triples dump
           parsed into one rdflib graph and validated with the same shapes and ontology.

and prints a table. The peer validates only; lodpub also writes the store and four dumps.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

PEER = r"""
import gzip, sys
from rdflib import Graph
import pyshacl
from lodpub.validation import shapes_graph, validation_context
graph = Graph()
graph.parse(data=gzip.decompress(open(sys.argv[1], "rb").read()), format="nt")
graph += validation_context()
conforms, _, _ = pyshacl.validate(graph, shacl_graph=shapes_graph(), inference="none",
                                  allow_warnings=True, inplace=True)
print("conforms" if conforms else "violations")
"""


def measure(command: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """Run *command*; return wall seconds, peak RSS in MiB and the exit status."""
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a full pipe would stall the run
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log,
                                   env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if status != 0:
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-2000:])
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="folder for generated projects")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="lodpub-build-bench-"))

    rows = []
    for articles in args.articles:
        project = work / f"articles-{articles}"
        if not (project / "lodpub.toml").exists():
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(project),
                            "--articles", str(articles), "--seed", str(args.seed)], check=True,
                           stdout=subprocess.DEVNULL)
        documents = len(list((project / "content" / "articles").glob("*.md"))) + len(
            list((project / "registry").glob("*.yaml")))
        seconds, memory, status = measure([sys.executable, "-m", "lodpub.cli", "build", str(project)])
        dump = (project / "_build" / "current" / "dumps" / "dataset.nt.gz").resolve()
        triples = sum(1 for _ in __import__("gzip").open(dump, "rt", encoding="utf-8"))
        rows.append((articles, documents, triples, "lodpub build", seconds, memory, status))
        added = project / "content" / "articles" / "zzzz-one-more-article.md"
        added.write_text(next((project / "content" / "articles").glob("*.md")).read_text("utf-8"), "utf-8")
        seconds, memory, status = measure([sys.executable, "-m", "lodpub.cli", "build", str(project)])
        added.unlink()
        rows.append((articles, documents + 1, triples, "lodpub build, one article added",
                     seconds, memory, status))
        seconds, memory, status = measure([sys.executable, "-c", PEER, str(dump)])
        rows.append((articles, documents, triples, "pyshacl, whole graph (validation only)",
                     seconds, memory, status))

    print(f"{'articles':>8} {'documents':>9} {'triples':>9}  {'run':<40} {'seconds':>8} "
          f"{'peak MiB':>8}  {'ms/doc':>6}")
    for articles, documents, triples, run, seconds, memory, status in rows:
        note = "" if status == 0 else f"  (exit {status})"
        print(f"{articles:>8} {documents:>9} {triples:>9}  {run:<40} {seconds:>8.1f} {memory:>8.0f}  "
              f"{1000 * seconds / documents:>6.1f}{note}")


if __name__ == "__main__":
    main()
