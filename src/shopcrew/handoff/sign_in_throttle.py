"""Sign-in throttling: after too many wrong passwords for one name, that name is locked for a while.

Counted in the database (table `staff_sign_in_failures`), so the limit holds across restarts and
API replicas. Names are keyed by their SHA-256, and unknown names are counted exactly like real
ones, so a lock says nothing about whether the name exists.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shopcrew.domain.messages import InputError
from shopcrew.store.staff_tables import StaffSignInFailureRow

# Compare-and-set rounds before giving up on counting one failure (only under heavy contention).
_CAS_ATTEMPTS = 8


@dataclass(frozen=True)
class SignInLimits:
    """`max_failures` wrong passwords within `window` lock the name for `lockout`."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)


class SignInLocked(InputError):
    """429 `too_many_attempts`: sign-in for this name is refused until `until`."""

    def __init__(self, until: datetime, now: datetime) -> None:
        self.until = until
        self.retry_after_s = max(1, math.ceil((until - now).total_seconds()))
        minutes = math.ceil(self.retry_after_s / 60)
        super().__init__(
            "too_many_attempts",
            f"too many wrong passwords for this name; try again in {minutes} minute"
            f"{'s' if minutes != 1 else ''} (after {until:%H:%M} UTC)",
            status=429,
        )


def name_key(name: str) -> str:
    """The throttle's key for a sign-in name: the SHA-256 of the name as signed in with (stripped)."""
    return hashlib.sha256(name.strip().encode()).hexdigest()


def refuse_if_locked(session: Session, name: str, *, now: datetime) -> None:
    """Raise SignInLocked while the name is locked, whatever the password."""
    row = session.get(StaffSignInFailureRow, name_key(name))
    if row is not None and row.locked_until is not None and row.locked_until > now:
        raise SignInLocked(row.locked_until, now)


def record_failure(session: Session, name: str, limits: SignInLimits, *, now: datetime) -> bool:
    """Count a wrong password for the name; True when this one locks it.

    A compare-and-set on the count, retried when another process counted meanwhile, so concurrent
    wrong passwords are never lost, on SQLite as on PostgreSQL.
    """
    key = name_key(name)
    for _ in range(_CAS_ATTEMPTS):
        row = session.get(StaffSignInFailureRow, key, with_for_update=True, populate_existing=True)
        if row is None:
            try:
                with session.begin_nested():
                    session.add(StaffSignInFailureRow(name_sha256=key, failures=0, first_failure_at=now))
            except IntegrityError:  # another process counted a failure for this name meanwhile
                pass
            continue
        failures, first_at, locked_until = row.failures, row.first_failure_at, row.locked_until
        if (locked_until is not None and locked_until <= now) or first_at + limits.window <= now:
            failures, first_at, locked_until = 0, now, None
        failures += 1
        if failures >= limits.max_failures:
            locked_until = now + limits.lockout
        table = StaffSignInFailureRow
        result = session.execute(
            update(table)
            .where(table.name_sha256 == key, table.failures == row.failures)
            .where(table.first_failure_at == row.first_failure_at)
            .values(failures=failures, first_failure_at=first_at, locked_until=locked_until)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) == 1:
            return failures >= limits.max_failures
    return False


def clear_failures(session: Session, name: str) -> None:
    """Forget the name's wrong passwords (after a successful sign-in or a password change)."""
    session.execute(delete(StaffSignInFailureRow).where(StaffSignInFailureRow.name_sha256 == name_key(name)))
