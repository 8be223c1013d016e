"""The footwear vertical: 92 shoes, from road racers to kids' snow boots.

Variants are US size x width x colour: every colour comes in Standard width, extra
widths (Narrow, Wide, Extra Wide) in the lead colour only, as many shoe brands do.
Unisex shoes use men's US sizes. Northpeak's Trail Runner line comes in Wide.
"""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from shopcrew.store.demo.catalog_common import (
    colour_code,
    created_at_for,
    mark_down,
    product_handle,
    stock_level,
)
from shopcrew.store.demo.plans import BrandPlan, ProductPlan, VariantPlan, money, split_list, table_rows
from shopcrew.store.demo.size_charts import WIDTHS, shoe_sizes

ARCH_SUPPORT = ("low", "medium", "high")
CUSHIONING = ("minimal", "moderate", "high", "max")
TERRAINS = ("road", "track", "trail", "mud", "rocky", "snow", "water", "beach", "urban", "mixed")
_WIDTH_CODES = {"Narrow": "N", "Standard": "M", "Wide": "W", "Extra Wide": "XW"}

_RUN = "engineered mesh upper;EVA foam midsole;rubber outsole"
_TRAIL = "ripstop mesh upper;EVA foam midsole;sticky rubber outsole with 5 mm lugs"
_TRAIL_WP = "waterproof membrane;" + _TRAIL
_WALK = "leather and mesh upper;EVA midsole;removable insole;rubber outsole"

# brand | title | category | gender | arch | cushioning | waterproof | drop mm | weight g | terrain | materials | colours | widths | price | feature | tags
_PRODUCTS = f"""
# Road running
northpeak | Men's Skyline Road 3 | running | men | medium | high | no | 8 | 285 | road | {_RUN} | Black;Blue Haze | Standard;Wide | 135.00 | a rockered midsole for smooth transitions | -
northpeak | Women's Skyline Road 3 | running | women | medium | high | no | 8 | 235 | road | {_RUN} | Mint;Black | Standard;Wide | 135.00 | a rockered midsole for smooth transitions | -
stridelab | Men's Cloudlift Max | running | men | medium | max | no | 6 | 300 | road | engineered mesh upper;supercritical foam midsole;rubber outsole | White;Black;Volt | Standard;Wide;Extra Wide | 160.00 | 42 mm of supercritical foam for long, easy miles | bestseller
stridelab | Women's Cloudlift Max | running | women | medium | max | no | 6 | 250 | road | engineered mesh upper;supercritical foam midsole;rubber outsole | White;Lilac;Black | Standard;Wide | 160.00 | 40 mm of supercritical foam for long, easy miles | bestseller
stridelab | Men's Tempo Racer | running | men | low | moderate | no | 8 | 210 | road;track | woven mesh upper;PEBA foam midsole;carbon fibre plate;rubber outsole | Volt;White | Standard | 220.00 | a full-length carbon plate for race day | -
stridelab | Women's Tempo Racer | running | women | low | moderate | no | 8 | 180 | road;track | woven mesh upper;PEBA foam midsole;carbon fibre plate;rubber outsole | Coral;White | Standard | 220.00 | a full-length carbon plate for race day | -
stridelab | Men's Daily Trainer 9 | running | men | medium | moderate | no | 10 | 275 | road | {_RUN} | Navy;Grey;Black | Narrow;Standard;Wide;Extra Wide | 130.00 | a dependable ride for everyday miles | bestseller
stridelab | Women's Daily Trainer 9 | running | women | medium | moderate | no | 10 | 230 | road | {_RUN} | Grey;Pink;Black | Narrow;Standard;Wide;Extra Wide | 130.00 | a dependable ride for everyday miles | bestseller
stridelab | Men's Stability Guide 5 | running | men | high | high | no | 10 | 300 | road | engineered mesh upper;dual-density EVA midsole;rubber outsole | Black;Blue | Standard;Wide;Extra Wide | 145.00 | a medial post that tames overpronation | -
stridelab | Women's Stability Guide 5 | running | women | high | high | no | 10 | 250 | road | engineered mesh upper;dual-density EVA midsole;rubber outsole | Grey;Teal | Standard;Wide;Extra Wide | 145.00 | a medial post that tames overpronation | -
stridelab | Men's Barefoot Flex | running | men | low | minimal | no | 0 | 190 | road;track | knit upper;rubber outsole | Black;Sand | Standard | 110.00 | a zero-drop, foot-shaped platform | -
stridelab | Women's Barefoot Flex | running | women | low | minimal | no | 0 | 160 | road;track | knit upper;rubber outsole | Black;Sage | Standard | 110.00 | a zero-drop, foot-shaped platform | discontinued
stridelab | Men's Winter Road WP | running | men | medium | high | yes | 8 | 320 | road;snow | waterproof membrane;{_RUN} | Black | Standard;Wide | 165.00 | a waterproof membrane and reflective heel | -
stridelab | Women's Winter Road WP | running | women | medium | high | yes | 8 | 270 | road;snow | waterproof membrane;{_RUN} | Black;Plum | Standard | 165.00 | a waterproof membrane and reflective heel | -
stridelab | Men's Recovery Cruiser | running | men | high | max | no | 5 | 310 | road | {_RUN} | Grey;Black | Standard;Wide | 150.00 | an ultra-soft ride for recovery days | final-sale;sale
stridelab | Women's Recovery Cruiser | running | women | high | max | no | 5 | 255 | road | {_RUN} | Grey;Peach | Standard;Wide | 150.00 | an ultra-soft ride for recovery days | -
# Trail running: the Trail Runner line
northpeak | Men's Trail Runner GTX | trail_running | men | medium | moderate | yes | 6 | 330 | trail;mud;rocky | {_TRAIL_WP} | Black;Sage;Slate | Standard;Wide;Extra Wide | 165.00 | 5 mm lugs and a waterproof membrane | bestseller
northpeak | Women's Trail Runner GTX | trail_running | women | medium | moderate | yes | 6 | 290 | trail;mud;rocky | {_TRAIL_WP} | Slate;Berry;Black | Standard;Wide | 165.00 | 5 mm lugs and a waterproof membrane | bestseller
northpeak | Men's Trail Runner 4 | trail_running | men | medium | moderate | no | 6 | 300 | trail;rocky | {_TRAIL} | Orange;Black;Blue | Standard;Wide;Extra Wide | 140.00 | a breathable upper and a rock plate | -
northpeak | Women's Trail Runner 4 | trail_running | women | medium | moderate | no | 6 | 255 | trail;rocky | {_TRAIL} | Teal;Black;Coral | Narrow;Standard;Wide | 140.00 | a breathable upper and a rock plate | -
northpeak | Men's Trail Runner Mid GTX | trail_running | men | medium | moderate | yes | 6 | 380 | trail;snow;mud | {_TRAIL_WP} | Black;Brown | Standard;Wide | 180.00 | a mid-height collar for ankle protection | new
northpeak | Women's Trail Runner Mid GTX | trail_running | women | medium | moderate | yes | 6 | 330 | trail;snow;mud | {_TRAIL_WP} | Black;Grey | Standard | 180.00 | a mid-height collar for ankle protection | -
northpeak | Men's Ultra Ridge | trail_running | men | medium | max | no | 4 | 310 | trail;mixed | {_TRAIL} | Black;Sulphur | Standard;Wide | 170.00 | a max-cushion platform for ultra distances | -
northpeak | Women's Ultra Ridge | trail_running | women | medium | max | no | 4 | 265 | trail;mixed | {_TRAIL} | Sky;Black | Standard | 170.00 | a max-cushion platform for ultra distances | new
northpeak | Men's Mud Claw | trail_running | men | low | minimal | no | 4 | 250 | mud;trail | ripstop mesh upper;thin EVA midsole;rubber outsole with 8 mm lugs | Red;Black | Standard | 130.00 | aggressive 8 mm lugs for soft ground | -
northpeak | Women's Mud Claw | trail_running | women | low | minimal | no | 4 | 215 | mud;trail | ripstop mesh upper;thin EVA midsole;rubber outsole with 8 mm lugs | Purple;Black | Standard | 130.00 | aggressive 8 mm lugs for soft ground | -
stridelab | Men's Road-to-Trail Hybrid | trail_running | men | medium | high | no | 8 | 290 | road;trail | {_RUN} | Grey;Orange | Standard;Wide | 145.00 | 3.5 mm lugs that run smooth on pavement | -
stridelab | Women's Road-to-Trail Hybrid | trail_running | women | medium | high | no | 8 | 245 | road;trail | {_RUN} | Grey;Mint | Standard;Wide | 145.00 | 3.5 mm lugs that run smooth on pavement | -
# Walking
ambler | Women's CloudStep Walker | walking | women | high | high | no | 10 | 260 | urban;road | {_WALK} | White;Black;Navy | Narrow;Standard;Wide;Extra Wide | 125.00 | a removable insole that makes room for orthotics | bestseller
ambler | Men's CloudStep Walker | walking | men | high | high | no | 10 | 330 | urban;road | {_WALK} | Black;Brown;White | Narrow;Standard;Wide;Extra Wide | 125.00 | a removable insole that makes room for orthotics | bestseller
ambler | Women's Everyday Slip-On Walker | walking | women | medium | moderate | no | 8 | 220 | urban | knit upper;EVA midsole;rubber outsole | Grey;Black;Blush | Standard;Wide;Extra Wide | 95.00 | a stretch-knit upper that slips on hands-free | -
ambler | Men's Everyday Slip-On Walker | walking | men | medium | moderate | no | 8 | 280 | urban | knit upper;EVA midsole;rubber outsole | Grey;Navy | Standard;Wide;Extra Wide | 95.00 | a stretch-knit upper that slips on hands-free | -
ambler | Women's Waterproof Trek Walker | walking | women | high | moderate | yes | 10 | 340 | mixed;trail | waterproof leather upper;EVA midsole;rubber outsole | Taupe;Black | Standard;Wide | 140.00 | a waterproof leather upper for wet commutes | -
ambler | Men's Waterproof Trek Walker | walking | men | high | moderate | yes | 10 | 410 | mixed;trail | waterproof leather upper;EVA midsole;rubber outsole | Brown;Black | Standard;Wide;Extra Wide | 140.00 | a waterproof leather upper for wet commutes | -
ambler | Women's Arch Support Mary Jane | walking | women | high | moderate | no | 6 | 240 | urban | leather upper;cork-latex footbed;rubber outsole | Black;Wine | Standard;Wide | 115.00 | a contoured arch and an adjustable strap | discontinued
ambler | Women's Travel Knit Walker | walking | women | medium | high | no | 8 | 200 | urban | recycled knit upper;EVA midsole;rubber outsole | Black;Sand | Standard;Wide | 105.00 | a packable, machine-washable knit | new
stridelab | Men's Fitness Walker | walking | men | medium | high | no | 10 | 300 | road;urban | {_RUN} | White;Grey | Standard;Wide;Extra Wide | 110.00 | a rocker sole for an easy stride | -
stridelab | Women's Fitness Walker | walking | women | medium | high | no | 10 | 245 | road;urban | {_RUN} | White;Lavender | Standard;Wide;Extra Wide | 110.00 | a rocker sole for an easy stride | -
# Hiking
ridgeline | Men's Summit Pro Waterproof Boot | hiking | men | high | moderate | yes | 12 | 620 | rocky;trail;mud | full-grain leather upper;waterproof membrane;EVA midsole;rubber outsole | Brown;Grey | Standard;Wide | 220.00 | full-grain leather and a stiff shank for heavy packs | bestseller
ridgeline | Women's Summit Pro Waterproof Boot | hiking | women | high | moderate | yes | 12 | 520 | rocky;trail;mud | full-grain leather upper;waterproof membrane;EVA midsole;rubber outsole | Taupe;Grey | Standard;Wide | 220.00 | full-grain leather and a stiff shank for heavy packs | bestseller
ridgeline | Men's Ridge Mid Waterproof | hiking | men | medium | moderate | yes | 10 | 480 | trail;mud | suede and mesh upper;waterproof membrane;EVA midsole;rubber outsole | Olive;Brown | Standard;Wide;Extra Wide | 165.00 | a light mid-cut for day hikes | -
ridgeline | Women's Ridge Mid Waterproof | hiking | women | medium | moderate | yes | 10 | 400 | trail;mud | suede and mesh upper;waterproof membrane;EVA midsole;rubber outsole | Grey;Plum | Standard;Wide | 165.00 | a light mid-cut for day hikes | -
ridgeline | Men's Alpine Approach Shoe | hiking | men | medium | minimal | no | 6 | 390 | rocky | suede upper;climbing rubber outsole | Grey;Orange | Standard | 150.00 | sticky climbing rubber for scrambles | -
ridgeline | Women's Alpine Approach Shoe | hiking | women | medium | minimal | no | 6 | 330 | rocky | suede upper;climbing rubber outsole | Grey;Teal | Standard | 150.00 | sticky climbing rubber for scrambles | final-sale
northpeak | Men's Backcountry Low | hiking | men | medium | moderate | no | 10 | 420 | trail | mesh upper;EVA midsole;rubber outsole | Brown;Black | Standard;Wide | 130.00 | a breathable low-cut for warm-weather hikes | -
northpeak | Women's Backcountry Low | hiking | women | medium | moderate | no | 10 | 360 | trail | mesh upper;EVA midsole;rubber outsole | Grey;Sage | Standard;Wide | 130.00 | a breathable low-cut for warm-weather hikes | -
northpeak | Men's Winter Trek Insulated Boot | hiking | men | medium | moderate | yes | 12 | 720 | snow;trail | waterproof leather upper;200 g synthetic insulation;rubber outsole | Black;Brown | Standard;Wide | 210.00 | 200 g insulation and winter-grip rubber | -
northpeak | Women's Winter Trek Insulated Boot | hiking | women | medium | moderate | yes | 12 | 610 | snow;trail | waterproof leather upper;200 g synthetic insulation;rubber outsole | Black;Grey | Standard | 210.00 | 200 g insulation and winter-grip rubber | discontinued
# Sneakers
kickstand | Court Classic Leather Sneaker | sneakers | unisex | low | moderate | no | 8 | 380 | urban | full-grain leather upper;rubber cupsole | White;White/Green;Black | Standard;Wide | 95.00 | a clean leather cupsole | bestseller
kickstand | Canvas Low-Top | sneakers | unisex | low | minimal | no | 4 | 300 | urban | cotton canvas upper;vulcanised rubber sole | White;Black;Navy;Red | Standard | 60.00 | a vulcanised sole | bestseller
kickstand | Canvas High-Top | sneakers | unisex | low | minimal | no | 4 | 360 | urban | cotton canvas upper;vulcanised rubber sole | Black;Cream | Standard | 68.00 | a padded high-top collar | -
kickstand | Men's Suede Retro Runner | sneakers | men | medium | moderate | no | 10 | 340 | urban | suede and nylon upper;EVA midsole;rubber outsole | Grey;Navy;Green | Standard;Wide | 98.00 | a 1970s runner silhouette | -
kickstand | Women's Suede Retro Runner | sneakers | women | medium | moderate | no | 10 | 280 | urban | suede and nylon upper;EVA midsole;rubber outsole | Pink;Grey;Navy | Standard | 98.00 | a 1970s runner silhouette | final-sale;sale
kickstand | Women's Platform Sneaker | sneakers | women | low | moderate | no | 4 | 350 | urban | leather upper;rubber platform sole | White;Black | Standard | 105.00 | a 4 cm platform | new
kickstand | Men's Leather Hiker Sneaker | sneakers | men | medium | moderate | no | 8 | 420 | urban;trail | nubuck upper;rubber lug sole | Wheat;Black | Standard;Wide | 115.00 | a hiking-boot-inspired lug sole | -
ambler | Women's Comfort Leather Sneaker | sneakers | women | high | high | no | 8 | 300 | urban | leather upper;memory foam insole;rubber outsole | White;Black | Narrow;Standard;Wide;Extra Wide | 110.00 | memory foam and a built-in arch | bestseller
ambler | Men's Comfort Leather Sneaker | sneakers | men | high | high | no | 8 | 380 | urban | leather upper;memory foam insole;rubber outsole | White;Black;Brown | Standard;Wide;Extra Wide | 110.00 | memory foam and a built-in arch | -
shoreline | Women's Canvas Slip-On | sneakers | women | low | minimal | no | 2 | 210 | urban;beach | cotton canvas upper;rubber sole | Navy Stripe;White | Standard | 55.00 | a cushioned collar and slip-on ease | -
shoreline | Men's Canvas Slip-On | sneakers | men | low | minimal | no | 2 | 260 | urban;beach | cotton canvas upper;rubber sole | Navy;Grey | Standard | 55.00 | a cushioned collar and slip-on ease | -
shoreline | Women's Espadrille Sneaker | sneakers | women | low | minimal | no | 2 | 240 | urban | cotton upper;jute-wrapped rubber sole | Natural;Black | Standard | 65.00 | a jute-wrapped sole | discontinued
# Dress shoes
cobble-lane | Men's Cap-Toe Oxford | dress_shoes | men | medium | minimal | no | 20 | 520 | urban | calf leather upper;leather sole;Goodyear welt | Black;Dark Brown | Narrow;Standard;Wide | 245.00 | a Goodyear-welted, resoleable construction | bestseller
cobble-lane | Men's Suede Derby | dress_shoes | men | medium | minimal | no | 20 | 540 | urban | suede upper;studded rubber sole;Goodyear welt | Snuff;Navy | Standard;Wide | 225.00 | a studded rubber sole for wet pavements | -
cobble-lane | Men's Penny Loafer | dress_shoes | men | low | minimal | no | 15 | 450 | urban | calf leather upper;leather sole | Burgundy;Black;Tan | Standard;Wide | 210.00 | hand-sewn moccasin construction | -
cobble-lane | Men's Double Monk Strap | dress_shoes | men | medium | minimal | no | 20 | 530 | urban | calf leather upper;leather sole | Dark Brown;Black | Standard | 260.00 | two polished buckles | final-sale
cobble-lane | Women's Block Heel Pump | dress_shoes | women | medium | moderate | no | 55 | 320 | urban | leather upper;cushioned insole;rubber heel tip | Black;Nude;Red | Narrow;Standard;Wide | 165.00 | a 55 mm block heel | bestseller
cobble-lane | Women's Pointed Flat | dress_shoes | women | low | moderate | no | 8 | 220 | urban | leather upper;padded insole;leather sole | Black;Leopard;Camel | Standard;Wide | 135.00 | a padded insole | -
cobble-lane | Women's Leather Loafer | dress_shoes | women | medium | moderate | no | 15 | 300 | urban | calf leather upper;rubber lug sole | Black;Tan | Narrow;Standard;Wide | 175.00 | a chunky lug sole | -
cobble-lane | Women's Slingback Kitten Heel | dress_shoes | women | low | minimal | no | 40 | 260 | urban | patent leather upper;leather sole | Black;Ivory | Standard | 155.00 | a 40 mm kitten heel | new
# Sandals
shoreline | Women's Cork Footbed Sandal | sandals | women | high | moderate | no | 10 | 250 | urban;beach | leather straps;cork-latex footbed;EVA sole | Tan;Black;Silver | Narrow;Standard;Wide | 85.00 | a contoured cork footbed | bestseller
shoreline | Men's Cork Footbed Sandal | sandals | men | high | moderate | no | 10 | 330 | urban;beach | leather straps;cork-latex footbed;EVA sole | Brown;Black | Standard;Wide | 85.00 | a contoured cork footbed | -
shoreline | Women's Flip-Flop | sandals | women | low | minimal | no | 0 | 120 | beach | rubber | Black;Coral;Navy | Standard | 28.00 | a soft toe post | -
shoreline | Men's Flip-Flop | sandals | men | low | minimal | no | 0 | 160 | beach | rubber | Black;Navy | Standard | 28.00 | a soft toe post | -
shoreline | Women's Strappy Heeled Sandal | sandals | women | low | minimal | no | 70 | 230 | urban | leather straps;leather sole | Gold;Black | Standard | 115.00 | a 70 mm block heel | final-sale
ridgeline | Men's Sport Sandal | sandals | men | medium | moderate | no | 6 | 380 | trail;water | webbing straps;EVA midsole;sticky rubber outsole | Black;Olive | Standard;Wide | 95.00 | quick-dry webbing for river crossings | -
ridgeline | Women's Sport Sandal | sandals | women | medium | moderate | no | 6 | 300 | trail;water | webbing straps;EVA midsole;sticky rubber outsole | Grey;Teal | Standard;Wide | 95.00 | quick-dry webbing for river crossings | -
ambler | Women's Recovery Slide | sandals | women | high | max | no | 4 | 200 | urban | EVA foam | Black;Sand;Blush | Standard;Wide | 55.00 | thick recovery foam | new
ambler | Men's Recovery Slide | sandals | men | high | max | no | 4 | 260 | urban | EVA foam | Black;Grey | Standard;Wide | 55.00 | thick recovery foam | -
# Boots
cobble-lane | Men's Chelsea Boot | boots | men | medium | minimal | no | 20 | 650 | urban | suede upper;elastic gussets;rubber sole;Goodyear welt | Tobacco Suede;Black Leather | Standard;Wide | 265.00 | elastic gussets and a pull tab | bestseller
cobble-lane | Women's Chelsea Boot | boots | women | medium | minimal | no | 20 | 480 | urban | leather upper;elastic gussets;rubber sole | Black;Taupe Suede | Standard;Wide | 235.00 | elastic gussets and a pull tab | -
cobble-lane | Men's Service Boot | boots | men | medium | moderate | no | 20 | 780 | urban | oiled leather upper;rubber lug sole;Goodyear welt | Brown;Black | Standard;Wide | 285.00 | a storm welt and lug sole | -
cobble-lane | Women's Knee-High Riding Boot | boots | women | low | minimal | no | 25 | 700 | urban | leather upper;rubber sole | Cognac;Black | Standard | 295.00 | a back zip and tall shaft | -
kickstand | Women's Lug-Sole Combat Boot | boots | women | medium | moderate | no | 30 | 620 | urban | leather upper;rubber lug sole | Black | Standard | 145.00 | a chunky lug sole | final-sale;sale
kickstand | Men's Moc-Toe Work Boot | boots | men | medium | moderate | no | 20 | 850 | urban | leather upper;crepe wedge sole | Tan;Brown | Standard;Wide | 195.00 | a moc toe and crepe wedge sole | -
ridgeline | Women's Waterproof Snow Boot | boots | women | medium | moderate | yes | 15 | 900 | snow | waterproof nylon upper;200 g insulation;rubber shell | Black;Cream | Standard;Wide | 175.00 | warmth rated to -25 °C | -
ridgeline | Men's Waterproof Snow Boot | boots | men | medium | moderate | yes | 15 | 1100 | snow | waterproof nylon upper;200 g insulation;rubber shell | Black;Brown | Standard;Wide;Extra Wide | 185.00 | warmth rated to -25 °C | -
# Kids
little-strides | Kids' Light-Up Sneaker | kids | kids | low | moderate | no | 6 | 180 | urban | mesh upper;EVA sole | Blue;Pink | Standard;Wide | 48.00 | heel lights and a hook-and-loop strap | bestseller
little-strides | Kids' Trail Explorer | kids | kids | medium | moderate | no | 6 | 210 | trail | mesh upper;rubber lug outsole | Orange;Teal | Standard;Wide | 58.00 | grippy lugs and a toe bumper | -
little-strides | Kids' Rain Boot | kids | kids | low | minimal | yes | 0 | 300 | water;mud | natural rubber | Yellow;Navy;Red | Standard | 38.00 | easy pull-on handles | -
little-strides | Kids' Canvas Sneaker | kids | kids | low | minimal | no | 2 | 160 | urban | cotton canvas upper;rubber sole | Navy;Red | Standard | 35.00 | no-tie elastic laces | -
little-strides | Kids' Sport Sandal | kids | kids | medium | moderate | no | 4 | 150 | water;beach | webbing straps;EVA sole | Blue;Pink | Standard;Wide | 36.00 | a closed toe for protection | -
little-strides | Kids' Insulated Snow Boot | kids | kids | medium | moderate | yes | 10 | 420 | snow | waterproof nylon upper;synthetic insulation;rubber shell | Black;Purple | Standard;Wide | 62.00 | warmth rated to -20 °C | -
little-strides | Kids' School Leather Shoe | kids | kids | medium | moderate | no | 8 | 250 | urban | leather upper;rubber sole | Black;Brown | Standard;Wide | 55.00 | a scuff-resistant toe | -
"""


def _variants(
    rng: random.Random,
    sku_root: str,
    sizes: tuple[str, ...],
    widths: list[str],
    colours: list[str],
    price: str,
    *,
    status: str,
) -> list[VariantPlan]:
    variants: list[VariantPlan] = []
    for index, colour in enumerate(colours):
        for width in widths:
            if width != "Standard" and index > 0:
                continue  # extra widths come in the lead colour only
            for size in sizes:
                variants.append(
                    VariantPlan(
                        sku=f"{sku_root}-{colour_code(colour)}-{size}-{_WIDTH_CODES[width]}",
                        title=f"{size} / {width} / {colour}",
                        options={"size": size, "width": width, "colour": colour},
                        price=money(price),
                        inventory=stock_level(rng, status),
                    )
                )
    return variants


def build_footwear_products(
    rng: random.Random, brands: dict[str, BrandPlan], cutoff: datetime
) -> list[ProductPlan]:
    """Every footwear product with attributes and size x width x colour variants."""
    products: list[ProductPlan] = []
    for number, row in enumerate(table_rows(_PRODUCTS, 16), start=1):
        brand_id, title, category, gender, arch, cushioning, waterproof, drop, weight = row[:9]
        terrain_cell, materials_cell, colours_cell, widths_cell, price, feature, tags_cell = row[9:]
        brand = brands[brand_id]
        if category not in brand.fit_profile:
            raise ValueError(f"{title}: brand {brand_id} has no fit profile for {category}")
        terrain, widths = split_list(terrain_cell), split_list(widths_cell)
        unknown = (set(terrain) - set(TERRAINS)) | (set(widths) - set(WIDTHS))
        unknown |= ({arch} - set(ARCH_SUPPORT)) | ({cushioning} - set(CUSHIONING))
        if unknown:
            raise ValueError(f"{title}: unknown vocabulary {sorted(unknown)}")
        colours = split_list(colours_cell)
        tags = split_list(tags_cell)
        status = "discontinued" if "discontinued" in tags else "active"
        tags = [tag for tag in tags if tag != "discontinued"]
        tags += [f"terrain:{value}" for value in terrain]
        is_waterproof = waterproof == "yes"
        if is_waterproof:
            tags.append("waterproof")
        sizes = shoe_sizes(gender)
        attributes: dict[str, Any] = {
            "gender": gender,
            "arch_support": arch,
            "cushioning": cushioning,
            "waterproof": is_waterproof,
            "drop_mm": int(drop),
            "weight_g": int(weight),
            "terrain": terrain,
            "materials": split_list(materials_cell),
            "colours": colours,
            "widths": widths,
            "sizes": list(sizes),
            "fit_profile": brand.fit_profile[category],
        }
        description = (
            f"{title} with {feature}. {cushioning.capitalize()} cushioning, {arch} arch support "
            f"and a {drop} mm drop; about {weight} g per shoe."
        )
        if is_waterproof:
            description += " Waterproof."
        if len(widths) > 1:
            description += f" Comes in {', '.join(widths)} widths."
        variants = _variants(rng, f"{brand.code}-F{number:03d}", sizes, widths, colours, price, status=status)
        if "sale" in tags:
            mark_down(variants)
        products.append(
            ProductPlan(
                handle=product_handle(brand.name, title),
                title=title,
                brand_id=brand_id,
                vertical="footwear",
                category=category,
                description=description,
                tags=tags,
                attributes=attributes,
                variants=variants,
                created_at=created_at_for(rng, cutoff, "new" in tags),
                status=status,
            )
        )
    return products
