"""An incremental build publishes exactly what a full build of the same content publishes:
store (graph by graph), dumps, catalog, VoID, manifest, report and event stream; a
build killed while writing its cache leaves nothing a later build trusts wrongly."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import BUILD_EPOCH, copy_example, run_main
from lodpub.release import STORE_FILES
from lodpub.store import to_rdflib

ARTICLES = Path("content/articles")
ORIGINAL = "2023-06-22-signerat-partnerskap-vannas-slobozhanske.md"


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def add_article(project: Path, name: str, headline: str) -> None:
    text = (project / ARTICLES / ORIGINAL).read_text(encoding="utf-8")
    text = text.replace("headline: Signerat partnerskap mellan Vännäs och Slobozhanske",
                        f"headline: {headline}")
    (project / ARTICLES / name).write_text(text, encoding="utf-8")


def rename_article(project: Path, old: str, new: str) -> None:
    (project / ARTICLES / old).rename(project / ARTICLES / new)


def delete_article(project: Path, name: str) -> None:
    (project / ARTICLES / name).unlink()


STEPS = [
    ("edit an article", lambda p: edit(p, f"{ARTICLES}/{ORIGINAL}", "datePublished: 2023-06-22",
                                       "datePublished: 2023-06-23")),
    ("add two articles", lambda p: (add_article(p, "2023-07-01-one.md", "En till nyhet"),
                                    add_article(p, "2023-07-02-two.md", "Och en nyhet till"))),
    ("rename an article", lambda p: rename_article(p, "2023-07-01-one.md", "2023-07-03-moved.md")),
    ("rename a municipality the articles mention",
     lambda p: edit(p, "registry/municipalities.yaml", "sv: Vännäs kommun,", "sv: Vännäs kommun (ny),")),
    ("delete an article", lambda p: delete_article(p, "2023-07-02-two.md")),
    ("edit a place nothing else changes with",
     lambda p: edit(p, "registry/places.yaml", "Västerbottens län", "Västerbotten")),
]


def build(capsys, project: Path, *options: str) -> str:
    code, out, err = run_main(capsys, "build", project, *options)
    assert code == 0, err
    return out


def published(project: Path) -> dict:
    """Everything a build publishes, in a form two builds can be compared in."""
    release = (project / "_build" / "current").resolve()
    store = ox.Store.read_only(str(release / "store"))
    graphs: dict[str, Graph] = {}
    for quad in store:
        graphs.setdefault(str(quad.graph_name), Graph()).add(
            (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    del store
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    del manifest[STORE_FILES]  # the store's own files: its contents are compared graph by graph
    (log,) = (project / "_build" / "ldes").glob("*.sqlite")
    with closing(sqlite3.connect(log)) as db:
        events = db.execute("SELECT stream, seq, page, time, kind, resource, digest, payload "
                            "FROM events ORDER BY stream, seq").fetchall()
        latest = db.execute("SELECT * FROM latest ORDER BY stream, resource").fetchall()
    return {
        "release": release.name,
        "graphs": graphs,
        "dumps": {path.name: path.read_bytes() for path in sorted((release / "dumps").glob("dataset.*"))},
        "feeds": {path.name: Graph().parse(path, format="nt")
                  for path in sorted((release / "feeds").glob("*.nt"))},
        "pending": (release / "feeds" / "pending.json").read_text(encoding="utf-8"),
        "manifest": manifest,
        "report": json.loads((release / "report.json").read_text(encoding="utf-8")),
        "events": events,
        "latest": latest,
    }


def assert_same(incremental: dict, full: dict, step: str = "") -> None:
    for part in full:
        if part == "graphs":
            assert incremental["graphs"].keys() == full["graphs"].keys()
            for name in full["graphs"]:   # the store names blank nodes as it loads them
                assert isomorphic(incremental["graphs"][name], full["graphs"][name]), name
        elif part == "feeds":             # catalog and VoID: their partitions are blank nodes
            for name in full["feeds"]:
                assert isomorphic(incremental["feeds"][name], full["feeds"][name]), name
        else:
            assert incremental[part] == full[part], (step, part)


@pytest.fixture
def twins(tmp_path, monkeypatch):
    """Two copies of the example, built at one fixed time (so their graphs say the same
    generation time), keeping every release (so that no release name comes again)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    projects = copy_example(tmp_path / "incremental"), copy_example(tmp_path / "full")
    for project in projects:
        with open(project / "lodpub.toml", "a", encoding="utf-8") as settings:
            settings.write("\n[build]\nkeep = 100\n")
    return projects


def test_incremental_builds_publish_what_full_builds_do(capsys, twins):
    incremental, full = twins
    build(capsys, incremental)
    build(capsys, full, "--full")
    assert_same(published(incremental), published(full))
    for name, change in STEPS:
        change(incremental)
        change(full)
        out = build(capsys, incremental)
        assert "derived every document again" not in out, name
        assert "--full" in build(capsys, full, "--full")
        assert_same(published(incremental), published(full), name)
    assert "nothing changed since the last build" in build(capsys, incremental)


def test_only_the_documents_that_depend_on_a_changed_entry_are_derived_again(capsys, twins):
    project, _ = twins
    build(capsys, project)
    before = {item["path"]: item["key"] for item in published(project)["manifest"]["documents"]}
    edit(project, "registry/municipalities.yaml", "sv: Vännäs kommun,", "sv: Vännäs kommun (ny),")
    out = build(capsys, project)
    after = {item["path"]: item["key"] for item in published(project)["manifest"]["documents"]}
    changed = {path for path in after if after[path] != before.get(path)}
    assert {"registry/municipalities.yaml", f"{ARTICLES}/{ORIGINAL}"} <= changed
    assert "registry/places.yaml" not in changed          # names no municipality by key
    assert f"validated {len(changed)} new or changed document(s)" in out


def test_a_changed_setting_derives_everything_and_says_why(capsys, twins):
    project, _ = twins
    build(capsys, project)
    out = build(capsys, project, "--base", "https://data.example.org/")
    assert "derived every document again: the setting base changed" in out
    assert "--full: the build cache was thrown away" in build(capsys, project, "--full")
    assert not list((project / "_build" / "cache" / "derived").rglob("*.writing-*"))


def test_a_build_killed_while_writing_its_cache_leaves_nothing_trusted_wrongly(
        capsys, twins, monkeypatch):
    import lodpub.cache

    incremental, full = twins
    build(capsys, incremental)
    build(capsys, full, "--full")
    first = published(incremental)
    for project in twins:
        edit(project, f"{ARTICLES}/{ORIGINAL}", "datePublished: 2023-06-22", "datePublished: 2023-06-24")
        add_article(project, "2023-07-01-one.md", "En till nyhet")

    real_replace, calls = lodpub.cache.os.replace, []

    def killed_after_one(source, target):
        calls.append(target)
        if len(calls) > 1:
            raise KeyboardInterrupt  # as if the process ended here
        real_replace(source, target)

    monkeypatch.setattr(lodpub.cache.os, "replace", killed_after_one)
    code, _, err = run_main(capsys, "build", incremental)
    assert code == 130 and "interrupted; the last good build is unchanged" in err
    assert len(calls) == 2
    monkeypatch.setattr(lodpub.cache.os, "replace", real_replace)
    assert_same(published(incremental), first)               # the last good build is untouched
    assert not list((incremental / "_build" / "cache").rglob(".writing-*"))
    build(capsys, incremental)
    build(capsys, full, "--full")
    assert_same(published(incremental), published(full))
