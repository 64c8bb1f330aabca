#!/usr/bin/env python3
"""Write API: how long a CMS waits for a write to be live, beside the same change made by hand.

Usage:
    python bench/write_api_bench.py --articles 1000 [10000] [--seed 1] [--work DIR]

Per size it generates a project (``generate.py --articles N``), builds it, and then, in
one process, makes the same three changes twice: through the write API (``POST`` a
new article, ``PUT`` it edited, ``DELETE`` it; each validated first, written under the
journal and built before it is answered) and, as the peer, by writing the file by hand
and calling ``lodpub.Project.build()``, each right after the other so both meet the same
load. The API adds its check before the change touches the project (also timed alone)
and the journal.
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


def side_by_side(project: Path) -> list[tuple[str, float, float, float]]:
    """Each change through the API and then by hand, one after the other (same load)."""
    import lodpub
    from lodpub.ingest.contentfiles import render_article
    from lodpub.writes.checking import check_change
    from lodpub.writes.entities import article_change, find

    subprocess.run([sys.executable, "-m", "lodpub.cli", "token", "remove", "bench", str(project)],
                   capture_output=True)
    token = subprocess.run([sys.executable, "-m", "lodpub.cli", "token", "new", "bench",
                            str(project)], check=True, capture_output=True, text=True).stdout.strip()
    site = lodpub.Project(project)
    client = lodpub.create_app(site).test_client()
    headers = {"Authorization": f"Bearer {token}"}
    key, hand = "bench-api-article", project / "content" / "articles" / "bench-hand-article.md"
    front = {name: value for name, value in ARTICLE.items() if name != "body"}
    rows = []
    for change, method, fields, status in (("one added", "post", front, 201),
                                           ("one edited", "put", {**front, "headline": "Edited"}, 200),
                                           ("one deleted", "delete", None, 204)):
        if fields is not None:  # what the API checks before it accepts, timed on its own
            data = {**fields, "body": ARTICLE["body"]}
            planned = article_change(project, key, data, find(project, "articles", key))
            check, _ = timed(lambda: check_change(project, site.config, planned, "article", key))
        else:
            check = 0.0
        path = "/api/articles" + ("" if method == "post" else f"/{key}")
        body = None if fields is None else {**fields, "id": key, "body": ARTICLE["body"]}
        ours, response = timed(lambda: getattr(client, method)(path, json=body, headers=headers))
        assert response.status_code == status, response.get_data(as_text=True)
        write = (lambda: hand.unlink()) if fields is None else \
            (lambda: hand.write_text(render_article(fields, ARTICLE["body"]), encoding="utf-8"))
        peer, _ = timed(lambda: (write(), site.build()))
        rows.append((change, ours, peer, check))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=HERE / "out")
    args = parser.parse_args()
    print("| articles | change | write API, live when answered (s) | by hand + Project.build() (s) "
          "| the API's check alone (s) |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for articles in args.articles:
        project = prepared(articles, args.seed, args.work)
        for change, ours, peer, check in side_by_side(project):
            print(f"| {articles:,} | {change} | {ours:.2f} | {peer:.2f} | {check:.2f} |", flush=True)


if __name__ == "__main__":
    main()
