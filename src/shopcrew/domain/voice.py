"""The store's brand voice, and how a finished reply is brought into it.

`apply_voice` runs on every reply the local engine writes (and may run on LLM replies too). It
only touches the words around the facts: phrases passed as `protected` (product names, order
states) are never rewritten, so a voice rule cannot break the grounding check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

Tone = Literal["friendly", "formal", "playful"]

_CONTRACTIONS: Final = MappingProxyType({
    "i'm": "I am", "i've": "I have", "i'll": "I will", "i'd": "I would", "you're": "you are",
    "you've": "you have", "you'll": "you will", "you'd": "you would", "we're": "we are",
    "we've": "we have", "we'll": "we will", "we'd": "we would", "they're": "they are",
    "they've": "they have", "they'll": "they will", "it's": "it is", "it'll": "it will",
    "that's": "that is", "there's": "there is", "here's": "here is", "what's": "what is",
    "let's": "let us", "don't": "do not", "doesn't": "does not", "didn't": "did not",
    "can't": "cannot", "won't": "will not", "isn't": "is not", "aren't": "are not",
    "wasn't": "was not", "weren't": "were not", "haven't": "have not", "hasn't": "has not",
    "hadn't": "had not", "couldn't": "could not", "shouldn't": "should not", "wouldn't": "would not",
})  # fmt: skip
_CONTRACTION_RE: Final = re.compile(
    r"(?<![\w'’])(" + "|".join(re.escape(c).replace("'", "['’]") for c in _CONTRACTIONS) + r")(?![\w'’])",
    re.IGNORECASE,
)
_EMOJI_RE: Final = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0f\u200d\U0001f3fb-\U0001f3ff]+"
)


class BrandVoice(BaseModel):
    """How the assistant sounds: its name, the store's name, tone, words to prefer or avoid."""

    model_config = ConfigDict(frozen=True)

    assistant_name: str = "Sam"
    store_name: str = "Maple & Main"  # the demo store's name; set [voice] store_name for yours
    tone: Tone = "friendly"
    sign_off: str | None = Field(default=None, description='Appended once, e.g. "— Sam at {store_name}".')
    use_words: dict[str, str] = Field(default_factory=dict, description="word -> preferred word")
    avoid_words: list[str] = Field(default_factory=list, description="words removed from replies")
    emoji: bool = False


def apply_voice(text: str, voice: BrandVoice, *, protected: Iterable[str] = (), sign: bool = True) -> str:
    """Bring `text` into `voice`: preferred words, avoided words, tone, emoji and the sign-off.

    Replacements are whole-word and keep the original's case ("Cheap" -> "Affordable"). Text inside
    `protected` phrases is left exactly as it is. With `sign=False` the text comes back without the
    sign-off (one already there is taken off), for a part of a longer reply that `sign_reply` ends.
    """
    pieces = _split_protected(text, protected)
    rules = _VoiceRules(voice)
    styled = "".join(piece if is_protected else rules.apply(piece) for piece, is_protected in pieces)
    styled = _tidy(styled)
    if not sign:
        signature = sign_off_text(voice)
        return styled.removesuffix(signature).rstrip() if signature else styled
    return sign_reply(styled, voice)


def sign_off_text(voice: BrandVoice) -> str:
    """The voice's sign-off with its placeholders filled in ("" when it has none)."""
    if not voice.sign_off:
        return ""
    sign_off = voice.sign_off.replace("{assistant_name}", voice.assistant_name)
    return sign_off.replace("{store_name}", voice.store_name).strip()


def sign_reply(text: str, voice: BrandVoice) -> str:
    """`text` ending with the voice's sign-off, once; an empty reply stays empty."""
    signature = sign_off_text(voice)
    if not text.strip() or not signature or text.rstrip().endswith(signature):
        return text
    return f"{text.rstrip()}\n\n{signature}"


# Facts holding prose the voice may restyle; every other short string fact (a product name, an
# order state) is protected from voice rewrites so the grounding check still finds it verbatim.
_PROSE_FACTS: Final = frozenset(
    {"message", "intro", "outro", "question", "reason", "next_step", "empty", "text"}
)
# Facts quoted word for word whatever their length: a policy quote must not be restyled.
_VERBATIM_FACTS: Final = frozenset({"quote"})


def protected_phrases(*facts: Mapping[str, Any]) -> list[str]:
    """The fact strings (names, states, SKUs, policy quotes) that voice rules must leave verbatim."""
    return [phrase for mapping in facts for phrase in _walk_strings(mapping)]


def _walk_strings(value: Any, key: str = "") -> Iterator[str]:
    if isinstance(value, str):
        if key in _VERBATIM_FACTS or (key not in _PROSE_FACTS and 3 <= len(value) <= 120):
            yield value
    elif isinstance(value, Mapping):
        for child_key, child in value.items():
            yield from _walk_strings(child, str(child_key))
    elif isinstance(value, list | tuple):
        for child in value:
            yield from _walk_strings(child, key)


class _VoiceRules:
    """The compiled rules of one voice, applied to the unprotected parts of a reply."""

    def __init__(self, voice: BrandVoice) -> None:
        self.voice = voice
        self.use = {k.lower(): v for k, v in voice.use_words.items() if k.strip()}
        self.use_re = _words_re(self.use)
        avoid = [w for w in voice.avoid_words if w.strip() and w.lower() not in self.use]
        # An avoided word goes together with a comma after it ("Unfortunately, it is sold out").
        self.avoid_re = _words_re(avoid, suffix=r"(?:\s*,)?")

    def apply(self, text: str) -> str:
        if self.use_re is not None:
            text = self.use_re.sub(lambda m: _match_case(m.group(), self.use[m.group().lower()]), text)
        if self.avoid_re is not None:
            text = self.avoid_re.sub(_REMOVED, text)
        if self.voice.tone == "formal":
            text = _CONTRACTION_RE.sub(lambda m: _expand(m.group()), text)
        if not self.voice.emoji:
            text = _EMOJI_RE.sub("", text)
        return text


def _words_re(words: Iterable[str], *, suffix: str = "") -> re.Pattern[str] | None:
    alternatives = sorted({re.escape(w.strip()) for w in words}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])" + suffix, re.IGNORECASE)


def _match_case(original: str, replacement: str) -> str:
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _expand(contraction: str) -> str:
    expanded = _CONTRACTIONS[contraction.lower().replace("’", "'")]
    return _match_case(contraction, expanded) if expanded != "I am" else expanded


def _split_protected(text: str, protected: Iterable[str]) -> list[tuple[str, bool]]:
    phrases = sorted({p for p in protected if p and len(p) >= 3 and p in text}, key=len, reverse=True)
    if not phrases:
        return [(text, False)]
    pattern = re.compile("(" + "|".join(re.escape(p) for p in phrases) + ")")
    return [(piece, index % 2 == 1) for index, piece in enumerate(pattern.split(text)) if piece]


_REMOVED: Final = "\x00"  # marks where an avoided word was taken out, until _tidy repairs the sentence
_GAP_RE: Final = re.compile(r"[ \t]*\x00[ \t]*")
_SPACES_RE: Final = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT_RE: Final = re.compile(r"[ \t]+([,.;:!?])")
_STRAY_PUNCT_RE: Final = re.compile(r"(^|[.!?]|\n)\x00[,;:]?[ \t]*")
_SENTENCE_START_RE: Final = re.compile(r"(^|[.!?]|\n)\x00([a-z])")


def _tidy(text: str) -> str:
    """Repair what removals leave behind: doubled spaces, stray commas, lower-case sentence starts."""
    if _REMOVED in text:
        text = _GAP_RE.sub(_REMOVED, text)
        text = _STRAY_PUNCT_RE.sub(lambda m: m.group(1) + _REMOVED, text)
        text = _SENTENCE_START_RE.sub(lambda m: m.group(1) + _REMOVED + m.group(2).upper(), text)
        text = text.replace(_REMOVED, " ")
    text = _SPACES_RE.sub(" ", text)
    text = _SPACE_BEFORE_PUNCT_RE.sub(r"\1", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()
