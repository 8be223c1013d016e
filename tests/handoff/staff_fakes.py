"""Shared helpers for staff-inbox tests: staff accounts and a desk on a store's sessions."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from shopcrew.handoff.staff import StaffDesk
from shopcrew.handoff.staff_accounts import StaffMember, StaffRole, create_staff

PASSWORD = "correct horse battery"


def add_staff(
    sessions: sessionmaker[Session], name: str, *, role: StaffRole = "agent", password: str | None = PASSWORD
) -> StaffMember:
    """A committed staff account, as the desk sees its member."""
    with sessions() as session:
        row = create_staff(session, name, password=password, role=role)
        session.commit()
        return StaffMember(id=row.id, name=row.name, role=row.role)


def desk(sessions: sessionmaker[Session], *, helpdesk: str = "none") -> StaffDesk:
    """A staff desk on these sessions, the assistant called Sam."""
    return StaffDesk(sessions, helpdesk_provider=helpdesk, assistant_name="Sam")
