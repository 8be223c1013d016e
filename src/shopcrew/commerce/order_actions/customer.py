"""Changing the customer's default address (where new orders ship); orders already placed keep theirs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from shopcrew.commerce.actions import ChangeCustomerAddress, PlannedLine, Refusal
from shopcrew.commerce.order_actions.address import address_record, address_refusal, one_line
from shopcrew.commerce.order_actions.common import ActionContext, Applied, Draft
from shopcrew.store.commerce_tables import AddressRow, CustomerRow

_FIELDS = ("name", "line1", "line2", "city", "region", "postal_code", "country")


def customer_snapshot(session: Any, customer: CustomerRow) -> dict[str, Any]:
    """The customer's addresses as audit and staleness checks see them."""
    rows = session.scalars(
        select(AddressRow).where(AddressRow.customer_id == customer.id).order_by(AddressRow.id)
    )
    return {
        "customer_id": customer.id,
        "addresses": [{**{f: getattr(a, f) for f in _FIELDS}, "is_default": a.is_default} for a in rows],
    }


def plan_change_customer_address(ctx: ActionContext, request: ChangeCustomerAddress) -> Draft | Refusal:
    """Replace the default address of the verified customer with a checked new one."""
    refusal = address_refusal(request.address)
    if refusal:
        return refusal
    new = address_record(request.address)
    current = ctx.session.scalar(
        select(AddressRow)
        .where(AddressRow.customer_id == ctx.customer.id)
        .order_by(AddressRow.is_default.desc(), AddressRow.id)
    )
    if current is not None and all(str(getattr(current, k) or "") == str(v or "") for k, v in new.items()):
        return Refusal("already_done", f"your address already is {one_line(new)}")
    old = {f: getattr(current, f) for f in _FIELDS} if current is not None else None

    def apply() -> Applied:
        if current is None:
            ctx.session.add(AddressRow(customer_id=ctx.customer.id, is_default=True, **new))
        else:
            for key, value in new.items():
                setattr(current, key, value)
        return Applied(None)

    summary = f"Change your address to {one_line(new)}"
    summary += f" instead of {one_line(old)}." if old else "."
    notes = ["Orders already placed keep the address they were placed with."]
    return Draft(
        summary=summary,
        lines=[PlannedLine(f"New address: {new['name']}, {one_line(new)}")],
        apply=apply,
        notes=notes,
    )
