"""Downloads as real clients save them: every distribution of the catalog, fetched with
requests and with curl (plain and ``--compressed``), has the catalog's byte size and checksum."""

from __future__ import annotations

import gzip
import hashlib
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest
import requests
from rdflib import Graph
from rdflib.namespace import DCAT

from lodpub.release import current_release
from test_catalog import IANA, SPDX, catalog
from test_web_resources import fetch


def described_downloads(server) -> list[dict]:
    """What the catalog says of each download: its address, types, size and SHA-1."""
    data = catalog(server)
    downloads = []
    for distribution in data.subjects(DCAT.downloadURL, None):
        checksum = data.value(distribution, SPDX.checksum)
        compression = data.value(distribution, DCAT.compressFormat)
        downloads.append({
            "path": urlsplit(str(data.value(distribution, DCAT.downloadURL))).path,
            "media_type": str(data.value(distribution, DCAT.mediaType)).removeprefix(IANA),
            "compression": None if compression is None else str(compression).removeprefix(IANA),
            "bytes": int(data.value(distribution, DCAT.byteSize)),
            "sha1": str(data.value(checksum, SPDX.checksumValue)),
        })
    return downloads


def test_the_catalog_describes_each_dump_file_as_written(live_server):
    build = current_release(live_server.project)
    downloads = {item["path"]: item for item in described_downloads(live_server)}
    assert set(downloads) == {f"/download/{dump['name']}" for dump in build.manifest["dumps"]}
    for dump in build.manifest["dumps"]:
        described = downloads[f"/download/{dump['name']}"]
        saved = (build.dumps_path / dump["name"]).read_bytes()
        assert described["bytes"] == len(saved) == dump["bytes"]
        assert described["sha1"] == hashlib.sha1(saved).hexdigest()
        assert described["media_type"] == dump["mediaType"]          # the data inside
        assert described["compression"] == ("application/gzip" if dump["compressed"] else None)


def test_requests_saves_every_download_as_the_catalog_describes_it(live_server, tmp_path):
    for item in described_downloads(live_server):
        answer = requests.get(live_server.url + item["path"], timeout=30)   # sends gzip, deflate
        assert answer.status_code == 200, item["path"]
        assert answer.headers["Content-Type"].split(";")[0] == (item["compression"] or item["media_type"])
        assert "Content-Encoding" not in answer.headers
        assert len(answer.content) == item["bytes"], item["path"]
        assert hashlib.sha1(answer.content).hexdigest() == item["sha1"], item["path"]
        # streamed to a file, as a download manager would
        target = tmp_path / item["path"].rsplit("/", 1)[1]
        with requests.get(live_server.url + item["path"], stream=True, timeout=30) as streamed:
            with open(target, "wb") as out:
                for chunk in streamed.iter_content(1 << 14):
                    out.write(chunk)
        assert hashlib.sha1(target.read_bytes()).hexdigest() == item["sha1"]


@pytest.mark.parametrize("options", [[], ["--compressed"]], ids=["plain", "compressed"])
def test_curl_saves_every_download_as_the_catalog_describes_it(live_server, tmp_path, options):
    curl = shutil.which("curl")
    if curl is None:
        pytest.skip("curl is not installed")
    for item in described_downloads(live_server):
        target = tmp_path / item["path"].rsplit("/", 1)[1]
        subprocess.run([curl, "--silent", "--fail", *options, "--output", str(target),
                        live_server.url + item["path"]], check=True, timeout=60)
        saved = target.read_bytes()
        assert len(saved) == item["bytes"], (item["path"], options)
        assert hashlib.sha1(saved).hexdigest() == item["sha1"], (item["path"], options)


def test_a_saved_gz_file_unpacks_to_the_data_its_media_type_names(live_server):
    for item in described_downloads(live_server):
        if item["compression"] is None:
            continue
        body = requests.get(live_server.url + item["path"], timeout=30).content
        text = gzip.decompress(body).decode("utf-8")               # one layer of gzip, then RDF
        assert item["media_type"] in ("application/n-triples", "application/n-quads")
        Graph().parse(data=text, format="nt" if item["media_type"].endswith("triples") else "nquads")


def test_a_client_that_refuses_gzip_still_gets_the_file(live_server):
    """application/gzip is the file's type, not a content coding: identity is what is sent."""
    answer = fetch(live_server.url, "/download/dataset.nt.gz", {"Accept-Encoding": "identity"})
    assert answer.status == 200 and answer.header("Content-Encoding") is None
    assert answer.header("Content-Type") == "application/gzip"
    build = current_release(live_server.project)
    assert answer.body == (build.dumps_path / "dataset.nt.gz").read_bytes()


def test_downloads_have_validators_and_a_file_name(live_server):
    build = current_release(live_server.project)
    for dump in build.manifest["dumps"]:
        path = f"/download/{dump['name']}"
        answer = fetch(live_server.url, path, {"Accept-Encoding": "gzip"})
        assert int(answer.header("Content-Length")) == dump["bytes"]
        assert answer.header("Content-Disposition") == f'attachment; filename="{dump["name"]}"'
        etag = answer.header("ETag")
        assert etag == f'"{dump["sha256"]}"'
        again = fetch(live_server.url, path, {"If-None-Match": etag, "Accept-Encoding": "gzip"})
        assert again.status == 304 and again.body == b""
