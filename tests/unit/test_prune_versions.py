"""scripts/prune_versions.py: after a deploy, the SnapStart functions keep the version their alias
points to and one before it; older versions (each a cached, billed snapshot) are deleted."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from scripts.prune_versions import prune, unused_versions


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def lambda_handler(event, context):\n    return {}\n")
    return buffer.getvalue()


@pytest.fixture
def lambda_client() -> Iterator[Any]:
    with mock_aws():
        trust = {
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ]
        }
        role = boto3.client("iam").create_role(RoleName="fn", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        client = boto3.client("lambda")
        client.create_function(
            FunctionName="antrean-PublicApiFunction",
            Runtime="python3.13",
            Role=role,
            Handler="app.lambda_handler",
            Code={"ZipFile": _zip()},
        )
        yield client


def _deploy(client: Any, times: int) -> None:
    """What `sam deploy` does to an AutoPublishAlias function, `times` times."""
    for n in range(times):
        client.update_function_configuration(FunctionName="antrean-PublicApiFunction", Description=f"deploy {n}")
        version = client.publish_version(FunctionName="antrean-PublicApiFunction")["Version"]
        if n == 0:
            client.create_alias(FunctionName="antrean-PublicApiFunction", Name="live", FunctionVersion=version)
        else:
            client.update_alias(FunctionName="antrean-PublicApiFunction", Name="live", FunctionVersion=version)


def _versions(client: Any) -> list[str]:
    found = client.list_versions_by_function(FunctionName="antrean-PublicApiFunction")["Versions"]
    return [v["Version"] for v in found]


def test_the_aliased_version_and_one_before_it_are_kept_and_older_ones_deleted(lambda_client: Any) -> None:
    _deploy(lambda_client, 4)

    deleted = prune(lambda_client, ["antrean-PublicApiFunction"], keep=1, dry_run=False)

    assert deleted == {"antrean-PublicApiFunction": ["1", "2"]}
    assert _versions(lambda_client) == ["$LATEST", "3", "4"]


def test_a_dry_run_deletes_nothing_and_a_first_deploy_has_nothing_to_delete(lambda_client: Any) -> None:
    _deploy(lambda_client, 3)
    assert prune(lambda_client, ["antrean-PublicApiFunction"], keep=0, dry_run=True) == {
        "antrean-PublicApiFunction": ["1", "2"]
    }
    assert _versions(lambda_client) == ["$LATEST", "1", "2", "3"]
    assert unused_versions(lambda_client, "antrean-PublicApiFunction", keep=5) == []
