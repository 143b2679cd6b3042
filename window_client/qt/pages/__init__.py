"""The acceptance wizard's pages: views of an AcceptanceSession, one per step."""
