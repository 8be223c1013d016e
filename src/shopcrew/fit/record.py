"""A size decision as the reply sees it (`SizeAdvice`), and how sizes and lengths are said."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shopcrew.domain.catalog import Product
from shopcrew.fit.evidence import FitEvidence
from shopcrew.fit.references import normalise_size


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
