"""The ingredient knowledge base as data: INCI names and fragments -> functions, flags, concerns helped.

One row per ingredient (or family): key | display name | INCI fragments | functions | flags |
concerns it helps | comedogenic rating (0-5, blank when unrated).

Fragments: a fragment starts a word of the INCI name ("retinyl" finds Retinyl Palmitate); "=x" must be
the whole name ("=alcohol" is Alcohol, not Cetyl Alcohol); "a * b" needs both parts in order
("citrus * oil" finds Citrus Limon (Lemon) Peel Oil, not Citrus Limon Fruit Extract). Fragments of
four letters or fewer must be whole words ("mel", honey, is not Melaleuca).

Sources for the flags: the EU's 26 labelled fragrance allergens (Regulation 1223/2009, Annex III),
the American Academy of Dermatology and the National Rosacea Society's trigger lists, common
comedogenicity scales (Fulton), and pregnancy guidance on retinoids and high-dose salicylic acid.
"""

from __future__ import annotations

INGREDIENT_ROWS = """
# Fragrance and essential oils
fragrance | fragrance (parfum) | parfum;fragrance;aroma;perfume | fragrance | fragrance | |
essential_oil | essential oils | essential oil;leaf oil;flower oil;peel oil;bark oil;herb oil;wood oil;root oil;lavandula * oil;mentha * oil;eucalyptus * oil;melaleuca * oil;rosmarinus * oil;cananga * oil;pelargonium * oil;cymbopogon * oil;salvia * oil;santalum * oil;pogostemon * oil;citrus * oil;juniperus * oil;cupressus * oil;boswellia * oil;thymus * oil;origanum * oil;chamomilla * oil;anthemis * oil;jasminum * oil;cinnamomum * oil;commiphora * oil;litsea * oil;vetiveria * oil;pinus * oil;ocimum * oil;eugenia * oil | fragrance, essential oil | fragrance;essential_oil | |
fragrance_allergen | labelled fragrance allergens | =limonene;=d-limonene;=linalool;=citronellol;=geraniol;=citral;=eugenol;=isoeugenol;=coumarin;=farnesol;=hexyl cinnamal;=benzyl salicylate;=benzyl benzoate;=benzyl cinnamate;=cinnamal;=cinnamyl alcohol;=amyl cinnamal;=amylcinnamyl alcohol;=anise alcohol;=hydroxycitronellal;=butylphenyl methylpropional;=alpha-isomethyl ionone;evernia prunastri;evernia furfuracea;hydroxyisohexyl 3-cyclohexene carboxaldehyde | fragrance component | fragrance_allergen | |
# Alcohols
alcohol_denat | denatured alcohol | =alcohol;alcohol denat;sd alcohol;=denatured alcohol;=ethanol;isopropyl alcohol;=ethyl alcohol | solvent, astringent | alcohol_denat | |
fatty_alcohol | fatty alcohols | cetyl alcohol;cetearyl alcohol;stearyl alcohol;behenyl alcohol | emollient, thickener | | |
# Retinoids and alternatives
retinol | retinol | retinol;retinal;retinaldehyde;retinyl;hydroxypinacolone retinoate;retinoic acid;=tretinoin;=adapalene;=tazarotene | retinoid (vitamin A) | retinoid | ageing;acne;hyperpigmentation |
bakuchiol | bakuchiol | bakuchiol | retinol alternative (plant-derived) | | ageing |
# Exfoliating acids
glycolic_acid | glycolic acid | glycolic acid | exfoliant (AHA) | aha | dullness;hyperpigmentation;ageing |
lactic_acid | lactic acid | lactic acid | exfoliant (AHA), humectant | aha | dullness;dehydration |
mandelic_acid | mandelic acid | mandelic acid | gentle exfoliant (AHA) | aha;gentle_acid | dullness;acne;hyperpigmentation |
malic_acid | malic acid | malic acid;tartaric acid | exfoliant (AHA) | aha | dullness |
citric_acid | citric acid | =citric acid | pH adjuster | | |
salicylic_acid | salicylic acid | salicylic acid;betaine salicylate;capryloyl salicylic acid | exfoliant (BHA), unclogs pores | bha | acne;pores |
pha | gluconolactone (PHA) | gluconolactone;lactobionic acid;galactose | gentle exfoliant (PHA) | pha;gentle_acid | dullness;pores |
benzoyl_peroxide | benzoyl peroxide | benzoyl peroxide | anti-acne (antibacterial) | bpo | acne |
azelaic_acid | azelaic acid | azelaic acid;potassium azeloyl diglycinate | anti-redness, anti-blemish | azelaic | rosacea;redness;acne;hyperpigmentation |
sulfur | sulfur | =sulfur;=sulphur | anti-blemish | | acne |
# Vitamin C
ascorbic_acid | vitamin C (L-ascorbic acid) | =ascorbic acid;=l-ascorbic acid | antioxidant, brightening (vitamin C) | vitamin_c;vitamin_c_acid | dullness;hyperpigmentation;ageing |
vitamin_c_derivative | vitamin C derivatives | ethyl ascorbic acid;ascorbyl;tetrahexyldecyl ascorbate;sodium ascorbate;ascorbyl glucoside | antioxidant, brightening (vitamin C) | vitamin_c | dullness;hyperpigmentation |
# Brightening and other actives
niacinamide | niacinamide | niacinamide;nicotinamide | barrier support, oil control (vitamin B3) | niacinamide | redness;pores;acne;hyperpigmentation;dehydration |
tranexamic_acid | tranexamic acid | tranexamic acid | brightening | | hyperpigmentation |
arbutin | alpha arbutin | arbutin;alpha-arbutin | brightening | | hyperpigmentation |
hydroquinone | hydroquinone | =hydroquinone | skin-lightening drug | hydroquinone | hyperpigmentation |
licorice | licorice root | glycyrrhiza;dipotassium glycyrrhizate | soothing, brightening | soothing | redness;hyperpigmentation |
zinc | zinc PCA and zinc salts | zinc pca;zinc gluconate;zinc sulfate | oil control | | acne;pores |
caffeine | caffeine | =caffeine | antioxidant, de-puffing | | ageing |
peptides | peptides | peptide;dipeptide;tripeptide;tetrapeptide;pentapeptide;hexapeptide;heptapeptide;oligopeptide;polypeptide | skin-conditioning (peptides) | | ageing |
ferulic_acid | ferulic acid | ferulic acid | antioxidant | | ageing;dullness |
tocopherol | vitamin E | tocopherol;tocopheryl | antioxidant | | |
# Soothing and barrier
centella | centella asiatica | centella asiatica;madecassoside;asiaticoside;madecassic acid | soothing | soothing | redness;rosacea |
panthenol | panthenol (vitamin B5) | panthenol;pantothenic acid | soothing, humectant | soothing;humectant | dehydration;redness |
allantoin | allantoin | allantoin | soothing | soothing | redness |
bisabolol | bisabolol | bisabolol | soothing | soothing | redness;rosacea |
oat | colloidal oatmeal | avena sativa;colloidal oatmeal | soothing | soothing | redness;dehydration |
aloe | aloe vera | aloe barbadensis;aloe vera | soothing, hydrating | soothing | dehydration;redness |
green_tea | green tea | camellia sinensis | antioxidant, soothing | soothing | redness |
mugwort | mugwort | artemisia | soothing | soothing | redness |
beta_glucan | beta-glucan | beta-glucan;=oat beta glucan | soothing, hydrating | soothing;humectant | dehydration;redness |
ectoin | ectoin | ectoin | soothing | soothing | redness |
ceramides | ceramides | ceramide;phytosphingosine;=cholesterol | barrier repair | barrier | dehydration;redness |
squalane | squalane | squalane;=squalene | emollient, barrier | barrier | dehydration |
fatty_acids | barrier lipids | linoleic acid;linolenic acid | barrier repair | barrier | dehydration |
shea | shea butter | butyrospermum;shea | emollient | barrier;nut | dehydration |
# Humectants
glycerin | glycerin | =glycerin;=glycerine | humectant | humectant | dehydration |
hyaluronic | hyaluronic acid | hyaluronic acid;sodium hyaluronate;hydrolyzed hyaluronic acid;hydrolyzed sodium hyaluronate;sodium acetylated hyaluronate | humectant | humectant | dehydration |
urea | urea | =urea | humectant, gentle exfoliant | humectant | dehydration |
polyglutamic | polyglutamic acid | sodium polyglutamate;polyglutamic acid | humectant | humectant | dehydration |
snail | snail mucin | snail secretion filtrate;snail | hydrating | humectant | dehydration |
# Irritants
menthol | menthol and cooling agents | =menthol;menthyl lactate;menthoxypropanediol;=camphor;=eucalyptol | cooling agent | cooling | |
peppermint | peppermint | mentha piperita;mentha arvensis | cooling agent, essential oil | cooling | |
witch_hazel | witch hazel | hamamelis virginiana;witch hazel | astringent | witch_hazel | |
physical_exfoliant | scrub particles | =pumice;juglans regia * shell powder;prunus armeniaca * seed powder;coffea arabica * seed powder;=perlite;walnut shell | physical exfoliant | physical_exfoliant | dullness |
harsh_sulfate | sodium lauryl sulfate | sodium lauryl sulfate;ammonium lauryl sulfate;sodium lauryl sulphate | cleansing agent (harsh) | harsh_surfactant;sulfate | |
mild_sulfate | laureth sulfates | laureth sulfate;coco-sulfate;myreth sulfate;laureth sulphate | cleansing agent | sulfate | |
# Allergens and preservatives
isothiazolinone | methylisothiazolinone (MI) | methylisothiazolinone;methylchloroisothiazolinone | preservative (frequent allergen) | strong_allergen | |
formaldehyde_releaser | formaldehyde-releasing preservatives | dmdm hydantoin;imidazolidinyl urea;diazolidinyl urea;quaternium-15;2-bromo-2-nitropropane-1,3-diol;sodium hydroxymethylglycinate | preservative (releases formaldehyde) | strong_allergen | |
paraben | parabens | paraben;methylparaben;ethylparaben;propylparaben;butylparaben;isobutylparaben;isopropylparaben | preservative | paraben | |
lanolin | lanolin | lanolin | emollient | lanolin;allergen | dehydration |
propolis | propolis | propolis | soothing (bee product) | bee;allergen | |
honey | honey | =mel;honey;royal jelly | humectant (bee product) | bee;humectant | dehydration |
beeswax | beeswax | cera alba;beeswax | occlusive (bee product) | bee | |
capb | cocamidopropyl betaine | cocamidopropyl betaine | cleansing agent | allergen | |
# Oils and occlusives
coconut_oil | coconut oil | cocos nucifera * oil;coconut oil | emollient | comedogenic;coconut | dehydration | 4
cocoa_butter | cocoa butter | theobroma cacao * butter;cocoa butter | emollient | comedogenic | dehydration | 4
wheat_germ_oil | wheat germ oil | triticum vulgare * germ oil | emollient | comedogenic;gluten | | 5
isopropyl_esters | isopropyl myristate and palmitate | isopropyl myristate;isopropyl palmitate;isopropyl isostearate;myristyl myristate;isocetyl stearate;butyl stearate;decyl oleate | emollient | comedogenic | | 5
laureth4 | laureth-4 | laureth-4;oleth-3 | emulsifier | comedogenic | | 5
acetylated_lanolin | acetylated lanolin | acetylated lanolin | emollient | comedogenic;lanolin | | 4
linseed_oil | linseed oil | linum usitatissimum * oil | emollient | comedogenic | | 4
ethylhexyl_palmitate | ethylhexyl palmitate | ethylhexyl palmitate;octyl palmitate | emollient | comedogenic | | 4
almond_oil | sweet almond oil | prunus amygdalus dulcis;almond | emollient | nut | dehydration | 2
macadamia | macadamia oil | macadamia | emollient | nut | dehydration |
argan | argan oil | argania spinosa;argan | emollient | nut | dehydration | 0
other_nuts | nut oils | juglans regia;corylus avellana;bertholletia;anacardium;pistacia vera;hazelnut;walnut | emollient | nut | |
jojoba | jojoba oil | simmondsia chinensis;jojoba | emollient | | dehydration | 2
rosehip | rosehip oil | rosa canina;rosehip | emollient | | dullness;ageing | 1
mineral_oil | mineral oil and petrolatum | paraffinum liquidum;mineral oil;=petrolatum;=paraffin | occlusive | mineral_oil | dehydration | 0
silicone | silicones | dimethicone;siloxane;methicone;dimethiconol | emollient, slip | silicone | |
soy | soy | glycine soja;=soy;soybean | emollient | soy | |
# Sunscreen filters
mineral_uv | mineral UV filters | =zinc oxide;=titanium dioxide | UV filter (mineral) | mineral_uv | rosacea;redness |
chemical_uv | chemical UV filters | avobenzone;butyl methoxydibenzoylmethane;homosalate;octocrylene;octinoxate;ethylhexyl methoxycinnamate;octisalate;ethylhexyl salicylate;oxybenzone;benzophenone-3;bemotrizinol;bis-ethylhexyloxyphenol methoxyphenyl triazine;ethylhexyl triazone;diethylamino hydroxybenzoyl hexyl benzoate;drometrizole trisiloxane | UV filter (chemical) | chemical_uv | |
"""

# What shoppers call a group of ingredients -> the flags (or "frag:" INCI fragments) it means. The catalog's
# "free from" filters and the rules speak in these words.
CONCEPT_ROWS = """
fragrance | fragrance;fragrances;perfume;perfumes;parfum;scent;scents;scented;fragrance-free | fragrance;essential_oil;fragrance_allergen
essential oil | essential oil;essential oils | essential_oil
alcohol | alcohol;drying alcohol;denatured alcohol;alcohol denat;sd alcohol | alcohol_denat
retinoid | retinol;retinoid;retinoids;retinal;retinaldehyde;vitamin a;tretinoin;retin-a;adapalene;differin;tazarotene;retinoic acid | retinoid
aha | aha;ahas;glycolic acid;glycolic;lactic acid;lactic;mandelic acid;mandelic;alpha hydroxy acid;acids | aha
bha | bha;bhas;salicylic acid;salicylic;beta hydroxy acid | bha
pha | pha;phas;gluconolactone;polyhydroxy acid | pha
benzoyl peroxide | benzoyl peroxide;bpo;benzoyl | bpo
vitamin c | vitamin c;ascorbic acid;l-ascorbic acid;vit c | vitamin_c
niacinamide | niacinamide;vitamin b3;nicotinamide | niacinamide
azelaic acid | azelaic acid;azelaic | azelaic
hydroquinone | hydroquinone | hydroquinone
menthol | menthol;mint;peppermint;cooling agents;camphor | cooling
witch hazel | witch hazel | witch_hazel
scrubs | scrub;scrubs;exfoliating beads;physical exfoliants | physical_exfoliant
sulfate | sulfate;sulfates;sulphate;sulphates;sls | sulfate
paraben | paraben;parabens | paraben
silicone | silicone;silicones | silicone
mineral oil | mineral oil;petrolatum;vaseline | mineral_oil
nut oil | nut;nuts;nut oil;nut oils;tree nuts;almond;almonds | nut
bee products | bee;bees;honey;propolis;bee products | bee
beeswax | beeswax | frag:cera alba;frag:beeswax
lanolin | lanolin;wool alcohol | lanolin
coconut | coconut;coconut oil | coconut
soy | soy;soya | soy
gluten | gluten;wheat | gluten
comedogenic oils | comedogenic;comedogenic oils;pore-clogging;pore clogging | comedogenic
preservative allergens | methylisothiazolinone;mi;mit;formaldehyde;formaldehyde releasers | strong_allergen
lavender | lavender | frag:lavandula;frag:lavender
tea tree | tea tree;tea tree oil | frag:melaleuca;frag:tea tree
"""

# Common names -> INCI fragments | where they apply: "search" names answer "does it contain X?" in
# product questions and also serve the grounding check; "claims" names serve the grounding check's
# ingredient claims only ("packed with hyaluronic acid" is Sodium Hyaluronate; "alcohol-free" is about
# drying alcohol, while "does it contain alcohol?" lists fatty alcohols too). A fragment starts a word of the INCI
# name; one of four letters or fewer must be the whole word ("mel", honey, is not Melaleuca).
COMMON_NAME_ROWS = """
fragrance | parfum;fragrance;aroma | search
perfume | parfum;fragrance;aroma | search
parfum | parfum;fragrance;aroma | search
scent | parfum;fragrance;aroma | search
silicone | dimethicone;siloxane;methicone | search
silicones | dimethicone;siloxane;methicone | claims
sulfate | sulfate;sulphate | search
sulphate | sulfate;sulphate | search
sulfates | sulfate;sulphate | claims
retinol | retinol;retinal;retinyl | search
retinoid | retinol;retinal;retinyl;retinoate | search
vitamin a | retinol;retinal;retinyl | claims
vitamin c | ascorbic;ascorbyl;ascorbate | search
vitamin e | tocopherol;tocopheryl | search
vitamin b3 | niacinamide | claims
vitamin b5 | panthenol | claims
essential oil | leaf oil;flower oil;peel oil;bark oil;herb oil | search
essential oils | leaf oil;flower oil;peel oil;bark oil;herb oil;lavandula;melaleuca;eucalyptus;mentha | claims
aha | glycolic;lactic;mandelic;citric acid;malic | search
bha | salicylic | search
hyaluronic acid | hyaluronic;hyaluronate | claims
hyaluronic | hyaluronic;hyaluronate | claims
ha | hyaluronic;hyaluronate | claims
shea butter | butyrospermum;shea | claims
shea | butyrospermum;shea | claims
ceramides | ceramide | claims
peptides | peptide;dipeptide;tripeptide;tetrapeptide;pentapeptide;hexapeptide | claims
alcohol | alcohol denat;sd alcohol;ethanol;isopropyl alcohol | claims
drying alcohol | alcohol denat;sd alcohol;ethanol;isopropyl alcohol | claims
parabens | paraben | claims
tea tree | melaleuca;tea tree | claims
tea tree oil | melaleuca;tea tree | claims
aloe | aloe | claims
aloe vera | aloe | claims
green tea | camellia sinensis | claims
snail mucin | snail | claims
cica | centella | claims
jojoba oil | simmondsia;jojoba | claims
jojoba | simmondsia;jojoba | claims
argan oil | argania | claims
rosehip | rosa canina;rosehip | claims
rosehip oil | rosa canina;rosehip | claims
honey | mel;honey | claims
lavender | lavandula;lavender | claims
mineral oil | paraffinum liquidum;mineral oil | claims
collagen | collagen | claims
clay | kaolin;bentonite;clay | claims
oat | avena sativa;oat | claims
oats | avena sativa;oat | claims
colloidal oatmeal | avena sativa;oat | claims
zinc | zinc | claims
caffeine | caffeine | claims
spf | | claims
"""
