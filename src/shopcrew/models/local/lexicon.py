"""Built-in vocabulary of the local engine: categories, colours, number words and common words.

Everything here is immutable data; a store's own categories, colours and brands come in through
the Gazetteer, which merges them with these defaults.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text` as a frozenset (keeps long word lists readable)."""
    return frozenset(text.split())


# (label, synonyms, family): the label is what extraction reports; synonyms are other ways shoppers
# say it; family words are broader terms ("shoe") that hint at the category when matching products.
CATEGORY_TERMS: Final[tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = (
    # beauty
    ("serum", ("serum", "essence", "ampoule"), ("skincare",)),
    (
        "moisturizer",
        (
            "moisturizer",
            "moisturiser",
            "moisturizing cream",
            "moisturising cream",
            "face cream",
            "day cream",
            "night cream",
            "hydrating cream",
            "face lotion",
            "moisturizing lotion",
        ),
        ("skincare", "cream", "lotion"),
    ),
    (
        "cleanser",
        ("cleanser", "face wash", "facial wash", "cleansing gel", "cleansing balm", "cleansing oil"),
        ("skincare", "wash"),
    ),
    ("sunscreen", ("sunscreen", "sunblock", "sun screen", "sun cream", "spf"), ("skincare",)),
    ("toner", ("toner", "facial toner", "tonic"), ("skincare",)),
    ("exfoliant", ("exfoliant", "exfoliator", "face scrub", "peel"), ("skincare",)),
    ("mask", ("mask", "face mask", "sheet mask", "clay mask"), ("skincare",)),
    ("eye cream", ("eye cream", "eye gel", "eye serum"), ("skincare", "cream")),
    ("lip balm", ("lip balm", "lip treatment", "chapstick"), ("skincare",)),
    ("face oil", ("face oil", "facial oil"), ("skincare", "oil")),
    ("shampoo", ("shampoo",), ("haircare",)),
    ("conditioner", ("conditioner",), ("haircare",)),
    ("foundation", ("foundation",), ("makeup",)),
    ("lipstick", ("lipstick", "lip colour", "lip color"), ("makeup",)),
    ("mascara", ("mascara",), ("makeup",)),
    ("fragrance", ("fragrance", "perfume", "cologne", "eau de parfum", "eau de toilette"), ()),
    # apparel
    ("dress", ("dress", "gown", "sundress"), ("clothing",)),
    ("shirt", ("shirt", "button down", "button up", "oxford shirt", "flannel"), ("clothing", "top")),
    ("t-shirt", ("t-shirt", "t shirt", "tshirt", "tee"), ("clothing", "top", "shirt")),
    ("blouse", ("blouse",), ("clothing", "top")),
    (
        "sweater",
        ("sweater", "jumper", "pullover", "crewneck", "crew neck", "cardigan", "knit"),
        ("clothing", "top"),
    ),
    ("hoodie", ("hoodie", "hooded sweatshirt", "sweatshirt"), ("clothing", "top")),
    ("jacket", ("jacket", "rain jacket", "windbreaker", "shell", "puffer"), ("clothing", "outerwear")),
    ("coat", ("coat", "parka", "overcoat", "trench"), ("clothing", "outerwear")),
    ("blazer", ("blazer", "sport coat", "suit jacket"), ("clothing",)),
    ("pants", ("pants", "trousers", "chinos", "chino", "slacks", "joggers"), ("clothing", "bottoms")),
    ("jeans", ("jeans", "denim"), ("clothing", "bottoms", "pants")),
    ("shorts", ("shorts",), ("clothing", "bottoms")),
    ("skirt", ("skirt",), ("clothing", "bottoms")),
    ("leggings", ("leggings", "tights"), ("clothing", "bottoms")),
    ("socks", ("socks", "sock"), ("clothing",)),
    ("swimwear", ("swimwear", "swimsuit", "bikini", "swim trunks"), ("clothing",)),
    ("hat", ("hat", "cap", "beanie"), ("accessory",)),
    ("scarf", ("scarf",), ("accessory",)),
    ("bag", ("bag", "tote", "backpack", "handbag"), ("accessory",)),
    # footwear
    ("shoe", ("shoe", "footwear", "kicks"), ()),
    (
        "running shoe",
        ("running shoe", "running sneaker", "road shoe", "jogging shoe"),
        ("shoe", "sneaker", "trainer"),
    ),
    ("trail running shoe", ("trail running shoe", "trail shoe"), ("shoe", "sneaker", "trainer", "running")),
    ("sneaker", ("sneaker", "trainer"), ("shoe",)),
    ("boot", ("boot", "bootie"), ("shoe",)),
    ("hiking boot", ("hiking boot", "hiker", "hiking shoe"), ("shoe", "boot")),
    ("sandal", ("sandal", "slide", "flip flop"), ("shoe",)),
    ("loafer", ("loafer", "moccasin"), ("shoe",)),
    ("heels", ("heels", "pump", "stiletto"), ("shoe",)),
    ("slipper", ("slipper",), ("shoe",)),
)

# Label spellings of colours; catalogs may add their own (e.g. "Sage", "Heather Grey").
COLOURS: Final[tuple[str, ...]] = (
    "black",
    "white",
    "off-white",
    "ivory",
    "grey",
    "charcoal",
    "silver",
    "navy",
    "navy blue",
    "blue",
    "light blue",
    "sky blue",
    "royal blue",
    "teal",
    "turquoise",
    "green",
    "olive",
    "sage",
    "forest green",
    "khaki",
    "mint",
    "red",
    "burgundy",
    "maroon",
    "wine",
    "pink",
    "blush",
    "hot pink",
    "coral",
    "orange",
    "rust",
    "yellow",
    "mustard",
    "gold",
    "beige",
    "tan",
    "camel",
    "brown",
    "chocolate",
    "taupe",
    "nude",
    "purple",
    "lavender",
    "lilac",
    "plum",
    "multicolour",
)
# Other spellings mapped to a label above.
COLOUR_ALIASES: Final[MappingProxyType[str, str]] = MappingProxyType(
    {
        "gray": "grey",
        "dark grey": "charcoal",
        "dark gray": "charcoal",
        "offwhite": "off-white",
        "off white": "off-white",
        "cream colored": "ivory",
        "cream coloured": "ivory",
        "multicolor": "multicolour",
        "multi colour": "multicolour",
        "multi color": "multicolour",
    }
)

NUMBER_WORDS: Final[MappingProxyType[str, int]] = MappingProxyType(
    {
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "a couple": 2,
        "a couple of": 2,
        "a pair": 1,
        "a pair of": 1,
        "a dozen": 12,
        "dozen": 12,
    }
)

ORDINAL_WORDS: Final[MappingProxyType[str, int]] = MappingProxyType(
    {
        "first": 1,
        "1st": 1,
        "second": 2,
        "2nd": 2,
        "third": 3,
        "3rd": 3,
        "fourth": 4,
        "4th": 4,
        "fifth": 5,
        "5th": 5,
        "sixth": 6,
        "6th": 6,
        "seventh": 7,
        "7th": 7,
        "eighth": 8,
        "8th": 8,
        "ninth": 9,
        "9th": 9,
        "tenth": 10,
        "10th": 10,
        "last": -1,
        "final": -1,
        "second to last": -2,
        "second last": -2,
        "penultimate": -2,
        "top": 1,
    }
)

# Function words: never evidence for a product, never fuzzy-corrected.
STOPWORDS: Final[frozenset[str]] = word_set(
    """a an the and or but if of to in on at by for with from about as into onto over under up down out
    off than then so too very just also only not no yes do does did done doing have has had having
    is are was were be been being am i im me my mine we us our you your yours he she it its they them
    their this that these those there here what which who whom whose when where why how can could
    would should will shall may might must let lets get got any some all each every both either
    please pls thanks thank hi hello hey ok okay ya yeah yep one ones size sz like want wanted need
    looking look see show find tell know think get buy purchase order ordered something anything
    thing things item items product products stuff pair pairs bit more most less much many again
    still now new"""
)

# Common English words: not names, and not allowed to be fuzzy-corrected into generic vocabulary
# (so "bought" never becomes "boot"). Product-name tokens may still be corrected from them
# ("trial" -> "trail"), because a typo of a product name is the likelier reading in a shop.
COMMON_WORDS: Final[frozenset[str]] = STOPWORDS | word_set(
    """good great fine calm bad better best worse worst nice cool awesome perfect amazing terrible awful
    happy sad sorry glad sure ready back home away around right left wrong same different other
    another next last first second third little big small large medium long short tall wide narrow
    light dark bright soft hard warm cold hot dry oily sensitive normal combination new old young
    cheap expensive free available interested wondering trying looking hoping going coming waiting
    asking calling writing checking reaching following returning ordering shopping wearing using
    buying getting having making taking doing running hiking walking working living staying
    confused annoyed frustrated disappointed excited pleased curious worried concerned unsure
    confused done finished busy late early fast slow quick really actually literally basically
    totally definitely probably maybe perhaps almost quite pretty rather super way kind sort lot
    today tomorrow yesterday week month year time day days weeks months years hours minutes
    help question problem issue return refund exchange cancel change track tracking ship shipping
    delivery delivered arrive arrived package parcel account email phone number name address zip
    code call text message chat store shop site website online price cost budget money dollars
    bucks deal sale discount coupon gift card payment pay paid charge charged skin hair face body
    feet foot toe toes fit fits fitting sizing color colour colors colours style styles outfit
    wedding party work office gym trip vacation summer winter spring fall autumn season weather
    rain snow sun beach city trail road mountain water men women mens womens kids girl boy man woman
    gift friend wife husband mom dad mother father sister brother daughter son family
    american canadian british english french german italian spanish mexican chinese japanese
    korean indian australian irish scottish european asian african vegan vegetarian pregnant
    allergic new yorker also already always never often sometimes usually ever even though
    although because since until while after before during without within between against
    shoe shoes boot boots dress serum cream
    plump plumping plumper sulfate sulfates sulphate sulphates
    sell sells selling sold carry carries stock stocked ship ships send sent give gave take took make
    made come came keep kept hold held wish hope mean meant feel felt seem seems work works worked
    love loved hate hated bought buy try tried wear wore worn fits fitted still well much
    monday tuesday wednesday thursday friday saturday sunday january february march april june july
    august september october november december"""
)

# Words that often follow "I'm"/"this is" and rule a personal name out.
NOT_NAME_SUFFIXES: Final[tuple[str, ...]] = ("ing", "ed", "ly", "ful", "ous", "ive", "able", "ible")
