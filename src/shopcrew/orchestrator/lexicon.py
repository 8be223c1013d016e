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
        "shoes shoe boots boot sneakers sneaker trainers runners sandals loafers slippers heels jacket "
        "jackets coat coats puffer shell parka fleece blazer suit dress dresses skirt jeans denim chinos "
        "pants trousers shorts leggings shirt shirts tee tees top tops sweater jumper cardigan hoodie "
        "crew knit merino linen wool cashmere cotton leather suede serum serums cream creams cleanser "
        "moisturizer moisturiser toner spf sunscreen lipstick lip balm mascara foundation makeup "
        "perfume fragrance lotion bag bags backpack socks belt scarf hat gloves watch sunglasses "
        "jewellery jewelry clothes clothing footwear skincare gift gifts trail runner gtx hiker loafer "
        "cityline lumen dew nightshift calm velvet cloudsoft featherweight harbor tidal northfield"
    ),
    "catalog": _words(
        "price prices cost cheap cheaper cheapest expensive stock available availability restock sale "
        "colour color colours colors material made waterproof recommend recommendation suggest best show "
        "sell selling sold carry have buy buying shop shopping store website site online collection new "
        "arrivals range brand quality reviews popular bestseller"
    ),
    "weather": _words("weather rain raining snow snowing forecast temperature sunny storm degrees humid"),
    "offtopic": _words(
        # schoolwork, writing and code
        "homework essay assignment exam math maths calculus algebra physics chemistry biology "
        "poem story limerick haiku lyrics translate translation python java javascript sql html css "
        "coding programming function regex bug debug excel spreadsheet resume cv "
        # news, politics, science, trivia
        "news election elections president prime minister government politics political vote voting war "
        "economy inflation capital population planet moon universe quantum science invented painted "
        "wrote continents river tallest richest "
        # entertainment and sport
        "movie movies film films tv series netflix spotify music song songs album singer band "
        "game games football soccer basketball tennis cricket nba nfl league score olympics "
        "lottery horoscope astrology "
        # food, home, cars, pets, money, travel
        "recipe cook cooking bake baking calories wine beer pizza restaurant restaurants "
        "plumber tap drain sofa furniture plants car tire tyre engine mechanic puppy cat kitten "
        "pet bitcoin crypto invest investing mortgage loan bank insurance "
        "salary jobs hiring career flights airbnb uber taxi train visa passport "
        # other companies and their services
        "amazon ebay walmart target costco ikea asos shein sephora "
        "gmail facebook tiktok twitter iphone android samsung wifi "
        "printer chatgpt"
    ),
    "medical": _words(
        "symptoms symptom fever pain ache aches headache migraine diagnose diagnosis cancer cancerous "
        "tumor tumour lump mole infection covid flu prescribe prescription medicine medication pills "
        "ibuprofen paracetamol antibiotics doctor doctors gp er hospital throat sprained "
        "diabetes blood pressure depressed anxiety therapist shingles chickenpox uti"
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
    ("size", "up"): "size",
    ("size", "down"): "size",
    ("in", "stock"): "catalog",
    ("how", "much"): "catalog",
    ("who", "are"): "bot",
}


def _index(concept_words: Mapping[str, tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for concept, words in concept_words.items():
        for word in words:
            index.setdefault(word, []).append(concept)
    return MappingProxyType({word: tuple(concepts) for word, concepts in index.items()})


_CONCEPT_INDEX = _index(_CONCEPT_WORDS)


# Concepts that tie a message to the shop; a message with none of them is a hint of chat or off-topic.
_SHOP_CONCEPTS = frozenset(
    {"cancel", "return", "exchange", "subscription", "pause", "address", "order", "where", "account"}
    | {"loyalty", "privacy", "policy", "size", "skin", "style", "occasion", "product", "catalog"}
)


def concepts_of(tokens: Iterable[str]) -> set[str]:
    """Return the concepts mentioned by ``tokens`` (normalised words), or ``noshop`` among them."""
    found: set[str] = set()
    previous = ""
    for token in tokens:
        hit = _CONCEPT_INDEX.get(token)
        if hit:
            found.update(hit)
        phrase = _CONCEPT_PHRASES.get((previous, token))
        if phrase:
            found.add(phrase)
        previous = token
    if found.isdisjoint(_SHOP_CONCEPTS):
        found.add("noshop")
    return found
