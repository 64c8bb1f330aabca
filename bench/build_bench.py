#!/usr/bin/env python3
"""Build time and peak memory of ``lodpub build`` on generated projects: full and incremental,
beside the bulk-load floor.

Usage:
    python bench/build_bench.py [--articles 1000 10000] [--seed 1] [--work DIR]

For each size it generates a project (bench/generate.py), then runs, each in a fresh
process so that peak memory is its own:

- ``lodpub build --full`` (read, map, validate, store, dumps, catalog, feeds);
- one article edited, one added, one deleted, and nothing changed: ``lodpub build``
  each time (only what changed is derived again);
- the floor: the same N-Quads (the build's dump) bulk-loaded into an empty Oxigraph
  store, which no build of that data can beat; the full build's time is printed as a
  ratio to it.

and prints a table, then how each figure grows from the smallest to the largest size.
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

FLOOR = r"""
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
store.flush()
print(len(store))
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


def build(project: Path, *options: str) -> tuple[float, float, int]:
    return measure([sys.executable, "-m", "lodpub.cli", "build", str(project), *options])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="folder for generated projects")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="lodpub-build-bench-"))

    rows: dict[int, dict[str, tuple[float, float, int]]] = {}
    for articles in args.articles:
        project = work / f"articles-{articles}"
        if not (project / "lodpub.toml").exists():
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(project),
                            "--articles", str(articles), "--seed", str(args.seed)], check=True,
                           stdout=subprocess.DEVNULL)
        folder = project / "content" / "articles"
        runs = rows.setdefault(articles, {})
        runs["full build (--full)"] = build(project, "--full")
        first = sorted(folder.glob("*.md"))[0]
        original = first.read_text("utf-8")
        first.write_text(original.replace("headline: ", "headline: Uppdaterad: ", 1), "utf-8")
        runs["one article edited"] = build(project)
        added = folder / "zzzz-one-more-article.md"
        added.write_text(original, "utf-8")
        runs["one article added"] = build(project)
        added.unlink()
        runs["one article deleted"] = build(project)
        runs["nothing changed"] = build(project)
        first.write_text(original, "utf-8")
        build(project)
        dump = (project / "_build" / "current" / "dumps" / "dataset.nq.gz").resolve()
        with tempfile.TemporaryDirectory() as scratch:
            nquads = Path(scratch) / "dataset.nq"
            with open(nquads, "wb") as out:
                out.write(__import__("gzip").decompress(dump.read_bytes()))
            runs["floor: N-Quads bulk-loaded"] = measure(
                [sys.executable, "-c", FLOOR, str(nquads), str(Path(scratch) / "store")])

    print(f"{'articles':>8}  {'run':<28} {'seconds':>8} {'peak MiB':>8}  {'× floor':>7}")
    for articles, runs in rows.items():
        floor = runs["floor: N-Quads bulk-loaded"][0]
        for run, (seconds, memory, status) in runs.items():
            note = "" if status == 0 else f"  (exit {status})"
            print(f"{articles:>8}  {run:<28} {seconds:>8.2f} {memory:>8.0f}  {seconds / floor:>7.1f}{note}")
    sizes = sorted(rows)
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"\ngrowth {small:,} → {large:,} articles ({large / small:.0f}× the content):")
        for run in rows[small]:
            print(f"  {run:<28} {rows[large][run][0] / rows[small][run][0]:>6.1f}× the time, "
                  f"{rows[large][run][1] / rows[small][run][1]:>5.1f}× the memory")


if __name__ == "__main__":
    main()
