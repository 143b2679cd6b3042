"""Content-addressed material upload with hash verification."""

import hashlib
import os


def test_manifest_then_upload_then_manifest(api, server):
    data = os.urandom(200_000)
    sha = hashlib.sha256(data).hexdigest()
    other = hashlib.sha256(b"never uploaded").hexdigest()
    assert api.call("post", "/materials/manifest", json={"hashes": [sha, other, sha]},
                    expect=200) == {"missing": [sha, other]}
    first = api.call("put", f"/materials/{sha}", "/materials/{sha256}", data=data, expect=201)
    assert first == {"sha256": sha, "size": len(data)}
    again = api.call("put", f"/materials/{sha}", "/materials/{sha256}", data=data, expect=200)
    assert again == first
    assert api.call("post", "/materials/manifest", json={"hashes": [sha, other]},
                    expect=200) == {"missing": [other]}
    blob = server.sandbox.blobs.path(sha)
    assert blob.read_bytes() == data


def test_bytes_that_do_not_hash_to_the_name_are_refused(api, server):
    claimed = hashlib.sha256(b"what the client meant").hexdigest()
    body = api.call("put", f"/materials/{claimed}", "/materials/{sha256}",
                    data=b"what arrived", expect=422)
    assert body["code"] == "hash_mismatch"
    assert not server.sandbox.blobs.exists(claimed)
    assert api.call("post", "/materials/manifest", json={"hashes": [claimed]},
                    expect=200) == {"missing": [claimed]}


def test_a_malformed_hash_is_refused(api):
    assert api.raw("put", "/materials/ABC", data=b"x").status_code == 422
    status, body = api.call("post", "/materials/manifest", json={"hashes": ["nothex"]})
    assert status == 422 and body["code"] == "invalid_request"
