"""Talking to the city's one-window platform (docs/platform-api.yaml) with requests."""
