"""With an LLM configured, a model rewrites words the parser can't read; code still checks and decides."""

from __future__ import annotations

import json
from typing import Any

from tests.orchestrator.test_llm_turns import is_extraction, openai_client

from shopcrew.app import build_assistant
from shopcrew.domain.messages import InboundMessage
from shopcrew.settings import Settings


def _fit_schema(body: dict[str, Any]) -> bool:
    schema = body.get("response_format", {}).get("json_schema", {})
    return "sizes_worn" in json.dumps(schema)


async def _turn(settings: Settings, text: str, rewritten: dict[str, list[str]]) -> Any:
    seen: list[dict[str, Any]] = []

    def answer(body: dict[str, Any]) -> str:
        if is_extraction(body):
            return json.dumps(rewritten if _fit_schema(body) else {})
        return "Here is what I found for your size."

    assistant = build_assistant(
        settings, env={"OPENAI_API_KEY": "sk-test"}, http_client=openai_client(answer, seen)
    )
    try:
        return await assistant.handle(InboundMessage(text=text))
    finally:
        assistant.close()


def _advice(turn: Any) -> dict[str, Any]:
    return next(c["result"] for c in turn.trace["tool_calls"] if c["tool"] == "size_advice")


async def test_spelled_out_numbers_are_read_by_the_model_and_sized_by_code(demo_settings: Settings) -> None:
    turn = await _turn(
        demo_settings,
        "what size in the Pleated Chiffon Maxi Dress? I'm five foot six, bust thirty-six inches",
        {"measurements": ["height 5 ft 6 in", "chest 36 in"], "sizes_worn": []},
    )
    assert turn.agents == ("fit",)
    read = next(c for c in turn.trace["tool_calls"] if c["tool"] == "read_fit_details")
    assert read["result"] == ["height 5 ft 6 in", "chest 36 in"]
    assert _advice(turn)["size"] == "M"  # 91.4 cm bust on Aurelia's true-to-size chart


async def test_a_model_reading_an_impossible_value_is_refused_by_code(demo_settings: Settings) -> None:
    turn = await _turn(
        demo_settings,
        "what size in the Pleated Chiffon Maxi Dress? I'm twenty metres tall",
        {"measurements": ["height 20 m"], "sizes_worn": []},
    )
    assert turn.agents == ("fit",)
    assert turn.trace["parts"][0]["intent"] == "fit.problem"
