"""Order actions with an LLM composing the replies: it phrases the plan from the same facts, and
whatever it writes, only the shopper's explicit yes in the next turn makes the code act."""

from __future__ import annotations

import json
from typing import Any

from tests.agents.test_order_actions import audit_rows, line_statuses
from tests.orchestrator.test_llm_turns import is_extraction, openai_client

from shopcrew.app import build_assistant
from shopcrew.domain.messages import CustomerRef, InboundMessage
from shopcrew.settings import Settings

JANE = CustomerRef(email="jane.doe@example.com", verified=True)


async def test_an_llm_phrases_the_plan_from_its_facts_and_only_the_yes_acts(demo_settings: Settings) -> None:
    composed: list[str] = []

    def answer(body: dict[str, Any]) -> str:
        if is_extraction(body):
            text = body["messages"][-1]["content"]
            return json.dumps({"order_numbers": [2076]} if "2076" in text else {})
        facts = body["messages"][0]["content"]
        composed.append(facts)
        if "orders.confirm_action" in facts:
            # The model even claims it is done: the code has still done nothing.
            return (
                "All done! I'll cancel the Daily Calm Moisturizer from order #2076 and refund $34.56 to "
                "your Gift card ending 8812 - reply yes to confirm."
            )
        return "Done: the Daily Calm Moisturizer is cancelled and $34.56 goes back to your gift card."

    assistant = build_assistant(
        demo_settings, env={"OPENAI_API_KEY": "sk-test"}, http_client=openai_client(answer, [])
    )
    try:
        offer = await assistant.handle(
            InboundMessage(text="cancel the moisturizer from order 2076", customer=JANE)
        )
        assert set(line_statuses(demo_settings, 2076).values()) == {"open"}
        done = await assistant.handle(
            InboundMessage(text="yes", conversation_id=offer.conversation_id, customer=JANE)
        )
    finally:
        assistant.close()
    assert "Daily Calm Moisturizer" in offer.reply and "$34.56" in offer.reply  # grounded in the plan
    assert offer.trace["grounding"]["removed"] == 0
    assert '"refund_total": "34.56"' in composed[0] or "34.56" in composed[0]
    assert [a.status for a in offer.actions] == ["proposed"]
    assert [a.status for a in done.actions] == ["done"]
    assert line_statuses(demo_settings, 2076)["Daily Calm Moisturizer"] == "cancelled"
    assert len(audit_rows(demo_settings)) == 1
