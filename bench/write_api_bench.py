#!/usr/bin/env python3
"""Write API: how long a CMS waits for a write to be live, beside the same change made by hand.

Usage:
    python bench/write_api_bench.py --articles 1000 [10000] [--seed 1] [--work DIR]

Per size it generates a project (``generate.py --articles N``), builds it, and then, in
one process, makes the same three changes twice: through the write API (``POST`` a
new article, ``PUT`` it edited, ``DELETE`` it; each validated first, written under the
journal and built before it is answered) and, as the peer, by writing the file by hand
and calling ``lodpub.Project.build()``. The difference is what the API adds: checking
the change before it touches the project, and the journal.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLE = {"headline": "Benchmark article about a visit", "datePublished": "2024-05-02",
           "inLanguage": "sv", "publisher": "se-2460", "description": {"sv": "Ett besök."},
           "body": "Ett besök planeras i maj.\n\n" + "Mer text om besöket. " * 80}


def prepared(articles: int, seed: int, work: Path) -> Path:
    project = work / f"write-{articles}"
    if not (project / "lodpub.toml").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(project), "--articles",
                        str(articles), "--seed", str(seed)], check=True)
    subprocess.run([sys.executable, "-m", "lodpub.cli", "build", str(project)], check=True,
                   capture_output=True)
    return project


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def through_the_api(project: Path) -> list[float]:
    import lodpub

    subprocess.run([sys.executable, "-m", "lodpub.cli", "token", "remove", "bench", str(project)],
                   capture_output=True)
    token = subprocess.run([sys.executable, "-m", "lodpub.cli", "token", "new", "bench",
                            str(project)], check=True, capture_output=True, text=True).stdout.strip()
    client = lodpub.create_app(project).test_client()
    headers = {"Authorization": f"Bearer {token}"}
    key = "bench-api-article"
    seconds = []
    for method, body, status in (("post", {**ARTICLE, "id": key}, 201),
                                 ("put", {**ARTICLE, "id": key, "headline": "Edited"}, 200),
                                 ("delete", None, 204)):
        path = "/api/articles" + ("" if method == "post" else f"/{key}")
        took, response = timed(lambda: getattr(client, method)(path, json=body, headers=headers))
        assert response.status_code == status, response.get_data(as_text=True)
        seconds.append(took)
    return seconds


def by_hand(project: Path) -> list[float]:
    import lodpub
    from lodpub.ingest.contentfiles import render_article

    site = lodpub.Project(project)
    path = project / "content" / "articles" / "bench-hand-article.md"
    body = ARTICLE["body"]
    front = {name: value for name, value in ARTICLE.items() if name != "body"}
    seconds = []
    for change in (lambda: path.write_text(render_article(front, body), encoding="utf-8"),
                   lambda: path.write_text(render_article({**front, "headline": "Edited"}, body),
                                           encoding="utf-8"),
                   lambda: path.unlink()):
        took, _ = timed(lambda: (change(), site.build()))
        seconds.append(took)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=HERE / "out")
    args = parser.parse_args()
    print("| articles | change | write API, live when answered (s) | by hand + Project.build() (s) | API adds (s) |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for articles in args.articles:
        project = prepared(articles, args.seed, args.work)
        api, hand = through_the_api(project), by_hand(project)
        for change, ours, peer in zip(("one added", "one edited", "one deleted"), api, hand):
            print(f"| {articles:,} | {change} | {ours:.2f} | {peer:.2f} | {ours - peer:+.2f} |",
                  flush=True)


if __name__ == "__main__":
    main()
