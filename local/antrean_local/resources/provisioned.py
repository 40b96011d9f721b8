"""What every kind of resource is made with: the outcome of making one (:class:`Provisioned`) and a
resource's Properties resolved one at a time, with notes of what was left out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from antrean_local.template import LocalValues, Template, Unresolvable, resolve
from antrean_local.template.document import properties


@dataclass(frozen=True)
class Provisioned:
    """The outcome of creating one resource of the template locally."""

    name: str
    created: bool
    #: For a resource that already existed: how it differs from the template.
    differences: tuple[str, ...] = ()
    logical_id: str = ""
    #: True when the resource was deliberately not created locally (see ``notes``).
    skipped: bool = False
    #: What was left out or changed locally, and why.
    notes: tuple[str, ...] = ()


class Properties:
    """One resource's Properties, resolved one at a time: what cannot be resolved becomes a note."""

    def __init__(self, template: Template, logical_id: str, local: LocalValues) -> None:
        self.template = template
        self.local = local
        self.raw: dict[str, Any] = properties(template, logical_id)
        self.notes: list[str] = []

    def get(self, name: str, default: Any = None) -> Any:
        if name not in self.raw:
            return default
        try:
            return resolve(self.template, self.raw[name], self.local)
        except Unresolvable as why:
            self.notes.append(f"{name} left out: {why}")
            return default

    def leave_out(self, names: set[str], why: str) -> None:
        """Note the properties the local stack does not apply."""
        self.notes += [f"{name} left out: {why}" for name in sorted(names & set(self.raw))]

    def unknown(self, handled: set[str]) -> None:
        """Note the properties the resource's maker does not know at all."""
        self.leave_out(set(self.raw) - handled, "not applied by the local stack")
