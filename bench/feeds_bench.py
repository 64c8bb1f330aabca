#!/usr/bin/env python3
"""What the harvesters' outputs cost on a generated project: at build time and per request.

Usage:
    python bench/feeds_bench.py [--articles 1000] [--seed 1] [--work DIR]

Generates a project (bench/generate.py) and builds it once, then times, on that build:

- build time: describing every resource canonically (the event log's comparison),
  the catalog's facts, the VoID statistics, and recording the first build's events;
- serving (Flask's test client, in-process, second request of each, so per-worker
  caches are warm): the stream root and a full page, the catalog in Turtle and
  RDF/XML, VoID, the sitemap and the Atom feed;

and prints a table with sizes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from lodpub.release import current_release  # noqa: E402
from lodpub.config import load_config  # noqa: E402
from lodpub.publish import catalog_facts, harvest, void  # noqa: E402
from lodpub.publish.changelog import ChangeLog, log_path  # noqa: E402


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="folder for the project (kept)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="lodpub-feeds-bench-"))
    project = work / f"articles-{args.articles}"
    environment = {**os.environ, "PYTHONPATH": str(HERE.parent / "src"), "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(project), "--articles",
                    str(args.articles), "--seed", str(args.seed), "--force"], check=True, env=environment)
    shutil.rmtree(project / "_build", ignore_errors=True)
    print(f"building {project} …", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "lodpub.cli", "build", str(project)], check=True,
                   env=environment, stdout=subprocess.DEVNULL)

    config = load_config(project)
    build = current_release(project, config)
    store = build.open_store()
    rows = []
    described, seconds = timed(lambda: harvest.resource_members(store, config.base))
    rows.append(("describe every resource", seconds, f"{len(described)} resources"))
    _, seconds = timed(lambda: catalog_facts.catalog_facts(store, config.base, config["dataset.publisher"], "sv"))
    rows.append(("catalog facts", seconds, ""))
    statistics, seconds = timed(lambda: void.build_void(store, void.VoidInputs(
        config.base, config, build.manifest["dumps"])))
    rows.append(("VoID statistics", seconds, f"{len(statistics)} triples"))
    log = log_path(config.build_dir, config.base)
    log.unlink()
    events, seconds = timed(lambda: harvest.commit_feeds(config, build.path))
    rows.append(("record the first build's events", seconds,
                 f"{len(events)} events, log {log.stat().st_size / 1e6:.1f} MB"))
    pages = ChangeLog(log).pages("data")
    del store

    from lodpub.web.app import create_app

    client = create_app(project, config=config).test_client()
    for path in ("/ldes", f"/ldes/page/{max(1, len(pages) // 2)}", "/catalog", "/catalog.rdf",
                 "/.well-known/void", "/sitemap.xml", "/feed.atom"):
        client.get(path)
        answer, seconds = timed(lambda: client.get(path, headers={"Accept-Encoding": "identity"}))
        rows.append((f"GET {path}", seconds, f"{answer.status_code}, {len(answer.data) / 1e3:.0f} kB"))

    print(f"\n{args.articles} articles, {build.manifest['triples']} triples\n")
    print(f"| {'step':40} | {'seconds':>8} | notes")
    print(f"| {'-' * 40} | {'-' * 8} | -----")
    for step, seconds, notes in rows:
        print(f"| {step:40} | {seconds:8.3f} | {notes}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
