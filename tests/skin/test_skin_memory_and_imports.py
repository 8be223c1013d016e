"""The skin profile follows a known shopper across channels; imported catalogs are judged the same way."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conversations import converse

from shopcrew.app import Assistant
from shopcrew.catalog.importing.service import import_catalog
from shopcrew.domain.messages import CustomerRef

JANE = CustomerRef(email="jane.doe@example.com", verified=True)
SHOPIFY_BEAUTY = Path(__file__).resolve().parents[1] / "catalog" / "fixtures" / "shopify_beauty.csv"


async def test_a_skin_profile_given_on_the_web_is_known_on_whatsapp(assistant: Assistant) -> None:
    (told,) = await converse(
        assistant, "I have sensitive skin and rosacea, and I'm on retinol", customer=JANE
    )
    assert told.agents == ("skin",)
    (asked,) = await converse(
        assistant, "which moisturizer would you recommend for me?", customer=JANE, channel="whatsapp"
    )
    assert asked.conversation_id != told.conversation_id
    assert asked.trace["parts"][0]["intent"] == "skin.recommend", asked.reply
    assert "rosacea" in asked.reply and "using retinol" in asked.reply


async def test_products_imported_from_shopify_and_json_are_judged_by_their_ingredients(
    assistant: Assistant,
) -> None:
    import_catalog(assistant.engine, SHOPIFY_BEAUTY.read_bytes(), "shopify_beauty.csv")
    scented = {
        "products": [
            {
                "handle": "acme-glow-cream",
                "title": "Acme Glow Cream",
                "brand": "Acme",
                "vertical": "beauty",
                "category": "moisturizer",
                "ingredients": "Water, Glycerin, Alcohol Denat., Menthol, Fragrance, Limonene",
                "variants": [{"sku": "ACME-1", "price": "21.00", "inventory": 9}],
            }
        ]
    }
    import_catalog(assistant.engine, json.dumps(scented).encode(), "acme.json")
    assistant.reload_catalog()
    _, barrier, acme = await converse(
        assistant,
        "I have sensitive skin and rosacea",
        "would the Barrier Repair Cream suit me?",
        "and would the Acme Glow Cream suit me?",
    )
    assert "Barrier Repair Cream looks like a good fit" in barrier.reply
    assert "skip Acme Glow Cream" in acme.reply
    assert "Alcohol Denat." in acme.reply and "Menthol" in acme.reply and "Fragrance" in acme.reply
