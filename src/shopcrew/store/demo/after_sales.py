"""Returns, refunds and cancellations, following the demo store's policies.

- Final-sale lines are never returned.
- Opened beauty products come back only for a skin reaction (or damage on arrival);
  "changed_mind" beauty returns are unopened.
- Apparel and footwear reasons follow the line's fit risk: a runs-small brand bought
  in the usual size mostly comes back `too_small`.
- A refund repays the lines' price after their share of the discount, plus their
  share of tax; shipping is refunded only when a whole order is cancelled.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from shopcrew.store.demo.plans import (
    LinePlan,
    OrderPlan,
    ProductPlan,
    RefundPlan,
    ReturnLinePlan,
    ReturnPlan,
    money,
)

RETURN_REASONS = ("too_small", "too_large", "not_as_described", "changed_mind", "damaged", "skin_reaction")

_FIT_REASONS = {
    "small": (
        ("too_small", 70),
        ("too_large", 3),
        ("not_as_described", 10),
        ("changed_mind", 12),
        ("damaged", 5),
    ),
    "large": (
        ("too_large", 68),
        ("too_small", 4),
        ("not_as_described", 10),
        ("changed_mind", 13),
        ("damaged", 5),
    ),
    "none": (
        ("too_small", 18),
        ("too_large", 18),
        ("not_as_described", 22),
        ("changed_mind", 32),
        ("damaged", 10),
    ),
}
_BEAUTY_REASONS = (("skin_reaction", 55), ("damaged", 23), ("changed_mind", 22))  # changed_mind: unopened
_COMMENTS = {
    ("too_small", "apparel"): (
        "Tight across the shoulders; I need the next size up.",
        "Runs small; my usual size was snug.",
        "Too tight at the waist.",
        "",
    ),
    ("too_small", "footwear"): (
        "Toes hit the end on downhills.",
        "Too narrow for my feet.",
        "Runs small; I need half a size up.",
        "",
    ),
    ("too_large", "apparel"): ("Way too roomy.", "Runs big; I need a size down.", "Sleeves too long.", ""),
    ("too_large", "footwear"): ("Heel slips even with the laces tight.", "Runs half a size large.", ""),
    ("not_as_described", "any"): (
        "Colour is much darker than the photos.",
        "Material is thinner than I expected.",
        "Texture is different from the description.",
        "",
    ),
    ("changed_mind", "any"): ("Found something else.", "Ordered two to compare, keeping the other.", ""),
    ("damaged", "any"): ("Arrived with a torn seam.", "Box was crushed on arrival.", ""),
    ("damaged", "beauty"): ("Pump was broken on arrival.", "Cap leaked in the parcel.", ""),
    ("skin_reaction", "beauty"): (
        "Broke out in small bumps after three uses.",
        "Stinging and redness on my cheeks.",
        "Made my rosacea flare up.",
        "Itchy rash along my jaw.",
    ),
}


def returnable(product: ProductPlan) -> bool:
    """Whether the policy allows this product back at all (final-sale items never)."""
    return not product.final_sale


def return_reason(rng: random.Random, line: LinePlan, product: ProductPlan) -> tuple[str, str]:
    """A reason and the shopper's comment for returning this line."""
    table = _BEAUTY_REASONS if product.vertical == "beauty" else _FIT_REASONS[line.fit_risk]
    reason = rng.choices([name for name, _ in table], weights=[weight for _, weight in table])[0]
    if product.vertical == "beauty" and reason == "changed_mind":
        return reason, "Unopened."
    comments = _COMMENTS.get((reason, product.vertical)) or _COMMENTS[(reason, "any")]
    return reason, rng.choice(comments)


def refund_for_lines(order: OrderPlan, line_indexes: list[int]) -> Decimal:
    """What returning these lines repays: their price after discount share, plus tax share."""
    share = sum((order.lines[index].amount for index in line_indexes), Decimal("0"))
    if order.subtotal == 0:
        return Decimal("0.00")
    ratio = share / order.subtotal
    return money(share - order.discount * ratio + order.tax * ratio)


def make_return(
    rng: random.Random,
    order: OrderPlan,
    products: list[ProductPlan],
    created_at: datetime,
    *,
    status: str,
    forced_reason: str | None = None,
    only_lines: list[int] | None = None,
) -> ReturnPlan | None:
    """An RMA for some returnable lines of a delivered order, or None when nothing may come back."""
    candidates = [
        index
        for index, line in enumerate(order.lines)
        if returnable(products[line.product]) and (only_lines is None or index in only_lines)
    ]
    if not candidates:
        return None
    weights = [3.0 if order.lines[index].fit_risk != "none" else 1.0 for index in candidates]
    count = 1 if len(candidates) == 1 or rng.random() < 0.7 else rng.randint(1, len(candidates))
    chosen: list[int] = []
    if only_lines is not None:
        chosen = candidates
    else:
        pool, pool_weights = list(candidates), list(weights)
        while len(chosen) < count:
            pick = rng.choices(range(len(pool)), weights=pool_weights)[0]
            chosen.append(pool.pop(pick))
            pool_weights.pop(pick)
        chosen.sort()
    lines: list[ReturnLinePlan] = []
    for index in chosen:
        line = order.lines[index]
        product = products[line.product]
        reason, comment = return_reason(rng, line, product)
        if forced_reason is not None:
            reason = forced_reason
            options = _COMMENTS.get((reason, product.vertical)) or _COMMENTS[(reason, "any")]
            comment = options[0]
        lines.append(ReturnLinePlan(line=index, quantity=line.quantity, reason=reason, comment=comment))
    return ReturnPlan(
        rma="",  # numbered once the order has its number
        status=status,
        created_at=created_at,
        lines=lines,
        refund_method="store_credit" if rng.random() < 0.25 else "original_payment",
    )


def cancellation_refund(order: OrderPlan, cancelled_at: datetime, minutes: int) -> RefundPlan:
    """The full refund of a paid order cancelled before it shipped."""
    return RefundPlan(
        amount=order.total,
        method="original_payment",
        status="succeeded",
        created_at=cancelled_at + timedelta(minutes=minutes),
        reason="Order cancelled before shipping",
    )
