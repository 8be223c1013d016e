"""The staff desk: take over, reply, note, hand back and close a conversation, one owner at a time.

Each operation is one transaction. The conversation row is locked (FOR UPDATE on PostgreSQL) and
written back only if nobody changed it since it was read (a compare-and-set on `updated_at`, which
is what protects SQLite, where FOR UPDATE does nothing): of two staff taking over at once, one
wins and the other is told who owns it. Every operation is logged in `staff_actions`; changes of
owner also go to `state.owner_history` with time, staff name and reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from shopcrew.domain.messages import InputError
from shopcrew.handoff.outbox import queue_ticket_note
from shopcrew.handoff.ownership import CLOSED, HUMAN, OPEN, assign, refuse_if_owned_by_other, release
from shopcrew.handoff.staff_accounts import StaffMember
from shopcrew.orchestrator.memory import StoredConversation, append_message, load_conversation
from shopcrew.store.base import utcnow
from shopcrew.store.conversation_tables import ConversationRow
from shopcrew.store.handoff_tables import HelpdeskInboundRow
from shopcrew.store.staff_tables import StaffActionRow, StaffNoteRow

MAX_TEXT_CHARS = 10_000
# Delivery rows of console replies share the helpdesk replies' table, under this provider name.
CONSOLE = "console"
_ATTEMPTS = 4
T = TypeVar("T")


@dataclass(frozen=True)
class StaffOutcome:
    """What an operation left behind: the conversation's owner, assignee and status, and what happened."""

    conversation_id: str
    owner: str
    assignee: str | None
    status: str
    detail: str
    message_seq: int | None = None
    note_id: int | None = None


class _Changed(Exception):
    """The conversation changed between read and write: read it again and decide again."""


class _Refused(InputError):
    """A refusal whose log entry (with the text a person wrote) must be kept although nothing else is."""

    def __init__(self, error: InputError, log: StaffActionRow) -> None:
        super().__init__(error.code, error.message, error.status)
        self.log = log


class StaffDesk:
    """The operations of the staff inbox over the store's sessions."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        helpdesk_provider: str = "none",
        assistant_name: str = "our assistant",
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._helpdesk = helpdesk_provider
        self._assistant_name = assistant_name
        self._clock = clock

    def take_over(
        self, conversation_id: str, staff: StaffMember, reason: str = "", *, force: bool = False
    ) -> StaffOutcome:
        """Own a live conversation (waiting in the queue, or still with the assistant); 409 if someone else does."""

        def op(session: Session, stored: StoredConversation, now: datetime) -> StaffOutcome:
            state = stored.state
            _refuse_closed(stored, "take over")
            if state.owner == HUMAN and state.assignee == staff.name:
                return _outcome(stored, "you already own this conversation")
            refuse_if_owned_by_other(state, staff.name, admin=force and staff.role == "admin")
            if state.owner == HUMAN and state.assignee:
                default = f"reassigned from {state.assignee} by an admin"
            elif state.owner == HUMAN:
                default = "taken from the handoff queue"
            else:
                default = f"taken over from the assistant ({state.owner})"
            why = _clean(reason, 500) or default
            assign(state, staff.name, why, now)
            append_message(
                session, stored.id, "system", f"{staff.name} from our team has joined the conversation."
            )
            self._note_on_ticket(
                session,
                stored.id,
                f"{staff.name} took this conversation over in the shopcrew console: {why}",
                now,
            )
            self._log(session, stored.id, staff, "take_over", why, now=now)
            self._save(session, stored, now)
            return _outcome(stored, why)

        return self._run(conversation_id, op)

    def reply(self, conversation_id: str, staff: StaffMember, text: str) -> StaffOutcome:
        """Send a reply to the shopper through their channel (and onto the ticket as a note); only the owner may."""
        body = _required_text(text, "reply")

        def op(session: Session, stored: StoredConversation, now: datetime) -> StaffOutcome:
            state = stored.state
            refusal: InputError | None = None
            if stored.row.status == CLOSED:
                refusal = InputError(
                    "conversation_closed",
                    "this conversation is closed, so the reply was NOT sent to the shopper; it is kept with "
                    "the conversation (staff actions). The shopper can write again, which reopens it.",
                    status=409,
                )
            elif state.owner != HUMAN or state.assignee is None:
                refusal = InputError(
                    "not_owned",
                    "nobody from the team owns this conversation yet, so the reply was not sent; take it over first",
                    status=409,
                )
            else:
                try:
                    refuse_if_owned_by_other(state, staff.name)
                except InputError as error:
                    refusal = error
            if refusal is not None:
                raise _Refused(
                    refusal,
                    self._log(
                        session,
                        stored.id,
                        staff,
                        "reply_refused",
                        refusal.code,
                        text=body,
                        now=now,
                        add=False,
                    ),
                )
            message = append_message(session, stored.id, "human", body, agent=HUMAN)
            session.add(
                HelpdeskInboundRow(
                    provider=CONSOLE,
                    remote_message_id=f"console:{message.id}",
                    remote_ticket_id=stored.id[:64],
                    conversation_id=stored.id,
                    channel=stored.row.channel,
                    author=staff.name,
                    text=body,
                    status="appended",
                    message_seq=message.seq,
                    # The web chat shows it from the conversation; other channels' adapters drain pending rows.
                    delivery="pending",
                    received_at=now,
                )
            )
            self._note_on_ticket(
                session,
                stored.id,
                f"{staff.name} replied to the shopper from the shopcrew console:\n\n{body}",
                now,
            )
            self._log(session, stored.id, staff, "reply", f"message {message.seq}", text=body, now=now)
            self._save(session, stored, now)
            return _outcome(stored, "the reply was sent to the shopper", message_seq=message.seq)

        return self._run(conversation_id, op)

    def note(self, conversation_id: str, staff: StaffMember, text: str) -> StaffOutcome:
        """Add an internal note: shown in the console, never to the shopper. Any staff member, any conversation."""
        body = _required_text(text, "note")

        def op(session: Session, stored: StoredConversation, now: datetime) -> StaffOutcome:
            row = StaffNoteRow(
                conversation_id=stored.id, staff_id=staff.id, author=staff.name, text=body, created_at=now
            )
            session.add(row)
            session.flush()
            self._log(session, stored.id, staff, "note", f"note {row.id}", now=now)
            return _outcome(stored, "the note was added", note_id=row.id)

        return self._run(conversation_id, op)

    def hand_back(self, conversation_id: str, staff: StaffMember, reason: str = "") -> StaffOutcome:
        """Give the thread back to the assistant, which resumes with the full context; 409 `not_owned` if no person owns it."""

        def op(session: Session, stored: StoredConversation, now: datetime) -> StaffOutcome:
            state = stored.state
            _refuse_closed(stored, "hand back")
            if state.owner != HUMAN:
                raise InputError(
                    "not_owned",
                    f"nobody from the team owns this conversation: the assistant ({state.owner}) already answers it",
                    status=409,
                )
            refuse_if_owned_by_other(state, staff.name, admin=staff.role == "admin")
            why = _clean(reason, 500) or f"handed back by {staff.name}"
            agent = release(state, staff.name, why, now)
            append_message(
                session,
                stored.id,
                "system",
                f"You're back with {self._assistant_name}, our shopping assistant.",
            )
            self._note_on_ticket(
                session,
                stored.id,
                f"{staff.name} handed this conversation back to the assistant in the shopcrew console.",
                now,
            )
            self._log(session, stored.id, staff, "hand_back", f"to {agent}: {why}", now=now)
            self._save(session, stored, now)
            return _outcome(stored, f"the assistant ({agent}) answers the shopper again")

        return self._run(conversation_id, op)

    def close(self, conversation_id: str, staff: StaffMember, reason: str = "") -> StaffOutcome:
        """Close the conversation; a later shopper message reopens it, owned by the assistant."""

        def op(session: Session, stored: StoredConversation, now: datetime) -> StaffOutcome:
            state = stored.state
            _refuse_closed(stored, "close")
            refuse_if_owned_by_other(state, staff.name, admin=staff.role == "admin")
            why = _clean(reason, 500) or f"closed by {staff.name}"
            if state.owner == HUMAN:
                release(state, staff.name, why, now)
            append_message(
                session,
                stored.id,
                "system",
                "This conversation was closed by our team. Write any time to start again.",
            )
            self._note_on_ticket(
                session,
                stored.id,
                f"{staff.name} closed this conversation in the shopcrew console: {why}",
                now,
            )
            self._log(session, stored.id, staff, "close", why, now=now)
            self._save(session, stored, now, status=CLOSED)
            return _outcome(stored, "the conversation is closed", status=CLOSED)

        return self._run(conversation_id, op)

    def _run(self, conversation_id: str, op: Callable[[Session, StoredConversation, datetime], T]) -> T:
        for _ in range(_ATTEMPTS):
            with self._sessions() as session:
                stored = load_conversation(session, conversation_id, lock=True)
                try:
                    result = op(session, stored, self._clock())
                    session.commit()
                    return result
                except _Refused as refused:
                    session.rollback()
                    session.add(refused.log)
                    session.commit()
                    raise InputError(refused.code, refused.message, refused.status) from None
                except (_Changed, IntegrityError, OperationalError):
                    # Someone else wrote first (or SQLite was busy): read the new state and decide again.
                    session.rollback()
        raise InputError(
            "conversation_busy", "the conversation kept changing while we tried; try again", status=409
        )

    def _save(
        self, session: Session, stored: StoredConversation, now: datetime, *, status: str | None = None
    ) -> None:
        seen = stored.row.updated_at
        # Strictly later than what was read, so the compare-and-set tells every write apart.
        stamp = max(utcnow(), seen + timedelta(microseconds=1))
        values: dict[str, Any] = {
            "owner": stored.state.owner,
            "state": stored.state.model_dump(mode="json"),
            "updated_at": stamp,
        }
        values["status"] = status or OPEN
        result = cast(
            CursorResult[Any],
            session.execute(
                update(ConversationRow)
                .where(ConversationRow.id == stored.id, ConversationRow.updated_at == seen)
                .values(**values)
                .execution_options(synchronize_session=False)
            ),
        )
        if result.rowcount != 1:
            raise _Changed
        stored.row.status = values["status"]

    def _note_on_ticket(self, session: Session, conversation_id: str, text: str, now: datetime) -> None:
        queue_ticket_note(session, conversation_id, text, provider=self._helpdesk, now=now)

    def _log(
        self,
        session: Session,
        conversation_id: str,
        staff: StaffMember,
        action: str,
        detail: str,
        *,
        now: datetime,
        text: str | None = None,
        add: bool = True,
    ) -> StaffActionRow:
        row = StaffActionRow(
            conversation_id=conversation_id,
            staff_id=staff.id,
            staff_name=staff.name,
            action=action,
            detail=detail,
            text=text,
            at=now,
        )
        if add:
            session.add(row)
        return row


def _outcome(
    stored: StoredConversation,
    detail: str,
    *,
    status: str | None = None,
    message_seq: int | None = None,
    note_id: int | None = None,
) -> StaffOutcome:
    return StaffOutcome(
        conversation_id=stored.id,
        owner=stored.state.owner,
        assignee=stored.state.assignee,
        status=status or stored.row.status,
        detail=detail,
        message_seq=message_seq,
        note_id=note_id,
    )


def _refuse_closed(stored: StoredConversation, what: str) -> None:
    if stored.row.status == CLOSED:
        raise InputError(
            "conversation_closed",
            f"this conversation is closed, so there is nothing to {what}; it reopens when the shopper writes again",
            status=409,
        )


def _clean(text: str | None, limit: int) -> str:
    return " ".join((text or "").split())[:limit]


def _required_text(text: str, what: str) -> str:
    body = (text or "").strip()
    if not body:
        raise InputError(f"empty_{what}", f"the {what} is empty", status=422)
    if len(body) > MAX_TEXT_CHARS:
        raise InputError(
            f"{what}_too_long",
            f"the {what} has {len(body)} characters; the limit is {MAX_TEXT_CHARS}",
            status=413,
        )
    return body
