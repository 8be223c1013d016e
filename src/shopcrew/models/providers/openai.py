"""OpenAI models (GPT-5, GPT-4.1, …) through the official `openai` SDK and the Chat Completions API.

Chat Completions rather than Responses: shopcrew owns the conversation history (no server-side
state to keep in sync), every feature needed here (images, strict JSON schema, tools, streamed
usage) is there, and the same translation serves every OpenAI-compatible server.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Final

import httpx2
import openai

from shopcrew.models.cards import ModelCard
from shopcrew.models.providers._chat_completions import ChatCompletions
from shopcrew.models.types import ModelRequest, ModelResponse, StreamEvent

PROVIDER: Final = "openai"
DEFAULT_BASE_URL: Final = "https://api.openai.com/v1"
API_KEY_VARIABLE: Final = "OPENAI_API_KEY"
BASE_URL_VARIABLE: Final = "OPENAI_BASE_URL"


class OpenAIModel:
    """A model card served by the OpenAI API (or a gateway speaking it at `base_url`)."""

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
        self._owns_client = http_client is None
        # An explicit base URL keeps the SDK from reading OPENAI_BASE_URL behind our back; retries
        # are off because the router, not the SDK, decides what happens after a failure.
        self._client = openai.AsyncOpenAI(
            api_key=api_key,
            base_url=base_url or DEFAULT_BASE_URL,
            timeout=timeout_s,
            max_retries=0,
            http_client=http_client,
        )
        self._chat = ChatCompletions(
            card, self._client, max_tokens_field="max_completion_tokens", secret=api_key
        )

    @property
    def name(self) -> str:
        """The model card id, e.g. "gpt-4.1-mini"."""
        return self._card.id

    async def request(self, request: ModelRequest) -> ModelResponse:
        """Answer one request; failures raise ModelError with the kind the router acts on."""
        return await self._chat.complete(request, schema_via="response_format")

    def stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        """Stream the answer: text deltas, then StreamEnd with usage; ModelError on failure."""
        return self._chat.stream(request, schema_via="response_format")

    async def aclose(self) -> None:
        """Close the SDK's connections; an injected `http_client` stays open for its owner to close."""
        if self._owns_client:
            await self._client.close()


def from_environment(
    card: ModelCard, env: Mapping[str, str], *, http_client: httpx2.AsyncClient | None = None
) -> OpenAIModel | None:
    """The card's model if OPENAI_API_KEY is set in `env` (OPENAI_BASE_URL honoured), else None."""
    api_key = env.get(API_KEY_VARIABLE, "").strip()
    if not api_key:
        return None
    base_url = env.get(BASE_URL_VARIABLE, "").strip() or None
    return OpenAIModel(card, api_key=api_key, base_url=base_url, http_client=http_client)
