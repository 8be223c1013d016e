"""Specialist agents; each module holds its instructions, tools, templates and run function."""
