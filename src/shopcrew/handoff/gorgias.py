"""Gorgias: tickets through the REST API, agent replies through an HTTP integration.

Wire formats (developers.gorgias.com): `POST /api/tickets` with `customer`, `channel`/`via` "api",
`from_agent`, `subject`, `external_id`, `tags` and at least one of `messages`; answered 201 with
the ticket (`id`, `customer.id`). `POST /api/tickets/{id}/messages` adds a message. Basic auth is
the account email and a REST API key. Gorgias signs nothing: the HTTP integration sends a header
we choose (`X-Shopcrew-Webhook-Token`), compared in constant time with the configured secret.
"""

from __future__ import annotations

import base64
import hmac
import html
import json
import re
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

PROVIDER = "gorgias"
TOKEN_HEADER = "x-shopcrew-webhook-token"
# RFC 2606 reserves .invalid: a shopper without an email gets an address nothing can ever mail.
ANONYMOUS_DOMAIN = "shopper.invalid"


def shopper_contact(packet: HandoffPacket) -> dict[str, str]:
    """The Gorgias customer for the packet: its email, or a never-deliverable one for anonymous chats."""
    email = packet.customer.email or f"{packet.conversation_id}@{ANONYMOUS_DOMAIN}"
    contact = {"email": email}
    if packet.customer.name:
        contact["name"] = packet.customer.name
    return contact


def _html(text: str) -> str:
    return '<pre style="white-space:pre-wrap">' + html.escape(text) + "</pre>"


def ticket_request(settings: HelpdeskSettings, packet: HandoffPacket) -> dict[str, Any]:
    """The Create Ticket body: the shopper's own last words as the incoming message, the packet as a note.

    Channel "api" keeps Gorgias from emailing anyone (and its auto-reply rules skip API tickets);
    the internal note, sent as the API user, holds the summary, details and transcript.
    """
    contact = shopper_contact(packet)
    opening = packet.last_shopper_text() or packet.summary
    packet_text = render_ticket_text(packet)
    return {
        "customer": contact,
        "channel": "api",
        "via": "api",
        "from_agent": False,
        "subject": packet.subject(),
        "external_id": packet.conversation_id,
        "tags": [{"name": tag} for tag in dict.fromkeys([*settings.tags, f"channel-{packet.channel}"])],
        "messages": [
            {
                "channel": "api",
                "via": "api",
                "from_agent": False,
                "sender": contact,
                "subject": packet.subject(),
                "body_text": opening,
                "body_html": _html(opening),
                "external_id": f"{packet.conversation_id}:opening",
            },
            {
                "channel": "internal-note",
                "via": "api",
                "from_agent": True,
                "sender": {"email": settings.email or ""},
                "body_text": packet_text,
                "body_html": _html(packet_text),
                "external_id": f"{packet.conversation_id}:packet",
            },
        ],
    }


def message_request(settings: HelpdeskSettings, message: TicketMessage) -> dict[str, Any]:
    """The Create Message body: an internal note from the API user, or an incoming shopper message."""
    if message.kind == "note":
        return {
            "channel": "internal-note",
            "via": "api",
            "from_agent": True,
            "sender": {"email": settings.email or ""},
            "body_text": message.text,
            "body_html": _html(message.text),
        }
    sender = {"email": message.shopper_email or f"unknown@{ANONYMOUS_DOMAIN}"}
    if message.shopper_name:
        sender["name"] = message.shopper_name
    return {
        "channel": "api",
        "via": "api",
        "from_agent": False,
        "sender": sender,
        "body_text": message.text,
        "body_html": _html(message.text),
    }


class GorgiasConnector:
    """Creates tickets and adds messages through the Gorgias REST API."""

    provider = PROVIDER

    def __init__(self, settings: HelpdeskSettings, http: httpx.AsyncClient) -> None:
        self._settings = settings
        self._http = http
        self._base = f"{settings.api_base()}/api"

    def _headers(self) -> dict[str, str]:
        key = self._settings.api_token.get_secret_value() if self._settings.api_token else ""
        raw = f"{self._settings.email}:{key}".encode()
        return {"Authorization": "Basic " + base64.b64encode(raw).decode(), "Accept": "application/json"}

    async def _post(self, path: str, body: dict[str, Any], action: str) -> httpx.Response:
        try:
            response = await self._http.post(
                self._base + path, json=body, headers=self._headers(), timeout=self._settings.timeout_s
            )
        except httpx.HTTPError as error:
            raise error_from_transport(PROVIDER, error, action) from error
        if response.status_code >= 300:
            raise error_from_response(PROVIDER, response, action)
        return response

    async def create_ticket(self, packet: HandoffPacket) -> RemoteTicket:
        """POST /api/tickets."""
        response = await self._post("/tickets", ticket_request(self._settings, packet), "create ticket")
        try:
            data = response.json()
        except ValueError as error:
            raise HelpdeskError(f"gorgias answered with invalid JSON: {error}", retryable=True) from error
        if not isinstance(data, dict) or data.get("id") is None:
            raise HelpdeskError("gorgias answered without a ticket id", retryable=True)
        customer = _obj(data.get("customer"))
        requester = customer.get("id")
        return RemoteTicket(
            provider=PROVIDER,
            ticket_id=str(data["id"]),
            requester_id=str(requester) if requester is not None else None,
        )

    async def find_ticket(self, external_id: str) -> RemoteTicket | None:
        """Gorgias documents no lookup by external_id, so a timed-out create cannot be checked."""
        return None

    async def add_message(self, ticket: RemoteTicket, message: TicketMessage) -> None:
        """POST /api/tickets/{id}/messages."""
        await self._post(
            f"/tickets/{ticket.ticket_id}/messages", message_request(self._settings, message), "add message"
        )


def verify_token(secret: str, header_token: str | None, query_token: str | None) -> str | None:
    """None when the shared token matches (header first, then `?token=`); otherwise why not."""
    supplied = header_token or query_token
    if not supplied:
        return "the X-Shopcrew-Webhook-Token header (or ?token=) is required"
    if not hmac.compare_digest(supplied.strip().encode(), secret.encode()):
        return "the webhook token does not match the configured secret"
    return None


def parse_webhook(body: bytes) -> HelpdeskReply | None:
    """A ticket-message-created payload (`{"ticket": {...}, "message": {...}}`) as a reply.

    Returns None for payloads without a message (other triggers); raises ValueError when the body
    is not the documented shape. Values rendered by the integration's template may be strings.
    """
    try:
        data = json.loads(body)
    except json.JSONDecodeError as error:
        raise ValueError(f"the body is not JSON: {error.msg}") from None
    if not isinstance(data, dict):
        raise ValueError("the body is not a JSON object")
    message = data.get("message")
    if message is None:
        return None
    ticket = _obj(data.get("ticket"))
    if not isinstance(message, dict):
        raise ValueError("`message` must be an object")
    ticket_id = ticket.get("id") or message.get("ticket_id")
    if ticket_id in (None, "") or message.get("id") in (None, ""):
        raise ValueError("the payload has no ticket id (ticket.id) or message id (message.id)")
    sender = _obj(message.get("sender"))
    channel = str(message.get("channel") or "")
    public = _truthy(message.get("public"), default=channel != "internal-note")
    return HelpdeskReply(
        provider=PROVIDER,
        remote_ticket_id=str(ticket_id),
        remote_message_id=str(message["id"]),
        external_id=str(ticket["external_id"]) if ticket.get("external_id") else None,
        text=_message_text(message),
        author=str(sender.get("name") or sender.get("email") or "") or None,
        public=public and channel != "internal-note",
        from_staff=_truthy(message.get("from_agent"), default=False),
        ticket_status=str(ticket["status"]).lower() if ticket.get("status") else None,
    )


def _message_text(message: dict[str, Any]) -> str:
    # stripped_text drops the quoted history an email reply carries; body_html is the last resort.
    for key in ("stripped_text", "body_text"):
        value = message.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    body_html = message.get("body_html")
    if isinstance(body_html, str):
        text = re.sub(r"<br\s*/?>|</p>|</div>", "\n", body_html, flags=re.IGNORECASE)
        return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
    return ""


def _truthy(value: Any, *, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"true", "1", "yes"}


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
