"""Agents on a real vendor provider (OpenAI's SDK over a mock transport): LLM extraction and phrasing,
with code deciding and the grounding check keeping invented facts away from the shopper."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx2

from shopcrew.app import build_assistant
from shopcrew.domain.messages import CustomerRef, InboundMessage
from shopcrew.settings import Settings

Handler = Callable[[dict[str, Any]], str]


def completion(content: str, model: str) -> httpx2.Response:
    """A Chat Completions answer in OpenAI's documented shape."""
    return httpx2.Response(
        200,
        json={
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 1741569952,
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": None},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 900, "completion_tokens": 60, "total_tokens": 960},
        },
    )


def openai_client(answer: Handler, seen: list[dict[str, Any]]) -> httpx2.AsyncClient:
    """An httpx2 client whose every Chat Completions call is answered by `answer(body)`."""

    def handle(request: httpx2.Request) -> httpx2.Response:
        assert request.url.path.endswith("/chat/completions")
        body = json.loads(request.content)
        seen.append(body)
        return completion(answer(body), body["model"])

    return httpx2.AsyncClient(transport=httpx2.MockTransport(handle))


def is_extraction(body: dict[str, Any]) -> bool:
    return body.get("response_format", {}).get("type") == "json_schema"


async def test_an_llm_extracts_and_phrases_from_the_facts(demo_settings: Settings) -> None:
    seen: list[dict[str, Any]] = []

    def answer(body: dict[str, Any]) -> str:
        if is_extraction(body):
            return json.dumps({"order_numbers": [2035], "emails": ["jane.doe@example.com"]})
        facts = body["messages"][0]["content"]
        assert "FACTS (JSON):" in facts and "2035" in facts
        return "Good news: order #2035 is on its way with UPS."

    assistant = build_assistant(
        demo_settings, env={"OPENAI_API_KEY": "sk-test"}, http_client=openai_client(answer, seen)
    )
    try:
        turn = await assistant.handle(InboundMessage(text="wheres order 2035? jane.doe@example.com"))
    finally:
        assistant.close()
    assert turn.reply == "Good news: order #2035 is on its way with UPS."
    assert {m.task for m in turn.models} == {"extract", "compose"}
    assert all(m.model != "local" for m in turn.models)
    assert turn.cost_usd > 0
    assert any(is_extraction(body) for body in seen)


async def test_an_invented_price_never_reaches_the_shopper(demo_settings: Settings) -> None:
    def answer(body: dict[str, Any]) -> str:
        if is_extraction(body):
            return json.dumps({"order_numbers": "not a list"})  # wrong types: the local engine takes over
        return "The Men's Trail Runner GTX is just $19.99 today!"

    assistant = build_assistant(
        demo_settings, env={"OPENAI_API_KEY": "sk-test"}, http_client=openai_client(answer, [])
    )
    try:
        turn = await assistant.handle(InboundMessage(text="do you have the trail runner in 11 wide?"))
    finally:
        assistant.close()
    # The model's reply is repaired from the catalog rather than thrown away.
    assert turn.reply == "The Men's Trail Runner GTX is just $165.00 today!"
    assert turn.trace["grounding"]["repairs"] == 1
    final = {m.task: m for m in turn.models}
    assert final["compose"].model == "gpt-4.1-mini"
    assert final["extract"].model == "local"


async def test_order_data_stays_behind_verification_with_an_llm(demo_settings: Settings) -> None:
    def answer(body: dict[str, Any]) -> str:
        if is_extraction(body):
            return json.dumps({"order_numbers": [1042]})
        return "I can look up order #1042 once you confirm the email on it."

    assistant = build_assistant(
        demo_settings, env={"OPENAI_API_KEY": "sk-test"}, http_client=openai_client(answer, [])
    )
    try:
        turn = await assistant.handle(
            InboundMessage(text="where is order 1042", customer=CustomerRef(email="jane.doe@example.com"))
        )
    finally:
        assistant.close()
    # Jane only claimed her email, and 1042 is not hers: the code refuses, whatever the model says.
    assert turn.trace["parts"][0]["intent"] == "orders.ask_identity"
    assert assistant.conversation(turn.conversation_id).verified is False
