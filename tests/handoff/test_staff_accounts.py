"""Staff accounts: scrypt passwords, hashed tokens, expiry, disabled accounts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from tests.handoff.helpdesk_fakes import HANDOFF_AT
from tests.handoff.staff_fakes import PASSWORD, add_staff

from shopcrew.domain.messages import InputError
from shopcrew.handoff.staff_accounts import (
    authenticate_token,
    create_staff,
    hash_password,
    issue_api_token,
    list_staff,
    set_disabled,
    sign_in,
    sign_out,
    verify_password,
)
from shopcrew.store.staff_tables import StaffAccountRow, StaffTokenRow

HOUR = timedelta(hours=1)


def test_passwords_are_salted_scrypt_and_verify() -> None:
    first, second = hash_password("hunter2hunter2"), hash_password("hunter2hunter2")
    assert first.startswith("scrypt$16384$8$1$") and first != second
    assert verify_password("hunter2hunter2", first)
    assert not verify_password("hunter2hunter3", first)
    assert not verify_password("anything", "md5$abc") and not verify_password("anything", None)


def test_sign_in_gives_a_session_token_that_expires(sessions: sessionmaker[Session]) -> None:
    add_staff(sessions, "Alice")
    with sessions() as session:
        member, token, expires = sign_in(session, "Alice", PASSWORD, lifetime=HOUR, now=HANDOFF_AT)
        session.commit()
        stored = session.scalars(select(StaffTokenRow.token_sha256)).all()
    assert member.name == "Alice" and expires == HANDOFF_AT + HOUR
    assert token not in stored and len(stored) == 1  # only its hash is kept
    with sessions() as session:
        assert authenticate_token(session, token, now=HANDOFF_AT + timedelta(minutes=59)).name == "Alice"
        with pytest.raises(InputError) as expired:
            authenticate_token(session, token, now=HANDOFF_AT + HOUR)
    assert (expired.value.code, expired.value.status) == ("session_expired", 401)
    with sessions() as session:
        assert sign_out(session, token) and not sign_out(session, token)
        session.commit()
        with pytest.raises(InputError):
            authenticate_token(session, token, now=HANDOFF_AT)


@pytest.mark.parametrize(("name", "password"), [("Alice", "wrong password!"), ("Nobody", PASSWORD)])
def test_a_wrong_name_or_password_gets_one_answer(
    sessions: sessionmaker[Session], name: str, password: str
) -> None:
    add_staff(sessions, "Alice")
    with sessions() as session, pytest.raises(InputError) as refused:
        sign_in(session, name, password, lifetime=HOUR)
    assert (refused.value.code, refused.value.status) == ("invalid_credentials", 401)


def test_a_disabled_account_can_neither_sign_in_nor_use_its_tokens(sessions: sessionmaker[Session]) -> None:
    add_staff(sessions, "Alice")
    with sessions() as session:
        account = session.scalars(select(StaffAccountRow)).one()
        api_token = issue_api_token(session, account)
        set_disabled(session, "Alice", True)
        session.commit()
    with sessions() as session:
        with pytest.raises(InputError) as refused:
            sign_in(session, "Alice", PASSWORD, lifetime=HOUR)
        assert (refused.value.code, refused.value.status) == ("account_disabled", 403)
        with pytest.raises(InputError) as token_refused:
            authenticate_token(session, api_token)
        assert token_refused.value.code == "account_disabled"
        set_disabled(session, "Alice", False)
        assert authenticate_token(session, api_token).name == "Alice"


def test_bad_accounts_are_refused_with_a_reason(sessions: sessionmaker[Session]) -> None:
    add_staff(sessions, "Alice")
    with sessions() as session:
        for name, password, code in [
            ("Alice", PASSWORD, "staff_exists"),
            ("", PASSWORD, "invalid_staff_name"),
            ("<script>", PASSWORD, "invalid_staff_name"),
            ("Bob", "short", "weak_password"),
        ]:
            with pytest.raises(InputError) as refused:
                create_staff(session, name, password=password)
            assert refused.value.code == code
        token_only = create_staff(session, "Bot", password=None)
        issue_api_token(session, token_only)
        session.commit()
        summaries = {s.name: s for s in list_staff(session)}
    assert summaries["Bot"].api_tokens == 1 and not summaries["Bot"].has_password
    assert summaries["Alice"].has_password
    # A token-only account cannot sign in with a password.
    with sessions() as session, pytest.raises(InputError):
        sign_in(session, "Bot", "", lifetime=HOUR)
