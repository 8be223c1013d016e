"""The confirmation protocol: what counts as a yes, where the plan waits, and the idempotency key."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from shopcrew.commerce.actions import (
    ActionPlan,
    CancelLines,
    ChangeShippingAddress,
    ChangeSubscription,
    ExchangeItems,
    LineQuantity,
    LineSwap,
    NewAddress,
    PlannedLine,
)
from shopcrew.guardrails import confirmation
from shopcrew.orchestrator.state import ConversationState


@pytest.mark.parametrize(
    "answer",
    [
        "yes",
        "Yes!",
        "yes please go ahead",
        "confirm",
        "Confirmed.",
        "ok go ahead",
        "sure, do it",
        "yep, cancel it",
    ],
)
def test_a_plain_yes_is_consent(answer: str) -> None:
    assert confirmation.consent(answer) == "yes"


@pytest.mark.parametrize(
    "answer",
    [
        "yeah?",  # a question
        "yes but how long will the refund take?",
        "yes but only the jeans",  # a condition
        "sure, and also cancel the socks",  # a second request
        "yes, ship it to 55 Main St",  # new details
        "wait",
        "hmm let me think",
        "go ahead and cancel order 2035",  # names an order: a request, not an answer
        "k",
        "",
    ],
)
def test_anything_short_of_an_unconditional_yes_is_not_consent(answer: str) -> None:
    assert confirmation.consent(answer) != "yes"


@pytest.mark.parametrize("answer", ["no", "no thanks", "nope", "never mind", "no, don't"])
def test_a_plain_no(answer: str) -> None:
    assert confirmation.consent(answer) == "no"


def test_a_no_that_says_more_is_not_a_plain_no() -> None:
    assert confirmation.consent("no, store credit instead") == "unclear"


def _plan(request: object, digest: str = "d1") -> ActionPlan:
    return ActionPlan(
        request=request,  # type: ignore[arg-type]
        order="2076",
        summary="Cancel 1 × Daily Calm Moisturizer (50 ml) from order #2076 and refund $34.56.",
        lines=(PlannedLine("Cancel 1 × Daily Calm Moisturizer (50 ml)", Decimal("34.56")),),
        refund_total=Decimal("34.56"),
        refund_method="Gift card ending 8812",
        digest=digest,
        notes=("Refunds take up to 5 business days.",),
    )


@pytest.mark.parametrize(
    "request_",
    [
        CancelLines(order="2076", lines=(LineQuantity("2211", 1),), reason="ordered_by_mistake"),
        ChangeShippingAddress(
            order="2076",
            address=NewAddress("Jane Doe", "55 Main St", "Springfield", "IL", "62701", line2="Apt 4"),
        ),
        ExchangeItems(order="1914", swaps=(LineSwap("1838", "77", 1),)),
        ChangeSubscription(subscription_id="3", change="pause", pause_days=30),
    ],
)
def test_a_plan_survives_the_conversation_state_unchanged(request_: object) -> None:
    plan = _plan(request_)
    state = ConversationState(customer_id=1, verified=True)
    slot = confirmation.propose(state, plan, agent="orders")
    # What the store persists between turns is JSON.
    state = ConversationState.model_validate_json(state.model_dump_json())
    state.awaiting_slot = slot
    waiting = confirmation.awaiting_confirmation(state, continuing=True)
    assert waiting is not None and waiting.plan == plan and not waiting.executed


def test_a_plan_is_only_confirmable_in_the_turn_right_after_it_was_shown() -> None:
    state = ConversationState(customer_id=1, verified=True)
    confirmation.propose(state, _plan(CancelLines(order="2076", lines=())), agent="orders")
    # The same turn (the slot is set only after the reply) or another agent's turn in between.
    assert confirmation.awaiting_confirmation(state, continuing=True) is None
    assert "confirm" not in state.pending


def test_a_plan_of_another_customer_is_never_returned() -> None:
    state = ConversationState(customer_id=1, verified=True)
    state.awaiting_slot = confirmation.propose(
        state, _plan(CancelLines(order="2076", lines=())), agent="orders"
    )
    state.customer_id = 2
    assert confirmation.awaiting_confirmation(state, continuing=True) is None


def test_an_executed_plan_stays_to_answer_a_second_yes() -> None:
    state = ConversationState(customer_id=1, verified=True)
    confirmation.propose(state, _plan(CancelLines(order="2076", lines=())), agent="orders")
    state.awaiting_slot = confirmation.mark_executed(state)
    waiting = confirmation.awaiting_confirmation(state, continuing=True)
    assert waiting is not None and waiting.executed


def test_the_idempotency_key_is_sha256_of_conversation_and_digest() -> None:
    plan = _plan(CancelLines(order="2076", lines=()), digest="abc")
    key = confirmation.idempotency_key("c_1", plan)
    assert key == hashlib.sha256(b"c_1\nabc").hexdigest()
    assert key != confirmation.idempotency_key("c_2", plan)
    assert key != confirmation.idempotency_key(
        "c_1", _plan(CancelLines(order="2076", lines=()), digest="abd")
    )


def test_an_unknown_action_kind_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown action kind 'refund_everything'"):
        confirmation.request_from_json({"kind": "refund_everything"})
