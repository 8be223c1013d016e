"""shopcrew: an open-source, self-hostable AI shopping assistant for online stores."""

__version__ = "0.1.0"
