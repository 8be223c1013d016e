"""Turning what feeds carry (tags, metafields, gender columns, HTML bodies) into shopcrew attributes.

Attribute names follow the demo store's, so search filters and agents read imported products the
same way: materials, colours, gender, age_group, care, skin_types, concerns, key_ingredients,
fragrance_free, vegan, cruelty_free, waterproof.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Any

from shopcrew.catalog.importing.records import snake_case

_GENDERS = {
    "women": "women",
    "woman": "women",
    "womens": "women",
    "female": "women",
    "ladies": "women",
    "men": "men",
    "man": "men",
    "mens": "men",
    "male": "men",
    "unisex": "unisex",
    "kids": "kids",
    "kid": "kids",
    "children": "kids",
    "boys": "kids",
    "girls": "kids",
}
_NOT_LETTERS = re.compile(r"[^a-z]")
KIDS_AGE_GROUPS = frozenset({"newborn", "infant", "toddler", "kids"})

# Tags that are facts: "Vegan", "fragrance-free", "Cruelty Free".
_FLAG_TAGS = {
    "vegan": "vegan",
    "fragrance_free": "fragrance_free",
    "unscented": "fragrance_free",
    "cruelty_free": "cruelty_free",
    "waterproof": "waterproof",
}
# Prefixed tags some stores (and shopcrew's demo) use: "skin:dry", "concern:acne".
_PREFIXED_TAGS = {
    "skin": "skin_types",
    "concern": "concerns",
    "occasion": "occasions",
    "season": "seasons",
    "material": "materials",
    "color": "colours",
    "colour": "colours",
}

# Metafield keys (custom.* or Shopify's category metafields) -> shopcrew attribute, and its kind.
_METAFIELDS: dict[str, tuple[str, str]] = {
    "key_ingredients": ("key_ingredients", "list"),
    "hero_ingredients": ("key_ingredients", "list"),
    "actives": ("key_ingredients", "list"),
    "material": ("materials", "list"),
    "materials": ("materials", "list"),
    "fabric": ("materials", "list"),
    "composition": ("materials", "list"),
    "care": ("care", "text"),
    "care_instructions": ("care", "text"),
    "care_guide": ("care", "text"),
    "skin_type": ("skin_types", "lower_list"),
    "skin_types": ("skin_types", "lower_list"),
    "concern": ("concerns", "lower_list"),
    "concerns": ("concerns", "lower_list"),
    "skin_concern": ("concerns", "lower_list"),
    "skin_concerns": ("concerns", "lower_list"),
    "fragrance_free": ("fragrance_free", "flag"),
    "vegan": ("vegan", "flag"),
    "cruelty_free": ("cruelty_free", "flag"),
    "waterproof": ("waterproof", "flag"),
    "color": ("colours", "title_list"),
    "colour": ("colours", "title_list"),
    "colors": ("colours", "title_list"),
    "colours": ("colours", "title_list"),
    "color_pattern": ("colours", "title_list"),
    "gender": ("gender", "gender"),
    "target_gender": ("gender", "gender"),
    "age_group": ("age_group", "lower"),
    "how_to_use": ("how_to_use", "text"),
    "directions": ("how_to_use", "text"),
    "fit": ("fit", "lower"),
    "occasion": ("occasions", "lower_list"),
    "occasions": ("occasions", "lower_list"),
    "season": ("seasons", "lower_list"),
    "seasons": ("seasons", "lower_list"),
}
INGREDIENT_KEYS = frozenset(
    {"ingredients", "ingredient_list", "inci", "full_ingredients", "ingredients_inci"}
)
_METAFIELD_COLUMN = re.compile(
    r"(?:^|\()\s*(?:product|variant)\.metafields\.[\w-]+\.([\w-]+)\s*\)?\s*$", re.IGNORECASE
)


@lru_cache(maxsize=256)
def normalize_gender(value: str | None) -> str | None:
    """women / men / unisex / kids from feed spellings (female, Mens, Unisex, ...), else None."""
    if not value:
        return None
    return _GENDERS.get(_NOT_LETTERS.sub("", value.casefold()))


def metafield_key(column: str) -> str | None:
    """The metafield key a column carries: both `product.metafields.custom.ingredients` and
    `Ingredients (product.metafields.custom.ingredients)` give "ingredients"."""
    match = _METAFIELD_COLUMN.search(column.strip())
    return snake_case(match.group(1)) if match else None


def split_values(raw: str) -> list[str]:
    """A list value: a JSON array, or items separated by `;`, `|` or newlines (commas too if no other)."""
    text = raw.strip()
    if text.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError:
            items = None
        if isinstance(items, list):
            return [str(item).strip() for item in items if str(item).strip()]
    separator = next((sep for sep in (";", "|", "\n") if sep in text), ",")
    return [item.strip() for item in text.split(separator) if item.strip()]


def parse_flag(raw: str) -> bool | None:
    """True/False from true, yes, 1 / false, no, 0; None for anything else."""
    value = raw.strip().casefold()
    if value in {"true", "yes", "y", "1"}:
        return True
    if value in {"false", "no", "n", "0"}:
        return False
    return None


def merge_list(attributes: dict[str, Any], key: str, values: list[str]) -> None:
    """Add values to a list attribute, keeping order and dropping case-insensitive duplicates."""
    current = list(attributes.get(key, []))
    seen = {str(item).casefold() for item in current}
    for value in values:
        if value and value.casefold() not in seen:
            current.append(value)
            seen.add(value.casefold())
    if current:
        attributes[key] = current


def attributes_from_tags(tags: list[str]) -> dict[str, Any]:
    """Facts stated by tags: flags (vegan, fragrance-free), prefixed values (skin:dry), a gender tag."""
    attributes: dict[str, Any] = {}
    for tag in tags:
        prefix, colon, value = tag.partition(":")
        if colon and snake_case(prefix) in _PREFIXED_TAGS and value.strip():
            key = _PREFIXED_TAGS[snake_case(prefix)]
            item = value.strip().title() if key == "colours" else value.strip().casefold()
            merge_list(attributes, key, [item])
            continue
        flag = _FLAG_TAGS.get(snake_case(tag))
        if flag:
            attributes[flag] = True
        gender = normalize_gender(tag) if len(tag) <= 8 else None
        if gender and "gender" not in attributes:
            attributes["gender"] = gender
    return attributes


def apply_metafield(attributes: dict[str, Any], key: str, raw: str) -> None:
    """Store one metafield's value under its shopcrew attribute (unknown keys keep their own name)."""
    if not raw.strip():
        return
    target, kind = _METAFIELDS.get(key, (key, "auto"))
    if kind == "flag":
        flag = parse_flag(raw)
        if flag is not None:
            attributes[target] = flag
    elif kind == "gender":
        gender = normalize_gender(raw)
        if gender:
            attributes[target] = gender
    elif kind == "lower":
        attributes[target] = raw.strip().casefold()
    elif kind == "text":
        attributes[target] = raw.strip()
    elif kind in ("list", "lower_list", "title_list"):
        values = [_readable(item) for item in split_values(raw)]
        if kind == "lower_list":
            values = [value.casefold() for value in values]
        elif kind == "title_list":
            values = [value.title() for value in values]
        merge_list(attributes, target, values)
    else:
        values = split_values(raw) if raw.strip().startswith("[") else []
        attributes[target] = values if values else raw.strip()


def _readable(value: str) -> str:
    # Shopify category metafields export metaobject handles ("light-blue"); show them as words.
    return value.replace("-", " ") if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", value) else value


_DROPPED = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(r"</?(?:p|br|li|div|ul|ol|tr|h[1-6])\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")


def html_to_text(body: str) -> str:
    """Plain text from a product body: tags dropped, entities decoded, one line per block."""
    if "<" not in body and "&" not in body:
        return " ".join(body.split())
    # Regexes, not an HTML parser: bodies are short, trusted markup and this is ~10x faster.
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", _DROPPED.sub("", body)))
    lines = (" ".join(line.split()) for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)


_VOLUME = re.compile(r"^\d+(?:[.,]\d+)?\s*(?:ml|l|fl\.? ?oz|oz|g|kg)$", re.IGNORECASE)
_OPTION_NAMES = {
    "color": "colour",
    "colour": "colour",
    "colors": "colour",
    "colours": "colour",
    "size": "size",
    "sizes": "size",
    "shoe_size": "size",
    "width": "width",
    "material": "material",
    "pattern": "pattern",
    "volume": "volume",
}


def option_key(name: str, values: list[str], vertical: str) -> str:
    """shopcrew's option key for a feed's option name: Color -> colour, a beauty Size in ml -> volume."""
    key = _OPTION_NAMES.get(snake_case(name), snake_case(name) or "option")
    if key == "size" and vertical == "beauty" and values and all(_VOLUME.match(v.strip()) for v in values):
        return "volume"
    return key


def option_facts(attributes: dict[str, Any], options: list[dict[str, str]]) -> None:
    """Lift variant option values into product attributes: colours, sizes, materials."""
    for key, target in (("colour", "colours"), ("size", "sizes")):
        merge_list(attributes, target, [o[key] for o in options if o.get(key)])
    # "Cotton/Elastane" names two materials.
    materials = [part.strip() for o in options for part in o.get("material", "").split("/")]
    merge_list(attributes, "materials", [m for m in materials if m])
