"""The support conversation suite: scripted conversations with the outcome they should have.

Each conversation says whether the assistant should resolve it on its own or hand it to a person
(and through which trigger), and optionally which policy section the last reply should quote
(`"returns#Refunds"`, or `"not_covered"` for an honest "our policies don't cover that").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shopcrew.app import Assistant
from shopcrew.domain.messages import CustomerRef, InboundMessage, TurnResult
from shopcrew.eval.suite_files import read_suite_lines

NOT_COVERED = "not_covered"


class SupportConversation(BaseModel):
    """One scripted conversation and what should come of it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    kind: str
    messages: list[str] = Field(min_length=1)
    expect: Literal["resolve", "escalate"]
    trigger: str | None = None
    customer: str | None = None  # the email of a customer the channel has verified
    answer: list[str] = Field(default_factory=list)


class SuiteError(ValueError):
    """The suite file cannot be read; the message says which line and why."""


def load_suite(path: Path) -> list[SupportConversation]:
    """Read a JSONL suite; a bad line raises SuiteError naming the line."""
    return read_suite_lines(path, _conversation, SuiteError)


def _conversation(raw: Any) -> SupportConversation:
    conversation = SupportConversation.model_validate(raw)
    if conversation.expect == "escalate" and not conversation.trigger:
        raise ValueError("an escalation needs its trigger")
    return conversation


@dataclass(frozen=True)
class ConversationOutcome:
    """What happened in one scripted conversation."""

    conversation: SupportConversation
    escalated: bool
    trigger: str | None
    answered: str | None  # "policy#Section" quoted by the last reply, "not_covered", or None
    last_reply: str

    @property
    def answer_ok(self) -> bool:
        """The last reply quoted an expected section (true when the suite names none)."""
        return not self.conversation.answer or self.answered in self.conversation.answer

    @property
    def correct(self) -> bool:
        """Escalated exactly when it should have, through the right trigger, with the right answer."""
        if self.conversation.expect == "escalate":
            return self.escalated and self.trigger == self.conversation.trigger
        return not self.escalated and self.answer_ok


def answered_section(turn: TurnResult) -> str | None:
    """The policy section a turn quoted ("returns#Refunds"), "not_covered", or None."""
    intents = [str(part.get("intent", "")) for part in turn.trace.get("parts", [])]
    if "support.policy_not_covered" in intents:
        return NOT_COVERED
    for fact in turn.trace.get("facts", []):
        if isinstance(fact, dict) and fact.get("kind") == "policy":
            return f"{fact['policy_id']}#{fact['section']}"
    return None


async def run_conversation(assistant: Assistant, conversation: SupportConversation) -> ConversationOutcome:
    """Play one conversation through the assistant, stopping once a person owns it."""
    customer = CustomerRef(email=conversation.customer, verified=True) if conversation.customer else None
    conversation_id: str | None = None
    escalation: dict[str, object] | None = None
    turn: TurnResult | None = None
    for text in conversation.messages:
        turn = await assistant.handle(
            InboundMessage(text=text, conversation_id=conversation_id, customer=customer)
        )
        conversation_id = turn.conversation_id
        escalation = turn.trace.get("escalation")
        if escalation:
            break
    assert turn is not None  # messages has at least one entry
    return ConversationOutcome(
        conversation=conversation,
        escalated=escalation is not None,
        trigger=str(escalation["trigger"]) if escalation else None,
        answered=answered_section(turn),
        last_reply=turn.reply,
    )


@dataclass(frozen=True)
class SuiteFigures:
    """The three figures of the support benchmark, with what they are computed from."""

    should_resolve: int
    resolved: int  # of should_resolve: not escalated
    resolved_with_answer: int  # of resolved: the last reply quoted an expected section
    should_escalate: int
    escalated: int  # of should_escalate: escalated
    escalated_right_trigger: int
    false_escalations: int  # of should_resolve: escalated

    @property
    def resolved_share(self) -> float:
        """Share answered without escalation, of the conversations that should be."""
        return self.resolved / self.should_resolve if self.should_resolve else 0.0

    @property
    def recall(self) -> float:
        """Escalations that should have happened and did."""
        return self.escalated / self.should_escalate if self.should_escalate else 0.0

    @property
    def false_escalation_share(self) -> float:
        """Escalations that should not have happened, as a share of the conversations that should resolve."""
        return self.false_escalations / self.should_resolve if self.should_resolve else 0.0


def figures(outcomes: Iterable[ConversationOutcome]) -> SuiteFigures:
    """The benchmark's figures over a run's outcomes."""
    outcomes = list(outcomes)
    resolve = [o for o in outcomes if o.conversation.expect == "resolve"]
    escalate = [o for o in outcomes if o.conversation.expect == "escalate"]
    return SuiteFigures(
        should_resolve=len(resolve),
        resolved=sum(not o.escalated for o in resolve),
        resolved_with_answer=sum(not o.escalated and o.answer_ok for o in resolve),
        should_escalate=len(escalate),
        escalated=sum(o.escalated for o in escalate),
        escalated_right_trigger=sum(o.correct for o in escalate),
        false_escalations=sum(o.escalated for o in resolve),
    )


def describe_miss(outcome: ConversationOutcome) -> str:
    """One line saying how a conversation went wrong."""
    expected = outcome.conversation
    got = f"escalated ({outcome.trigger})" if outcome.escalated else "resolved"
    want = f"escalate ({expected.trigger})" if expected.expect == "escalate" else "resolve"
    answer = ""
    if expected.answer and not outcome.answer_ok:
        answer = f"; answered {outcome.answered or 'nothing'} instead of {' or '.join(expected.answer)}"
    return f"{expected.id}: wanted {want}, {got}{answer}"


def misses(outcomes: Sequence[ConversationOutcome]) -> list[str]:
    """How each conversation that went wrong went wrong."""
    return [describe_miss(o) for o in outcomes if not o.correct]
