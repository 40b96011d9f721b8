"""The sender of citizens' e-mails, verified in moto's SES."""

from __future__ import annotations

from antrean_local.clients import ClientFactory
from antrean_local.resources.provisioned import Provisioned
from antrean_local.template import LocalValues, Template, resolve

#: template.yaml's parameter naming the From address of citizens' e-mails.
SES_SENDER_PARAMETER = "NotificationSender"


def verify_email_sender(client: ClientFactory, template: Template, local: LocalValues) -> Provisioned | None:
    """Verify the e-mail sender in moto's SES, which (like SES) refuses to send from an unverified
    address. In AWS the operator verifies it once (and its domain's DKIM records); moto verifies at
    once, without a confirmation e-mail."""
    if SES_SENDER_PARAMETER not in (template.get("Parameters") or {}):
        return None
    address = str(resolve(template, {"Ref": SES_SENDER_PARAMETER}, local))
    ses = client("ses")
    if address in ses.list_identities(IdentityType="EmailAddress")["Identities"]:
        return Provisioned(address, False, logical_id=SES_SENDER_PARAMETER)
    ses.verify_email_identity(EmailAddress=address)
    return Provisioned(address, True, logical_id=SES_SENDER_PARAMETER, notes=("SES identity, verified at once",))
