"""Fixtures for the HTTP API: the real app on a private copy of the demo store (see tests/conftest.py)."""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from shopcrew.api import create_app
from shopcrew.settings import Settings


@pytest.fixture
async def app(demo_settings: Settings) -> AsyncIterator[FastAPI]:
    """The real app, with its lifespan run (the assistant is built at startup and closed after)."""
    application = create_app(demo_settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://shopcrew.test") as http:
        yield http


def tiny_png(width: int = 2, height: int = 2) -> bytes:
    """A valid RGB PNG, all pixels red, built without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def png_image() -> dict[str, str]:
    """A tiny real PNG, as `images` items carry it."""
    return {"media_type": "image/png", "data": base64.b64encode(tiny_png()).decode()}
