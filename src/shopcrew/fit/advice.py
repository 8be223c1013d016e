"""The size to buy in one product: decided from charts, the brand's fit profile and the store's returns.

`advise` takes what is known about the shopper (measurements, size references, remembered sizes)
and returns a `SizeAdvice`: the size (and width), a confidence, the reasons, the alternative size,
and whether it is in stock. When nothing usable is known it names what to ask for. Shoes are sized
in `shoe_advice.py`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from shopcrew.domain.catalog import Product
from shopcrew.fit.charts import (
    PROFILE_WORDS,
    Chart,
    category_words,
    chart_for_product,
    product_gender,
    standard_chart,
)
from shopcrew.fit.evidence import fit_evidence, profile_shift_cm
from shopcrew.fit.groups import is_shoe_group, product_group
from shopcrew.fit.lookup import pick_reference, reference_chart, reference_row
from shopcrew.fit.record import SizeAdvice, catalog_spelling, cm_text, possessive, with_article
from shopcrew.fit.references import SizeReference
from shopcrew.fit.shoe_advice import advise_shoe
from shopcrew.fit.sizing import BODY_KEYS, body_from_row, fit_apparel

__all__ = ["SizeAdvice", "advise", "cm_text", "with_article"]

# Suit lengths: a long (L) jacket from this height up.
LONG_FROM_CM = 183.0
_ASK = {"chest_cm": "bust or chest", "waist_cm": "waist", "hips_cm": "hips", "height_cm": "height"}


def _stock(advice: SizeAdvice, product: Product, size: str, width: str | None, colour: str | None) -> None:
    """In stock or not, in the colour asked for when one was; the colours and sizes that are."""
    wanted = product.matching_variants(size=size, width=width, inseam=advice.inseam)
    known_colour = colour if colour and product.matching_variants(colour=colour) else None
    advice.colour = known_colour
    advice.made = bool(
        product.matching_variants(size=size, width=width, inseam=advice.inseam, colour=known_colour)
    )
    advice.in_stock = any(
        v.in_stock
        for v in product.matching_variants(size=size, width=width, inseam=advice.inseam, colour=known_colour)
    )
    advice.colours_in_stock = list(
        dict.fromkeys(str(v.options.get("colour")) for v in wanted if v.in_stock and v.options.get("colour"))
    )
    pool = product.matching_variants(width=width, colour=known_colour)
    advice.sizes_in_stock = list(
        dict.fromkeys(str(v.options.get("size")) for v in pool if v.in_stock and v.options.get("size"))
    )


def advise(
    session: Session,
    product: Product,
    measurements: Mapping[str, Any],
    refs: Sequence[SizeReference],
    remembered: Mapping[str, str],
    *,
    colour: str | None = None,
) -> SizeAdvice:
    """Decide the size of `product` for this shopper (see the module docstring)."""
    group = product_group(product)
    advice = SizeAdvice(product.id, product.title, group)
    if group is None:
        advice.missing = ["not_sized"]
        return advice
    chart = chart_for_product(session, product)
    advice.chart_source = chart.source
    evidence = fit_evidence(session, product.id)
    advice.evidence = evidence
    shoes = is_shoe_group(group)
    shift = 0.0
    if chart.source == "standard":
        shift += profile_shift_cm(chart.profile, shoes=shoes)
    if evidence.learned and evidence.learned != chart.profile:
        shift += profile_shift_cm(evidence.learned, shoes=shoes)
    if shoes:
        advise_shoe(session, advice, product, chart, measurements, refs, remembered, shift)
    else:
        _advise_apparel(session, advice, product, chart, measurements, refs, remembered, shift)
    if advice.size is None:
        return advice
    brand = chart.brand_name or product.brand
    if chart.profile != "true_to_size" and brand:
        advice.reasons.append(f"{brand} {PROFILE_WORDS[chart.profile]} in {category_words(product.category)}")
    if evidence.learned:
        if evidence.learned == chart.profile:
            advice.reasons.append(f"our returns agree: {evidence.sentence()}")
            advice.confidence += 0.05
        else:
            move = "up" if evidence.learned == "runs_small" else "down"
            advice.reasons.append(
                f"our returns say it {PROFILE_WORDS[evidence.learned]} ({evidence.sentence()}), so I sized {move}"
            )
    if chart.source == "standard":
        advice.reasons.append("the catalog has no size chart for it, so I used a standard chart")
        advice.confidence -= 0.1
    advice.confidence = max(0.2, min(0.95, advice.confidence))
    advice.size = catalog_spelling(product, advice.size)
    if advice.alternative:
        advice.alternative = catalog_spelling(product, advice.alternative)
    _stock(advice, product, advice.size, advice.width if shoes else None, colour)
    return advice


def _needed_keys(chart: Chart) -> list[str]:
    keys = [BODY_KEYS[k] for k in BODY_KEYS if chart.rows and all(k in r for r in chart.rows)]
    return [k for k in keys if k != "height_cm"] or keys


def _advise_apparel(
    session: Session,
    advice: SizeAdvice,
    product: Product,
    chart: Chart,
    measurements: Mapping[str, Any],
    refs: Sequence[SizeReference],
    remembered: Mapping[str, str],
    shift: float,
) -> None:
    group = advice.group or ""
    body = {k: float(v) for k, v in measurements.items() if k in _ASK and isinstance(v, int | float)}
    all_rows = chart.rows
    if any("length" in r for r in chart.rows):
        # Suits: the height picks the length (R or L), the chest the size within it.
        length = "long" if body.pop("height_cm", 0.0) >= LONG_FROM_CM else "regular"
        chart = replace(chart, rows=tuple(r for r in all_rows if r.get("length") == length) or all_rows)
    fitted = fit_apparel(chart.rows, body, shift_cm=shift)
    basis, confidence = "measurements", 0.9
    if fitted is not None:
        said = [
            f"{cm_text(p.value - (shift if p.key != 'height' else 0))} cm {p.key}" for p in fitted.placements
        ]
        row = chart.rows[fitted.index]
        spans = [
            f"{p.key} {cm_text(row[p.key][0])}-{cm_text(row[p.key][1])} cm"
            for p in fitted.placements
            if p.key in row
        ]
        owner = (
            possessive(chart.brand_name) if chart.source == "brand" and chart.brand_name else "the standard"
        )
        verb = "fit" if len(said) > 1 else "fits"
        advice.reasons.append(f"your {', '.join(said)} {verb} {owner} {row['size']} ({', '.join(spans)})")
    else:
        picked = pick_reference(refs, remembered, group)
        if picked is None:
            advice.missing = [_ASK[k] for k in _needed_keys(chart)] or ["measurements"]
            return
        ref, basis = picked
        ref_chart = reference_chart(session, ref, product, group)
        ref_row = reference_row(ref_chart, ref.size)
        if ref_row is None:
            advice.missing = ["a size I can place: " + ref.describe()]
            return
        if ref_row.get("length") and any("length" in r for r in all_rows):
            rows = tuple(r for r in all_rows if r.get("length") == ref_row["length"])
            chart = replace(chart, rows=rows or all_rows)
        fitted = fit_apparel(chart.rows, body_from_row(ref_row), shift_cm=shift)
        if fitted is None:
            advice.missing = [_ASK[k] for k in _needed_keys(chart)]
            return
        target = (
            f"{possessive(chart.brand_name)} {chart.rows[fitted.index]['size']}"
            if chart.brand_name and chart.source == "brand"
            else f"the standard {chart.rows[fitted.index]['size']}"
        )
        if ref_chart.source == "brand":
            worn = f"{with_article(ref.size)} in {ref_chart.brand_name} {ref.group or group}"
        else:
            worn = f"your usual {ref.size} in {ref.group or group}"
        advice.reasons.append(f"{worn} matches {target}")
        confidence = {"reference": 0.8 if ref_chart.source == "brand" else 0.72, "remembered": 0.72}.get(
            basis, 0.62
        )
    advice.basis = basis
    advice.size = str(chart.rows[fitted.index]["size"])
    if fitted.alternative is not None:
        other = str(chart.rows[fitted.alternative]["size"])
        advice.alternative = other
        bigger, smaller = (other, advice.size) if fitted.alternative > fitted.index else (advice.size, other)
        if fitted.alternative_kind == "mixed":
            advice.alternative_note = (
                f"{advice.size} fits everywhere; {other} would be closer but snug where you're largest"
            )
            confidence -= 0.2
        else:
            advice.alternative_note = (
                f"between sizes: take {bigger} for a relaxed fit, {smaller} for a closer fit"
            )
            # A reference stands for a typical body of its size, so its edge says less than a tape measure's.
            confidence -= 0.15 if basis == "measurements" else 0.08
    if fitted.outside:
        edge = "largest" if fitted.outside == "above" else "smallest"
        advice.outside = fitted.outside
        advice.reasons.append(f"you're beyond its {edge} size, so even {advice.size} may not fit")
        confidence = 0.3
    advice.confidence = confidence
    if basis == "measurements":
        standard = standard_chart(product.category, product_gender(product), group, [])
        if any("length" in r for r in standard.rows):
            length = "long" if str(advice.size).endswith("L") else "regular"
            standard = replace(standard, rows=tuple(r for r in standard.rows if r.get("length") == length))
        usual = fit_apparel(standard.rows, body)
        advice.usual_size = str(standard.rows[usual.index]["size"]) if usual else None
    picked_ref = pick_reference(refs, remembered, group)
    if basis != "measurements" and picked_ref and picked_ref[0].inseam in product.option_values("inseam"):
        advice.inseam = picked_ref[0].inseam
        advice.reasons.append(f"inseam {advice.inseam} in, as you wear")
    elif "inseam_cm" in measurements and product.option_values("inseam"):
        inches = float(measurements["inseam_cm"]) / 2.54
        options = product.option_values("inseam")
        best = min(options, key=lambda o: abs(float(o) - inches))
        advice.inseam = best
        advice.reasons.append(
            f"inseam {best} in for your {cm_text(float(measurements['inseam_cm']))} cm inside leg"
        )
