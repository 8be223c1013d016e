"""Skin Analyzer knowledge: INCI parsing, the ingredient knowledge base, rules and recommendations."""
