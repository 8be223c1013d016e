"""Zendesk wire formats: the Create Ticket request, auth, signed webhooks and comment events."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import timedelta

import httpx
import pytest
from pydantic import SecretStr
from tests.handoff.helpdesk_fakes import HANDOFF_AT, FakeHelpdesk, fixture_json, sample_packet

from shopcrew.handoff import zendesk
from shopcrew.handoff.config import HelpdeskSettings
from shopcrew.handoff.types import HelpdeskError, RemoteTicket, TicketMessage


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """What Zendesk puts in X-Zendesk-Webhook-Signature."""
    return base64.b64encode(
        hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha256).digest()
    ).decode()


async def test_a_ticket_is_created_with_the_documented_request(zendesk_settings: HelpdeskSettings) -> None:
    fake = FakeHelpdesk([httpx.Response(201, json=fixture_json("zendesk_ticket_created.json"))])
    async with fake.client() as http:
        ticket = await zendesk.ZendeskConnector(zendesk_settings, http).create_ticket(sample_packet())
    assert ticket == RemoteTicket("zendesk", "35436", "20978392")
    [request] = fake.requests
    assert request.method == "POST"
    assert str(request.url) == "https://acme.zendesk.com/api/v2/tickets.json"
    assert json.loads(request.content) == fixture_json("zendesk_create_ticket_request.json")
    expected_auth = base64.b64encode(b"agent@acme.test/token:zd-token").decode()
    assert request.headers["authorization"] == f"Basic {expected_auth}"
    assert request.headers["idempotency-key"] == "shopcrew-c_fixture0001"


def test_the_packet_is_an_internal_note_so_the_shopper_gets_no_email(
    zendesk_settings: HelpdeskSettings,
) -> None:
    body = zendesk.ticket_request(zendesk_settings, sample_packet())["ticket"]
    assert body["comment"]["public"] is False
    assert body["comment"]["body"].startswith("Summary\n")
    assert body["comment"]["body"].index("Customer") < body["comment"]["body"].index("Transcript")


def test_an_anonymous_shopper_becomes_a_named_requester_without_email(
    zendesk_settings: HelpdeskSettings,
) -> None:
    body = zendesk.ticket_request(zendesk_settings, sample_packet(email=None, name=None))["ticket"]
    assert body["requester"] == {"name": "Web shopper re0001"}


def test_a_conversation_field_is_filled_when_configured(zendesk_settings: HelpdeskSettings) -> None:
    settings = zendesk_settings.model_copy(update={"conversation_field_id": 360012345})
    body = zendesk.ticket_request(settings, sample_packet())["ticket"]
    assert body["custom_fields"] == [{"id": 360012345, "value": "c_fixture0001"}]


async def test_oauth_tokens_are_sent_as_bearer() -> None:
    settings = HelpdeskSettings(provider="zendesk", subdomain="acme", oauth_token=SecretStr("oauth-abc"))
    fake = FakeHelpdesk([httpx.Response(201, json=fixture_json("zendesk_ticket_created.json"))])
    async with fake.client() as http:
        await zendesk.ZendeskConnector(settings, http).create_ticket(sample_packet())
    assert fake.requests[0].headers["authorization"] == "Bearer oauth-abc"


async def test_a_rate_limit_is_a_retryable_error_with_its_wait(zendesk_settings: HelpdeskSettings) -> None:
    fake = FakeHelpdesk([httpx.Response(429, headers={"Retry-After": "93"}, text="Rate limited")])
    async with fake.client() as http:
        with pytest.raises(HelpdeskError) as caught:
            await zendesk.ZendeskConnector(zendesk_settings, http).create_ticket(sample_packet())
    assert caught.value.retryable and caught.value.status == 429 and caught.value.retry_after_s == 93


async def test_a_rejected_ticket_is_not_retried(zendesk_settings: HelpdeskSettings) -> None:
    error = {"error": "RecordInvalid", "description": "Record validation errors"}
    fake = FakeHelpdesk([httpx.Response(422, json=error)])
    async with fake.client() as http:
        with pytest.raises(HelpdeskError, match="RecordInvalid") as caught:
            await zendesk.ZendeskConnector(zendesk_settings, http).create_ticket(sample_packet())
    assert not caught.value.retryable


async def test_a_ticket_is_found_by_its_external_id(zendesk_settings: HelpdeskSettings) -> None:
    fake = FakeHelpdesk([httpx.Response(200, json=fixture_json("zendesk_tickets_by_external_id.json"))])
    async with fake.client() as http:
        found = await zendesk.ZendeskConnector(zendesk_settings, http).find_ticket("c_fixture0001")
    assert found == RemoteTicket("zendesk", "35436", "20978392")
    assert fake.requests[0].url.params["external_id"] == "c_fixture0001"


async def test_a_shopper_message_is_a_public_comment_by_the_requester(
    zendesk_settings: HelpdeskSettings,
) -> None:
    fake = FakeHelpdesk([httpx.Response(200, json=fixture_json("zendesk_ticket_created.json"))])
    ticket = RemoteTicket("zendesk", "35436", "20978392")
    async with fake.client() as http:
        await zendesk.ZendeskConnector(zendesk_settings, http).add_message(
            ticket, TicketMessage(kind="shopper", text="any news?")
        )
    [request] = fake.requests
    assert (request.method, request.url.path) == ("PUT", "/api/v2/tickets/35436.json")
    assert json.loads(request.content) == {
        "ticket": {"comment": {"body": "any news?", "public": True, "author_id": 20978392}}
    }


def test_a_genuine_signature_is_accepted_and_a_forged_one_is_not() -> None:
    body = json.dumps(fixture_json("zendesk_comment_added.json")).encode()
    stamp = "2026-06-15T10:05:01Z"
    good = sign("zd-signing-secret", stamp, body)
    now = HANDOFF_AT + timedelta(minutes=5)
    assert zendesk.verify_signature("zd-signing-secret", body, stamp, good, now=now, max_age_s=300) is None
    forged = sign("another-secret", stamp, body)
    assert "does not match" in (
        zendesk.verify_signature("zd-signing-secret", body, stamp, forged, now=now, max_age_s=300) or ""
    )
    tampered = body.replace(b"refunded", b"charged")
    assert zendesk.verify_signature("zd-signing-secret", tampered, stamp, good, now=now, max_age_s=300)
    assert "required" in (
        zendesk.verify_signature("zd-signing-secret", body, None, good, now=now, max_age_s=300) or ""
    )


def test_an_old_signature_is_refused_when_an_age_limit_is_set() -> None:
    body = b"{}"
    stamp = "2026-06-15T08:00:00Z"
    signature = sign("s", stamp, body)
    later = HANDOFF_AT + timedelta(hours=1)
    assert "away from now" in (
        zendesk.verify_signature("s", body, stamp, signature, now=later, max_age_s=3600) or ""
    )
    assert zendesk.verify_signature("s", body, stamp, signature, now=later, max_age_s=0) is None


def test_a_public_agent_comment_is_a_reply_for_the_shopper() -> None:
    reply = zendesk.parse_webhook(json.dumps(fixture_json("zendesk_comment_added.json")).encode())
    assert reply is not None and reply.for_shopper
    assert (reply.remote_ticket_id, reply.remote_message_id, reply.external_id) == (
        "35436",
        "10001",
        "c_fixture0001",
    )
    assert reply.author == "Sam Rivera" and reply.ticket_status == "open"
    assert reply.text.startswith("Hi Jane")


def test_internal_notes_and_the_requesters_comments_are_not_for_the_shopper() -> None:
    event = fixture_json("zendesk_comment_added.json")
    event["event"]["comment"]["is_public"] = False
    note = zendesk.parse_webhook(json.dumps(event).encode())
    assert note is not None and not note.for_shopper
    event["event"]["comment"].update(
        is_public=True, author={"id": "20978392", "is_staff": False, "name": "Jane"}
    )
    own = zendesk.parse_webhook(json.dumps(event).encode())
    assert own is not None and not own.for_shopper


def test_other_events_are_ignored_and_broken_ones_explained() -> None:
    event = fixture_json("zendesk_comment_added.json")
    event["type"] = "zen:event-type:ticket.status_changed"
    assert zendesk.parse_webhook(json.dumps(event).encode()) is None
    with pytest.raises(ValueError, match="not JSON"):
        zendesk.parse_webhook(b"{oops")
    broken = fixture_json("zendesk_comment_added.json")
    del broken["event"]["comment"]["id"]
    with pytest.raises(ValueError, match="comment id"):
        zendesk.parse_webhook(json.dumps(broken).encode())
