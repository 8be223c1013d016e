"""Claude models through the official `anthropic` SDK and the Messages API.

System text goes in the top-level `system` field; JSON output is a forced tool whose
`input_schema` is the requested schema (it works on every Claude model with tools, unlike the
newer `output_config.format`), and its `tool_use` input is the answer.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, Required, TypedDict, cast

import anthropic
import httpx2
from anthropic.types import (
    ContentBlockParam,
    MessageParam,
    ToolChoiceParam,
    ToolUnionParam,
)

from shopcrew.models.cards import ModelCard
from shopcrew.models.providers._shared import (
    base64_text,
    check_json_object,
    finished_response,
    kind_for_status,
    parse_tool_arguments,
    scrub,
    sdk_failure,
    system_text,
    transport_error,
)
from shopcrew.models.types import (
    ErrorKind,
    ModelError,
    ModelRequest,
    ModelResponse,
    StreamEnd,
    StreamEvent,
    TextDelta,
    ToolCall,
    Usage,
)

PROVIDER: Final = "anthropic"
DEFAULT_BASE_URL: Final = "https://api.anthropic.com"
API_KEY_VARIABLE: Final = "ANTHROPIC_API_KEY"
BASE_URL_VARIABLE: Final = "ANTHROPIC_BASE_URL"
# The forced tool that carries JSON output; its input is the answer.
OUTPUT_TOOL: Final = "structured_output"
_IMAGE_TYPES: Final = ("image/jpeg", "image/png", "image/gif", "image/webp")
_ImageType = Literal["image/jpeg", "image/png", "image/gif", "image/webp"]
# Error types of an `error` event inside a stream, whose HTTP status is still 200.
_KIND_BY_ERROR_TYPE: Final[Mapping[str, ErrorKind]] = {
    "overloaded_error": "server_error",
    "api_error": "server_error",
    "rate_limit_error": "rate_limit",
    "authentication_error": "auth",
    "permission_error": "auth",
    "billing_error": "auth",
    "timeout_error": "timeout",
    "invalid_request_error": "bad_request",
    "not_found_error": "bad_request",
    "request_too_large": "bad_request",
}


class _CreateArgs(TypedDict, total=False):
    """The arguments of `messages.create` that shopcrew sets (typed, so mypy checks the call)."""

    model: Required[str]
    max_tokens: Required[int]
    messages: Required[list[MessageParam]]
    system: str
    tools: list[ToolUnionParam]
    tool_choice: ToolChoiceParam
    extra_body: dict[str, object]


@dataclass
class _Answer:
    """What a Messages call produced, as the stream or the whole message delivers it."""

    text: list[str] = field(default_factory=list)
    output: Any = None  # the forced output tool's input, once seen
    tool_calls: list[ToolCall] = field(default_factory=list)
    stop_reason: str | None = None
    refusal_detail: str = ""
    input_tokens: int = 0
    output_tokens: int = 0


class AnthropicModel:
    """A model card served by the Anthropic API (or a gateway speaking it at `base_url`)."""

    def __init__(
        self,
        card: ModelCard,
        *,
        api_key: str,
        base_url: str | None = None,
        http_client: httpx2.AsyncClient | None = None,
        timeout_s: float = 30.0,
    ) -> None:
        if card.provider != PROVIDER:
            raise ValueError(f"card {card.id!r} is for provider {card.provider!r}, not {PROVIDER!r}")
        self._card = card
        self._api_key = api_key
        self._owns_client = http_client is None
        self._client = anthropic.AsyncAnthropic(
            api_key=api_key,
            base_url=base_url or DEFAULT_BASE_URL,
            timeout=timeout_s,
            max_retries=0,
            http_client=http_client,
        )

    @property
    def name(self) -> str:
        """The model card id, e.g. "claude-sonnet-4"."""
        return self._card.id

    async def request(self, request: ModelRequest) -> ModelResponse:
        """Answer one request; failures raise ModelError with the kind the router acts on."""
        started = time.perf_counter()
        try:
            message = await self._client.messages.create(**self._params(request))
        except (anthropic.AnthropicError, httpx2.TransportError, ValueError) as error:
            raise self._model_error(error) from None
        answer = _Answer(stop_reason=message.stop_reason)
        for block in message.content:
            if block.type == "text":
                answer.text.append(block.text)
            elif block.type == "tool_use" and block.name == OUTPUT_TOOL and request.output_schema is not None:
                answer.output = block.input
                answer.text.append(json.dumps(block.input, ensure_ascii=False))
            elif block.type == "tool_use":
                answer.tool_calls.append(ToolCall(id=block.id, name=block.name, arguments=dict(block.input)))
        if message.stop_details is not None:
            answer.refusal_detail = message.stop_details.explanation or message.stop_details.category or ""
        usage = message.usage
        answer.input_tokens = (
            usage.input_tokens
            + (usage.cache_creation_input_tokens or 0)
            + (usage.cache_read_input_tokens or 0)
        )
        answer.output_tokens = usage.output_tokens
        return self._finish(request, answer, started)

    def stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        """Stream the answer: text deltas, then StreamEnd with usage; ModelError on failure."""
        return self._stream(request)

    async def _stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        started = time.perf_counter()
        answer = _Answer()
        tools: dict[int, tuple[str, str, list[str]]] = {}  # block index -> (id, name, JSON fragments)
        finished = False
        try:
            events = await self._client.messages.create(**self._params(request), stream=True)
            try:
                async for event in events:
                    if event.type == "message_start":
                        usage = event.message.usage
                        answer.input_tokens = (
                            usage.input_tokens
                            + (usage.cache_creation_input_tokens or 0)
                            + (usage.cache_read_input_tokens or 0)
                        )
                        answer.output_tokens = usage.output_tokens
                    elif event.type == "content_block_start" and event.content_block.type == "tool_use":
                        tools[event.index] = (event.content_block.id, event.content_block.name, [])
                    elif event.type == "content_block_delta" and event.delta.type == "text_delta":
                        answer.text.append(event.delta.text)
                        yield TextDelta(event.delta.text)
                    elif event.type == "content_block_delta" and event.delta.type == "input_json_delta":
                        if event.index not in tools:
                            continue
                        _, tool_name, fragments = tools[event.index]
                        fragments.append(event.delta.partial_json)
                        if tool_name == OUTPUT_TOOL and request.output_schema is not None:
                            answer.text.append(event.delta.partial_json)
                            yield TextDelta(event.delta.partial_json)
                    elif event.type == "content_block_stop" and event.index in tools:
                        tool_id, tool_name, fragments = tools.pop(event.index)
                        arguments = parse_tool_arguments(self._card.id, tool_name, "".join(fragments))
                        if tool_name == OUTPUT_TOOL and request.output_schema is not None:
                            answer.output = arguments
                        else:
                            answer.tool_calls.append(
                                ToolCall(id=tool_id, name=tool_name, arguments=arguments)
                            )
                    elif event.type == "message_delta":
                        answer.stop_reason = event.delta.stop_reason or answer.stop_reason
                        if event.delta.stop_details is not None:
                            details = event.delta.stop_details
                            answer.refusal_detail = details.explanation or details.category or ""
                        answer.output_tokens = event.usage.output_tokens
                    elif event.type == "message_stop":
                        finished = True
            finally:
                await events.close()
        except (anthropic.AnthropicError, httpx2.TransportError, ValueError) as error:
            raise self._model_error(error) from None
        if not finished:
            raise ModelError(self._card.id, "connection", "the stream ended before the answer was finished")
        yield StreamEnd(self._finish(request, answer, started))

    async def aclose(self) -> None:
        """Close the SDK's connections; an injected `http_client` stays open for its owner to close."""
        if self._owns_client:
            await self._client.close()

    def _params(self, request: ModelRequest) -> _CreateArgs:
        model = self._card.id
        tools: list[ToolUnionParam] = [
            {
                "name": t.name,
                "description": t.description,
                "input_schema": cast(dict[str, Any], dict(t.parameters)),
            }
            for t in request.tools
        ]
        params: _CreateArgs = {
            "model": self._card.model,
            "max_tokens": request.max_output_tokens,
            "messages": _messages(model, request),
        }
        system = system_text(request.messages)
        if system:
            params["system"] = system
        schema = request.output_schema
        if schema is not None:
            description = schema.get("description")
            tools.append(
                {
                    "name": OUTPUT_TOOL,
                    "description": "Give your answer as structured data, by calling this tool once with it."
                    + (f" {description}" if isinstance(description, str) else ""),
                    "input_schema": cast(dict[str, Any], dict(schema)),
                }
            )
            # With tools of its own the model may call those first; otherwise the answer must be JSON.
            choice: ToolChoiceParam = (
                {"type": "any"} if request.tools else {"type": "tool", "name": OUTPUT_TOOL}
            )
            params["tool_choice"] = choice
        if tools:
            params["tools"] = tools
        if request.temperature is not None:
            # No longer a typed argument of the SDK, still accepted by the Messages API.
            params["extra_body"] = {"temperature": request.temperature}
        return params

    def _finish(self, request: ModelRequest, answer: _Answer, started: float) -> ModelResponse:
        model = self._card.id
        if answer.stop_reason == "refusal":
            detail = f": {scrub(answer.refusal_detail)}" if answer.refusal_detail else ""
            raise ModelError(model, "refusal", f"Claude declined to answer{detail}")
        data = None
        if request.output_schema is not None and not answer.tool_calls:
            if answer.output is None:
                raise ModelError(
                    model, "invalid_output", f"no structured output (stop reason {answer.stop_reason!r})"
                )
            data = check_json_object(model, answer.output, request.output_schema)
        return finished_response(
            self._card,
            started=started,
            text="".join(answer.text),
            usage=Usage(answer.input_tokens, answer.output_tokens),
            data=data,
            tool_calls=answer.tool_calls,
            finish_reason=answer.stop_reason,
        )

    def _model_error(self, error: Exception) -> ModelError:
        model = self._card.id
        if isinstance(error, anthropic.APITimeoutError):
            return ModelError(model, "timeout", "the request timed out")
        if isinstance(error, anthropic.APIConnectionError):
            return ModelError(model, "connection", "could not reach the API")
        if isinstance(error, anthropic.APIStatusError):
            detail = scrub(error.api_message or error.message, self._api_key)
            if error.status_code >= 400:
                return ModelError(
                    model, kind_for_status(error.status_code), f"HTTP {error.status_code}: {detail}"
                )
            kind = _KIND_BY_ERROR_TYPE.get(error.type or "", "server_error")
            return ModelError(model, kind, f"{error.type or 'error'} during the stream: {detail}")
        if isinstance(error, httpx2.TransportError):
            return transport_error(model, error, self._api_key)
        return sdk_failure(model, error, self._api_key)


def _messages(model: str, request: ModelRequest) -> list[MessageParam]:
    """The conversation as Messages API turns: consecutive same-role messages merged, tool results as user turns."""
    turns: list[tuple[Literal["user", "assistant"], list[ContentBlockParam]]] = []
    for message in request.messages:
        if message.role == "system":
            continue
        blocks: list[ContentBlockParam] = []
        role: Literal["user", "assistant"] = "assistant" if message.role == "assistant" else "user"
        if message.role == "tool":
            if not message.tool_call_id:
                raise ModelError(model, "bad_request", "a tool message needs the tool_call_id it answers")
            blocks.append(
                {"type": "tool_result", "tool_use_id": message.tool_call_id, "content": message.text}
            )
        else:
            if message.text:
                blocks.append({"type": "text", "text": message.text})
            for image in message.images:
                if image.media_type not in _IMAGE_TYPES:
                    raise ModelError(
                        model,
                        "unsupported",
                        f"Claude takes JPEG, PNG, GIF or WebP images, not {image.media_type}",
                    )
                media_type = cast(_ImageType, image.media_type)
                blocks.append(
                    {
                        "type": "image",
                        "source": {"type": "base64", "media_type": media_type, "data": base64_text(image)},
                    }
                )
            for call in message.tool_calls:
                blocks.append(
                    {"type": "tool_use", "id": call.id, "name": call.name, "input": dict(call.arguments)}
                )
        if not blocks:
            continue
        if turns and turns[-1][0] == role:
            turns[-1][1].extend(blocks)
        else:
            turns.append((role, blocks))
    return [_turn(role, blocks) for role, blocks in turns]


def _turn(role: Literal["user", "assistant"], blocks: Sequence[ContentBlockParam]) -> MessageParam:
    if role == "assistant":
        return {"role": "assistant", "content": list(blocks)}
    return {"role": "user", "content": list(blocks)}


def from_environment(
    card: ModelCard, env: Mapping[str, str], *, http_client: httpx2.AsyncClient | None = None
) -> AnthropicModel | None:
    """The card's model if ANTHROPIC_API_KEY is set in `env` (ANTHROPIC_BASE_URL honoured), else None."""
    api_key = env.get(API_KEY_VARIABLE, "").strip()
    if not api_key:
        return None
    base_url = env.get(BASE_URL_VARIABLE, "").strip() or None
    return AnthropicModel(card, api_key=api_key, base_url=base_url, http_client=http_client)
