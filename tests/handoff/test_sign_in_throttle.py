"""Sign-in throttling: five wrong passwords lock a name for fifteen minutes, unknown names alike."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker
from tests.handoff.helpdesk_fakes import HANDOFF_AT
from tests.handoff.staff_fakes import PASSWORD, add_staff

from shopcrew.domain.messages import InputError
from shopcrew.handoff.sign_in_throttle import SignInLimits, SignInLocked, name_key
from shopcrew.handoff.staff_accounts import authenticate_token, set_password, sign_in
from shopcrew.store.database import create_store_engine, migrate, session_factory
from shopcrew.store.staff_tables import StaffSignInFailureRow

HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


def _attempt(sessions: sessionmaker[Session], name: str, password: str, at_minute: float) -> str:
    """One sign-in at HANDOFF_AT + minutes, committed as the API does; the outcome's code."""
    with sessions() as session:
        try:
            sign_in(session, name, password, lifetime=HOUR, now=HANDOFF_AT + at_minute * MINUTE)
        except InputError as error:
            session.commit()
            return error.code
        session.commit()
        return "ok"


def test_five_wrong_passwords_lock_the_name_even_for_the_right_password(
    sessions: sessionmaker[Session],
) -> None:
    add_staff(sessions, "Alice")
    codes = [_attempt(sessions, "Alice", "wrong password!", minute) for minute in range(5)]
    assert codes == ["invalid_credentials"] * 5
    with sessions() as session, pytest.raises(SignInLocked) as locked:
        sign_in(session, "Alice", PASSWORD, lifetime=HOUR, now=HANDOFF_AT + 5 * MINUTE)
    # Locked at minute 4 for 15 minutes: 14 minutes left at minute 5.
    assert (locked.value.code, locked.value.status) == ("too_many_attempts", 429)
    assert locked.value.retry_after_s == 14 * 60
    assert "try again in 14 minutes" in locked.value.message
    assert _attempt(sessions, "Alice", PASSWORD, 18.9) == "too_many_attempts"
    assert _attempt(sessions, "Alice", PASSWORD, 19) == "ok"


def test_a_successful_sign_in_resets_the_count(sessions: sessionmaker[Session]) -> None:
    add_staff(sessions, "Alice")
    for minute in range(4):
        assert _attempt(sessions, "Alice", "wrong password!", minute) == "invalid_credentials"
    assert _attempt(sessions, "Alice", PASSWORD, 4) == "ok"
    for minute in range(5, 9):
        assert _attempt(sessions, "Alice", "wrong password!", minute) == "invalid_credentials"
    assert _attempt(sessions, "Alice", PASSWORD, 9) == "ok"


def test_failures_older_than_the_window_do_not_count(sessions: sessionmaker[Session]) -> None:
    add_staff(sessions, "Alice")
    for minute in (0, 1, 2, 3, 16, 17, 18, 19):  # the count restarts at minute 16
        assert _attempt(sessions, "Alice", "wrong password!", minute) == "invalid_credentials"
    assert _attempt(sessions, "Alice", PASSWORD, 20) == "ok"


def test_unknown_names_are_locked_the_same_way(sessions: sessionmaker[Session]) -> None:
    add_staff(sessions, "Alice")
    known = [_attempt(sessions, "Alice", "wrong password!", m) for m in range(6)]
    unknown = [_attempt(sessions, "Nobody", "wrong password!", m) for m in range(6)]
    assert known == unknown == ["invalid_credentials"] * 5 + ["too_many_attempts"]
    with sessions() as session:
        for name in ("Alice", "Nobody"):
            with pytest.raises(SignInLocked) as locked:
                sign_in(session, name, PASSWORD, lifetime=HOUR, now=HANDOFF_AT + 6 * MINUTE)
            assert locked.value.message.startswith("too many wrong passwords for this name")
    # Another name is not affected by these locks.
    add_staff(sessions, "Bob")
    assert _attempt(sessions, "Bob", PASSWORD, 6) == "ok"


def test_the_lock_holds_across_a_restart(sessions: sessionmaker[Session]) -> None:
    add_staff(sessions, "Alice")
    for minute in range(5):
        _attempt(sessions, "Alice", "wrong password!", minute)
    bind = sessions.kw["bind"]
    restarted = create_store_engine(bind.url.render_as_string(hide_password=False))
    try:
        assert _attempt(session_factory(restarted), "Alice", PASSWORD, 6) == "too_many_attempts"
    finally:
        restarted.dispose()


def test_limits_are_configurable(sessions: sessionmaker[Session]) -> None:
    add_staff(sessions, "Alice")
    limits = SignInLimits(max_failures=2, window=HOUR, lockout=2 * HOUR)
    with sessions() as session:
        for _ in range(2):
            with pytest.raises(InputError):
                sign_in(session, "Alice", "wrong password!", lifetime=HOUR, now=HANDOFF_AT, limits=limits)
        with pytest.raises(SignInLocked) as locked:
            sign_in(session, "Alice", PASSWORD, lifetime=HOUR, now=HANDOFF_AT + HOUR, limits=limits)
    assert locked.value.retry_after_s == 3600


def test_a_new_password_signs_the_member_out_and_lifts_the_lock(sessions: sessionmaker[Session]) -> None:
    add_staff(sessions, "Alice")
    with sessions() as session:
        _, token, _ = sign_in(session, "Alice", PASSWORD, lifetime=HOUR, now=HANDOFF_AT)
        session.commit()
    for minute in range(5):
        _attempt(sessions, "Alice", "wrong password!", minute)
    with sessions() as session:
        assert set_password(session, "Alice", "a brand new passphrase") == 1
        session.commit()
    with sessions() as session, pytest.raises(InputError) as revoked:
        authenticate_token(session, token, now=HANDOFF_AT)
    assert revoked.value.code == "invalid_token"
    assert _attempt(sessions, "Alice", PASSWORD, 6) == "invalid_credentials"
    assert _attempt(sessions, "Alice", "a brand new passphrase", 7) == "ok"
    with sessions() as session:
        for name, password, code in [
            ("Nobody", "long enough pw", "staff_not_found"),
            ("Alice", "short", "weak_password"),
        ]:
            with pytest.raises(InputError) as refused:
                set_password(session, name, password)
            assert refused.value.code == code


def _count_concurrent_failures(sessions: sessionmaker[Session], name: str) -> int:
    """12 wrong passwords for one name from 6 threads at once; the stored count afterwards."""
    limits = SignInLimits(max_failures=100)

    def one_failure(_: int) -> None:
        with sessions() as session:
            with pytest.raises(InputError):
                sign_in(session, name, "wrong password!", lifetime=HOUR, now=HANDOFF_AT, limits=limits)
            session.commit()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(one_failure, range(12)))
    with sessions() as session:
        row = session.get(StaffSignInFailureRow, name_key(name))
        assert row is not None and row.locked_until is None
        return row.failures


def test_concurrent_wrong_passwords_are_all_counted(sessions: sessionmaker[Session]) -> None:
    assert _count_concurrent_failures(sessions, "Nobody") == 12


def test_concurrent_wrong_passwords_are_all_counted_on_postgres(postgres_url: str) -> None:
    engine = create_store_engine(postgres_url)
    try:
        migrate(engine)
        assert _count_concurrent_failures(session_factory(engine), f"Nobody {uuid.uuid4().hex[:8]}") == 12
    finally:
        engine.dispose()
