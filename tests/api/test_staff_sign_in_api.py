"""Staff sign-in over HTTP: five wrong passwords give 429 `too_many_attempts` with Retry-After."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI

from shopcrew.api.deps import holder_of
from shopcrew.handoff.staff_accounts import create_staff
from shopcrew.store.database import session_factory

PASSWORD = "correct horse battery"


_AFTER = re.compile(r"\(after \d\d:\d\d UTC\)")


def _add_staff(app: FastAPI, name: str) -> None:
    with session_factory(holder_of(app).get().engine)() as session:
        create_staff(session, name, password=PASSWORD)
        session.commit()


async def _sign_in(client: httpx.AsyncClient, name: str, password: str) -> httpx.Response:
    return await client.post("/v1/staff/sessions", json={"name": name, "password": password})


async def test_five_wrong_passwords_lock_sign_in_with_retry_after(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    _add_staff(app, "Alice")
    for _ in range(5):
        wrong = await _sign_in(client, "Alice", "wrong password!")
        assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_credentials"
    locked = await _sign_in(client, "Alice", PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "too_many_attempts"
    assert "try again in 15 minutes" in locked.json()["error"]["message"]
    assert 14 * 60 < int(locked.headers["retry-after"]) <= 15 * 60


async def test_unknown_names_get_the_same_answers(app: FastAPI, client: httpx.AsyncClient) -> None:
    _add_staff(app, "Alice")
    answers = {}
    for name in ("Alice", "Nobody"):
        responses = [await _sign_in(client, name, "wrong password!") for _ in range(6)]
        # The lock's end ("after 12:45 UTC") moves on with the clock between the two names.
        answers[name] = [
            (r.status_code, _AFTER.sub("(after …)", r.json()["error"]["message"])) for r in responses
        ]
        assert "retry-after" in responses[-1].headers
    assert answers["Alice"] == answers["Nobody"]
    assert [status for status, _ in answers["Alice"]] == [401] * 5 + [429]


async def test_a_successful_sign_in_resets_the_count(app: FastAPI, client: httpx.AsyncClient) -> None:
    _add_staff(app, "Alice")
    for _ in range(2):
        for _ in range(4):
            assert (await _sign_in(client, "Alice", "wrong password!")).status_code == 401
        assert (await _sign_in(client, "Alice", PASSWORD)).status_code == 201
