"""The HTTP API: `create_app` builds the FastAPI app with its routes and the web chat page."""

from shopcrew.api.app import create_app

__all__ = ["create_app"]
