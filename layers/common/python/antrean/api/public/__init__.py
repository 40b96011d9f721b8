"""The citizens' API (no sign-in): one powertools Router a module (offices, now_serving, bookings,
documents), and the models they read and answer (models)."""
