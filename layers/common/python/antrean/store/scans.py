"""S3 access for scans: the only module that knows the bucket's object keys and talks to S3 (the
table is reached through the rest of the store; the bucket only through here).

Object key: <office>/<registration number>/<document type>/<upload id>, and for a complaint's photo
<office>/<registration number>/complaints/<n>/<upload id> (one part more: never a document's key).
The server chooses it, so an object elsewhere was never announced by us and is refused on intake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from antrean.caches import kept
from antrean.config import settings

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

_KEY = re.compile(
    r"^(?P<office>[a-z][a-z0-9-]{1,39})/(?P<registration>[0-9A-Z]{5}-[0-9A-Z]{5})/"
    r"(?P<document>[a-z0-9_]{1,40})/(?P<upload>[0-9a-f]{32})$"
)


@dataclass(frozen=True)
class ObjectKey:
    office_id: str
    registration_number: str
    document_type: str
    upload_id: str

    def __str__(self) -> str:
        return f"{self.office_id}/{self.registration_number}/{self.document_type}/{self.upload_id}"


def parse_object_key(key: str) -> ObjectKey | None:
    """The parts of a key we issued, or None for any other key."""
    match = _KEY.match(key)
    if match is None:
        return None
    return ObjectKey(match["office"], match["registration"], match["document"], match["upload"])


_PHOTO_KEY = re.compile(
    r"^(?P<office>[a-z][a-z0-9-]{1,39})/(?P<registration>[0-9A-Z]{5}-[0-9A-Z]{5})/"
    r"complaints/(?P<number>[1-9])/(?P<upload>[0-9a-f]{32})$"
)


@dataclass(frozen=True)
class PhotoKey:
    """Where a complaint's photo goes: beside the booking's scans, but never taken for one."""

    office_id: str
    registration_number: str
    number: int
    upload_id: str

    def __str__(self) -> str:
        return f"{self.office_id}/{self.registration_number}/complaints/{self.number}/{self.upload_id}"


def parse_photo_key(key: str) -> PhotoKey | None:
    """The parts of a complaint photo's key we issued, or None for any other key."""
    match = _PHOTO_KEY.match(key)
    if match is None:
        return None
    return PhotoKey(match["office"], match["registration"], int(match["number"]), match["upload"])


@dataclass(frozen=True)
class StoredScan:
    data: bytes
    content_type: str | None
    size: int


class ScanStore:
    """Presigned uploads, reads and deletes of scans in one bucket."""

    def __init__(self, bucket: str, client: S3Client) -> None:
        self.bucket = bucket
        self.client = client

    def presigned_post(
        self, key: ObjectKey | PhotoKey, content_type: str, min_bytes: int, max_bytes: int, expires_in: int
    ) -> dict[str, Any]:
        """A POST the browser sends the file with: this key only, this type only, within bounds."""
        return dict(
            self.client.generate_presigned_post(
                Bucket=self.bucket,
                Key=str(key),
                Fields={"Content-Type": content_type},
                Conditions=[
                    {"bucket": self.bucket},
                    {"key": str(key)},
                    {"Content-Type": content_type},
                    ["content-length-range", min_bytes, max_bytes],
                ],
                ExpiresIn=expires_in,
            )
        )

    def read(self, key: str, max_bytes: int) -> StoredScan | None:
        """The object's bytes (at most max_bytes + 1: enough to tell it is too large), or None."""
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{max_bytes}")
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            if code in ("NoSuchKey", "404"):
                return None
            if code == "InvalidRange":  # an empty object has no byte 0
                return StoredScan(b"", None, 0)
            raise
        size = int(response.get("ContentRange", "/0").rsplit("/", 1)[-1] or response["ContentLength"])
        return StoredScan(response["Body"].read(), response.get("ContentType"), size)

    def view_url(self, key: str, expires_in: int) -> str:
        """A short-lived link for staff to look at a scan (shown inline, never cached)."""
        return str(
            self.client.generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self.bucket,
                    "Key": key,
                    "ResponseContentDisposition": "inline",
                    "ResponseCacheControl": "no-store",
                },
                ExpiresIn=expires_in,
            )
        )

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=key)


@kept
def scan_store() -> ScanStore:
    """The process's scan store, created on first use. SigV4 everywhere: presigned POSTs need it."""
    return ScanStore(settings().scans_bucket, boto3.client("s3", config=Config(signature_version="s3v4")))
