"""A scripted vendor API for provider tests: canned HTTP answers in, recorded requests out.

    api = MockAPI(ok_json("openai/chat_completion_text.json"))
    model = OpenAIModel(card, api_key=KEY, http_client=api.client())

The vendor SDKs run on `httpx2`, so the mock is an `httpx2.MockTransport`; nothing leaves the process.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import httpx2

from shopcrew.models.cards import ModelCard
from shopcrew.models.types import (
    ChatMessage,
    ModelRequest,
    ModelResponse,
    StreamEnd,
    StreamEvent,
    TextDelta,
    ToolSpec,
)

FIXTURES = Path(__file__).parent / "fixtures"
Answer = httpx2.Response | Callable[[httpx2.Request], httpx2.Response]


def fixture_json(name: str) -> Any:
    """A recorded response body from fixtures/, parsed."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def ok_json(name: str, status: int = 200) -> httpx2.Response:
    """An HTTP answer whose body is the fixture `name`."""
    return httpx2.Response(status, json=fixture_json(name))


def sse(name: str) -> httpx2.Response:
    """A server-sent-event stream replaying the transcript fixture `name` byte for byte."""
    body = (FIXTURES / name).read_bytes()
    return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=body)


def cut_sse(name: str, *, before: str) -> httpx2.Response:
    """A transcript that ends cleanly just before the first occurrence of `before`: a stream cut short."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return httpx2.Response(
        200, headers={"content-type": "text/event-stream"}, content=text[: text.index(before)].encode()
    )


def broken_sse(name: str, *, keep_events: int) -> httpx2.Response:
    """The first `keep_events` events of a transcript, then the connection drops (ReadError)."""
    text = (FIXTURES / name).read_text(encoding="utf-8").replace("\r\n", "\n")
    events = [event + "\n\n" for event in text.split("\n\n") if event.strip()]

    class DroppedStream(httpx2.AsyncByteStream):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            for event in events[:keep_events]:
                yield event.encode("utf-8")
            raise httpx2.ReadError("connection reset by peer")

    return httpx2.Response(200, headers={"content-type": "text/event-stream"}, stream=DroppedStream())


def read_timeout(request: httpx2.Request) -> httpx2.Response:
    """An answer that never comes: the read times out."""
    raise httpx2.ReadTimeout("timed out", request=request)


def refused_connection(request: httpx2.Request) -> httpx2.Response:
    """A server that is not there."""
    raise httpx2.ConnectError("connection refused", request=request)


class MockAPI:
    """Answers requests with the scripted answers in order and records every request."""

    def __init__(self, *answers: Answer) -> None:
        self._answers = list(answers)
        self.requests: list[httpx2.Request] = []

    def client(self) -> httpx2.AsyncClient:
        """An HTTP client whose every request lands here."""
        return httpx2.AsyncClient(transport=httpx2.MockTransport(self._handle))

    def body(self, index: int = -1) -> Any:
        """The JSON body of a recorded request (the last one by default)."""
        return json.loads(self.requests[index].content)

    def _handle(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if not self._answers:
            raise AssertionError(f"unexpected request #{len(self.requests)}: {request.method} {request.url}")
        answer = self._answers.pop(0)
        return answer if isinstance(answer, httpx2.Response) else answer(request)


def card(provider: str, id: str, model: str, input_price: float, output_price: float) -> ModelCard:
    """A model card for tests (prices in USD per million tokens)."""
    return ModelCard(
        id=id,
        provider=provider,
        model=model,
        input_price_per_mtok=input_price,
        output_price_per_mtok=output_price,
        price_date=date(2026, 1, 15),
        context_window=128_000,
        vision=True,
        tools=True,
        json_output=True,
        latency_tier="fast",
        quality_tier="good",
    )


async def collect(events: AsyncIterator[StreamEvent]) -> tuple[list[str], ModelResponse | None]:
    """The text deltas of a stream and its final response (None if it never ended)."""
    deltas: list[str] = []
    final: ModelResponse | None = None
    async for event in events:
        if isinstance(event, TextDelta):
            deltas.append(event.text)
        elif isinstance(event, StreamEnd):
            final = event.response
    return deltas, final


async def deltas_before_failure(events: AsyncIterator[StreamEvent], into: list[str]) -> None:
    """Consume a stream expected to fail, keeping the deltas that arrived before it did."""
    async for event in events:
        if isinstance(event, TextDelta):
            into.append(event.text)


# Schemas the tests ask for: one OpenAI-strict (closed, all required), one as pydantic writes them.
# The conversation and tool every vendor's tests send, so the three wire formats are compared on one request.
SYSTEM = ChatMessage("system", "You are the store's assistant. State only the facts given.")
ASK = ChatMessage("user", "Where is my order #1042?")
LOOKUP_ORDER = ToolSpec(
    name="lookup_order",
    description="Find an order by its number.",
    parameters={
        "type": "object",
        "properties": {"order_number": {"type": "integer"}},
        "required": ["order_number"],
    },
)

ORDER_LOOKUP_SCHEMA: dict[str, Any] = {
    "title": "OrderLookup",
    "type": "object",
    "properties": {
        "order_number": {"type": "integer", "description": "The order number, e.g. 1042."},
        "email": {"type": ["string", "null"], "description": "The shopper's email, if given."},
    },
    "required": ["order_number", "email"],
    "additionalProperties": False,
}
LOOSE_SCHEMA: dict[str, Any] = {
    "title": "Budget",
    "type": "object",
    "properties": {
        "max": {"anyOf": [{"type": "number"}, {"type": "null"}], "default": None},
        "currency": {"type": "string", "default": "USD"},
    },
}


def schema_request(messages: Sequence[Any], schema: dict[str, Any] = ORDER_LOOKUP_SCHEMA) -> ModelRequest:
    """An `extract` request for `schema` over `messages`."""
    return ModelRequest(task="extract", messages=tuple(messages), output_schema=schema)
