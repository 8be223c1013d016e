"""A few conversations of the committed Fit Analyzer suite (benchmarks/data/fit_suite.jsonl) pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopcrew.app import Assistant
from shopcrew.fit.suite import FitCase, load_fit_suite, run_fit_case

SUITE = Path(__file__).parents[2] / "benchmarks" / "data" / "fit_suite.jsonl"
SAMPLE = (
    "trail-runner-wide-foot",
    "gathered-over-two-turns",
    "impossible-height",
    "kids-tee-age",
    "suit-chest-height",
)


def test_the_suite_has_enough_conversations_with_expectations() -> None:
    cases = load_fit_suite(SUITE)
    assert len(cases) >= 25
    assert all(c.expect.get("intent") for c in cases)
    assert len({c.id for c in cases}) == len(cases)


@pytest.mark.parametrize("case_id", SAMPLE)
async def test_suite_conversations_pass(assistant: Assistant, case_id: str) -> None:
    case: FitCase = next(c for c in load_fit_suite(SUITE) if c.id == case_id)
    outcome = await run_fit_case(assistant, case)
    assert outcome.passed, outcome.failures
