"""Changing an order's shipping address before it ships, with the address checked first."""

from __future__ import annotations

import re
from collections.abc import Mapping

from shopcrew.commerce.actions import ChangeShippingAddress, NewAddress, PlannedLine, Refusal
from shopcrew.commerce.order_actions.common import (
    ActionContext,
    Applied,
    Draft,
    line_label,
    order_label,
    order_state_refusal,
    record_detail,
)
from shopcrew.domain.orders import Address
from shopcrew.store.commerce_tables import OrderRow

US_ZIP = re.compile(r"^\d{5}(-\d{4})?$")
US_STATE = re.compile(r"^[A-Za-z]{2}$")


def address_refusal(address: NewAddress) -> Refusal | None:
    """Why an address can't be shipped to (a missing field, a malformed US ZIP or state), or None."""
    country = address.country.strip().upper()
    required = {
        "name": address.name,
        "street address": address.line1,
        "city": address.city,
        "state or region": address.region,
        "ZIP code" if country == "US" else "postal code": address.postal_code,
    }
    missing = [label for label, value in required.items() if not value.strip()]
    if missing:
        return Refusal("invalid_address", f"the new address has no {' and no '.join(missing)}; please add it")
    if len(country) != 2 or not country.isalpha():
        return Refusal("invalid_address", f"'{address.country}' is not a two-letter country code such as US")
    if country == "US":
        if not US_ZIP.match(address.postal_code.strip()):
            return Refusal(
                "invalid_address",
                f"'{address.postal_code}' is not a US ZIP code (5 digits, like 97205 or 97205-1234)",
            )
        if not US_STATE.match(address.region.strip()):
            return Refusal(
                "invalid_address", f"'{address.region}' is not a two-letter US state code such as OR"
            )
    return None


def address_record(address: NewAddress) -> dict[str, str | None]:
    """The address as stored: trimmed, country and US state upper-case, an empty second line dropped."""
    country = address.country.strip().upper()
    region = address.region.strip().upper() if country == "US" else address.region.strip()
    return {
        "name": address.name.strip(),
        "line1": address.line1.strip(),
        "line2": address.line2.strip() if address.line2 and address.line2.strip() else None,
        "city": address.city.strip(),
        "region": region,
        "postal_code": address.postal_code.strip(),
        "country": country,
    }


def one_line(record: Mapping[str, object]) -> str:
    """A stored address on one line."""
    return Address(
        name=str(record.get("name", "")),
        line1=str(record.get("line1", "")),
        line2=str(record["line2"]) if record.get("line2") else None,
        city=str(record.get("city", "")),
        region=str(record.get("region", "")),
        postal_code=str(record.get("postal_code", "")),
        country=str(record.get("country", "US")),
    ).one_line()


def plan_change_address(
    ctx: ActionContext, request: ChangeShippingAddress, order: OrderRow
) -> Draft | Refusal:
    """Send an unshipped order to another address."""
    allowed = ctx.policy.states_for("change_address")
    if order.status not in allowed:
        return order_state_refusal(
            order, allowed, "changing the address", "A shipped parcel can't be redirected."
        )
    shipped = [line for line in order.lines if line.status == "fulfilled"]
    if shipped:
        return Refusal("already_shipped", f"{line_label(shipped[0])} has already shipped to the old address")
    refusal = address_refusal(request.address)
    if refusal:
        return refusal
    new = address_record(request.address)
    old = dict(order.shipping_address or {})
    label = order_label(order)
    if all(str(old.get(k) or "") == str(v or "") for k, v in new.items()):
        return Refusal("already_done", f"order {label} already ships to {one_line(new)}")

    def apply() -> Applied:
        order.shipping_address = new
        record_detail(order, "address_changes", {"from": old, "to": new, "at": ctx.now.isoformat()})
        return Applied(order.status)

    return Draft(
        summary=f"Ship order {label} to {one_line(new)} instead of {one_line(old)}.",
        lines=[PlannedLine(f"New shipping address: {new['name']}, {one_line(new)}")],
        apply=apply,
        order=order,
    )
