"""The layer's rooms keep their promises (shared/ARCHITECTURE.md, STYLE.md): the domain and the
rules import no I/O, boto3 is imported only where AWS is reached, nothing imports upwards, and no
two modules import each other, however indirectly."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LAYER = Path(__file__).resolve().parents[2] / "layers" / "common" / "python"
#: The only modules that may talk to AWS: the table and the bucket (store/), Secrets Manager, the
#: notification channels (SNS, SES; WhatsApp is plain HTTP), and the answers priming gets instead.
AWS_ADAPTERS = ("antrean.store", "antrean.secrets_manager", "antrean.notify.channels", "antrean.snapstart.canned")
#: Which rooms a room may import from (besides itself and the standard and third-party libraries).
ALLOWED = {
    "antrean.errors": set(),
    "antrean.clock": set(),
    "antrean.caches": set(),
    "antrean.config": {"antrean.caches"},
    "antrean.domain": {"antrean.errors"},
    "antrean.rules": {"antrean.domain", "antrean.errors"},
    "antrean.secrets_manager": {"antrean.caches"},
    "antrean.pseudonyms": {"antrean.caches", "antrean.config", "antrean.secrets_manager"},
    "antrean.observability": {"antrean.rules"},
    "antrean.store": {"antrean.domain", "antrean.errors", "antrean.caches", "antrean.config", "antrean.pseudonyms"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in LAYER.rglob("*.py"):
        name = ".".join(path.relative_to(LAYER).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(name: str) -> set[str]:
    """The layer's modules that `name` imports (a `from package import module` names the module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):  # the layer's imports are absolute
            base = node.module or ""
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names}
    return {_module_of(target) for target in found if target.startswith("antrean")} - {name, ""}


def _module_of(target: str) -> str:
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target


def _room(name: str) -> str:
    return ".".join(name.split(".")[:2])


def _third_party(name: str) -> set[str]:
    tree = ast.parse(MODULES[name].read_text())
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and not n.level}
    return {n.split(".")[0] for n in names}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_only_the_adapters_import_boto3(name: str) -> None:
    if name.startswith(AWS_ADAPTERS):
        return
    assert not _third_party(name) & {"boto3", "botocore"}, f"{name} talks to AWS: that belongs in {AWS_ADAPTERS}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _room(n) in ALLOWED))
def test_a_room_imports_only_the_rooms_below_it(name: str) -> None:
    room = _room(name)
    upward = {target for target in _imports(name) if _room(target) not in {room, "antrean", *ALLOWED[room]}}
    assert upward == set(), f"{name} imports {sorted(upward)}"


def test_no_module_imports_itself_through_others() -> None:
    graph = {name: _imports(name) for name in MODULES}
    cycles: list[list[str]] = []

    def visit(name: str, path: list[str], done: set[str]) -> None:
        for target in graph[name]:
            if target in path:
                cycles.append([*path[path.index(target) :], target])
            elif target not in done:
                visit(target, [*path, target], done)
        done.add(name)

    finished: set[str] = set()
    for name in sorted(graph):
        if name not in finished:
            visit(name, [name], finished)
    assert cycles == []
