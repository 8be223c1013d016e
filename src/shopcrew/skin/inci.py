"""Parsing real INCI ingredient lists: commas inside parentheses, footnote marks, "may contain"
tails, kit lists ("STEP 01 Booster: ..."), and text that is no list at all ("Visit the X boutique").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Placeholders scraped or exported where a list should be: they are no ingredient list.
_NO_LIST = re.compile(
    r"^\s*(?:visit the .* boutique|no info(?:rmation)?|n/?a|none|#name\?|-|see (?:packaging|box)|tbd)\s*\.?\s*$",
    re.IGNORECASE,
)
_PREFIX = re.compile(r"^\s*(?:full\s+)?(?:ingredients?|inci|composition)\s*(?:list)?\s*:\s*", re.IGNORECASE)
# "May contain (+/-): CI 77491, ..." lists shade pigments, which are ingredients too; only the words go.
_MAY_CONTAIN = re.compile(r"\[?\s*(?:\+/-|may contain|peut contenir)\s*(?:\(\+/-\))?\s*:?", re.IGNORECASE)
# Footnotes: "*Organic", "**Natural.", "† Certified organic": marks on names, and their explanations.
_FOOTNOTE_TEXT = re.compile(
    r"(?:^|\s)[*†‡]+\s*(?:certified\s+)?(?:organic|natural|natural origin|essential oils?|from organic farming|"
    r"ingredients? from organic|fair trade|naturally derived|plant[- ]derived|plant origin|components? of|"
    r"ecocert)[^,]*$",
    re.IGNORECASE,
)
_MARKS = re.compile(r"[*†‡®™°]+")
_SPACES = re.compile(r"\s+")
# A kit or "key ingredients" blurb: "STEP 01 Super Booster:" or "-Vitamin B5 (Panthenol): Moisturizes".
_LABEL = re.compile(r"^(?:step\s*\d+\b[^:]*|[-•][^:]{1,60}|[A-Z][\w &'/-]{1,40}):\s*", re.IGNORECASE)
# Prose: a name in an INCI list has no verbs like these and is short.
_PROSE = re.compile(
    r"\b(?:helps?|skin'?s?|moisturi[sz]es|reduces?|provides?|renews|repairs|protects?|nourishes|"
    r"boosts?|improves?|rich in|appearance|the|your|with|and|for|to)\b",
    re.IGNORECASE,
)
MAX_NAME_WORDS = 9


# Words that end an INCI name: where a list printed without commas can be cut.
_NAME_ENDS = frozenset(
    [
        "glycol",
        "glycerin",
        "acid",
        "dimethicone",
        "crosspolymer",
        "copolymer",
        "oil",
        "extract",
        "water",
        "aqua",
        "palmitate",
        "glucoside",
        "cyclohexasiloxane",
        "cyclopentasiloxane",
        "alcohol",
        "butter",
        "wax",
        "ester",
        "esters",
        "stearate",
        "oxide",
        "gum",
        "sulfate",
        "chloride",
        "hydroxide",
        "phosphate",
        "citrate",
        "benzoate",
        "sorbate",
        "lecithin",
        "squalane",
        "tocopherol",
        "panthenol",
        "niacinamide",
        "allantoin",
        "caffeine",
        "urea",
        "glycerides",
        "triglyceride",
        "polymer",
        "polysilicone",
        "silica",
        "mica",
        "lysine",
        "lysate",
        "ferment",
        "filtrate",
        "juice",
        "powder",
        "phenoxyethanol",
        "ethylhexylglycerin",
        "edta",
    ]
)


@dataclass(frozen=True)
class InciList:
    """A parsed ingredient list: names in label order, or why the text is no list.

    `complete` is False for a "key ingredients" blurb ("-Retinol: Smooths lines."), which names
    only some of what is inside.
    """

    names: tuple[str, ...]
    problem: str | None = None
    complete: bool = True

    @property
    def parsed(self) -> bool:
        """True when the text was an ingredient list and at least one name came out."""
        return self.problem is None and bool(self.names)


def normalise_name(name: str) -> str:
    """The matching form of one INCI name: case-folded, marks and extra spaces removed."""
    cleaned = _MARKS.sub("", unicodedata.normalize("NFKC", name))
    return _SPACES.sub(" ", cleaned).strip(" .;:-").casefold()


def parse_inci(text: str | None) -> InciList:
    """Split an ingredient list into names; placeholders and prose give a problem instead."""
    if text is None or not text.strip():
        return InciList((), "no ingredient list")
    if _NO_LIST.match(text):
        return InciList((), f"not an ingredient list: {text.strip()[:60]!r}")
    body = _PREFIX.sub("", unicodedata.normalize("NFKC", text).strip())
    body = re.sub(r"\s*\((?:and|&)\)\s*", ", ", body, flags=re.IGNORECASE)
    body = re.sub(r"(?<=[a-z])- (?=[a-z])", "", body)  # "Penty- lene" from a PDF line break
    body = re.sub(r"(\d%)(?=[A-Za-z])", r"\1, ", body)  # "Octisalate 5.00%Water"
    body = _MAY_CONTAIN.sub(",", body)
    if _BLURB.match(body):
        # A blurb may end with the full list of a kit part ("Treatment: Water, Kaolin, ..."): keep both.
        full = _list_names(body) if body.count(",") >= 5 else []
        names = tuple(dict.fromkeys([*_blurb_names(body), *full]))
        if not names:
            return InciList((), "no ingredient names found")
        return InciList(names, complete=len(full) >= 5)
    if body.lstrip().startswith(("*", "†")) and "," not in body:
        return InciList((), "only a footnote, no ingredient list")
    unique = tuple(dict.fromkeys(_list_names(body)))
    if not unique:
        return InciList((), "no ingredient names found")
    return InciList(unique)


def _list_names(body: str) -> list[str]:
    names: list[str] = []
    for raw in _split_top_level(body, ",;"):
        for piece in _sentences(raw):
            name = _clean(piece)
            if name:
                names.append(name)
            elif len(piece.split()) > MAX_NAME_WORDS and not _PROSE.search(piece):
                names.extend(_split_without_commas(piece))
    return names


_BLURB = re.compile(r"^\s*[-•]\s*\S")
_CONCENTRATION = re.compile(r"\s*\d+(?:[.,]\d+)?\s*(?:%|percent)\s*$", re.IGNORECASE)


def _blurb_names(body: str) -> tuple[str, ...]:
    """ "-Retinol 0.5%: Smooths lines. -Allantoin: Soothes." -> ("Retinol", "Allantoin")."""
    names: list[str] = []
    for entry in re.split(r"(?:^|\s)[-•]\s*(?=[A-Z0-9])", body):
        for head in entry.split(":", 1)[0].split(","):
            head = _CONCENTRATION.sub("", _MARKS.sub("", head.strip(" ."))).strip()
            if head and len(head.split()) <= MAX_NAME_WORDS and any(c.isalpha() for c in head):
                names.append(head)
    return tuple(dict.fromkeys(names))


def _split_without_commas(body: str) -> list[str]:
    """A list printed with spaces only: cut after each word that ends INCI names."""
    names: list[str] = []
    current: list[str] = []
    for word in body.replace(".", " ").split():
        current.append(word)
        if word.casefold().strip("()") in _NAME_ENDS:
            names.append(" ".join(current))
            current = []
    if current:
        names.append(" ".join(current))
    return [n for n in (_clean(n) for n in names) if n]


def _split_top_level(body: str, separators: str) -> list[str]:
    """Split at separators outside parentheses and brackets."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in body:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _sentences(raw: str) -> list[str]:
    """An item holding a sentence break outside parentheses ("Fragrance. STEP 02 X: Water") is two."""
    marked = []
    depth = 0
    for index, char in enumerate(raw):
        depth += char in "([{"
        depth -= char in ")]}" and depth > 0
        follows = raw[index + 1 : index + 3]
        if (
            char == "."
            and depth == 0
            and re.match(r"\s[A-Z0-9*†-]", follows)
            and index
            and raw[index - 1].isalnum()
        ):
            marked.append("\x00")
        else:
            marked.append(char)
    return [p for p in "".join(marked).split("\x00") if p.strip()]


def _clean(piece: str) -> str | None:
    text = _FOOTNOTE_TEXT.sub("", " " + piece).strip()
    while True:
        label = _LABEL.match(text)
        if label is None:
            break
        rest = text[label.end() :]
        if not rest or (_PROSE.search(rest) and len(rest.split()) > 3):
            # "-Moisturizing Agent: Plumps the skin." is a blurb, not a list entry.
            return None
        text = rest
    text = _MARKS.sub("", text)
    text = _SPACES.sub(" ", text).strip(" .;:-\u2022")
    if text.casefold().endswith(" denat"):
        text += "."  # the label's abbreviation, as shoppers see it
    if not text or not any(c.isalpha() for c in text):
        return None
    words = text.split()
    if len(words) > MAX_NAME_WORDS or (len(words) > 4 and _PROSE.search(text)):
        return None
    if text[0].islower() and len(words) > 2 and not re.match(r"^(?:sh-|ci |aqua|water)", text.lower()):
        return None
    return text
