"""Helpdesk webhooks over HTTP: signed replies reach the conversation once; forgeries are refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from pydantic import SecretStr
from tests.handoff.helpdesk_fakes import fixture_json, seed_handed_off_conversation

from shopcrew.api import create_app
from shopcrew.handoff.config import HelpdeskSettings
from shopcrew.handoff.outbox import queue_handoff
from shopcrew.settings import Settings
from shopcrew.store.conversation_tables import ConversationRow
from shopcrew.store.database import open_store, session_factory

ZENDESK_SECRET = "zd-signing-secret"
GORGIAS_TOKEN = "gg-shared-token"


def helpdesk(provider: str) -> HelpdeskSettings:
    return HelpdeskSettings(
        provider=provider,  # type: ignore[arg-type]
        subdomain="acme",
        email="agent@acme.test",
        api_token=SecretStr("token"),
        webhook_secret=SecretStr(ZENDESK_SECRET if provider == "zendesk" else GORGIAS_TOKEN),
    )


def seed(settings: Settings, provider: str, ticket_id: str, *, closed: bool = False) -> str:
    """A handed-off conversation whose ticket the outbox already created."""
    engine = open_store(settings)
    try:
        with session_factory(engine)() as session:
            seeded = seed_handed_off_conversation(session)
            row = queue_handoff(session, seeded.id, "shopper asked for a person", provider=provider)
            assert row is not None
            row.status, row.remote_ticket_id = "sent", ticket_id
            if closed:
                conversation = session.get(ConversationRow, seeded.id)
                assert conversation is not None
                conversation.status = "closed"
            session.commit()
            return seeded.id
    finally:
        engine.dispose()


async def client_for(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://shopcrew.test") as http:
            yield http


@pytest.fixture
async def zendesk_client(demo_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    settings = demo_settings.model_copy(update={"helpdesk": helpdesk("zendesk")})
    seed(settings, "zendesk", "35436")
    async for http in client_for(settings):
        yield http


@pytest.fixture
async def gorgias_client(demo_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    settings = demo_settings.model_copy(update={"helpdesk": helpdesk("gorgias")})
    seed(settings, "gorgias", "86538298")
    async for http in client_for(settings):
        yield http


def signed(body: bytes, secret: str = ZENDESK_SECRET) -> dict[str, str]:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    signature = base64.b64encode(
        hmac.new(secret.encode(), stamp.encode() + body, hashlib.sha256).digest()
    ).decode()
    return {
        "X-Zendesk-Webhook-Signature": signature,
        "X-Zendesk-Webhook-Signature-Timestamp": stamp,
        "Content-Type": "application/json",
    }


async def human_messages(http: httpx.AsyncClient, conversation_id: str) -> list[str]:
    view = (await http.get(f"/v1/conversations/{conversation_id}")).json()
    return [m["text"] for m in view["messages"] if m["role"] == "human"]


async def test_a_signed_zendesk_reply_reaches_the_conversation_once(
    zendesk_client: httpx.AsyncClient,
) -> None:
    body = json.dumps(fixture_json("zendesk_comment_added.json")).encode()
    first = await zendesk_client.post("/v1/helpdesk/zendesk/webhook", content=body, headers=signed(body))
    again = await zendesk_client.post("/v1/helpdesk/zendesk/webhook", content=body, headers=signed(body))
    assert first.status_code == 200 and first.json()["status"] == "appended"
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert first.json()["conversation_id"] == "c_fixture0001"
    texts = await human_messages(zendesk_client, "c_fixture0001")
    assert texts == [fixture_json("zendesk_comment_added.json")["event"]["comment"]["body"]]


async def test_a_forged_or_unsigned_zendesk_webhook_is_refused(zendesk_client: httpx.AsyncClient) -> None:
    body = json.dumps(fixture_json("zendesk_comment_added.json")).encode()
    forged = await zendesk_client.post(
        "/v1/helpdesk/zendesk/webhook", content=body, headers=signed(body, "not-the-secret")
    )
    unsigned = await zendesk_client.post("/v1/helpdesk/zendesk/webhook", content=body)
    for response in (forged, unsigned):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_signature"
    assert await human_messages(zendesk_client, "c_fixture0001") == []


async def test_other_zendesk_events_are_acknowledged(zendesk_client: httpx.AsyncClient) -> None:
    event = fixture_json("zendesk_comment_added.json")
    event["event"]["comment"]["is_public"] = False
    body = json.dumps(event).encode()
    response = await zendesk_client.post("/v1/helpdesk/zendesk/webhook", content=body, headers=signed(body))
    assert response.status_code == 200 and response.json()["status"] == "ignored"


async def test_a_malformed_event_is_a_clear_error(zendesk_client: httpx.AsyncClient) -> None:
    body = json.dumps({"type": "zen:event-type:ticket.comment_added", "detail": {}}).encode()
    response = await zendesk_client.post("/v1/helpdesk/zendesk/webhook", content=body, headers=signed(body))
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_payload"


async def test_the_helpdesk_that_is_not_configured_has_no_webhook(zendesk_client: httpx.AsyncClient) -> None:
    body = json.dumps(fixture_json("gorgias_message_created.json")).encode()
    response = await zendesk_client.post(
        "/v1/helpdesk/gorgias/webhook", content=body, headers={"X-Shopcrew-Webhook-Token": GORGIAS_TOKEN}
    )
    assert response.status_code == 404 and response.json()["error"]["code"] == "helpdesk_not_configured"


async def test_a_gorgias_reply_with_the_shared_token_reaches_the_conversation(
    gorgias_client: httpx.AsyncClient,
) -> None:
    body = json.dumps(fixture_json("gorgias_message_created.json")).encode()
    wrong = await gorgias_client.post(
        "/v1/helpdesk/gorgias/webhook", content=body, headers={"X-Shopcrew-Webhook-Token": "guess"}
    )
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_signature"
    ok = await gorgias_client.post(
        "/v1/helpdesk/gorgias/webhook", content=body, headers={"X-Shopcrew-Webhook-Token": GORGIAS_TOKEN}
    )
    by_url = await gorgias_client.post(f"/v1/helpdesk/gorgias/webhook?token={GORGIAS_TOKEN}", content=body)
    assert (ok.json()["status"], by_url.json()["status"]) == ("appended", "duplicate")
    assert await human_messages(gorgias_client, "c_fixture0001") == [
        "Hi Jane, I'm Sam from the store. Your refund is on its way."
    ]


async def test_a_reply_to_a_closed_conversation_is_a_clear_error(demo_settings: Settings) -> None:
    settings = demo_settings.model_copy(update={"helpdesk": helpdesk("zendesk")})
    seed(settings, "zendesk", "35436", closed=True)
    body = json.dumps(fixture_json("zendesk_comment_added.json")).encode()
    async for http in client_for(settings):
        response = await http.post("/v1/helpdesk/zendesk/webhook", content=body, headers=signed(body))
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "conversation_closed"
        assert "closed" in response.json()["error"]["message"]
        assert await human_messages(http, "c_fixture0001") == []
