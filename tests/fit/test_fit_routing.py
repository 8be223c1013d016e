"""The Fit Analyzer keeps the thread for answers to its questions, and only for those."""

from __future__ import annotations

import pytest

from shopcrew.models.local.extract import Extraction
from shopcrew.orchestrator.routing import default_routes, load_agents, route_part
from shopcrew.orchestrator.state import ConversationState


def _agent_for(text: str, domain: str, slot: str, extraction: Extraction | None = None) -> str:
    routes = default_routes()
    return route_part(
        domain=domain,
        confidence=0.9,
        text=text,
        extraction=extraction or Extraction(),
        state=ConversationState(owner="fit", awaiting_slot=slot),
        routes=routes,
        agents=load_agents(routes),
        first_part=True,
    ).agent


@pytest.mark.parametrize(
    ("text", "extraction"),
    [
        ("5'6, 130 lb", Extraction()),
        ("medium", Extraction(sizes=["M"])),
        ("wide", Extraction(widths=["Wide"])),
        ("the second one", Extraction(ordinal=2)),
    ],
)
def test_answers_to_a_fit_question_stay_with_fit(text: str, extraction: Extraction) -> None:
    assert _agent_for(text, "smalltalk", "fit_details", extraction) == "fit"


@pytest.mark.parametrize(
    ("text", "domain", "extraction"),
    [
        ("when will it arrive?", "order_status", Extraction()),
        ("where is order 2035?", "order_status", Extraction(order_numbers=[2035])),
        ("jane.doe@example.com", "account", Extraction(emails=["jane.doe@example.com"])),
    ],
)
def test_order_talk_leaves_the_fit_thread(text: str, domain: str, extraction: Extraction) -> None:
    assert _agent_for(text, domain, "fit_follow_up", extraction) != "fit"
