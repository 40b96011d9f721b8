"""Antrean: online queue numbers and document intake for Disdukcapil offices.

Layers, as in STYLE.md: `api` (HTTP contract and error mapping), `logic` (use cases, models in
and out), `store` (the only module that knows boto3 and key formats); `rules` and `domain` hold
the pure business rules, testable without AWS.
"""
