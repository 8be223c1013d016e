"""Support quality: escalate when a person is needed, and only then.

Plays the committed suite `benchmarks/data/support_conversations.jsonl` (scripted multi-turn
support conversations, each with its expected outcome) through the real assistant on a fresh copy
of the demo store with the local engine, and prints three figures: the share answered without
escalation (of the conversations that should be), the escalations that should have happened and
did, and the escalations that should not have happened.

    python benchmarks/support.py [--suite PATH] [--verbose]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from shopcrew.app import build_assistant
from shopcrew.eval.support_suite import figures, load_suite, misses, run_conversation
from shopcrew.settings import Settings
from shopcrew.store.database import fresh_demo_store

SUITE = Path(__file__).parent / "data" / "support_conversations.jsonl"
# The demo store's history is anchored to this day, and the clock sits inside support hours, so
# order windows and "a teammate will reply shortly" come out the same on every run.
DEMO_TODAY = date(2026, 6, 15)
CLOCK = datetime(2026, 6, 15, 10, 30, tzinfo=UTC)


async def run(suite_path: Path, verbose: bool) -> None:
    suite = load_suite(suite_path)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        base = Settings(data_dir=data_dir, demo_today=DEMO_TODAY)
        url = fresh_demo_store(base, data_dir / "stores")
        assistant = build_assistant(
            Settings(data_dir=data_dir, demo_today=DEMO_TODAY, store=url), clock=lambda: CLOCK
        )
        started = time.perf_counter()
        try:
            outcomes = [await run_conversation(assistant, c) for c in suite]
        finally:
            assistant.close()
        elapsed = time.perf_counter() - started
    result = figures(outcomes)
    turns = sum(len(o.conversation.messages) for o in outcomes)
    print(
        f"suite: {len(suite)} conversations ({suite_path.name}), {turns} scripted messages, {elapsed:.1f} s"
    )
    print(
        f"answered without escalation: {result.resolved}/{result.should_resolve} "
        f"= {result.resolved_share:.1%} (of those that should be; "
        f"{result.resolved_with_answer} with the expected policy section or intent)"
    )
    print(
        f"escalations that should have happened and did: {result.escalated}/{result.should_escalate} "
        f"= {result.recall:.1%} ({result.escalated_right_trigger} through the expected trigger)"
    )
    print(
        f"escalations that should not have happened: {result.false_escalations} "
        f"= {result.false_escalation_share:.1%} of {result.should_resolve}"
    )
    wrong = misses(outcomes)
    if wrong:
        print(f"misses ({len(wrong)}):")
        for line in wrong:
            print(f"  {line}")
    if verbose:
        for outcome in outcomes:
            print(f"\n[{outcome.conversation.id}] {outcome.last_reply}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, default=SUITE)
    parser.add_argument("--verbose", action="store_true", help="print each conversation's last reply")
    arguments = parser.parse_args()
    asyncio.run(run(arguments.suite, arguments.verbose))


if __name__ == "__main__":
    main()
