"""Names in words for resources the data gives no label: a mandate is called by its holder,
role and organisation, a signature by whom it was made for and when, a quotation by its text.

One query reads, for the unlabelled resources a page links to, the facts that make
their names, with the labels of the resources those facts point to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import Literal

from ...namespaces import DCTERMS, LP, ORG, RDFS, SCHEMA, SKOS
from ...store import DataStore, to_rdflib
from ..site.labels import Languages

#: The facts a name is made of, in the order they are said.
PARTS = (ORG.member, ORG.role, SCHEMA.roleName, ORG.organization, LP.onBehalfOf, SCHEMA.text,
         SCHEMA.variableMeasured, SCHEMA.value, DCTERMS.date, SCHEMA.observationDate)
NAMING = (SKOS.prefLabel, SCHEMA.name, SCHEMA.headline, RDFS.label)
#: A quotation's text is cut to this many characters in its name.
QUOTED = 60


def names_query(iris: Iterable[str]) -> str:
    values = " ".join(f"<{iri}>" for iri in iris)
    parts = " ".join(f"<{iri}>" for iri in PARTS)
    naming = "|".join(f"<{iri}>" for iri in NAMING)
    return f"""SELECT ?s ?p ?o ?label WHERE {{
  VALUES ?s {{ {values} }} VALUES ?p {{ {parts} }} ?s ?p ?o
  OPTIONAL {{ ?o {naming} ?label }}
}}"""


class Names:
    """What the store says that names each of some resources: ``{iri: {part: {value: labels}}}``."""

    def __init__(self, parts: dict[str, dict]):
        self.parts = parts

    @classmethod
    def read(cls, store: DataStore, iris: Iterable[str]) -> "Names":
        iris = sorted(set(iris))
        parts: dict[str, dict] = {}
        if iris:
            for row in store.query(names_query(iris)):
                values = parts.setdefault(row["s"].value, {}).setdefault(row["p"].value, {})
                labels = values.setdefault(to_rdflib(row["o"]), [])
                if row["label"] is not None:
                    labels.append(to_rdflib(row["label"]))
        return cls(parts)

    def name(self, iri: str, kind: Literal | None, languages: Languages,
             say: Callable[[Literal], str], unsaid: str | None = None) -> Literal | None:
        """Return the name in words of *iri* (of type *kind*), or None when nothing names it.

        A mandate is named by holder, role and organisation (*unsaid*, the resource the
        page is about, is left out); anything else by its kind and what it is for.
        *say* writes a typed literal (a date, a number) for the reader.
        """
        parts = self.parts.get(iri, {})
        words = []
        for predicate in PARTS:
            said = self._said(parts.get(str(predicate), {}), languages, unsaid, say)
            if said is None:
                continue
            if predicate == SCHEMA.roleName and str(ORG.role) in parts:
                continue  # the role's own label says it, in more languages
            if predicate == SCHEMA.text:
                said = f"“{said[:QUOTED]}{'…' if len(said) > QUOTED else ''}”"
            words.append(said)
        is_role = str(ORG.role) in parts or str(SCHEMA.roleName) in parts
        if not words:
            return None
        if kind is not None and not is_role:
            words.insert(0, str(kind)[:1].upper() + str(kind)[1:] + ":")
            return Literal(words[0] + " " + ", ".join(words[1:]))
        return Literal(", ".join(words))

    @staticmethod
    def _said(values: dict, languages: Languages, unsaid: str | None,
              say: Callable[[Literal], str]) -> str | None:
        texts = []
        for value, labels in values.items():
            if str(value) == unsaid:
                continue
            if isinstance(value, Literal):
                best = Literal(say(value), lang=value.language) if value.datatype else value
            else:
                best = languages.best(labels)
            if best is not None:
                texts.append(best)
        best = languages.best(texts)
        return str(best) if best is not None else None
