"""What the vendor providers share: error kinds, secret-free messages, JSON-output checks, timing.

Only provider modules import this, and each of them needs its vendor SDK, which brings `httpx2`
(the HTTP client the SDKs run on) along; so importing `httpx2` here costs nothing extra.
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import httpx2

from shopcrew.models.cards import ModelCard
from shopcrew.models.types import (
    ChatMessage,
    ErrorKind,
    ImagePart,
    ModelError,
    ModelResponse,
    ToolCall,
    Usage,
)

MESSAGE_LIMIT: Final = 300
# Key shapes of the vendors we talk to, scrubbed from error text even when not the key we hold.
_KEY_PATTERN: Final = re.compile(r"(sk-[A-Za-z0-9_\-*.]{6,}|AIza[0-9A-Za-z_\-]{10,}|Bearer\s+\S+)")
_FENCED: Final = re.compile(r"^```[a-zA-Z]*\s*\n?(.*?)\n?```$", re.DOTALL)
_JSON_TYPES: Final[Mapping[str, tuple[type, ...]]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}
_STRICT_UNSUPPORTED: Final = frozenset({"default", "patternProperties", "if", "then", "else", "not"})


def kind_for_status(status: int) -> ErrorKind:
    """The error kind of an HTTP status a vendor answered with."""
    if status in (401, 402, 403):
        return "auth"
    if status == 429:
        return "rate_limit"
    if status == 408:
        return "timeout"
    if status >= 500:
        return "server_error"
    return "bad_request"


def scrub(message: str, *secrets: str | None) -> str:
    """`message` without any API key in it, clipped to a log-friendly length."""
    for secret in secrets:
        if secret:
            message = message.replace(secret, "[redacted]")
    message = _KEY_PATTERN.sub("[redacted]", message).strip()
    return message if len(message) <= MESSAGE_LIMIT else message[: MESSAGE_LIMIT - 1] + "…"


def sdk_failure(model: str, error: Exception, *secrets: str | None) -> ModelError:
    """An exception no other mapping knows (an unparsable response, an SDK check) as a server_error."""
    detail = scrub(str(error), *secrets) or "no detail"
    return ModelError(model, "server_error", f"the SDK failed ({type(error).__name__}): {detail}")


def transport_error(model: str, error: httpx2.TransportError, *secrets: str | None) -> ModelError:
    """A network failure the SDK let through (mid-stream, typically) as a ModelError."""
    kind: ErrorKind = "timeout" if isinstance(error, httpx2.TimeoutException) else "connection"
    detail = scrub(str(error), *secrets) or type(error).__name__
    return ModelError(model, kind, f"{type(error).__name__}: {detail}")


def elapsed_ms(started: float) -> float:
    """Milliseconds since `started` (a `time.perf_counter()` reading)."""
    return (time.perf_counter() - started) * 1000.0


def finished_response(
    card: ModelCard,
    *,
    started: float,
    text: str,
    usage: Usage,
    data: Mapping[str, Any] | None = None,
    tool_calls: Sequence[ToolCall] = (),
    finish_reason: str | None = None,
) -> ModelResponse:
    """The ModelResponse of a finished call, with its latency and its cost by the card's prices.

    An answer with neither text nor tool calls is no answer (a reasoning model that spent its
    whole token budget thinking ends like that), so it raises invalid_output for the router.
    """
    if not text.strip() and not tool_calls:
        raise ModelError(
            card.id, "invalid_output", f"the model gave an empty answer (finish reason {finish_reason!r})"
        )
    return ModelResponse(
        model=card.id,
        text=text,
        data=data,
        usage=usage,
        latency_ms=elapsed_ms(started),
        cost_usd=card.cost_usd(usage.input_tokens, usage.output_tokens),
        tool_calls=tuple(tool_calls),
        finish_reason=finish_reason,
    )


def parse_json_output(model: str, text: str, schema: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON object in `text`, checked against the top level of `schema`; else invalid_output."""
    candidate = text.strip()
    fenced = _FENCED.match(candidate)
    if fenced:
        candidate = fenced.group(1).strip()
    try:
        value = json.loads(candidate)
    except ValueError as error:
        preview = scrub(text[:80])
        raise ModelError(model, "invalid_output", f"the reply is not JSON ({error}): {preview!r}") from None
    return check_json_object(model, value, schema)


def check_json_object(model: str, value: Any, schema: Mapping[str, Any]) -> dict[str, Any]:
    """`value` if it is an object with the schema's required keys and top-level types; else invalid_output."""
    if not isinstance(value, dict):
        raise ModelError(
            model, "invalid_output", f"the reply is a JSON {_json_type(value)} where an object was asked for"
        )
    required = [key for key in schema.get("required", ()) if isinstance(key, str)]
    missing = [key for key in required if key not in value]
    if missing:
        raise ModelError(model, "invalid_output", "the reply lacks required field(s) " + ", ".join(missing))
    properties = schema.get("properties")
    if isinstance(properties, Mapping):
        for key, field_schema in properties.items():
            if key in value and isinstance(field_schema, Mapping):
                _check_type(model, key, value[key], field_schema.get("type"))
    return value


def _check_type(model: str, key: str, value: Any, wanted: Any) -> None:
    names = [wanted] if isinstance(wanted, str) else list(wanted) if isinstance(wanted, list) else []
    known = [name for name in names if name in _JSON_TYPES]
    if not known:
        return
    if any(_is_json_type(value, name) for name in known):
        return
    raise ModelError(
        model,
        "invalid_output",
        f"field {key!r} is a JSON {_json_type(value)} where the schema wants {' or '.join(known)}",
    )


def _is_json_type(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False
    if name == "number" and isinstance(value, float):
        return True
    return isinstance(value, _JSON_TYPES[name])


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    for name in ("string", "integer", "number", "array", "object"):
        if isinstance(value, _JSON_TYPES[name]):
            return name
    return type(value).__name__


def parse_tool_arguments(model: str, tool: str, raw: str) -> dict[str, Any]:
    """The arguments of a tool call sent as a JSON string (empty means none); else invalid_output."""
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise ModelError(
            model, "invalid_output", f"tool call {tool!r} has arguments that are not JSON"
        ) from None
    if not isinstance(value, dict):
        raise ModelError(model, "invalid_output", f"tool call {tool!r} has arguments that are not an object")
    return value


def system_text(messages: Iterable[ChatMessage]) -> str:
    """Every system message, in order, as one instruction text."""
    return "\n\n".join(m.text for m in messages if m.role == "system" and m.text)


def base64_text(image: ImagePart) -> str:
    """The image's bytes as standard base64 text."""
    return base64.b64encode(image.data).decode("ascii")


def schema_name(schema: Mapping[str, Any], default: str = "output") -> str:
    """A name for the schema that vendors accept (letters, digits, `_` and `-`, at most 64)."""
    title = schema.get("title")
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", title).strip("_")[:64] if isinstance(title, str) else ""
    return name or default


def json_instructions(schema: Mapping[str, Any]) -> str:
    """Prompt text asking for JSON output, for servers that cannot constrain it themselves."""
    return (
        "Answer with one JSON object and nothing else: no prose, no code fences. "
        "It must validate against this JSON Schema:\n" + json.dumps(schema, ensure_ascii=False)
    )


def is_strict_schema(schema: Mapping[str, Any]) -> bool:
    """Whether `schema` already meets OpenAI's strict structured-output rules.

    Strict mode needs every object closed (`additionalProperties: false`) with all its properties
    required; rewriting a schema to fit would change what it means, so a schema that does not fit
    is sent non-strict and its output checked by `parse_json_output` instead.
    """
    return _strict_node(schema)


def _strict_node(node: Any) -> bool:
    if not isinstance(node, Mapping):
        return True
    if _STRICT_UNSUPPORTED & node.keys():
        return False
    properties = node.get("properties")
    if node.get("type") == "object" or isinstance(properties, Mapping):
        if node.get("additionalProperties") is not False:
            return False
        names = set(properties) if isinstance(properties, Mapping) else set()
        if set(node.get("required", ())) != names:
            return False
    children: list[Any] = []
    for key in ("properties", "$defs", "definitions"):
        if isinstance(node.get(key), Mapping):
            children.extend(node[key].values())
    for key in ("anyOf", "allOf", "oneOf", "prefixItems"):
        if isinstance(node.get(key), list):
            children.extend(node[key])
    children.append(node.get("items"))
    return all(_strict_node(child) for child in children)
