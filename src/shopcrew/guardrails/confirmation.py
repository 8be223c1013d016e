"""Confirmation before irreversible actions: a plan waits in the conversation for an explicit yes.

The protocol, in code so every agent that writes follows it:

1. The agent gets an `ActionPlan` (nothing written yet), shows exactly what will happen and calls
   `propose`, which stores the plan as JSON in `ConversationState.pending` and names the slot the
   agent awaits (`CONFIRM_SLOT`).
2. On the next message, `awaiting_confirmation` hands the plan back only if the previous turn ended
   waiting for that confirmation and this message continues the thread. The slot is set *after* the
   message that made the request was answered, so a "yes" written in that same message never counts.
3. `consent` reads the answer. Only an unconditional yes ("yes", "yes please go ahead", "confirm")
   executes; a no drops the plan; anything else — a question ("yeah?"), a condition ("yes but…"), a
   second request ("sure, and also…") — is not consent: the plan is dropped, the shopper is told,
   and the message is handled as a new one (which may well lead to a new plan and a new question).
4. The plan runs with `idempotency_key(conversation id, plan)` (sha256 of the id and the digest), so a second yes, a retried
   request or a duplicated webhook returns the stored outcome instead of acting twice. After the
   action the plan stays in the state marked executed, so a second "yes" is answered "already done".
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Any, Literal

from shopcrew.agents.common import is_negative
from shopcrew.commerce.actions import (
    ActionPlan,
    ActionRequest,
    CancelLines,
    CancelOrder,
    ChangeShippingAddress,
    ChangeSubscription,
    ExchangeItems,
    LineQuantity,
    LineSwap,
    NewAddress,
    PlannedLine,
    ReturnItems,
    SwapPendingItems,
)
from shopcrew.commerce.idempotency import idempotency_key as commerce_idempotency_key
from shopcrew.domain.jsonable import to_jsonable
from shopcrew.orchestrator.state import ConversationState

CONFIRM_SLOT = "confirm_action"
Consent = Literal["yes", "no", "unclear"]

# Words that on their own say yes. An answer must contain one of them (or one of the phrases).
_YES_WORDS = frozenset(
    {"yes", "yess", "yeah", "yea", "yep", "yup", "sure", "ok", "okay", "confirm", "confirmed", "proceed"}
    | {"absolutely", "definitely", "correct", "affirmative"}
)
_YES_PHRASES = ("go ahead", "do it", "please do", "sounds good", "that's right", "thats right")
# Words that may accompany a yes without adding anything: politeness, "go ahead and do it", and the
# verb of the action itself ("yes, cancel it"). A noun ("the jeans"), "also", "but", "if", "wait" or
# "instead" is not here, so "yes, and also the socks" or "yes but only the shoes" is not consent.
_FILLER_WORDS = frozenset(
    {"please", "pls", "go", "ahead", "do", "it", "that", "this", "them", "and", "thanks", "thank", "you"}
    | {"i", "i'm", "im", "am", "that's", "thats", "right", "sounds", "good", "great", "perfect", "is"}
    | {"cancel", "return", "exchange", "swap", "change", "pause", "skip", "resume", "process", "make"}
    | {"let's", "lets", "with", "all", "of", "course", "sir", "ma'am", "now", "so", "oh", "alright"}
)
_NO_WORDS = frozenset(
    {"n", "no", "nope", "nah", "not", "now", "thanks", "thank", "you", "don't", "dont", "do", "it", "that"}
    | {
        "never",
        "mind",
        "nvm",
        "cancel",
        "stop",
        "please",
        "leave",
        "as",
        "is",
        "i",
        "changed",
        "my",
        "forget",
    }
)
MAX_CONSENT_WORDS = 8
_WORD = re.compile(r"[a-z']+")


def consent(text: str) -> Consent:
    """How an answer to "shall I go ahead?" reads: an explicit, unconditional yes, a no, or neither."""
    cleaned = text.strip().lower().replace("\u2019", "'")
    words = _WORD.findall(cleaned)
    if is_negative(cleaned):
        # "no thanks", "nope, never mind": a plain no. "no, store credit instead" says more: not a plain no.
        return "no" if all(word in _NO_WORDS for word in words) else "unclear"
    if "?" in cleaned or any(ch.isdigit() for ch in cleaned):
        return "unclear"
    if not words or len(words) > MAX_CONSENT_WORDS:
        return "unclear"
    if any(word not in _YES_WORDS and word not in _FILLER_WORDS for word in words):
        return "unclear"
    said_yes = any(word in _YES_WORDS for word in words) or any(p in cleaned for p in _YES_PHRASES)
    return "yes" if said_yes else "unclear"


def idempotency_key(conversation_id: str, plan: ActionPlan) -> str:
    """The key a confirmed plan executes under: the same yes to the same plan acts once.

    The order system's own definition (sha256 of the conversation id and the plan digest), so an
    agent, a retried API call and a webhook for the same plan all arrive with the same key.
    """
    return commerce_idempotency_key(conversation_id, plan)


@dataclass(frozen=True)
class PendingConfirmation:
    """A plan waiting for the shopper's yes (or already done, kept to answer a second yes)."""

    plan: ActionPlan
    agent: str
    customer_id: int | None
    executed: bool = False
    context: dict[str, Any] = field(default_factory=dict)  # what the agent needs again, e.g. item titles


def propose(
    state: ConversationState, plan: ActionPlan, *, agent: str, context: dict[str, Any] | None = None
) -> str:
    """Store `plan` in the state until the next message; returns the slot the agent must await."""
    state.pending["confirm"] = {
        "agent": agent,
        "customer_id": state.customer_id,
        "executed": False,
        "plan": plan_to_json(plan),
        "context": to_jsonable(context or {}),
    }
    return CONFIRM_SLOT


def awaiting_confirmation(state: ConversationState, *, continuing: bool) -> PendingConfirmation | None:
    """The stored plan if the last turn asked for confirmation and this message answers that thread.

    A plan left behind by an earlier turn (the shopper talked to another agent since, or changed
    customer) is never returned: it is discarded here.
    """
    stored = state.pending.get("confirm")
    if not isinstance(stored, dict):
        return None
    if (
        not continuing
        or state.awaiting_slot != CONFIRM_SLOT
        or stored.get("customer_id") != state.customer_id
    ):
        drop(state)
        return None
    return PendingConfirmation(
        plan=plan_from_json(stored["plan"]),
        agent=str(stored.get("agent", "")),
        customer_id=stored.get("customer_id"),
        executed=bool(stored.get("executed")),
        context=dict(stored.get("context") or {}),
    )


def mark_executed(state: ConversationState) -> str:
    """Keep the executed plan so a second yes returns "already done"; returns the slot to await."""
    stored = state.pending.get("confirm")
    if isinstance(stored, dict):
        stored["executed"] = True
    return CONFIRM_SLOT


def drop(state: ConversationState) -> None:
    """Forget any plan waiting for confirmation."""
    state.pending.pop("confirm", None)


def plan_to_json(plan: ActionPlan) -> dict[str, Any]:
    """The plan as plain JSON (money as strings), for the conversation state and reply facts."""
    data: dict[str, Any] = to_jsonable(asdict(plan))
    return data


def request_to_json(request: ActionRequest) -> dict[str, Any]:
    """An action request as plain JSON (for traces and the conversation state)."""
    data: dict[str, Any] = to_jsonable(asdict(request))
    return data


_REQUEST_TYPES: dict[str, type[Any]] = {
    "cancel_order": CancelOrder,
    "cancel_lines": CancelLines,
    "change_address": ChangeShippingAddress,
    "swap_items": SwapPendingItems,
    "return_items": ReturnItems,
    "exchange_items": ExchangeItems,
    "change_subscription": ChangeSubscription,
}


def request_from_json(data: dict[str, Any]) -> ActionRequest:
    """An action request back from `plan_to_json`'s form; raises ValueError on an unknown kind."""
    kind = str(data.get("kind", ""))
    if kind not in _REQUEST_TYPES:
        raise ValueError(f"unknown action kind {kind!r}")
    cls = _REQUEST_TYPES[kind]
    values: dict[str, Any] = {}
    for spec in fields(cls):
        if spec.name not in data:
            continue
        value = data[spec.name]
        if spec.name == "lines":
            value = tuple(LineQuantity(str(v["line_id"]), int(v["quantity"])) for v in value)
        elif spec.name == "swaps":
            value = tuple(
                LineSwap(str(v["line_id"]), str(v["new_variant_id"]), int(v["quantity"])) for v in value
            )
        elif spec.name == "address":
            value = NewAddress(**value)
        values[spec.name] = value
    request: ActionRequest = cls(**values)
    return request


def plan_from_json(data: dict[str, Any]) -> ActionPlan:
    """An `ActionPlan` back from `plan_to_json`'s form (the same digest, so execute accepts it)."""
    values: dict[str, Any] = {}
    for spec in fields(ActionPlan):
        if spec.name not in data:
            continue
        value = data[spec.name]
        if spec.name == "request":
            value = request_from_json(value)
        elif spec.name == "lines":
            value = tuple(PlannedLine(str(v["description"]), Decimal(str(v["amount"]))) for v in value)
        elif spec.name in ("refund_total", "charge_total"):
            value = Decimal(str(value))
        elif spec.name == "notes":
            value = tuple(str(v) for v in value)
        values[spec.name] = value
    return ActionPlan(**values)
