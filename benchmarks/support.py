"""Support quality: escalate when a person is needed, and only then.

Plays the committed suite `benchmarks/data/support_conversations.jsonl` (scripted multi-turn
support conversations, each with its expected outcome) through the real assistant on a fresh copy
of the demo store with the local engine, and prints three figures: the share answered without
escalation (of the conversations that should be), the escalations that should have happened and
did, and the escalations that should not have happened.

    python benchmarks/support.py [--suite PATH] [--verbose]
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from _suite import play_suite, suite_arguments
from shopcrew.eval.support_suite import figures, load_suite, misses, run_conversation

SUITE = Path(__file__).parent / "data" / "support_conversations.jsonl"
# The clock sits on the demo store's day, inside support hours, so "a teammate will reply
# shortly" comes out the same on every run.
CLOCK = datetime(2026, 6, 15, 10, 30, tzinfo=UTC)


async def run(suite_path: Path, verbose: bool) -> None:
    suite = load_suite(suite_path)
    outcomes, elapsed = await play_suite(suite, run_conversation, clock=lambda: CLOCK)
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
    verbose_help = "print each conversation's last reply"
    arguments = suite_arguments(__doc__, SUITE, verbose_help).parse_args()
    asyncio.run(run(arguments.suite, arguments.verbose))


if __name__ == "__main__":
    main()
