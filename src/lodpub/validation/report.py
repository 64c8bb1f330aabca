"""Validation results placed in the content: one finding per SHACL result, a report per project."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from rdflib import Graph

from ..errors import Location
from ..namespaces import SH, bind_prefixes

VIOLATION, WARNING, INFO = "violation", "warning", "info"
SEVERITIES = {SH.Violation: VIOLATION, SH.Warning: WARNING, SH.Info: INFO}
#: Bidirectional controls, written as their code point in a report so that they cannot
#: reorder the terminal's text.
BIDI_CONTROLS = {code: f"<U+{code:04X}>" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def visible(text: str) -> str:
    """Return *text* with its bidirectional control characters shown as code points.

    >>> visible("gnp\u202e.exe")
    'gnp<U+202E>.exe'
    """
    return text.translate(BIDI_CONTROLS)


@dataclass(frozen=True)
class Finding:
    """One SHACL result, placed in the content."""

    severity: str
    location: Location
    messages: dict[str, str]          # language → message
    focus: str
    path: str | None
    value: str | None
    shape: str
    component: str

    def message(self, language: str = "en") -> str:
        return self.messages.get(language) or self.messages.get("en") or next(
            iter(self.messages.values()), self.component.rsplit("#", 1)[-1])

    @classmethod
    def from_json(cls, data: dict) -> "Finding":
        """Read a finding back from ``as_json`` (a build keeps those of unchanged documents)."""
        return cls(
            severity=data["severity"],
            location=Location(data["file"], data["line"], data["key"], data["field"]),
            messages=data["messages"],
            focus=data["focusNode"],
            path=data["resultPath"],
            value=data["value"],
            shape=data["sourceShape"],
            component=data["sourceConstraintComponent"],
        )

    def as_json(self) -> dict:
        return {
            "severity": self.severity,
            "file": self.location.path,
            "line": self.location.line,
            "key": self.location.key,
            "field": self.location.field,
            "message": self.message("en"),
            "messages": self.messages,
            "focusNode": self.focus,
            "resultPath": self.path,
            "value": self.value,
            "sourceShape": self.shape,
            "sourceConstraintComponent": self.component,
        }


@dataclass
class Report:
    """The validation results of a whole project."""

    findings: list[Finding] = field(default_factory=list)
    graph: Graph = field(default_factory=lambda: bind_prefixes(Graph()))
    documents: int = 0

    @property
    def violation_count(self) -> int:
        return sum(1 for item in self.findings if item.severity == VIOLATION)

    @property
    def warning_count(self) -> int:
        return sum(1 for item in self.findings if item.severity != VIOLATION)

    @property
    def conforms(self) -> bool:
        return self.violation_count == 0

    def by_file(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {}
        for item in sorted(self.findings, key=lambda f: (f.location.path, f.location.line or 0)):
            grouped.setdefault(item.location.path, []).append(item)
        return grouped

    def to_text(self, language: str = "en", limit: int | None = None) -> str:
        """The report for people, grouped by file; at most *limit* results when given."""
        lines = []
        shown = 0
        for path, findings in self.by_file().items():
            if limit is not None and shown >= limit:
                break
            lines.append(path)
            for item in findings[:None if limit is None else limit - shown]:
                shown += 1
                where = item.location
                parts = [f"line {where.line}" if where.line else None,
                         f"'{where.key}'" if where.key else None,
                         f"field '{where.field}'" if where.field else None]
                prefix = ", ".join(part for part in parts if part)
                value = f" (value: {visible(item.value)})" if item.value else ""
                lines.append(f"  {item.severity}: {prefix}: {item.message(language)}{value}")
        if shown < len(self.findings) and limit is not None:
            lines.append(f"… and {len(self.findings) - shown} more: lodpub validate lists them all.")
        verdict = "conforms" if self.conforms else "does not conform"
        lines.append(f"{self.documents} document(s) checked: {self.violation_count} violation(s), "
                     f"{self.warning_count} warning(s); the project {verdict}.")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps({
            "conforms": self.conforms,
            "documents": self.documents,
            "violations": self.violation_count,
            "warnings": self.warning_count,
            "results": [item.as_json() for item in self.findings],
        }, ensure_ascii=False, indent=2)

    def to_turtle(self) -> str:
        return self.graph.serialize(format="turtle")
