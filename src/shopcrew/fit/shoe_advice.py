"""Shoe sizes: foot length on the brand's chart, rounding up between sizes, and the width."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from shopcrew.domain.catalog import Product
from shopcrew.fit.charts import Chart, product_gender, standard_chart
from shopcrew.fit.groups import SHOES
from shopcrew.fit.lookup import pick_reference, reference_chart, reference_row
from shopcrew.fit.record import SizeAdvice, foot_text, with_article
from shopcrew.fit.references import SizeReference
from shopcrew.fit.sizing import fit_shoe


def advise_shoe(
    session: Session,
    advice: SizeAdvice,
    product: Product,
    chart: Chart,
    measurements: Mapping[str, Any],
    refs: Sequence[SizeReference],
    remembered: Mapping[str, str],
    shift: float,
) -> None:
    group = advice.group or SHOES
    foot = measurements.get("foot_length_cm")
    width_word = measurements.get("foot_width")
    width_cm = measurements.get("foot_width_cm")
    basis, confidence = "measurements", 0.9
    ref: SizeReference | None = None
    if not isinstance(foot, int | float):
        picked = pick_reference(refs, remembered, group)
        if picked is None:
            advice.missing = ["foot length", "or your usual shoe size"]
            return
        ref, basis = picked
        ref_chart = reference_chart(session, ref, product, group)
        ref_row = reference_row(ref_chart, ref.size)
        if ref_row is None or "foot_length_cm" not in ref_row:
            advice.missing = ["a shoe size I can place: " + ref.describe()]
            return
        foot = float(ref_row["foot_length_cm"])
        where = ref_chart.brand_name or "standard US sizing"
        advice.reasons.append(f"{with_article(ref.size)} in {where} fits a {foot_text(foot)} cm foot")
        confidence = 0.8 if ref_chart.source == "brand" else 0.72
    width_word = (
        (ref.width.lower() if ref and ref.width else None) or width_word or _remembered_width(remembered)
    )
    fitted = fit_shoe(
        chart.rows,
        float(foot),
        foot_width_cm=float(width_cm) if isinstance(width_cm, int | float) else None,
        foot_width_word=width_word,
        shift_cm=shift,
    )
    row = chart.rows[fitted.index]
    advice.basis = basis
    advice.size = str(row["size"])
    if basis == "measurements":
        advice.reasons.append(
            f"for your {foot_text(float(foot))} cm foot: {chart.brand_name or 'standard'} size {row['size']} is cut for {foot_text(float(row['foot_length_cm']))} cm"
        )
        standard = standard_chart(product.category, product_gender(product), group, [])
        advice.usual_size = str(standard.rows[fit_shoe(standard.rows, float(foot)).index]["size"])
    if fitted.alternative is not None:
        other = str(chart.rows[fitted.alternative]["size"])
        advice.alternative = other
        advice.alternative_note = f"between sizes: take {advice.size} for room, {other} for a snug fit"
        confidence -= 0.15
    offered = product.option_values("width")
    wanted = fitted.width
    if wanted and offered and wanted not in offered:
        advice.reasons.append(f"it doesn't come in {wanted} (only {', '.join(offered)})")
        if wanted in ("Wide", "Extra Wide") and fitted.index + 1 < len(chart.rows):
            roomier = str(chart.rows[fitted.index + 1]["size"])
            advice.alternative, advice.alternative_note = (
                roomier,
                f"if you try it, {roomier} in Standard gives a wide foot more room",
            )
        wanted = "Standard" if "Standard" in offered else offered[0]
        confidence -= 0.2
    elif fitted.width_reason:
        advice.reasons.append(fitted.width_reason)
    advice.width = wanted if offered else None
    if fitted.outside:
        advice.outside = fitted.outside
        advice.reasons.append("your foot is beyond this shoe's size range")
        confidence = 0.3
    advice.confidence = confidence


def _remembered_width(remembered: Mapping[str, str]) -> str | None:
    width = remembered.get("shoe_width")
    return width.lower() if width else None
