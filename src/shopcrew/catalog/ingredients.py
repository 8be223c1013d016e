"""Ingredient lists (INCI) and the words shoppers use for what is in them."""

from __future__ import annotations

# What shoppers call an ingredient -> fragments of its INCI names. "fragrance" must find Parfum.
INCI_ALIASES: dict[str, tuple[str, ...]] = {
    "fragrance": ("parfum", "fragrance", "aroma"),
    "perfume": ("parfum", "fragrance", "aroma"),
    "parfum": ("parfum", "fragrance", "aroma"),
    "scent": ("parfum", "fragrance", "aroma"),
    "silicone": ("dimethicone", "siloxane", "methicone"),
    "sulfate": ("sulfate", "sulphate"),
    "sulphate": ("sulfate", "sulphate"),
    "retinol": ("retinol", "retinal", "retinyl"),
    "retinoid": ("retinol", "retinal", "retinyl", "retinoate"),
    "vitamin c": ("ascorbic", "ascorbyl", "ascorbate"),
    "vitamin e": ("tocopherol", "tocopheryl"),
    "essential oil": ("leaf oil", "flower oil", "peel oil", "bark oil", "seed oil", "herb oil"),
    "aha": ("glycolic", "lactic", "mandelic", "citric acid", "malic"),
    "bha": ("salicylic",),
}


def ingredients_matching(inci: str, asked: str) -> list[str]:
    """The INCI names in a list that are what the shopper asked about (through common aliases)."""
    asked = asked.strip().lower()
    singular = asked[:-1] if asked.endswith("s") else asked
    fragments = next(
        (
            aliases
            for name, aliases in INCI_ALIASES.items()
            if name in (asked, singular) or asked.startswith(name + " ")
        ),
        (asked.split()[0].rstrip("s"),),
    )
    names = [name.strip() for name in inci.split(",")]
    return [name for name in names if any(fragment in name.lower() for fragment in fragments)]
