"""The Fit Analyzer's scripted suite: conversations with their expected size, played through the assistant.

Each line of the suite is `{"id", "turns": [...], "expect": {"intent", "size"?, "width"?,
"first_intent"?, "reply_contains"?}}`; the expectations are checked on the last turn (and
`first_intent` on the first). Used by `benchmarks/fit.py` and the tests.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shopcrew.app import Assistant
from shopcrew.domain.messages import InboundMessage, TurnResult
from shopcrew.eval.suite_files import read_suite_lines


@dataclass(frozen=True)
class FitCase:
    """One scripted conversation and what its last reply must decide."""

    id: str
    turns: tuple[str, ...]
    expect: dict[str, Any]


@dataclass
class FitOutcome:
    """What happened in one case: the failures (empty when it passed) and each turn's latency."""

    case: FitCase
    failures: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    reply: str = ""

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.failures


def load_fit_suite(path: Path) -> list[FitCase]:
    """Read the suite; a malformed line is an error naming the line."""
    return read_suite_lines(path, _case)


def _case(raw: Any) -> FitCase:
    return FitCase(str(raw["id"]), tuple(raw["turns"]), dict(raw["expect"]))


def _advice_of(result: TurnResult) -> dict[str, Any]:
    for call in result.trace.get("tool_calls", []):
        if call.get("tool") == "size_advice" and isinstance(call.get("result"), dict):
            return dict(call["result"])
    return {}


def _intent_of(result: TurnResult) -> str:
    parts = result.trace.get("parts") or []
    return str(parts[-1]["intent"]) if parts else ""


async def run_fit_case(assistant: Assistant, case: FitCase) -> FitOutcome:
    """Play one case in a new conversation and check its expectations."""
    outcome = FitOutcome(case)
    conversation_id: str | None = None
    results: list[TurnResult] = []
    for text in case.turns:
        started = time.perf_counter()
        result = await assistant.handle(InboundMessage(text=text, conversation_id=conversation_id))
        outcome.latencies_ms.append((time.perf_counter() - started) * 1000)
        conversation_id = result.conversation_id
        results.append(result)
    last, expect = results[-1], case.expect
    outcome.reply = last.reply
    if "fit" not in last.agents:
        outcome.failures.append(f"answered by {last.agents}, not fit")
    if expect.get("intent") and _intent_of(last) != expect["intent"]:
        outcome.failures.append(f"intent {_intent_of(last)!r}, expected {expect['intent']!r}")
    if expect.get("first_intent") and _intent_of(results[0]) != expect["first_intent"]:
        outcome.failures.append(
            f"first intent {_intent_of(results[0])!r}, expected {expect['first_intent']!r}"
        )
    advice = _advice_of(last)
    for key in ("size", "width"):
        if key in expect and advice.get(key) != expect[key]:
            outcome.failures.append(f"{key} {advice.get(key)!r}, expected {expect[key]!r}")
    for words in expect.get("reply_contains", []):
        if words not in last.reply:
            outcome.failures.append(f"reply lacks {words!r}")
    removed = (last.trace.get("grounding") or {}).get("removed", 0)
    if removed:
        outcome.failures.append(f"grounding removed {removed} claim(s)")
    return outcome
