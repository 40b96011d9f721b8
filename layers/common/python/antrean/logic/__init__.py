"""Use cases: take and return models, know nothing of events or HTTP."""
