"""Project settings: ``lodpub.toml``, declared once in ``SETTINGS`` with defaults and help."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .suggest import did_you_mean

CONFIG_FILE = "lodpub.toml"
DEFAULT_PORT = 8000
#: The base of a project that sets none: fixed, so that no IRI depends on the serving address.
DEFAULT_BASE = f"http://localhost:{DEFAULT_PORT}/"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    kind: type | tuple[type, ...]
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("base", None, str,
            "Base IRI under which things are minted, ending in '/': the site's public address. "
            f"Unset: {DEFAULT_BASE}, whatever address serves the build."),
    Setting("dataset.title", {}, dict, "Dataset title per language, e.g. {sv = '…', en = '…'}."),
    Setting("dataset.description", {}, dict, "Dataset description per language."),
    Setting("dataset.publisher", None, str,
            "Registry key of the publishing organisation or municipality."),
    Setting("dataset.license", "https://creativecommons.org/licenses/by/4.0/", str,
            "IRI of the licence under which the data is published."),
    Setting("dataset.contact_email", None, str, "E-mail address of the contact point."),
    Setting("dataset.languages", ["sv", "en"], list, "Languages the content is written in."),
    Setting("dataset.label_languages", ["sv", "en", "uk"], list,
            "Order in which labels are chosen when the reader's language has none."),
    Setting("dataset.timezone", "Europe/Stockholm", str,
            "Time zone (IANA name) of dates without a time, e.g. an article's datePublished "
            "in schema.org JSON-LD gets midnight in this zone."),
    Setting("build.dir", "_build", str, "Folder, relative to the project, that holds the builds."),
    Setting("build.keep", 2, int, "How many earlier builds to keep beside the current one."),
    Setting("build.batch_size", 200, int,
            "Documents validated together in one SHACL run (results stay per document)."),
    Setting("sparql.timeout", 5.0, (int, float), "Seconds a SPARQL query may run before it is stopped."),
    Setting("sparql.max_rows", 10000, int, "Rows a SELECT returns at most; a cut is always signalled."),
    Setting("sparql.max_query_length", 20000, int, "Characters a SPARQL query may have at most."),
    Setting("sparql.memory_limit", 1024, int,
            "MiB of memory one SPARQL query may use besides what the open store takes."),
    Setting("sparql.concurrent_queries", 4, int,
            "SPARQL queries one server worker evaluates at once; more are refused with 503 "
            "and Retry-After."),
    Setting("server.workers", 2, int, "Worker processes of 'lodpub serve' (about one per core)."),
    Setting("server.threads", 64, int,
            "Threads of each worker: requests one worker serves at once; a slow client "
            "holds one while it sends its request."),
    Setting("server.cache_seconds", 300, int,
            "Seconds clients and proxies may reuse a response (Cache-Control max-age)."),
    Setting("server.render_cache", 64, int,
            "MiB of rendered documents (pages, RDF) each worker keeps for the build it serves; "
            "0 renders every request."),
    Setting("server.incoming_links", 500, int,
            "Resources that link to a resource listed at most in its description; "
            "SPARQL gives them all."),
    Setting("feed.entries", 20, int, "Newest articles listed in the Atom feed."),
    Setting("dataset.themes", ["GOVE"], list,
            "EU data themes of the dataset in the catalog (codes such as GOVE, REGI, SOCI)."),
    Setting("dataset.publisher_type", None, str,
            "ADMS publisher type of the publisher in the catalog (e.g. LocalAuthority, "
            "NonProfitOrganisation). Unset: LocalAuthority when the publisher is a municipality."),
    Setting("ldes.page_size", 250, int,
            "Events per page of the event streams; pages already full keep their size."),
    Setting("ldes.polling_interval", 60, int,
            "Seconds clients should wait before asking the event streams again; also the "
            "cache lifetime of their pages that still change."),
    Setting("content.max_file_bytes", 4 * 1024 * 1024, int,
            "Bytes a content file (an article with its body, a registry file) may have at "
            "most; a larger file is refused, unread."),
    Setting("api.tokens", {}, dict,
            "Tokens of the write API by name, each {hash = 'sha256:…', rights = ['read', "
            "'write']}; 'lodpub token new NAME' makes one. None: the API refuses every request."),
    Setting("api.max_request_bytes", 1024 * 1024, int,
            "Bytes a request to the write API may send at most; more is refused (413), unread."),
    Setting("api.writes_per_minute", 60, int,
            "Writes one token may make per minute; more are refused (429, with Retry-After)."),
)

SETTINGS_BY_NAME = {setting.name: setting for setting in SETTINGS}
SECTIONS = {name.split(".")[0] for name in SETTINGS_BY_NAME if "." in name}


@dataclass(frozen=True)
class Config:
    """Settings of one project, with defaults filled in."""

    project_dir: Path
    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        if name in self.values:
            return self.values[name]
        return SETTINGS_BY_NAME[name].default

    @property
    def base(self) -> str:
        return self["base"] or DEFAULT_BASE

    @property
    def base_is_set(self) -> bool:
        return self["base"] is not None

    @property
    def build_dir(self) -> Path:
        return self.project_dir / self["build.dir"]

    def with_base(self, base: str) -> "Config":
        check_base(base, "the base")
        return Config(self.project_dir, {**self.values, "base": base})


def load_config(project_dir: Path) -> Config:
    """Read ``lodpub.toml`` in *project_dir*, checking every name and type."""
    path = project_dir / CONFIG_FILE
    if not project_dir.is_dir():
        raise ConfigError(f"{project_dir}: no such project folder",
                          hint="give the folder that holds lodpub.toml, or run: lodpub init DIR")
    if not path.is_file():
        raise ConfigError(f"{path}: not found; a lodpub project has a {CONFIG_FILE}",
                          hint=f"create one with: lodpub init {project_dir}")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    return Config(project_dir, _flatten_and_check(raw, path))


def _flatten_and_check(raw: dict, path: Path) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in SECTIONS and isinstance(value, dict):
            items = [(f"{key}.{sub}", subvalue) for sub, subvalue in value.items()]
        else:
            items = [(key, value)]
        for name, item in items:
            setting = SETTINGS_BY_NAME.get(name)
            if setting is None:
                raise ConfigError(f"{path}: unknown setting '{name}'"
                                  + did_you_mean(name, SETTINGS_BY_NAME))
            if isinstance(item, bool) or not isinstance(item, setting.kind):
                expected = getattr(setting.kind, "__name__", None) or " or ".join(
                    kind.__name__ for kind in setting.kind)
                raise ConfigError(f"{path}: setting '{name}' must be a {expected}, "
                                  f"not {type(item).__name__} {item!r}")
            values[name] = item
    if values.get("base") is not None:
        check_base(values["base"], f"{path}: setting 'base'")
    return values


def check_base(base: str, where: str) -> None:
    """Raise ConfigError unless *base* can be a base IRI; *where* names where it came from."""
    if not (base.startswith(("http://", "https://")) and base.endswith("/")
            and len(base) > len("https://") and not any(c.isspace() for c in base)):
        raise ConfigError(f"{where} must be an http(s) IRI ending in '/', not {base!r}",
                          hint="the site's public address, e.g. https://data.example.se/")
