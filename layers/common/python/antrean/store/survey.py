"""The satisfaction survey: invitations (found by their link's token) and anonymous responses (an
office's, by month). A response and its invitation's "answered" mark are one transaction, so a
link is answered once, and nothing else ties the two: the response holds no token, no time and no
key of the booking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from antrean.domain.survey import SurveyInvitation, SurveyResponse
from antrean.store import items, keys, transact
from antrean.store.conditions import Cancelled
from antrean.store.table import Table

#: An invitation is kept this long past its closing time (then DynamoDB's TTL removes it).
KEEP_INVITATIONS = dt.timedelta(days=7)


class InvitationAnswered(Exception):
    """The invitation was answered already (or is gone)."""


def invitation_item(invitation: SurveyInvitation) -> items.Item:
    values = invitation.model_dump(mode="json")
    values |= items.from_item(keys.survey_invitation(invitation.token))
    values["expires_at"] = int((invitation.closes_at + KEEP_INVITATIONS).timestamp())
    return items.to_item(values)


def invitation_of(item: items.Item) -> SurveyInvitation:
    return SurveyInvitation.model_validate(items.from_item(item))


def response_of(item: items.Item) -> SurveyResponse:
    return SurveyResponse.model_validate(items.from_item(item))


def _months(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The first day of each month from first's to last's."""
    for index in range(first.year * 12 + first.month - 1, last.year * 12 + last.month):
        yield dt.date(index // 12, index % 12 + 1, 1)


class Surveys:
    def __init__(self, table: Table) -> None:
        self.table = table

    def invite(self, invitation: SurveyInvitation) -> None:
        """Keep a new invitation (its token is random: a second one by the same token cannot be)."""
        created = self.table.put(invitation_item(invitation), "attribute_not_exists(pk)")
        if not created:
            raise RuntimeError("a survey token was drawn twice")

    def invitation(self, token: str) -> SurveyInvitation | None:
        item = self.table.get(keys.survey_invitation(token))
        return invitation_of(item) if item else None

    def answer(self, invitation: SurveyInvitation, response: SurveyResponse) -> None:
        """The response, and the invitation marked answered, together or not at all. Raises
        InvitationAnswered when it was answered meanwhile. A response is kept as long as the
        day's bookings (its comment is free text: UU PDP)."""
        values = response.model_dump(mode="json", exclude_none=True)
        values |= items.from_item(keys.survey_response(response.office_id, response.day, response.response_id))
        values["expires_at"] = self.table.expires_at(response.day)
        mark = {
            "Update": {
                "TableName": self.table.name,
                "Key": keys.survey_invitation(invitation.token),
                "UpdateExpression": "SET answered = :yes",
                "ConditionExpression": "answered = :no",
                "ExpressionAttributeValues": {":yes": items.value(True), ":no": items.value(False)},
            }
        }
        try:
            self.table.transact([mark, transact.put(self.table, items.to_item(values), "attribute_not_exists(pk)")])
        except Cancelled as cancelled:
            if cancelled.refused(0):
                raise InvitationAnswered(invitation.token) from cancelled
            raise

    def responses(self, office_id: str, first: dt.date, last: dt.date) -> list[SurveyResponse]:
        """The office's responses about the days first..last (one query per month)."""
        found: list[SurveyResponse] = []
        for month in _months(first, last):
            partition = self.table.partition(
                keys.survey_responses(office_id, month), between=(first.isoformat(), f"{last.isoformat()}#~")
            )
            found += (response_of(item) for item in partition)
        return found
