"""The endpoint's limits, read from the settings; each error names the setting that sets it."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import SETTINGS_BY_NAME, Config
from ..errors import BadQuery, QueryTimeout, ServerBusy


class QueryTooLong(BadQuery):
    """The query is longer than ``sparql.max_query_length``."""

    status = 413


#: Seconds a client is asked to wait when the server is busy: most queries end well within.
RETRY_AFTER = 2


def _default(name: str):
    return SETTINGS_BY_NAME[name].default


@dataclass(frozen=True)
class Limits:
    """Time limit (seconds), row cap and maximum query length of the endpoint."""

    timeout: float = _default("sparql.timeout")
    max_rows: int = _default("sparql.max_rows")
    max_query_length: int = _default("sparql.max_query_length")
    memory_limit: int = _default("sparql.memory_limit")    # MiB
    concurrent_queries: int = _default("sparql.concurrent_queries")

    @classmethod
    def from_config(cls, config: Config) -> "Limits":
        return cls(float(config["sparql.timeout"]), int(config["sparql.max_rows"]),
                   int(config["sparql.max_query_length"]), int(config["sparql.memory_limit"]),
                   int(config["sparql.concurrent_queries"]))

    def check_length(self, query: str) -> None:
        """Raise QueryTooLong when *query* has more characters than allowed.

        >>> Limits(max_query_length=5).check_length("SELECT")
        Traceback (most recent call last):
        lodpub.sparql.limits.QueryTooLong: the query has 6 characters, more than sparql.max_query_length (5)
          hint: shorten the query, or raise the limit in lodpub.toml: [sparql] max_query_length = ...
        """
        if len(query) > self.max_query_length:
            raise QueryTooLong(
                f"the query has {len(query)} characters, more than sparql.max_query_length "
                f"({self.max_query_length})",
                hint="shorten the query, or raise the limit in lodpub.toml: "
                     "[sparql] max_query_length = ...")

    def timed_out(self) -> QueryTimeout:
        return QueryTimeout(
            f"the query ran longer than sparql.timeout ({self.timeout:g} s) and was stopped",
            hint="make the query more selective (LIMIT, fewer unbound patterns), or raise the "
                 "limit in lodpub.toml: [sparql] timeout = ...")

    def out_of_memory(self) -> QueryTimeout:
        return QueryTimeout(
            f"the query needed more memory than sparql.memory_limit ({self.memory_limit} MiB) "
            "and was stopped",
            hint="make the query more selective (LIMIT, fewer unbound patterns, no ORDER BY over "
                 "everything), or raise the limit in lodpub.toml: [sparql] memory_limit = ...")

    def busy(self) -> ServerBusy:
        """The answer to a query that finds every evaluator of its worker at work."""
        return ServerBusy(
            f"the server is busy: {self.concurrent_queries} queries are running "
            "(sparql.concurrent_queries); try again shortly",
            hint="wait the seconds the Retry-After header gives, then send the query again",
            retry_after=RETRY_AFTER)

    def truncation_note(self, unit: str = "rows") -> str:
        return (f"results truncated to the first {self.max_rows} {unit} by sparql.max_rows; "
                "add LIMIT/OFFSET to page through them, or raise it in lodpub.toml: "
                "[sparql] max_rows = ...")
