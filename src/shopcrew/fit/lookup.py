"""Size references turned into bodies: which reference applies, on which chart, and its row."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from shopcrew.domain.catalog import Product
from shopcrew.fit.charts import (
    WOMEN_NUMERIC_TO_LETTER,
    Chart,
    brand_chart_for_group,
    brand_row,
    product_gender,
    standard_chart,
)
from shopcrew.fit.groups import RELATED_GROUPS
from shopcrew.fit.references import SizeReference


def reference_row(chart: Chart, size: str) -> dict[str, Any] | None:
    row = chart.row_for(size)
    if row is None and size in WOMEN_NUMERIC_TO_LETTER:
        row = chart.row_for(WOMEN_NUMERIC_TO_LETTER[size])
    return row


def reference_chart(session: Session, ref: SizeReference, product: Product, group: str) -> Chart:
    gender = ref.gender or product_gender(product)
    brand = brand_row(session, ref.brand_id) if ref.brand_id else None
    if brand is not None:
        chart = brand_chart_for_group(session, brand, ref.group or group, gender)
        if chart is not None:
            return chart
    category = product.category if (ref.group or group) == group else "top"
    return standard_chart(category, gender, ref.group or group, [])


def pick_reference(
    refs: Sequence[SizeReference], remembered: Mapping[str, str], group: str
) -> tuple[SizeReference, str] | None:
    """The best size reference for a group: said now, then remembered, then a related group's."""
    for ref in refs:
        if ref.group in (group, None):
            return ref, "reference"
    if remembered.get(group):
        return SizeReference(size=remembered[group], group=group), "remembered"
    for related in RELATED_GROUPS.get(group, ()):
        for ref in refs:
            if ref.group == related:
                return ref, "related"
        if remembered.get(related):
            return SizeReference(size=remembered[related], group=related), "related"
    return None
