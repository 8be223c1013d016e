"""The judged shopper queries over the demo catalog, each with what a product must be to answer it.

Written by reading the demo catalog (see build_search_judgments.py for the grading rules).
Types: terse, rambling, typo, synonym, attribute, price, avoid, size, semantic, brand.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Need:
    """What a product must be to answer a query, in the catalog's own terms."""

    cats: tuple[str, ...] = ()
    near: tuple[str, ...] = ()  # adjacent categories: at best partly relevant
    gender: str | None = None
    flags: tuple[str, ...] = ()
    skin: str | None = None
    concerns: tuple[str, ...] = ()
    max_price: float | None = None
    min_price: float | None = None
    size: str | None = None
    width: str | None = None
    colour: str | None = None
    avoid: tuple[str, ...] = ()
    levels: tuple[tuple[str, int], ...] = ()  # ("arch_support", 3): at least high
    any_of: tuple[tuple[str, str], ...] = ()  # (attribute, value): one listed value must match
    words: tuple[str, ...] = ()  # each must appear in title, key ingredients or materials
    brand: str | None = None


RUN = ("running",)
TRAIL = ("trail_running",)
SHOES = ("running", "trail_running", "walking", "sneakers")
FACE = (
    "moisturizer",
    "serum",
    "cleanser",
    "toner",
    "sunscreen",
    "exfoliant",
    "retinoid",
    "mask",
    "eye_cream",
)

QUERIES: list[tuple[str, str, Need]] = [
    # terse
    ("terse", "vitamin c serum", Need(cats=("serum",), words=("vitamin c",))),
    ("terse", "hiking boots", Need(cats=("hiking",), near=("boots",))),
    ("terse", "rain jacket", Need(cats=("jacket",), flags=(), words=("rain",), near=("coat",))),
    ("terse", "linen shirt", Need(cats=("shirt",), words=("linen",), near=("top", "blouse"))),
    ("terse", "retinol", Need(cats=("retinoid",), words=("retin",))),
    ("terse", "sunscreen spf 50", Need(cats=("sunscreen",), words=("spf 50",))),
    ("terse", "flip flops", Need(cats=("sandals",), words=("flip-flop",))),
    ("terse", "chelsea boots", Need(cats=("boots",), words=("chelsea",))),
    ("terse", "cashmere sweater", Need(cats=("knitwear",), words=("cashmere",))),
    ("terse", "sports bra", Need(cats=("activewear",), words=("bra",))),
    ("terse", "niacinamide", Need(cats=FACE, words=("niacinamide",))),
    ("terse", "eye cream", Need(cats=("eye_cream",))),
    ("terse", "wool suit", Need(cats=("suit",), words=("wool",))),
    ("terse", "puffer jacket", Need(cats=("jacket", "coat"), words=("down",))),
    ("terse", "mens loafers", Need(cats=("dress_shoes",), gender="men", words=("loafer",))),
    ("terse", "clay mask", Need(cats=("mask",), words=("clay",))),
    ("terse", "trail running shoes", Need(cats=TRAIL, near=RUN)),
    ("terse", "body lotion", Need(cats=("body",), near=("moisturizer",), words=("lotion",))),
    ("terse", "silk blouse", Need(cats=("blouse",), words=("silk",))),
    ("terse", "kids rain boots", Need(cats=("kids",), flags=("waterproof",), words=("rain",))),
    # rambling
    (
        "rambling",
        "hi! so I've started running again after a long break and my old trainers are falling apart, "
        "looking for something for the road with lots of cushioning",
        Need(cats=RUN, levels=(("cushioning", 3),)),
    ),
    (
        "rambling",
        "my sister is getting married in june and I have no idea what to wear, something elegant "
        "but not too formal, a dress maybe",
        Need(cats=("dress",), gender="women", any_of=(("occasions", "wedding guest"),)),
    ),
    (
        "rambling",
        "ok so my skin gets really red and flushed, the dermatologist said rosacea, and I need a "
        "moisturiser that won't make it worse",
        Need(cats=("moisturizer",), concerns=("rosacea",)),
    ),
    (
        "rambling",
        "I'm going hiking in Scotland in october and it will definitely rain, I need boots that "
        "keep my feet dry, men's",
        Need(cats=("hiking",), near=("boots", "walking"), gender="men", flags=("waterproof",)),
    ),
    (
        "rambling",
        "can you help me, I have a job interview next week and need a blazer that looks sharp, I'm a woman",
        Need(cats=("blazer",), gender="women", any_of=(("occasions", "interview"),)),
    ),
    (
        "rambling",
        "my teenage son has terrible breakouts on his face, is there a cleanser that would help?",
        Need(cats=("cleanser",), concerns=("acne",)),
    ),
    (
        "rambling",
        "I work as a nurse and I'm on my feet for twelve hour shifts, my feet are killing me, I need "
        "walking shoes with proper support",
        Need(cats=("walking",), near=("sneakers", "running"), levels=(("arch_support", 3),)),
    ),
    (
        "rambling",
        "winter is coming and I freeze every year, want a really warm coat for women, long if possible",
        Need(cats=("coat",), near=("jacket",), gender="women", any_of=(("seasons", "winter"),)),
    ),
    (
        "rambling",
        "been using a retinol for a while but it's too harsh for me, is there something gentler "
        "for anti ageing?",
        Need(cats=("retinoid",), concerns=("ageing",), skin="sensitive"),
    ),
    (
        "rambling",
        "looking for a comfy t-shirt I can wear every day, organic cotton would be nice",
        Need(cats=("t_shirt",), near=("top",), words=("organic cotton",)),
    ),
    # typos
    ("typo", "waterprof hiking boots", Need(cats=("hiking",), near=("boots",), flags=("waterproof",))),
    ("typo", "vitamn c serum", Need(cats=("serum",), words=("vitamin c",))),
    ("typo", "moisturiser for dry skn", Need(cats=("moisturizer",), skin="dry")),
    ("typo", "runing shoes", Need(cats=RUN, near=TRAIL)),
    ("typo", "linnen trousers", Need(cats=("trousers",), words=("linen",))),
    ("typo", "sunscren for oily skin", Need(cats=("sunscreen",), skin="oily")),
    ("typo", "cashmire sweater", Need(cats=("knitwear",), words=("cashmere",))),
    ("typo", "salicylic acid clenser", Need(cats=("cleanser",), words=("salicylic",))),
    ("typo", "sandles for the beach", Need(cats=("sandals",), any_of=(("terrain", "beach"),))),
    ("typo", "hyaluronic serm", Need(cats=("serum",), words=("hyaluronic",))),
    ("typo", "leggins for yoga", Need(cats=("activewear",), words=("legging",), near=())),
    ("typo", "chelsae boots", Need(cats=("boots",), words=("chelsea",))),
    # synonyms
    ("synonym", "face wash for acne", Need(cats=("cleanser",), concerns=("acne",))),
    ("synonym", "sunblock", Need(cats=("sunscreen",))),
    ("synonym", "jumper", Need(cats=("knitwear",))),
    ("synonym", "trainers for the gym", Need(cats=RUN, near=("sneakers", "activewear"))),
    ("synonym", "pants for the office", Need(cats=("trousers",), any_of=(("occasions", "office"),))),
    ("synonym", "sneakers with good arch support", Need(cats=("sneakers",), levels=(("arch_support", 3),))),
    ("synonym", "tee shirt for men", Need(cats=("t_shirt",), gender="men")),
    ("synonym", "exfoliating acid", Need(cats=("exfoliant",), near=("toner", "serum", "mask"))),
    ("synonym", "night cream", Need(cats=("moisturizer",), near=("retinoid",), words=("night",))),
    ("synonym", "shoes for hiking", Need(cats=("hiking",), near=("boots", "trail_running"))),
    ("synonym", "pullover for a man", Need(cats=("knitwear",), gender="men")),
    ("synonym", "spf for my face", Need(cats=("sunscreen",))),
    # attributes
    ("attribute", "waterproof trail running shoes", Need(cats=TRAIL, flags=("waterproof",))),
    ("attribute", "running shoe with the most arch support", Need(cats=RUN, levels=(("arch_support", 3),))),
    ("attribute", "max cushioning running shoes", Need(cats=RUN, levels=(("cushioning", 4),))),
    ("attribute", "vegan moisturizer", Need(cats=("moisturizer",), flags=("vegan",))),
    ("attribute", "serum for sensitive skin", Need(cats=("serum",), skin="sensitive")),
    ("attribute", "moisturizer for oily skin", Need(cats=("moisturizer",), skin="oily")),
    ("attribute", "something for dark spots", Need(cats=FACE, concerns=("hyperpigmentation",))),
    ("attribute", "wide width walking shoes", Need(cats=("walking",), width="Wide")),
    ("attribute", "black chelsea boots", Need(cats=("boots",), words=("chelsea",), colour="black")),
    ("attribute", "navy blazer", Need(cats=("blazer",), colour="navy")),
    ("attribute", "cushioned sandals", Need(cats=("sandals",), levels=(("cushioning", 2),))),
    ("attribute", "pregnancy safe serum", Need(cats=("serum",), flags=("pregnancy_safe",))),
    ("attribute", "merino base layer", Need(cats=("top", "knitwear"), words=("merino",))),
    (
        "attribute",
        "womens waterproof winter boots",
        Need(cats=("boots", "hiking"), gender="women", flags=("waterproof",)),
    ),
    # price
    ("price", "vitamin c serum under $40", Need(cats=("serum",), words=("vitamin c",), max_price=40)),
    ("price", "running shoes under $120", Need(cats=RUN, max_price=120)),
    ("price", "cheap moisturizer under 20 dollars", Need(cats=("moisturizer",), max_price=20)),
    ("price", "dress between $50 and $100", Need(cats=("dress",), min_price=50, max_price=100)),
    ("price", "hiking boots under $200", Need(cats=("hiking",), max_price=200)),
    ("price", "sunscreen under $25", Need(cats=("sunscreen",), max_price=25)),
    ("price", "jeans under 100", Need(cats=("jeans",), max_price=100)),
    ("price", "coat over $300", Need(cats=("coat",), min_price=300)),
    ("price", "sneakers under $70", Need(cats=("sneakers",), max_price=70)),
    ("price", "eye cream under $20", Need(cats=("eye_cream",), max_price=20)),
    (
        "price",
        "compare the two vitamin c serums under $40",
        Need(cats=("serum",), words=("vitamin c",), max_price=40),
    ),
    ("price", "retinol serum less than $30", Need(cats=("retinoid",), words=("retin",), max_price=30)),
    # ingredients to avoid
    ("avoid", "fragrance free moisturizer", Need(cats=("moisturizer",), avoid=("fragrance",))),
    ("avoid", "toner with no fragrance", Need(cats=("toner",), avoid=("fragrance",))),
    ("avoid", "alcohol-free toner", Need(cats=("toner",), avoid=("alcohol",))),
    ("avoid", "sulfate-free face cleanser", Need(cats=("cleanser",), avoid=("sulfate",))),
    ("avoid", "silicone free moisturiser", Need(cats=("moisturizer",), avoid=("silicone",))),
    ("avoid", "unscented body lotion", Need(cats=("body",), avoid=("fragrance",))),
    ("avoid", "cleanser without essential oils", Need(cats=("cleanser",), avoid=("essential oil",))),
    ("avoid", "serum for dry skin, no perfume", Need(cats=("serum",), skin="dry", avoid=("fragrance",))),
    ("avoid", "I'm allergic to fragrance, need a sunscreen", Need(cats=("sunscreen",), avoid=("fragrance",))),
    (
        "avoid",
        "mask with no fragrance for sensitive skin",
        Need(cats=("mask",), skin="sensitive", avoid=("fragrance",)),
    ),
    # sizes
    ("size", "size 11 wide running shoe", Need(cats=RUN, size="11", width="Wide")),
    (
        "size",
        "which running shoe has the most arch support in a size 11 wide?",
        Need(cats=RUN, size="11", width="Wide", levels=(("arch_support", 3),)),
    ),
    ("size", "women's hiking boots size 8", Need(cats=("hiking",), gender="women", size="8")),
    ("size", "men's sneakers size 10.5", Need(cats=("sneakers",), gender="men", size="10.5")),
    ("size", "dress in size M", Need(cats=("dress",), size="M")),
    ("size", "linen shirt size XL", Need(cats=("shirt",), words=("linen",), size="XL")),
    ("size", "jeans size 30", Need(cats=("jeans",), size="30")),
    ("size", "trail runners 9.5 extra wide", Need(cats=TRAIL, size="9.5", width="Extra Wide")),
    ("size", "kids sneakers size 12C", Need(cats=("kids",), words=("sneaker",), size="12C")),
    ("size", "sandals size 7 narrow", Need(cats=("sandals",), size="7", width="Narrow")),
    # semantic: the words differ from the catalog's
    (
        "semantic",
        "comfortable shoes for standing all day",
        Need(cats=("walking", "sneakers"), near=RUN, levels=(("cushioning", 3),)),
    ),
    (
        "semantic",
        "something to wear to a fancy party",
        Need(cats=("dress", "skirt", "blouse", "top"), any_of=(("occasions", "party"),)),
    ),
    ("semantic", "keep my face from looking shiny", Need(cats=FACE, skin="oily", concerns=("pores",))),
    (
        "semantic",
        "warm clothes for snowy weather",
        Need(cats=("coat", "jacket", "knitwear"), any_of=(("seasons", "winter"),)),
    ),
    ("semantic", "shoes for a muddy trail race", Need(cats=TRAIL, any_of=(("terrain", "mud"),))),
    (
        "semantic",
        "outfit for a beach holiday",
        Need(
            cats=("dress", "top", "shirt", "skirt", "trousers", "t_shirt"), any_of=(("occasions", "beach"),)
        ),
    ),
    ("semantic", "help my skin look less tired and dull", Need(cats=FACE, concerns=("dullness",))),
    ("semantic", "something to calm irritated skin", Need(cats=FACE, concerns=("redness",))),
    ("semantic", "smart shoes to go with a suit", Need(cats=("dress_shoes",), gender="men")),
    (
        "semantic",
        "clothes for working out",
        Need(cats=("activewear", "top", "t_shirt"), any_of=(("occasions", "workout"),)),
    ),
    ("semantic", "anti wrinkle", Need(cats=FACE, concerns=("ageing",))),
    ("semantic", "plump and hydrate thirsty skin", Need(cats=FACE, concerns=("dehydration",))),
    # brand
    ("brand", "stridelab running shoes", Need(cats=RUN, brand="Stridelab")),
    ("brand", "calma skin serum", Need(cats=("serum",), brand="Calma Skin")),
    ("brand", "lumen lab exfoliant", Need(cats=("exfoliant",), brand="Lumen Lab")),
    ("brand", "cobble lane boots", Need(cats=("boots",), near=("dress_shoes",), brand="Cobble Lane")),
]
