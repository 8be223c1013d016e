"""Staff credentials for the console API: a bearer token from signing in, or a staff API token.

Never open: a request without a valid staff token is 401, whatever else it carries (the shopper
API key of SHOPCREW_API_KEY is not a staff credential).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from shopcrew.api.deps import AssistantDep
from shopcrew.app import Assistant
from shopcrew.domain.messages import InputError
from shopcrew.handoff.staff import StaffDesk
from shopcrew.handoff.staff_accounts import StaffMember, authenticate_token
from shopcrew.store.database import session_factory


def bearer_token(request: Request) -> str:
    """The token of `Authorization: Bearer <token>`; 401 `staff_auth_required` without one."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InputError(
            "staff_auth_required",
            "staff sign-in required: send Authorization: Bearer <token> (POST /v1/staff/sessions gives one)",
            status=401,
        )
    return token.strip()


def current_staff(request: Request, assistant: AssistantDep) -> StaffMember:
    """FastAPI dependency: the signed-in staff member, or 401/403."""
    token = bearer_token(request)
    with session_factory(assistant.engine)() as session:
        member = authenticate_token(session, token)
        session.commit()  # last-used time
    return member


def staff_desk_for(assistant: Assistant) -> StaffDesk:
    """The staff desk over the assistant's store; staff actions are stamped on the wall clock, like messages."""
    settings = assistant.settings
    return StaffDesk(
        session_factory(assistant.engine),
        helpdesk_provider=settings.helpdesk.provider,
        assistant_name=settings.voice.assistant_name,
    )


StaffDep = Annotated[StaffMember, Depends(current_staff)]
