"""Staff inbox tables: staff accounts, their console sessions and API tokens, internal notes, the action log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shopcrew.store.base import Base, utcnow


class StaffAccountRow(Base):
    """A member of the store's team who may sign in to the console.

    `password_hash` is `scrypt$N$r$p$salt$hash` (base64 parts) or None for a token-only account.
    """

    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16), default="agent")  # agent | admin
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(nullable=True)


class StaffTokenRow(Base):
    """A bearer credential of a staff member, stored as its SHA-256 only.

    `kind` is `session` (from signing in, expires) or `api` (from `shopcrew staff add --token`,
    until revoked).
    """

    __tablename__ = "staff_tokens"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(nullable=True)


class StaffNoteRow(Base):
    """An internal note on a conversation: shown in the console, never to the shopper."""

    __tablename__ = "staff_notes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"), nullable=True)
    author: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StaffActionRow(Base):
    """The audit log of what staff did to a conversation (take over, reply, hand back, close, refusals).

    A refused reply keeps its `text`, so nothing a person wrote is lost.
    """

    __tablename__ = "staff_actions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"), nullable=True)
    staff_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class StaffSignInFailureRow(Base):
    """Wrong passwords for one sign-in name, for throttling (docs/staff-inbox.md, Sign-in throttling).

    Keyed by the SHA-256 of the name as typed, so unknown names are counted the same way as real ones
    without storing whatever a guesser sends. A successful sign-in deletes the row.
    """

    __tablename__ = "staff_sign_in_failures"

    name_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    first_failure_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(nullable=True)
