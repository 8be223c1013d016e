"""What every helpdesk connector speaks: tickets, messages to post, replies received, and errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Literal, Protocol

import httpx

from shopcrew.handoff.packet import HandoffPacket

MessageKind = Literal["note", "shopper"]


@dataclass(frozen=True)
class RemoteTicket:
    """A ticket in the helpdesk; `requester_id` is the helpdesk's id for the shopper, when it has one."""

    provider: str
    ticket_id: str
    requester_id: str | None = None


@dataclass(frozen=True)
class TicketMessage:
    """Something to add to an existing ticket: an internal `note` for staff, or a `shopper` message."""

    kind: MessageKind
    text: str
    shopper_name: str | None = None
    shopper_email: str | None = None


@dataclass(frozen=True)
class HelpdeskReply:
    """A message posted on a helpdesk ticket, as a webhook reported it (already authenticated)."""

    provider: str
    remote_ticket_id: str
    remote_message_id: str
    # Our conversation id, as we set it on the ticket's external_id.
    external_id: str | None
    text: str
    author: str | None
    # Only public replies by staff go to the shopper; notes and the shopper's own messages do not.
    public: bool
    from_staff: bool
    ticket_status: str | None = None

    @property
    def for_shopper(self) -> bool:
        """True when this message is a person's public answer meant for the shopper."""
        return self.public and self.from_staff and bool(self.text.strip())


class HelpdeskError(Exception):
    """A helpdesk call failed; `retryable` says whether sending again later can succeed."""

    def __init__(
        self, message: str, *, retryable: bool, status: int | None = None, retry_after_s: float | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.status = status
        self.retry_after_s = retry_after_s


class HelpdeskConnector(Protocol):
    """One helpdesk's ticket API, as the outbox uses it."""

    provider: str

    async def create_ticket(self, packet: HandoffPacket) -> RemoteTicket:
        """Open a ticket carrying the packet; raises HelpdeskError."""
        ...

    async def find_ticket(self, external_id: str) -> RemoteTicket | None:
        """The ticket an earlier (maybe timed-out) create made for `external_id`, if the API can tell."""
        ...

    async def add_message(self, ticket: RemoteTicket, message: TicketMessage) -> None:
        """Add a note or a shopper message to a ticket; raises HelpdeskError."""
        ...


# Statuses worth retrying: rate limits, timeouts, conflicts and server errors. 401/403 are retried
# too, slowly, because the fix (new credentials in config) needs no change to what is queued.
_RETRYABLE = {401, 403, 408, 409, 425, 429}


def error_from_response(provider: str, response: httpx.Response, action: str) -> HelpdeskError:
    """A HelpdeskError for a non-2xx response, with the vendor's message and any Retry-After."""
    status = response.status_code
    detail = response.text[:300].strip() or response.reason_phrase
    retryable = status >= 500 or status in _RETRYABLE
    return HelpdeskError(
        f"{provider} {action}: HTTP {status}: {detail}",
        retryable=retryable,
        status=status,
        retry_after_s=retry_after_seconds(response.headers.get("retry-after")),
    )


def error_from_transport(provider: str, error: httpx.HTTPError, action: str) -> HelpdeskError:
    """A retryable HelpdeskError for a timeout or connection failure."""
    return HelpdeskError(f"{provider} {action}: {type(error).__name__}: {error}", retryable=True)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    reference = now or datetime.now(when.tzinfo)
    return max(0.0, (when - reference).total_seconds())
