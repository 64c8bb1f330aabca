"""Measure the linker on the labelled set: precision, recall and F1, overall and per kind.

    python bench/link_bench.py [tests/data/linking/labelled.yaml]

Prints the counts, then every miss (expected, not linked) and false link (linked, not
expected), and names reported as ambiguous against those expected to be. Beside it, in
the same run, the peer every linker is measured against: linking every registry and
gazetteer name that stands in the text word for word (no inflection, no context).
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import yaml

from lodpub.ingest.linking.names import build_index
from lodpub.ingest.linking.quality import KINDS, Score, evaluate

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "linking" / "labelled.yaml"


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT
    started = time.perf_counter()
    result = evaluate(path)
    elapsed = time.perf_counter() - started
    print(f"{result.texts} texts, {elapsed:.2f} s (index included)\n")
    print(f"{'kind':14} {'expected':>8} {'linked':>7} {'right':>6} {'precision':>9} {'recall':>7} {'F1':>6}")
    for kind in ("all",) + KINDS:
        score = result.scores[kind]
        print(f"{kind:14} {score.expected:8} {score.linked:7} {score.right:6} "
              f"{score.precision:9.3f} {score.recall:7.3f} {score.f1:6.3f}")
    print(f"\nambiguous: {result.ambiguous_right} of {result.ambiguous_expected} expected ambiguous names "
          f"reported; {len(result.ambiguous_extra)} others reported")
    baseline = exact_names(path)
    print("\nthe peer, exact names (every name that stands in the text word for word):")
    print(f"{'kind':14} {'expected':>8} {'linked':>7} {'right':>6} {'precision':>9} {'recall':>7} {'F1':>6}")
    for kind in ("all",) + KINDS:
        score = baseline[kind]
        print(f"{kind:14} {score.expected:8} {score.linked:7} {score.right:6} "
              f"{score.precision:9.3f} {score.recall:7.3f} {score.f1:6.3f}")
    for title, rows in (("misses", result.misses), ("false links", result.false_links),
                        ("unexpected ambiguous", result.ambiguous_extra),
                        ("ambiguous not reported", result.ambiguous_missed)):
        print(f"\n{title}: {len(rows)}")
        for row in rows:
            print(f"  {row}")
    return 0


def exact_names(path: Path) -> dict[str, Score]:
    """Score linking by exact names alone on the labelled set at *path*."""
    labelled = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    index = build_index([(Path(path), labelled.get("registry") or {})])
    patterns = {key: re.compile("|".join(rf"(?<!\w){re.escape(name)}(?!\w)"
                                         for name, _ in target.names if name))
                for key, target in index.targets.items() if target.names}
    scores = {kind: Score() for kind in ("all",) + KINDS}
    for item in labelled["texts"]:
        expected = set(item.get("links") or [])
        found = {key for key, pattern in patterns.items() if pattern.search(item["text"])}
        for key in expected | found:
            target = index.targets.get(key)
            for name in ("all", target.kind if target else "person"):
                score = scores.setdefault(name, Score())
                score.expected += key in expected
                score.linked += key in found
                score.right += key in expected and key in found
    return scores


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
