"""The staff API (every request SigV4-signed): the gate that finds who is calling (gate), one
powertools Router a module (desk, review, villages, office, members, reports, steps), and the models
they read and answer (booking_models, office_models)."""
