"""template.yaml closes the door (issue 15): staff sign in through Cognito and get credentials that
invoke the staff routes only; alarms reach someone; clients are rate-limited; who used which scan
is recorded; the pages run under a Content-Security-Policy; checkov's findings are fixed or
explained. Read from the template itself, as CloudFormation would get it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from antrean.store import keys
from antrean_local.template import load_template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = load_template(ROOT / "template.yaml")
RESOURCES: dict[str, dict[str, Any]] = TEMPLATE["Resources"]


def props(logical_id: str) -> dict[str, Any]:
    return RESOURCES[logical_id]["Properties"]


def statements(document: dict[str, Any]) -> list[dict[str, Any]]:
    return document["Statement"]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def sub(value: Any) -> str:
    """The text of a !Sub (or a plain string)."""
    if isinstance(value, dict) and "Fn::Sub" in value:
        body = value["Fn::Sub"]
        return body if isinstance(body, str) else body[0]
    assert isinstance(value, str), value
    return value


# --- Staff sign-in -------------------------------------------------------------------------------


def test_the_staff_user_pool_takes_no_sign_ups_and_asks_for_strong_passwords_and_totp() -> None:
    pool = props("StaffUserPool")

    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    password = pool["Policies"]["PasswordPolicy"]
    assert password["MinimumLength"] >= 12
    assert password["RequireUppercase"]
    assert password["RequireLowercase"]
    assert password["RequireNumbers"]
    assert 1 <= password["TemporaryPasswordValidityDays"] <= 7
    # OPTIONAL in the pool: the staff API requires it per role and office (mfa_required).
    assert (pool["MfaConfiguration"], pool["EnabledMfas"]) == ("OPTIONAL", ["SOFTWARE_TOKEN_MFA"])
    assert pool["AccountRecoverySetting"]["RecoveryMechanisms"] == [{"Name": "admin_only", "Priority": 1}]
    assert pool["UsernameConfiguration"]["CaseSensitive"] is False
    assert pool["DeletionProtection"] == "ACTIVE"
    assert RESOURCES["StaffUserPool"]["DeletionPolicy"] == "Retain"
    custom = {attribute["Name"]: attribute for attribute in pool["Schema"]}
    assert {name: attribute["AttributeDataType"] for name, attribute in custom.items()} == {
        "office_id": "String",
        "role": "String",
    }


def test_the_portal_client_signs_in_by_srp_and_cannot_write_office_or_role() -> None:
    client = props("StaffUserPoolClient")

    assert client["UserPoolId"] == {"Ref": "StaffUserPool"}
    assert client["GenerateSecret"] is False
    assert sorted(client["ExplicitAuthFlows"]) == ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"]
    assert client["EnableTokenRevocation"] is True
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    units = client["TokenValidityUnits"]
    assert (client["AccessTokenValidity"], units["AccessToken"]) == (60, "minutes")
    assert (client["IdTokenValidity"], units["IdToken"]) == (60, "minutes")
    assert units["RefreshToken"] == "hours"
    assert client["RefreshTokenValidity"] <= 24
    assert {"custom:office_id", "custom:role", "name"} <= set(client["ReadAttributes"])
    # Listed explicitly: a client with no WriteAttributes may write every attribute.
    assert client["WriteAttributes"]
    assert not [name for name in client["WriteAttributes"] if name.startswith("custom:")]


def test_the_identity_pool_serves_signed_in_staff_of_this_pool_only() -> None:
    pool = props("StaffIdentityPool")

    assert pool["AllowUnauthenticatedIdentities"] is False
    assert pool["CognitoIdentityProviders"] == [
        {
            "ProviderName": {"Fn::GetAtt": ["StaffUserPool", "ProviderName"]},
            "ClientId": {"Ref": "StaffUserPoolClient"},
            "ServerSideTokenCheck": True,
        }
    ]
    attachment = props("StaffIdentityPoolRoles")
    assert attachment["IdentityPoolId"] == {"Ref": "StaffIdentityPool"}
    assert attachment["Roles"] == {"authenticated": {"Fn::GetAtt": ["StaffSignedInRole", "Arn"]}}


def test_signed_in_staff_may_invoke_the_staff_routes_of_this_stage_and_nothing_else() -> None:
    role = props("StaffSignedInRole")

    (trust,) = statements(role["AssumeRolePolicyDocument"])
    assert trust["Principal"] == {"Federated": "cognito-identity.amazonaws.com"}
    assert trust["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert trust["Condition"] == {
        "StringEquals": {"cognito-identity.amazonaws.com:aud": {"Ref": "StaffIdentityPool"}},
        "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"},
    }
    assert role["MaxSessionDuration"] == 3600
    assert "ManagedPolicyArns" not in role
    granted = [statement for policy in role["Policies"] for statement in statements(policy["PolicyDocument"])]
    assert [(s["Effect"], s["Action"]) for s in granted] == [("Allow", "execute-api:Invoke")]
    (resource,) = as_list(granted[0]["Resource"])
    assert sub(resource).endswith(":${Api}/${StageName}/*/staff/*")


def test_the_staff_api_knows_the_pool_and_may_manage_its_accounts_only() -> None:
    function = props("StaffApiFunction")

    assert function["Environment"]["Variables"]["STAFF_USER_POOL_ID"] == {"Ref": "StaffUserPool"}
    cognito = [
        s
        for policy in function["Policies"]
        if isinstance(policy, dict) and "Statement" in policy
        for s in policy["Statement"]
        if any(str(action).startswith("cognito-idp:") for action in as_list(s["Action"]))
    ]
    assert {action for s in cognito for action in as_list(s["Action"])} == {
        "cognito-idp:AdminCreateUser",
        "cognito-idp:AdminDeleteUser",  # undoes an account whose staff record could not be written
        "cognito-idp:AdminGetUser",
        "cognito-idp:AdminDisableUser",
        "cognito-idp:AdminEnableUser",
        "cognito-idp:AdminSetUserPassword",
        "cognito-idp:AdminSetUserMFAPreference",
        "cognito-idp:AdminUserGlobalSignOut",
    }
    assert all(s["Resource"] == {"Fn::GetAtt": ["StaffUserPool", "Arn"]} for s in cognito)


def test_the_outputs_name_the_pools_for_the_portal() -> None:
    outputs = TEMPLATE["Outputs"]

    assert outputs["StaffUserPoolId"]["Value"] == {"Ref": "StaffUserPool"}
    assert outputs["StaffUserPoolClientId"]["Value"] == {"Ref": "StaffUserPoolClient"}
    assert outputs["StaffIdentityPoolId"]["Value"] == {"Ref": "StaffIdentityPool"}


# --- Alarms reach someone ------------------------------------------------------------------------


def test_the_alarm_topic_is_encrypted_with_a_key_cloudwatch_may_use() -> None:
    topic = props("AlarmTopic")

    # Not alias/aws/sns: the AWS-managed key's policy cannot let CloudWatch in, so no alarm would arrive.
    assert topic["KmsMasterKeyId"] == {"Ref": "AlarmTopicKey"}
    key = RESOURCES["AlarmTopicKey"]
    assert key["Type"] == "AWS::KMS::Key"
    cloudwatch = [
        s
        for s in statements(key["Properties"]["KeyPolicy"])
        if s["Effect"] == "Allow" and s["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    ]
    allowed = {action for s in cloudwatch for action in as_list(s["Action"])}
    assert {"kms:Decrypt", "kms:GenerateDataKey*"} <= allowed
    assert all(s["Resource"] == "*" and "Condition" not in s for s in cloudwatch)
    alarms = [r for r in RESOURCES.values() if r["Type"] == "AWS::CloudWatch::Alarm"]
    assert alarms
    assert all(r["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}] for r in alarms)


# --- Per-client rate limits and access logs ------------------------------------------------------


def _rules() -> dict[str, dict[str, Any]]:
    return {rule["Name"]: rule for rule in props("ApiWebAcl")["Rules"]}


def test_the_template_makes_a_web_acl_unless_one_is_given_and_always_associates_one() -> None:
    assert TEMPLATE["Parameters"]["WebAclArn"]["Default"] == ""
    assert TEMPLATE["Conditions"]["MakesWebAcl"] == {"Fn::Equals": [{"Ref": "WebAclArn"}, ""]}
    assert RESOURCES["ApiWebAcl"]["Condition"] == "MakesWebAcl"
    assert props("ApiWebAcl")["Scope"] == "REGIONAL"

    association = RESOURCES["ApiWebAclAssociation"]
    assert "Condition" not in association
    assert association["Properties"]["WebACLArn"] == {
        "Fn::If": ["HasWebAcl", {"Ref": "WebAclArn"}, {"Fn::GetAtt": ["ApiWebAcl", "Arn"]}]
    }
    assert sub(association["Properties"]["ResourceArn"]).endswith("/restapis/${Api}/stages/${Api.Stage}")


def test_every_client_is_rate_limited_by_its_own_address_through_cloudfront_or_not() -> None:
    rules = _rules()
    edge_value = {"Fn::Sub": "{{resolve:secretsmanager:${EdgeSecret}:SecretString}}"}

    for name, aggregate, limit in [
        ("CitizensPerViewer", "FORWARDED_IP", "RequestsPerClient"),
        ("CitizensPerAddress", "IP", "RequestsPerClient"),
        ("LookupsPerViewer", "FORWARDED_IP", "LookupsPerClient"),
        ("LookupsPerAddress", "IP", "LookupsPerClient"),
        ("StaffPerViewer", "FORWARDED_IP", "StaffRequestsPerClient"),
        ("StaffPerAddress", "IP", "StaffRequestsPerClient"),
    ]:
        rule = rules[name]
        rate = rule["Statement"]["RateBasedStatement"]
        assert rule["Action"] == {"Block": {}}, name
        assert (rate["AggregateKeyType"], rate["Limit"]) == (aggregate, {"Ref": limit}), name
        if aggregate == "FORWARDED_IP":
            # Not X-Forwarded-For, whose first address a viewer writes: the address CloudFront saw.
            assert rate["ForwardedIPConfig"] == {"HeaderName": "X-Viewer-Ip", "FallbackBehavior": "NO_MATCH"}
        edge_marks = [
            n["ByteMatchStatement"]["SearchString"]
            for n in _walk(rate["ScopeDownStatement"])
            if isinstance(n, dict)
            and "ByteMatchStatement" in n
            and n["ByteMatchStatement"]["FieldToMatch"] == {"SingleHeader": {"Name": "x-antrean-edge"}}
        ]
        assert edge_marks == [edge_value], name

    # CloudFront sets both headers on every API request: the edge mark and the viewer's address.
    api_origin = next(o for o in props("WebDistribution")["DistributionConfig"]["Origins"] if o["Id"] == "Api")
    assert api_origin["OriginCustomHeaders"] == [{"HeaderName": "X-Antrean-Edge", "HeaderValue": edge_value}]
    code = props("WebViewerAddressFunction")["FunctionCode"]
    assert "request.headers['x-viewer-ip'] = { value: event.viewer.ip }" in code
    behaviours = props("WebDistribution")["DistributionConfig"]["CacheBehaviors"]
    assert {b["PathPattern"] for b in behaviours if b["TargetOriginId"] == "Api"} == {
        "/offices*",
        "/bookings*",
        "/surveys*",
        "/staff*",
    }
    for behaviour in behaviours:
        (association,) = behaviour["FunctionAssociations"]
        assert association == {
            "EventType": "viewer-request",
            "FunctionARN": {"Fn::GetAtt": ["WebViewerAddressFunction", "FunctionMetadata.FunctionARN"]},
        }


def _walk(node: Any) -> list[Any]:
    found = [node]
    if isinstance(node, dict):
        for value in node.values():
            found += _walk(value)
    elif isinstance(node, list):
        for value in node:
            found += _walk(value)
    return found


def test_the_staff_rules_count_the_staff_routes_and_the_citizens_rules_the_others() -> None:
    rules = _rules()
    for name, positive in [
        ("StaffPerViewer", True),
        ("StaffPerAddress", True),
        ("CitizensPerViewer", False),
        ("CitizensPerAddress", False),
    ]:
        scope = rules[name]["Statement"]["RateBasedStatement"]["ScopeDownStatement"]["AndStatement"]["Statements"]
        staff_path = {"Fn::Sub": "^(/${StageName})?/staff/"}
        matches = [s["RegexMatchStatement"]["RegexString"] for s in scope if "RegexMatchStatement" in s]
        excludes = [
            s["NotStatement"]["Statement"]["RegexMatchStatement"]["RegexString"]
            for s in scope
            if "RegexMatchStatement" in s.get("NotStatement", {}).get("Statement", {})
        ]
        assert (matches, excludes) == (([staff_path], []) if positive else ([], [staff_path])), name


def test_the_lookup_rules_match_the_lookup_route_only() -> None:
    rules = _rules()
    for name in ("LookupsPerViewer", "LookupsPerAddress"):
        nodes = _walk(rules[name]["Statement"]["RateBasedStatement"]["ScopeDownStatement"])
        (regex,) = [n["RegexMatchStatement"] for n in nodes if isinstance(n, dict) and "RegexMatchStatement" in n]
        pattern = sub(regex["RegexString"]).replace("${StageName}", "prod")
        assert re.match(pattern, "/prod/offices/kab-rembang/bookings")
        assert not re.match(pattern, "/prod/offices/kab-rembang/bookings/x")
        assert not re.match(pattern, "/prod/staff/offices/kab-rembang/bookings")
        assert {"SearchString": "GET"}.items() <= next(
            n["ByteMatchStatement"]
            for n in nodes
            if isinstance(n, dict) and n.get("ByteMatchStatement", {}).get("FieldToMatch") == {"Method": {}}
        ).items()


def test_the_stage_writes_an_access_log_without_paths_that_name_a_citizen() -> None:
    api = RESOURCES["Api"]
    setting = api["Properties"]["AccessLogSetting"]

    assert setting["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    assert props("ApiAccessLogGroup")["RetentionInDays"] == {"Ref": "LogRetentionInDays"}
    line = json.loads(re.sub(r"\$context\.[\w.]+", "x", setting["Format"]))
    assert {"requestId", "ip", "method", "resource", "status", "waf", "cognitoIdentityId"} <= set(line)
    assert "$context.path" not in setting["Format"]  # a registration number; resourcePath is the template's
    # API Gateway writes access logs only with its account-wide CloudWatch role set.
    assert api["DependsOn"] == "ApiGatewayAccount"
    assert props("ApiGatewayAccount")["CloudWatchRoleArn"] == {"Fn::GetAtt": ["ApiGatewayLogsRole", "Arn"]}


def test_every_log_group_is_kept_for_its_retention_and_encrypted_with_the_logs_key() -> None:
    groups = {name: r["Properties"] for name, r in RESOURCES.items() if r["Type"] == "AWS::Logs::LogGroup"}

    assert len(groups) >= 9
    for name, group in groups.items():
        assert group["KmsKeyId"] == {"Fn::GetAtt": ["LogsKey", "Arn"]}, name
        assert group["RetentionInDays"] == {"Ref": "LogRetentionInDays"}, name
    logs = [
        s
        for s in statements(props("LogsKey")["KeyPolicy"])
        if s["Principal"] == {"Service": {"Fn::Sub": "logs.${AWS::Region}.${AWS::URLSuffix}"}}
    ]
    (statement,) = logs
    assert "kms:EncryptionContext:aws:logs:arn" in statement["Condition"]["ArnLike"]


# --- Who used which scan -------------------------------------------------------------------------


def test_every_object_request_to_the_scans_bucket_is_recorded_in_a_bucket_of_its_own() -> None:
    trail = props("ScanAccessTrail")

    assert trail["IsLogging"] is True
    assert trail["EnableLogFileValidation"] is True
    assert trail["KMSKeyId"] == {"Fn::GetAtt": ["LogsKey", "Arn"]}
    assert trail["S3BucketName"] == {"Ref": "ScanAccessTrailBucket"}
    (selector,) = trail["EventSelectors"]
    assert selector["ReadWriteType"] == "All"
    assert selector["DataResources"] == [{"Type": "AWS::S3::Object", "Values": [{"Fn::Sub": "${ScansBucket.Arn}/"}]}]
    assert RESOURCES["ScanAccessTrail"]["DependsOn"] == "ScanAccessTrailBucketPolicy"

    bucket = props("ScanAccessTrailBucket")
    (encryption,) = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert encryption["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"  # digests; logs: KMSKeyId
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == {"Ref": "AuditLogRetentionDays"}

    # CloudTrail may write there, and encrypt, for this trail only (its name, fixed in the template).
    trail_arn = "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/${AWS::StackName}-scan-access"
    assert sub(trail["TrailName"]) == "${AWS::StackName}-scan-access"
    write = next(
        s for s in statements(props("ScanAccessTrailBucketPolicy")["PolicyDocument"]) if s["Action"] == "s3:PutObject"
    )
    assert write["Principal"] == {"Service": "cloudtrail.amazonaws.com"}
    assert sub(write["Condition"]["StringEquals"]["aws:SourceArn"]) == trail_arn
    encrypt = next(
        s
        for s in statements(props("LogsKey")["KeyPolicy"])
        if s["Principal"] == {"Service": "cloudtrail.amazonaws.com"} and s["Action"] == "kms:GenerateDataKey*"
    )
    assert sub(encrypt["Condition"]["StringEquals"]["aws:SourceArn"]) == trail_arn


# --- The table ------------------------------------------------------------------------------------


def test_the_table_cannot_be_deleted_by_accident() -> None:
    assert props("Table")["DeletionProtectionEnabled"] is True
    assert RESOURCES["Table"]["DeletionPolicy"] == "Retain"


def test_the_public_function_cannot_write_a_staff_record() -> None:
    staff_pk = keys.staff("cognito:0b7c6d1e")["pk"]["S"]
    denials = [
        s
        for policy in props("PublicApiFunction")["Policies"]
        if isinstance(policy, dict) and "Statement" in policy
        for s in policy["Statement"]
        if s["Effect"] == "Deny"
    ]

    (deny,) = denials
    assert deny["Resource"] == {"Fn::GetAtt": ["Table", "Arn"]}
    # Every write action DynamoDBCrudPolicy grants (a transaction's items are authorised as these).
    assert set(deny["Action"]) == {
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
    }
    (patterns,) = deny["Condition"]["ForAnyValue:StringLike"].values()
    assert list(deny["Condition"]["ForAnyValue:StringLike"]) == ["dynamodb:LeadingKeys"]
    assert any(re.fullmatch(p.replace("*", ".*"), staff_pk) for p in patterns)
    # ...and nothing a citizen's request writes.
    citizen_keys = [keys.booking("RBG-20260105-0001"), keys.weekly_count("nik", "abc", dt.date(2026, 1, 5))]
    assert not any(re.fullmatch(p.replace("*", ".*"), k["pk"]["S"]) for p in patterns for k in citizen_keys)


# --- The pages' Content-Security-Policy ------------------------------------------------------------


def _csp_header() -> str:
    policy = props("WebResponseHeadersPolicy")["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    assert policy["ContentSecurityPolicy"]["Override"] is True
    separator, parts = policy["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Join"]
    return separator.join(sub(part).replace("\n", " ") for part in parts)


def _directives(csp: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in csp.split(";")) if d}


def test_the_pages_are_served_with_a_content_security_policy_that_allows_no_inline_code() -> None:
    behaviour = props("WebDistribution")["DistributionConfig"]["DefaultCacheBehavior"]
    assert behaviour["ResponseHeadersPolicyId"] == {"Ref": "WebResponseHeadersPolicy"}
    csp = _csp_header()
    directives = _directives(csp)

    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    connect = directives["connect-src"]
    assert "https://cognito-idp.${AWS::Region}.amazonaws.com" in connect
    assert "https://cognito-identity.${AWS::Region}.amazonaws.com" in connect
    assert "https://${ScansBucket.RegionalDomainName}" in connect  # citizens' uploads
    assert "https://${ScansBucket.RegionalDomainName}" in directives["img-src"]  # staff's previews
    assert "https://${ScansBucket.RegionalDomainName}" in directives["frame-src"]


PAGES = ["web/index.html", "web/now-serving/index.html", "web/survey/index.html"]


@pytest.mark.parametrize("page", PAGES)
def test_each_page_states_its_policy_and_holds_no_inline_script_handler_or_style(page: str) -> None:
    html = (ROOT / page).read_text()

    (meta,) = re.findall(r'<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"', html)
    directives = _directives(meta)
    assert "unsafe-inline" not in meta
    assert "unsafe-eval" not in meta
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'none'"]
    for script in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
        attributes, body = script
        assert "src=" in attributes, f"inline script in {page}"
        assert not body.strip(), f"inline script in {page}"
    assert not re.search(r"\son[a-z]+\s*=", html), f"inline event handler in {page}"
    assert not re.search(r"\sstyle\s*=", html), f"style attribute in {page}"
    assert "<style" not in html


# --- checkov -------------------------------------------------------------------------------------


def test_every_checkov_suppression_says_why() -> None:
    skips = [
        (name, skip)
        for name, resource in RESOURCES.items()
        for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", [])
    ]

    assert skips
    for name, skip in skips:
        assert re.fullmatch(r"CKV2?_AWS_\d+", skip["id"]), (name, skip)
        assert len(skip.get("comment", "")) > 30, (name, skip)
