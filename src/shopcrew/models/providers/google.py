"""Gemini models through the official `google-genai` SDK and the Gemini Developer API.

System text becomes `system_instruction`; JSON output uses `response_mime_type:
application/json` with `response_json_schema` (full JSON Schema, unlike the older OpenAPI-subset
`response_schema`); tools are function declarations with `parameters_json_schema`.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import httpx2
from google import genai
from google.genai import errors, types

from shopcrew.models.cards import ModelCard
from shopcrew.models.providers._shared import (
    finished_response,
    kind_for_status,
    parse_json_output,
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

PROVIDER: Final = "google"
DEFAULT_BASE_URL: Final = "https://generativelanguage.googleapis.com/"
# Both key variables the SDK reads, in its order of precedence.
API_KEY_VARIABLES: Final = ("GOOGLE_API_KEY", "GEMINI_API_KEY")
BASE_URL_VARIABLE: Final = "GOOGLE_GEMINI_BASE_URL"
# The Gemini API may return function calls without ids; shopcrew gives them one, never sent back.
SYNTHETIC_ID_PREFIX: Final = "gemini-call-"
_BLOCKED: Final = frozenset(
    {
        "SAFETY",
        "RECITATION",
        "LANGUAGE",
        "BLOCKLIST",
        "PROHIBITED_CONTENT",
        "SPII",
        "IMAGE_SAFETY",
        "IMAGE_PROHIBITED_CONTENT",
        "IMAGE_RECITATION",
        "MODEL_ARMOR",
    }
)
_BROKEN_TOOL_CALL: Final = frozenset(
    {"MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS"}
)


@dataclass
class _Answer:
    text: list[str] = field(default_factory=list)
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: str | None = None
    usage: Usage = field(default_factory=Usage)


class GeminiModel:
    """A model card served by the Gemini Developer API (or a gateway speaking it at `base_url`)."""

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
        # Our own httpx2 client when none is given, so failures arrive as the exceptions mapped
        # below (the SDK would otherwise pick aiohttp when it happens to be installed).
        self._http = http_client or httpx2.AsyncClient(timeout=timeout_s)
        self._client = genai.Client(
            api_key=api_key,
            vertexai=False,
            http_options=types.HttpOptions(
                base_url=base_url or DEFAULT_BASE_URL,
                timeout=int(timeout_s * 1000),
                httpx_async_client=self._http,
                retry_options=types.HttpRetryOptions(attempts=1),  # the router owns retries
            ),
        )

    @property
    def name(self) -> str:
        """The model card id, e.g. "gemini-2.5-flash"."""
        return self._card.id

    async def request(self, request: ModelRequest) -> ModelResponse:
        """Answer one request; failures raise ModelError with the kind the router acts on."""
        started = time.perf_counter()
        contents, config = self._params(request)
        try:
            response = await self._client.aio.models.generate_content(
                model=self._card.model, contents=contents, config=config
            )
        except (errors.APIError, httpx2.TransportError, ValueError) as error:
            raise self._model_error(error) from None
        answer = _Answer()
        self._take(response, answer)
        return self._finish(request, answer, started)

    def stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        """Stream the answer: text deltas, then StreamEnd with usage; ModelError on failure."""
        return self._stream(request)

    async def _stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        started = time.perf_counter()
        contents, config = self._params(request)
        answer = _Answer()
        try:
            chunks = await self._client.aio.models.generate_content_stream(
                model=self._card.model, contents=contents, config=config
            )
            try:
                async for chunk in chunks:
                    for text in self._take(chunk, answer):
                        yield TextDelta(text)
            finally:
                if isinstance(chunks, AsyncGenerator):  # release the connection if the caller stops early
                    await chunks.aclose()
        except (errors.APIError, httpx2.TransportError, ValueError) as error:
            raise self._model_error(error) from None
        if answer.finish_reason is None:
            raise ModelError(self._card.id, "connection", "the stream ended before the answer was finished")
        yield StreamEnd(self._finish(request, answer, started))

    async def aclose(self) -> None:
        """Close the HTTP client shopcrew made; an injected `http_client` stays open for its owner."""
        if self._owns_client:
            await self._http.aclose()

    def _params(self, request: ModelRequest) -> tuple[list[types.Content], types.GenerateContentConfig]:
        config = types.GenerateContentConfig(
            system_instruction=system_text(request.messages) or None,
            max_output_tokens=request.max_output_tokens,
            temperature=request.temperature,
            # Tools are declared for the caller to run; the SDK must not try to call anything itself.
            automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
        )
        if request.tools:
            declarations = [
                types.FunctionDeclaration(
                    name=t.name, description=t.description, parameters_json_schema=dict(t.parameters)
                )
                for t in request.tools
            ]
            config.tools = [types.Tool(function_declarations=declarations)]
        if request.output_schema is not None:
            config.response_mime_type = "application/json"
            config.response_json_schema = dict(request.output_schema)
        return _contents(self._card.id, request.messages), config

    def _take(self, response: types.GenerateContentResponse, answer: _Answer) -> list[str]:
        """Add one response (or stream chunk) to `answer`; return its new text pieces."""
        model = self._card.id
        feedback = response.prompt_feedback
        if feedback is not None and feedback.block_reason is not None:
            reason = feedback.block_reason_message or feedback.block_reason.value
            raise ModelError(model, "refusal", f"Gemini blocked the prompt: {scrub(reason)}")
        if response.usage_metadata is not None:
            meta = response.usage_metadata
            # Thinking tokens are billed as output, so they count here.
            answer.usage = Usage(
                meta.prompt_token_count or 0,
                (meta.candidates_token_count or 0) + (meta.thoughts_token_count or 0),
            )
        pieces: list[str] = []
        for candidate in (response.candidates or ())[:1]:
            if candidate.finish_reason is not None:
                answer.finish_reason = candidate.finish_reason.value
            for part in (candidate.content.parts or ()) if candidate.content else ():
                if part.text and not part.thought:
                    pieces.append(part.text)
                elif part.function_call is not None and part.function_call.name:
                    call = part.function_call
                    call_id = call.id or f"{SYNTHETIC_ID_PREFIX}{uuid.uuid4().hex[:12]}"
                    answer.tool_calls.append(
                        ToolCall(id=call_id, name=call.name or "", arguments=dict(call.args or {}))
                    )
        answer.text.extend(pieces)
        return pieces

    def _finish(self, request: ModelRequest, answer: _Answer, started: float) -> ModelResponse:
        model = self._card.id
        if answer.finish_reason in _BLOCKED:
            raise ModelError(model, "refusal", f"Gemini stopped the answer ({answer.finish_reason})")
        if answer.finish_reason in _BROKEN_TOOL_CALL:
            raise ModelError(
                model, "invalid_output", f"Gemini produced a broken tool call ({answer.finish_reason})"
            )
        if answer.finish_reason is None and not answer.text and not answer.tool_calls:
            raise ModelError(model, "server_error", "the response has no candidates")
        text = "".join(answer.text)
        data = None
        if request.output_schema is not None and not answer.tool_calls:
            data = parse_json_output(model, text, request.output_schema)
        return finished_response(
            self._card,
            started=started,
            text=text,
            usage=answer.usage,
            data=data,
            tool_calls=answer.tool_calls,
            finish_reason=answer.finish_reason,
        )

    def _model_error(self, error: Exception) -> ModelError:
        model = self._card.id
        if isinstance(error, errors.APIError):
            detail = scrub(error.message or str(error.status or ""), self._api_key)
            # The Gemini API answers a bad key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID.
            kind = (
                "auth"
                if "API_KEY_INVALID" in json.dumps(error.details, default=str)
                else kind_for_status(error.code)
            )
            return ModelError(
                model, kind, f"HTTP {error.code} {error.status or ''}: {detail}".replace("  ", " ")
            )
        if isinstance(error, httpx2.TransportError):
            return transport_error(model, error, self._api_key)
        return sdk_failure(model, error, self._api_key)


def _contents(model: str, messages: Sequence[ChatMessage]) -> list[types.Content]:
    """The conversation as Gemini contents (`user`/`model` turns, tool results as function responses)."""
    names = {call.id: call.name for m in messages for call in m.tool_calls}
    contents: list[types.Content] = []
    for message in messages:
        if message.role == "system":
            continue
        role = "model" if message.role == "assistant" else "user"
        parts = list(_parts(model, message, names))
        if not parts:
            continue
        if contents and contents[-1].role == role and contents[-1].parts is not None:
            contents[-1].parts.extend(parts)
        else:
            contents.append(types.Content(role=role, parts=parts))
    return contents


def _parts(model: str, message: ChatMessage, names: Mapping[str, str]) -> Iterable[types.Part]:
    if message.role == "tool":
        call_id = message.tool_call_id
        if not call_id or call_id not in names:
            raise ModelError(
                model, "bad_request", "a tool message must answer a tool call earlier in the conversation"
            )
        yield types.Part(
            function_response=types.FunctionResponse(
                id=_wire_id(call_id), name=names[call_id], response={"output": _tool_output(message.text)}
            )
        )
        return
    if message.text:
        yield types.Part(text=message.text)
    for image in message.images:
        yield types.Part(inline_data=types.Blob(mime_type=image.media_type, data=image.data))
    for call in message.tool_calls:
        yield types.Part(
            function_call=types.FunctionCall(id=_wire_id(call.id), name=call.name, args=dict(call.arguments))
        )


def _wire_id(call_id: str) -> str | None:
    return None if call_id.startswith(SYNTHETIC_ID_PREFIX) else call_id


def _tool_output(text: str) -> Any:
    """A tool's result as Gemini's `output` value: its JSON when it is JSON, else the text."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def from_environment(
    card: ModelCard, env: Mapping[str, str], *, http_client: httpx2.AsyncClient | None = None
) -> GeminiModel | None:
    """The card's model if GOOGLE_API_KEY or GEMINI_API_KEY is set in `env` (GOOGLE_GEMINI_BASE_URL honoured), else None."""
    api_key = next((env[name].strip() for name in API_KEY_VARIABLES if env.get(name, "").strip()), None)
    if api_key is None:
        return None
    base_url = env.get(BASE_URL_VARIABLE, "").strip() or None
    return GeminiModel(card, api_key=api_key, base_url=base_url, http_client=http_client)
