"""A catalog product as a piece of a look: its slot (top, bottom, dress, suit, layer, shoes,
accessory), formality, occasions, seasons, gender and the colours it is in stock in.

Works from the catalog's own data on any store: category and title words decide the slot, listed
occasions (or a feed's usage tags such as "Formal") decide the formality, with the garment kind's
usual formality where a product lists none (shoes rarely do)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from shopcrew.domain.catalog import Product
from shopcrew.outfit.vocabulary import OCCASION_FORMALITY, SEASONS, USAGE_OCCASIONS

SLOTS = ("dress", "suit", "top", "bottom", "layer", "shoes", "accessory")

# (slot, kind, usual formality, occasions when the product lists none), matched on title words
# first and the category second; the first rule that matches wins.
_RULES: tuple[tuple[str, str, str, float, str], ...] = (
    # pattern, slot, kind, formality, default occasions
    (
        r"sports? bra|singlet|training (tank|top)|running (tee|singlet)|half.zip training|base layer",
        "top",
        "active top",
        0.3,
        "workout",
    ),
    (
        r"leggings|running (shorts|tights)|training joggers|skort|track ?pants|tights|yoga (pants|leggings)|flare pants",
        "bottom",
        "active bottom",
        0.3,
        "workout",
    ),
    (
        r"swim|bikini|trunks|pyjama|pajama|nightwear|nightdress|lounge|innerwear|brief|boxer|bra\b|panty|socks?\b|vest\b",
        "",
        "",
        0,
        "",
    ),
    (r"wallet|perfume|fragrance|deodorant|lipstick|nail|mascara|kajal|voucher|gift", "", "", 0, ""),
    (r"tracksuit|track suit|swimsuit", "", "", 0, ""),
    (r"\bsuit\b|tuxedo", "suit", "suit", 4.5, "interview,office,wedding guest"),
    (r"blazer|waistcoat|nehru", "layer", "blazer", 4.0, "office,interview,wedding guest"),
    (r"overcoat|trench|wrap coat|\bcoat\b|parka|puffer|anorak", "layer", "coat", 2.8, "casual,travel,office"),
    (r"jacket|bomber|windcheater|shacket|overshirt|gilet", "layer", "jacket", 2.2, "casual,travel"),
    (r"cardigan|shrug", "layer", "cardigan", 2.4, "casual,office"),
    (
        r"dress shoe|oxford shoe|\boxford\b(?! button)|derby|brogue|monk strap|loafer|formal shoe",
        "shoes",
        "dress shoes",
        4.0,
        "office,interview,wedding guest,date night",
    ),
    (
        r"\bpumps?\b|heel(s|ed)?\b|stiletto|kitten heel|slingback|wedge",
        "shoes",
        "heels",
        4.0,
        "wedding guest,party,date night,office",
    ),
    (r"flip.?flop|slides?\b|recovery slide", "shoes", "flip-flops", 0.8, "beach"),
    (r"sandal", "shoes", "sandals", 1.5, "beach,casual,travel"),
    (
        r"chelsea|riding boot|service boot|ankle boot",
        "shoes",
        "boots",
        3.0,
        "casual,date night,office,travel",
    ),
    (r"snow boot|rain boot|hiking|hiker|trek|approach shoe|insulated", "", "", 0, ""),
    (r"\bboots?\b", "shoes", "boots", 2.2, "casual,travel"),
    (
        r"running|trail|cloudlift|road|sports? shoe|training shoe|walker|trainer",
        "shoes",
        "athletic shoes",
        0.4,
        "workout",
    ),
    (
        r"sneaker|plimsoll|canvas (low|high)|high.top|low.top|slip.on|casual shoe|espadrille",
        "shoes",
        "sneakers",
        1.8,
        "casual,travel",
    ),
    (r"\bflats?\b|ballerina|mary jane|pointed flat", "shoes", "flats", 3.0, "office,casual,date night"),
    (
        r"saree|sari|lehenga|anarkali|gown|jumpsuit|playsuit|romper|\bdress\b(?!\s*(shirt|shoes?|trousers|pants))",
        "dress",
        "dress",
        3.0,
        "",
    ),
    (r"jeans|denim (short|skirt)", "bottom", "jeans", 2.0, "casual"),
    (r"skirt", "bottom", "skirt", 3.0, "office,casual"),
    (
        r"chino|trousers|pants|slacks|culottes|palazzo|churidar|salwar|capri|joggers?",
        "bottom",
        "trousers",
        2.8,
        "casual,office",
    ),
    (r"shorts", "bottom", "shorts", 1.2, "casual,beach"),
    (r"blouse|shell", "top", "blouse", 3.2, "office"),
    (r"\btee\b|\bt.?shirt|tank|cami(sole)?|henley|crop top|\btop\b", "top", "tee", 1.6, "casual"),
    (r"shirt(?!s? dress)|kurta|kurti|polo|tunic", "top", "shirt", 2.8, "casual,office"),
    (
        r"sweater|jumper|crewneck|crew neck|turtleneck|quarter.zip|sweatshirt|hoodie|pullover|knit",
        "top",
        "knit",
        2.2,
        "casual",
    ),
    (r"\bbelts?\b", "accessory", "belt", 2.5, ""),
    (
        r"\btie\b|\bties\b|bow tie|cufflink|pocket square",
        "accessory",
        "tie",
        4.0,
        "office,interview,wedding guest",
    ),
    (r"watch", "accessory", "watch", 2.5, ""),
    (r"handbag|clutch|tote|\bbags?\b|backpack|satchel|sling|purse", "accessory", "bag", 2.5, ""),
    (r"earring|necklace|bracelet|pendant|ring\b|jewel\w*|bangle|anklet", "accessory", "jewellery", 3.0, ""),
    (r"scarf|scarves|stole|muffler|dupatta", "accessory", "scarf", 2.5, ""),
    (r"sunglasses|eyewear|\bcap\b|\bhat\b|beanie", "accessory", "eyewear", 1.5, "casual,beach,travel"),
)
_COMPILED: tuple[tuple[re.Pattern[str], str, str, float, str], ...] = tuple(
    (re.compile(rf"(?:{pattern})", re.IGNORECASE), slot, kind, base, occasions)
    for pattern, slot, kind, base, occasions in _RULES
)
_DEFAULT_OCCASIONS = {kind: occasions for _, slot, kind, _, occasions in _RULES if slot}
# A category the catalog names outright wins over title words ("Heavy Twill Overshirt" is a shirt
# to the store, a layer to a stylist: title words win only for these generic categories).
_GENERIC_CATEGORIES = frozenset(
    [
        "topwear",
        "bottomwear",
        "apparel",
        "clothing",
        "shoes",
        "footwear",
        "general",
        "accessories",
        "activewear",
        "knitwear",
        "apparel_set",
        "top",
        "shirt",
    ]
)
_CATEGORY_SLOTS: dict[str, tuple[str, str, float]] = {
    "dress": ("dress", "dress", 3.0),
    "saree": ("dress", "dress", 3.5),
    "jeans": ("bottom", "jeans", 2.0),
    "trousers": ("bottom", "trousers", 2.8),
    "skirt": ("bottom", "skirt", 3.0),
    "shorts": ("bottom", "shorts", 1.2),
    "blouse": ("top", "blouse", 3.2),
    "t_shirt": ("top", "tee", 1.6),
    "blazer": ("layer", "blazer", 4.0),
    "coat": ("layer", "coat", 2.8),
    "jacket": ("layer", "jacket", 2.2),
    "suit": ("suit", "suit", 4.5),
    "dress_shoes": ("shoes", "dress shoes", 4.0),
    "running": ("shoes", "athletic shoes", 0.4),
    "trail_running": ("shoes", "athletic shoes", 0.3),
    "walking": ("shoes", "athletic shoes", 0.8),
    "hiking": ("", "", 0.0),
    "sneakers": ("shoes", "sneakers", 1.8),
    "flip_flops": ("shoes", "flip-flops", 0.8),
    "innerwear": ("", "", 0.0),
    "loungewear_and_nightwear": ("", "", 0.0),
    "socks": ("", "", 0.0),
    "swimwear": ("", "", 0.0),
    "sleepwear": ("", "", 0.0),
    "wallets": ("", "", 0.0),
    "fragrance": ("", "", 0.0),
    "belts": ("accessory", "belt", 2.5),
    "watches": ("accessory", "watch", 2.5),
    "bags": ("accessory", "bag", 2.5),
    "jewellery": ("accessory", "jewellery", 3.0),
    "ties": ("accessory", "tie", 4.0),
    "cufflinks": ("accessory", "tie", 4.0),
    "scarves": ("accessory", "scarf", 2.5),
    "stoles": ("accessory", "scarf", 2.5),
}
_WEARABLE_VERTICALS = frozenset({"apparel", "footwear", "accessories"})
_SEASON_NAMES = {"fall": "autumn", **{s: s for s in SEASONS}}


@dataclass(frozen=True)
class ColourStock:
    """One colour of a piece: its lowest in-stock price and the sizes (casefolded) in stock."""

    colour: str
    price: Decimal
    sizes: frozenset[str]
    widths: frozenset[str]
    offered: frozenset[str]  # every size this colour comes in, in stock or not


@dataclass(frozen=True)
class StyleItem:
    """A product as a stylist uses it."""

    product_id: int
    title: str
    slot: str
    kind: str
    gender: str  # women | men | unisex | kids
    formality: float
    occasions: frozenset[str]
    seasons: frozenset[str]  # empty: any season
    colours: tuple[ColourStock, ...]
    words: frozenset[str]

    @property
    def min_price(self) -> Decimal:
        """The lowest in-stock price over its colours."""
        return min(c.price for c in self.colours)


def style_item(product: Product) -> StyleItem | None:
    """The product as a piece of a look, or None when it is not worn (beauty, socks) or out of stock."""
    if not product.active or product.vertical.casefold() not in _WEARABLE_VERTICALS:
        return None
    placed = _slot(product)
    if placed is None:
        return None
    slot, kind, base, default_occasions = placed
    colours = _colours(product)
    if not colours:
        return None
    listed = _listed_occasions(product)
    occasions = frozenset(listed or [o for o in default_occasions.split(",") if o])
    formality = base
    if listed:
        # What the merchant says the piece is for outweighs what such pieces usually are.
        known = [OCCASION_FORMALITY[o] for o in listed if o in OCCASION_FORMALITY]
        if known:
            formality = 0.35 * base + 0.65 * sum(known) / len(known)
    said = [str(x).casefold() for x in product.attributes.get("seasons") or []]
    seasons = frozenset(_SEASON_NAMES[s] for s in said if s in _SEASON_NAMES)
    if not seasons and kind in ("sandals", "flip-flops"):
        seasons = frozenset({"spring", "summer"})
    gender = str(product.attributes.get("gender") or "unisex").casefold()
    text = " ".join([product.title, product.category.replace("_", " "), product.description, *product.tags])
    return StyleItem(
        product_id=product.id,
        title=product.title,
        slot=slot,
        kind=kind,
        gender=gender if gender in ("women", "men", "kids", "unisex") else "unisex",
        formality=round(formality, 2),
        occasions=occasions,
        seasons=seasons if len(seasons) < 4 else frozenset(),
        colours=tuple(colours),
        words=frozenset(re.findall(r"[a-z]+", text.casefold())),
    )


def style_items(products: Iterable[Product]) -> list[StyleItem]:
    """Every product that can be part of a look."""
    return [item for item in (style_item(p) for p in products) if item is not None]


def _slot(product: Product) -> tuple[str, str, float, str] | None:
    category = product.category.casefold()
    title = product.title.casefold()
    footwear = product.vertical.casefold() == "footwear" or category in ("shoes", "sandal", "flip_flops")
    known = _CATEGORY_SLOTS.get(category)
    if known is not None and not known[0]:
        return None  # hiking boots, socks, swimwear: not worn to an occasion
    if known is not None and not footwear:
        slot, kind, base = known
        if slot == "bottom" and re.search(r"\bshorts\b", title):
            slot, kind, base = "bottom", "shorts", 1.2
        return (slot, kind, base, _DEFAULT_OCCASIONS.get(kind, "")) if slot else None
    for pattern, slot, kind, base, defaults in _COMPILED:
        # A shoe is a shoe whatever its name says about clothes ("Trail Runner"), and only a shoe is.
        if (footwear and slot not in ("shoes", "")) or (not footwear and slot == "shoes"):
            continue
        if pattern.search(title):
            return (slot, kind, base, defaults) if slot else None
    if known is not None:
        slot, kind, base = known
        return (slot, kind, base, _DEFAULT_OCCASIONS.get(kind, "")) if slot else None
    if footwear:
        return "shoes", "shoes", 2.0, "casual"
    if category not in _GENERIC_CATEGORIES:
        # The category names the garment ("blouse", "knitwear"): run the rules over it.
        for pattern, slot, kind, base, defaults in _COMPILED:
            if slot != "shoes" and pattern.search(category.replace("_", " ")):
                return (slot, kind, base, defaults) if slot else None
    return None


def _listed_occasions(product: Product) -> list[str]:
    listed: list[str] = []
    for value in product.attributes.get("occasions") or []:
        listed.extend(USAGE_OCCASIONS.get(str(value).casefold(), ()))
    return list(dict.fromkeys(listed))


def _colours(product: Product) -> list[ColourStock]:
    by_colour: dict[str, list[tuple[Decimal, str, str, bool]]] = {}
    listed = [str(c) for c in product.attributes.get("colours") or []]
    for variant in product.variants:
        colour = (
            variant.options.get("colour") or variant.options.get("color") or (listed[0] if listed else "")
        )
        size = str(variant.options.get("size") or "").casefold()
        width = str(variant.options.get("width") or "").casefold()
        by_colour.setdefault(str(colour), []).append((variant.price, size, width, variant.in_stock))
    stocks: list[ColourStock] = []
    for colour, rows in by_colour.items():
        in_stock = [r for r in rows if r[3]]
        if not colour or not in_stock:
            continue
        stocks.append(
            ColourStock(
                colour=colour,
                price=min(r[0] for r in in_stock),
                sizes=frozenset(r[1] for r in in_stock if r[1]),
                widths=frozenset(f"{r[1]}|{r[2]}" for r in in_stock if r[2]),
                offered=frozenset(r[1] for r in rows if r[1]),
            )
        )
    return stocks
