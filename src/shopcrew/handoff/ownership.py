"""Who owns a conversation: the assistant (an agent's name) or a person (`human`, with an assignee).

Pure changes of ConversationState, each recorded in `owner_history` with time, staff and reason.
The staff desk (handoff/staff.py) stores them; the turn reopens a closed conversation with them.
"""

from __future__ import annotations

from datetime import datetime

from shopcrew.domain.messages import InputError
from shopcrew.orchestrator.state import ConversationState, OwnerChange

HUMAN = "human"
DEFAULT_ASSISTANT = "support"
OPEN, CLOSED = "open", "closed"


def is_waiting_in_queue(state: ConversationState) -> bool:
    """Handed to a person, and no one has taken it yet."""
    return state.owner == HUMAN and state.assignee is None


def assistant_before_handoff(state: ConversationState) -> str:
    """The agent that owned the thread before a person did ("support" when none is recorded)."""
    for change in reversed(state.owner_history):
        if change.owner != HUMAN:
            return change.owner
    return DEFAULT_ASSISTANT


def refuse_if_owned_by_other(state: ConversationState, staff: str, *, admin: bool = False) -> None:
    """409 `already_owned` naming the owner, when another staff member owns the thread (admins may override)."""
    if state.owner == HUMAN and state.assignee not in (None, staff) and not admin:
        since = _assigned_at(state)
        raise InputError(
            "already_owned",
            f"{state.assignee} owns this conversation{since}; ask them to hand it back"
            " (an admin can take it over with force)",
            status=409,
        )


def assign(state: ConversationState, staff: str, reason: str, at: datetime) -> None:
    """A person owns the thread: the assistant stays silent and shopper messages wait for them."""
    state.owner, state.assignee = HUMAN, staff
    state.owner_history.append(OwnerChange(owner=HUMAN, at=at, reason=reason, staff=staff))


def release(state: ConversationState, staff: str, reason: str, at: datetime) -> str:
    """The assistant owns the thread again (the agent from before the handoff); returns that agent.

    The state is kept whole, so the assistant resumes with everything said; the count of turns it
    did not understand starts over, so it does not hand straight back on the next unclear message.
    """
    agent = assistant_before_handoff(state)
    state.owner, state.assignee = agent, None
    state.misunderstood_turns = 0
    state.owner_history.append(OwnerChange(owner=agent, at=at, reason=reason, staff=staff))
    return agent


def _assigned_at(state: ConversationState) -> str:
    for change in reversed(state.owner_history):
        if change.owner == HUMAN and change.staff == state.assignee:
            return f" (since {change.at:%Y-%m-%d %H:%M} UTC)"
    return ""
