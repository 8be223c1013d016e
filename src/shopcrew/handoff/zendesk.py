"""Zendesk: tickets through the Tickets API, agent replies through a signed event webhook.

Wire formats (developer.zendesk.com): `POST /api/v2/tickets.json` with `{"ticket": {...}}`,
answered 201 with `{"ticket": {"id", "requester_id", ...}}`; `PUT /api/v2/tickets/{id}.json`
adds a comment; `GET /api/v2/tickets.json?external_id=` finds a ticket by our id. Webhooks are
signed `base64(HMAC-SHA256(secret, timestamp + body))` in `X-Zendesk-Webhook-Signature`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from datetime import UTC, datetime
from typing import Any

import httpx

from shopcrew.handoff.config import HelpdeskSettings
from shopcrew.handoff.packet import HandoffPacket, render_ticket_text
from shopcrew.handoff.types import (
    HelpdeskError,
    HelpdeskReply,
    RemoteTicket,
    TicketMessage,
    error_from_response,
    error_from_transport,
)

PROVIDER = "zendesk"
COMMENT_ADDED = "zen:event-type:ticket.comment_added"
SIGNATURE_HEADER = "x-zendesk-webhook-signature"
TIMESTAMP_HEADER = "x-zendesk-webhook-signature-timestamp"


def ticket_tags(settings: HelpdeskSettings, packet: HandoffPacket) -> list[str]:
    """Tags for the ticket: the configured ones plus the channel; Zendesk tags are lowercase words."""
    raw = [*settings.tags, f"channel_{packet.channel}"]
    tags: list[str] = []
    for tag in raw:
        clean = re.sub(r"[^a-z0-9_:/-]+", "_", tag.strip().lower()).strip("_")
        if clean and clean not in tags:
            tags.append(clean)
    return tags


def ticket_request(settings: HelpdeskSettings, packet: HandoffPacket) -> dict[str, Any]:
    """The Create Ticket body: the shopper as requester, the whole packet as an internal note.

    The first comment is private on purpose: the shopper is talking to us on chat, not by email, so
    Zendesk must not mail them the packet; the agent's public reply comes back through the webhook.
    """
    anonymous = f"{packet.channel.capitalize()} shopper {packet.conversation_id[-6:]}"
    requester: dict[str, Any] = {"name": packet.customer.name or anonymous}
    if packet.customer.email:
        requester["email"] = packet.customer.email
    ticket: dict[str, Any] = {
        "subject": packet.subject(),
        "comment": {"body": render_ticket_text(packet), "public": False},
        "requester": requester,
        "external_id": packet.conversation_id,
        "tags": ticket_tags(settings, packet),
    }
    if settings.conversation_field_id is not None:
        ticket["custom_fields"] = [{"id": settings.conversation_field_id, "value": packet.conversation_id}]
    return {"ticket": ticket}


def comment_request(ticket: RemoteTicket, message: TicketMessage) -> dict[str, Any]:
    """The Update Ticket body adding a note (private) or the shopper's message (public, by the requester)."""
    comment: dict[str, Any] = {"body": message.text, "public": message.kind == "shopper"}
    if message.kind == "shopper" and ticket.requester_id is not None:
        # Authored by the requester so the agent sees who wrote it and our webhook ignores it.
        comment["author_id"] = int(ticket.requester_id)
    return {"ticket": {"comment": comment}}


class ZendeskConnector:
    """Creates tickets and adds comments through the Zendesk Tickets API."""

    provider = PROVIDER

    def __init__(self, settings: HelpdeskSettings, http: httpx.AsyncClient) -> None:
        self._settings = settings
        self._http = http
        self._base = f"{settings.api_base()}/api/v2"

    def _headers(self) -> dict[str, str]:
        settings = self._settings
        if settings.oauth_token is not None:
            auth = f"Bearer {settings.oauth_token.get_secret_value()}"
        else:
            token = settings.api_token.get_secret_value() if settings.api_token else ""
            raw = f"{settings.email}/token:{token}".encode()
            auth = "Basic " + base64.b64encode(raw).decode()
        return {"Authorization": auth, "Accept": "application/json"}

    async def _call(self, method: str, path: str, action: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._http.request(
                method, self._base + path, headers=kwargs.pop("headers", None) or self._headers(),
                timeout=self._settings.timeout_s, **kwargs,
            )  # fmt: skip
        except httpx.HTTPError as error:
            raise error_from_transport(PROVIDER, error, action) from error
        if response.status_code >= 300:
            raise error_from_response(PROVIDER, response, action)
        return response

    async def create_ticket(self, packet: HandoffPacket) -> RemoteTicket:
        """POST /api/v2/tickets.json; the Idempotency-Key makes a retried POST return the same ticket."""
        headers = {**self._headers(), "Idempotency-Key": f"shopcrew-{packet.conversation_id}"}
        body = ticket_request(self._settings, packet)
        response = await self._call("POST", "/tickets.json", "create ticket", json=body, headers=headers)
        return _ticket_of(_json(response).get("ticket"))

    async def find_ticket(self, external_id: str) -> RemoteTicket | None:
        """GET /api/v2/tickets.json?external_id=...: the ticket a timed-out create may have made."""
        response = await self._call(
            "GET", "/tickets.json", "find ticket", params={"external_id": external_id}
        )
        tickets = _json(response).get("tickets") or []
        return _ticket_of(tickets[0]) if tickets else None

    async def add_message(self, ticket: RemoteTicket, message: TicketMessage) -> None:
        """PUT /api/v2/tickets/{id}.json with one comment."""
        await self._call(
            "PUT", f"/tickets/{ticket.ticket_id}.json", "add comment", json=comment_request(ticket, message)
        )


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError as error:
        raise HelpdeskError(f"zendesk answered with invalid JSON: {error}", retryable=True) from error
    if not isinstance(data, dict):
        raise HelpdeskError("zendesk answered with an unexpected JSON shape", retryable=True)
    return data


def _ticket_of(ticket: Any) -> RemoteTicket:
    if not isinstance(ticket, dict) or ticket.get("id") is None:
        raise HelpdeskError("zendesk answered without a ticket id", retryable=True)
    requester = ticket.get("requester_id")
    return RemoteTicket(
        provider=PROVIDER,
        ticket_id=str(ticket["id"]),
        requester_id=str(requester) if requester is not None else None,
    )


def verify_signature(
    secret: str,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    *,
    now: datetime,
    max_age_s: int,
) -> str | None:
    """None when the webhook is genuine; otherwise why not (missing, stale or wrong signature)."""
    if not timestamp or not signature:
        return "the X-Zendesk-Webhook-Signature and -Timestamp headers are required"
    expected = base64.b64encode(
        hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha256).digest()
    ).decode()
    if not hmac.compare_digest(expected, signature.strip()):
        return "the webhook signature does not match the signing secret"
    if max_age_s:
        try:
            sent = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
        except ValueError:
            return f"the signature timestamp {timestamp!r} is not an ISO 8601 time"
        if sent.tzinfo is None:
            sent = sent.replace(tzinfo=UTC)
        if abs((now - sent).total_seconds()) > max_age_s:
            return f"the signature timestamp {timestamp} is more than {max_age_s} s away from now"
    return None


def parse_webhook(body: bytes) -> HelpdeskReply | None:
    """A `ticket.comment_added` event as a reply; None for any other event type (acknowledged, ignored).

    Raises ValueError with a readable message when the body is not the documented event shape.
    """
    try:
        event = json.loads(body)
    except json.JSONDecodeError as error:
        raise ValueError(f"the body is not JSON: {error.msg}") from None
    if not isinstance(event, dict):
        raise ValueError("the body is not a JSON object")
    if event.get("type") != COMMENT_ADDED:
        return None
    detail = event.get("detail")
    comment = _obj(event.get("event")).get("comment")
    if not isinstance(detail, dict) or not isinstance(comment, dict):
        raise ValueError("a ticket.comment_added event needs `detail` and `event.comment` objects")
    if detail.get("id") in (None, "") or comment.get("id") in (None, ""):
        raise ValueError("the event has no ticket id (detail.id) or comment id (event.comment.id)")
    author = _obj(comment.get("author"))
    return HelpdeskReply(
        provider=PROVIDER,
        remote_ticket_id=str(detail["id"]),
        remote_message_id=str(comment["id"]),
        external_id=str(detail["external_id"]) if detail.get("external_id") else None,
        text=str(comment.get("body") or ""),
        author=str(author.get("name")) if author.get("name") else None,
        public=_truthy(comment.get("is_public")),
        from_staff=_truthy(author.get("is_staff")),
        ticket_status=str(detail["status"]).lower() if detail.get("status") else None,
    )


def _truthy(value: Any) -> bool:
    # Zendesk sends booleans; trigger-built bodies may send "true"/"false" strings.
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
