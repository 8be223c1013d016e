"""Splitting a message that holds several requests into spans, one per request.

Candidate boundaries are sentence ends, semicolons, line breaks and connectives
("and", "also", "plus", "oh and", "btw", "then"). A boundary is accepted only
when both sides have content, classify into different domains, are each
confident, and are clearer apart than the whole message was together. So
"black and white dress" and "return and refund" stay whole, while "where is
order 1042, and do you have the trail runner in 11 wide?" becomes two parts.
The best boundary is taken first and each side is split again, keeping order.
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
MIN_WHOLE_SHARE = 0.01
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


@dataclass(frozen=True)
class Span:
    """A stretch ``text[start:end]`` of the message."""

    start: int
    end: int


def split_message(text: str, classify: Callable[[str], Scores]) -> list[Span]:
    """Return the request spans of ``text`` in order; a single span when it holds one request."""
    whole = _trim(text, 0, len(text))
    if whole.end - whole.start > MAX_SPLIT_CHARS:
        return [whole]
    boundaries = [(m.start(), m.end()) for m in _BOUNDARY.finditer(text, whole.start, whole.end)]
    boundaries = [(s, e) for s, e in boundaries if whole.start < s and e < whole.end][:MAX_BOUNDARIES]
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


def has_content(text: str) -> bool:
    """Whether ``text`` says something beyond filler words and punctuation."""
    for token in tokenize(normalize(text)):
        if token in MASK_TOKENS or (token.isalnum() and token not in FILLER_WORDS):
            return True
    return False


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
        if not (has_content(text[left.start : left.end]) and has_content(text[right.start : right.end])):
            continue
        left_domain, left_confidence, _ = judge(left)
        right_domain, right_confidence, _ = judge(right)
        weaker = min(left_confidence, right_confidence)
        if (
            left_domain == right_domain
            or left_domain in ATTACHED_DOMAINS
            or right_domain in ATTACHED_DOMAINS
            or weaker < MIN_PART_CONFIDENCE
            or min(whole[left_domain], whole[right_domain]) < MIN_WHOLE_SHARE
        ):
            continue
        if best is None or weaker > best[0]:
            best = (weaker, left, right)
    if best is None:
        return [span]
    _, left, right = best
    return _split(text, left, boundaries, judge) + _split(text, right, boundaries, judge)


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
    for piece in pieces:
        domain: str | None = None
        if has_content(text[piece.start : piece.end]):
            top, confidence, _ = judge(piece)
            confident = confidence >= MIN_PART_CONFIDENCE and overall[top] >= MIN_WHOLE_SHARE
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
