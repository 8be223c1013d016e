"""Word lists for what the shop does not do: other companies, general topics, medical questions.

They feed the lexicon's ``rival``, ``offtopic`` and ``medical`` concepts. The n-gram model only
knows the off-topic words it saw in training, and off-topic messages share few words with each
other, so these lists carry general knowledge the labelled set cannot: "hellofresh"is another
company's subscription, "mortgage"is not shopping. Couriers (ups, dhl, royal mail) and payment
methods the shop accepts (paypal, klarna, apple pay) are deliberately absent: shoppers name them
about their own orders here.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Other shops, brands, marketplaces and subscription services, as shoppers type them (normalised:
# lowercase, apostrophes dropped). Naming one of these is the strongest sign of someone else's order.
OTHER_COMPANIES = _words(
    # marketplaces and department stores
    "amazon ebay walmart target costco ikea etsy argos currys asda tesco sainsburys aldi lidl "
    "nordstrom macys kohls bloomingdales selfridges harrods debenhams wayfair temu aliexpress "
    "alibaba vinted depop poshmark shopify otto jdsports jd "
    # fashion and footwear brands and shops
    "asos shein zara hm uniqlo primark boohoo prettylittlething plt zalando mango bershka "
    "pullandbear stradivarius topshop nike adidas puma reebok converse vans ugg uggs drmartens "
    "clarks skechers hoka asics brooks saucony timberland lululemon gymshark patagonia "
    "northface columbia levis levi abercrombie hollister gucci prada balenciaga birkenstock "
    "crocs allbirds everlane arket farfetch ssense "
    # beauty retailers and brands
    "sephora ulta superdrug glossier fenty cerave loreal maybelline nyx clinique "
    "lush rituals kiehls olaplex glossybox birchbox ipsy boxycharm "
    # food, delivery, rides and travel
    "hellofresh gousto deliveroo ubereats doordash grubhub instacart justeat dominos "
    "mcdonalds starbucks uber lyft ryanair easyjet airbnb expedia tripadvisor "
    # streaming, software, phones and social
    "netflix spotify disney hulu hbo audible kindle youtube twitch iphone ipad samsung "
    "android playstation xbox nintendo gmail hotmail outlook yahoo facebook instagram "
    "tiktok twitter snapchat whatsapp linkedin pinterest reddit "
    # other subscriptions and memberships
    "prime peloton dollarshaveclub shaveclub"
)

# General topics with nothing to buy here: schoolwork, code, news, science, entertainment,
# food, home, vehicles, pets, money, law, travel, jobs.
OFFTOPIC_TOPICS = _words(
    "homework essay essays assignment exam exams math maths calculus algebra geometry physics "
    "chemistry biology geography equation derivative integral theorem dissertation "
    "thesis poem poems story stories limerick haiku lyrics speech novel translate translation "
    "define definition spell grammar synonym meaning python java javascript sql html css "
    "coding programming function regex debug compile excel spreadsheet powerpoint cv "
    "news election elections president presidents prime minister government politics political "
    "vote voting war wars economy inflation recession capital population planet planets moon "
    "mars jupiter universe galaxy quantum science scientist invented invention painted "
    "wrote author continents continent river ocean everest tallest richest oldest "
    "dinosaur dinosaurs volcano earthquake "
    "movie movies film films tv series episode netflix music song songs album singer band "
    "game games gaming football soccer basketball baseball cricket golf "
    "rugby nba nfl nhl league score scores olympics worldcup lottery horoscope astrology "
    "zodiac tarot "
    "recipe recipes cook cooking bake baking boil fry calories diet vegetarian "
    "wine beer pizza pasta burger sushi restaurant restaurants cafe takeaway "
    "breakfast plumber tap drain leak sofa furniture mattress plants lawn "
    "tomatoes flowers paint wallpaper car cars tire tyre tyres engine mechanic motorway "
    "tesla puppy cat cats kitten pet pets vet fish hamster "
    "bitcoin crypto invest investing investment stocks shares mortgage loan loans "
    "insurance pension salary wage hiring career landlord "
    "rent lawyer legal divorce court sue visa passport flights hotels "
    "trains bus taxi "
    "timer alarm reminder remind calendar"
)

# Health questions about the shopper's body, not about a product's fit on their skin.
MEDICAL = _words(
    "symptoms symptom fever pain ache aches headache migraine diagnose diagnosis cancer cancerous "
    "tumor tumour lump mole infection covid flu cough prescribe prescription medicine "
    "medication ibuprofen paracetamol aspirin antibiotics antibiotic doctor doctors "
    "gp er hospital throat sprained sprain fracture diabetes blood pressure depressed "
    "depression anxiety therapist psychiatrist shingles chickenpox measles uti asthma vaccine "
    "vaccines injury surgery dentist tooth teeth"
)
