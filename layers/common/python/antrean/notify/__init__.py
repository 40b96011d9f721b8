"""Telling citizens what changed: the channels messages go out by (SMS, e-mail, WhatsApp)."""
