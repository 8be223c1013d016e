"""POST /v1/messages and GET /v1/conversations/{id} against the real assistant and demo store."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from shopcrew.api import create_app
from shopcrew.api.deps import holder_of
from shopcrew.settings import Settings

TURN_KEYS = {
    "conversation_id",
    "reply",
    "agents",
    "domains",
    "owner",
    "handoff",
    "actions",
    "models",
    "products",
    "latency_ms",
    "cost_usd",
}


async def say(client: httpx.AsyncClient, text: str, conversation_id: str | None = None, **fields: Any) -> Any:
    """Post one message and return the turn, asserting it was answered."""
    response = await client.post(
        "/v1/messages", json={"conversation_id": conversation_id, "text": text, **fields}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_turn_returns_the_reply_and_its_trace(client: httpx.AsyncClient) -> None:
    turn = await say(client, "Do you have a gentle cleanser for dry skin?", channel="web")

    assert set(turn) == TURN_KEYS
    assert turn["conversation_id"]
    assert turn["reply"].strip()
    assert turn["agents"], "the reply names the agent that answered"
    assert turn["owner"]
    for model in turn["models"]:
        assert set(model) == {"task", "model", "reason"}
    for product in turn["products"]:
        assert set(product) == {"id", "name", "price", "variant_id", "variant", "token", "cart_url"}
    for action in turn["actions"]:
        assert set(action) == {"name", "status", "details"}
    assert turn["latency_ms"] >= 0
    assert turn["cost_usd"] >= 0


async def test_a_conversation_keeps_its_id_and_stores_both_turns_in_order(client: httpx.AsyncClient) -> None:
    first = await say(client, "I'm looking for running shoes")
    second = await say(client, "What sizes do you have?", first["conversation_id"])

    assert second["conversation_id"] == first["conversation_id"]
    response = await client.get(f"/v1/conversations/{first['conversation_id']}")
    assert response.status_code == 200
    conversation = response.json()
    assert conversation["id"] == first["conversation_id"]
    assert conversation["owner"] == second["owner"]
    messages = conversation["messages"]
    assert [m["role"] for m in messages] == ["shopper", "assistant", "shopper", "assistant"]
    assert [m["text"] for m in messages if m["role"] == "shopper"] == [
        "I'm looking for running shoes",
        "What sizes do you have?",
    ]
    assert [m["text"] for m in messages if m["role"] == "assistant"] == [first["reply"], second["reply"]]
    assert [m["seq"] for m in messages] == sorted(m["seq"] for m in messages)


async def test_a_customer_named_by_an_unauthenticated_caller_is_only_a_claim(
    client: httpx.AsyncClient,
) -> None:
    turn = await say(client, "Where is order 2035?", customer={"email": "jane.doe@example.com"})
    conversation = (await client.get(f"/v1/conversations/{turn['conversation_id']}")).json()
    # The claimed email plus the order number of that customer is the usual proof, so this verifies ...
    assert conversation["verified"] and "#2035" in turn["reply"]
    # ... but a claimed email alone shows nothing.
    bare = await say(client, "Where is my order?", customer={"email": "jane.doe@example.com"})
    conversation = (await client.get(f"/v1/conversations/{bare['conversation_id']}")).json()
    assert conversation["customer_id"] is None and not conversation["verified"]
    assert "#2035" not in bare["reply"]


async def test_a_caller_with_the_api_key_vouches_for_the_customer(demo_settings: Settings) -> None:
    settings = demo_settings.model_copy(update={"api_key": SecretStr("s3cret")})
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://shopcrew.test") as http:
            body = {"text": "Where is my order?", "customer": {"email": "jane.doe@example.com"}}
            wrong = await http.post("/v1/messages", json=body, headers={"Authorization": "Bearer nope"})
            right = await http.post("/v1/messages", json=body, headers={"Authorization": "Bearer s3cret"})
            views = [
                (await http.get(f"/v1/conversations/{r.json()['conversation_id']}")).json()
                for r in (wrong, right)
            ]
    assert [v["verified"] for v in views] == [False, True]
    assert "Which order" in right.json()["reply"]


async def test_an_empty_customer_is_a_guest(client: httpx.AsyncClient) -> None:
    turn = await say(client, "Where is my order?", customer={})

    conversation = (await client.get(f"/v1/conversations/{turn['conversation_id']}")).json()
    assert conversation["customer_id"] is None
    assert not conversation["verified"]


async def test_a_message_with_a_photo_is_answered(
    client: httpx.AsyncClient, png_image: dict[str, str]
) -> None:
    turn = await say(client, "Do you have something like this?", images=[png_image])

    assert turn["reply"].strip()


async def test_concurrent_messages_to_one_conversation_are_all_answered_in_order(
    client: httpx.AsyncClient,
) -> None:
    first = await say(client, "Hello")
    conversation_id = first["conversation_id"]
    texts = [f"Do you have moisturiser number {n}?" for n in range(6)]

    turns = await asyncio.gather(*(say(client, text, conversation_id) for text in texts))

    assert all(turn["conversation_id"] == conversation_id for turn in turns)
    conversation = (await client.get(f"/v1/conversations/{conversation_id}")).json()
    messages = conversation["messages"]
    assert len(messages) == 2 * (1 + len(texts)), "no turn was lost"
    # Serialised turns: every shopper message is followed by its own reply.
    assert [m["role"] for m in messages] == ["shopper", "assistant"] * (1 + len(texts))
    stored = [m["text"] for m in messages if m["role"] == "shopper"][1:]
    assert sorted(stored) == sorted(texts)
    replies = {turn["reply"] for turn in turns}
    assert {m["text"] for m in messages[3::2]} == replies


BAD_BODIES: list[tuple[str, dict[str, Any], int, str]] = [
    ("empty text", {"text": ""}, 422, "empty_message"),
    ("whitespace text", {"text": "  \n\t "}, 422, "empty_message"),
    (
        "unknown conversation",
        {"conversation_id": "no-such-conversation", "text": "hi"},
        404,
        "conversation_not_found",
    ),
    ("missing text", {"channel": "web"}, 422, "invalid_request"),
    ("text of the wrong type", {"text": 42}, 422, "invalid_request"),
    ("customer of the wrong type", {"text": "hi", "customer": "someone"}, 422, "invalid_request"),
    ("malformed channel name", {"text": "hi", "channel": "Carrier Pigeon!"}, 422, "invalid_channel"),
    ("images not a list", {"text": "hi", "images": "cat.png"}, 422, "invalid_request"),
    (
        "image not base64",
        {"text": "hi", "images": [{"media_type": "image/png", "data": "%%%not base64"}]},
        422,
        "invalid_image",
    ),
    (
        "image bytes that are not an image",
        {
            "text": "hi",
            "images": [{"media_type": "image/png", "data": base64.b64encode(b"just text").decode()}],
        },
        422,
        "invalid_image",
    ),
    (
        "image of a non-image type",
        {"text": "hi", "images": [{"media_type": "text/plain", "data": "aGk="}]},
        422,
        "invalid_image",
    ),
]


@pytest.mark.parametrize(
    ("body", "status", "code"), [case[1:] for case in BAD_BODIES], ids=[c[0] for c in BAD_BODIES]
)
async def test_bad_input_gets_a_clear_error(
    client: httpx.AsyncClient, body: dict[str, Any], status: int, code: str
) -> None:
    response = await client.post("/v1/messages", json=body)

    assert response.status_code == status, response.text
    assert response.json() == {"error": {"code": code, "message": response.json()["error"]["message"]}}
    assert response.json()["error"]["message"]
    assert "Traceback" not in response.text


async def test_invalid_request_names_the_field(client: httpx.AsyncClient) -> None:
    missing = await client.post("/v1/messages", json={"channel": "web"})
    wrong = await client.post(
        "/v1/messages", json={"text": "hi", "images": [{"media_type": "image/png", "data": 7}]}
    )

    assert "text" in missing.json()["error"]["message"]
    assert "images[0].data" in wrong.json()["error"]["message"]


async def test_oversized_text_is_413(client: httpx.AsyncClient, demo_settings: Settings) -> None:
    response = await client.post("/v1/messages", json={"text": "a" * (demo_settings.max_message_chars + 1)})

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "message_too_long"


async def test_too_many_images_is_422(
    client: httpx.AsyncClient, demo_settings: Settings, png_image: dict[str, str]
) -> None:
    response = await client.post(
        "/v1/messages", json={"text": "hi", "images": [png_image] * (demo_settings.max_images + 1)}
    )

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "too_many_images"


async def test_an_image_over_the_size_limit_is_413(
    client: httpx.AsyncClient, demo_settings: Settings
) -> None:
    data = base64.b64encode(b"\x89PNG" + b"\x00" * demo_settings.max_image_bytes).decode()
    response = await client.post(
        "/v1/messages", json={"text": "hi", "images": [{"media_type": "image/png", "data": data}]}
    )

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "image_too_large"


@pytest.mark.parametrize(
    ("content", "headers", "status", "code"),
    [
        (b'{"text": "hi"', {"content-type": "application/json"}, 400, "malformed_json"),
        (b"text=hi", {"content-type": "application/json"}, 400, "malformed_json"),
        (
            '{"text": "caf\u00e9"}'.encode("latin-1"),
            {"content-type": "application/json"},
            400,
            "invalid_encoding",
        ),
        (b'{"text": "hi"}', {"content-type": "text/plain"}, 415, "unsupported_media_type"),
        (b"[1, 2]", {"content-type": "application/json"}, 422, "invalid_request"),
        (b"", {"content-type": "application/json"}, 422, "invalid_request"),
    ],
    ids=["truncated JSON", "not JSON", "latin-1 body", "text/plain", "JSON array", "empty body"],
)
async def test_bad_bodies_get_a_clear_error(
    client: httpx.AsyncClient, content: bytes, headers: dict[str, str], status: int, code: str
) -> None:
    response = await client.post("/v1/messages", content=content, headers=headers)

    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


@pytest.fixture
async def small_client(demo_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client for an app with tiny limits, so the body limit is a few kilobytes."""
    small = demo_settings.model_copy(
        update={"max_message_chars": 100, "max_images": 1, "max_image_bytes": 1024}
    )
    app = create_app(small)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://shopcrew.test") as http:
            yield http


async def test_a_body_larger_than_any_valid_message_is_refused(small_client: httpx.AsyncClient) -> None:
    huge = b'{"text": "' + b"a" * 200_000 + b'"}'

    async def chunked() -> AsyncIterator[bytes]:
        for start in range(0, len(huge), 8192):
            yield huge[start : start + 8192]

    declared = await small_client.post(
        "/v1/messages", content=huge, headers={"content-type": "application/json"}
    )
    streamed = await small_client.post(
        "/v1/messages", content=chunked(), headers={"content-type": "application/json"}
    )

    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "request_too_large"


async def test_bad_input_leaves_the_conversation_untouched(client: httpx.AsyncClient) -> None:
    first = await say(client, "Do you sell sunscreen?")
    conversation_id = first["conversation_id"]

    for body in ({"text": "   "}, {"text": "x" * 10_000}, {"text": 3}):
        response = await client.post("/v1/messages", json={"conversation_id": conversation_id, **body})
        assert response.status_code in {413, 422}
    second = await say(client, "And a lip balm?", conversation_id)

    assert second["conversation_id"] == conversation_id
    messages = (await client.get(f"/v1/conversations/{conversation_id}")).json()["messages"]
    assert [m["text"] for m in messages if m["role"] == "shopper"] == [
        "Do you sell sunscreen?",
        "And a lip balm?",
    ]


async def test_unknown_conversation_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/conversations/does-not-exist")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "conversation_not_found"


async def test_unexpected_failures_are_a_500_without_a_trace(
    client: httpx.AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken_handle(message: object) -> object:
        raise RuntimeError("database exploded: secret internals")

    monkeypatch.setattr(holder_of(app).get(), "handle", broken_handle)

    response = await client.post("/v1/messages", json={"text": "hi"})

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "secret internals" not in response.text
    assert "database exploded" in caplog.text, "the failure is logged server-side"


async def test_unknown_routes_and_methods_use_the_error_shape(client: httpx.AsyncClient) -> None:
    missing = await client.get("/v1/nothing-here")
    wrong_method = await client.get("/v1/messages")

    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"]["code"] == "method_not_allowed"
