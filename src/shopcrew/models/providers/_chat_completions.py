"""OpenAI Chat Completions, both ways: shopcrew's requests in, the vendor's completions out.

Shared by the `openai` provider and the `openai_compatible` one (Ollama, vLLM, LM Studio,
llama.cpp server), which speak the same wire format with small differences passed in here.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, Required, TypedDict

import httpx2
import openai
from openai.types.chat import (
    ChatCompletionContentPartParam,
    ChatCompletionFunctionToolParam,
    ChatCompletionMessageFunctionToolCallParam,
    ChatCompletionMessageParam,
    ChatCompletionToolUnionParam,
)
from openai.types.shared_params import ResponseFormatJSONSchema

from shopcrew.models.cards import ModelCard
from shopcrew.models.providers._shared import (
    base64_text,
    finished_response,
    is_strict_schema,
    json_instructions,
    kind_for_status,
    parse_json_output,
    parse_tool_arguments,
    schema_name,
    scrub,
    sdk_failure,
    system_text,
    transport_error,
)
from shopcrew.models.types import (
    ChatMessage,
    ModelError,
    ModelRequest,
    ModelResponse,
    StreamEnd,
    StreamEvent,
    TextDelta,
    ToolCall,
    Usage,
)

# How the JSON schema of a request reaches the model: the API's own `response_format`, or prompt text.
SchemaVia = Literal["response_format", "instructions"]
# OpenAI's reasoning models accept only `max_completion_tokens`; older servers know only `max_tokens`.
MaxTokensField = Literal["max_completion_tokens", "max_tokens"]


class _CreateArgs(TypedDict, total=False):
    """The arguments of `chat.completions.create` that shopcrew sets (typed, so mypy checks the call)."""

    model: Required[str]
    messages: Required[list[ChatCompletionMessageParam]]
    tools: list[ChatCompletionToolUnionParam]
    response_format: ResponseFormatJSONSchema
    temperature: float
    max_completion_tokens: int
    max_tokens: int


@dataclass
class _PendingToolCall:
    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)


class ChatCompletions:
    """Chat Completions calls for one model card through one `AsyncOpenAI` client."""

    def __init__(
        self,
        card: ModelCard,
        client: openai.AsyncOpenAI,
        *,
        max_tokens_field: MaxTokensField,
        secret: str | None,
    ) -> None:
        self._card = card
        self._client = client
        self._max_tokens_field = max_tokens_field
        self._secret = secret

    async def complete(self, request: ModelRequest, *, schema_via: SchemaVia) -> ModelResponse:
        """One non-streamed completion as a ModelResponse; vendor failures raised as ModelError."""
        started = time.perf_counter()
        params = self._params(request, schema_via)
        try:
            completion = await self._client.chat.completions.create(**params)
        except (openai.OpenAIError, httpx2.TransportError, ValueError) as error:
            raise self.model_error(error) from None
        if not completion.choices:
            raise ModelError(self._card.id, "server_error", "the completion has no choices")
        choice = completion.choices[0]
        message = choice.message
        tool_calls = [
            ToolCall(
                id=call.id,
                name=call.function.name,
                arguments=parse_tool_arguments(self._card.id, call.function.name, call.function.arguments),
            )
            for call in message.tool_calls or ()
            if call.type == "function"
        ]
        usage = completion.usage
        return self._finish(
            request,
            started=started,
            text=message.content or "",
            refusal=message.refusal,
            tool_calls=tool_calls,
            finish_reason=choice.finish_reason,
            usage=Usage(usage.prompt_tokens, usage.completion_tokens) if usage else Usage(),
        )

    async def stream(self, request: ModelRequest, *, schema_via: SchemaVia) -> AsyncIterator[StreamEvent]:
        """Text deltas as they arrive, then StreamEnd; a stream that breaks or stops early raises ModelError."""
        started = time.perf_counter()
        params = self._params(request, schema_via)
        text: list[str] = []
        refusal: list[str] = []
        pending: dict[int, _PendingToolCall] = {}
        finish_reason: str | None = None
        usage = Usage()
        try:
            chunks = await self._client.chat.completions.create(
                **params, stream=True, stream_options={"include_usage": True}
            )
            try:
                async for chunk in chunks:
                    if chunk.usage is not None:
                        usage = Usage(chunk.usage.prompt_tokens, chunk.usage.completion_tokens)
                    for choice in chunk.choices[:1]:
                        delta = choice.delta
                        if delta.content:
                            text.append(delta.content)
                            yield TextDelta(delta.content)
                        if delta.refusal:
                            refusal.append(delta.refusal)
                        for fragment in delta.tool_calls or ():
                            call = pending.setdefault(fragment.index, _PendingToolCall())
                            call.id = fragment.id or call.id
                            if fragment.function is not None:
                                call.name = fragment.function.name or call.name
                                call.arguments.append(fragment.function.arguments or "")
                        finish_reason = choice.finish_reason or finish_reason
            finally:
                await chunks.close()
        except (openai.OpenAIError, httpx2.TransportError, ValueError) as error:
            raise self.model_error(error) from None
        if finish_reason is None:
            raise ModelError(self._card.id, "connection", "the stream ended before the answer was finished")
        tool_calls = [
            ToolCall(
                id=c.id or f"call_{index}",  # some compatible servers stream calls without ids
                name=c.name,
                arguments=parse_tool_arguments(self._card.id, c.name, "".join(c.arguments)),
            )
            for index, c in sorted(pending.items())
        ]
        yield StreamEnd(
            self._finish(
                request,
                started=started,
                text="".join(text),
                refusal="".join(refusal) or None,
                tool_calls=tool_calls,
                finish_reason=finish_reason,
                usage=usage,
            )
        )

    def model_error(self, error: Exception) -> ModelError:
        """The ModelError for an exception of the SDK (or of its HTTP client) while calling this card."""
        model = self._card.id
        if isinstance(error, openai.APITimeoutError):
            return ModelError(model, "timeout", "the request timed out")
        if isinstance(error, openai.APIConnectionError):
            cause = error.__cause__
            detail = f" ({type(cause).__name__})" if cause is not None else ""
            return ModelError(model, "connection", f"could not reach the API{detail}")
        if isinstance(error, openai.APIStatusError):
            detail = scrub(_vendor_message(error.body) or error.message, self._secret)
            return ModelError(
                model, kind_for_status(error.status_code), f"HTTP {error.status_code}: {detail}"
            )
        if isinstance(error, openai.APIError):  # an `error` event inside a stream
            detail = scrub(_vendor_message(error.body) or error.message, self._secret)
            return ModelError(model, "server_error", detail)
        if isinstance(error, httpx2.TransportError):
            return transport_error(model, error, self._secret)
        return sdk_failure(model, error, self._secret)

    def _params(self, request: ModelRequest, schema_via: SchemaVia) -> _CreateArgs:
        schema = request.output_schema
        instructions = (
            json_instructions(schema) if schema is not None and schema_via == "instructions" else None
        )
        params: _CreateArgs = {
            "model": self._card.model,
            "messages": chat_messages(self._card.id, request.messages, extra_system=instructions),
        }
        if self._max_tokens_field == "max_completion_tokens":
            params["max_completion_tokens"] = request.max_output_tokens
        else:
            params["max_tokens"] = request.max_output_tokens
        if request.temperature is not None:
            params["temperature"] = request.temperature
        if request.tools:
            params["tools"] = [
                ChatCompletionFunctionToolParam(
                    type="function",
                    function={"name": t.name, "description": t.description, "parameters": dict(t.parameters)},
                )
                for t in request.tools
            ]
        if schema is not None and schema_via == "response_format":
            params["response_format"] = ResponseFormatJSONSchema(
                type="json_schema",
                json_schema={
                    "name": schema_name(schema),
                    "schema": dict(schema),
                    "strict": is_strict_schema(schema),
                },
            )
        return params

    def _finish(
        self,
        request: ModelRequest,
        *,
        started: float,
        text: str,
        refusal: str | None,
        tool_calls: Sequence[ToolCall],
        finish_reason: str | None,
        usage: Usage,
    ) -> ModelResponse:
        model = self._card.id
        if refusal:
            raise ModelError(model, "refusal", scrub(refusal))
        if finish_reason == "content_filter":
            raise ModelError(model, "refusal", "the provider's content filter stopped the answer")
        data = None
        if request.output_schema is not None and not tool_calls:
            data = parse_json_output(model, text, request.output_schema)
        return finished_response(
            self._card,
            started=started,
            text=text,
            usage=usage,
            data=data,
            tool_calls=tool_calls,
            finish_reason=finish_reason,
        )


def chat_messages(
    model: str, messages: Sequence[ChatMessage], *, extra_system: str | None = None
) -> list[ChatCompletionMessageParam]:
    """shopcrew messages as Chat Completions messages, system text merged into one leading message.

    One leading system message is what every server's chat template accepts (some local ones
    reject a system message anywhere else); `role: system` is read as `developer` by OpenAI's
    reasoning models.
    """
    system = "\n\n".join(part for part in (system_text(messages), extra_system) if part)
    wire: list[ChatCompletionMessageParam] = [{"role": "system", "content": system}] if system else []
    for message in messages:
        if message.role == "user":
            wire.append({"role": "user", "content": _user_content(message)})
        elif message.role == "assistant":
            calls = [
                ChatCompletionMessageFunctionToolCallParam(
                    id=call.id,
                    type="function",
                    function={
                        "name": call.name,
                        "arguments": json.dumps(dict(call.arguments), ensure_ascii=False),
                    },
                )
                for call in message.tool_calls
            ]
            if calls:
                wire.append({"role": "assistant", "content": message.text or None, "tool_calls": calls})
            else:
                wire.append({"role": "assistant", "content": message.text})
        elif message.role == "tool":
            if not message.tool_call_id:
                raise ModelError(model, "bad_request", "a tool message needs the tool_call_id it answers")
            wire.append({"role": "tool", "tool_call_id": message.tool_call_id, "content": message.text})
    return wire


def _user_content(message: ChatMessage) -> str | list[ChatCompletionContentPartParam]:
    if not message.images:
        return message.text
    parts: list[ChatCompletionContentPartParam] = []
    if message.text:
        parts.append({"type": "text", "text": message.text})
    for image in message.images:
        url = f"data:{image.media_type};base64,{base64_text(image)}"
        parts.append({"type": "image_url", "image_url": {"url": url}})
    return parts


def _vendor_message(body: object) -> str | None:
    """The human-readable message of an OpenAI-style error body, if it has one."""
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])
        if isinstance(inner, str):
            return inner
    return None
