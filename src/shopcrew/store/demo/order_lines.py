"""Pick what a shopper buys: products they would plausibly choose, in the sizes they wear.

A shopper orders their usual size. When a brand runs small or large, about a third of
shoppers already size up or down; the rest risk a bad fit, recorded on the line as
`fit_risk` so return reasons follow the brand's fit profile. A shopper whose feet are
wide but who buys a shoe offered only in Standard risks "too small" too.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from shopcrew.store.demo.plans import LinePlan, ProductPlan, ShopperProfile
from shopcrew.store.demo.size_charts import (
    KIDS_SHOES,
    KIDS_SIZES,
    MEN_INSEAMS,
    MEN_SUITS,
    PLUS_LETTERS,
    WOMEN_LETTERS,
)

_VERTICALS = ("beauty", "apparel", "footwear")
_LETTER_ORDER = ("XS", "S", "M", "L", "XL", "XXL", "1X", "2X", "3X")
_SUIT_FOR = {"S": "38R", "M": "40R", "L": "42R", "XL": "44R", "XXL": "46R"}
# Discontinued products stopped selling this long before `today`: only older orders hold them.
DISCONTINUED_BEFORE = timedelta(days=45)


def _popularity(product: ProductPlan) -> float:
    weight = 4.0 if "bestseller" in product.tags else 1.0
    if "new" in product.tags:
        weight *= 1.5
    if product.status == "discontinued":
        weight *= 0.6
    return weight


def _step(size: str, steps: int, offered: list[str]) -> str:
    """The size `steps` up (or down) from `size` among the offered letter sizes."""
    if size not in offered:
        return size
    index = min(max(offered.index(size) + steps, 0), len(offered) - 1)
    return offered[index]


class LinePicker:
    """Chooses products and variants for generated orders."""

    def __init__(self, rng: random.Random, products: list[ProductPlan], cutoff: datetime) -> None:
        self._rng = rng
        self._products = products
        self._cutoff = cutoff
        self._by_vertical = {
            vertical: [index for index, product in enumerate(products) if product.vertical == vertical]
            for vertical in _VERTICALS
        }

    def pick(
        self, profile: ShopperProfile, count: int, placed_at: datetime, *, in_stock: bool
    ) -> list[LinePlan]:
        """`count` lines for one order, on distinct variants."""
        lines: list[LinePlan] = []
        seen: set[tuple[int, int]] = set()
        attempts = 0
        while len(lines) < count and attempts < count * 20:
            attempts += 1
            vertical = self._rng.choices(_VERTICALS, weights=profile.vertical_weights)[0]
            line = self._pick_line(profile, vertical, placed_at, in_stock=in_stock)
            if line is None or (line.product, line.variant) in seen:
                continue
            seen.add((line.product, line.variant))
            lines.append(line)
        return lines

    def line_for(self, product_index: int, variant_index: int, quantity: int = 1) -> LinePlan:
        """A line for a specific variant (used by the named fixtures)."""
        product = self._products[product_index]
        variant = product.variants[variant_index]
        return LinePlan(
            product=product_index,
            variant=variant_index,
            title=product.title,
            variant_title=variant.title,
            sku=variant.sku,
            quantity=quantity,
            unit_price=variant.price,
        )

    def _candidates(self, vertical: str, placed_at: datetime, genders: tuple[str, ...]) -> list[int]:
        chosen = []
        for index in self._by_vertical[vertical]:
            product = self._products[index]
            if product.created_at >= placed_at:
                continue
            if product.status == "discontinued" and placed_at > self._cutoff - DISCONTINUED_BEFORE:
                continue
            if genders and product.attributes.get("gender") not in genders:
                continue
            chosen.append(index)
        return chosen

    def _pick_line(
        self, profile: ShopperProfile, vertical: str, placed_at: datetime, *, in_stock: bool
    ) -> LinePlan | None:
        rng = self._rng
        kids = vertical != "beauty" and rng.random() < 0.06
        if vertical == "beauty":
            genders: tuple[str, ...] = ()
        elif kids:
            genders = ("kids",)
        else:
            genders = (profile.wears, "unisex")
        candidates = self._candidates(vertical, placed_at, genders)
        if not candidates:
            return None
        weights = [_popularity(self._products[index]) for index in candidates]
        product_index = rng.choices(candidates, weights=weights)[0]
        product = self._products[product_index]
        wanted, fit_risk = self._wanted_options(profile, product)
        matches = [
            index
            for index, variant in enumerate(product.variants)
            if all(variant.options.get(key) == value for key, value in wanted.items())
        ]
        if in_stock:
            matches = [index for index in matches if product.variants[index].inventory > 0]
        if not matches:
            return None
        variant_index = rng.choice(matches)
        line = self.line_for(product_index, variant_index)
        line.fit_risk = fit_risk
        if vertical == "beauty" and rng.random() < 0.15:
            line.quantity = 2
        return line

    def _wanted_options(self, profile: ShopperProfile, product: ProductPlan) -> tuple[dict[str, str], str]:
        """The options this shopper would choose, and the fit risk that choice carries."""
        rng = self._rng
        if product.vertical == "beauty":
            sizes = list(product.attributes["sizes"])
            volume = sizes[0] if len(sizes) == 1 or rng.random() < 0.7 else rng.choice(sizes[1:])
            return {"volume": volume}, "none"
        gender = str(product.attributes["gender"])
        fit = str(product.attributes["fit_profile"])
        if product.vertical == "footwear":
            return self._shoe_options(profile, product, gender, fit)
        offered = list(product.attributes["sizes"])
        if gender == "kids":
            return {"size": rng.choice(KIDS_SIZES)}, "none"
        if product.category == "jeans":
            options, risk = self._adjusted(profile.jeans_waist, offered, fit)
            if gender == "men":
                options["inseam"] = rng.choice(MEN_INSEAMS)
            return options, risk
        size = profile.apparel_size
        if product.category == "suit" and gender == "men":
            suit = _SUIT_FOR.get(size, "40R")
            return ({"size": suit} if suit in MEN_SUITS else {"size": "40R"}), "none"
        if size in PLUS_LETTERS and size not in offered:
            size = "XXL"
        if gender == "unisex" and profile.wears == "women":
            size = _step(size, -1, list(WOMEN_LETTERS)) if size in WOMEN_LETTERS else "XL"
        if size not in offered:
            size = "M" if "M" in offered else offered[len(offered) // 2]
        options, risk = self._adjusted(size, [s for s in _LETTER_ORDER if s in offered] or offered, fit)
        return options, risk

    def _adjusted(self, size: str, offered: list[str], fit: str) -> tuple[dict[str, str], str]:
        """Usual size, or one up/down for a brand that runs small/large (when the shopper knows)."""
        if size not in offered:
            size = offered[len(offered) // 2]
        if fit == "true_to_size":
            return {"size": size}, "none"
        if self._rng.random() < 0.35:
            return {"size": _step(size, 1 if fit == "runs_small" else -1, offered)}, "none"
        return {"size": size}, "small" if fit == "runs_small" else "large"

    def _shoe_options(
        self, profile: ShopperProfile, product: ProductPlan, gender: str, fit: str
    ) -> tuple[dict[str, str], str]:
        rng = self._rng
        offered = list(product.attributes["sizes"])
        widths = list(product.attributes["widths"])
        if gender == "kids":
            return {"size": rng.choice(KIDS_SHOES), "width": "Standard"}, "none"
        size = profile.shoe_size
        if gender == "unisex" and profile.wears == "women":
            men = float(size) - 1.5
            size = str(int(men)) if men.is_integer() else str(men)
        if size not in offered:
            size = min(offered, key=lambda label: abs(float(label) - float(size)))
        risk = "none"
        width = profile.shoe_width
        if width not in widths:
            if width in ("Wide", "Extra Wide"):
                risk = "small"  # a wide foot squeezed into a standard last
            width = "Standard"
        if fit != "true_to_size":
            if rng.random() < 0.35:
                size = _step(size, 1 if fit == "runs_small" else -1, offered)
            elif risk == "none":
                risk = "small" if fit == "runs_small" else "large"
        return {"size": size, "width": width}, risk
