"""Size groups: which of the shopper's sizes applies to a product ("tops", "bottoms", "shoes", ...).

The state remembers one size per group (`ConversationState.sizes`), so a medium given for a
T-shirt also sizes a shirt, and a 10.5 given for runners also sizes boots.
"""

from __future__ import annotations

from shopcrew.domain.catalog import Product

TOPS, BOTTOMS, DRESSES, OUTERWEAR, SUITS, SHOES = "tops", "bottoms", "dresses", "outerwear", "suits", "shoes"
KIDS, KIDS_SHOES = "kids", "kids_shoes"

CATEGORY_GROUPS = {
    "dress": DRESSES,
    "top": TOPS,
    "shirt": TOPS,
    "blouse": TOPS,
    "t_shirt": TOPS,
    "knitwear": TOPS,
    "activewear": TOPS,
    "jeans": BOTTOMS,
    "trousers": BOTTOMS,
    "skirt": BOTTOMS,
    "jacket": OUTERWEAR,
    "coat": OUTERWEAR,
    "blazer": OUTERWEAR,
    "suit": SUITS,
}
_WORD_GROUPS = {
    "top": TOPS,
    "tops": TOPS,
    "shirt": TOPS,
    "shirts": TOPS,
    "tee": TOPS,
    "tees": TOPS,
    "t-shirt": TOPS,
    "t-shirts": TOPS,
    "tshirts": TOPS,
    "blouse": TOPS,
    "blouses": TOPS,
    "sweater": TOPS,
    "sweaters": TOPS,
    "knitwear": TOPS,
    "hoodie": TOPS,
    "hoodies": TOPS,
    "leggings": BOTTOMS,
    "jeans": BOTTOMS,
    "denim": BOTTOMS,
    "trousers": BOTTOMS,
    "pants": BOTTOMS,
    "chinos": BOTTOMS,
    "skirt": BOTTOMS,
    "skirts": BOTTOMS,
    "shorts": BOTTOMS,
    "bottoms": BOTTOMS,
    "dress": DRESSES,
    "dresses": DRESSES,
    "jacket": OUTERWEAR,
    "jackets": OUTERWEAR,
    "coat": OUTERWEAR,
    "coats": OUTERWEAR,
    "blazer": OUTERWEAR,
    "blazers": OUTERWEAR,
    "outerwear": OUTERWEAR,
    "suit": SUITS,
    "suits": SUITS,
    "shoe": SHOES,
    "shoes": SHOES,
    "runners": SHOES,
    "running": SHOES,
    "sneakers": SHOES,
    "trainers": SHOES,
    "boots": SHOES,
    "boot": SHOES,
    "sandals": SHOES,
    "heels": SHOES,
    "pumps": SHOES,
    "loafers": SHOES,
    "oxfords": SHOES,
    "hikers": SHOES,
    "footwear": SHOES,
}
# A reference in one group can stand in for another, less surely: a top size sizes a dress.
RELATED_GROUPS = {
    DRESSES: (TOPS, OUTERWEAR),
    TOPS: (DRESSES, OUTERWEAR),
    OUTERWEAR: (TOPS, DRESSES),
    SUITS: (OUTERWEAR, TOPS),
    BOTTOMS: (),
    SHOES: (),
    KIDS: (),
    KIDS_SHOES: (),
}


def group_for_word(word: str) -> str | None:
    """The size group a garment word names ("runners" -> "shoes"), or None."""
    return _WORD_GROUPS.get(word.lower().strip("'"))


def product_group(product: Product) -> str | None:
    """The size group of a product, or None when it isn't sized (beauty, accessories)."""
    gender = str(product.attributes.get("gender") or "")
    if product.vertical == "footwear":
        return KIDS_SHOES if gender == "kids" or product.category == "kids" else SHOES
    if product.vertical != "apparel":
        return None
    if gender == "kids":
        return KIDS
    category = product.category.lower()
    if category in CATEGORY_GROUPS:
        return CATEGORY_GROUPS[category]
    for word in category.replace("_", " ").split():
        if group_for_word(word):
            return group_for_word(word)
    return TOPS


def is_shoe_group(group: str | None) -> bool:
    """True for the footwear groups."""
    return group in (SHOES, KIDS_SHOES)
