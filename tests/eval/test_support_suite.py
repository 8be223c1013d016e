"""The committed support suite stays playable: a sample of its conversations through the real assistant."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from shopcrew.app import build_assistant
from shopcrew.eval.support_suite import SuiteError, figures, load_suite, misses, run_conversation
from shopcrew.settings import Settings

SUITE = Path(__file__).parents[2] / "benchmarks" / "data" / "support_conversations.jsonl"
MONDAY_MORNING = datetime(2026, 6, 15, 10, 30, tzinfo=UTC)
# One or two of every kind: policy, account, a person, anger, an exception, two misses, approval, tricky.
SAMPLE = (
    "policy-paypal",
    "policy-loyalty-not-covered",
    "account-change-email",
    "person-not-you",
    "angry-so-frustrating",
    "exception-forty-days",
    "misunderstood-emoji",
    "approval-cancel-paid",
    "tricky-kill-for-jacket",
    "tricky-are-you-human",
)


def test_the_suite_is_large_and_mixed() -> None:
    suite = load_suite(SUITE)
    assert len(suite) >= 40
    assert len({c.id for c in suite}) == len(suite)
    escalating = {c.trigger for c in suite if c.expect == "escalate"}
    assert escalating == {"asked_for_person", "frustration", "policy_exception", "misunderstood", "approval"}
    assert sum(c.expect == "resolve" for c in suite) >= 20


async def test_a_sample_of_the_suite_gets_its_expected_outcome(demo_settings: Settings) -> None:
    by_id = {c.id: c for c in load_suite(SUITE)}
    assistant = build_assistant(demo_settings, clock=lambda: MONDAY_MORNING)
    try:
        outcomes = [await run_conversation(assistant, by_id[name]) for name in SAMPLE]
    finally:
        assistant.close()
    assert misses(outcomes) == []
    result = figures(outcomes)
    assert result.recall == 1.0 and result.false_escalations == 0


def test_a_broken_suite_line_is_named(tmp_path: Path) -> None:
    suite = tmp_path / "suite.jsonl"
    suite.write_text('{"id": "a", "kind": "x", "messages": ["hi"], "expect": "escalate"}\n', encoding="utf-8")
    with pytest.raises(SuiteError, match="line 1: an escalation needs its trigger"):
        load_suite(suite)
