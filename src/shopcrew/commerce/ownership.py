"""Who may see or change what: order numbers and customer ids resolved, and ownership checked, in code."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from shopcrew.commerce.actions import Actor, Refusal
from shopcrew.store.commerce_tables import CustomerRow, OrderRow


def display_number(number: str) -> str:
    """An order number as shoppers write it: "#1042"."""
    text = number.strip()
    return text if text.startswith("#") else f"#{text}"


def not_found(number: str) -> Refusal:
    """The one refusal for an order that does not exist *or* belongs to someone else (nothing leaks)."""
    return Refusal("not_found", f"I can't find order {display_number(number)} on your account")


def resolve_customer_id(session: Session, actor: Actor) -> int | None:
    """The store's customer id for the actor: an account id ("7") or an imported external id."""
    text = actor.customer_id.strip()
    if text.isdigit():
        return int(text)
    found = session.scalar(select(CustomerRow.id).where(CustomerRow.external_id == text))
    return int(found) if found is not None else None


def order_number_condition(number: str) -> ColumnElement[bool]:
    """The WHERE clause finding "1042", "#1042" or an imported external id such as "#W2611340"."""
    text = number.strip()
    digits = text.removeprefix("#").strip()
    if digits.isdigit():
        return OrderRow.number == int(digits)
    return OrderRow.external_id.in_([text, digits, f"#{digits}"])


def order_row_for_number(session: Session, number: str) -> OrderRow | None:
    """The order row for a number as shoppers or imported stores write it."""
    return session.scalar(select(OrderRow).where(order_number_condition(number)))


def find_owned_order(session: Session, number: str, actor: Actor) -> OrderRow | None:
    """The order row when it exists and belongs to the actor; None for both "no such order" and "not yours"."""
    customer_id = resolve_customer_id(session, actor)
    if customer_id is None:
        return None
    row = order_row_for_number(session, number)
    if row is None or row.customer_id != customer_id:
        return None
    return row
