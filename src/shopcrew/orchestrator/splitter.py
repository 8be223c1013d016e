"""Splitting a message that holds several requests into spans, one per request.

Candidate boundaries are sentence ends, semicolons, line breaks and connectives
("and", "also", "plus", "oh and", "btw", "then"). A boundary is accepted only
when both sides have content, classify into different domains, are each
confident, and are clearer apart than the whole message was together. So
"black and white dress" and "return and refund" stay whole, while "where is
order 1042, and do you have the trail runner in 11 wide?" becomes two parts.
The best boundary is taken first and each side is split again, keeping order.

Some "and"s never separate requests: inside fixed phrases ("click and collect",
"wear and tear"), and between two things the shopper asks about at once ("can I
use vitamin c and retinol together", "the difference between the gtx and the
mid"). A self-correction ("what's the return... no, I mean what's the price")
is one request, the corrected one: the span keeps the whole text but only the
words after the correction decide its domain.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from shopcrew.orchestrator.features import MASK_TOKENS, normalize, tokenize
from shopcrew.orchestrator.lexicon import FILLER_WORDS

# A span's classification: every domain's probability.
Scores = Mapping[str, float]

# Each side of an accepted split must reach this probability for its own domain...
MIN_PART_CONFIDENCE = 0.6
# ...and the whole message must already lean, at least this much, to each side's domain.
MIN_WHOLE_SHARE = 0.005
# ...unless each side is this sure of its own domain on its own.
SURE_PART_CONFIDENCE = 0.99
# Greetings and thanks ride along with the request next to them instead of becoming parts.
ATTACHED_DOMAINS = frozenset({"smalltalk"})
# Long rambling messages are judged on their first boundaries only, and very long ones (a pasted
# email thread) are not split at all, to bound the cost.
MAX_BOUNDARIES = 8
MAX_SPLIT_CHARS = 2000

_CONNECTIVE = (
    r"(?:(?:oh|and|but|ok|okay)\s+)?(?:and\s+also|and|also|plus|btw|by\s+the\s+way|then|oh\s+and)\b[,:]?"
)
_BOUNDARY = re.compile(
    rf"""
    (?<=[.!?])\s+(?:{_CONNECTIVE}\s*)?     # a sentence end, maybe followed by a connective
    | \s*[;\n]+\s*(?:{_CONNECTIVE}\s*)?    # a semicolon or a line break
    | \s*,?\s+{_CONNECTIVE}\s+             # a connective inside a sentence
    """,
    re.IGNORECASE | re.VERBOSE,
)
_EDGE = " \t\r\n,;:-–—"
_CLAUSE_END = re.compile(r"[.!?;\n]")
_AND = re.compile(r"\band\b", re.IGNORECASE)
_PLUS = re.compile(r"\s*,?\s+plus\s+", re.IGNORECASE)
# An in-sentence "and" between two things asked about at once: "use X and Y together".
_JOINT_AFTER = re.compile(
    r"\b(?:together|with each other|at the same time|at once|in the same (?:routine|order)|on the same (?:day|night))\b",
    re.IGNORECASE,
)
_JOINT_BEFORE = re.compile(r"\b(?:between|both|mix|mixing|combine|combining|layer|layering)\b", re.IGNORECASE)
_FIXED_PHRASES = re.compile(
    r"\b(?:click and collect|wear and tear|terms and conditions|black and white|mix and match|pick and mix"
    r"|salt and pepper|fish and chips|rock and roll|bed and breakfast|hair and makeup|health and beauty"
    r"|buy now and pay later|sooner or later)\b",
    re.IGNORECASE,
)
# "… a glycolic toner. Is that too much?": a short question about "that" asks about the request before
# it, so it never opens a part of its own ("is it possible to change my address too" is a request).
_BACK_REFERENCE = re.compile(
    r"(?:and|so|but)?\s*(?:is|are|was|were|would|will|does|do|did|could|can|should)\s+"
    r"(?:that|this|it|those|these|they|all that|all this)\b",
    re.IGNORECASE,
)
_BACK_REFERENCE_WORDS = 5
# Words around identifiers that only say whose they are ("my email is", "order number", "zip").
_IDENTITY_WORDS = frozenset(
    {"my", "the", "a", "and", "its", "it", "is", "im", "i", "am", "here", "this", "email", "e", "mail"}
    | {"address", "order", "number", "no", "phone", "zip", "code", "postcode", "name", "account"}
)
# After "plus", a phrase opening with an article adds an item to a list ("…, plus a glycolic toner");
# "plus my order hasn't arrived" or "plus can you…" still opens a request.
_LIST_ITEM = re.compile(r"(?:a|an|the|some)\b", re.IGNORECASE)
# "what's the return... no, I mean the price": the words after the marker are the request.
_CORRECTION = re.compile(
    r"""
    (?:
    (?:(?<=[\s,.;:!?…–—-])|^)
    (?:
        (?:(?:no|nope|sorry|oops|wait|actually)[,.!]?\s+){0,2}i\s+mean[t]?
      | (?:no|nope|sorry)[,.!]?\s+(?:wait|sorry|actually)
      | wait[,.!]?\s+(?:no|sorry)
      | scratch\s+that
      | (?:actually[,.!]?\s+)?never\s*mind
      | nvm
      | actually[,.!]?\s+(?:no|just)
      | or\s+rather
    )\b
    | (?:\.\.\.|…|\s[-–—])\s*(?:no|sorry|wait|actually)\b
    )
    (?:[,.!]?\s*(?:no|nope|sorry|wait|actually)\b)*  # "wait no", "no sorry" run on
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Span:
    """A stretch ``text[start:end]`` of the message; ``text[decisive_start:end]`` decides its domain."""

    start: int
    end: int
    decisive_start: int | None = None  # set after a self-correction: the retracted words do not count

    @property
    def decisive(self) -> slice:
        """The slice of the message whose words decide this span's domain."""
        return slice(self.start if self.decisive_start is None else self.decisive_start, self.end)


def split_message(text: str, classify: Callable[[str], Scores]) -> list[Span]:
    """Return the request spans of ``text`` in order; a single span when it holds one request."""
    whole = _trim(text, 0, len(text))
    if whole.end - whole.start > MAX_SPLIT_CHARS:
        return [whole]
    corrected = _after_correction(text, whole)
    if corrected is None:
        return _split_region(text, whole, classify)
    spans = _split_region(text, corrected, classify)
    # The retracted words open the first span, so the agent sees what the shopper wrote.
    spans[0] = Span(whole.start, spans[0].end, decisive_start=spans[0].start)
    return spans


def _after_correction(text: str, whole: Span) -> Span | None:
    """The part of ``whole`` after its last self-correction marker, when words come before and after it."""
    last = None
    for match in _CORRECTION.finditer(text, whole.start, whole.end):
        if has_content(text[whole.start : match.start()]) and has_content(text[match.end() : whole.end]):
            last = match
    return None if last is None else _trim(text, last.end(), whole.end)


def _split_region(text: str, whole: Span, classify: Callable[[str], Scores]) -> list[Span]:
    """Split ``whole`` (already trimmed) at its boundaries into request spans."""
    boundaries = [(m.start(), m.end()) for m in _BOUNDARY.finditer(text, whole.start, whole.end)]
    boundaries = [
        (s, e) for s, e in boundaries if whole.start < s and e < whole.end and not _joins(text, s, e)
    ][:MAX_BOUNDARIES]
    if not boundaries:
        return [whole]
    verdicts: dict[Span, tuple[str, float, Scores]] = {}

    def judge(span: Span) -> tuple[str, float, Scores]:
        if span not in verdicts:
            scores = classify(text[span.start : span.end])
            top = max(scores, key=scores.__getitem__)
            verdicts[span] = (top, scores[top], scores)
        return verdicts[span]

    spans = _split(text, whole, boundaries, judge)
    if len(spans) == 1 and len(boundaries) >= 2:
        # Three or more requests leave no single boundary with a confident side on each hand.
        spans = _group_segments(text, whole, boundaries, judge)
    return spans


def _joins(text: str, start: int, end: int) -> bool:
    """Whether the connective at ``text[start:end]`` joins two things rather than two requests."""
    if _CLAUSE_END.search(text, start, end):
        return False  # a sentence end or a semicolon always separates
    for phrase in _FIXED_PHRASES.finditer(text, max(0, start - 30), min(len(text), end + 30)):
        if phrase.start() <= start and end <= phrase.end():
            return True
    # Only the nearest "and" to "between" or "together" joins: look no further than the next one.
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    clause_start = max((m.end() for m in _AND.finditer(text, clause_start, start)), default=clause_start)
    next_end = _CLAUSE_END.search(text, end)
    clause_end = next_end.start() if next_end else len(text)
    next_and = _AND.search(text, end, clause_end)
    clause_end = next_and.start() if next_and else clause_end
    if len(text[end:clause_end].split()) <= 1:
        return True  # the last item of a list: "why do you need my order number and email?"
    return bool(_JOINT_BEFORE.search(text, clause_start, start) or _JOINT_AFTER.search(text, end, clause_end))


def has_content(text: str) -> bool:
    """Whether ``text`` says something beyond filler words and punctuation."""
    return _content_words(text) > 0


def _content_words(text: str) -> int:
    """How many words of ``text`` are more than filler (order numbers and other masks count)."""
    return sum(
        1
        for token in tokenize(normalize(text))
        if token in MASK_TOKENS or (token.isalnum() and token not in FILLER_WORDS)
    )


def _split(
    text: str,
    span: Span,
    boundaries: list[tuple[int, int]],
    judge: Callable[[Span], tuple[str, float, Scores]],
) -> list[Span]:
    inside = [(s, e) for s, e in boundaries if span.start < s and e < span.end]
    if not inside:
        return [span]
    whole = judge(span)[2]
    best: tuple[float, Span, Span] | None = None
    for start, end in inside:
        left, right = _trim(text, span.start, start), _trim(text, end, span.end)
        # "plus" is also part of names and sizes ("my disney plus subscription", "plus size"):
        # inside a sentence it separates only when each side has two words of its own.
        needed = 2 if _PLUS.fullmatch(text, start, end) else 1
        sides = (text[left.start : left.end], text[right.start : right.end])
        if min(_content_words(side) for side in sides) < needed or _continues(text, (start, end), sides[1]):
            continue
        left_domain, left_confidence, _ = judge(left)
        right_domain, right_confidence, _ = judge(right)
        weaker = min(left_confidence, right_confidence)
        if (
            left_domain == right_domain
            or left_domain in ATTACHED_DOMAINS
            or right_domain in ATTACHED_DOMAINS
            or weaker < (MIN_PART_CONFIDENCE if _asks(sides[0]) == _asks(sides[1]) else CONTEXT_CONFIDENCE)
            or (
                weaker < SURE_PART_CONFIDENCE
                and min(whole[left_domain], whole[right_domain]) < MIN_WHOLE_SHARE
            )
        ):
            continue
        if best is None or weaker > best[0]:
            best = (weaker, left, right)
    if best is None:
        return [span]
    _, left, right = best
    return _split(text, left, boundaries, judge) + _split(text, right, boundaries, judge)


def _continues(text: str, boundary: tuple[int, int], after: str) -> bool:
    """Whether ``after``, the words after ``boundary``, carries on the request before it rather than
    opening one: a short question about it ("is that too much?", "does that work?") or, after
    "plus", one more item of the same list ("retinol at night, plus a glycolic toner")."""
    if _BACK_REFERENCE.match(after) is not None and len(after.split()) <= _BACK_REFERENCE_WORDS:
        return True
    if _identity_only(after):
        return True  # "… my order 1001? My email is jane@x.com": who is asking, not a request
    return _PLUS.fullmatch(text, *boundary) is not None and _LIST_ITEM.match(after) is not None


# What makes a piece a request of its own rather than context for one: a question, a request
# word, or an imperative at its start. "I changed the delivery address on order 2231 yesterday."
# has none of them, so it rides with "Has it shipped to the new one yet?".
_ASKS = re.compile(
    r"\?|\b(?:please|pls|plz|can (?:you|u|i)|could (?:you|u|i)|would (?:you|u)|will you|i want|i wanna|i'?d like"
    r"|i need|need (?:to|a|an|the|some)|want (?:to|a|an|the|some)|let me|help)\b"
    r"|^\W*(?:where|when|what|whats|how|why|which|who|is|are|do|does|did|can|could|will|would|should|has"
    r"|have|any|cancel|return|send|change|refund|exchange|swap|track|give|stop|pause|skip|tell|show|get"
    r"|update|switch|add|remove|resend|check|recommend|suggest|find|compare)\b",
    re.IGNORECASE,
)
# A piece that asks nothing must be this sure of its own domain to become a part (0.6 otherwise).
# 0.8 with the 6,781-message set; 0.9 since the set grew to 11,941 and the first stage became surer
# of short statements (cross-validation on the training split: single requests split 213 -> 154 of
# 9,552, synthetic pairs recovered 283 -> 273 of 455; docs/classifier.md).
CONTEXT_CONFIDENCE = 0.9


def _asks(words: str) -> bool:
    """Whether ``words`` ask or request something, as opposed to giving context."""
    return _ASKS.search(words) is not None


def _identity_only(words: str) -> bool:
    """Whether ``words`` only say who the shopper is: an email, order number, phone, name or ZIP."""
    tokens = [t for t in tokenize(normalize(words)) if t.isalnum() or t in MASK_TOKENS]
    masked = [t for t in tokens if t in MASK_TOKENS]
    return bool(masked) and all(t in MASK_TOKENS or t in _IDENTITY_WORDS for t in tokens)


def _group_segments(
    text: str,
    whole: Span,
    boundaries: list[tuple[int, int]],
    judge: Callable[[Span], tuple[str, float, Scores]],
) -> list[Span]:
    """Classify the pieces between all boundaries; confident pieces of a new domain open a new part."""
    edges = [whole.start, *(x for boundary in boundaries for x in boundary), whole.end]
    pieces = [_trim(text, edges[i], edges[i + 1]) for i in range(0, len(edges), 2)]
    overall = judge(whole)[2]
    groups: list[tuple[str | None, Span]] = []  # (domain, span); None until a confident piece arrives
    for index, piece in enumerate(pieces):
        domain: str | None = None
        words = text[piece.start : piece.end]
        if has_content(words) and not (groups and _continues(text, boundaries[index - 1], words)):
            top, confidence, _ = judge(piece)
            needed = MIN_PART_CONFIDENCE if _asks(words) else CONTEXT_CONFIDENCE
            confident = confidence >= needed and overall[top] >= MIN_WHOLE_SHARE
            if confident and top not in ATTACHED_DOMAINS:
                domain = top
        if groups and (domain is None or domain == groups[-1][0]):
            groups[-1] = (groups[-1][0], Span(groups[-1][1].start, piece.end))
        elif groups and groups[-1][0] is None:  # leading filler joins the first request
            groups[-1] = (domain, Span(groups[-1][1].start, piece.end))
        else:
            groups.append((domain, piece))
    if sum(domain is not None for domain, _ in groups) < 2:
        return [whole]
    return [span for _, span in groups]


def _trim(text: str, start: int, end: int) -> Span:
    """Shrink ``[start, end)`` past whitespace and dangling separators at either edge."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return Span(start, end)
