"""Gorgias wire formats: the Create Ticket request, auth, messages and HTTP-integration payloads."""

from __future__ import annotations

import base64
import json

import httpx
import pytest
from tests.handoff.helpdesk_fakes import FakeHelpdesk, fixture_json, sample_packet

from shopcrew.handoff import gorgias
from shopcrew.handoff.config import HelpdeskSettings
from shopcrew.handoff.types import HelpdeskError, RemoteTicket, TicketMessage


async def test_a_ticket_is_created_with_the_documented_request(gorgias_settings: HelpdeskSettings) -> None:
    fake = FakeHelpdesk([httpx.Response(201, json=fixture_json("gorgias_ticket_created.json"))])
    async with fake.client() as http:
        ticket = await gorgias.GorgiasConnector(gorgias_settings, http).create_ticket(sample_packet())
    assert ticket == RemoteTicket("gorgias", "86538298", "387705374")
    [request] = fake.requests
    assert (request.method, str(request.url)) == ("POST", "https://acme.gorgias.com/api/tickets")
    assert json.loads(request.content) == fixture_json("gorgias_create_ticket_request.json")
    expected_auth = base64.b64encode(b"api@acme.test:gg-key").decode()
    assert request.headers["authorization"] == f"Basic {expected_auth}"


def test_the_shopper_speaks_first_and_the_packet_is_an_internal_note(
    gorgias_settings: HelpdeskSettings,
) -> None:
    body = gorgias.ticket_request(gorgias_settings, sample_packet())
    opening, note = body["messages"]
    assert (opening["channel"], opening["from_agent"], opening["body_text"]) == (
        "api",
        False,
        "I want to talk to a person",
    )
    assert (note["channel"], note["from_agent"]) == ("internal-note", True)
    assert note["body_text"].startswith("Summary\n") and "Transcript" in note["body_text"]


def test_shopper_text_cannot_inject_html_into_the_ticket(gorgias_settings: HelpdeskSettings) -> None:
    packet = sample_packet()
    last = packet.transcript[-1].model_copy(update={"text": "<img src=x onerror=alert(1)>"})
    packet = packet.model_copy(update={"transcript": (*packet.transcript[:-1], last)})
    opening, note = gorgias.ticket_request(gorgias_settings, packet)["messages"]
    assert "<img" not in opening["body_html"] and "&lt;img src=x" in opening["body_html"]
    assert "<img" not in note["body_html"]


def test_an_anonymous_shopper_gets_an_address_nothing_can_mail(gorgias_settings: HelpdeskSettings) -> None:
    body = gorgias.ticket_request(gorgias_settings, sample_packet(email=None, name=None))
    assert body["customer"] == {"email": "c_fixture0001@shopper.invalid"}
    assert body["messages"][0]["sender"] == body["customer"]


async def test_a_shopper_message_is_an_incoming_api_message(gorgias_settings: HelpdeskSettings) -> None:
    fake = FakeHelpdesk([httpx.Response(201, json={"id": 1})])
    async with fake.client() as http:
        await gorgias.GorgiasConnector(gorgias_settings, http).add_message(
            RemoteTicket("gorgias", "86538298", "387705374"),
            TicketMessage(kind="shopper", text="any news?", shopper_email="jane.doe@example.com"),
        )
    [request] = fake.requests
    assert request.url.path == "/api/tickets/86538298/messages"
    assert json.loads(request.content) == {
        "channel": "api",
        "via": "api",
        "from_agent": False,
        "sender": {"email": "jane.doe@example.com"},
        "body_text": "any news?",
        "body_html": '<pre style="white-space:pre-wrap">any news?</pre>',
    }


async def test_server_errors_and_timeouts_are_retryable(gorgias_settings: HelpdeskSettings) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("no answer", request=request)

    fake = FakeHelpdesk([httpx.Response(503, text="down"), slow, httpx.Response(400, json={"error": "bad"})])
    async with fake.client() as http:
        connector = gorgias.GorgiasConnector(gorgias_settings, http)
        outcomes = []
        for _ in range(3):
            with pytest.raises(HelpdeskError) as caught:
                await connector.create_ticket(sample_packet())
            outcomes.append(caught.value.retryable)
    assert outcomes == [True, True, False]


def test_an_agents_public_message_is_a_reply_for_the_shopper() -> None:
    reply = gorgias.parse_webhook(json.dumps(fixture_json("gorgias_message_created.json")).encode())
    assert reply is not None and reply.for_shopper
    assert (reply.remote_ticket_id, reply.remote_message_id, reply.external_id) == (
        "86538298",
        "208841467",
        "c_fixture0001",
    )
    assert (
        reply.author == "Sam Rivera"
        and reply.text == "Hi Jane, I'm Sam from the store. Your refund is on its way."
    )


def test_template_rendered_strings_are_understood() -> None:
    # A hand-written integration body renders every variable as a string, Python-style booleans included.
    body = {
        "ticket": {"id": "86538298", "external_id": "c_fixture0001", "status": "open"},
        "message": {
            "id": "5",
            "from_agent": "True",
            "public": "True",
            "channel": "chat",
            "body_html": "<p>Hello<br>there</p>",
        },
    }
    reply = gorgias.parse_webhook(json.dumps(body).encode())
    assert reply is not None and reply.for_shopper and reply.text == "Hello\nthere"


def test_internal_notes_and_customer_messages_are_not_for_the_shopper() -> None:
    payload = fixture_json("gorgias_message_created.json")
    payload["message"].update(channel="internal-note", public=False)
    note = gorgias.parse_webhook(json.dumps(payload).encode())
    assert note is not None and not note.for_shopper
    payload["message"].update(channel="api", public=True, from_agent=False)
    own = gorgias.parse_webhook(json.dumps(payload).encode())
    assert own is not None and not own.for_shopper


def test_payloads_without_a_message_are_ignored_and_broken_ones_explained() -> None:
    assert gorgias.parse_webhook(json.dumps({"ticket": {"id": 1}}).encode()) is None
    with pytest.raises(ValueError, match="message id"):
        gorgias.parse_webhook(json.dumps({"ticket": {"id": 1}, "message": {"body_text": "hi"}}).encode())


def test_the_shared_token_is_checked() -> None:
    assert gorgias.verify_token("gg-shared-token", "gg-shared-token", None) is None
    assert gorgias.verify_token("gg-shared-token", None, "gg-shared-token") is None
    assert "does not match" in (gorgias.verify_token("gg-shared-token", "guess", None) or "")
    assert "required" in (gorgias.verify_token("gg-shared-token", None, None) or "")
