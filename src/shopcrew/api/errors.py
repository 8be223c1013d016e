"""Every error leaves the API as `{"error": {"code", "message"}}` with a fitting status, never a trace."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from shopcrew.api.schemas import ErrorResponse
from shopcrew.domain.messages import InputError

logger = logging.getLogger(__name__)

# Documented on every route that takes input, so /docs shows the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in {
        400: "Malformed JSON or a body that is not UTF-8",
        404: "Unknown conversation",
        413: "Message, image or body too large",
        415: "Body is not JSON",
        422: "Invalid request: empty message, wrong field types, bad image",
        500: "Unexpected error (logged server-side)",
    }.items()
}

_HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
}


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """A JSON error response in the API's one error shape."""
    content = {"error": {"code": code, "message": message}}
    return JSONResponse(status_code=status, content=content, headers=headers)


def describe_validation_errors(errors: Iterable[Mapping[str, Any]]) -> str:
    """A one-line description of pydantic errors that names each field, e.g. `text: Field required`."""
    parts = [f"{field_path(error.get('loc', ()))}: {error.get('msg', 'invalid value')}" for error in errors]
    return "; ".join(parts) or "invalid request"


def field_path(loc: Sequence[Any]) -> str:
    """`("body", "images", 0, "data")` -> `images[0].data`."""
    path = ""
    for part in loc[1:] if loc and loc[0] == "body" else loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "body"


async def _input_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InputError)
    return error_response(exc.status, exc.code, exc.message)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(error.get("type") == "json_invalid" for error in errors):
        return error_response(400, "malformed_json", "the body is not valid JSON")
    return error_response(422, "invalid_request", describe_validation_errors(errors))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    return error_response(exc.status_code, code, str(exc.detail), exc.headers)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "something went wrong on our side; it has been logged")


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the API's shape."""
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
