"""Members: the triples of each resource in a canonical form, so that a change between
builds is a change of digest.

A member is what the change log records and the event streams publish for one
resource: the set of triples whose subject is the resource (or one of its
``#fragment`` IRIs), closed over the blank nodes they lead to. Blank nodes get
labels derived from what they say, not from the parser, so two builds of the
same content give the same digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

Term = str                     # an RDF term in N-Triples syntax: <iri>, _:label or "literal"
Triple = tuple[Term, Term, Term]


@dataclass(frozen=True)
class Member:
    """What the data says about one resource: canonical triples and their digest."""

    resource: str
    triples: tuple[Triple, ...]
    digest: str


def is_blank(term: Term) -> bool:
    return term.startswith("_:")


def members_of(triples: Iterable[tuple[str, Term, Term, Term]]) -> dict[str, Member]:
    """Group ``(owner, subject, predicate, object)`` rows into canonical members.

    *owner* names the resource an IRI subject's triple belongs to, or is None for
    triples about blank nodes, which join the member of every resource that
    reaches them.

    >>> rows = [("http://x/a", "<http://x/a>", "<http://x/p>", "_:n1"),
    ...         (None, "_:n1", "<http://x/q>", '"v"')]
    >>> other = [("http://x/a", "<http://x/a>", "<http://x/p>", "_:zz"),
    ...          (None, "_:zz", "<http://x/q>", '"v"')]
    >>> members_of(rows)["http://x/a"].digest == members_of(other)["http://x/a"].digest
    True
    """
    owned: dict[str, list[Triple]] = {}
    blank: dict[Term, list[tuple[Term, Term]]] = {}
    for owner, subject, predicate, obj in triples:
        if owner is None:
            if is_blank(subject):
                blank.setdefault(subject, []).append((predicate, obj))
        else:
            owned.setdefault(owner, []).append((subject, predicate, obj))
    labels = _BlankLabels(blank)
    members = {}
    for resource, rows in owned.items():
        lines: set[Triple] = set()
        reached: list[Term] = []
        for subject, predicate, obj in rows:
            lines.add((subject, predicate, labels.canonical(obj)))
            if is_blank(obj):
                reached.append(obj)
        seen: set[Term] = set()
        while reached:
            node = reached.pop()
            if node in seen:
                continue
            seen.add(node)
            for predicate, obj in blank.get(node, ()):
                lines.add((labels.canonical(node), predicate, labels.canonical(obj)))
                if is_blank(obj):
                    reached.append(obj)
        ordered = tuple(sorted(lines))
        digest = hashlib.sha256("\n".join(" ".join(line) for line in ordered).encode()).hexdigest()
        members[resource] = Member(resource, ordered, digest)
    return members


class _BlankLabels:
    """Labels for blank nodes from a hash of their outgoing triples, recursively."""

    def __init__(self, blank: dict[Term, list[tuple[Term, Term]]]):
        self._blank = blank
        self._labels: dict[Term, Term] = {}
        self._visiting: set[Term] = set()

    def canonical(self, term: Term) -> Term:
        if not is_blank(term):
            return term
        if term in self._labels:
            return self._labels[term]
        if term in self._visiting:      # a cycle of blank nodes: break it with a fixed mark
            return "_:cycle"
        self._visiting.add(term)
        parts = sorted(f"{predicate} {self.canonical(obj)}" for predicate, obj in self._blank.get(term, ()))
        self._visiting.discard(term)
        label = "_:c" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
        self._labels[term] = label
        return label


def rename_blanks(triples: Iterable[Triple], prefix: str) -> list[Triple]:
    """Prefix every blank node label, so that members side by side keep their own nodes.

    >>> rename_blanks([("<http://x/a>", "<http://x/p>", "_:c1")], "m7")
    [('<http://x/a>', '<http://x/p>', '_:m7c1')]
    """
    def rename(term: Term) -> Term:
        return f"_:{prefix}{term[2:]}" if is_blank(term) else term

    return [(rename(s), p, rename(o)) for s, p, o in triples]
