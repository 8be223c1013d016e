"""Concept lexicon: words a shopper uses for the same idea, mapped to one concept.

The n-gram model only knows words it saw in training; the lexicon lets it
generalise to synonyms and common misspellings ("howdy" is a greeting, "scrap
my order" is a cancellation, "operator" asks for a person). Concepts become
features of their own, and so do pairs of concepts in one message, which lets a
linear model tell "cancel + subscription" from "cancel + order" and "return +
your policy" from "return + my boots".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from shopcrew.orchestrator.offtopic_words import MEDICAL, OFFTOPIC_TOPICS, OTHER_COMPANIES


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# concept -> words; a word may belong to several concepts.
_CONCEPT_WORDS: Mapping[str, tuple[str, ...]] = {
    "greet": _words(
        "hi hello hey hiya howdy yo sup greetings morning evening afternoon hola bonjour heya helloo heyy hii"
    ),
    "thanks": _words("thanks thank thx ty tysm cheers appreciate appreciated ta thanku grateful"),
    "bye": _words("bye goodbye cya later goodnight farewell ciao"),
    "ack": _words(
        "ok okay k kk cool great nice perfect awesome alright fab brilliant sure yes yep yeah yup "
        "no nope nah fine lol haha lmao rofl omg wow hmm ugh oops"
    ),
    "bot": _words("bot robot ai chatgpt automated machine"),
    "person": _words(
        "human humans person people agent agents representative rep operator manager supervisor someone "
        "somebody anybody anyone staff team colleague hooman boss owner real actual live senior specialist"
    ),
    "contact": _words(
        "call phone ring callback speak talk chat contact reach escalate transfer connect ticket complaint"
    ),
    "cancel": _words(
        "cancel cancels cancelled canceled cancelling canceling cancellation cancelation cancell cancle "
        "cancl cansel canel cncl void scrap halt withdraw revoke undo"
    ),
    "return": _words(
        "return returns returning returned retrun retun rerturn refund refunds refunded refunding refnd "
        "rfund refun reimburse reimbursement"
    ),
    "exchange": _words(
        "exchange exchanges exchanging exchanged swap swaps swapping swop switch swich replace replacement "
        "replacing trade exhange exchnage excahnge exchang"
    ),
    "subscription": _words(
        "subscription subscriptions subscribe subscribed subscribtion subscripton subsciption sub subs "
        "autoship recurring replenish replenishment refill refills box boxes monthly quarterly auto renew "
        "frequency"
    ),
    "pause": _words(
        "pause paused pausing skip skipping skipped resume unpause restart reactivate hold delay"
    ),
    "address": _words(
        "address addresses adress addres postcode zip zipcode street st rd road lane avenue apartment apt "
        "flat suite unit building house redirect reroute locker"
    ),
    "order": _words(
        "order orders ordered ordr oder purchase purchased package packages parcel parcels packge parcle "
        "delivery deliveries shipment stuff item items"
    ),
    "where": _words(
        "where wheres were track tracking tracker status arrive arrived arriving eta shipped dispatched "
        "delivered transit courier late delayed lost stuck received recieved"
    ),
    "account": _words(
        "account acount acct login logging log sign signin password pasword passwd pw email profile "
        "username verification verify code 2fa locked hacked"
    ),
    "loyalty": _words("points pts rewards reward loyalty tier vip member membership credit balance"),
    "privacy": _words(
        "data gdpr delete erase personal privacy unsubscribe newsletter marketing emails texts sms"
    ),
    "policy": _words(
        "policy policies window period shipping ship delivery free cost costs fee fees charge warranty "
        "guarantee guaranteed promo code coupon discount payment pay paypal klarna afterpay installments "
        "international internationally countries duties customs tax"
    ),
    "generic": _words(
        "your you guys policy general generally usually typically any anything something items"
    ),
    "personal": _words("my mine i me im ive these them <order> bought received got"),
    # Words that point at one purchase of the shopper's, not at a kind of item in general.
    "mine": _words(
        "my mine these them they theyre <order> bought ordered received got purchased sent arrived delivered"
    ),
    "size": _words(
        "size sizes sizing sized fit fits fitting runs run small big large tight loose snug roomy wide "
        "narrow width length inseam waist chest bust hips measurements measure chart guide tall petite "
        "true xs s m l xl xxl half toe"
    ),
    "skin": _words(
        "skin acne rosacea eczema sensitive oily dry combination combo breakout break breaks pores "
        "blackheads whiteheads redness irritation irritated irritate sting stings retinol retinal tretinoin "
        "vitamin niacinamide aha bha salicylic benzoyl azelaic hyaluronic peptides melasma pigmentation "
        "hyperpigmentation dermatitis comedogenic purging barrier wrinkles spots scars routine dehydrated "
        "flaky peeling"
    ),
    "style": _words(
        "wear wearing outfit outfits style styling styled look looks pair pairing match matching goes "
        "go dress dressy dressed casual smart formal attire"
    ),
    "occasion": _words(
        "wedding party date interview funeral festival brunch dinner trip holiday vacation christmas prom "
        "graduation office work concert event night weekend"
    ),
    "product": _words(
        # footwear
        "shoes shoe boots boot sneakers sneaker trainers trainer runners sandals sandal loafers loafer "
        "slippers heels mules clogs flats pumps espadrilles slides flipflops wellies wellingtons brogues "
        "oxfords derbies footwear insoles insole laces "
        # clothing
        "jacket jackets coat coats puffer shell parka anorak raincoat fleece gilet vest blazer suit suits "
        "dress dresses gown jumpsuit playsuit skirt skirts jeans denim chinos chino pants trousers joggers "
        "sweatpants shorts leggings tights shirt shirts blouse tee tees tshirt top tops tank cami sweater "
        "sweaters jumper jumpers cardigan hoodie hoodies sweatshirt crew knit knitwear turtleneck polo "
        "swimsuit swimsuits swimwear bikini trunks bra bras underwear boxers briefs lingerie pyjamas pajamas "
        "robe nightwear socks activewear sportswear loungewear outerwear baselayer layers "
        # materials
        "merino linen wool cashmere cotton leather suede silk satin corduroy twill canvas fabric "
        # accessories
        "bag bags backpack rucksack tote handbag purse wallet belt belts scarf scarves hat hats cap caps "
        "beanie beanies gloves mittens watch watches sunglasses umbrella jewellery jewelry earrings "
        "necklace bracelet ring rings accessories "
        # beauty
        "serum serums cream creams cleanser cleansers moisturizer moisturiser moisturizers moisturisers "
        "toner toners essence mist spf sunscreen sunscreens suncream lipstick lipsticks lip lips balm "
        "gloss mascara eyeliner eyeshadow concealer primer blush bronzer highlighter foundation makeup "
        "perfume perfumes fragrance cologne lotion lotions oil oils mask masks exfoliant scrub wash "
        "facewash shampoo conditioner deodorant candle candles brush brushes skincare haircare bodycare "
        "beauty cosmetics kit kits set sets bundle bundles minis samples "
        # general
        "clothes clothing outfit gift gifts giftcard present presents"
    ),
    "catalog": _words(
        "price prices priced cost cheap cheaper cheapest expensive affordable budget stock available "
        "availability restock sale sales colour color colours colors shade shades material materials "
        "made waterproof recommend recommendation recommendations suggest suggestions ideas best show "
        "sell selling sold carry have buy buying shop shopping store website site online collection "
        "new arrivals range brand brands quality reviews review rated popular bestseller bestsellers "
        "trending reduced clearance outlet discounted dropped latest"
    ),
    # The shop as a company: where it is, how it works, what it stands for.
    "company": _words(
        "company based located headquarters stores physical sustainable sustainability ethical "
        "ethically cruelty terms conditions hours opening secure safe"
    ),
    "weather": _words("weather rain raining snow snowing forecast temperature sunny storm degrees humid"),
    "offtopic": OFFTOPIC_TOPICS,
    "rival": OTHER_COMPANIES,
    "medical": MEDICAL,
    # Names of the shop's own products and brands: naming one ties the message to this shop.
    "ours": _words(
        "gtx cityline lumen nightshift cloudsoft featherweight northfield alpine highrise clearday "
        "harbor tidal summit hiker hikers dewpoint calma wildroot solstice verity clearform marlowe "
        "fieldnote aurelia tidewater northpeak stridelab ambler kickstand ridgeline cloudlift skyline"
    ),
    # Whether something exists, is sold or is in stock (as opposed to how it fits).
    "avail": _words(
        "available availability stock stocked restock restocking sold sell sells carry "
        "left options option version versions exist"
    ),
    # How something fits the body (as opposed to whether a size exists).
    "fitq": _words(
        "fit fits fitting fitted runs run true snug tight tighter loose roomy baggy stretch stretches "
        "stretchy shrink shrinks pinch pinches slip slips gape cling clings boxy oversized generous "
        "measure measurements inseam chart guide convert conversion between"
    ),
    # Questions to the assistant about itself.
    "you": _words("you your youre yourself u ur ya"),
    "banter": _words(
        "joke jokes funny hilarious laugh laughing smile bored boring favourite favorite feelings feel "
        "sleep dream dreams sentient alive friend friends cute smart weird annoying kind lovely sweet "
        "love story yourself interesting"
    ),
    "negation": _words("not no dont doesnt wont without never cant isnt avoid free"),
    "compare": _words("vs versus compare comparison better difference between or"),
}

# Words that carry no request on their own: a message piece made only of these has no content.
FILLER_WORDS = frozenset(
    _words(
        "a an the and or but so also plus then btw oh ok okay um uh pls please plz thanks thx hi hey hello "
        "i me my you it its is are was be to of for in on at with this that just too"
    )
)

# Two-word phrases, matched on consecutive tokens.
_CONCEPT_PHRASES: Mapping[tuple[str, str], str] = {
    ("call", "off"): "cancel",
    ("back", "out"): "cancel",
    ("send", "back"): "return",
    ("sending", "back"): "return",
    ("money", "back"): "return",
    ("sign", "in"): "account",
    ("log", "in"): "account",
    ("real", "person"): "person",
    ("go", "with"): "style",
    ("goes", "with"): "style",
    ("in", "stock"): "catalog",
    ("how", "much"): "catalog",
    ("who", "are"): "bot",
    ("come", "in"): "avail",
    ("comes", "in"): "avail",
    ("available", "in"): "avail",
    ("you", "have"): "avail",
    ("you", "sell"): "avail",
    ("you", "stock"): "avail",
    ("you", "carry"): "avail",
    ("got", "any"): "avail",
    ("any", "left"): "avail",
    ("what", "size"): "fitq",
    ("which", "size"): "fitq",
    ("size", "up"): "fitq",
    ("size", "down"): "fitq",
    ("go", "up"): "fitq",
    ("go", "down"): "fitq",
    ("hello", "fresh"): "rival",
    ("uber", "eats"): "rival",
    ("just", "eat"): "rival",
    ("dr", "martens"): "rival",
    ("north", "face"): "rival",
    ("h", "m"): "rival",
    ("h", "ms"): "rival",
    ("jd", "sports"): "rival",
    ("another", "shop"): "rival",
    ("another", "store"): "rival",
    ("another", "company"): "rival",
    ("another", "website"): "rival",
    ("other", "shop"): "rival",
    ("other", "store"): "rival",
    ("different", "shop"): "rival",
    ("different", "store"): "rival",
    ("trail", "runner"): "ours",
    ("stride", "knit"): "ours",
    ("calm", "barrier"): "ours",
    ("dew", "drop"): "ours",
    ("wrap", "midi"): "ours",
    ("daily", "shield"): "ours",
    ("oat", "milk"): "ours",
    ("ridge", "trail"): "ours",
    ("slim", "stretch"): "ours",
    ("velvet", "matte"): "ours",
    ("rain", "shell"): "ours",
    ("merino", "crew"): "ours",
}


def _index(concept_words: Mapping[str, tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for concept, words in concept_words.items():
        for word in words:
            index.setdefault(word, []).append(concept)
    return MappingProxyType({word: tuple(concepts) for word, concepts in index.items()})


_CONCEPT_INDEX = _index(_CONCEPT_WORDS)
# Names that take a possessive: other companies and the shop's own products and brands.
_NAMES_INDEX = _index({c: _CONCEPT_WORDS[c] for c in ("rival", "ours")})

# Every word the lexicon knows, misspellings included: spelling correction keeps them as they are.
LEXICON_WORDS = frozenset(_CONCEPT_INDEX)

# Words spelling correction may turn an unknown word into: the shop's words, never another company
# or an off-topic subject ("also" must not become "asos").
_OFF_SHOP_CONCEPTS = ("offtopic", "rival", "medical", "weather")
CORRECTION_TARGETS = LEXICON_WORDS - {w for c in _OFF_SHOP_CONCEPTS for w in _CONCEPT_WORDS[c]}

# Common English words that are never taken for a misspelling, whether or not training used them.
COMMON_WORDS = FILLER_WORDS | frozenset(
    _words(
        "about above across after again against almost alone along already also although always among "
        "another anyone anything anyway around away back because been before behind being below beside "
        "best better between both came cant come could couldnt does doesnt doing done dont down during "
        "each either else enough even ever every except few first from gets give goes going gone good "
        "have having here hers herself himself however inside instead into itself just keep kind know "
        "last least less like little many maybe mean might mine more most much must myself near need "
        "never next none nothing okay once only onto other ours ourselves over own perhaps quite rather "
        "really same seem should since some someone something sometimes soon still such sure than that "
        "thats their theirs them then there theres these they thing things think this those though "
        "through till together told took toward under unless until upon very want wants well went were "
        "what whats when where whether which while whom whose will with within without would wouldnt yeah "
        "year years yours yourself"
    )
)


# Concepts that tie a message to the shop; a message with none of them is a hint of chat or off-topic.
_SHOP_CONCEPTS = frozenset(
    {"cancel", "return", "exchange", "subscription", "pause", "address", "order", "where", "account"}
    | {"loyalty", "privacy", "policy", "size", "skin", "style", "occasion", "product", "catalog"}
    | {"ours", "avail", "fitq", "company"}
)


_AFTER_SALES = frozenset({"cancel", "return", "exchange"})


def concepts_of(tokens: Iterable[str]) -> set[str]:
    """Return the concepts mentioned by ``tokens`` (normalised words), or ``noshop`` among them."""
    found: set[str] = set()
    previous = ""
    for token in tokens:
        hit = _CONCEPT_INDEX.get(token)
        if hit is None and len(token) > 3 and token.endswith("s"):
            # A name's possessive: normalising drops the apostrophe, so "walmart's" is "walmarts".
            hit = _NAMES_INDEX.get(token[:-1])
        if hit:
            found.update(hit)
        phrase = _CONCEPT_PHRASES.get((previous, token))
        if phrase:
            found.add(phrase)
        previous = token
    if found.isdisjoint(_SHOP_CONCEPTS):
        found.add("noshop")
    if "mine" not in found and not found.isdisjoint(_AFTER_SALES):
        # "can you return opened skincare?" asks about the rules, "return my boots" acts on a purchase.
        found.add("unowned")
    return found
