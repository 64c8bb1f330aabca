"""What each example query in queries/ answers on the example project.

IRIs are written relative to the base the project was built under; only the
variables listed are compared, in the order the query sorts its rows.
"""

VANNAS = "id/municipality/se-2460"
SLOBOZHANSKE = "id/municipality/ua-UA63140110000087562"
ARTICLE = "id/article/2023-06-22-signerat-partnerskap-vannas-slobozhanske"
CONFERENCE = "Partnership conference of Swedish and Ukrainian municipalities"
LETTER = "Letter of intent between Vännäs and Slobozhanske"

EXPECTED: dict[str, list[dict[str, str]]] = {
    "01-partnerships-by-country-pair": [
        {"countryA": "Sweden", "countryB": "Ukraine", "partnerships": "1"},
    ],
    "02-articles-mentioning-a-municipality": [
        {"article": ARTICLE, "published": "2023-06-22", "municipality": SLOBOZHANSKE,
         "name": "Slobozhanske settlement hromada"},
        {"article": ARTICLE, "published": "2023-06-22", "municipality": VANNAS,
         "name": "Vännäs Municipality"},
    ],
    "03-signatures": [
        {"agreementName": LETTER, "onBehalfOf": SLOBOZHANSKE, "organisation": "Slobozhanske settlement hromada",
         "date": "2023-06-20", "eventName": CONFERENCE},
        {"agreementName": LETTER, "onBehalfOf": VANNAS, "organisation": "Vännäs Municipality",
         "date": "2023-06-20", "eventName": CONFERENCE},
    ],
    "04-agreements-by-type-and-year": [
        {"type": "https://w3id.org/lodpub/ns#letterOfIntent", "typeLabel": "letter of intent",
         "year": "2023", "agreements": "1"},
    ],
    "05-cooperation-areas": [
        {"label": "local democracy and decentralisation", "partnerships": "1"},
        {"label": "reconstruction", "partnerships": "1"},
        {"label": "support for Ukraine's resistance", "partnerships": "1"},
    ],
    "06-source-of-a-fact": [
        {"municipality": VANNAS, "graph": "graph/registry/partnerships", "file": "registry/partnerships.yaml"},
        {"municipality": SLOBOZHANSKE, "graph": "graph/registry/partnerships",
         "file": "registry/partnerships.yaml"},
    ],
    "07-municipalities-with-several-partners": [],
}
#: Variables the example leaves unbound in every row (who signed is not in the sources).
UNBOUND = {"03-signatures": ("signer", "signerName")}


def simplify(bindings: list[dict], base: str) -> list[dict[str, str]]:
    """Turn SPARQL JSON bindings into plain values, IRIs under *base* made relative."""
    return [{name: term["value"].removeprefix(base) if term["type"] == "uri" else term["value"]
             for name, term in binding.items()} for binding in bindings]


def matches(rows: list[dict[str, str]], expected: list[dict[str, str]]) -> bool:
    return len(rows) == len(expected) and all(
        {name: row.get(name) for name in wanted} == wanted for row, wanted in zip(rows, expected))
