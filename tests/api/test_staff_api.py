"""The staff API: never open, the queue, a conversation in full, and the ownership actions over HTTP."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI

from shopcrew.api.deps import holder_of
from shopcrew.handoff.staff_accounts import create_staff, issue_api_token, set_disabled
from shopcrew.store.database import session_factory

PASSWORD = "correct horse battery"


def _add_staff(app: FastAPI, name: str, *, role: str = "agent") -> str:
    """A staff account; returns an API token for it."""
    sessions = session_factory(holder_of(app).get().engine)
    with sessions() as session:
        account = create_staff(session, name, password=PASSWORD, role=role)  # type: ignore[arg-type]
        token = issue_api_token(session, account)
        session.commit()
    return token


async def _sign_in(client: httpx.AsyncClient, name: str) -> dict[str, str]:
    response = await client.post("/v1/staff/sessions", json={"name": name, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def _handed_off(client: httpx.AsyncClient) -> str:
    response = await client.post("/v1/messages", json={"text": "I want to talk to a real person"})
    assert response.json()["owner"] == "human"
    return str(response.json()["conversation_id"])


ROUTES = [
    ("GET", "/v1/staff/me"),
    ("GET", "/v1/staff/queue"),
    ("GET", "/v1/staff/conversations/c_x"),
    ("POST", "/v1/staff/conversations/c_x/take-over"),
    ("POST", "/v1/staff/conversations/c_x/reply"),
    ("POST", "/v1/staff/conversations/c_x/notes"),
    ("POST", "/v1/staff/conversations/c_x/hand-back"),
    ("POST", "/v1/staff/conversations/c_x/close"),
    ("DELETE", "/v1/staff/sessions"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_every_staff_route_needs_a_staff_token(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    anonymous = await client.request(method, path, json={"text": "hi"} if method == "POST" else None)
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "staff_auth_required"
    forged = await client.request(method, path, headers={"Authorization": "Bearer scs_forged"})
    assert forged.status_code == 401 and forged.json()["error"]["code"] == "invalid_token"


async def test_sign_in_refuses_a_wrong_password_and_a_disabled_account(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = _add_staff(app, "Alice")
    wrong = await client.post("/v1/staff/sessions", json={"name": "Alice", "password": "nope nope nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_credentials"
    headers = await _sign_in(client, "Alice")
    assert (await client.get("/v1/staff/me", headers=headers)).json() == {"name": "Alice", "role": "agent"}
    api = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/v1/staff/queue", headers=api)).status_code == 200
    with session_factory(holder_of(app).get().engine)() as session:
        set_disabled(session, "Alice", True)
        session.commit()
    for used in (headers, api):
        refused = await client.get("/v1/staff/queue", headers=used)
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "account_disabled"
    again = await client.post("/v1/staff/sessions", json={"name": "Alice", "password": PASSWORD})
    assert again.status_code == 403


async def test_sign_out_ends_the_session(app: FastAPI, client: httpx.AsyncClient) -> None:
    _add_staff(app, "Alice")
    headers = await _sign_in(client, "Alice")
    assert (await client.delete("/v1/staff/sessions", headers=headers)).status_code == 204
    assert (await client.get("/v1/staff/me", headers=headers)).status_code == 401


async def test_take_over_reply_note_hand_back_over_http(app: FastAPI, client: httpx.AsyncClient) -> None:
    _add_staff(app, "Alice")
    headers = await _sign_in(client, "Alice")
    conversation_id = await _handed_off(client)
    queue = (await client.get("/v1/staff/queue", headers=headers)).json()
    (item,) = queue["items"]
    assert item["conversation_id"] == conversation_id and item["reason"] == "shopper asked for a person"
    # Waiting since the handoff turn, on the wall clock (the store's clock is shifted to the demo day).
    assert 0 <= item["waiting_seconds"] < 120 and item["channel"] == "web"

    base = f"/v1/staff/conversations/{conversation_id}"
    refused = await client.post(f"{base}/reply", json={"text": "hi"}, headers=headers)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "not_owned"
    taken = await client.post(f"{base}/take-over", headers=headers)
    assert taken.status_code == 200 and taken.json()["assignee"] == "Alice"
    sent = await client.post(f"{base}/reply", json={"text": "Hi, Alice here!"}, headers=headers)
    assert sent.status_code == 200
    seq = sent.json()["message_seq"]
    note = await client.post(f"{base}/notes", json={"text": "refund approved by Bob"}, headers=headers)
    assert note.status_code == 201

    # The shopper's page polls for what a person wrote; internal notes never appear there.
    feed = (
        await client.get(f"/v1/conversations/{conversation_id}/messages", params={"after": seq - 1})
    ).json()
    assert feed["owner"] == "human" and [(m["role"], m["text"]) for m in feed["messages"]] == [
        ("human", "Hi, Alice here!")
    ]
    public = (await client.get(f"/v1/conversations/{conversation_id}")).json()
    assert "refund approved" not in str(public)

    detail = (await client.get(base, headers=headers)).json()
    assert detail["notes"][0]["text"] == "refund approved by Bob"
    assert detail["packet"]["reason"] == "shopper asked for a person" and not detail["packet_is_live"]
    assert detail["turns"][0]["escalation"]["trigger"] == "asked_for_person"
    assert [a["action"] for a in detail["actions"]] == ["reply_refused", "take_over", "reply", "note"]
    assert detail["owner_history"][-1]["staff"] == "Alice"

    back = await client.post(f"{base}/hand-back", headers=headers)
    assert back.status_code == 200 and back.json()["owner"] == "support"
    unowned = await client.post(f"{base}/hand-back", headers=headers)
    assert unowned.status_code == 409 and unowned.json()["error"]["code"] == "not_owned"
    turn = (
        await client.post(
            "/v1/messages", json={"conversation_id": conversation_id, "text": "do you ship to Canada?"}
        )
    ).json()
    assert turn["reply"] and turn["owner"] != "human"


async def test_two_staff_taking_over_at_once_over_http(app: FastAPI, client: httpx.AsyncClient) -> None:
    _add_staff(app, "Alice")
    _add_staff(app, "Bob")
    alice, bob = await _sign_in(client, "Alice"), await _sign_in(client, "Bob")
    conversation_id = await _handed_off(client)
    path = f"/v1/staff/conversations/{conversation_id}/take-over"
    first, second = await asyncio.gather(client.post(path, headers=alice), client.post(path, headers=bob))
    statuses = sorted([first.status_code, second.status_code])
    assert statuses == [200, 409]
    loser = first if first.status_code == 409 else second
    winner = "Alice" if loser is second else "Bob"
    assert loser.json()["error"]["code"] == "already_owned" and winner in loser.json()["error"]["message"]


async def test_closed_conversations_refuse_replies_and_unknown_ones_are_404(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    _add_staff(app, "Alice")
    headers = await _sign_in(client, "Alice")
    conversation_id = await _handed_off(client)
    base = f"/v1/staff/conversations/{conversation_id}"
    await client.post(f"{base}/take-over", headers=headers)
    closed = await client.post(f"{base}/close", json={"reason": "resolved"}, headers=headers)
    assert closed.json()["status"] == "closed"
    refused = await client.post(f"{base}/reply", json={"text": "PS: coupon SAVE10"}, headers=headers)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "conversation_closed"
    detail = (await client.get(base, headers=headers)).json()
    assert detail["actions"][-1]["text"] == "PS: coupon SAVE10"
    assert (await client.get("/v1/staff/queue", headers=headers)).json()["items"] == []
    missing = await client.post("/v1/staff/conversations/c_nope/take-over", headers=headers)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "conversation_not_found"
    empty = await client.post(f"{base}/notes", json={"text": "  "}, headers=headers)
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "empty_note"


async def test_the_console_page_is_served(client: httpx.AsyncClient) -> None:
    page = await client.get("/console")
    assert page.status_code == 200 and 'id="signin-form"' in page.text
    script = await client.get("/static/console.js")
    assert script.status_code == 200 and "Authorization" in script.text


async def test_an_oversized_staff_request_is_refused_before_it_is_read_whole(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    _add_staff(app, "Alice")
    headers = await _sign_in(client, "Alice")
    huge = await client.post(
        "/v1/staff/conversations/c_x/notes", json={"text": "x" * 100_000}, headers=headers
    )
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "request_too_large"
    too_long = await client.post(
        "/v1/staff/conversations/c_x/notes", json={"text": "x" * 12_000}, headers=headers
    )
    assert too_long.status_code == 413 and too_long.json()["error"]["code"] == "note_too_long"
    fine = await client.post("/v1/staff/conversations/c_x/notes", json={"text": "x" * 5_000}, headers=headers)
    assert fine.status_code == 404  # within the limits, and then the conversation is unknown
