"""τ²-bench retail's policy.md as shopcrew order policy, stored in the store's own database.

The rules become an `[orders]` table (the same keys as the store config TOML, docs/order-actions.md),
written by the importer into the store's `policies` table under `STORE_ORDER_POLICY_ID` as JSON.
The composition root reads it for that store (`stored_orders_table`), so the assistant, `shopcrew
replay --store NAME` and the τ² replay all run the store under its own rules; a `[orders]` table in
SHOPCREW_CONFIG still overrides single keys.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from shopcrew.commerce.order_policy import OrderPolicy, order_policy_from_config
from shopcrew.store.catalog_tables import PolicyRow

STORE_ORDER_POLICY_ID = "shopcrew-order-policy"
TAU2_POLICY_DOCUMENT_ID = "retail-agent-policy"

# policy.md, rule by rule. τ² "pending" is shopcrew "paid" and "delivered" is "delivered" (see format.py).
TAU2_ORDERS_TABLE: dict[str, Any] = {
    "allowed_states": {
        "cancel_order": ["paid"],  # "An order can only be cancelled if its status is 'pending'"
        "cancel_lines": [],  # τ² cancels whole orders only
        "change_address": ["paid"],  # "modify its shipping address, payment method, or product item options"
        "swap_items": ["paid"],
        "return_items": ["delivered"],  # "An order can only be returned if its status is 'delivered'"
        "exchange_items": ["delivered"],
    },
    "cancel_reasons": ["no_longer_needed", "ordered_by_mistake"],  # "Other reasons are not acceptable."
    # "The refund must either go to the original payment method, or an existing gift card."
    "refund_methods": ["original_payment", "gift_card"],
    # "Modify items ... can only be called once ... will not be able to modify or cancel the order anymore";
    # "For a delivered order, return or exchange can be only done once".
    "blocked_after": {
        "swap_items": ["swap_items", "cancel_order", "cancel_lines"],
        "return_items": ["return_items", "exchange_items"],
        "exchange_items": ["return_items", "exchange_items"],
    },
    # A return only becomes "return requested" (the shopper gets an email on how to send it back);
    # an exchange's price difference is recorded with the payment method, not moved yet.
    "settle_returns_on": "receipt",
    "approval_threshold": "none",  # τ² has no amount above which a person must approve
    "final_sale_tags": [],
    "final_sale_categories": [],
}


def tau2_order_policy() -> OrderPolicy:
    """The order policy of an imported τ²-bench retail store."""
    return order_policy_from_config({"orders": TAU2_ORDERS_TABLE})


def save_store_policy(
    session: Session, table: Mapping[str, Any], *, document: Path | None, now: datetime
) -> None:
    """Store the `[orders]` table (and τ²'s policy.md, when given, for the support agent to quote)."""
    session.merge(
        PolicyRow(
            id=STORE_ORDER_POLICY_ID,
            title="Order policy (shopcrew config)",
            body=json.dumps(dict(table), indent=2),
            updated_at=now,
        )
    )
    if document is not None and document.is_file():
        body = document.read_text(encoding="utf-8")
        first = body.splitlines()[0] if body else ""
        title = first[2:].strip() if first.startswith("# ") else "Retail agent policy"
        session.merge(PolicyRow(id=TAU2_POLICY_DOCUMENT_ID, title=title, body=body, updated_at=now))


def stored_orders_table(session: Session) -> dict[str, Any]:
    """The `[orders]` table a store keeps in its database, or an empty one (also for a database without tables)."""
    if not inspect(session.get_bind()).has_table(PolicyRow.__tablename__):
        return {}
    row = session.get(PolicyRow, STORE_ORDER_POLICY_ID)
    if row is None:
        return {}
    table = json.loads(row.body)
    return table if isinstance(table, dict) else {}
