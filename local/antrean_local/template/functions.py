"""The template's functions: what the local stack needs to run each AWS::Serverless::Function."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from antrean_local.template.document import (
    FUNCTION_TYPE,
    LAYER_TYPES,
    Template,
    TemplateError,
    Unresolvable,
    properties,
    resources_of_type,
)
from antrean_local.template.intrinsics import LocalValues, describe, resolve

# SAM's defaults, used when neither the function nor Globals.Function say otherwise.
DEFAULT_TIMEOUT_S = 3
DEFAULT_MEMORY_MB = 128


@dataclass(frozen=True)
class FunctionSpec:
    """What the local stack needs to run one AWS::Serverless::Function.

    Paths are relative to the template's folder, as in the template.
    """

    logical_id: str
    code_uri: str
    handler: str
    timeout_s: int
    memory_mb: int
    #: Folders Lambda would mount under /opt for the function's layers (``<ContentUri>/python``).
    layer_dirs: tuple[str, ...]
    environment: dict[str, str] = field(default_factory=dict)
    #: Environment variables left out because they only have a value in AWS: name -> why.
    dropped_environment: dict[str, str] = field(default_factory=dict)
    #: SnapStart on published versions: Lambda runs the before-snapshot and after-restore hooks.
    snap_start: bool = False


def _environment_value(value: Any) -> str:
    # CloudFormation hands every environment value to Lambda as a string.
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _function_environment(
    template: Template, own: dict[str, Any], local: LocalValues | None
) -> tuple[dict[str, str], dict[str, str]]:
    global_vars = ((template.get("Globals") or {}).get("Function") or {}).get("Environment") or {}
    merged = dict(global_vars.get("Variables") or {})
    merged.update((own.get("Environment") or {}).get("Variables") or {})
    environment: dict[str, str] = {}
    dropped: dict[str, str] = {}
    for name, value in merged.items():
        try:
            environment[name] = _environment_value(resolve(template, value, local))
        except Unresolvable as why:
            dropped[name] = f"{describe(value)}: {why}"
    return environment, dropped


def _layer_dirs(template: Template, layers: list[Any]) -> tuple[str, ...]:
    dirs = []
    for layer in layers:
        logical_id = layer.get("Ref") if isinstance(layer, dict) else None
        resource = template["Resources"].get(logical_id) if logical_id else None
        if resource is None or resource.get("Type") not in LAYER_TYPES:
            continue  # a published layer's ARN: nothing local to mount
        content_uri = (resource.get("Properties") or {}).get("ContentUri")
        if isinstance(content_uri, str):
            # Lambda puts a Python layer's "python" folder (/opt/python) on sys.path.
            dirs.append(f"{content_uri.rstrip('/')}/python")
    return tuple(dirs)


def list_functions(template: Template, local: LocalValues | None = None) -> dict[str, FunctionSpec]:
    """Every AWS::Serverless::Function, by logical id, with Globals.Function applied.

    Environment values resolve with ``local`` (queue URLs, key ARNs) when given; a value that
    cannot be resolved is left out and listed in ``dropped_environment``.
    """
    global_props = (template.get("Globals") or {}).get("Function") or {}
    functions = {}
    for logical_id in resources_of_type(template, FUNCTION_TYPE):
        props = properties(template, logical_id)

        def setting(name: str, default: Any = None, props: dict[str, Any] = props) -> Any:
            return props.get(name, global_props.get(name, default))

        code_uri, handler = setting("CodeUri"), setting("Handler")
        if not isinstance(code_uri, str) or not isinstance(handler, str):
            raise TemplateError(
                f"{logical_id}: the local stack needs a local CodeUri folder and a Handler "
                f"(got CodeUri={code_uri!r}, Handler={handler!r})"
            )
        environment, dropped = _function_environment(template, props, local)
        # SAM adds a function's own Layers after the global ones.
        layers = list(global_props.get("Layers") or []) + list(props.get("Layers") or [])
        functions[logical_id] = FunctionSpec(
            logical_id=logical_id,
            code_uri=code_uri,
            handler=handler,
            timeout_s=int(setting("Timeout", DEFAULT_TIMEOUT_S)),
            memory_mb=int(setting("MemorySize", DEFAULT_MEMORY_MB)),
            layer_dirs=_layer_dirs(template, layers),
            environment=environment,
            dropped_environment=dropped,
            snap_start=resolve(template, (setting("SnapStart") or {}).get("ApplyOn"), local) == "PublishedVersions",
        )
    return functions
