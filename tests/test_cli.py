"""The lodpub command: init, validate's formats, help, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from rdflib import Graph
from rdflib.namespace import RDF

from conftest import run_cli
from lodpub.namespaces import SH


def test_init_makes_a_project_that_builds(tmp_path):
    target = tmp_path / "my-site"
    result = run_cli("init", target)
    assert result.returncode == 0, result.stderr
    assert "# " in (target / "lodpub.toml").read_text(encoding="utf-8"), "lodpub.toml is commented"
    assert run_cli("validate", target).returncode == 0
    built = run_cli("build", target)
    assert built.returncode == 0, built.stderr
    assert (target / "_build" / "current" / "dumps" / "dataset.ttl").is_file()
    assert 'base = "http://localhost:8000/"' in (target / "lodpub.toml").read_text(encoding="utf-8")
    assert "set 'base' in" in result.stdout and "public address" in result.stdout


def test_init_writes_the_sites_public_address_as_base(tmp_path):
    target = tmp_path / "my-site"
    result = run_cli("init", target, "--base", "https://data.example.se/")
    assert result.returncode == 0, result.stderr
    assert 'base = "https://data.example.se/"' in (target / "lodpub.toml").read_text(encoding="utf-8")
    built = run_cli("build", target)
    assert "under https://data.example.se/" in built.stdout
    bad = run_cli("init", tmp_path / "other", "--base", "https://data.example.se")
    assert bad.returncode == 1 and "ending in '/'" in bad.stderr and not (tmp_path / "other").exists()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = run_cli("init", tmp_path)
    assert result.returncode == 1
    assert "already exists and is not empty" in result.stderr
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_validate_passes_on_the_example_and_shows_warnings(project):
    result = run_cli("validate", project)
    assert result.returncode == 0, result.stdout
    assert "0 violation(s)" in result.stdout
    assert "warning:" in result.stdout and "field 'image'" in result.stdout


def test_validate_json(project):
    result = run_cli("validate", project, "--format", "json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["conforms"] is True and report["violations"] == 0
    warning = report["results"][0]
    assert warning["severity"] == "warning"
    assert warning["file"].startswith("content/articles/") and warning["field"] == "image"


def end_the_conference_before_it_starts(project):
    path = project / "registry" / "events.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("endDate: 2023-06-20", "endDate: 2023-06-18"),
                    encoding="utf-8")


def test_validate_turtle_is_a_shacl_report(project):
    end_the_conference_before_it_starts(project)
    result = run_cli("validate", project, "--format", "turtle")
    assert result.returncode == 1
    graph = Graph().parse(data=result.stdout, format="turtle")
    report = next(graph.subjects(RDF.type, SH.ValidationReport))
    assert str(graph.value(report, SH.conforms)) == "false"
    components = {str(graph.value(result, SH.sourceConstraintComponent))
                  for result in graph.objects(report, SH.result)}
    assert str(SH.LessThanOrEqualsConstraintComponent) in components


def test_validate_text_names_file_key_and_field_in_swedish(project):
    end_the_conference_before_it_starts(project)
    result = run_cli("validate", project, "--lang", "sv")
    assert result.returncode == 1
    assert "registry/events.yaml" in result.stdout
    assert "'2023-06-19-stockholm-partnership-conference', field 'startDate'" in result.stdout
    assert "Det slutar inte innan det börjar." in result.stdout


def test_help_teaches_by_example_and_starts_without_rdflib():
    result = subprocess.run(
        [sys.executable, "-c",
         "import sys, lodpub.cli\n"
         "try:\n    lodpub.cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
         "print('heavy:', sorted(m for m in ('rdflib', 'pyshacl', 'pyoxigraph', 'flask') if m in sys.modules))"],
        capture_output=True, text=True)
    assert "lodpub init my-site" in result.stdout
    assert "heavy: []" in result.stdout


def test_no_command_is_misuse():
    assert run_cli().returncode == 2
    assert run_cli("build", "--no-such-option").returncode == 2


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("lodpub ")


def test_query_options_may_stand_between_project_and_query(built_example):
    result = run_cli("query", built_example, "--format", "csv", "ASK { ?s ?p ?o }")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].lower() == "true"
