#!/usr/bin/env python3
"""Seconds from saving an article until ``lodpub serve --watch`` serves it, beside a full build.

Usage:
    python bench/watch_bench.py [--articles 1000 10000] [--edits 3] [--seed 1] [--work DIR]

For each size it generates a project (bench/generate.py), builds it, starts
``lodpub serve --watch`` on a free port, and then, for each edit, rewrites one
article's headline and polls the article's HTML page until the new headline is
served. Beside it, as the peer, the same project rebuilt from scratch
(``lodpub build --full``, a fresh process): what a change cost without the
incremental build. Each figure is printed with how it grows from the first size
to the last (a live edit should not grow with the size of the site).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from serve_bench import free_port, lodpub  # noqa: E402


def generated(work: Path, articles: int, seed: int) -> Path:
    project = work / f"articles-{articles}"
    if not (project / "lodpub.toml").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(project), "--articles",
                        str(articles), "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    return project


def page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.read().decode("utf-8")
    except urllib.error.HTTPError:
        return ""


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("lodpub serve stopped before answering")
        try:
            urllib.request.urlopen(url + "/robots.txt", timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("lodpub serve did not answer")


def article_path(path: Path) -> str:
    return "/doc/article/" + path.stem + ".html"


def edit(path: Path, headline: str) -> None:
    text = path.read_text(encoding="utf-8")
    # "headline: …", or a map by language whose first line is the Swedish one
    text, count = re.subn(r"^(headline:(?:\n  sv:)?) .*$", rf"\g<1> {headline}", text, count=1,
                          flags=re.M)
    if not count:
        raise SystemExit(f"{path} has no headline line to edit")
    partial = path.with_name("." + path.name + ".tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)  # as editors save: the watcher sees one whole change


def live_edits(project: Path, edits: int) -> list[float]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(lodpub("serve", str(project), "--host", "127.0.0.1", "--port", str(port),
                                     "--watch"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = []
    try:
        wait_until_up(url, server)
        time.sleep(2)  # the watcher has started
        articles = sorted((project / "content" / "articles").glob("*.md"))
        for number in range(edits):
            path = articles[(number * 7919) % len(articles)]
            headline = f"Edited headline {number} {time.time_ns()}"
            started = time.perf_counter()
            edit(path, headline)
            while headline not in page(url + article_path(path)):
                if time.perf_counter() - started > 600:
                    raise SystemExit(f"the edit of {path.name} was not served within 600 s")
                time.sleep(0.05)
            seconds.append(time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return seconds


def full_build(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run(lodpub("build", str(project), "--full"), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env={**os.environ})
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="folder for generated projects")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="lodpub-watch-bench-"))

    rows = []
    for articles in args.articles:
        project = generated(work, articles, args.seed)
        subprocess.run(lodpub("build", str(project)), check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        edits = live_edits(project, args.edits)
        rows.append((articles, statistics.median(edits), max(edits), full_build(project)))
        print(f"{articles} articles: saves served after {', '.join(f'{s:.2f}' for s in edits)} s",
              file=sys.stderr, flush=True)

    print(f"{'articles':>9} | {'save → served, median s':>24} | {'worst s':>8} | "
          f"{'peer: lodpub build --full, s':>28}")
    for articles, median, worst, full in rows:
        print(f"{articles:>9,} | {median:>24.2f} | {worst:>8.2f} | {full:>28.1f}")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(f"growth {first[0]:,} → {last[0]:,} articles: live edit ×{last[1] / first[1]:.2f}, "
              f"full build ×{last[3] / first[3]:.2f}")


if __name__ == "__main__":
    main()
