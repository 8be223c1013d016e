"""A route class that checks a JSON body before FastAPI parses it.

FastAPI would answer an oversized, non-UTF-8 or non-JSON body with its own error shapes (or read
an unbounded body into memory). This gate reads at most `max_body_bytes`, and turns each of those
cases into an InputError with a stable code; FastAPI then parses the body it has already seen.
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable, Coroutine
from email.message import Message as MimeHeader
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.types import Message

from shopcrew.api.deps import current_assistant
from shopcrew.domain.messages import InputError
from shopcrew.settings import Settings

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def max_body_bytes(settings: Settings) -> int:
    """The largest request body worth reading: a full-length message plus the most images allowed."""
    # JSON escapes can take 6 bytes per character; base64 adds a third.
    text = settings.max_message_chars * 6
    images = settings.max_images * (math.ceil(settings.max_image_bytes / 3) * 4 + 1024)
    return 64 * 1024 + text + images


def is_json_media_type(content_type: str) -> bool:
    """True for application/json and application/*+json, with or without parameters."""
    header = MimeHeader()
    header["content-type"] = content_type
    subtype = header.get_content_subtype()
    return header.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))


async def read_limited_body(request: Request, limit: int, what: str = "the body") -> bytes:
    """The raw body, refused with 413 as soon as the declared or the streamed size passes `limit`."""
    too_large = InputError("request_too_large", f"{what} is larger than {limit} bytes", 413)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large
    return bytes(body)


async def read_json_body(request: Request, limit: int) -> bytes:
    """Read the body, refusing anything too large, not JSON, not UTF-8 or malformed."""
    content_type = request.headers.get("content-type")
    if content_type is None or not is_json_media_type(content_type):
        raise InputError(
            "unsupported_media_type", "send the body as JSON (Content-Type: application/json)", 415
        )
    body = await read_limited_body(request, limit)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            "invalid_encoding", f"the body is not valid UTF-8 (byte {error.start})", 400
        ) from None
    if text:
        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(
                "malformed_json",
                f"the body is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
                400,
            ) from None
    return bytes(body)


def replaying(body: bytes) -> Callable[[], Awaitable[Message]]:
    """An ASGI `receive` that hands over a body already read."""

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


class JSONBodyRoute(APIRoute):
    """An APIRoute whose JSON body passes `read_json_body` before FastAPI sees it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler with the body gate."""
        handle = super().get_route_handler()

        async def handle_checked(request: Request) -> Response:
            if request.method not in _BODY_METHODS:
                return await handle(request)
            limit = max_body_bytes(current_assistant(request).settings)
            body = await read_json_body(request, limit)
            return await handle(Request(request.scope, replaying(body)))

        return handle_checked
