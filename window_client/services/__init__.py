"""Services: the core put to work with the store (no Qt)."""
