"""Hostile input: forged Host headers, content files that point elsewhere, YAML bombs,
bidirectional-text spoofing, and queries crafted to cost more than their answer."""

from __future__ import annotations

import http.client

import pytest

MERGED = "/id//municipality/se-2460"


# -- the Host header is never echoed -----------------------------------------------

@pytest.mark.parametrize("path", [MERGED, "/doc//municipality/se-2460"])
def test_path_normalising_redirects_are_relative_and_not_stored(client, path):
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 308
    location = response.headers["Location"]
    assert location == path.replace("//", "/")
    assert "evil.example" not in location
    assert response.headers["Cache-Control"] == "no-store"


def test_a_forged_host_never_reaches_a_response_of_the_live_server(live_server):
    connection = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=10)
    try:
        connection.request("GET", MERGED, headers={"Host": "evil.example"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 308
    assert response.getheader("Location") == "/id/municipality/se-2460"
    assert response.getheader("Cache-Control") == "no-store"
    assert b"evil.example" not in body
    assert all("evil.example" not in value for _, value in response.getheaders())
