"""The human handoff target: the conversation's owner becomes a person from the store's team."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopcrew.agents.types import Agent, AgentInput, AgentReply, TurnContext
from shopcrew.models.local.nlg import Phrasing
from shopcrew.orchestrator.escalation import detect_frustration

NAME = "human"


async def run(ctx: TurnContext, request: AgentInput) -> AgentReply:
    """Hand the conversation to the team; the assistant stays silent while a person owns it."""
    if ctx.state.owner == NAME:
        return AgentReply(intent="human.waiting")
    # An angry "get me a real person" is answered with an apology, not a cheerful "Sure thing".
    frustration = detect_frustration(request.text)
    return AgentReply(
        intent="human.handoff",
        facts={
            "reason": "shopper asked for a person" if request.domain == "human" else request.domain,
            "frustrated": frustration is not None,
        },
        handoff=NAME,
        handoff_reason="shopper asked for a person"
        if request.domain == "human"
        else f"escalated: {request.domain}",
    )


def _handoff(facts: Mapping[str, Any], say: Phrasing) -> str:
    if facts.get("frustrated"):
        lead = "I'm sorry this has been frustrating."
    else:
        lead = say.pick("Of course.", "Sure thing.", "No problem.")
    return (
        f"{lead} I'm passing this conversation to a member of our team, together with everything we've "
        "discussed so you won't need to repeat yourself."
    )


def _escalation(facts: Mapping[str, Any], say: Phrasing) -> str:
    if facts.get("trigger") == "misunderstood":
        lead = "I'm sorry, I'm not managing to understand you, so"
    elif facts.get("trigger") == "policy_exception":
        lead = "Exceptions to our policy are for our team to decide, so"
    else:
        lead = "I'm sorry this has been frustrating."
        lead += " So that you get proper help,"
    return (
        f"{lead} I'm passing this conversation to a member of our team, together with everything we've "
        "discussed so you won't need to repeat yourself."
    )


def _waiting(facts: Mapping[str, Any], say: Phrasing) -> str:
    return ""


AGENT = Agent(
    name=NAME,
    description="bringing in a person from our team",
    instructions="",
    templates={"human.handoff": _handoff, "human.escalation": _escalation, "human.waiting": _waiting},
    run=run,
)
