"""What every plan needs to know about an order's lines, payments and the variants a shopper wants."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from shopcrew.commerce.actions import LineQuantity, LineSwap, PlannedLine, Refusal
from shopcrew.commerce.shopify.mapping import ShopifyOrder
from shopcrew.domain.orders import OrderLine

CENT = Decimal("0.01")
_PAID = ("PAID", "PARTIALLY_REFUNDED", "PARTIALLY_PAID")


@dataclass(frozen=True)
class VariantFacts:
    """A product variant a shopper wants instead: its product, price and whether it can be sold."""

    gid: str
    title: str
    product_gid: str
    product_title: str
    price: Decimal
    available: bool
    inventory: int | None  # None when the store does not track inventory for it


VariantLookup = Callable[[str], VariantFacts | None]


def usd(amount: Decimal) -> str:
    """An amount as shoppers read it: $1,234.50."""
    return f"${amount.quantize(CENT):,}"


def line_in_order(shopify: ShopifyOrder, line_id: str) -> OrderLine | None:
    """The order line a request names, by number or LineItem GID; None when it is not on this order."""
    text = line_id.rsplit("/", 1)[-1]
    if not text.isdigit():
        return None
    return next((line for line in shopify.order.lines if line.id == int(text)), None)


def line_label(line: OrderLine, quantity: int) -> str:
    """How a line reads in a plan: "1 × Trail Runner GTX (US 11 / Wide)"."""
    variant = (
        f" ({line.variant_title})" if line.variant_title and line.variant_title != "Default Title" else ""
    )
    return f"{quantity} × {line.title}{variant}"


def refund_target(shopify: ShopifyOrder) -> str:
    """Where a refund goes: the card or gateway the order was paid with."""
    return shopify.payment.label if shopify.payment else "the original payment method"


def is_paid(shopify: ShopifyOrder) -> bool:
    """True when money was captured, so cancelling means refunding."""
    return shopify.financial_status in _PAID


def merged_lines(lines: Sequence[LineQuantity]) -> list[LineQuantity]:
    """The same line named twice counts once with the quantities added."""
    totals: dict[str, int] = {}
    for item in lines:
        totals[item.line_id] = totals.get(item.line_id, 0) + item.quantity
    return [LineQuantity(line_id, quantity) for line_id, quantity in totals.items()]


def new_variant(
    swap: LineSwap, line: OrderLine, shopify: ShopifyOrder, variant: VariantLookup
) -> VariantFacts | Refusal:
    """The variant a line changes to, or why not: another product, the same variant, or out of stock."""
    facts = shopify.lines[line.id]
    found = variant(swap.new_variant_id)
    if found is None:
        return Refusal("unknown_variant", f"I can't find that version of {line.title}")
    if facts.product_gid is None or found.product_gid != facts.product_gid:
        return Refusal("different_product", f"{found.product_title} isn't the same product as {line.title}")
    if facts.variant_gid == found.gid:
        return Refusal("same_variant", f"{line.title} on order {shopify.name} already is {found.title}")
    if not found.available or (found.inventory is not None and found.inventory < swap.quantity):
        return Refusal("out_of_stock", f"{line.title} ({found.title}) is out of stock")
    return found


def priced_swaps(
    swaps: Sequence[LineSwap],
    shopify: ShopifyOrder,
    variant: VariantLookup,
    line_for: Callable[[LineSwap], OrderLine | Refusal],
    describe: Callable[[OrderLine, int, VariantFacts], str],
) -> tuple[list[PlannedLine], Decimal] | Refusal:
    """Each swap's line (checked by `line_for`) and new variant, priced; the first refusal stops it."""
    planned: list[PlannedLine] = []
    difference = Decimal("0")
    for swap in swaps:
        line = line_for(swap)
        if isinstance(line, Refusal):
            return line
        found = new_variant(swap, line, shopify, variant)
        if isinstance(found, Refusal):
            return found
        change = (found.price - line.unit_price) * swap.quantity
        difference += change
        planned.append(PlannedLine(describe(line, swap.quantity, found), change))
    return planned, difference


def price_difference(difference: Decimal) -> tuple[Decimal, Decimal, str]:
    """Refund, charge and the words for a price difference: "; $10.00 back to you"."""
    if difference > 0:
        return Decimal("0"), difference, f"; you pay the {usd(difference)} difference"
    if difference < 0:
        return -difference, Decimal("0"), f"; {usd(-difference)} back to you"
    return Decimal("0"), Decimal("0"), ""
