"""Checks every turn passes: identity and authorization, grounding, confirmation before acting."""
