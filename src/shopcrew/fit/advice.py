"""The size to buy in one product: decided from charts, the brand's fit profile and the store's returns.

`advise` takes what is known about the shopper (measurements, size references, remembered sizes)
and returns a `SizeAdvice`: the size (and width), a confidence, the reasons, the alternative size,
and whether it is in stock. When nothing usable is known it names what to ask for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from shopcrew.domain.catalog import Product
from shopcrew.fit.charts import (
    PROFILE_WORDS,
    WOMEN_NUMERIC_TO_LETTER,
    Chart,
    brand_chart_for_group,
    brand_row,
    category_words,
    chart_for_product,
    product_gender,
    standard_chart,
)
from shopcrew.fit.evidence import FitEvidence, fit_evidence, profile_shift_cm
from shopcrew.fit.groups import RELATED_GROUPS, SHOES, is_shoe_group, product_group
from shopcrew.fit.references import SizeReference, normalise_size
from shopcrew.fit.sizing import BODY_KEYS, body_from_row, fit_apparel, fit_shoe

# Suit lengths: a long (L) jacket from this height up.
LONG_FROM_CM = 183.0
_ASK = {"chest_cm": "bust or chest", "waist_cm": "waist", "hips_cm": "hips", "height_cm": "height"}


@dataclass
class SizeAdvice:
    """The decision for one product, with everything the reply may say about it."""

    product_id: int
    title: str
    group: str | None
    size: str | None = None
    width: str | None = None
    confidence: float = 0.0
    basis: str = ""
    reasons: list[str] = field(default_factory=list)
    alternative: str | None = None
    alternative_note: str | None = None
    in_stock: bool = False
    colours_in_stock: list[str] = field(default_factory=list)
    sizes_in_stock: list[str] = field(default_factory=list)
    chart_source: str = ""
    evidence: FitEvidence | None = None
    outside: str | None = None
    missing: list[str] = field(default_factory=list)
    usual_size: str | None = None  # the shopper's standard size in this group, to remember
    inseam: str | None = None
    colour: str | None = None  # the colour asked for, when the product comes in it
    made: bool = True  # False when the product isn't made in that size (and width, colour) at all

    @property
    def confidence_label(self) -> str:
        """ "high", "medium" or "low"."""
        return "high" if self.confidence >= 0.8 else "medium" if self.confidence >= 0.6 else "low"

    def facts(self) -> dict[str, Any]:
        """The advice as reply facts."""
        return {
            "id": self.product_id,
            "title": self.title,
            "size": self.size,
            "width": self.width,
            "confidence": self.confidence_label,
            "confidence_score": round(self.confidence, 2),
            "basis": self.basis,
            "reasons": list(self.reasons),
            "alternative": self.alternative,
            "alternative_note": self.alternative_note,
            "in_stock": self.in_stock,
            "colours_in_stock": list(self.colours_in_stock),
            "sizes_in_stock": list(self.sizes_in_stock),
            "chart": self.chart_source,
            "outside": self.outside,
            "missing": list(self.missing),
            "evidence": self.evidence.sentence() if self.evidence and self.evidence.learned else None,
            "inseam": self.inseam,
            "colour": self.colour,
            "made": self.made,
        }


def catalog_spelling(product: Product, size: str) -> str:
    """The size as the product's variants spell it ("M" -> "Medium" in an imported catalog)."""
    for value in product.option_values("size"):
        if value.casefold() == size.casefold():
            return value
    for value in product.option_values("size"):
        if normalise_size(value).casefold() == size.casefold():
            return value
    return size


def with_article(size: str) -> str:
    """ "an M", "an 8", "a 10", "an 11" - the article as the size is said aloud."""
    if len(size) > 3 and size[:2].isalpha():  # a word: "a Medium", "an Extra Large"
        spoken_vowel = size[:1].upper() in set("AEIOU")
    else:
        spoken_vowel = size[:1].upper() in set("8AEFHILMNORSX") or size.startswith(("11", "18"))
    return f"{'an' if spoken_vowel else 'a'} {size}"


def foot_text(value: float) -> str:
    """A foot length to the millimetre ("27.5", "26.3", "27")."""
    return f"{float(value):.1f}".removesuffix(".0")


def possessive(name: str) -> str:
    """ "Fieldnote's", "Kinetic Athletics'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def cm_text(value: float) -> str:
    """A length as a reply says it: to the half centimetre ("86.5", "165")."""
    halves = round(float(value) * 2) / 2
    return f"{halves:.0f}" if halves.is_integer() else f"{halves:.1f}"


def _reference_row(chart: Chart, size: str) -> dict[str, Any] | None:
    row = chart.row_for(size)
    if row is None and size in WOMEN_NUMERIC_TO_LETTER:
        row = chart.row_for(WOMEN_NUMERIC_TO_LETTER[size])
    return row


def _reference_chart(session: Session, ref: SizeReference, product: Product, group: str) -> Chart:
    gender = ref.gender or product_gender(product)
    brand = brand_row(session, ref.brand_id) if ref.brand_id else None
    if brand is not None:
        chart = brand_chart_for_group(session, brand, ref.group or group, gender)
        if chart is not None:
            return chart
    category = product.category if (ref.group or group) == group else "top"
    return standard_chart(category, gender, ref.group or group, [])


def _pick_reference(
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
        _advise_shoe(session, advice, product, chart, measurements, refs, remembered, shift)
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
        picked = _pick_reference(refs, remembered, group)
        if picked is None:
            advice.missing = [_ASK[k] for k in _needed_keys(chart)] or ["measurements"]
            return
        ref, basis = picked
        ref_chart = _reference_chart(session, ref, product, group)
        ref_row = _reference_row(ref_chart, ref.size)
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
    picked_ref = _pick_reference(refs, remembered, group)
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


def _advise_shoe(
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
        picked = _pick_reference(refs, remembered, group)
        if picked is None:
            advice.missing = ["foot length", "or your usual shoe size"]
            return
        ref, basis = picked
        ref_chart = _reference_chart(session, ref, product, group)
        ref_row = _reference_row(ref_chart, ref.size)
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
