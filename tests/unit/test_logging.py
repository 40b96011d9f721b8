"""No NIK, phone number or name reaches a log line in clear."""

from __future__ import annotations

import io
import json

from aws_lambda_powertools import Logger

from antrean.observability import MaskingFormatter


def test_personal_data_is_masked_by_key_and_inside_free_text() -> None:
    stream = io.StringIO()
    logger = Logger(service="t", logger_formatter=MaskingFormatter(), stream=stream)

    logger.info(
        "booking for 3523010101900001 phone 081234567890 failed",
        extra={"nik": "3523010101900001", "phone": "+6281234567890", "citizen_name": "Siti Aminah", "queue": "A-001"},
    )

    line = stream.getvalue()
    record = json.loads(line)
    assert "3523010101900001" not in line
    assert "1234567890" not in line
    assert "Aminah" not in line
    assert record["nik"] == "352301**********"
    assert record["citizen_name"] == "S*** A*****"
    assert record["queue"] == "A-001"
    assert record["message"] == "booking for 352301********** phone *********890 failed"
