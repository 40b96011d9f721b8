"""The environment every test process runs in, as Lambda's would be set before any import,
with fake credentials and no endpoint overrides: nothing a test does can reach a real account."""

from __future__ import annotations

import os

os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "ap-southeast-3",
        "AWS_REGION": "ap-southeast-3",
        "TABLE_NAME": "Table",
        "IDEMPOTENCY_TABLE_NAME": "IdempotencyTable",
        "SCANS_BUCKET": "antrean-test-scans",
        "BOOKING_RETENTION_DAYS": "365",
        "NIK_KEY_SECRET": "antrean-test-nik-key",
        "CHALLENGE_KEY_SECRET": "antrean-test-challenge-key",
        # The staff user pool (the integration tests' `aws` fixture names moto's instead).
        "STAFF_USER_POOL_ID": "ap-southeast-3_AntreanTests",
        "WEEKLY_BOOKINGS_PER_NIK": "3",
        "WEEKLY_BOOKINGS_PER_PHONE": "10",
        # Notifications: WhatsApp off, as deployed by default.
        "TRACKING_URL": "https://antrean.example.id/#track?reg={registration_number}",
        "UPLOAD_URL": "https://antrean.example.id/#upload?reg={registration_number}",
        "LOTTERY_URL": "https://antrean.example.id/#undian?office={office_id}&date={date}",
        "SURVEY_URL": "https://antrean.example.id/survey/#{token}",
        "EMAIL_SENDER": "noreply@antrean.example.id",
        "WHATSAPP_API_URL": "",
        "WHATSAPP_TOKEN_PARAMETER": "",
        "POWERTOOLS_SERVICE_NAME": "antrean-tests",
        "POWERTOOLS_METRICS_NAMESPACE": "AntreanTests",
        "POWERTOOLS_DEV": "false",
    }
)
for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE"):
    os.environ.pop(name, None)
