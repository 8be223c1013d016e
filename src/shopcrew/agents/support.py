"""Support: store-policy answers quoting the policy, account questions, small talk and honest limits."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from shopcrew.agents.types import Agent, AgentInput, AgentReply, TurnContext
from shopcrew.catalog.text import tokens
from shopcrew.domain.catalog import PolicySection
from shopcrew.models.local.nlg import Phrasing

NAME = "support"
# A section must score at least this to be quoted; below it the policies don't cover the question.
MIN_POLICY_SCORE = 2.0

_GREETING = re.compile(r"\b(hi+|hello|hey+|hiya|good (morning|afternoon|evening)|howdy|yo)\b", re.IGNORECASE)
_THANKS = re.compile(r"\b(thanks?|thank you|thx|ty|cheers|appreciate)\b", re.IGNORECASE)
_BYE = re.compile(r"\b(bye|goodbye|see (you|ya)|later|that'?s all|have a good)\b", re.IGNORECASE)
_WHO = re.compile(
    r"\b(who are you|are you (a )?(bot|robot|human|real|ai)|what are you|your name)\b", re.IGNORECASE
)
_HOW = re.compile(r"\bhow('?s| are| is) (you|it going|your day)\b", re.IGNORECASE)


def smalltalk_kind(text: str) -> str:
    """Which kind of small talk a message is: who, how, thanks, bye, greeting or other."""
    for kind, pattern in (
        ("who", _WHO),
        ("how", _HOW),
        ("thanks", _THANKS),
        ("bye", _BYE),
        ("greeting", _GREETING),
    ):
        if pattern.search(text):
            return kind
    return "other"


def best_sentences(section: PolicySection, question: str, *, limit: int = 3) -> str:
    """The sentences (or bullet lines) of a section that best answer the question, in their order."""
    pieces = [p.strip() for p in re.split(r"(?<=[.!?])\s+|\n+", section.body) if p.strip()]
    if len(pieces) <= limit:
        return " ".join(pieces)
    wanted = set(tokens(question))
    ranked = sorted(range(len(pieces)), key=lambda i: (-len(wanted & set(tokens(pieces[i]))), i))
    chosen = sorted(ranked[:limit])
    return " ".join(pieces[i] for i in chosen)


async def run(ctx: TurnContext, request: AgentInput) -> AgentReply:
    """Answer small talk, out-of-scope, policy and account questions."""
    capabilities = list(ctx.available_agents.values())
    if request.domain == "smalltalk":
        kind = smalltalk_kind(request.text)
        # Small talk that is no greeting, thanks or question about us is a message we did not get:
        # two of those in a row bring in a person (the orchestrator counts them).
        return AgentReply(
            intent=f"support.{kind}", facts={"capabilities": capabilities}, understood=kind != "other"
        )
    if request.domain == "out_of_scope":
        return AgentReply(intent="support.out_of_scope", facts={"capabilities": capabilities})
    matches = ctx.policies.search(request.text)
    ctx.trace.tool("search_policies", {"question": request.text}, [m.section.heading for m in matches])
    if not matches or matches[0].score < MIN_POLICY_SCORE:
        return AgentReply(intent="support.policy_not_covered", facts={"capabilities": capabilities})
    section = matches[0].section
    quote = best_sentences(section, request.text)
    facts = {
        "policy_id": section.policy_id,
        "policy_title": section.policy_title,
        "section": section.heading,
        "quote": quote,
        "link": f"{ctx.store_url.rstrip('/')}/policies/{section.policy_id}#{re.sub(r'[^a-z0-9]+', '-', section.heading.lower()).strip('-')}",
    }
    ctx.trace.facts.append({"kind": "policy", **facts})
    return AgentReply(intent="support.policy", facts=facts)


def unavailable_reply(domain: str, capabilities: list[str]) -> AgentReply:
    """An honest answer for a domain whose agent is not built yet."""
    return AgentReply(
        intent="support.unavailable",
        facts={"topic": TOPICS.get(domain, domain), "capabilities": capabilities},
    )


TOPICS = {
    "fit": "sizing and fit advice",
    "skin": "skincare consultations",
    "outfit": "putting outfits together",
    "order_cancel": "cancelling orders",
    "order_return": "returns",
    "order_exchange": "exchanges",
    "address_change": "changing a delivery address",
    "subscription": "changing subscriptions",
}


def _capabilities(facts: Mapping[str, Any], say: Phrasing) -> str:
    return say.join([str(c) for c in facts.get("capabilities", [])])


def _greeting(facts: Mapping[str, Any], say: Phrasing) -> str:
    opener = say.pick("Hi there!", "Hello!", "Hi, welcome!")
    return f"{opener} I can help with {_capabilities(facts, say)}. What can I do for you?"


def _thanks(facts: Mapping[str, Any], say: Phrasing) -> str:
    return say.pick(
        "You're welcome! Anything else I can help with?",
        "Happy to help. Is there anything else you need?",
        "Any time! Let me know if there's anything else.",
    )


def _bye(facts: Mapping[str, Any], say: Phrasing) -> str:
    return say.pick("Thanks for stopping by. Take care!", "Bye for now, and thanks for shopping with us!")


def _who(facts: Mapping[str, Any], say: Phrasing) -> str:
    return (
        f"I'm {say.voice.assistant_name}, {say.voice.store_name}'s virtual shopping assistant (not a person). "
        f"I can help with {_capabilities(facts, say)}, and I can bring in someone from our team whenever you like."
    )


def _how(facts: Mapping[str, Any], say: Phrasing) -> str:
    return (
        say.pick("I'm doing well, thanks for asking!", "All good here, thanks!")
        + " How can I help you today?"
    )


def _other(facts: Mapping[str, Any], say: Phrasing) -> str:
    return f"I'm here to help with {_capabilities(facts, say)}. What would you like to do?"


def _out_of_scope(facts: Mapping[str, Any], say: Phrasing) -> str:
    lead = say.pick("That's outside what I can help with here.", "I'm afraid I can't help with that one.")
    return f"{lead} I can help with {_capabilities(facts, say)}."


def _policy(facts: Mapping[str, Any], say: Phrasing) -> str:
    lead = say.pick("Here's what our {title} policy says", "From our {title} policy").format(
        title=str(facts["policy_title"]).lower().removesuffix(" policy")
    )
    return f'{lead} ({facts["section"]}):\n"{facts["quote"]}"\nFull policy: {facts["link"]}'


def _policy_not_covered(facts: Mapping[str, Any], say: Phrasing) -> str:
    return (
        "Our store policies don't cover that, and I'd rather not guess. "
        'I can bring in someone from our team if you like - just say "talk to a person".'
    )


def _unavailable(facts: Mapping[str, Any], say: Phrasing) -> str:
    return f"I can't help with {facts['topic']} yet. Here is what I can do: {_capabilities(facts, say)}."


TEMPLATES = {
    "support.greeting": _greeting,
    "support.thanks": _thanks,
    "support.bye": _bye,
    "support.who": _who,
    "support.how": _how,
    "support.other": _other,
    "support.out_of_scope": _out_of_scope,
    "support.policy": _policy,
    "support.policy_not_covered": _policy_not_covered,
    "support.unavailable": _unavailable,
}

AGENT = Agent(
    name=NAME,
    description="questions about our store policies (shipping, returns, payment, privacy)",
    instructions=(
        "You are the store's support assistant. Answer policy and account questions only from the policy "
        "section given in the facts, quoting it. If the facts hold no policy, say the policies do not cover it."
    ),
    templates=TEMPLATES,
    run=run,
)
