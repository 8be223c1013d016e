"""The frustration and policy-exception detector: what escalates, and the mild words that must not."""

from __future__ import annotations

import pytest

from shopcrew.orchestrator.escalation import (
    FRUSTRATION,
    POLICY_EXCEPTION,
    detect_escalation,
    detect_frustration,
)

FRUSTRATED = [
    "This is ridiculous, where is my order?",
    "you are useless",
    "what the fuck is going on with my parcel",
    "This is the third time I'm asking about my refund",
    "How many times do I have to tell you my order number",
    "I'll just do a chargeback then",
    "I will never shop here again",
    "WHERE IS MY ORDER!!!",
    "I'm fed up, still no tracking!!!",
    "worst customer service ever",
    "this is unacceptable",
]
EXCEPTIONS = [
    "can you make an exception for me?",
    "I know it's past 30 days but the zipper broke",
    "Even though it's over the return window, could you take it back?",
    "could you bend the rules just this once",
]
MILD = [
    "annoying that it's sold out",
    "a bit disappointed the serum is out of stock",
    "hmm, that's a shame",
    "the jeans were too small unfortunately",
    "my order is late, can you check?",
    "I don't like the colour, can I return it?",
    "not great that shipping costs extra",
    "Ugh, I forgot my order number",
    "It's frustrating that the size chart is confusing",
    "can I return something after 30 days?",
    "What is the return window?",
    "Do you ship to the USA with UPS?",
    "I need SPF 50 for sensitive skin!",
    "Great, thanks!!",
    "no worries, I'll wait",
    "the box arrived damaged, what can I do?",
    "I'm still waiting for my parcel",
]


@pytest.mark.parametrize("text", FRUSTRATED)
def test_frustration_is_detected(text: str) -> None:
    signal = detect_escalation(text)
    assert signal is not None and signal.trigger == FRUSTRATION
    assert signal.reason.startswith("shopper is frustrated")


@pytest.mark.parametrize("text", EXCEPTIONS)
def test_a_policy_exception_is_detected(text: str) -> None:
    signal = detect_escalation(text)
    assert signal is not None and signal.trigger == POLICY_EXCEPTION


@pytest.mark.parametrize("text", MILD)
def test_mild_or_ordinary_words_do_not_escalate(text: str) -> None:
    assert detect_escalation(text) is None


def test_one_weak_signal_is_not_enough_but_two_are() -> None:
    assert detect_frustration("where is my order!!!") is None
    assert detect_frustration("WHERE IS MY ORDER") is None
    signal = detect_frustration("WHERE IS MY ORDER!!!")
    assert signal is not None and "all capitals" in signal.evidence and "!!!" in signal.evidence
