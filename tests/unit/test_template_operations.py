"""template.yaml tells someone when things go wrong (the WAF in front of the API: test_template_security)."""

from __future__ import annotations

from pathlib import Path

from antrean_local.template import load_template

ROOT = Path(__file__).resolve().parents[2]


def _resources(kind: str) -> dict[str, dict]:
    template = load_template(ROOT / "template.yaml")
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def test_alarms_watch_5xx_throttles_function_errors_and_both_dead_letter_queues() -> None:
    alarms = _resources("AWS::CloudWatch::Alarm")
    watched = {a["Properties"].get("MetricName") for a in alarms.values()}

    assert {"5XXError", "ThrottledRequests", "ApproximateNumberOfMessagesVisible"} <= watched
    assert any("Errors" in str(a["Properties"].get("Metrics")) for a in alarms.values())
    queues = {str(a["Properties"].get("Dimensions")) for a in alarms.values()}
    assert any("ScanEventsDeadLetterQueue" in q for q in queues)
    assert any("NotificationsDeadLetterQueue" in q for q in queues)
    assert all(a["Properties"]["AlarmActions"] for a in alarms.values())
