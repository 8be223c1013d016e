"""The apparel vertical: 116 garments for women, men, unisex and kids.

Variants are size x colour (men's jeans: waist x inseam x colour). Sizes come from
the brand and category (`size_charts.apparel_sizes`), so every variant's size label
has a row in the brand's chart.
"""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from shopcrew.store.demo.catalog_common import (
    colour_code,
    created_at_for,
    join_words,
    mark_down,
    product_handle,
    stock_level,
)
from shopcrew.store.demo.plans import BrandPlan, ProductPlan, VariantPlan, money, split_list, table_rows
from shopcrew.store.demo.size_charts import MEN_INSEAMS, apparel_sizes

OCCASIONS = (
    "wedding guest",
    "office",
    "beach",
    "date night",
    "interview",
    "casual",
    "party",
    "workout",
    "travel",
)
SEASONS = ("spring", "summer", "autumn", "winter")
FITS = ("slim", "regular", "relaxed", "oversized")

# brand | title | category | gender | materials | colours | occasions | seasons | fit | length | price | feature | tags
_PRODUCTS = """
# Dresses
marlowe-finch | Linen Wrap Midi Dress | dress | women | 100% linen | Sage;Ivory;Terracotta | wedding guest;beach;date night | spring;summer | regular | midi | 129.00 | a wrap front and tie waist | bestseller
marlowe-finch | Silk Slip Dress | dress | women | 100% silk | Champagne;Black;Emerald | wedding guest;party;date night | spring;summer;autumn | slim | midi | 189.00 | bias-cut silk and adjustable straps | -
marlowe-finch | Floral Tiered Maxi Dress | dress | women | 100% viscose | Blue Floral;Rose Floral | wedding guest;beach;casual | spring;summer | relaxed | maxi | 139.00 | three tiers and a smocked bodice | -
marlowe-finch | Puff-Sleeve Poplin Mini Dress | dress | women | 100% cotton | White;Butter Yellow | casual;date night | spring;summer | regular | mini | 98.00 | puff sleeves and a square neckline | final-sale;sale
marlowe-finch | Ribbed Knit Midi Dress | dress | women | 70% viscose;30% polyamide | Camel;Charcoal | office;date night | autumn;winter | slim | midi | 118.00 | a body-skimming rib and mock neck | -
aurelia | Satin Cowl-Neck Gown | dress | women | 100% polyester | Midnight Navy;Dusty Rose;Emerald | wedding guest;party | spring;summer;autumn;winter | slim | maxi | 210.00 | a cowl neckline and open back | -
aurelia | Pleated Chiffon Maxi Dress | dress | women | 100% polyester | Lilac;Sage;Blush | wedding guest;party | spring;summer | regular | maxi | 178.00 | a pleated skirt and flutter sleeves | bestseller
aurelia | Tailored Sheath Dress | dress | women | 64% polyester;33% viscose;3% elastane | Black;Navy;Burgundy | office;interview | spring;autumn;winter | slim | knee | 148.00 | clean darts and a back vent | -
aurelia | Sequin Cocktail Dress | dress | women | 100% polyester | Gold;Silver;Black | party;date night | autumn;winter | slim | mini | 198.00 | all-over sequins and long sleeves | final-sale
aurelia | Lace Midi Dress | dress | women | 90% polyamide;10% elastane | Ivory;Dusty Blue | wedding guest;date night | spring;summer | regular | midi | 168.00 | scalloped lace over a full lining | -
tidewater | Cotton Gauze Beach Dress | dress | women | 100% cotton | White;Coral;Sky Blue | beach;casual;travel | summer | relaxed | midi | 79.00 | breezy double gauze and side pockets | bestseller
tidewater | Linen Shirt Dress | dress | women | 100% linen | Oat;Olive;Navy | casual;travel;office | spring;summer | relaxed | knee | 108.00 | a button front and removable belt | -
tidewater | Striped Jersey Maxi Dress | dress | women | 95% cotton;5% elastane | Navy Stripe;Red Stripe | casual;beach;travel | spring;summer | regular | maxi | 68.00 | a racerback and side slits | -
tidewater | Crochet Cover-Up Dress | dress | women | 100% cotton | Natural;Black | beach | summer | relaxed | mini | 72.00 | open crochet to wear over swimwear | discontinued
little-bloom | Girls' Twirl Party Dress | dress | kids | 100% polyester | Pink;Lavender | party;wedding guest | spring;summer | regular | knee | 48.00 | a tulle skirt that twirls | -
little-bloom | Girls' Cotton Pinafore Dress | dress | kids | 100% cotton | Denim Blue;Red | casual | autumn;winter;spring | regular | knee | 36.00 | adjustable straps and a front pocket | -
# Tops
marlowe-finch | Ruched Jersey Top | top | women | 92% viscose;8% elastane | Black;Ivory;Cobalt | date night;party | spring;summer;autumn | slim | regular | 58.00 | side ruching and a sweetheart neckline | -
marlowe-finch | Broderie Cami | top | women | 100% cotton | White;Sky Blue | casual;beach | summer | regular | cropped | 48.00 | broderie anglaise and tie straps | -
fieldnote | Merino Long-Sleeve Base Layer | top | unisex | 100% merino wool | Black;Heather Grey;Forest Green | travel;casual;workout | autumn;winter | slim | regular | 79.00 | odour-resistant merino | bestseller
fieldnote | Organic Cotton Tank | top | unisex | 100% organic cotton | White;Black;Sand | casual;workout | spring;summer | regular | regular | 24.00 | a ribbed scoop neck | -
fieldnote | Waffle Henley | top | unisex | 100% cotton | Oatmeal;Navy;Rust | casual;travel | autumn;winter | regular | regular | 58.00 | a waffle texture and three-button placket | -
tidewater | Linen Camisole | top | women | 100% linen | White;Natural;Terracotta | beach;casual;date night | summer | relaxed | regular | 52.00 | a V-neck and adjustable straps | -
tidewater | Off-Shoulder Peasant Top | top | women | 100% cotton | White;Mustard | beach;casual | summer | relaxed | cropped | 56.00 | an elasticated off-shoulder neckline | final-sale
kinetic | Breeze Running Singlet | top | women | 100% recycled polyester | Coral;Black | workout | spring;summer | relaxed | regular | 38.00 | laser-cut ventilation | -
kinetic | Men's Training Tank | top | men | 88% polyester;12% elastane | Black;Slate | workout | spring;summer | regular | regular | 35.00 | sweat-wicking mesh panels | -
# Shirts
harbor-pine | Oxford Button-Down Shirt | shirt | men | 100% cotton | White;Light Blue;Pink | office;interview;casual | spring;summer;autumn;winter | regular | - | 79.00 | a button-down collar and chest pocket | bestseller
harbor-pine | Slim Poplin Dress Shirt | shirt | men | 97% cotton;3% elastane | White;Sky Blue | office;interview;wedding guest | spring;summer;autumn;winter | slim | - | 85.00 | a spread collar and two-way stretch | -
harbor-pine | Linen Camp-Collar Shirt | shirt | men | 100% linen | Ecru;Sage;Navy | beach;casual;date night | summer | relaxed | - | 89.00 | a camp collar and straight hem | -
harbor-pine | Brushed Flannel Shirt | shirt | men | 100% cotton | Red Check;Green Check | casual | autumn;winter | regular | - | 72.00 | brushed-cotton softness | -
fieldnote | Chambray Utility Shirt | shirt | unisex | 100% cotton | Light Indigo;Washed Black | casual;travel | spring;autumn | relaxed | - | 68.00 | two flap pockets | -
indigo-row | Western Denim Shirt | shirt | men | 100% cotton | Mid Wash;Dark Wash | casual;date night | spring;autumn;winter | slim | - | 88.00 | pearl snaps and pointed yokes | -
tidewater | Men's Linen Beach Shirt | shirt | men | 100% linen | White;Sky Blue;Sand | beach;travel;wedding guest | summer | relaxed | - | 78.00 | a band collar and rolled sleeves | bestseller
tidewater | Oversized Linen Shirt | shirt | women | 100% linen | White;Lilac | beach;casual;travel | spring;summer | oversized | longline | 84.00 | dropped shoulders that double as a cover-up | -
canvas-co | Heavy Twill Overshirt | shirt | men | 100% cotton | Tobacco;Olive;Navy | casual | autumn;winter;spring | relaxed | - | 98.00 | a heavyweight twill that layers like a jacket | -
# Blouses
marlowe-finch | Pussy-Bow Silk Blouse | blouse | women | 100% silk | Ivory;Black;Claret | office;interview;date night | spring;autumn;winter | regular | - | 135.00 | a pussy-bow neck and button cuffs | -
marlowe-finch | Ruffle-Collar Poplin Blouse | blouse | women | 100% cotton | White;Blue Stripe | office;casual | spring;summer | regular | - | 78.00 | a ruffled collar | -
marlowe-finch | Sheer Dot Blouse | blouse | women | 100% polyester | Black;Navy | date night;office | spring;autumn | relaxed | - | 68.00 | sheer dotted mesh over a cami | final-sale;sale
aurelia | Crepe Shell Blouse | blouse | women | 95% polyester;5% elastane | Ivory;Black;Dusty Rose | office;interview;wedding guest | spring;summer;autumn;winter | regular | - | 88.00 | a clean boat neck that sits neatly under a blazer | bestseller
aurelia | Satin Wrap Blouse | blouse | women | 100% polyester | Champagne;Emerald | party;date night;wedding guest | autumn;winter | regular | - | 92.00 | a wrap front and balloon sleeves | -
aurelia | Tie-Neck Georgette Blouse | blouse | women | 100% polyester | Navy;Cream | office;interview | spring;autumn | relaxed | - | 84.00 | a soft tie neck | -
# T-shirts
fieldnote | Essential Organic Tee | t_shirt | unisex | 100% organic cotton | White;Black;Heather Grey;Navy | casual;travel | spring;summer;autumn | regular | regular | 32.00 | a 180 gsm jersey that keeps its shape | bestseller
fieldnote | Heavyweight Boxy Tee | t_shirt | unisex | 100% cotton | Ecru;Black;Olive | casual | spring;summer;autumn | oversized | regular | 42.00 | a boxy 240 gsm jersey | -
fieldnote | Pocket Tee | t_shirt | unisex | 100% organic cotton | Rust;Sage;White | casual | summer | regular | regular | 34.00 | a chest pocket | discontinued
harbor-pine | Pima Crew Tee | t_shirt | men | 100% pima cotton | White;Navy;Charcoal | casual;office | spring;summer;autumn;winter | slim | regular | 38.00 | silky pima cotton | -
tidewater | Slub Linen-Blend Tee | t_shirt | women | 55% linen;45% cotton | White;Sky Blue;Terracotta | beach;casual;travel | summer | relaxed | regular | 36.00 | a slubby linen-blend jersey | -
tidewater | Striped Breton Tee | t_shirt | women | 100% cotton | Navy Stripe;Red Stripe | casual;travel | spring;autumn | regular | regular | 44.00 | classic Breton stripes and a boat neck | -
kinetic | Dri-Pace Running Tee | t_shirt | men | 100% recycled polyester | Black;Electric Blue;Volt | workout | spring;summer;autumn | regular | regular | 40.00 | quick-dry mesh and reflective details | bestseller
kinetic | Women's Dri-Pace Tee | t_shirt | women | 100% recycled polyester | White;Coral;Black | workout | spring;summer;autumn | regular | regular | 40.00 | quick-dry mesh and a dropped back hem | -
little-bloom | Kids' Graphic Tee | t_shirt | kids | 100% organic cotton | Dinosaur Green;Rocket Navy;Rainbow White | casual | spring;summer;autumn | regular | regular | 18.00 | a screen-printed graphic | bestseller
canvas-co | Garment-Dyed Pocket Tee | t_shirt | men | 100% cotton | Faded Black;Sage | casual | spring;summer | relaxed | regular | 36.00 | a garment-dyed finish | -
# Knitwear
marlowe-finch | Cashmere Crew Sweater | knitwear | women | 100% cashmere | Oatmeal;Camel;Soft Pink | office;casual;travel | autumn;winter | regular | regular | 168.00 | two-ply Mongolian cashmere | bestseller
marlowe-finch | Cable-Knit Cardigan | knitwear | women | 60% cotton;40% wool | Cream;Navy | casual;office | autumn;winter;spring | relaxed | regular | 118.00 | chunky cables and horn buttons | -
harbor-pine | Merino Quarter-Zip | knitwear | men | 100% merino wool | Navy;Charcoal;Burgundy | office;travel;casual | autumn;winter | regular | regular | 110.00 | a fine-gauge merino | -
harbor-pine | Lambswool Shawl Cardigan | knitwear | men | 100% lambswool | Oatmeal;Charcoal | casual | autumn;winter | relaxed | regular | 128.00 | a shawl collar and patch pockets | -
fieldnote | Merino Crewneck | knitwear | unisex | 100% merino wool | Black;Heather Grey;Navy;Forest Green | casual;travel;office | autumn;winter;spring | regular | regular | 98.00 | extra-fine 18.5 micron merino | bestseller
fieldnote | Cotton Fisherman Sweater | knitwear | unisex | 100% organic cotton | Ecru;Navy | casual | autumn;spring | oversized | regular | 108.00 | a fisherman rib | -
summit-loom | Chunky Alpaca Turtleneck | knitwear | women | 60% alpaca;40% wool | Ivory;Rust;Charcoal | casual;travel | winter | oversized | regular | 148.00 | brushed alpaca and a roll neck | -
summit-loom | Fair Isle Wool Sweater | knitwear | men | 100% wool | Navy Fair Isle;Red Fair Isle | casual;party | winter | regular | regular | 138.00 | a Fair Isle yoke | -
canvas-co | Waffle Knit Cotton Sweater | knitwear | men | 100% cotton | Stone;Navy | casual | autumn;spring | regular | regular | 88.00 | a waffle stitch | -
# Jeans
indigo-row | High-Rise Skinny Jeans | jeans | women | 92% cotton;6% polyester;2% elastane | Dark Wash;Black;Mid Wash | casual;date night | spring;autumn;winter | slim | full | 98.00 | a sculpting high rise | bestseller
indigo-row | Wide-Leg Jeans | jeans | women | 100% cotton | Light Wash;Ecru | casual;travel | spring;summer;autumn | relaxed | full | 118.00 | a high waist and a floaty wide leg | -
indigo-row | Straight Ankle Jeans | jeans | women | 99% cotton;1% elastane | Mid Wash;Vintage Blue | casual;office | spring;summer;autumn;winter | regular | ankle | 108.00 | a straight leg that hits at the ankle | -
indigo-row | Mom Jeans | jeans | women | 100% cotton | Light Wash;Washed Black | casual | spring;summer;autumn | relaxed | ankle | 94.00 | a tapered leg | final-sale;sale
indigo-row | Bootcut Jeans | jeans | women | 93% cotton;5% polyester;2% elastane | Dark Wash | casual;date night | autumn;winter | slim | full | 104.00 | a subtle bootcut flare | discontinued
indigo-row | Slim Selvedge Jeans | jeans | men | 100% cotton | Raw Indigo;Rinse | casual;date night | autumn;winter;spring | slim | full | 158.00 | 13.5 oz Japanese selvedge denim | bestseller
indigo-row | Straight Stretch Jeans | jeans | men | 98% cotton;2% elastane | Mid Wash;Dark Wash;Black | casual;office;travel | spring;summer;autumn;winter | regular | full | 98.00 | comfort stretch | -
indigo-row | Relaxed Taper Jeans | jeans | men | 100% cotton | Light Wash;Mid Wash | casual | spring;summer;autumn | relaxed | full | 104.00 | roomy thighs and a tapered leg | -
little-bloom | Kids' Pull-On Jeans | jeans | kids | 98% cotton;2% elastane | Mid Wash;Dark Wash | casual | spring;autumn;winter | regular | full | 32.00 | an elastic waist and reinforced knees | -
# Trousers and shorts
marlowe-finch | Wide-Leg Crepe Trousers | trousers | women | 95% polyester;5% elastane | Black;Camel;Ivory | office;interview;date night | spring;autumn;winter | relaxed | full | 98.00 | pressed front creases | -
harbor-pine | Stretch Chinos | trousers | men | 98% cotton;2% elastane | Khaki;Navy;Olive;Stone | office;casual;travel | spring;summer;autumn;winter | slim | full | 78.00 | a clean flat front | bestseller
harbor-pine | Wool Dress Trousers | trousers | men | 100% wool | Charcoal;Navy;Mid Grey | office;interview;wedding guest | autumn;winter;spring | slim | full | 145.00 | Italian worsted wool | -
fieldnote | Travel Jogger | trousers | unisex | 88% nylon;12% elastane | Black;Navy;Olive | travel;casual | spring;summer;autumn;winter | relaxed | ankle | 88.00 | hidden zip pockets and four-way stretch | bestseller
aurelia | Tailored Cigarette Trousers | trousers | women | 64% polyester;33% viscose;3% elastane | Black;Navy | office;interview | spring;autumn;winter | slim | ankle | 98.00 | a slim ankle-length leg | -
tidewater | Linen Drawstring Trousers | trousers | women | 100% linen | Natural;White;Olive | beach;travel;casual | spring;summer | relaxed | full | 88.00 | a drawstring waist | -
tidewater | Men's Linen Shorts | trousers | men | 100% linen | Sand;Navy | beach;casual | summer | relaxed | shorts | 58.00 | a 7-inch inseam | -
canvas-co | Double-Knee Work Pants | trousers | men | 100% cotton | Tobacco;Black;Olive | casual | autumn;winter;spring | relaxed | full | 98.00 | 12 oz duck canvas and a double knee | -
# Skirts
marlowe-finch | Pleated Satin Midi Skirt | skirt | women | 100% polyester | Champagne;Forest Green;Black | wedding guest;party;office | autumn;winter;spring | regular | midi | 88.00 | knife pleats that catch the light | bestseller
marlowe-finch | Wool Pencil Skirt | skirt | women | 96% wool;4% elastane | Charcoal;Black | office;interview | autumn;winter | slim | knee | 98.00 | a back slit and full lining | -
aurelia | Tulle Maxi Skirt | skirt | women | 100% polyamide | Blush;Black | wedding guest;party | spring;summer | regular | maxi | 108.00 | layered tulle | final-sale
aurelia | A-Line Jacquard Skirt | skirt | women | 70% polyester;30% cotton | Navy;Gold | party;office | autumn;winter | regular | knee | 98.00 | a jacquard weave | -
indigo-row | Denim Mini Skirt | skirt | women | 100% cotton | Light Wash;Black | casual;date night | spring;summer | regular | mini | 68.00 | a raw hem | -
tidewater | Tiered Cotton Maxi Skirt | skirt | women | 100% cotton | White;Terracotta | beach;casual;travel | summer | relaxed | maxi | 72.00 | an elastic waist and deep pockets | -
# Jackets
harbor-pine | Waxed Cotton Field Jacket | jacket | men | 100% cotton | Olive;Navy | casual;travel | autumn;spring | regular | hip | 198.00 | a waxed finish that shrugs off drizzle | -
fieldnote | Lightweight Packable Jacket | jacket | unisex | 100% recycled nylon | Black;Navy;Orange | travel;casual;workout | spring;autumn | regular | hip | 98.00 | a shell that packs into its own pocket | bestseller
indigo-row | Classic Denim Jacket | jacket | unisex | 100% cotton | Mid Wash;Light Wash;Black | casual | spring;autumn | regular | hip | 118.00 | a trucker cut with chest pockets | bestseller
kinetic | Wind Shell Running Jacket | jacket | unisex | 100% recycled polyester | Black;Volt;Coral | workout;travel | spring;autumn | slim | hip | 110.00 | a DWR finish and reflective trims | -
summit-loom | Down Puffer Jacket | jacket | women | 100% nylon shell;90% down;10% feather | Black;Sage;Burgundy | casual;travel | winter | regular | hip | 228.00 | 700-fill responsibly sourced down | bestseller
summit-loom | Men's Down Puffer Jacket | jacket | men | 100% nylon shell;90% down;10% feather | Black;Navy;Olive | casual;travel | winter | regular | hip | 228.00 | 700-fill responsibly sourced down | -
summit-loom | Waterproof Rain Jacket | jacket | unisex | 100% recycled polyester | Yellow;Navy;Black | travel;casual | spring;autumn | relaxed | thigh | 168.00 | taped seams and a 20,000 mm waterproof rating | -
canvas-co | Chore Coat | jacket | men | 100% cotton | Tobacco;Navy | casual | spring;autumn | relaxed | hip | 148.00 | four patch pockets | -
little-bloom | Kids' Quilted Jacket | jacket | kids | 100% polyester | Red;Navy;Mustard | casual | autumn;winter | regular | hip | 54.00 | a warm quilted lining | -
# Coats
summit-loom | Wool Wrap Coat | coat | women | 80% wool;20% polyamide | Camel;Black;Grey Marl | office;travel | autumn;winter | relaxed | long | 298.00 | a tie belt and notch lapels | bestseller
summit-loom | Men's Wool Overcoat | coat | men | 70% wool;30% polyamide | Charcoal;Camel | office;wedding guest | autumn;winter | regular | knee | 320.00 | a single-breasted cut that fits over a suit | -
summit-loom | Parka with Faux-Fur Hood | coat | women | 100% polyester shell;100% recycled polyester fill | Khaki;Black | casual;travel | winter | regular | thigh | 248.00 | a waterproof shell and removable faux-fur trim | -
summit-loom | Men's Expedition Parka | coat | men | 100% nylon shell;90% down;10% feather | Black;Navy | travel;casual | winter | regular | thigh | 378.00 | warmth rated to -30 °C | -
summit-loom | Quilted Longline Coat | coat | women | 100% nylon shell;100% recycled polyester fill | Black;Olive | casual;travel | autumn;winter | regular | long | 198.00 | a two-way zip | discontinued
summit-loom | Cotton Trench Coat | coat | women | 100% cotton | Stone;Navy | office;travel | spring;autumn | relaxed | knee | 238.00 | a storm flap and belted cuffs | -
# Blazers
marlowe-finch | Boucle Cropped Blazer | blazer | women | 75% wool;25% polyester | Ivory;Pink | office;party;date night | autumn;winter;spring | regular | cropped | 168.00 | a boucle weave with gold buttons | -
aurelia | Double-Breasted Blazer | blazer | women | 64% polyester;33% viscose;3% elastane | Black;Ivory;Navy | office;interview | spring;autumn;winter | regular | - | 168.00 | a double-breasted front | bestseller
aurelia | Linen Blazer | blazer | women | 100% linen | Sand;White | office;wedding guest | spring;summer | relaxed | - | 158.00 | a single button | -
harbor-pine | Unstructured Cotton Blazer | blazer | men | 98% cotton;2% elastane | Navy;Stone | office;wedding guest;date night | spring;summer | slim | - | 198.00 | no shoulder padding | -
harbor-pine | Wool Hopsack Blazer | blazer | men | 100% wool | Navy;Mid Grey | office;interview;wedding guest | spring;summer;autumn;winter | regular | - | 268.00 | an open hopsack weave | bestseller
# Suits
harbor-pine | Navy Wool Suit | suit | men | 100% wool | Navy | wedding guest;interview;office | spring;summer;autumn;winter | slim | - | 498.00 | a two-button jacket and flat-front trousers | bestseller
harbor-pine | Charcoal Wool Suit | suit | men | 100% wool | Charcoal | interview;office;wedding guest | autumn;winter;spring | regular | - | 498.00 | a two-button jacket and flat-front trousers | -
harbor-pine | Linen Summer Suit | suit | men | 100% linen | Sand;Light Blue | wedding guest;beach | summer | relaxed | - | 398.00 | a half-lined jacket | -
aurelia | Women's Tailored Trouser Suit | suit | women | 64% polyester;33% viscose;3% elastane | Black;Navy;Ivory | interview;office;wedding guest | spring;autumn;winter | slim | - | 298.00 | a single-breasted blazer and wide trousers | -
# Activewear
kinetic | High-Waist Training Leggings | activewear | women | 78% nylon;22% elastane | Black;Navy;Plum | workout;casual | spring;summer;autumn;winter | slim | full | 78.00 | a squat-proof brushed fabric and a phone pocket | bestseller
kinetic | Seamless Sports Bra | activewear | women | 88% nylon;12% elastane | Black;Coral;Sage | workout | spring;summer;autumn;winter | slim | cropped | 48.00 | medium support | -
kinetic | Women's 3" Running Shorts | activewear | women | 100% recycled polyester | Black;Coral | workout | spring;summer | regular | shorts | 42.00 | a built-in brief | -
kinetic | Yoga Flare Pants | activewear | women | 75% nylon;25% elastane | Black;Taupe | workout;casual;travel | spring;summer;autumn;winter | slim | full | 82.00 | a buttery-soft flared leg | -
kinetic | Tennis Skort | activewear | women | 88% polyester;12% elastane | White;Navy | workout | spring;summer | regular | mini | 58.00 | built-in shorts with a ball pocket | final-sale
kinetic | Men's 5" Running Shorts | activewear | men | 100% recycled polyester | Black;Navy;Volt | workout | spring;summer | regular | shorts | 45.00 | a built-in liner | -
kinetic | Thermal Running Tights | activewear | men | 75% polyester;25% elastane | Black | workout | autumn;winter | slim | full | 72.00 | brushed thermal fleece | -
kinetic | Men's Training Joggers | activewear | men | 88% polyester;12% elastane | Black;Charcoal | workout;travel;casual | spring;autumn;winter | slim | ankle | 84.00 | tapered legs and zip pockets | -
kinetic | Half-Zip Training Top | activewear | unisex | 92% polyester;8% elastane | Black;Slate;Electric Blue | workout | autumn;winter;spring | regular | regular | 68.00 | thumbholes and a grid-fleece back | -
little-bloom | Kids' Active Shorts Set | activewear | kids | 100% polyester | Blue;Pink | workout;casual | spring;summer | regular | shorts | 28.00 | a tee and shorts in quick-dry fabric | -
"""

_CARE_RULES = (
    ("silk", "Dry clean only."),
    ("cashmere", "Hand wash cold with wool detergent; dry flat. Store folded."),
    ("down", "Machine wash cold on a gentle cycle; tumble dry low with dryer balls to restore loft."),
    ("alpaca", "Hand wash cold or dry clean; dry flat."),
    ("wool", "Dry clean, or hand wash cold and dry flat."),
    ("lambswool", "Hand wash cold or dry clean; dry flat."),
    ("linen", "Machine wash cold on a gentle cycle; line dry; warm iron while damp."),
    ("elastane", "Machine wash cold; no fabric softener; hang dry."),
    ("polyester", "Machine wash cold; hang dry; cool iron if needed."),
    ("nylon", "Machine wash cold; hang dry."),
    ("polyamide", "Hand wash cold; hang dry; cool iron on the reverse."),
    ("viscose", "Hand wash cold; dry flat; cool iron."),
    ("cotton", "Machine wash cold with like colours; tumble dry low."),
)
_FIT_WORDS = {"slim": "slim", "regular": "regular", "relaxed": "relaxed", "oversized": "oversized"}


def care_for(materials: list[str], category: str) -> str:
    """Care instructions from the main fibres (denim gets its own advice)."""
    if category == "jeans":
        return "Machine wash cold inside out, with like colours; hang dry to keep the fit."
    text = " ".join(materials).lower()
    for fibre, care in _CARE_RULES:
        if fibre in text:
            return care
    return "Machine wash cold; tumble dry low."


def _variants(
    rng: random.Random,
    sku_root: str,
    sizes: tuple[str, ...],
    inseams: tuple[str, ...],
    colours: list[str],
    price: str,
    *,
    status: str,
) -> list[VariantPlan]:
    variants: list[VariantPlan] = []
    for colour in colours:
        for size in sizes:
            for inseam in inseams:
                options = {"size": size, "colour": colour}
                title = f"{size} / {colour}"
                sku = f"{sku_root}-{colour_code(colour)}-{size}"
                if inseam:
                    options = {"size": size, "inseam": inseam, "colour": colour}
                    title = f"{size}W {inseam}L / {colour}"
                    sku += f"-L{inseam}"
                variants.append(
                    VariantPlan(
                        sku=sku,
                        title=title,
                        options=options,
                        price=money(price),
                        inventory=stock_level(rng, status),
                    )
                )
    return variants


def build_apparel_products(
    rng: random.Random, brands: dict[str, BrandPlan], cutoff: datetime
) -> list[ProductPlan]:
    """Every apparel product with attributes and size x colour variants."""
    products: list[ProductPlan] = []
    for number, row in enumerate(table_rows(_PRODUCTS, 13), start=1):
        brand_id, title, category, gender, materials_cell, colours_cell, occasions_cell = row[:7]
        seasons_cell, fit, length, price, feature, tags_cell = row[7:]
        brand = brands[brand_id]
        if category not in brand.fit_profile:
            raise ValueError(f"{title}: brand {brand_id} has no fit profile for {category}")
        materials, colours = split_list(materials_cell), split_list(colours_cell)
        occasions, seasons = split_list(occasions_cell), split_list(seasons_cell)
        unknown = (set(occasions) - set(OCCASIONS)) | (set(seasons) - set(SEASONS)) | ({fit} - set(FITS))
        if unknown:
            raise ValueError(f"{title}: unknown vocabulary {sorted(unknown)}")
        tags = split_list(tags_cell)
        status = "discontinued" if "discontinued" in tags else "active"
        tags = [tag for tag in tags if tag != "discontinued"]
        tags += [f"occasion:{value}" for value in occasions] + [f"season:{value}" for value in seasons]
        sizes = apparel_sizes(brand_id, category, gender)
        attributes: dict[str, Any] = {
            "gender": gender,
            "materials": materials,
            "colours": colours,
            "occasions": occasions,
            "seasons": seasons,
            "fit": fit,
            "care": care_for(materials, category),
            "sizes": list(sizes),
            "fit_profile": brand.fit_profile[category],
        }
        if length != "-":
            attributes["length"] = length
        description = (
            f"{title} in {join_words(materials)}, with {feature}. "
            f"A {_FIT_WORDS[fit]} fit for {join_words(occasions)}, best in {join_words(seasons)}."
        )
        if "1X" in sizes:
            description += f" Sizes {sizes[0]} to {sizes[-1]}."
        if gender == "kids":
            description += " Kids' sizes 4 to 14."
        inseams = MEN_INSEAMS if category == "jeans" and gender == "men" else ("",)
        sku_root = f"{brand.code}-A{number:03d}"
        variants = _variants(rng, sku_root, sizes, inseams, colours, price, status=status)
        if "sale" in tags:
            mark_down(variants)
        products.append(
            ProductPlan(
                handle=product_handle(brand.name, title),
                title=title,
                brand_id=brand_id,
                vertical="apparel",
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
