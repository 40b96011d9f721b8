"""Write the staff portal's /portal/config.json into the stack's web bucket, from its outputs.

The portal reads the region, the user pool, its app client and the identity pool from that file at
run time, so one build of web/ serves any deployment (README, "Staff portal and now-serving
screen"). On AWS the Cognito endpoints are empty (the portal uses the region's own) and
`signing_base` is the API's own URL: requests go through CloudFront but are signed for API Gateway's
host and stage. `make deploy` runs this after `sam deploy`; then CloudFront is told to forget its
copy, so the portal reads the new one at once. Run it with the venv's Python:

  scripts/portal_config.py --stack antrean [--region ap-southeast-3] [--profile P]
  ... --dry-run            print the document, write nothing
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

import boto3

KEY = "portal/config.json"
#: Stack output -> config.json field (template.yaml's Outputs).
FIELDS = {
    "StaffUserPoolId": "userPoolId",
    "StaffUserPoolClientId": "userPoolClientId",
    "StaffIdentityPoolId": "identityPoolId",
    "ApiUrl": "signing_base",
}


class MissingOutput(RuntimeError):
    """The stack lacks an output this needs (a template from before Cognito, or a failed deploy)."""


def stack_outputs(cloudformation: Any, stack: str) -> dict[str, str]:
    (described,) = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    return {output["OutputKey"]: output["OutputValue"] for output in described.get("Outputs", [])}


def portal_config(outputs: dict[str, str], region: str) -> dict[str, str]:
    """The document the portal reads (web/portal/js/session.mjs, loadSettings)."""
    missing = sorted(set(FIELDS) - set(outputs))
    if missing:
        raise MissingOutput(f"the stack has no output {', '.join(missing)}: deploy the current template.yaml first")
    document = {"region": region}
    document |= {field: outputs[output] for output, field in FIELDS.items()}
    document |= {"cognitoIdpEndpoint": "", "cognitoIdentityEndpoint": ""}
    document["signing_base"] = document["signing_base"].rstrip("/")
    return document


def publish(s3: Any, cloudfront: Any, outputs: dict[str, str], document: dict[str, str]) -> str:
    """Put the document in the web bucket and invalidate CloudFront's copy; returns the invalidation id."""
    s3.put_object(
        Bucket=outputs["WebBucketName"],
        Key=KEY,
        Body=(json.dumps(document, indent=2) + "\n").encode(),
        ContentType="application/json",
        CacheControl="no-cache",
    )
    invalidation = cloudfront.create_invalidation(
        DistributionId=outputs["WebDistributionId"],
        InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": [f"/{KEY}"]},
            "CallerReference": f"portal-config-{time.time_ns()}",
        },
    )
    return str(invalidation["Invalidation"]["Id"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stack", required=True, help="the deployed stack (samconfig.toml's stack_name)")
    parser.add_argument("--region")
    parser.add_argument("--profile")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    session = boto3.Session(profile_name=args.profile, region_name=args.region)
    cloudformation = session.client("cloudformation")
    outputs = stack_outputs(cloudformation, args.stack)
    try:
        document = portal_config(outputs, cloudformation.meta.region_name)
    except MissingOutput as error:
        print(f"portal_config: {error}", file=sys.stderr)
        return 1
    if args.dry_run:
        print(json.dumps(document, indent=2))
        return 0
    invalidation = publish(session.client("s3"), session.client("cloudfront"), outputs, document)
    print(f"s3://{outputs['WebBucketName']}/{KEY} written; CloudFront invalidation {invalidation}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
