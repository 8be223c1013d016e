"""Any server speaking OpenAI's Chat Completions (Ollama, vLLM, LM Studio, llama.cpp server), via the `openai` SDK.

Servers differ in what they accept. JSON output goes through `response_format: json_schema`
when the card says the model does JSON; a server that turns that down (a 400 or 422, or an error
naming `response_format`) gets the schema as prompt instructions instead, from then on, once an
instructions-only retry has worked. Either way the reply is checked against the schema.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Final

import httpx2
import openai

from shopcrew.models.cards import ModelCard
from shopcrew.models.providers._chat_completions import ChatCompletions, SchemaVia
from shopcrew.models.types import ModelError, ModelRequest, ModelResponse, StreamEvent

PROVIDER: Final = "openai_compatible"
BASE_URL_VARIABLE: Final = "SHOPCREW_OPENAI_COMPATIBLE_BASE_URL"
API_KEY_VARIABLE: Final = "SHOPCREW_OPENAI_COMPATIBLE_API_KEY"
# Sent when the server needs no key: the SDK insists on one, and without an explicit value it
# would send OPENAI_API_KEY, a real OpenAI secret, to whatever server this is.
NO_KEY: Final = "no-key"


class OpenAICompatibleModel:
    """A model card served by a self-hosted or third-party OpenAI-compatible endpoint."""

    def __init__(
        self,
        card: ModelCard,
        *,
        base_url: str,
        api_key: str | None = None,
        http_client: httpx2.AsyncClient | None = None,
        timeout_s: float = 60.0,
    ) -> None:
        if card.provider != PROVIDER:
            raise ValueError(f"card {card.id!r} is for provider {card.provider!r}, not {PROVIDER!r}")
        self._card = card
        self._owns_client = http_client is None
        self._client = openai.AsyncOpenAI(
            api_key=api_key or NO_KEY,
            base_url=base_url,
            timeout=timeout_s,
            max_retries=0,
            http_client=http_client,
        )
        # Older servers (llama.cpp, LM Studio) know `max_tokens` only; it is still accepted everywhere.
        self._chat = ChatCompletions(card, self._client, max_tokens_field="max_tokens", secret=api_key)
        self._schema_via: SchemaVia = "response_format" if card.json_output else "instructions"

    @property
    def name(self) -> str:
        """The model card id."""
        return self._card.id

    @property
    def schema_via(self) -> SchemaVia:
        """How JSON output is asked for now: `response_format`, or prompt instructions after a refusal of it."""
        return self._schema_via

    async def request(self, request: ModelRequest) -> ModelResponse:
        """Answer one request; a server without `response_format` support gets JSON instructions instead."""
        if request.output_schema is None or self._schema_via == "instructions":
            return await self._chat.complete(request, schema_via=self._schema_via)
        try:
            return await self._chat.complete(request, schema_via="response_format")
        except ModelError as error:
            if not _lacks_response_format(error):
                raise
        response = await self._chat.complete(request, schema_via="instructions")
        self._schema_via = "instructions"
        return response

    def stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        """Stream the answer, with the same `response_format` fallback as `request`."""
        return self._stream(request)

    async def _stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        if request.output_schema is None or self._schema_via == "instructions":
            async for event in self._chat.stream(request, schema_via=self._schema_via):
                yield event
            return
        yielded = False
        try:
            async for event in self._chat.stream(request, schema_via="response_format"):
                yielded = True
                yield event
            return
        except ModelError as error:
            if yielded or not _lacks_response_format(error):
                raise
        async for event in self._chat.stream(request, schema_via="instructions"):
            yield event
        self._schema_via = "instructions"

    async def aclose(self) -> None:
        """Close the SDK's connections; an injected `http_client` stays open for its owner to close."""
        if self._owns_client:
            await self._client.close()


def _lacks_response_format(error: ModelError) -> bool:
    """Whether a failure looks like the server turning down `response_format` rather than the request."""
    text = error.message.lower()
    return error.kind == "bad_request" or "response_format" in text or "json_schema" in text


def from_environment(
    card: ModelCard, env: Mapping[str, str], *, http_client: httpx2.AsyncClient | None = None
) -> OpenAICompatibleModel | None:
    """The card's model if SHOPCREW_OPENAI_COMPATIBLE_BASE_URL is set in `env` (key optional), else None."""
    base_url = env.get(BASE_URL_VARIABLE, "").strip()
    if not base_url:
        return None
    api_key = env.get(API_KEY_VARIABLE, "").strip() or None
    return OpenAICompatibleModel(card, base_url=base_url, api_key=api_key, http_client=http_client)
