"""The template's schedules: each Schedule (EventBridge rule) and ScheduleV2 (EventBridge Scheduler)
event of a function, as the local scheduler fires it."""

from __future__ import annotations

from dataclasses import dataclass

from antrean_local.template.document import FunctionEvent, Template, TemplateError, function_events


@dataclass(frozen=True)
class ScheduleEvent(FunctionEvent):
    """One Schedule/ScheduleV2 event; ``expression`` is cron(...) or rate(...)."""

    expression: str
    timezone: str
    enabled: bool


def list_schedules(template: Template) -> list[ScheduleEvent]:
    """Every Schedule (EventBridge rule) and ScheduleV2 (EventBridge Scheduler) event."""
    schedules = []
    for function_id, event_name, props in function_events(template, "Schedule", "ScheduleV2"):
        # ScheduleV2 says ScheduleExpression and State; Schedule says Schedule and Enabled.
        expression = props.get("ScheduleExpression", props.get("Schedule"))
        if not isinstance(expression, str):
            raise TemplateError(f"{function_id}.Events.{event_name}: no schedule expression")
        enabled = props.get("State", "ENABLED") != "DISABLED" and props.get("Enabled", True)
        schedules.append(
            ScheduleEvent(
                function_id=function_id,
                event_name=event_name,
                expression=expression.strip(),
                timezone=str(props.get("ScheduleExpressionTimezone", "UTC")),
                enabled=bool(enabled),
            )
        )
    return schedules
