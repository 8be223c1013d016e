"""The staff inbox API: sign in, the handoff queue, a conversation in full, and the ownership actions.

Every route but sign-in needs a staff bearer token (401 otherwise). Actions on a conversation run
under its turn lock, so they land between the shopper's turns, never inside one.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from shopcrew.api.body import read_limited_body, replaying
from shopcrew.api.deps import AssistantDep
from shopcrew.api.errors import ERROR_RESPONSES, error_response
from shopcrew.api.schemas import ErrorResponse
from shopcrew.api.staff_auth import StaffDep, bearer_token, staff_desk_for
from shopcrew.app import Assistant
from shopcrew.domain.messages import InputError
from shopcrew.handoff.sign_in_throttle import SignInLimits, SignInLocked
from shopcrew.handoff.staff import MAX_TEXT_CHARS, StaffOutcome
from shopcrew.handoff.staff_accounts import StaffMember, sign_in, sign_out
from shopcrew.handoff.staff_views import ConsoleConversation, QueueItem, console_conversation, handoff_queue
from shopcrew.store.base import utcnow
from shopcrew.store.database import session_factory

# A reply is at most MAX_TEXT_CHARS characters; no staff request needs more than this.
MAX_STAFF_BODY_BYTES = 64 * 1024


class StaffBodyRoute(APIRoute):
    """Reads at most MAX_STAFF_BODY_BYTES of a request body (413 beyond), before anything parses it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler with the size gate."""
        handle = super().get_route_handler()

        async def handle_limited(request: Request) -> Response:
            if request.method not in {"POST", "PUT", "PATCH"}:
                return await handle(request)
            body = await read_limited_body(request, MAX_STAFF_BODY_BYTES)
            return await handle(Request(request.scope, replaying(body)))

        return handle_limited


router = APIRouter(prefix="/v1/staff", tags=["staff"], route_class=StaffBodyRoute)

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "No valid staff token"},
    403: {"model": ErrorResponse, "description": "The staff account is disabled"},
    404: ERROR_RESPONSES[404],
    409: {"model": ErrorResponse, "description": "already_owned, not_owned or conversation_closed"},
    422: ERROR_RESPONSES[422],
}


class SignIn(BaseModel):
    """A staff member's name and password."""

    name: str = Field(max_length=64)
    password: str = Field(max_length=1024)


class StaffOut(BaseModel):
    """Who is signed in."""

    name: str
    role: str


class SessionOut(BaseModel):
    """A console session: send `token` as `Authorization: Bearer <token>` until `expires_at`."""

    token: str
    expires_at: datetime
    staff: StaffOut


class TextIn(BaseModel):
    """A reply to the shopper or an internal note."""

    text: str = Field(max_length=MAX_TEXT_CHARS * 2)


class ReasonIn(BaseModel):
    """Why (recorded in the owner history and the action log); `force` lets an admin take over from someone."""

    reason: str = Field(default="", max_length=2000)
    force: bool = False


class OutcomeOut(BaseModel):
    """The conversation's owner, assignee and status after the action, and what happened."""

    conversation_id: str
    owner: str
    assignee: str | None
    status: str
    detail: str
    message_seq: int | None = None
    note_id: int | None = None


class QueueOut(BaseModel):
    """The handoff queue, longest-waiting shopper first."""

    now: datetime
    items: list[QueueItem]


@router.post(
    "/sessions",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionOut,
    responses={**_ERRORS, 429: {"model": ErrorResponse, "description": "Too many wrong passwords"}},
)
def create_session(body: SignIn, assistant: AssistantDep) -> SessionOut | JSONResponse:
    """Sign in with name and password; the token lasts SHOPCREW_STAFF_SESSION_HOURS."""
    settings = assistant.settings
    lifetime = timedelta(hours=settings.staff_session_hours)
    limits = SignInLimits(
        max_failures=settings.staff_sign_in_max_failures,
        window=timedelta(minutes=settings.staff_sign_in_window_minutes),
        lockout=timedelta(minutes=settings.staff_sign_in_lockout_minutes),
    )
    with session_factory(assistant.engine)() as session:
        try:
            member, token, expires = sign_in(
                session, body.name, body.password, lifetime=lifetime, limits=limits
            )
        except SignInLocked as locked:
            return error_response(
                429, locked.code, locked.message, headers={"Retry-After": str(locked.retry_after_s)}
            )
        except InputError:
            session.commit()  # the wrong password counts towards the lock
            raise
        session.commit()
    return SessionOut(token=token, expires_at=expires, staff=_staff_out(member))


@router.get("/me", responses=_ERRORS)
def who_am_i(staff: StaffDep) -> StaffOut:
    """The staff member the bearer token (session or API token) belongs to."""
    return _staff_out(staff)


@router.delete("/sessions", status_code=status.HTTP_204_NO_CONTENT, responses=_ERRORS)
def delete_session(request: Request, staff: StaffDep, assistant: AssistantDep) -> None:
    """Sign out: the bearer token stops working."""
    with session_factory(assistant.engine)() as session:
        sign_out(session, bearer_token(request))
        session.commit()


@router.get("/queue", responses=_ERRORS)
def queue(staff: StaffDep, assistant: AssistantDep) -> QueueOut:
    """Handed-off conversations not closed, with waiting time, reason, customer, channel and assignee."""
    now = utcnow()
    with session_factory(assistant.engine)() as session:
        return QueueOut(now=now, items=handoff_queue(session, now=now))


@router.get("/conversations/{conversation_id}", responses=_ERRORS)
def conversation(conversation_id: str, staff: StaffDep, assistant: AssistantDep) -> ConsoleConversation:
    """Transcript, internal notes, context packet, turn traces, owner history, actions, ticket status."""
    now = utcnow()
    with session_factory(assistant.engine)() as session:
        return console_conversation(session, conversation_id, now=now)


@router.post("/conversations/{conversation_id}/take-over", responses=_ERRORS)
async def take_over(
    conversation_id: str, staff: StaffDep, assistant: AssistantDep, body: ReasonIn | None = None
) -> OutcomeOut:
    """Own the conversation (from the queue, or live from the assistant); 409 `already_owned` if taken."""
    given = body or ReasonIn()
    return await _act(
        assistant,
        conversation_id,
        lambda desk: desk.take_over(conversation_id, staff, given.reason, force=given.force),
    )


@router.post("/conversations/{conversation_id}/reply", responses=_ERRORS)
async def reply(conversation_id: str, body: TextIn, staff: StaffDep, assistant: AssistantDep) -> OutcomeOut:
    """Reply to the shopper through their channel; only the owner. 409 `conversation_closed` keeps the text."""
    return await _act(assistant, conversation_id, lambda desk: desk.reply(conversation_id, staff, body.text))


@router.post("/conversations/{conversation_id}/notes", status_code=201, responses=_ERRORS)
async def add_note(
    conversation_id: str, body: TextIn, staff: StaffDep, assistant: AssistantDep
) -> OutcomeOut:
    """An internal note for the team; never shown to the shopper."""
    return await _act(assistant, conversation_id, lambda desk: desk.note(conversation_id, staff, body.text))


@router.post("/conversations/{conversation_id}/hand-back", responses=_ERRORS)
async def hand_back(
    conversation_id: str, staff: StaffDep, assistant: AssistantDep, body: ReasonIn | None = None
) -> OutcomeOut:
    """Give the conversation back to the assistant; 409 `not_owned` when no person owns it."""
    reason = (body or ReasonIn()).reason
    return await _act(assistant, conversation_id, lambda desk: desk.hand_back(conversation_id, staff, reason))


@router.post("/conversations/{conversation_id}/close", responses=_ERRORS)
async def close(
    conversation_id: str, staff: StaffDep, assistant: AssistantDep, body: ReasonIn | None = None
) -> OutcomeOut:
    """Close the conversation; the shopper writing again reopens it with the assistant."""
    reason = (body or ReasonIn()).reason
    return await _act(assistant, conversation_id, lambda desk: desk.close(conversation_id, staff, reason))


async def _act(assistant: Assistant, conversation_id: str, action: Callable[..., StaffOutcome]) -> OutcomeOut:
    desk = staff_desk_for(assistant)
    async with assistant.conversation_lock(conversation_id):
        outcome = action(desk)
    return OutcomeOut(**asdict(outcome))


def _staff_out(member: StaffMember) -> StaffOut:
    return StaffOut(name=member.name, role=member.role)
