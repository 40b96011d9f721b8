"""Configuration: one model, read from the environment once, failing fast when incomplete."""

from __future__ import annotations

import os
from typing import TypeVar

from pydantic import BaseModel, Field, ValidationError, model_validator

from antrean.caches import kept


class Settings(BaseModel):
    table_name: str = Field(min_length=1)
    idempotency_table_name: str = Field(min_length=1)
    scans_bucket: str = Field(min_length=1)
    booking_retention_days: int = Field(ge=30, le=3650)


class BookingLimits(BaseModel):
    """How many online bookings one NIK, and one phone number, may make in a week (abuse limits).

    Counted when made and not given back on cancelling, so booking and cancelling in a loop
    cannot hold places; staff's desk and village bookings do not count."""

    weekly_bookings_per_nik: int = Field(ge=1, le=50)
    weekly_bookings_per_phone: int = Field(ge=1, le=500)


class NikKeySettings(BaseModel):
    """Where the key of the NIK and phone pseudonyms is (antrean.pseudonyms)."""

    nik_key_secret: str = Field(min_length=1)  # the Secrets Manager secret's ARN or name


class ChallengeKeySettings(BaseModel):
    """Where the key that signs the proof-of-work challenges is (antrean.challenge_keys)."""

    challenge_key_secret: str = Field(min_length=1)  # the Secrets Manager secret's ARN or name


class ChannelSettings(BaseModel):
    """Which notification channels the deployment offers (the booking form refuses the others)."""

    # Empty: WhatsApp is off (the default); else the provider's HTTP endpoint.
    whatsapp_api_url: str = Field(pattern=r"^(https?://\S+)?$")

    @property
    def whatsapp_enabled(self) -> bool:
        return bool(self.whatsapp_api_url)


class SenderSettings(ChannelSettings):
    """What sending by the channels needs besides: the WhatsApp provider's token (the public API
    sends phone verification codes; the notifier and the reminders everything else)."""

    # The SSM SecureString holding the WhatsApp provider's token; empty while WhatsApp is off.
    whatsapp_token_parameter: str = Field(pattern=r"^(/[A-Za-z0-9_./-]+)?$")

    @model_validator(mode="after")
    def _whatsapp_token(self) -> SenderSettings:
        if self.whatsapp_enabled and not self.whatsapp_token_parameter:
            raise ValueError("WHATSAPP_TOKEN_PARAMETER must name the provider's token when WHATSAPP_API_URL is set")
        return self


class NotifySettings(SenderSettings):
    """What the notifier and the reminders need to send a message."""

    # The citizen's tracking page, e.g. https://antrean.example.go.id/#track?reg={registration_number}
    tracking_url: str = Field(pattern=r"^https?://\S*\{registration_number\}\S*$")
    # The page to upload a booking's documents, e.g. https://antrean.example.go.id/#upload?reg={registration_number}
    upload_url: str = Field(pattern=r"^https?://\S*\{registration_number\}\S*$")
    # An office's day's lottery page, e.g. https://antrean.example.go.id/#undian?office={office_id}&date={date}
    lottery_url: str = Field(pattern=r"^https?://\S*\{office_id\}\S*\{date\}\S*$")
    # The satisfaction survey's page, e.g. https://antrean.example.go.id/survey/#{token}
    survey_url: str = Field(pattern=r"^https?://\S*\{token\}\S*$")
    email_sender: str = Field(pattern=r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


class ConfigurationError(RuntimeError):
    """The function was deployed without a variable it needs: a deploy bug, not a user error."""


M = TypeVar("M", bound=BaseModel)


def environment_model(model: type[M], *names: str) -> M:
    """The model from these environment variables (a missing one is an error, an empty one is a
    value: "WhatsApp off" is said with an empty WHATSAPP_API_URL, never by leaving it out)."""
    missing = {name for name in names if name not in os.environ}
    problems: list[str] = []
    try:
        values = model.model_validate({name.lower(): os.environ.get(name, "") for name in names})
    except ValidationError as error:
        missing |= {str(e["loc"][0]).upper() for e in error.errors() if e["loc"]}
        problems = [e["msg"] for e in error.errors() if not e["loc"]]
    if missing or problems:
        named = [f"missing or invalid environment variables: {', '.join(sorted(missing))}"] if missing else []
        raise ConfigurationError("; ".join(named + problems))
    return values


@kept
def settings() -> Settings:
    """The settings of this process (template.yaml's Environment, or the local stack's)."""
    return environment_model(Settings, "TABLE_NAME", "IDEMPOTENCY_TABLE_NAME", "SCANS_BUCKET", "BOOKING_RETENTION_DAYS")


@kept
def booking_limits() -> BookingLimits:
    """The weekly limits on citizens' own bookings."""
    return environment_model(BookingLimits, "WEEKLY_BOOKINGS_PER_NIK", "WEEKLY_BOOKINGS_PER_PHONE")


@kept
def nik_key_settings() -> NikKeySettings:
    """The secret holding the pseudonyms' key (NIK_KEY_SECRET)."""
    return environment_model(NikKeySettings, "NIK_KEY_SECRET")


@kept
def challenge_key_settings() -> ChallengeKeySettings:
    """The secret holding the challenges' signing key (CHALLENGE_KEY_SECRET)."""
    return environment_model(ChallengeKeySettings, "CHALLENGE_KEY_SECRET")


@kept
def channel_settings() -> ChannelSettings:
    """The channels a booking may choose (WHATSAPP_API_URL must be set, empty when WhatsApp is off)."""
    return environment_model(ChannelSettings, "WHATSAPP_API_URL")


@kept
def sender_settings() -> SenderSettings:
    """The public API's channels for phone verification codes (WHATSAPP_API_URL, WHATSAPP_TOKEN_PARAMETER)."""
    return environment_model(SenderSettings, "WHATSAPP_API_URL", "WHATSAPP_TOKEN_PARAMETER")


@kept
def notify_settings() -> NotifySettings:
    """The notifier's and the reminders' settings."""
    return environment_model(
        NotifySettings,
        "WHATSAPP_API_URL",
        "TRACKING_URL",
        "UPLOAD_URL",
        "LOTTERY_URL",
        "SURVEY_URL",
        "EMAIL_SENDER",
        "WHATSAPP_TOKEN_PARAMETER",
    )


class StaffIdentitySettings(BaseModel):
    """The user pool people sign in to (the staff API manages its accounts and trusts only its
    identities)."""

    staff_user_pool_id: str = Field(pattern=r"^[a-z]{2}(-[a-z]+)+-[0-9]_[0-9A-Za-z]+$")


@kept
def staff_identity_settings() -> StaffIdentitySettings:
    """STAFF_USER_POOL_ID: template.yaml's StaffUserPool."""
    return environment_model(StaffIdentitySettings, "STAFF_USER_POOL_ID")
