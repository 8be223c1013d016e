"""Size ranges and size-chart rows for apparel and footwear.

Charts give body measurements in centimetres. A brand that `runs_small` in a
category has every range shifted down (its M fits a smaller body than the standard
M), `runs_large` shifted up, so the chart and the fit profile tell the same story.
"""

from __future__ import annotations

from typing import Any

WOMEN_LETTERS = ("XS", "S", "M", "L", "XL", "XXL")
MEN_LETTERS = ("S", "M", "L", "XL", "XXL")
UNISEX_LETTERS = ("XS", "S", "M", "L", "XL", "XXL")
PLUS_LETTERS = ("1X", "2X", "3X")
KIDS_SIZES = ("4", "6", "8", "10", "12", "14")
WOMEN_JEANS = ("24", "25", "26", "27", "28", "29", "30", "31", "32", "34")
MEN_JEANS = ("28", "30", "31", "32", "33", "34", "36", "38")
MEN_INSEAMS = ("30", "32", "34")
MEN_SUITS = ("36R", "38R", "40R", "40L", "42R", "42L", "44R", "44L", "46R")

WOMEN_SHOES = ("5", "5.5", "6", "6.5", "7", "7.5", "8", "8.5", "9", "9.5", "10", "10.5", "11")
MEN_SHOES = ("7", "7.5", "8", "8.5", "9", "9.5", "10", "10.5", "11", "11.5", "12", "13", "14")
KIDS_SHOES = ("10C", "11C", "12C", "13C", "1Y", "2Y", "3Y", "4Y", "5Y", "6Y")
WIDTHS = ("Narrow", "Standard", "Wide", "Extra Wide")

TOP_CATEGORIES = frozenset(
    {"dress", "top", "shirt", "blouse", "t_shirt", "knitwear", "jacket", "coat", "blazer", "activewear"}
)
BOTTOM_CATEGORIES = frozenset({"trousers", "skirt", "jeans"})

_SHIFT_CM = {"runs_small": -3.0, "true_to_size": 0.0, "runs_large": 3.0}
_SHOE_SHIFT_CM = {"runs_small": -0.4, "true_to_size": 0.0, "runs_large": 0.4}

# Standard body measurements in cm: (bust/chest, waist, hips) lower bounds per size; the
# range runs to the next size's lower bound.
_WOMEN_BODY = {
    "XS": (80, 62, 87),
    "S": (84, 66, 91),
    "M": (88, 70, 95),
    "L": (93, 75, 100),
    "XL": (99, 81, 106),
    "XXL": (105, 87, 112),
    "1X": (112, 94, 119),
    "2X": (119, 102, 126),
    "3X": (127, 110, 134),
}
_WOMEN_NEXT = (135, 119, 142)
_MEN_BODY = {
    "S": (89, 76, 91),
    "M": (94, 81, 96),
    "L": (102, 89, 104),
    "XL": (110, 97, 112),
    "XXL": (118, 105, 120),
}
_MEN_NEXT = (126, 113, 128)
_UNISEX_BODY = {
    "XS": (82, 66, 86),
    "S": (88, 72, 92),
    "M": (94, 78, 98),
    "L": (100, 84, 104),
    "XL": (108, 92, 110),
    "XXL": (116, 100, 118),
}
_UNISEX_NEXT = (124, 108, 126)
_KIDS_BODY = {"4": (99, 56, 52), "6": (111, 60, 54), "8": (123, 64, 57), "10": (135, 69, 60)}
_KIDS_BODY |= {"12": (147, 75, 64), "14": (157, 81, 68)}
_KIDS_NEXT = (167, 86, 72)

_MEN_SHOE_EU = {"7": 40, "7.5": 40.5, "8": 41, "8.5": 42, "9": 42.5, "9.5": 43, "10": 44, "10.5": 44.5}
_MEN_SHOE_EU |= {"11": 45, "11.5": 45.5, "12": 46, "13": 47.5, "14": 48.5}
_WOMEN_SHOE_EU = {"5": 35.5, "5.5": 36, "6": 36.5, "6.5": 37.5, "7": 38, "7.5": 38.5, "8": 39}
_WOMEN_SHOE_EU |= {"8.5": 40, "9": 40.5, "9.5": 41, "10": 42, "10.5": 42.5, "11": 43}
_KIDS_SHOE = {  # label: (eu, uk, foot length cm)
    "10C": (27, "9.5", 16.5),
    "11C": (28, "10.5", 17.3),
    "12C": (30, "11.5", 18.2),
    "13C": (31, "12.5", 19.1),
    "1Y": (32, "13.5", 19.9),
    "2Y": (33.5, "1.5", 20.8),
    "3Y": (35, "2.5", 21.6),
    "4Y": (36, "3.5", 22.5),
    "5Y": (37, "4.5", 23.3),
    "6Y": (38.5, "5.5", 24.1),
}
# Width of the foot (cm) at the widest point, relative to the standard width.
_WIDTH_OFFSETS = {
    "women": {"Narrow": -0.9, "Standard": 0.0, "Wide": 0.9, "Extra Wide": 1.4},
    "men": {"Narrow": -0.9, "Standard": 0.0, "Wide": 0.5, "Extra Wide": 1.0},
    "kids": {"Narrow": -0.6, "Standard": 0.0, "Wide": 0.6, "Extra Wide": 1.0},
}


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _span(low: float, high: float, shift: float) -> list[float]:
    return [round(low + shift, 1), round(high + shift - 0.5, 1)]


def _letter_rows(
    body: dict[str, tuple[int, int, int]], following: tuple[int, int, int], sizes: tuple[str, ...]
) -> list[tuple[str, tuple[int, int, int], tuple[int, int, int]]]:
    labels = list(body)
    result = []
    for size in sizes:
        index = labels.index(size)
        upper = body[labels[index + 1]] if index + 1 < len(labels) else following
        result.append((size, body[size], upper))
    return result


def apparel_sizes(brand_id: str, category: str, gender: str) -> tuple[str, ...]:
    """The size labels a brand offers for a product of this category and gender."""
    if gender == "kids":
        return KIDS_SIZES
    if category == "jeans":
        return WOMEN_JEANS if gender == "women" else MEN_JEANS
    if category == "suit" and gender == "men":
        return MEN_SUITS
    if gender == "men":
        return MEN_LETTERS
    if gender == "unisex":
        return UNISEX_LETTERS
    if brand_id in ("marlowe-finch", "aurelia"):
        return WOMEN_LETTERS + PLUS_LETTERS
    return WOMEN_LETTERS


def apparel_chart_rows(
    category: str, gender: str, sizes: tuple[str, ...], profile: str
) -> list[dict[str, Any]]:
    """Chart rows (one per size) for one gender of one brand category."""
    shift = _SHIFT_CM[profile]
    if category == "jeans" and gender != "kids":
        return _jeans_rows(gender, sizes, shift)
    if category == "suit" and gender == "men":
        return _suit_rows(sizes, shift)
    if gender == "kids":
        table, following = _KIDS_BODY, _KIDS_NEXT
        keys = ("height", "chest", "waist")
    elif gender == "men":
        table, following = _MEN_BODY, _MEN_NEXT
        keys = ("chest", "waist", "hips")
    elif gender == "unisex":
        table, following = _UNISEX_BODY, _UNISEX_NEXT
        keys = ("chest", "waist", "hips")
    else:
        table, following = _WOMEN_BODY, _WOMEN_NEXT
        keys = ("bust", "waist", "hips")
    rows: list[dict[str, Any]] = []
    for size, low, high in _letter_rows(table, following, sizes):
        row: dict[str, Any] = {"gender": gender, "size": size}
        for key, lo, hi in zip(keys, low, high, strict=True):
            row[key] = _span(lo, hi, shift)
        if category in BOTTOM_CATEGORIES:
            row.pop("bust", None)
            row.pop("chest", None)
        if category == "trousers" and gender != "kids":
            row["inseam"] = 78 if gender == "women" else 81
        rows.append(row)
    return rows


def _jeans_rows(gender: str, sizes: tuple[str, ...], shift: float) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for size in sizes:
        inches = int(size)
        if gender == "women":
            # Women's denim sizes are roughly the waist in inches.
            waist = inches * 2.54
            row: dict[str, Any] = {"gender": gender, "size": size}
            row["waist"] = _span(waist - 1.0, waist + 2.0, shift)
            row["hips"] = _span(waist + 24.0, waist + 27.0, shift)
            row["inseam"] = 76
        else:
            waist = inches * 2.54
            row = {"gender": gender, "size": size, "waist": _span(waist - 1.0, waist + 2.0, shift)}
            row["hips"] = _span(waist + 16.0, waist + 19.0, shift)
            row["inseam_options_in"] = [int(value) for value in MEN_INSEAMS]
        rows.append(row)
    return rows


def _suit_rows(sizes: tuple[str, ...], shift: float) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for size in sizes:
        chest = int(size[:-1]) * 2.54
        length = "regular" if size.endswith("R") else "long"
        rows.append(
            {
                "gender": "men",
                "size": size,
                "chest": _span(chest - 1.0, chest + 4.0, shift),
                "waist": _span(chest - 16.0, chest - 11.0, shift),
                "height": [170, 183] if length == "regular" else [183, 196],
                "length": length,
            }
        )
    return rows


def shoe_sizes(gender: str) -> tuple[str, ...]:
    """US size labels offered for a shoe of this gender."""
    return {"women": WOMEN_SHOES, "men": MEN_SHOES, "kids": KIDS_SHOES}.get(gender, MEN_SHOES)


def shoe_chart_rows(gender: str, widths: list[str], profile: str) -> list[dict[str, Any]]:
    """Footwear chart rows: US/EU/UK sizes, foot length and foot width per offered width."""
    shift = _SHOE_SHIFT_CM[profile]
    offsets = _WIDTH_OFFSETS.get(gender, _WIDTH_OFFSETS["men"])
    rows: list[dict[str, Any]] = []
    for size in shoe_sizes(gender):
        if gender == "kids":
            eu, uk_label, length = _KIDS_SHOE[size]
            us: float | str = size
            uk: float | str = uk_label
            base_width = 6.4 + 0.22 * (length - 16.5)
        else:
            mens_scale = gender != "women"  # unisex shoes use men's sizes
            us = _number(float(size))
            # Brannock scale: one full size is a third of an inch.
            inches = (float(size) + 22) / 3 if mens_scale else (float(size) + 21) / 3
            length = inches * 2.54
            eu = (_MEN_SHOE_EU if mens_scale else _WOMEN_SHOE_EU)[size]
            uk = _number(float(size) - (1 if mens_scale else 2))
            size_number = float(size)
            base_width = (
                (10.2 + 0.25 * (size_number - 10)) if mens_scale else (9.1 + 0.22 * (size_number - 8))
            )
        rows.append(
            {
                "gender": gender,
                "size": size,
                "us": us,
                "eu": eu,
                "uk": uk,
                "foot_length_cm": round(length + shift, 1),
                "foot_width_cm": {width: round(base_width + offsets[width], 1) for width in widths},
            }
        )
    return rows
