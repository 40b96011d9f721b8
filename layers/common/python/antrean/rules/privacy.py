"""Masks for personal data (UU PDP 27/2022): what logs and public answers may show."""

from __future__ import annotations


def mask_nik(nik: str) -> str:
    """Keep the region (first 6 digits); hide the birth date and serial."""
    return nik[:6] + "*" * max(len(nik) - 6, 0)


def mask_phone(phone: str) -> str:
    """Keep the last three digits only."""
    return "*" * max(len(phone) - 3, 0) + phone[-3:]


def mask_name(name: str) -> str:
    """Keep each word's first letter: `Siti Aminah` -> `S*** A*****`."""
    return " ".join(word[:1] + "*" * (len(word) - 1) for word in name.split())


def mask_email(email: str) -> str:
    """Keep the first letter of the mailbox and the domain: `siti@mail.id` -> `s***@mail.id`."""
    mailbox, _, domain = email.partition("@")
    return mailbox[:1] + "*" * max(len(mailbox) - 1, 0) + ("@" + domain if domain else "")
