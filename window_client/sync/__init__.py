"""Offline-first sync: the outbox pushed to the platform, the change feed pulled."""
