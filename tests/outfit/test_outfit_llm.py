"""The Outfit Builder with an LLM phrasing its looks: the model writes from the same facts, and a
price it gets wrong is put right by the grounding check before the shopper sees it."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tests.orchestrator.test_llm_turns import is_extraction, openai_client

from shopcrew.app import build_assistant
from shopcrew.domain.messages import InboundMessage
from shopcrew.settings import Settings


async def test_a_model_written_look_is_grounded_in_the_looks_facts(demo_settings: Settings) -> None:
    written: list[dict[str, Any]] = []

    def answer(body: dict[str, Any]) -> str:
        if is_extraction(body):
            return json.dumps({"budget": {"max": 400}} if "$400" in body["messages"][-1]["content"] else {})
        facts = json.loads(body["messages"][0]["content"].split("FACTS (JSON):\n", 1)[1])
        if "looks" not in facts:
            return "What's the occasion, and is it women's or men's?"
        look = facts["looks"][0]
        first, *rest = look["items"]
        written.append(look)
        lines = [f"Look 1 comes to ${look['total']}:", f"- {first['title']} in {first['colour']}, $9.99"]
        lines += [f"- {item['title']} in {item['colour']}, ${item['price']}" for item in rest]
        return "\n".join(lines)

    assistant = build_assistant(
        demo_settings, env={"OPENAI_API_KEY": "sk-test"}, http_client=openai_client(answer, [])
    )
    try:
        turn = await assistant.handle(InboundMessage(text="office outfit for men under $400"))
    finally:
        assistant.close()
    assert turn.agents == ("outfit",) and written
    look = written[0]
    assert Decimal(look["total"]) <= 400
    first = look["items"][0]
    assert first["title"] in turn.reply
    assert "$9.99" not in turn.reply, "the made-up price never reaches the shopper"
    assert turn.trace["grounding"]["repairs"] + turn.trace["grounding"]["removed"] >= 1
    for item in look["items"][1:]:
        assert f"{item['title']} in {item['colour']}, ${item['price']}" in turn.reply
