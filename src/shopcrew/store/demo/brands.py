"""The demo store's 26 fictional brands, with fit profiles per category.

A fit profile says how a brand's sizing compares with the standard chart in one
category: `runs_small` (size up), `true_to_size` or `runs_large` (size down). The
same profile shifts the brand's size chart and skews the return reasons of its
orders, so fit advice can be learned from the data.
"""

from __future__ import annotations

from shopcrew.store.demo.plans import BrandPlan, split_list, table_rows

FIT_PROFILES = ("runs_small", "true_to_size", "runs_large")

# id | name | vertical | sku code | cruelty free | fit profile (category=profile;...) | description
_BRANDS = """
lumen-lab | Lumen Lab | beauty | LUM | yes | - | Clinical, vegan actives at honest concentrations: vitamin C, niacinamide, retinoids and acids, each labelled with its percentage.
dewpoint | Dewpoint | beauty | DEW | yes | - | Hydration-first skincare inspired by layered Korean routines: essences, gel creams and sleeping masks.
calma | Calma Skin | beauty | CAL | yes | - | Minimal, fragrance-free formulas developed with dermatologists for sensitive, reactive and rosacea-prone skin.
wildroot | Wildroot Botanics | beauty | WLD | yes | - | Plant oils, hydrosols and essential oils in small-batch formulas with a spa-like scent.
solstice | Solstice Sun Care | beauty | SOL | yes | - | Broad-spectrum daily sunscreens, mineral and chemical, that disappear under make-up.
verity | Verity Dermatologics | beauty | VER | yes | - | Pharmacy-style barrier care with ceramides, urea and gentle cleansers at everyday prices.
petal-pestle | Petal & Pestle | beauty | PTL | no | - | Indulgent, richly scented creams and body rituals with rose, neroli and honey.
clearform | Clearform | beauty | CLR | yes | - | Targeted care for breakouts and congested pores: salicylic acid, azelaic acid and zinc.
marlowe-finch | Marlowe & Finch | apparel | MAF | yes | dress=runs_small;blouse=runs_small;skirt=runs_small;top=true_to_size;trousers=true_to_size;knitwear=true_to_size;blazer=true_to_size | Feminine womenswear with fitted waists and fine fabrics, XS to 3X.
harbor-pine | Harbor & Pine | apparel | HAP | yes | shirt=runs_large;trousers=true_to_size;blazer=true_to_size;suit=true_to_size;knitwear=runs_large;jacket=true_to_size;t_shirt=runs_large | Menswear staples: Oxford shirts, chinos and tailoring with a generous cut.
fieldnote | Fieldnote | apparel | FLD | yes | t_shirt=true_to_size;top=true_to_size;knitwear=true_to_size;shirt=true_to_size;trousers=true_to_size;jacket=true_to_size | Unisex everyday basics in organic cotton and merino, cut true to size.
indigo-row | Indigo Row | apparel | IND | yes | jeans=runs_small;jacket=true_to_size;skirt=runs_small;shirt=true_to_size | Selvedge and stretch denim for women and men; rigid fabrics that fit snug at first.
aurelia | Aurelia | apparel | AUR | yes | dress=true_to_size;suit=runs_small;blazer=runs_small;trousers=true_to_size;blouse=true_to_size;skirt=true_to_size | Occasion wear for weddings, galas and interviews, XS to 3X.
tidewater | Tidewater | apparel | TDW | yes | dress=runs_large;top=runs_large;shirt=runs_large;trousers=runs_large;skirt=true_to_size;t_shirt=true_to_size | Breezy linen and cotton for beach days and travel; relaxed, roomy cuts.
kinetic | Kinetic Athletics | apparel | KIN | yes | activewear=true_to_size;jacket=true_to_size;t_shirt=true_to_size;top=true_to_size | Performance activewear for running, training and yoga.
summit-loom | Summit Loom | apparel | SUM | yes | coat=runs_large;jacket=runs_large;knitwear=true_to_size | Outerwear and heavy knits built for cold, wet winters; roomy enough to layer.
little-bloom | Little Bloom | apparel | LBL | yes | dress=true_to_size;t_shirt=true_to_size;jeans=runs_small;jacket=true_to_size;activewear=true_to_size | Durable, playful clothes for kids aged 4 to 14.
canvas-co | Canvas & Co | apparel | CNV | yes | t_shirt=true_to_size;shirt=true_to_size;trousers=runs_small;jacket=true_to_size;knitwear=true_to_size | Workwear-inspired menswear in heavyweight cotton canvas and twill.
northpeak | Northpeak | footwear | NPK | yes | trail_running=runs_small;hiking=true_to_size;running=runs_small | Trail running shoes and hiking boots with grippy lugs; the Trail Runner line comes in wide widths.
stridelab | Stridelab | footwear | STR | yes | running=true_to_size;walking=true_to_size;trail_running=true_to_size | Road running shoes from minimal racers to max-cushion trainers.
ambler | Ambler & Co | footwear | AMB | yes | walking=true_to_size;sneakers=true_to_size;sandals=true_to_size | Supportive walking shoes with high arches, in Narrow to Extra Wide.
cobble-lane | Cobble Lane | footwear | CBL | yes | dress_shoes=runs_large;boots=runs_large | Goodyear-welted leather dress shoes and boots; half a size large.
shoreline | Shoreline | footwear | SHR | yes | sandals=runs_small;sneakers=true_to_size | Sandals and slip-ons for warm days, with contoured cork footbeds.
kickstand | Kickstand | footwear | KCK | yes | sneakers=true_to_size;boots=true_to_size | Street sneakers and everyday boots in leather, canvas and suede.
ridgeline | Ridgeline | footwear | RDG | yes | hiking=runs_small;boots=true_to_size;sandals=true_to_size | Waterproof hiking boots for rocky, wet terrain.
little-strides | Little Strides | footwear | LST | yes | kids=true_to_size | Kids' shoes with roomy toe boxes and easy hook-and-loop closures.
"""


def demo_brands() -> list[BrandPlan]:
    """The brand rows, in a stable order."""
    brands: list[BrandPlan] = []
    for brand_id, name, vertical, code, cruelty_free, fit, description in table_rows(_BRANDS, 7):
        profile: dict[str, str] = {}
        for item in split_list(fit):
            category, _, value = item.partition("=")
            if value not in FIT_PROFILES:
                raise ValueError(f"brand {brand_id}: unknown fit profile {value!r}")
            profile[category] = value
        brands.append(
            BrandPlan(
                id=brand_id,
                name=name,
                vertical=vertical,
                code=code,
                description=description,
                fit_profile=profile,
                cruelty_free=cruelty_free == "yes",
            )
        )
    return brands
