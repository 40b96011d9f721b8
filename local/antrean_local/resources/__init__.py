"""The template's resources, made on this machine from their definitions in template.yaml.

The tables go into DynamoDB Local (``tables``: the stack's data, kept across restarts); the KMS
keys, SQS queues, S3 buckets, secrets and the e-mail sender into moto's server (``moto``, which
orders them by their references; one module per kind). Each maker returns a :class:`Provisioned`
saying what it made, kept or left out.
"""

from __future__ import annotations

from antrean_local.resources.moto import create_moto_resources, creation_order
from antrean_local.resources.provisioned import Provisioned
from antrean_local.resources.tables import create_tables

__all__ = ["Provisioned", "create_moto_resources", "create_tables", "creation_order"]
