"""Support: store-policy answers quoting the policy, account questions, small talk and honest limits."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from shopcrew.agents.common import is_affirmative, is_negative
from shopcrew.agents.policy_answers import (
    asked_payment_method,
    best_sentences,
    payment_methods_section,
    plain,
    policy_name,
)
from shopcrew.agents.types import Agent, AgentInput, AgentReply, TurnContext
from shopcrew.catalog.text import tokens
from shopcrew.commerce.policy_docs import stem
from shopcrew.domain.catalog import PolicySection
from shopcrew.models.local.nlg import Phrasing
from shopcrew.orchestrator.features import names_another_company

NAME = "support"
# The slot a reply waits on after offering a person ("would you like me to bring in someone?").
HANDOFF_OFFER = "handoff_offer"
# A message this short that no policy answers is read as a follow-up on the policy just quoted.
FOLLOW_UP_WORDS = 8
# A question about how things work ("is there a fee to cancel…", "can I swap shoes for…", "how do I
# skip…"), as opposed to a request to act ("can you cancel…", "cancel it please").
_ASKS_ABOUT_RULES = re.compile(
    r"^\s*(?:how|what|whats|what's|when|which|why|is there|are there|is it|is|are|do|does|can i|could i|"
    r"will i|would i|am i|if i|do i)\b",
    re.IGNORECASE,
)
_ASKS_TO_ACT = re.compile(r"\b(?:can|could|would|will) you\b|\b(?:please|pls|plz)\b", re.IGNORECASE)
# Below this confidence an off-topic reading of a message about a purchase is doubted...
UNSURE_CONFIDENCE = 0.5
# ...and below this one when the message names no other company: "I bought running shoes last month
# and they hurt my feet. What can I do?" is about something bought here (off-topic at 0.63 since the
# labelled set grew and took in medical questions about feet), "my zalando order never arrived" is not.
UNSURE_OWN_PURCHASE_CONFIDENCE = 0.8
_PURCHASE = re.compile(
    r"\b(?:i|we)\s+(?:bought|ordered|purchased|got|received)\b|\bmy (?:order|purchase)\b", re.IGNORECASE
)
# A follow-up that leans on the answer before it: "and ...", "what about ...", "it", "that".
_REFERS_BACK = re.compile(
    r"^\s*(?:and|also|so|what about|how about|then)\b|\b(?:it|its|that|this|they|them|those|there)\b",
    re.IGNORECASE,
)

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


async def run(ctx: TurnContext, request: AgentInput) -> AgentReply:
    """Answer small talk, out-of-scope, policy and account questions."""
    capabilities = list(ctx.available_agents.values())
    if request.continuing and ctx.state.awaiting_slot == HANDOFF_OFFER:
        unanswered = str(ctx.state.pending.get("unanswered") or "a question")
        if is_affirmative(request.text):
            return AgentReply(
                intent="support.to_human",
                handoff="human",
                handoff_reason=f"shopper accepted a person: our policies don't cover “{unanswered}”",
            )
        if is_negative(request.text):
            ctx.state.pending = {}
            return AgentReply(intent="support.declined_handoff")
    if request.domain in ("smalltalk", "out_of_scope") and _leans_on_last_policy(ctx, request):
        # "ok what about alaska" right after the shipping policy: a question about that policy.
        request = replace(request, domain="policy")
    if request.domain == "smalltalk":
        kind = smalltalk_kind(request.text)
        # Small talk that is no greeting, thanks or question about us is a message we did not get:
        # two of those in a row bring in a person (the orchestrator counts them).
        return AgentReply(
            intent=f"support.{kind}", facts={"capabilities": capabilities}, understood=kind != "other"
        )
    if request.domain == "out_of_scope":
        doubted_below = (
            UNSURE_CONFIDENCE if names_another_company(request.text) else UNSURE_OWN_PURCHASE_CONFIDENCE
        )
        if request.confidence < doubted_below and _about_a_purchase(request):
            # Ask, rather than say it's something the store doesn't do.
            return AgentReply(intent="support.unsure", facts={"capabilities": capabilities}, understood=False)
        return AgentReply(intent="support.out_of_scope", facts={"capabilities": capabilities})
    method = asked_payment_method(request.text)
    listing = payment_methods_section(ctx.policies) if method else None
    match = ctx.policies.answer(request.text)
    previous = ctx.policies.get(str(ctx.state.pending.get("policy", "")))
    if previous is not None and len(request.text.split()) <= FOLLOW_UP_WORDS:
        # A short follow-up ("is it free over some amount?", "and how long does it take?") asks about
        # the policy just quoted, unless it plainly names another ("and the returns policy?").
        elsewhere = match is not None and match.section.policy_id != previous.id
        names_it = match is not None and stem(match.section.policy_id) in {
            stem(t) for t in tokens(request.text)
        }
        if match is None or (elsewhere and not names_it and _REFERS_BACK.search(request.text)):
            follow_up = ctx.policies.answer(f"{request.text} {previous.title}")
            if follow_up is not None and (match is None or follow_up.section.policy_id == previous.id):
                match = follow_up
    section = listing or (match.section if match else None)
    ctx.trace.tool(
        "search_policies",
        {"question": request.text},
        [f"{section.policy_id}#{section.heading}"] if section else [],
    )
    if section is None:
        # Decision: no guessing. The shopper hears that the policies don't say, and is offered a person.
        ctx.state.pending = {**ctx.state.pending, "unanswered": request.text}
        return AgentReply(
            intent="support.policy_not_covered",
            facts={"capabilities": capabilities},
            awaiting_slot=HANDOFF_OFFER,
        )
    facts = section_facts(ctx, section, request.text)
    if method is not None and listing is not None:
        # Decision: the store's list of payment methods is exhaustive, so a method it doesn't name
        # is a "no", said plainly, with the list that is accepted.
        facts["payment_method"] = method.name
        facts["accepted"] = bool(method.listed.search(plain(listing.body)))
    ctx.trace.facts.append({"kind": "policy", **facts})
    ctx.state.pending = {**ctx.state.pending, "policy": section.policy_id}
    return AgentReply(intent="support.policy", facts=facts)


def _leans_on_last_policy(ctx: TurnContext, request: AgentInput) -> bool:
    """Whether a short message leans on the policy just quoted and that policy answers it.

    Only the decision is taken here; the policy path below picks the section, by its own rules.
    """
    previous = ctx.policies.get(str(ctx.state.pending.get("policy", "")))
    if (
        previous is None
        or len(request.text.split()) > FOLLOW_UP_WORDS
        or not _REFERS_BACK.search(request.text)
        or smalltalk_kind(request.text) != "other"
    ):
        return False
    match = ctx.policies.answer(f"{request.text} {previous.title}")
    return match is not None and match.section.policy_id == previous.id


def section_facts(ctx: TurnContext, section: PolicySection, question: str) -> dict[str, Any]:
    """What a reply quoting `section` for `question` states: the policy, the section, the sentences, the link."""
    return {
        "policy_id": section.policy_id,
        "policy_title": section.policy_title,
        "policy_name": policy_name(section.policy_title),
        "section": section.heading,
        "quote": best_sentences(section, question),
        "link": policy_link(ctx.store_url, section),
    }


def rules_answer(ctx: TurnContext, question: str, policy_id: str) -> dict[str, Any] | None:
    """Facts of the section of policy `policy_id` that answers a question about the rules, or None.

    "is there a fee to cancel a subscription?" is answered from the subscriptions policy; a section
    of another policy, or none, gives None (the caller then answers as it would have).
    """
    policy = ctx.policies.get(policy_id)
    if policy is None or not _ASKS_ABOUT_RULES.search(question) or _ASKS_TO_ACT.search(question):
        return None
    for asked in (question, f"{question} {policy.title}"):
        match = ctx.policies.answer(asked)
        if match is not None and match.section.policy_id == policy_id:
            return section_facts(ctx, match.section, question)
    return None


def policy_link(store_url: str, section: PolicySection) -> str:
    """The link to a policy section on the store's site: <store_url>/policies/<id>#<heading-anchor>."""
    anchor = re.sub(r"[^a-z0-9]+", "-", section.heading.lower()).strip("-")
    return f"{store_url.rstrip('/')}/policies/{section.policy_id}#{anchor}"


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


def _about_a_purchase(request: AgentInput) -> bool:
    """The message names something the store sells or a purchase of the shopper's."""
    extraction = request.extraction
    return bool(
        extraction.products
        or extraction.categories
        or extraction.order_numbers
        or _PURCHASE.search(request.text)
    )


def _unsure(facts: Mapping[str, Any], say: Phrasing) -> str:
    return (
        "I'm not sure I followed. Is this about something you bought - a return, an exchange or how it "
        "fits - or are you looking for something new?"
    )


def _other(facts: Mapping[str, Any], say: Phrasing) -> str:
    return f"I'm here to help with {_capabilities(facts, say)}. What would you like to do?"


def _out_of_scope(facts: Mapping[str, Any], say: Phrasing) -> str:
    lead = say.pick("That's outside what I can help with here.", "I'm afraid I can't help with that one.")
    return f"{lead} I can help with {_capabilities(facts, say)}."


def _policy(facts: Mapping[str, Any], say: Phrasing) -> str:
    name = facts.get("policy_name") or policy_name(str(facts["policy_title"]))
    lead = say.pick("Here's what our {name} policy says", "From our {name} policy").format(name=name)
    answer = ""
    if "accepted" in facts:
        method = facts["payment_method"]
        answer = f"Yes, we accept {method}. " if facts["accepted"] else f"No, we don't accept {method}. "
        lead = "These are the payment methods we accept"
    return f'{answer}{lead} ({facts["section"]}):\n"{facts["quote"]}"\nFull policy: {facts["link"]}'


def _policy_not_covered(facts: Mapping[str, Any], say: Phrasing) -> str:
    return (
        "Our store policies don't cover that, and I'd rather not guess. "
        "Would you like me to bring in someone from our team?"
    )


def _to_human(facts: Mapping[str, Any], say: Phrasing) -> str:
    return (
        "I'm passing this conversation to a member of our team, together with everything we've discussed "
        "so you won't need to repeat yourself."
    )


def _declined_handoff(facts: Mapping[str, Any], say: Phrasing) -> str:
    return say.pick(
        "No problem. Is there anything else I can help with?", "Sure. What else can I do for you?"
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
    "support.unsure": _unsure,
    "support.policy": _policy,
    "support.policy_not_covered": _policy_not_covered,
    "support.to_human": _to_human,
    "support.declined_handoff": _declined_handoff,
    "support.unavailable": _unavailable,
}

AGENT = Agent(
    name=NAME,
    description="questions about our store policies (shipping, returns, payment, privacy) and your account",
    instructions=(
        "You are the store's support assistant. Answer policy and account questions only from the policy "
        "section given in the facts, quoting its words and giving its link. When the facts say whether a "
        "payment method is accepted, say so first. If the facts hold no policy, say the policies do not "
        "cover it and offer to bring in a person; never guess."
    ),
    templates=TEMPLATES,
    run=run,
)
