"""Compose realistic INCI ingredient lists from a base formula, actives and additives.

An INCI list names ingredients in descending concentration down to 1 %, then in any
order. Each base formula below has a `{major}` slot (actives used at several per cent)
and a `{minor}` slot (extracts, peptides, retinoids at fractions of a per cent);
fragrance and its declared allergens close the list, as on real labels. Flags such as
`fragrance_free` and `vegan` are derived from the finished list, never declared, so
they cannot disagree with it.
"""

from __future__ import annotations

from dataclasses import dataclass

_FORMULAS = {
    "gel_cleanser": "Aqua, Sodium Lauroyl Methyl Isethionate, Cocamidopropyl Betaine, Glycerin, {major}, Sodium Chloride, Acrylates Copolymer, {minor}, Citric Acid, Sodium Benzoate, Phenoxyethanol",
    "cream_cleanser": "Aqua, Glycerin, Cetearyl Alcohol, Caprylic/Capric Triglyceride, {major}, Sodium Cocoyl Glycinate, Behentrimonium Methosulfate, Cetyl Alcohol, {minor}, Xanthan Gum, Phenoxyethanol, Ethylhexylglycerin",
    "foam_cleanser": "Aqua, Glycerin, Myristic Acid, Potassium Hydroxide, Lauric Acid, Stearic Acid, {major}, Decyl Glucoside, {minor}, Disodium EDTA, Phenoxyethanol",
    "oil_cleanser": "Helianthus Annuus (Sunflower) Seed Oil, Caprylic/Capric Triglyceride, Polyglyceryl-4 Oleate, {major}, Simmondsia Chinensis (Jojoba) Seed Oil, {minor}, Tocopherol",
    "balm_cleanser": "Caprylic/Capric Triglyceride, Ethylhexyl Palmitate, PEG-20 Glyceryl Triisostearate, Euphorbia Cerifera (Candelilla) Wax, {major}, Butyrospermum Parkii (Shea) Butter, {minor}, Tocopherol",
    "micellar": "Aqua, Hexylene Glycol, Glycerin, Poloxamer 184, {major}, {minor}, Disodium EDTA, Polyaminopropyl Biguanide",
    "toner": "Aqua, Glycerin, Butylene Glycol, {major}, 1,2-Hexanediol, {minor}, Allantoin, Sodium Citrate, Citric Acid, Phenoxyethanol, Ethylhexylglycerin",
    "essence": "Aqua, Propanediol, Glycerin, {major}, Betaine, {minor}, Trehalose, Sodium Citrate, Ethylhexylglycerin, 1,2-Hexanediol",
    "serum": "Aqua, Propanediol, Glycerin, {major}, Pentylene Glycol, {minor}, Xanthan Gum, Carbomer, Sodium Hydroxide, Phenoxyethanol, Ethylhexylglycerin",
    "laa_serum": "Aqua, Ethoxydiglycol, {major}, Propylene Glycol, Glycerin, Laureth-23, {minor}, Triethanolamine, Phenoxyethanol, Sodium Hyaluronate",
    "oil_serum": "Squalane, Caprylic/Capric Triglyceride, {major}, Simmondsia Chinensis (Jojoba) Seed Oil, Helianthus Annuus (Sunflower) Seed Oil, Oenothera Biennis (Evening Primrose) Oil, {minor}, Tocopherol, Ascorbyl Palmitate",
    "cream": "Aqua, Glycerin, Caprylic/Capric Triglyceride, Cetearyl Alcohol, {major}, Dimethicone, Glyceryl Stearate, PEG-100 Stearate, Cetyl Alcohol, {minor}, Carbomer, Sodium Hydroxide, Disodium EDTA, Phenoxyethanol, Ethylhexylglycerin",
    "rich_cream": "Aqua, Glycerin, Butyrospermum Parkii (Shea) Butter, Caprylic/Capric Triglyceride, Cetearyl Alcohol, {major}, Squalane, Glyceryl Stearate Citrate, Cetearyl Glucoside, {minor}, Xanthan Gum, Tocopherol, Phenoxyethanol, Ethylhexylglycerin",
    "gel_cream": "Aqua, Glycerin, Dimethicone, Propanediol, {major}, Squalane, Ammonium Acryloyldimethyltaurate/VP Copolymer, {minor}, Xanthan Gum, Phenoxyethanol, Ethylhexylglycerin",
    "balm": "Petrolatum, Caprylic/Capric Triglyceride, Butyrospermum Parkii (Shea) Butter, {major}, Microcrystalline Wax, {minor}, Tocopherol",
    "mineral_spf": "Zinc Oxide, Aqua, Caprylic/Capric Triglyceride, Coco-Caprylate/Caprate, Glycerin, {major}, Polyglyceryl-4 Isostearate, Cetyl PEG/PPG-10/1 Dimethicone, {minor}, Magnesium Sulfate, Tocopherol, Phenoxyethanol, Ethylhexylglycerin",
    "tinted_mineral_spf": "Zinc Oxide, Aqua, Titanium Dioxide, Caprylic/Capric Triglyceride, Glycerin, {major}, Polyglyceryl-4 Isostearate, Cetyl PEG/PPG-10/1 Dimethicone, {minor}, Magnesium Sulfate, Phenoxyethanol, Ethylhexylglycerin, Iron Oxides (CI 77491, CI 77492, CI 77499)",
    "chemical_spf": "Aqua, Homosalate, Ethylhexyl Salicylate, Butyl Methoxydibenzoylmethane, Octocrylene, Glycerin, {major}, Silica, Dimethicone, {minor}, Acrylates/C10-30 Alkyl Acrylate Crosspolymer, Sodium Hydroxide, Phenoxyethanol, Ethylhexylglycerin",
    "aha_liquid": "Aqua, {major}, Sodium Hydroxide, Glycerin, Butylene Glycol, {minor}, Hydroxyethylcellulose, Sodium Citrate, Phenoxyethanol, Ethylhexylglycerin",
    "bha_liquid": "Aqua, Methylpropanediol, Butylene Glycol, {major}, Polysorbate 20, {minor}, Sodium Hydroxide, Tetrasodium EDTA",
    "scrub": "Aqua, Glycerin, Jojoba Esters, {major}, Cetearyl Alcohol, Cellulose, {minor}, Xanthan Gum, Phenoxyethanol, Ethylhexylglycerin",
    "clay_mask": "Aqua, Kaolin, Bentonite, Glycerin, {major}, Cetearyl Alcohol, {minor}, Xanthan Gum, Phenoxyethanol, Ethylhexylglycerin",
    "sleeping_mask": "Aqua, Glycerin, Butylene Glycol, {major}, Squalane, Dimethicone, {minor}, Carbomer, Tromethamine, Phenoxyethanol",
    "eye_cream": "Aqua, Glycerin, Caprylic/Capric Triglyceride, {major}, Cetearyl Olivate, Sorbitan Olivate, {minor}, Xanthan Gum, Phenoxyethanol, Ethylhexylglycerin",
    "body_lotion": "Aqua, Glycerin, {major}, Caprylic/Capric Triglyceride, Cetearyl Alcohol, Isopropyl Myristate, {minor}, Dimethicone, Carbomer, Sodium Hydroxide, Phenoxyethanol, Ethylhexylglycerin",
    "body_wash": "Aqua, Sodium Laureth Sulfate, Cocamidopropyl Betaine, Glycerin, {major}, Sodium Chloride, {minor}, Citric Acid, Sodium Benzoate, Potassium Sorbate",
    "body_oil": "Caprylic/Capric Triglyceride, Prunus Amygdalus Dulcis (Sweet Almond) Oil, {major}, Simmondsia Chinensis (Jojoba) Seed Oil, Helianthus Annuus (Sunflower) Seed Oil, Coco-Caprylate, {minor}, Tocopherol",
}


@dataclass(frozen=True)
class Active:
    """An ingredient a product is built around: its INCI names, shopper-facing name and slot."""

    inci: tuple[str, ...]
    name: str
    major: bool


def _active(inci: str, name: str, major: bool = True) -> Active:
    return Active(tuple(part.strip() for part in inci.split(",")), name, major)


_ACTIVES = {
    "niacinamide": _active("Niacinamide", "niacinamide"),
    "ha": _active("Sodium Hyaluronate, Hydrolyzed Sodium Hyaluronate", "hyaluronic acid", major=False),
    "ceramides": _active(
        "Ceramide NP, Ceramide AP, Ceramide EOP, Phytosphingosine, Cholesterol", "ceramides", False
    ),
    "panthenol": _active("Panthenol", "panthenol"),
    "centella": _active("Centella Asiatica Extract, Madecassoside", "centella asiatica", major=False),
    "azelaic": _active("Azelaic Acid", "azelaic acid"),
    "allantoin": _active("Allantoin", "allantoin", major=False),
    "squalane": _active("Squalane", "squalane"),
    "licorice": _active("Glycyrrhiza Glabra (Licorice) Root Extract", "licorice root", major=False),
    "oat": _active("Avena Sativa (Oat) Kernel Flour", "colloidal oatmeal"),
    "green_tea": _active("Camellia Sinensis Leaf Extract", "green tea", major=False),
    "bisabolol": _active("Bisabolol", "bisabolol", major=False),
    "zinc_pca": _active("Zinc PCA", "zinc PCA", major=False),
    "salicylic": _active("Salicylic Acid", "salicylic acid (BHA)"),
    "glycolic": _active("Glycolic Acid", "glycolic acid (AHA)"),
    "lactic": _active("Lactic Acid", "lactic acid (AHA)"),
    "mandelic": _active("Mandelic Acid", "mandelic acid (AHA)"),
    "pha": _active("Gluconolactone", "gluconolactone (PHA)"),
    "retinol": _active("Retinol, BHT", "retinol", major=False),
    "retinal": _active("Retinal", "retinal", major=False),
    "hpr": _active("Dimethyl Isosorbide, Hydroxypinacolone Retinoate", "hydroxypinacolone retinoate"),
    "bakuchiol": _active("Bakuchiol", "bakuchiol"),
    "vitc_laa": _active("Ascorbic Acid", "vitamin C (L-ascorbic acid)"),
    "vitc_ethyl": _active("3-O-Ethyl Ascorbic Acid", "vitamin C (ethyl ascorbic acid)"),
    "vitc_sap": _active("Sodium Ascorbyl Phosphate", "vitamin C (sodium ascorbyl phosphate)"),
    "vitc_thd": _active("Tetrahexyldecyl Ascorbate", "vitamin C (tetrahexyldecyl ascorbate)"),
    "ferulic": _active("Ferulic Acid", "ferulic acid", major=False),
    "vite": _active("Tocopherol", "vitamin E", major=False),
    "peptides": _active("Palmitoyl Tripeptide-1, Palmitoyl Tetrapeptide-7", "peptides", major=False),
    "copper_peptides": _active("Copper Tripeptide-1", "copper peptides", major=False),
    "caffeine": _active("Caffeine", "caffeine"),
    "urea": _active("Urea", "urea"),
    "shea": _active("Butyrospermum Parkii (Shea) Butter", "shea butter"),
    "tranexamic": _active("Tranexamic Acid", "tranexamic acid"),
    "arbutin": _active("Alpha-Arbutin", "alpha arbutin"),
    "snail": _active("Snail Secretion Filtrate", "snail mucin"),
    "honey": _active("Mel", "honey", major=False),
    "beeswax": _active("Cera Alba", "beeswax"),
    "propolis": _active("Propolis Extract", "propolis", major=False),
    "collagen": _active("Hydrolyzed Collagen", "collagen", major=False),
    "aloe": _active("Aloe Barbadensis Leaf Juice", "aloe vera"),
    "sulfur": _active("Sulfur", "sulfur"),
    "charcoal": _active("Charcoal Powder", "charcoal", major=False),
    "rosehip": _active("Rosa Canina Fruit Oil", "rosehip oil"),
    "jojoba": _active("Simmondsia Chinensis (Jojoba) Seed Oil", "jojoba oil"),
    "mugwort": _active("Artemisia Princeps Leaf Extract", "mugwort", major=False),
    "rice": _active("Oryza Sativa (Rice) Bran Extract", "rice bran", major=False),
    "probiotic": _active("Lactobacillus Ferment", "probiotic ferment", major=False),
    "algae": _active("Chlorella Vulgaris Extract", "algae extract", major=False),
    "cica_balm": _active("Madecassoside, Asiaticoside", "madecassoside", major=False),
    "lipids": _active("Cholesterol, Linoleic Acid", "barrier lipids", major=False),
    "polyglutamic": _active("Sodium Polyglutamate", "polyglutamic acid", major=False),
    "coffee": _active("Coffea Arabica (Coffee) Seed Powder", "coffee grounds"),
    "sugar": _active("Sucrose", "sugar"),
    "pumice": _active("Pumice", "pumice"),
    "tea_tree": _active("Melaleuca Alternifolia (Tea Tree) Leaf Oil", "tea tree oil", major=False),
    "rose_water": _active("Rosa Damascena Flower Water", "rose water"),
}

# Additives that sensitive or rosacea-prone skin should avoid. Position: "second" goes
# right after the first ingredient, "minor" into the minor slot, "end" closes the list.
_ADDITIVES = {
    "alcohol": ("second", ("Alcohol Denat.",)),
    "witch_hazel": ("second", ("Hamamelis Virginiana (Witch Hazel) Water",)),
    "menthol": ("minor", ("Menthol",)),
    "glycolic": ("major", ("Glycolic Acid",)),
    "parfum": ("end", ("Parfum", "Limonene", "Linalool", "Hexyl Cinnamal")),
    "lavender": ("end", ("Lavandula Angustifolia (Lavender) Oil", "Linalool", "Limonene")),
    "orange": ("end", ("Citrus Aurantium Dulcis (Orange) Peel Oil", "Limonene", "Citral")),
    "peppermint": ("end", ("Mentha Piperita (Peppermint) Oil", "Limonene")),
    "rose": ("end", ("Rosa Damascena Flower Oil", "Citronellol", "Geraniol")),
    "eucalyptus": ("end", ("Eucalyptus Globulus Leaf Oil", "Limonene")),
    "neroli": ("end", ("Citrus Aurantium Amara (Bitter Orange) Flower Oil", "Linalool", "Farnesol")),
    "ylang": ("end", ("Cananga Odorata Flower Oil", "Benzyl Benzoate", "Linalool")),
}

# Ingredients that make a product fragranced: perfume and essential oils.
FRAGRANCE_INGREDIENTS = (
    "Parfum",
    "Fragrance",
    "Aroma",
    "Lavandula Angustifolia (Lavender) Oil",
    "Citrus Aurantium Dulcis (Orange) Peel Oil",
    "Mentha Piperita (Peppermint) Oil",
    "Rosa Damascena Flower Oil",
    "Eucalyptus Globulus Leaf Oil",
    "Citrus Aurantium Amara (Bitter Orange) Flower Oil",
    "Cananga Odorata Flower Oil",
    "Melaleuca Alternifolia (Tea Tree) Leaf Oil",
)
ANIMAL_DERIVED = (
    "Mel",
    "Cera Alba",
    "Lanolin",
    "Snail Secretion Filtrate",
    "Hydrolyzed Collagen",
    "Propolis Extract",
)
# Common irritants for sensitive and rosacea-prone skin, besides fragrance.
SENSITISING_INGREDIENTS = (
    "Alcohol Denat.",
    "Menthol",
    "Hamamelis Virginiana (Witch Hazel) Water",
    "Glycolic Acid",
)


def known_active(code: str) -> Active:
    """The active for a code used in the product tables."""
    return _ACTIVES[code]


def compose_inci(formula: str, actives: list[str], additives: list[str]) -> list[str]:
    """The full ingredient list, in label order, without duplicates."""
    major: list[str] = []
    minor: list[str] = []
    for code in actives:
        active = _ACTIVES[code]
        (major if active.major else minor).extend(active.inci)
    second: list[str] = []
    end: list[str] = []
    for code in additives:
        position, names = _ADDITIVES[code]
        target = {"second": second, "minor": minor, "major": major, "end": end}[position]
        target.extend(names)
    if "Sodium Hydroxide" not in _FORMULAS[formula] and ("Glycolic Acid" in major or "Lactic Acid" in major):
        minor.append("Sodium Hydroxide")  # acids are partly neutralised to a skin-safe pH
    parts: list[str] = []
    for item in _FORMULAS[formula].split(", "):
        if item == "{major}":
            parts.extend(major)
        elif item == "{minor}":
            parts.extend(minor)
        else:
            parts.append(item)
        if len(parts) == 1:
            parts.extend(second)
    fragrance_tail = [name for name in end if name in FRAGRANCE_INGREDIENTS]
    allergens = [name for name in end if name not in FRAGRANCE_INGREDIENTS]
    parts.extend(fragrance_tail + allergens)
    seen: set[str] = set()
    unique: list[str] = []
    for item in parts:
        if item not in seen:
            seen.add(item)
            unique.append(item)
    return unique


def is_fragrance_free(ingredients: list[str]) -> bool:
    """True when no perfume and no essential oil is in the list."""
    return not any(item in FRAGRANCE_INGREDIENTS for item in ingredients)


def is_vegan(ingredients: list[str]) -> bool:
    """True when no animal-derived ingredient is in the list."""
    return not any(item in ANIMAL_DERIVED for item in ingredients)


def sensitising(ingredients: list[str]) -> list[str]:
    """The fragrance and common irritants present, for sensitive-skin checks."""
    return [item for item in ingredients if item in FRAGRANCE_INGREDIENTS or item in SENSITISING_INGREDIENTS]
