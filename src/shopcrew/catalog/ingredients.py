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


# What a shopper avoiding something means, which is stricter than "is there any X in it?":
# "fragrance-free" also rules out essential oils and the fragrance allergens labelled on INCI lists;
# "alcohol-free" means no drying alcohol (fatty alcohols such as cetyl alcohol are emollients, not
# what the shopper avoids); "sulfate-free" means the foaming surfactants, not magnesium sulfate.
# A fragment starting with "=" must equal the whole INCI name.
_ESSENTIAL_OILS = (
    "leaf oil",
    "flower oil",
    "peel oil",
    "bark oil",
    "herb oil",
    "lavandula",
    "lavender",
    "mentha piperita",
    "peppermint",
    "eucalyptus",
    "rosmarinus",
    "tea tree",
    "ylang",
)
_FRAGRANCE = (
    "parfum",
    "fragrance",
    "aroma",
    *_ESSENTIAL_OILS,
    "=linalool",
    "=limonene",
    "=citronellol",
    "=geraniol",
    "=citral",
    "=eugenol",
    "=coumarin",
    "=farnesol",
    "=hexyl cinnamal",
    "=benzyl salicylate",
    "=benzyl benzoate",
    "=cinnamal",
    "=isoeugenol",
    "=amyl cinnamal",
)
AVOID_ALIASES: dict[str, tuple[str, ...]] = {
    "fragrance": _FRAGRANCE,
    "essential oil": _ESSENTIAL_OILS,
    "alcohol": ("=alcohol", "alcohol denat", "sd alcohol", "isopropyl alcohol", "ethanol"),
    "sulfate": (
        "lauryl sulfate",
        "laureth sulfate",
        "coco-sulfate",
        "myreth sulfate",
        "lauryl sulphate",
        "laureth sulphate",
    ),
    "paraben": ("paraben",),
    "silicone": ("dimethicone", "siloxane", "methicone", "silicone"),
    "mineral oil": ("paraffinum liquidum", "mineral oil", "petrolatum"),
    "retinoid": ("retinol", "retinal", "retinyl", "retinoate"),
    "aha": ("glycolic", "lactic acid", "mandelic", "malic acid"),
    "bha": ("salicylic",),
    "lanolin": ("lanolin",),
    "beeswax": ("cera alba", "beeswax"),
    "nut oil": ("amygdalus", "almond", "macadamia", "argania", "butyrospermum", "shea"),
}
# The words shoppers use -> the AVOID_ALIASES entry they mean.
AVOID_WORDS: dict[str, str] = {
    "fragrance": "fragrance",
    "fragrances": "fragrance",
    "perfume": "fragrance",
    "parfum": "fragrance",
    "scent": "fragrance",
    "scents": "fragrance",
    "essential oil": "essential oil",
    "essential oils": "essential oil",
    "alcohol": "alcohol",
    "drying alcohol": "alcohol",
    "sulfate": "sulfate",
    "sulfates": "sulfate",
    "sulphate": "sulfate",
    "sulphates": "sulfate",
    "sls": "sulfate",
    "paraben": "paraben",
    "parabens": "paraben",
    "silicone": "silicone",
    "silicones": "silicone",
    "mineral oil": "mineral oil",
    "retinol": "retinoid",
    "retinoid": "retinoid",
    "retinoids": "retinoid",
    "aha": "aha",
    "ahas": "aha",
    "acids": "aha",
    "bha": "bha",
    "salicylic acid": "bha",
    "lanolin": "lanolin",
    "beeswax": "beeswax",
    "nuts": "nut oil",
    "nut": "nut oil",
    "nut oil": "nut oil",
    "nut oils": "nut oil",
}
# Without an ingredient list, a product passes an avoidance only through the merchant's own flag.
AVOID_FLAGS: dict[str, str] = {
    "fragrance": "fragrance_free",
    "alcohol": "alcohol_free",
    "paraben": "paraben_free",
}


def avoided_ingredients(inci: str, avoid: str) -> list[str]:
    """The INCI names in a list that a shopper avoiding `avoid` (an AVOID_WORDS word) must not get."""
    key = AVOID_WORDS.get(avoid.strip().lower(), avoid.strip().lower())
    fragments = AVOID_ALIASES.get(key) or INCI_ALIASES.get(key) or (key,)
    found: list[str] = []
    for name in (n.strip() for n in inci.split(",")):
        lowered = name.lower()
        for fragment in fragments:
            exact = fragment.startswith("=")
            if (lowered.rstrip(".") == fragment[1:]) if exact else (fragment in lowered):
                found.append(name)
                break
    return found
