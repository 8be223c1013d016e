"""Escalation on realistic phrasings met while building the support benchmark: misses and false alarms."""

from __future__ import annotations

import pytest

from shopcrew.orchestrator.escalation import FRUSTRATION, POLICY_EXCEPTION, detect_escalation, is_unreadable


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("this is so frustrating, the size chart is confusing", FRUSTRATION),
        ("I'm really frustrated with this", FRUSTRATION),
        ("that's useless, you're not helping at all", FRUSTRATION),
        ("can you make an exception to the 30-day return window?", POLICY_EXCEPTION),
        ("I know it's been 40 days but can I still return the boots?", POLICY_EXCEPTION),
        ("I know the window is 30 days but the zip broke on day 35", POLICY_EXCEPTION),
        ("any chance you'd accept the return anyway?", POLICY_EXCEPTION),
        ("could you waive the shipping fee as a one-off?", POLICY_EXCEPTION),
        ("could you refund the shipping as a courtesy?", POLICY_EXCEPTION),
    ],
)
def test_realistic_escalations_are_caught(text: str, trigger: str) -> None:
    signal = detect_escalation(text)
    assert signal is not None and signal.trigger == trigger


@pytest.mark.parametrize(
    "text",
    [
        "I'd kill for this jacket in blue",
        "the customer service was great",
        "It's frustrating that the size chart is confusing",
        "I know it's a silly question but do you ship to Canada?",
        "is there an exception in the return policy for damaged items?",
        "I'm upset the jacket sold out, when is it back?",
        "can I return it anyway if I lost the receipt?",
        "thank you so much!!! you've been amazing",
        "I'm only human, I forgot my order number",
    ],
)
def test_ordinary_messages_with_charged_words_do_not_escalate(text: str) -> None:
    assert detect_escalation(text) is None


def test_a_message_without_a_word_is_unreadable() -> None:
    assert is_unreadable("???") and is_unreadable("🙃🙃") and is_unreadable(" ... ")
    assert not is_unreadable("y") and not is_unreadable("2035") and not is_unreadable("ok!")
