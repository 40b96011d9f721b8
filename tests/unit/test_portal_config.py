"""scripts/portal_config.py: a deploy writes the portal's /portal/config.json from the stack's
outputs into the web bucket (AWS's Cognito endpoints, signing for the API's own URL) and makes
CloudFront forget its copy."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from antrean_local.template import load_template
from scripts.portal_config import FIELDS, KEY, MissingOutput, portal_config, publish, stack_outputs

ROOT = Path(__file__).resolve().parents[2]
REGION = "ap-southeast-3"
OUTPUTS = {
    "ApiUrl": "https://abc123.execute-api.ap-southeast-3.amazonaws.com/prod",
    "StaffUserPoolId": "ap-southeast-3_AbCdEf123",
    "StaffUserPoolClientId": "1example23456789",
    "StaffIdentityPoolId": "ap-southeast-3:0b7c6d1e-0000-4000-8000-000000000000",
    "WebBucketName": "antrean-webbucket-1a2b3c",
}


def test_the_document_names_this_deployments_pools_and_signs_for_the_apis_own_url() -> None:
    document = portal_config({**OUTPUTS, "ApiUrl": OUTPUTS["ApiUrl"] + "/"}, REGION)

    assert document == {
        "region": REGION,
        "userPoolId": OUTPUTS["StaffUserPoolId"],
        "userPoolClientId": OUTPUTS["StaffUserPoolClientId"],
        "identityPoolId": OUTPUTS["StaffIdentityPoolId"],
        "cognitoIdpEndpoint": "",  # on AWS: the region's own endpoints
        "cognitoIdentityEndpoint": "",
        "signing_base": OUTPUTS["ApiUrl"],
    }


def test_a_stack_without_the_pools_is_refused_by_name() -> None:
    outputs = {k: v for k, v in OUTPUTS.items() if k != "StaffIdentityPoolId"}

    with pytest.raises(MissingOutput, match="StaffIdentityPoolId"):
        portal_config(outputs, REGION)


@pytest.fixture
def aws() -> Iterator[dict[str, Any]]:
    with mock_aws():
        clients = {service: boto3.client(service, region_name=REGION) for service in ("cloudformation", "s3")}
        clients["cloudfront"] = boto3.client("cloudfront", region_name="us-east-1")
        yield clients


def _distribution(cloudfront: Any) -> str:
    config = {
        "CallerReference": "antrean-test",
        "Comment": "",
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {"Id": "web", "DomainName": "example.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}
            ],
        },
        "DefaultCacheBehavior": {"TargetOriginId": "web", "ViewerProtocolPolicy": "redirect-to-https", "MinTTL": 0},
    }
    return str(cloudfront.create_distribution(DistributionConfig=config)["Distribution"]["Id"])


def test_the_document_lands_in_the_web_bucket_and_cloudfronts_copy_is_invalidated(aws: dict[str, Any]) -> None:
    s3, cloudfront = aws["s3"], aws["cloudfront"]
    s3.create_bucket(Bucket=OUTPUTS["WebBucketName"], CreateBucketConfiguration={"LocationConstraint": REGION})
    outputs = {**OUTPUTS, "WebDistributionId": _distribution(cloudfront)}
    document = portal_config(outputs, REGION)

    invalidation = publish(s3, cloudfront, outputs, document)

    written = s3.get_object(Bucket=OUTPUTS["WebBucketName"], Key=KEY)
    assert json.loads(written["Body"].read()) == document
    assert written["ContentType"] == "application/json"
    assert written["CacheControl"] == "no-cache"
    batch = cloudfront.get_invalidation(DistributionId=outputs["WebDistributionId"], Id=invalidation)
    assert batch["Invalidation"]["InvalidationBatch"]["Paths"]["Items"] == ["/portal/config.json"]


def test_the_outputs_are_read_from_the_stack(aws: dict[str, Any]) -> None:
    template = {
        "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {name: {"Value": value} for name, value in OUTPUTS.items()},
    }
    aws["cloudformation"].create_stack(StackName="antrean", TemplateBody=json.dumps(template))

    assert stack_outputs(aws["cloudformation"], "antrean") == OUTPUTS


def test_the_template_has_every_output_the_script_reads() -> None:
    outputs = load_template(ROOT / "template.yaml")["Outputs"]

    assert {*FIELDS, "WebBucketName", "WebDistributionId"} <= set(outputs)
    assert outputs["WebBucketName"]["Value"] == {"Ref": "WebBucket"}
    assert outputs["WebDistributionId"]["Value"] == {"Ref": "WebDistribution"}
