"""The template's API routes: each Api event of a function, with its auth and stage, as the local
gateway serves it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from antrean_local.template.document import Template, TemplateError, function_events, properties
from antrean_local.template.intrinsics import resolve

# Authorizers the local gateway knows how to apply (see gateway.check_iam_auth).
SUPPORTED_AUTH = ("NONE", "AWS_IAM")

# SAM names the implicit API of Api events without RestApiId like this, with stage "Prod".
IMPLICIT_API_ID = "ServerlessRestApi"
IMPLICIT_API_STAGE = "Prod"


@dataclass(frozen=True)
class Route:
    """One Api event: ``method`` is upper case (or ANY); ``path`` is API Gateway's resource path."""

    method: str
    path: str
    auth: str
    function_id: str
    event_name: str
    stage: str


def _api_properties(template: Template, api_id: str) -> dict[str, Any]:
    """An API's properties with Globals.Api under them, as SAM applies them."""
    merged = dict((template.get("Globals") or {}).get("Api") or {})
    if api_id in template["Resources"]:
        merged.update(properties(template, api_id))
    return merged


def _route_auth(template: Template, api_props: dict[str, Any], event_props: dict[str, Any]) -> str:
    event_auth = event_props.get("Auth") or {}
    if "Authorizer" in event_auth:
        return str(event_auth["Authorizer"])
    return str((api_props.get("Auth") or {}).get("DefaultAuthorizer", "NONE"))


def list_routes(template: Template) -> list[Route]:
    """Every Api event of every function: method, path, auth (NONE or AWS_IAM), function, stage.

    Raises TemplateError for an authorizer the local gateway cannot apply (it would otherwise serve
    the route without the check) and for two events claiming the same method and path.
    """
    routes: list[Route] = []
    seen: dict[tuple[str, str], str] = {}
    for function_id, event_name, props in function_events(template, "Api"):
        where = f"{function_id}.Events.{event_name}"
        rest_api = props.get("RestApiId", {"Ref": IMPLICIT_API_ID})
        api_id = rest_api.get("Ref") if isinstance(rest_api, dict) else None
        if not api_id:
            raise TemplateError(f"{where}: RestApiId must be a !Ref to an API in the template")
        api_props = _api_properties(template, api_id)
        route = Route(
            method=str(props["Method"]).upper(),
            path=str(props["Path"]),
            auth=_route_auth(template, api_props, props),
            function_id=function_id,
            event_name=event_name,
            stage=str(resolve(template, api_props.get("StageName", IMPLICIT_API_STAGE))),
        )
        if route.auth not in SUPPORTED_AUTH:
            raise TemplateError(
                f"{where} ({route.method} {route.path}) uses the authorizer {route.auth!r}; "
                f"the local gateway only applies {' and '.join(SUPPORTED_AUTH)}"
            )
        key = (route.method, route.path)
        if key in seen:
            raise TemplateError(f"{where} and {seen[key]} both claim {route.method} {route.path}")
        seen[key] = where
        routes.append(route)
    return routes
