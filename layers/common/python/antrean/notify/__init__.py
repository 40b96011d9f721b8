"""Telling citizens what changed in their booking: the words (messages), sending each message at
most once (outbox, and the day-before reminders), and the channels it goes out by (channels:
SMS through SNS, e-mail through SES, WhatsApp through a provider's HTTP API)."""
