"""The write API under /api/: tokens, creating, replacing and removing articles and registry
entries through the content files, validation first (400, 422), preconditions (412), bounds
(413, 429), and every accepted write live, in the event stream and in the Atom feed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lodpub
from conftest import copy_example, run_cli

NEWS = {"headline": "Nytt samarbetsavtal mellan Vännäs och Slobozhanske",
        "datePublished": "2024-05-02", "inLanguage": "sv", "publisher": "se-2460",
        "about": ["se-2460--ua-UA63140110000087562"],
        "body": "Kommunerna har **undertecknat** ett nytt avtal."}
EVENT = {"id": "2024-05-20-vannas-visit", "type": "Event", "name": {"sv": "Besök i Vännäs"},
         "startDate": "2024-05-20", "endDate": "2024-05-21"}


def make_token(project: Path, name: str, *extra: str) -> str:
    result = run_cli("token", "new", name, project, *extra)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A built copy of the example with a writing and a read-only token, and a test client."""
    project = copy_example(tmp_path_factory.mktemp("api") / "site")
    assert run_cli("build", project).returncode == 0
    writer, reader = make_token(project, "cms"), make_token(project, "viewer", "--read-only")
    client = lodpub.create_app(project).test_client()
    return project, client, {"Authorization": f"Bearer {writer}"}, {"Authorization": f"Bearer {reader}"}


def content_of(project: Path) -> dict[str, bytes]:
    """The project's own files (content, registry, settings) and the build that is current."""
    files = {path.relative_to(project).as_posix(): path.read_bytes()
             for folder in ("content", "registry") for path in sorted((project / folder).rglob("*"))
             if path.is_file()}
    files["lodpub.toml"] = (project / "lodpub.toml").read_bytes()
    files["current"] = str((project / "_build" / "current").resolve()).encode()
    return files


# --- tokens -------------------------------------------------------------------------------------

def test_a_token_is_shown_once_and_only_its_hash_is_kept(project, capsys):
    from conftest import run_main

    code, out, err = run_main(capsys, "token", "new", "cms", project)
    token = out.strip()
    assert code == 0 and token.startswith("lodpub_") and len(token) > 40
    settings = (project / "lodpub.toml").read_text(encoding="utf-8")
    assert token not in settings and "[api.tokens.cms]" in settings and 'hash = "sha256:' in settings
    assert "# Base IRI under which things are minted" in settings  # comments stay
    assert "shown only now" in err
    assert run_main(capsys, "token", "list", project)[1] == "cms\tread,write\n"
    code, _, err = run_main(capsys, "token", "new", "cms", project)
    assert code == 1 and "there is a token named 'cms' already" in err
    assert run_main(capsys, "token", "remove", "cms", project)[0] == 0
    assert run_main(capsys, "token", "list", project)[1] == ""


def test_without_a_token_401_with_a_challenge(site):
    _, client, _, _ = site
    response = client.post("/api/articles", json=NEWS)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="lodpub"'
    assert "Authorization: Bearer" in response.json["error"]["message"]
    wrong = client.post("/api/articles", json=NEWS, headers={"Authorization": "Bearer lodpub_nope"})
    assert wrong.status_code == 401 and 'error="invalid_token"' in wrong.headers["WWW-Authenticate"]
    assert client.get("/api/articles/x", headers={"Authorization": "Basic eDp5"}).status_code == 401


def test_a_token_without_the_right_to_write_gets_403(site):
    project, client, _, reader = site
    before = content_of(project)
    response = client.post("/api/articles", json=NEWS, headers=reader)
    assert response.status_code == 403
    assert "has no 'write' right" in response.json["error"]["message"]
    assert content_of(project) == before
    assert client.get("/api/events/2023-06-19-stockholm-partnership-conference",
                      headers=reader).status_code == 200


# --- writes -------------------------------------------------------------------------------------

def test_a_created_article_is_in_its_file_and_live_when_answered(site):
    project, client, writer, _ = site
    response = client.post("/api/articles", json=NEWS, headers=writer)
    assert response.status_code == 201, response.json
    key = "2024-05-02-nytt-samarbetsavtal-mellan-vannas-och-slobozhanske"
    assert response.json["id"] == key
    assert response.json["iri"] == f"http://localhost:8000/id/article/{key}"
    assert response.headers["Location"] == f"/api/articles/{key}"
    assert response.headers["Cache-Control"] == "no-store"
    text = (project / "content" / "articles" / f"{key}.md").read_text(encoding="utf-8")
    assert text.startswith("---\nheadline: Nytt samarbetsavtal") and text.endswith(
        "---\nKommunerna har **undertecknat** ett nytt avtal.\n")
    page = client.get(f"/doc/article/{key}", headers={"Accept": "text/turtle"})
    assert page.status_code == 200 and "undertecknat" in page.get_data(as_text=True)
    read = client.get(f"/api/articles/{key}", headers=writer)
    assert read.json == {"id": key, **NEWS}
    assert read.headers["ETag"] == response.headers["ETag"]


def test_a_violation_of_the_shapes_is_422_naming_the_field_and_nothing_changes(site):
    project, client, writer, _ = site
    before = content_of(project)
    response = client.post("/api/events", headers=writer,
                           json={**EVENT, "id": "backwards", "endDate": "2024-05-19"})
    assert response.status_code == 422
    problems = response.json["error"]["problems"]
    assert [(p["field"], p["message"]) for p in problems] == [
        ("startDate", "It ends no earlier than it starts.")]
    report = response.json["report"]
    assert report["conforms"] is False and report["results"][0]["field"] == "startDate"
    assert report["results"][0]["sourceConstraintComponent"].endswith("LessThanOrEqualsConstraintComponent")
    assert content_of(project) == before
    assert client.get("/id/event/backwards").status_code == 404


@pytest.mark.parametrize("body, field, words", [
    ({**NEWS, "datePublished": "2024-13-01"}, "datePublished", "expected a date as YYYY-MM-DD"),
    ({**NEWS, "headlin": "x"}, "headlin", "did you mean 'headline'?"),
    ({**NEWS, "publisher": "se-9999"}, "publisher", "se-9999"),
    ({**NEWS, "body": 3}, "body", "must be a string"),
    ({**NEWS, "id": "../etc/passwd"}, "id", "is not a key"),
    ({**NEWS, "keywords": ["a\ud800"]}, "keywords", "lone surrogate"),
])
def test_a_field_that_is_not_what_the_format_expects_is_400_naming_it(site, body, field, words):
    project, client, writer, _ = site
    before = content_of(project)
    data = json.dumps(body, ensure_ascii=True)
    response = client.post("/api/articles", data=data, content_type="application/json",
                           headers=writer)
    assert response.status_code == 400, response.json
    problem = response.json["error"]["problems"][0]
    assert problem["field"] == field and words in problem["message"]
    assert f"field '{field}" in response.json["error"]["message"]
    assert content_of(project) == before


@pytest.mark.parametrize("data, content_type, status, words", [
    (b"{not json", "application/json", 400, "not JSON"),
    (b"[1, 2]", "application/json", 400, "not an object"),
    (b'{"headline": NaN}', "application/json", 400, "NaN is not a JSON number"),
    (b"headline=x", "application/x-www-form-urlencoded", 415, "not application/json"),
    (b'{"a": ' * 50 + b"1" + b"}" * 50, "application/json", 400, "deeper than"),
])
def test_a_body_that_is_not_a_json_object_is_refused_saying_why(site, data, content_type, status, words):
    _, client, writer, _ = site
    response = client.post("/api/articles", data=data, content_type=content_type, headers=writer)
    assert response.status_code == status
    assert words in response.json["error"]["message"]


def test_replace_with_if_match_and_a_lost_update_is_412(site):
    project, client, writer, _ = site
    created = client.put(f"/api/events/{EVENT['id']}", json=EVENT, headers=writer)
    assert created.status_code == 201, created.json
    assert created.json["iri"] == f"http://localhost:8000/id/event/{EVENT['id']}"
    etag = created.headers["ETag"]
    renamed = {**EVENT, "name": {"sv": "Besök i Vännäs", "en": "Visit to Vännäs"}}
    replaced = client.put(f"/api/events/{EVENT['id']}", json=renamed,
                          headers={**writer, "If-Match": etag})
    assert replaced.status_code == 200 and replaced.headers["ETag"] != etag
    assert "Visit to Vännäs" in client.get(f"/doc/event/{EVENT['id']}",
                                           headers={"Accept": "text/turtle"}).get_data(as_text=True)
    before = content_of(project)
    stale = client.put(f"/api/events/{EVENT['id']}", json={**EVENT, "name": "Old"},
                       headers={**writer, "If-Match": etag})
    assert stale.status_code == 412
    assert replaced.headers["ETag"].strip('"') in stale.json["error"]["message"]
    assert client.delete(f"/api/events/{EVENT['id']}", headers={**writer, "If-Match": etag}
                         ).status_code == 412
    assert content_of(project) == before
    registry = (project / "registry" / "events.yaml").read_text(encoding="utf-8")
    assert "# " in registry.split("events:")[0] or registry.startswith("events:")  # still a registry file
    assert "Visit to Vännäs" in registry


def test_registry_entries_are_created_in_their_section_and_removed(site):
    project, client, writer, _ = site
    person = {"id": "anna-andersson", "name": "Anna Andersson", "givenName": "Anna", "familyName": "Andersson"}
    response = client.post("/api/people", json=person, headers=writer)
    assert response.status_code == 201, response.json
    assert response.json["iri"].startswith("http://localhost:8000/id/person/")  # opaque, not the key
    assert "anna-andersson" not in response.json["iri"]
    assert client.post("/api/people", json=person, headers=writer).status_code == 409
    assert "anna-andersson" in (project / "registry" / "people.yaml").read_text(encoding="utf-8")
    gone = client.delete("/api/people/anna-andersson", headers=writer)
    assert gone.status_code == 204 and gone.get_data() == b""
    assert "anna-andersson" not in (project / "registry" / "people.yaml").read_text(encoding="utf-8")
    assert client.get(response.json["iri"][len("http://localhost:8000"):]).status_code in (404, 410)
    assert client.delete("/api/people/anna-andersson", headers=writer).status_code == 404


def test_removing_what_other_content_refers_to_is_422_and_nothing_changes(site):
    project, client, writer, _ = site
    before = content_of(project)
    response = client.delete("/api/people/lillemor-lundgren", headers=writer)
    assert response.status_code == 422
    assert any("lillemor-lundgren" in problem["message"] and problem.get("file")
               for problem in response.json["error"]["problems"])
    assert content_of(project) == before


def test_an_unknown_collection_is_404(site):
    _, client, writer, _ = site
    response = client.post("/api/things", json={}, headers=writer)
    assert response.status_code == 404 and "the collections are articles" in response.json["error"]["hint"]


# --- bounds -------------------------------------------------------------------------------------

@pytest.fixture
def bounded(project):
    """The example with small bounds: 400 bytes a request, two writes a minute."""
    with (project / "lodpub.toml").open("a", encoding="utf-8") as settings:
        settings.write("\n[api]\nmax_request_bytes = 400\nwrites_per_minute = 2\n")
    assert run_cli("build", project).returncode == 0
    token = make_token(project, "cms")
    return project, lodpub.create_app(project).test_client(), {"Authorization": f"Bearer {token}"}


def test_a_request_larger_than_the_setting_is_413_unread(bounded):
    project, client, writer = bounded
    before = content_of(project)
    response = client.post("/api/articles", json={**NEWS, "body": "x" * 500}, headers=writer)
    assert response.status_code == 413
    assert "api.max_request_bytes" in response.json["error"]["message"]
    assert content_of(project) == before


def test_more_writes_a_minute_than_the_setting_are_429_with_retry_after(bounded):
    _, client, writer = bounded
    for _ in range(2):
        assert client.delete("/api/articles/no-such-article", headers=writer).status_code == 404
    response = client.delete("/api/articles/no-such-article", headers=writer)
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert "api.writes_per_minute" in response.json["error"]["message"]
    other = lodpub.create_app(bounded[0]).test_client()  # another worker counts the same writes
    assert other.delete("/api/articles/no-such-article", headers=writer).status_code == 429


def test_routing_errors_under_api_are_json_too(site):
    _, client, writer, _ = site
    response = client.patch("/api/articles/x", json={}, headers=writer)
    assert response.status_code == 405 and response.mimetype == "application/json"
    assert "PUT" in response.headers["Allow"] and response.json["error"]["status"] == 405


def test_the_openapi_document_describes_every_collection(site):
    _, client, _, _ = site
    document = client.get("/api/openapi.json").json
    assert document["openapi"].startswith("3.")
    assert {"/api/articles", "/api/articles/{id}", "/api/people/{id}"} <= set(document["paths"])
    article = document["components"]["schemas"]["Article"]
    assert {"headline", "datePublished", "body", "quotes"} <= set(article["properties"])
    assert article["required"] == ["headline", "datePublished", "inLanguage", "publisher"]
    assert document["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


def test_an_article_others_refer_to_cannot_be_removed(site):
    project, client, writer, _ = site
    founding = "2023-06-22-signerat-partnerskap-vannas-slobozhanske"
    follow_up = {**NEWS, "id": "2024-06-01-uppfoljning", "headline": "Uppföljning",
                 "mentions": [founding]}
    created = client.post("/api/articles", json=follow_up, headers=writer)
    assert created.status_code == 201, created.json
    before = content_of(project)
    refused = client.delete(f"/api/articles/{founding}", headers=writer)
    assert refused.status_code == 422
    assert [problem["file"] for problem in refused.json["error"]["problems"]] == [
        "content/articles/2024-06-01-uppfoljning.md"]
    assert content_of(project) == before
    assert client.delete("/api/articles/2024-06-01-uppfoljning", headers=writer).status_code == 204


def test_what_a_change_refers_to_is_validated_with_it(site):
    """The shapes see the change together with what it refers to in other files: a
    municipality governs an administrative area, not just any place."""
    project, client, writer, _ = site
    hill = {"id": "vannas-hill", "type": "Place", "name": {"sv": "Kullen"}}
    assert client.post("/api/places", json=hill, headers=writer).status_code == 201
    current = client.get("/api/municipalities/se-2460", headers=writer)
    before = content_of(project)
    response = client.put("/api/municipalities/se-2460", json={**current.json, "jurisdiction": "vannas-hill"},
                          headers={**writer, "If-Match": current.headers["ETag"]})
    assert response.status_code == 422
    assert [problem["field"] for problem in response.json["error"]["problems"]] == ["jurisdiction"]
    assert content_of(project) == before
    unchanged = client.put("/api/municipalities/se-2460", json=current.json, headers=writer)
    assert unchanged.status_code == 200 and unchanged.headers["ETag"] == current.headers["ETag"]
    assert content_of(project) == before  # the same fields again: the file keeps its every byte


def test_a_write_the_build_refuses_after_all_is_undone(site):
    """An article someone broke by hand, which the check of an event does not read: the
    build refuses, the event's file gets its old text back, the last build stays current."""
    project, client, writer, _ = site
    broken = project / "content" / "articles" / "2024-01-01-broken.md"
    broken.write_text("---\nheadline: Trasig\ndatePublished: 2024-01-01\ninLanguage: sv\n"
                      "publisher: se-2460\nlocaton: x\n---\nText.\n", encoding="utf-8")
    try:
        before = content_of(project)
        response = client.post("/api/events", json={**EVENT, "id": "2024-06-01-other"}, headers=writer)
        assert response.status_code == 422
        assert [(problem["file"], problem["field"]) for problem in response.json["error"]["problems"]] == [
            ("content/articles/2024-01-01-broken.md", "locaton")]
        assert content_of(project) == before
        assert not (project / "_build" / ".write-journal.json").exists()
    finally:
        broken.unlink()
