"""A small fictional catalog for the local engine's tests (footwear, beauty and apparel)."""

from __future__ import annotations

from shopcrew.models.local.gazetteer import Gazetteer, GazetteerEntry

ENTRIES = (
    GazetteerEntry(1, "Northpeak Trail Runner GTX", "Northpeak", "trail running shoe", "footwear"),
    GazetteerEntry(2, "Northpeak Summit Hiking Boot", "Northpeak", "hiking boot", "footwear"),
    GazetteerEntry(3, "Northpeak Road Runner 3", "Northpeak", "running shoe", "footwear"),
    GazetteerEntry(4, "Strider Daily Trainer", "Strider", "running shoe", "footwear"),
    GazetteerEntry(5, "Strider Trail Blaze", "Strider", "trail running shoe", "footwear"),
    GazetteerEntry(6, "Lumen Vitamin C Serum 15%", "Lumen", "serum", "beauty"),
    GazetteerEntry(7, "Lumen Retinol Night Cream", "Lumen", "moisturizer", "beauty"),
    GazetteerEntry(8, "Calm Barrier Moisturizer", "Kindskin", "moisturizer", "beauty"),
    GazetteerEntry(9, "Kindskin Hydra Gel Cleanser", "Kindskin", "cleanser", "beauty"),
    GazetteerEntry(10, "Kindskin Daily Mineral Sunscreen SPF 50", "Kindskin", "sunscreen", "beauty"),
    GazetteerEntry(11, "Aster Hyaluronic Acid Serum", "Aster", "serum", "beauty"),
    GazetteerEntry(12, "Cloudsoft Merino Crew", "Cloudsoft", "sweater", "apparel"),
    GazetteerEntry(13, "Cloudsoft Merino Hoodie", "Cloudsoft", "hoodie", "apparel"),
    GazetteerEntry(14, "Harbor Linen Wrap Dress", "Harbor & Pine", "dress", "apparel"),
    GazetteerEntry(
        15, "Harbor & Pine Oxford Shirt", "Harbor & Pine", "shirt", "apparel", aliases=("the oxford",)
    ),
    GazetteerEntry(16, "Meridian Slim Chino", "Meridian", "pants", "apparel"),
)
COLOURS = ("Sage", "Heather Grey", "Sand")


def build_gazetteer() -> Gazetteer:
    """A fresh gazetteer over the test catalog."""
    return Gazetteer(ENTRIES, colours=COLOURS, extra_brands=("Glowrie",))
