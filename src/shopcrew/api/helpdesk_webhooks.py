"""`POST /v1/helpdesk/{zendesk,gorgias}/webhook`: a person's reply on a ticket, on its way to the shopper.

The raw body is read before anything else because the Zendesk signature covers its exact bytes.
A reply seen before answers 200 again (helpdesks retry on timeouts), so nothing is appended twice.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError

from shopcrew.api.deps import AssistantDep
from shopcrew.api.errors import error_response
from shopcrew.app import Assistant
from shopcrew.handoff.connectors import WebhookRejected, read_webhook
from shopcrew.handoff.inbound import record_helpdesk_reply
from shopcrew.store.base import utcnow
from shopcrew.store.database import session_factory

router = APIRouter(prefix="/v1/helpdesk", tags=["helpdesk"])

# A ticket event is a few kilobytes; anything far larger is not from a helpdesk.
MAX_WEBHOOK_BYTES = 1024 * 1024


class WebhookAck(BaseModel):
    """What became of the webhook: `appended` once, then `duplicate`; `ignored` for notes and other events."""

    status: Literal["appended", "duplicate", "ignored"]
    detail: str
    conversation_id: str | None = None
    message_seq: int | None = None


@router.post("/zendesk/webhook", response_model=WebhookAck)
async def zendesk_webhook(request: Request, assistant: AssistantDep) -> JSONResponse:
    """Receive a Zendesk `ticket.comment_added` event, signed with the webhook's signing secret."""
    return await _receive("zendesk", request, assistant)


@router.post("/gorgias/webhook", response_model=WebhookAck)
async def gorgias_webhook(request: Request, assistant: AssistantDep) -> JSONResponse:
    """Receive a Gorgias HTTP-integration call for a new ticket message, with the shared token."""
    return await _receive("gorgias", request, assistant)


async def _receive(provider: str, request: Request, assistant: Assistant) -> JSONResponse:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_WEBHOOK_BYTES:
            return error_response(
                413, "request_too_large", f"the body is larger than {MAX_WEBHOOK_BYTES} bytes"
            )
    headers = {key.lower(): value for key, value in request.headers.items()}
    try:
        reply = read_webhook(
            provider,
            assistant.settings.helpdesk,
            bytes(body),
            headers,
            request.query_params.get("token"),
            now=utcnow(),
        )
    except WebhookRejected as rejected:
        return error_response(rejected.status, rejected.code, rejected.message)
    if reply is None:
        return _ack(WebhookAck(status="ignored", detail="this event carries no reply for the shopper"))
    sessions = session_factory(assistant.engine)
    with sessions() as session:
        outcome = record_helpdesk_reply(session, reply)
        try:
            session.commit()
        except IntegrityError:
            # The same reply arrived twice at once and the other request stored it first.
            session.rollback()
            return _ack(WebhookAck(status="duplicate", detail="this reply was already received"))
    if outcome.status == "rejected":
        return error_response(409, outcome.code or "reply_rejected", outcome.detail)
    return _ack(
        WebhookAck(
            status=outcome.status,
            detail=outcome.detail,
            conversation_id=outcome.conversation_id,
            message_seq=outcome.message_seq,
        )
    )


def _ack(ack: WebhookAck) -> JSONResponse:
    return JSONResponse(status_code=200, content=ack.model_dump())
