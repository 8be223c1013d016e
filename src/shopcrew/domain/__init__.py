"""Typed records shared across shopcrew: catalog, customers, orders, conversations, messages."""
