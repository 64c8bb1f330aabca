"""The query page: an editor with the dataset's prefixes, the example queries, results as a table.

The page's script (static/sparql.js) runs queries against /sparql and inserts
what comes back as text only; the page's Content-Security-Policy allows scripts
from the site alone.
"""

from __future__ import annotations

from flask import Response, url_for

from ...namespaces import PREFIXES
from ...sparql.examples import example_queries
from ...sparql.formats import formats_for
from ...sparql.limits import Limits
from ..site.current import Site
from ..site.html import CONTENT_SECURITY_POLICY, page
from ..site.labels import reader_languages
from ..site.ui import ui_language

PAGE_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'none'", "script-src 'self'")

WORDS = {
    "en": {"query": "Query", "run": "Run", "permalink": "Permalink to this query",
           "examples": "Example research queries", "results": "Results",
           "download": "Download the results as", "running": "Running…", "rows": "rows",
           "truncated": "truncated", "endpoint": "Endpoint",
           "intro": "Ask the whole dataset with SPARQL 1.1. The default graph is the union of all "
                    "named graphs; each named graph holds what one source document says, so "
                    "GRAPH ?g tells where a fact comes from.",
           "limits": "Each query may run {timeout:g} s and return {rows} rows; longer queries "
                     "are stopped, longer results cut (and marked as cut).",
           "load": "Load into the editor"},
    "sv": {"query": "Fråga", "run": "Kör", "permalink": "Permanent länk till frågan",
           "examples": "Exempel på forskningsfrågor", "results": "Resultat",
           "download": "Ladda ned resultatet som", "running": "Kör…", "rows": "rader",
           "truncated": "avkortat", "endpoint": "Ändpunkt",
           "intro": "Fråga hela datamängden med SPARQL 1.1. Standardgrafen är unionen av alla "
                    "namngivna grafer; varje namngiven graf innehåller vad ett källdokument säger, "
                    "så GRAPH ?g visar var ett påstående kommer ifrån.",
           "limits": "Varje fråga får köra i {timeout:g} s och ge {rows} rader; längre frågor "
                     "stoppas, längre resultat avkortas (och markeras som avkortade).",
           "load": "Läs in i redigeraren"},
}


def query_page(site: Site, limits: Limits, endpoint: str, query: str) -> Response:
    """Render the query page, its editor holding *query* (run at once when given) or a starter."""
    language = ui_language(reader_languages())
    words = WORDS.get(language, WORDS["en"])
    prologue = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
    starter = prologue + "\nSELECT ?type (COUNT(?thing) AS ?things)\nWHERE {\n  ?thing a ?type .\n}\n" \
                         "GROUP BY ?type\nORDER BY DESC(?things)\n"
    response = page(
        "sparql.html", sparql_words=words, query=query or starter, autorun=bool(query),
        examples=example_queries(), base=site.base, endpoint=endpoint,
        endpoint_path=url_for("sparql.endpoint"),
        limits_text=words["limits"].format(timeout=limits.timeout, rows=limits.max_rows),
        solution_formats=formats_for(False), graph_formats=formats_for(True))
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return response
