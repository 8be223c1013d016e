"""τ²-bench retail's db.json: reading, writing, and the vocabulary shared by importer and exporter.

The file is `json.dumps(db, indent=4)` of three objects (products, users, orders) keyed by their
string ids; writing it back the same way gives the same bytes when nothing changed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# τ² records availability, not counts: an available variant is imported with this many units, so
# swaps and exchanges (which take a unit off the shelf) never make it unavailable on their own.
AVAILABLE_STOCK = 1000
# Exported as available at or above this: units a cancellation or a swap puts back on the shelf
# don't make a variant τ² calls unavailable sellable again, and the few units actions take don't
# make an available one unavailable.
AVAILABLE_THRESHOLD = AVAILABLE_STOCK // 2

# τ² order status -> shopcrew order status. A τ² "pending" order has been paid (its payment is in
# the payment history and is refunded on cancel), so it is shopcrew's "paid"; "processed" has left
# the warehouse's hands for the shopper's purposes (it can no longer be changed), so "shipped".
STATUS_IN = {
    "pending": "paid",
    "pending (item modified)": "paid",
    "processed": "shipped",
    "delivered": "delivered",
    "cancelled": "cancelled",
    "return requested": "delivered",
    "exchange requested": "delivered",
}
CANCEL_REASONS = {"no longer needed": "no_longer_needed", "ordered by mistake": "ordered_by_mistake"}
PAYMENT_KINDS = {"credit_card": "card", "paypal": "paypal", "gift_card": "gift_card"}
PAYMENT_SOURCES = {kind: source for source, kind in PAYMENT_KINDS.items()}


class Tau2FormatError(ValueError):
    """The file is not a τ²-bench retail db.json; the message says where and what is wrong."""


def load_db(path: Path) -> dict[str, Any]:
    """The parsed db.json, checked to have products, users and orders objects."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise Tau2FormatError(f"cannot read {path}: {error.strerror or error}") from None
    except json.JSONDecodeError as error:
        raise Tau2FormatError(f"{path} is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise Tau2FormatError(f"{path}: the top level must be an object with products, users and orders")
    for key in ("products", "users", "orders"):
        if not isinstance(data.get(key), dict):
            raise Tau2FormatError(f"{path}: '{key}' must be an object keyed by id")
    return data


def dump_db(db: Mapping[str, Any]) -> str:
    """The document as τ²-bench writes db.json (4-space indent, keys in their order, no newline at the end)."""
    return json.dumps(db, indent=4)


def country_in(country: str) -> str:
    """τ²'s "USA" as the two-letter code shopcrew stores."""
    return "US" if country.strip().upper() in {"USA", "US"} else country.strip()


def country_out(country: str) -> str:
    """The stored country as τ² writes it ("USA")."""
    return "USA" if country == "US" else country


def field(record: Mapping[str, Any], key: str, where: str) -> Any:
    """`record[key]`, or a `Tau2FormatError` naming the record and the missing key."""
    if not isinstance(record, Mapping) or key not in record:
        raise Tau2FormatError(f"{where}: missing '{key}'")
    return record[key]
