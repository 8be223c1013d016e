"""Staff accounts: passwords hashed with scrypt, bearer tokens stored as SHA-256, sign-in and checks.

The console is never open: every staff route needs a token from `sign_in` (expires) or an API
token made by `shopcrew staff add --token` (until revoked). Tokens are 32 random bytes, so a plain
SHA-256 of them is enough to store; passwords are people's words, so they get a salted, slow KDF.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shopcrew.domain.messages import InputError
from shopcrew.handoff.sign_in_throttle import SignInLimits, clear_failures, record_failure, refuse_if_locked
from shopcrew.store.base import utcnow
from shopcrew.store.staff_tables import StaffAccountRow, StaffTokenRow

StaffRole = Literal["agent", "admin"]
# scrypt cost: 2^14 x 8 x 1 takes 16 MiB and ~50 ms, the interactive-login setting of the scrypt paper.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD_CHARS = 10
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}$")
SESSION_PREFIX, API_PREFIX = "scs_", "sct_"


@dataclass(frozen=True)
class StaffMember:
    """A signed-in member of the team, as the inbox operations see them."""

    id: int
    name: str
    role: str


@dataclass(frozen=True)
class StaffSummary:
    """An account as `shopcrew staff list` shows it."""

    name: str
    role: str
    disabled: bool
    has_password: bool
    api_tokens: int
    created_at: datetime
    last_seen_at: datetime | None


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$hash`, with a fresh 16-byte salt."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    parts = (base64.b64encode(salt).decode(), base64.b64encode(digest).decode())
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${parts[0]}${parts[1]}"


def verify_password(password: str, stored: str | None) -> bool:
    """Whether `password` matches a stored hash (constant-time compare; False for any malformed hash)."""
    try:
        scheme, n, r, p, salt, digest = (stored or "").split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


# Checked against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = hash_password("not a real password", salt=b"\0" * 16)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_staff(
    session: Session, name: str, *, password: str | None = None, role: StaffRole = "agent"
) -> StaffAccountRow:
    """Add a staff account; raises InputError for a bad name, a short password or a name in use."""
    name = name.strip()
    if not NAME_PATTERN.match(name):
        raise InputError(
            "invalid_staff_name",
            "a staff name is 1-64 letters, digits, spaces or . _ @ - and starts with a letter or digit",
        )
    if password is not None and len(password) < MIN_PASSWORD_CHARS:
        raise InputError("weak_password", f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    if session.scalar(select(StaffAccountRow.id).where(StaffAccountRow.name == name)) is not None:
        raise InputError("staff_exists", f"a staff account named {name!r} already exists", status=409)
    row = StaffAccountRow(
        name=name,
        role=role,
        password_hash=hash_password(password) if password is not None else None,
        disabled=False,
        created_at=utcnow(),
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # created meanwhile by someone else
        raise InputError(
            "staff_exists", f"a staff account named {name!r} already exists", status=409
        ) from None
    return row


def issue_api_token(session: Session, account: StaffAccountRow) -> str:
    """A new long-lived API token for the account; the token itself is shown once and never stored."""
    return _issue(session, account, API_PREFIX, "api", None)


def _issue(
    session: Session, account: StaffAccountRow, prefix: str, kind: str, expires_at: datetime | None
) -> str:
    token = prefix + secrets.token_urlsafe(32)
    session.add(
        StaffTokenRow(
            staff_id=account.id,
            token_sha256=_token_digest(token),
            kind=kind,
            created_at=utcnow(),
            expires_at=expires_at,
        )
    )
    session.flush()
    return token


def sign_in(
    session: Session,
    name: str,
    password: str,
    *,
    lifetime: timedelta,
    now: datetime | None = None,
    limits: SignInLimits | None = None,
) -> tuple[StaffMember, str, datetime]:
    """Check name and password; a session token that expires after `lifetime` (and when it expires).

    Raises InputError 401 `invalid_credentials` (one answer for an unknown name and a wrong password),
    403 `account_disabled`, or SignInLocked (429) while the name is locked after too many wrong
    passwords. A wrong password is recorded in the session: commit it even when this raises.
    """
    at = now or utcnow()
    refuse_if_locked(session, name, now=at)
    account = session.scalar(select(StaffAccountRow).where(StaffAccountRow.name == name.strip()))
    stored = account.password_hash if account is not None else None
    if not verify_password(password, stored or _DUMMY_HASH) or account is None or stored is None:
        record_failure(session, name, limits or SignInLimits(), now=at)
        raise InputError("invalid_credentials", "wrong staff name or password", status=401)
    _refuse_disabled(account)
    clear_failures(session, name)
    expires = at + lifetime
    token = _issue(session, account, SESSION_PREFIX, "session", expires)
    account.last_seen_at = at
    session.flush()
    return _member(account), token, expires


def set_password(session: Session, name: str, password: str, *, now: datetime | None = None) -> int:
    """Give the account a new password and revoke its console sessions; how many were revoked.

    API tokens are kept (they never came from the password). Also lifts a sign-in lock on the name.
    """
    account = session.scalar(select(StaffAccountRow).where(StaffAccountRow.name == name.strip()))
    if account is None:
        raise InputError("staff_not_found", f"no staff account named {name!r}", status=404)
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError("weak_password", f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    account.password_hash = hash_password(password)
    live = session.scalars(
        select(StaffTokenRow).where(
            StaffTokenRow.staff_id == account.id,
            StaffTokenRow.kind == "session",
            StaffTokenRow.revoked_at.is_(None),
        )
    ).all()
    at = now or utcnow()
    for token in live:
        token.revoked_at = at
    clear_failures(session, account.name)
    session.flush()
    return len(live)


def authenticate_token(session: Session, token: str, *, now: datetime | None = None) -> StaffMember:
    """The staff member a bearer token belongs to; InputError 401 when unknown, expired or revoked."""
    at = now or utcnow()
    row = session.scalar(select(StaffTokenRow).where(StaffTokenRow.token_sha256 == _token_digest(token)))
    if row is None or row.revoked_at is not None:
        raise InputError("invalid_token", "this staff token is not valid; sign in again", status=401)
    if row.expires_at is not None and row.expires_at <= at:
        raise InputError("session_expired", "your console session has expired; sign in again", status=401)
    account = session.get(StaffAccountRow, row.staff_id)
    if account is None:
        raise InputError("invalid_token", "this staff token is not valid; sign in again", status=401)
    _refuse_disabled(account)
    # Written at most once a minute, so polling the queue does not turn every read into a write.
    if row.last_used_at is None or at - row.last_used_at > timedelta(minutes=1):
        row.last_used_at = account.last_seen_at = at
        session.flush()
    return _member(account)


def sign_out(session: Session, token: str, *, now: datetime | None = None) -> bool:
    """Revoke a token; False when it was not a live token."""
    row = session.scalar(select(StaffTokenRow).where(StaffTokenRow.token_sha256 == _token_digest(token)))
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now or utcnow()
    session.flush()
    return True


def set_disabled(session: Session, name: str, disabled: bool) -> StaffAccountRow:
    """Disable (or enable again) an account; a disabled account's tokens stop working at once."""
    account = session.scalar(select(StaffAccountRow).where(StaffAccountRow.name == name))
    if account is None:
        raise InputError("staff_not_found", f"no staff account named {name!r}", status=404)
    account.disabled = disabled
    session.flush()
    return account


def list_staff(session: Session) -> list[StaffSummary]:
    """Every account, by name."""
    accounts = session.scalars(select(StaffAccountRow).order_by(StaffAccountRow.name))
    summaries = []
    for account in accounts:
        tokens = session.scalars(
            select(StaffTokenRow.id).where(
                StaffTokenRow.staff_id == account.id,
                StaffTokenRow.kind == "api",
                StaffTokenRow.revoked_at.is_(None),
            )
        ).all()
        summaries.append(
            StaffSummary(
                name=account.name,
                role=account.role,
                disabled=account.disabled,
                has_password=account.password_hash is not None,
                api_tokens=len(tokens),
                created_at=account.created_at,
                last_seen_at=account.last_seen_at,
            )
        )
    return summaries


def _refuse_disabled(account: StaffAccountRow) -> None:
    if account.disabled:
        raise InputError(
            "account_disabled", f"the staff account {account.name!r} is disabled; ask an admin", status=403
        )


def _member(account: StaffAccountRow) -> StaffMember:
    return StaffMember(id=account.id, name=account.name, role=account.role)
