"""What the store's own returns say about a product's fit: enough "too small" returns shift its profile.

A product's fit profile is learned only with enough evidence: at least `MIN_FIT_RETURNS` returns
for fit in one direction, making up at least `MIN_SHARE` of its fit returns. A learned profile that
agrees with the brand's declared one confirms it; one that differs shifts the advice.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shopcrew.store.commerce_tables import OrderLineRow, ReturnRow

MIN_FIT_RETURNS = 3
MIN_SHARE = 2 / 3
# How far a learned profile moves the body measurements compared with the chart (cm).
APPAREL_SHIFT_CM = 2.5
SHOE_SHIFT_CM = 0.4


@dataclass(frozen=True)
class FitEvidence:
    """Fit returns of one product and the profile they support (None without enough evidence)."""

    product_id: int
    units_sold: int
    too_small: int
    too_large: int
    learned: str | None

    def sentence(self) -> str:
        """ "4 of 32 buyers returned it as too small", for the reply's reason."""
        count, word = (
            (self.too_small, "too small")
            if self.too_small >= self.too_large
            else (self.too_large, "too large")
        )
        return f"{count} of {self.units_sold} buyers returned it as {word}"


def fit_evidence(session: Session, product_id: int) -> FitEvidence:
    """Count the product's units sold and its returns for "too small" and "too large"."""
    lines = dict(
        session.execute(
            select(OrderLineRow.id, OrderLineRow.order_id).where(OrderLineRow.product_id == product_id)
        ).all()
    )
    sold = (
        session.scalar(
            select(func.coalesce(func.sum(OrderLineRow.quantity), 0)).where(
                OrderLineRow.product_id == product_id, OrderLineRow.status != "cancelled"
            )
        )
        or 0
    )
    small = large = 0
    if lines:
        orders = set(lines.values())
        for row in session.scalars(select(ReturnRow).where(ReturnRow.order_id.in_(orders))):
            if row.status == "rejected":
                continue
            for line in row.lines or []:
                if not isinstance(line, dict) or line.get("line_id") not in lines:
                    continue
                quantity = int(line.get("quantity") or 1)
                if line.get("reason") == "too_small":
                    small += quantity
                elif line.get("reason") == "too_large":
                    large += quantity
    return FitEvidence(product_id, int(sold), small, large, learned_profile(small, large))


def learned_profile(too_small: int, too_large: int) -> str | None:
    """The profile fit returns support, or None when there are too few or they disagree."""
    total = too_small + too_large
    if too_small >= MIN_FIT_RETURNS and too_small >= MIN_SHARE * total:
        return "runs_small"
    if too_large >= MIN_FIT_RETURNS and too_large >= MIN_SHARE * total:
        return "runs_large"
    return None


def profile_shift_cm(profile: str | None, *, shoes: bool) -> float:
    """How much bigger (positive) a body should be read to size a garment with that profile."""
    step = SHOE_SHIFT_CM if shoes else APPAREL_SHIFT_CM
    return {"runs_small": step, "runs_large": -step}.get(profile or "", 0.0)
