"""The beauty vertical: 113 skincare products with full INCI lists.

Each row names a base formula, its actives and any additives (fragrance, essential
oils, alcohol denat., menthol, witch hazel); `inci.compose_inci` writes the label.
`fragrance_free` and `vegan` are derived from the finished list. Rows that claim
sensitive skin or rosacea/redness must be free of fragrance and the usual irritants;
`build_beauty_products` refuses rows that break this.
"""

from __future__ import annotations

import random
import re
from datetime import datetime

from shopcrew.store.demo.catalog_common import created_at_for, join_words, product_handle, stock_level
from shopcrew.store.demo.inci import compose_inci, is_fragrance_free, is_vegan, known_active, sensitising
from shopcrew.store.demo.plans import BrandPlan, ProductPlan, VariantPlan, money, split_list, table_rows

SKIN_TYPES = ("dry", "oily", "combination", "normal", "sensitive")
CONCERNS = ("acne", "rosacea", "hyperpigmentation", "dehydration", "ageing", "redness", "dullness", "pores")
REPLENISHABLE = frozenset({"cleanser", "toner", "serum", "moisturizer", "sunscreen", "body"})

# brand | title | category | formula | actives | additives | skin types ("all" = all five) | concerns | volume=price;... | tags
_PRODUCTS = """
# Cleansers
calma | Gentle Milky Cleanser | cleanser | cream_cleanser | oat;ceramides;allantoin | - | dry;normal;sensitive | rosacea;redness;dehydration | 150 ml=18.00;400 ml=34.00 | bestseller
calma | Soothing Gel Cleanser | cleanser | gel_cleanser | centella;panthenol | - | oily;combination;normal;sensitive | redness;rosacea | 150 ml=17.00 | -
calma | Micellar Cleansing Water | cleanser | micellar | panthenol;allantoin;bisabolol | - | all | redness | 400 ml=16.00 | -
verity | Hydrating Cream Cleanser | cleanser | cream_cleanser | ceramides;ha | - | dry;normal;sensitive | dehydration | 236 ml=14.50;473 ml=21.00 | bestseller
verity | Foaming Facial Cleanser | cleanser | foam_cleanser | niacinamide;ceramides | - | oily;combination;normal | pores;acne | 236 ml=14.50 | -
verity | Oil Control Gel Cleanser | cleanser | gel_cleanser | zinc_pca;niacinamide | - | oily;combination | pores;acne | 236 ml=13.00 | -
clearform | 2% Salicylic Acid Daily Cleanser | cleanser | gel_cleanser | salicylic;zinc_pca;green_tea | - | oily;combination | acne;pores | 150 ml=19.00 | bestseller
clearform | Clarifying Tea Tree Foam | cleanser | foam_cleanser | salicylic;tea_tree | menthol | oily | acne;pores | 150 ml=18.00 | -
dewpoint | Low-pH Morning Gel Cleanser | cleanser | gel_cleanser | probiotic;green_tea | - | combination;normal;oily | dullness;dehydration | 150 ml=16.00 | new
dewpoint | Melting Cleansing Balm | cleanser | balm_cleanser | rice;vite | parfum | dry;normal;combination | dullness | 100 ml=28.00 | -
wildroot | Lavender Oat Cleansing Milk | cleanser | cream_cleanser | oat;jojoba | lavender | dry;normal | dehydration | 200 ml=24.00 | -
wildroot | Citrus Awakening Face Wash | cleanser | gel_cleanser | aloe;green_tea | orange | normal;oily;combination | dullness | 200 ml=22.00 | discontinued
petal-pestle | Rose Cleansing Oil | cleanser | oil_cleanser | rosehip;vite | rose | dry;normal | dullness;dehydration | 150 ml=38.00 | -
lumen-lab | Glycolic Resurfacing Cleanser | cleanser | gel_cleanser | glycolic;aloe | - | oily;combination;normal | dullness;hyperpigmentation;pores | 150 ml=22.00 | -
# Toners and essences
dewpoint | Hydra Layering Essence | toner | essence | ha;panthenol;rice | - | dry;normal;combination;sensitive | dehydration;dullness | 150 ml=26.00 | bestseller
dewpoint | Mugwort Soothing Toner | toner | toner | mugwort;centella | - | all | redness;dehydration | 200 ml=24.00 | new
lumen-lab | 7% Glycolic Toning Solution | toner | aha_liquid | glycolic;aloe | - | normal;oily;combination | dullness;hyperpigmentation;pores | 240 ml=21.00 | bestseller
lumen-lab | PHA Gentle Exfoliating Tonic | toner | toner | pha;ha | - | all | dullness;pores | 200 ml=24.00 | -
calma | Barrier Calming Toner | toner | toner | centella;panthenol;allantoin | - | all | redness;rosacea;dehydration | 200 ml=20.00 | -
wildroot | Witch Hazel Rose Tonic | toner | toner | rose_water;aloe | witch_hazel;alcohol;rose | oily;combination;normal | pores | 200 ml=19.00 | -
clearform | Pore Refining BHA Toner | toner | bha_liquid | salicylic;niacinamide | - | oily;combination | acne;pores | 200 ml=23.00 | -
petal-pestle | Neroli Blossom Mist | toner | toner | rose_water;ha | neroli;alcohol | normal;dry | dullness;dehydration | 100 ml=32.00 | -
verity | Hydrating Toner with Ceramides | toner | toner | ceramides;ha;niacinamide | - | all | dehydration | 200 ml=15.00 | -
# Serums
lumen-lab | 15% Vitamin C + Ferulic Serum | serum | laa_serum | vitc_laa;ferulic;vite | - | normal;oily;combination | dullness;hyperpigmentation;ageing | 30 ml=34.00 | bestseller
dewpoint | Glow Drops 10% Vitamin C | serum | serum | vitc_ethyl;ha;licorice | - | all | dullness;hyperpigmentation | 30 ml=28.00 | -
calma | Sensitive Skin Vitamin C Serum | serum | serum | vitc_sap;centella;panthenol | - | all | dullness;redness;hyperpigmentation | 30 ml=38.00 | new
petal-pestle | Radiance Vitamin C Elixir | serum | serum | vitc_sap;licorice | parfum | normal;dry | dullness;ageing | 30 ml=68.00 | -
lumen-lab | 20% Vitamin C Booster Oil | serum | oil_serum | vitc_thd;vite | - | dry;normal | dullness;ageing | 30 ml=46.00 | -
lumen-lab | 10% Niacinamide + Zinc Serum | serum | serum | niacinamide;zinc_pca | - | oily;combination;normal | pores;acne;redness | 30 ml=12.00;60 ml=20.00 | bestseller
lumen-lab | Multi-Weight Hyaluronic Serum | serum | serum | ha;panthenol;polyglutamic | - | all | dehydration | 30 ml=16.00;60 ml=27.00 | bestseller
lumen-lab | 10% Azelaic Acid Suspension | serum | serum | azelaic;bisabolol | - | all | rosacea;redness;acne;hyperpigmentation | 30 ml=22.00 | -
lumen-lab | 2% Alpha Arbutin + Tranexamic Serum | serum | serum | arbutin;tranexamic;ha | - | all | hyperpigmentation;dullness | 30 ml=26.00 | new
lumen-lab | Copper Peptide Serum | serum | serum | copper_peptides;ha;panthenol | - | all | ageing;dehydration | 30 ml=32.00 | -
dewpoint | Snail Repair Essence Serum | serum | essence | snail;ha;allantoin | - | dry;normal;combination | dehydration;redness | 100 ml=25.00 | -
dewpoint | Rice Water Brightening Serum | serum | serum | rice;niacinamide;probiotic | - | normal;combination;dry | dullness | 50 ml=27.00 | -
dewpoint | Centella Calming Ampoule | serum | essence | centella;cica_balm;panthenol | - | all | redness;rosacea;dehydration | 50 ml=29.00 | -
calma | Redness Relief Serum | serum | serum | niacinamide;centella;licorice;bisabolol | - | all | redness;rosacea | 30 ml=36.00 | bestseller
calma | Barrier Repair Serum | serum | serum | squalane;ceramides;lipids;panthenol | - | all | dehydration;redness | 30 ml=34.00 | -
verity | Ceramide Hydrating Serum | serum | serum | niacinamide;ceramides;ha | - | all | dehydration | 30 ml=18.00 | -
verity | Niacinamide Pore Serum 5% | serum | serum | niacinamide;zinc_pca;ha | - | all | pores;redness | 30 ml=16.00 | discontinued
clearform | Blemish Control Serum | serum | serum | salicylic;niacinamide;zinc_pca | - | oily;combination | acne;pores | 30 ml=24.00 | bestseller
clearform | Azelaic + Sulfur Spot Serum | serum | serum | azelaic;sulfur | - | oily;combination | acne;redness | 15 ml=18.00 | -
wildroot | Rosehip Radiance Facial Oil | serum | oil_serum | rosehip;jojoba | neroli | dry;normal | dullness;ageing | 30 ml=34.00 | -
wildroot | Tea Tree Clarifying Drops | serum | oil_serum | jojoba;tea_tree | lavender | oily;combination | acne | 15 ml=22.00 | -
petal-pestle | Golden Peptide Firming Serum | serum | serum | peptides;copper_peptides;ha | parfum | normal;dry | ageing | 30 ml=78.00 | -
# Moisturizers: the first ten suit sensitive and rosacea-prone skin, the rest contain irritants
calma | Daily Calm Moisturizer | moisturizer | cream | ceramides;centella;panthenol | - | all | rosacea;redness;dehydration | 50 ml=32.00;100 ml=54.00 | bestseller
calma | Rosacea Relief Gel Cream | moisturizer | gel_cream | niacinamide;centella;bisabolol | - | all | rosacea;redness | 50 ml=36.00 | -
calma | Rich Barrier Cream | moisturizer | rich_cream | oat;ceramides;lipids | - | dry;normal;sensitive | dehydration;redness;rosacea | 50 ml=38.00 | -
verity | Daily Moisturizing Lotion | moisturizer | cream | ceramides;ha | - | all | dehydration | 355 ml=17.00 | bestseller
verity | Moisturizing Cream with Ceramides | moisturizer | rich_cream | ceramides;ha | - | dry;normal;sensitive | dehydration;redness | 453 g=19.00 | bestseller
verity | Oil-Free Gel Moisturizer | moisturizer | gel_cream | niacinamide;ha | - | oily;combination;normal;sensitive | pores;dehydration | 50 ml=16.00 | -
dewpoint | Water Bank Gel Cream | moisturizer | gel_cream | ha;polyglutamic;algae | - | oily;combination;normal;sensitive | dehydration | 50 ml=32.00 | bestseller
dewpoint | Cica Recovery Cream | moisturizer | cream | panthenol;centella;cica_balm | - | all | redness;rosacea;dehydration | 50 ml=28.00 | -
lumen-lab | Natural Moisturizing Factors + HA | moisturizer | cream | squalane;ha | - | all | dehydration | 30 ml=9.00;100 ml=18.00 | bestseller
clearform | Mattifying Oil-Free Moisturizer | moisturizer | gel_cream | niacinamide;zinc_pca | - | oily;combination;sensitive | acne;pores | 50 ml=24.00 | -
petal-pestle | Rose Velvet Day Cream | moisturizer | rich_cream | shea;rosehip;honey | parfum;rose | dry;normal | dehydration;ageing | 50 ml=72.00 | -
petal-pestle | Neroli Night Balm | moisturizer | balm | beeswax;rosehip | neroli | dry | dehydration;ageing | 50 ml=64.00 | -
petal-pestle | Golden Honey Overnight Cream | moisturizer | rich_cream | shea;honey;propolis | parfum | dry;normal | ageing;dehydration | 50 ml=82.00 | -
wildroot | Peppermint Cooling Gel Moisturizer | moisturizer | gel_cream | aloe;green_tea | alcohol;menthol;peppermint | oily;combination | pores | 50 ml=26.00 | -
wildroot | Witch Hazel Balancing Lotion | moisturizer | cream | aloe;green_tea | witch_hazel;lavender | oily;combination;normal | pores;acne | 50 ml=24.00 | -
wildroot | Ylang Ylang Nourishing Cream | moisturizer | rich_cream | shea;jojoba | ylang | dry;normal | dehydration | 50 ml=34.00 | discontinued
lumen-lab | 10% Glycolic Renewal Moisturizer | moisturizer | cream | glycolic;squalane;ha | - | normal;oily;combination | dullness;ageing;hyperpigmentation | 50 ml=29.00 | -
dewpoint | Sparkling Water Gel Cream | moisturizer | gel_cream | ha;algae | alcohol;parfum | oily;combination;normal | dehydration | 50 ml=30.00 | -
dewpoint | Peptide Bounce Cream | moisturizer | cream | peptides;ha;collagen | parfum | normal;dry;combination | ageing;dehydration | 50 ml=39.00 | new
clearform | Clear Skin Cooling Moisturizer | moisturizer | gel_cream | salicylic;tea_tree | alcohol;menthol | oily | acne;pores | 50 ml=22.00 | -
# Sunscreens
solstice | Sheer Mineral Sunscreen SPF 50 | sunscreen | mineral_spf | niacinamide;vite | - | all | redness;rosacea;hyperpigmentation | 50 ml=32.00;100 ml=54.00 | bestseller
solstice | Invisible Daily Gel SPF 40 | sunscreen | chemical_spf | ha;green_tea | - | normal;oily;combination | hyperpigmentation;ageing | 50 ml=36.00 | bestseller
solstice | Tinted Mineral Fluid SPF 30 | sunscreen | tinted_mineral_spf | squalane;ha | - | all | redness;hyperpigmentation | 40 ml=38.00 | -
solstice | Sport Sunscreen Lotion SPF 50 | sunscreen | chemical_spf | aloe;vite | parfum | normal;oily;combination | - | 150 ml=18.00 | -
solstice | Mineral Body Sunscreen SPF 30 | sunscreen | mineral_spf | aloe;shea | - | all | - | 200 ml=24.00 | -
solstice | Matte Finish Sunscreen SPF 50 | sunscreen | chemical_spf | niacinamide;zinc_pca | alcohol | oily;combination | pores;acne | 50 ml=34.00 | -
solstice | Kids' Mineral Sunscreen SPF 50 | sunscreen | mineral_spf | aloe;oat | - | all | - | 100 ml=19.00 | -
calma | Sensitive Mineral SPF 30 | sunscreen | mineral_spf | panthenol;centella | - | all | rosacea;redness | 50 ml=28.00 | bestseller
verity | AM Facial Moisturizing Lotion SPF 30 | sunscreen | chemical_spf | niacinamide;ceramides | - | normal;dry;combination;oily | dehydration | 89 ml=17.00 | -
dewpoint | Watery Sun Essence SPF 50 | sunscreen | chemical_spf | ha;rice | alcohol | normal;oily;combination | dullness | 50 ml=24.00 | -
clearform | Oil-Free Acne Sunscreen SPF 46 | sunscreen | mineral_spf | niacinamide;zinc_pca | - | oily;combination;sensitive | acne;redness | 50 ml=30.00 | -
petal-pestle | Rose Glow Day Cream SPF 30 | sunscreen | chemical_spf | shea;rosehip | parfum;rose | dry;normal | ageing | 50 ml=58.00 | -
# Exfoliants
lumen-lab | 30% AHA + 2% BHA Peeling Solution | exfoliant | aha_liquid | glycolic;lactic;salicylic | - | normal;oily;combination | dullness;pores;hyperpigmentation | 30 ml=15.00 | bestseller
lumen-lab | 10% Mandelic Acid Serum | exfoliant | serum | mandelic;ha | - | all | dullness;hyperpigmentation;acne | 30 ml=14.00 | -
lumen-lab | 5% Lactic Acid + HA | exfoliant | serum | lactic;ha | - | normal;dry;combination | dullness;dehydration | 30 ml=10.00 | -
clearform | 2% BHA Liquid Exfoliant | exfoliant | bha_liquid | salicylic;green_tea | - | oily;combination;normal | acne;pores | 30 ml=12.00;118 ml=32.00 | bestseller
clearform | Overnight Glycolic Pads | exfoliant | aha_liquid | glycolic;salicylic | alcohol | oily;combination | acne;pores;hyperpigmentation | 60 pads=28.00 | -
calma | Gentle PHA Exfoliating Serum | exfoliant | serum | pha;ha;centella | - | all | dullness;pores | 30 ml=30.00 | -
dewpoint | Lactic Acid Glow Pads | exfoliant | toner | lactic;ha | - | normal;dry;combination | dullness;dehydration | 60 pads=26.00 | new
wildroot | Coffee Sugar Face Polish | exfoliant | scrub | coffee;sugar | orange | normal;oily | dullness | 75 ml=22.00 | -
petal-pestle | Rose Petal Micro-Polish | exfoliant | scrub | pumice;honey | rose | normal;dry | dullness | 75 ml=46.00 | final-sale;sale
# Retinoids
lumen-lab | 0.5% Retinol in Squalane | retinoid | oil_serum | retinol | - | normal;dry;combination;oily | ageing;hyperpigmentation | 30 ml=13.00 | bestseller
lumen-lab | 0.2% Retinal Night Serum | retinoid | serum | retinal;ha;niacinamide | - | normal;combination;oily | ageing;acne | 30 ml=42.00 | new
verity | Resurfacing Retinol Serum | retinoid | serum | retinol;ceramides;niacinamide | - | normal;dry;combination;oily | ageing;pores | 30 ml=22.00 | -
calma | Gentle Retinoid Cream 0.2% | retinoid | cream | hpr;ceramides;bisabolol | - | all | ageing | 30 ml=44.00 | -
clearform | Retinol Acne Night Treatment | retinoid | gel_cream | retinol;niacinamide;zinc_pca | - | oily;combination | acne;pores;ageing | 30 ml=34.00 | -
dewpoint | Bakuchiol Smoothing Serum | retinoid | serum | bakuchiol;ha;peptides | - | all | ageing;dehydration | 30 ml=31.00 | -
petal-pestle | Bakuchiol Rose Night Oil | retinoid | oil_serum | bakuchiol;rosehip | rose | dry;normal | ageing | 30 ml=62.00 | -
# Masks
dewpoint | Overnight Hydration Sleeping Mask | mask | sleeping_mask | panthenol;ha;probiotic | parfum | normal;dry;combination | dehydration;dullness | 70 ml=26.00 | bestseller
dewpoint | Mugwort Calming Clay Mask | mask | clay_mask | mugwort;centella | - | all | redness;pores | 100 ml=24.00 | discontinued
clearform | Purifying Charcoal Clay Mask | mask | clay_mask | sulfur;charcoal;zinc_pca | eucalyptus | oily;combination | acne;pores | 75 ml=24.00 | -
calma | Oat & Ceramide Comfort Mask | mask | rich_cream | oat;ceramides;allantoin | - | all | redness;rosacea;dehydration | 75 ml=29.00 | -
wildroot | Green Clay Detox Mask | mask | clay_mask | aloe;green_tea | lavender;peppermint | oily;combination | pores | 100 ml=27.00 | -
petal-pestle | Manuka Honey Glow Mask | mask | sleeping_mask | honey;propolis | parfum | dry;normal | dullness;dehydration | 75 ml=54.00 | -
lumen-lab | AHA Resurfacing Clay Mask | mask | clay_mask | glycolic;lactic | - | normal;oily;combination | dullness;pores | 50 ml=19.00 | -
# Eye creams
lumen-lab | Caffeine Eye Serum 5% | eye_cream | serum | caffeine;green_tea | - | all | ageing | 30 ml=11.00 | bestseller
calma | Sensitive Eye Cream | eye_cream | eye_cream | panthenol;ceramides;peptides | - | all | ageing;dehydration | 15 ml=30.00 | -
verity | Eye Repair Cream | eye_cream | eye_cream | niacinamide;ceramides;ha | - | all | ageing;dehydration | 14 ml=16.00 | -
dewpoint | Brightening Eye Gel | eye_cream | eye_cream | caffeine;niacinamide;algae | - | all | dullness | 20 ml=24.00 | new
petal-pestle | Rose Quartz Eye Balm | eye_cream | eye_cream | shea;peptides | rose | dry;normal | ageing | 15 ml=52.00 | -
# Body care
verity | Intensive Urea 10% Body Cream | body | body_lotion | urea;lactic;ceramides | - | dry;normal | dehydration | 340 g=18.00 | bestseller
verity | Gentle Body Wash | body | body_wash | oat;ceramides | - | all | dehydration | 473 ml=12.00 | -
calma | Fragrance-Free Body Lotion | body | body_lotion | oat;ceramides;panthenol | - | all | dehydration;redness | 400 ml=19.00 | -
clearform | Body Acne Spray 2% BHA | body | bha_liquid | salicylic;niacinamide | alcohol | oily;combination | acne | 150 ml=20.00 | -
wildroot | Eucalyptus Mint Body Wash | body | body_wash | aloe | menthol;eucalyptus;peppermint | normal;oily | - | 355 ml=16.00 | -
wildroot | Lavender Dream Body Oil | body | body_oil | jojoba;vite | lavender | dry;normal | dehydration | 100 ml=32.00 | -
wildroot | Coffee Body Scrub | body | scrub | coffee;sugar;jojoba | orange | normal;oily;dry | dullness | 200 ml=24.00 | final-sale;sale
petal-pestle | Rose & Shea Body Butter | body | body_lotion | shea;honey | parfum;rose | dry;normal | dehydration | 200 ml=44.00 | -
"""

_TEXTURE = {
    "gel_cleanser": "A gentle gel cleanser",
    "cream_cleanser": "A creamy, non-foaming cleanser",
    "foam_cleanser": "A foaming cleanser",
    "oil_cleanser": "A cleansing oil that melts make-up and sunscreen",
    "balm_cleanser": "A solid cleansing balm that turns to oil on skin",
    "micellar": "A no-rinse micellar water",
    "toner": "A watery toner",
    "essence": "A lightweight essence",
    "serum": "A lightweight water-based serum",
    "laa_serum": "A potent water-based serum",
    "oil_serum": "A silky facial oil",
    "cream": "A soft cream",
    "rich_cream": "A rich, cushiony cream",
    "gel_cream": "A weightless gel-cream",
    "balm": "An occlusive balm",
    "mineral_spf": "A broad-spectrum mineral sunscreen",
    "tinted_mineral_spf": "A tinted broad-spectrum mineral sunscreen",
    "chemical_spf": "A broad-spectrum sunscreen with no white cast",
    "aha_liquid": "A liquid exfoliant",
    "bha_liquid": "A leave-on liquid exfoliant",
    "scrub": "A gentle physical scrub",
    "clay_mask": "A clay mask",
    "sleeping_mask": "An overnight mask",
    "eye_cream": "A light eye cream",
    "body_lotion": "A body cream",
    "body_wash": "A body wash",
    "body_oil": "A dry-touch body oil",
}
_CONCERN_PHRASES = {
    "acne": "breakouts",
    "rosacea": "rosacea-prone skin",
    "hyperpigmentation": "dark spots",
    "dehydration": "dehydration",
    "ageing": "fine lines",
    "redness": "redness",
    "dullness": "dullness",
    "pores": "visible pores",
}
_HOW_TO_USE = {
    "cleanser": "Massage onto damp skin morning and evening, then rinse with lukewarm water.",
    "toner": "After cleansing, press a few drops into skin with your palms or sweep on with a cotton pad, morning and evening.",
    "serum": "Apply 3-4 drops to clean skin before moisturizer, morning and/or evening.",
    "moisturizer": "Smooth over face and neck morning and evening as the last step of your routine, before sunscreen in the morning.",
    "sunscreen": "Apply generously (about 1/4 teaspoon for the face) as the last step of your morning routine, 15 minutes before sun exposure. Reapply every 2 hours and after swimming or sweating.",
    "exfoliant": "Use in the evening 2-3 times a week on clean, dry skin; avoid the eye area. Wear sunscreen daily while using acids.",
    "retinoid": "Start 2-3 evenings a week with a pea-sized amount on dry skin after cleansing; build up to nightly as tolerated. Don't use acids on the same night and wear sunscreen daily.",
    "mask": "Apply an even layer to clean skin 1-2 times a week, leave for 10 minutes and rinse.",
    "eye_cream": "Pat a rice-grain amount around the orbital bone morning and evening.",
    "body": "Massage into skin after showering, focusing on dry areas.",
}
_HOW_TO_USE_BY_FORMULA = {
    "oil_cleanser": "Massage onto dry skin to dissolve make-up and sunscreen, add water to emulsify, then rinse.",
    "balm_cleanser": "Massage onto dry skin to dissolve make-up and sunscreen, add water to emulsify, then rinse.",
    "micellar": "Sweep over face and eyes with a cotton pad; no need to rinse.",
    "sleeping_mask": "Apply as the last step of your evening routine 2-3 times a week and rinse in the morning.",
    "body_wash": "Lather over wet skin and rinse.",
    "body_oil": "Massage into damp skin after bathing.",
    "scrub": "Massage gently over damp skin 1-2 times a week, then rinse; avoid broken or irritated skin.",
}
_RETINOIDS = frozenset({"retinol", "retinal", "hpr"})


def build_beauty_products(
    rng: random.Random, brands: dict[str, BrandPlan], cutoff: datetime
) -> list[ProductPlan]:
    """Every beauty product with its INCI list, attributes and size variants."""
    products: list[ProductPlan] = []
    for number, row in enumerate(table_rows(_PRODUCTS, 10), start=1):
        brand_id, title, category, formula, actives_cell, additives_cell = row[:6]
        skin_cell, concerns_cell, sizes_cell, tags_cell = row[6:]
        brand = brands[brand_id]
        actives = split_list(actives_cell)
        ingredients = compose_inci(formula, actives, split_list(additives_cell))
        irritants = sensitising(ingredients)
        skin_types = list(SKIN_TYPES) if skin_cell == "all" else split_list(skin_cell)
        if irritants and skin_cell == "all":
            skin_types.remove("sensitive")
        concerns = split_list(concerns_cell)
        if irritants and ("sensitive" in skin_types or {"rosacea", "redness"} & set(concerns)):
            raise ValueError(f"{title}: claims sensitive skin or rosacea but contains {irritants}")
        unknown = (set(skin_types) - set(SKIN_TYPES)) | (set(concerns) - set(CONCERNS))
        if unknown:
            raise ValueError(f"{title}: unknown skin types or concerns {sorted(unknown)}")
        key_ingredients = [known_active(code).name for code in actives]
        fragrance_free = is_fragrance_free(ingredients)
        vegan = is_vegan(ingredients)
        tags = split_list(tags_cell)
        status = "discontinued" if "discontinued" in tags else "active"
        on_sale = "sale" in tags
        tags = [tag for tag in tags if tag != "discontinued"]
        tags += [f"skin:{value}" for value in skin_types] + [f"concern:{value}" for value in concerns]
        tags += [label for flag, label in ((fragrance_free, "fragrance-free"), (vegan, "vegan")) if flag]
        sizes = [item.partition("=") for item in split_list(sizes_cell)]
        spf_match = re.search(r"SPF (\d+)", title)
        attributes: dict[str, object] = {
            "skin_types": skin_types,
            "concerns": concerns,
            "fragrance_free": fragrance_free,
            "vegan": vegan,
            "cruelty_free": brand.cruelty_free,
            "key_ingredients": key_ingredients,
            "how_to_use": _HOW_TO_USE_BY_FORMULA.get(formula, _HOW_TO_USE[category]),
            "size": sizes[0][0],
            "sizes": [size for size, _, _ in sizes],
            "replenishable": category in REPLENISHABLE,
            "pregnancy_safe": not (
                _RETINOIDS & set(actives)
                or ("salicylic" in actives and category not in ("cleanser", "mask", "body"))
            ),
        }
        if spf_match:
            attributes["spf"] = int(spf_match.group(1))
        if "vitc_laa" in actives or "vitc_ethyl" in actives or "vitc_sap" in actives or "vitc_thd" in actives:
            attributes["how_to_use"] = (
                "Apply 3-4 drops to clean, dry skin in the morning, then moisturizer and sunscreen."
            )
        description = f"{_TEXTURE[formula]} with {join_words(key_ingredients)}"
        description += (
            f" for {join_words(skin_types)} skin." if len(skin_types) < 5 else " for every skin type."
        )
        if concerns:
            description += f" Targets {join_words([_CONCERN_PHRASES[c] for c in concerns])}."
        if "spf" in attributes:
            description += f" SPF {attributes['spf']} broad-spectrum UVA/UVB protection."
        description += " Fragrance-free." if fragrance_free else " Lightly scented."
        variants = []
        for size, _, price in sizes:
            compare_at = money(str(round(float(price) / 0.6))) if on_sale else None
            variants.append(
                VariantPlan(
                    sku=f"{brand.code}-B{number:03d}-{size.replace(' ', '').upper()}",
                    title=size,
                    options={"volume": size},
                    price=money(price),
                    compare_at_price=compare_at,
                    inventory=stock_level(rng, status),
                )
            )
        products.append(
            ProductPlan(
                handle=product_handle(brand.name, title),
                title=title,
                brand_id=brand_id,
                vertical="beauty",
                category=category,
                description=description,
                tags=tags,
                attributes=attributes,
                variants=variants,
                created_at=created_at_for(rng, cutoff, "new" in tags),
                ingredients=", ".join(ingredients),
                status=status,
            )
        )
    return products
