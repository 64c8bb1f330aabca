"""Score the linker on a labelled set (tests/data/linking/labelled.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .matching import analyse
from .names import build_index

KINDS = ("municipality", "organisation", "person", "place", "event")


@dataclass
class Score:
    expected: int = 0
    linked: int = 0
    right: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.linked if self.linked else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class Result:
    texts: int = 0
    scores: dict[str, Score] = field(default_factory=lambda: {kind: Score() for kind in ("all",) + KINDS})
    misses: list[str] = field(default_factory=list)
    false_links: list[str] = field(default_factory=list)
    ambiguous_expected: int = 0
    ambiguous_right: int = 0
    ambiguous_missed: list[str] = field(default_factory=list)
    ambiguous_extra: list[str] = field(default_factory=list)


def evaluate(path: Path) -> Result:
    """Run the linker on every text of the labelled set at *path* and score it."""
    labelled = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    index = build_index([(Path(path), labelled.get("registry") or {})])
    result = Result()
    for item in labelled["texts"]:
        result.texts += 1
        analysis = analyse(index, item["text"])
        new_people = {key for _, key in analysis.people}
        found = {mention.ref: mention for mention in analysis.mentions}
        expected = set(item.get("links") or [])

        def kind_of(key: str) -> str:
            target = index.targets.get(key)
            return target.kind if target else ("person" if key in new_people or "-" in key else "?")

        for key in expected | set(found):
            kind = kind_of(key)
            for name in ("all", kind):
                score = result.scores.setdefault(name, Score())
                score.expected += key in expected
                score.linked += key in found
                score.right += key in expected and key in found
            if key in expected and key not in found:
                result.misses.append(f"{item['id']}: {key} ({kind})")
            elif key in found and key not in expected:
                mention = found[key]
                result.false_links.append(f"{item['id']}: {key} ({kind}) from '{mention.words}': {mention.why}")
        wanted = set(item.get("ambiguous") or [])
        reported = {mention.words for mention in analysis.ambiguous}
        result.ambiguous_expected += len(wanted)
        result.ambiguous_right += len(wanted & reported)
        result.ambiguous_missed += [f"{item['id']}: {words}" for words in sorted(wanted - reported)]
        result.ambiguous_extra += [f"{item['id']}: {words} {m.candidates}" for m in analysis.ambiguous
                                   for words in [m.words] if words not in wanted]
    return result
