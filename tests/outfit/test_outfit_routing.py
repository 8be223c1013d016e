"""While the Outfit Builder waits for an answer or an edit, short replies stay with it; size questions
go to the Fit Analyzer and a clear ask for a person to a person."""

from __future__ import annotations

from shopcrew.models.local.extract import Extraction
from shopcrew.orchestrator.routing import default_routes, load_agents, route_part
from shopcrew.orchestrator.state import ConversationState


def _route(text: str, domain: str, confidence: float, slot: str = "outfit_details") -> str:
    routes = default_routes()
    return route_part(
        domain=domain,
        confidence=confidence,
        text=text,
        extraction=Extraction(),
        state=ConversationState(owner="outfit", awaiting_slot=slot),
        routes=routes,
        agents=load_agents(routes),
        first_part=True,
    ).agent


def test_answers_and_edits_stay_with_the_outfit_builder() -> None:
    assert _route("women's please", "human", 0.27) == "outfit"
    assert _route("men's", "smalltalk", 0.8) == "outfit"
    assert _route("swap the shoes", "order_exchange", 0.7, "outfit_follow_up") == "outfit"
    assert _route("cheaper top in look 2", "product", 0.8, "outfit_follow_up") == "outfit"


def test_size_questions_and_clear_asks_for_a_person_leave() -> None:
    assert _route("what size should I get in that dress?", "fit", 0.9, "outfit_follow_up") == "fit"
    assert _route("can I talk to a real person", "human", 0.97) == "human"
