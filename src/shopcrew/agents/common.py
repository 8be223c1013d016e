"""Small judgements several agents share: yes/no answers, short slot-like replies, "why do you need it?"."""

from __future__ import annotations

import re

_YES = re.compile(
    r"^\s*(?:y|ya|yah|yes+|yeah|yep|yup|sure|ok(?:ay)?|k|please|yes please|go ahead|do it|sounds good|"
    r"that'?d be great|absolutely|definitely|correct|right|confirm(?:ed)?)\b[\s!.]*",
    re.IGNORECASE,
)
_NO = re.compile(
    r"^\s*(?:n|no+|nope|nah|no thanks|no thank you|not now|never ?mind|nvm|don'?t|cancel that|stop)\b[\s!.]*",
    re.IGNORECASE,
)


def is_affirmative(text: str) -> bool:
    """True for a short yes ("yes please", "sure", "ok go ahead")."""
    return bool(_YES.match(text)) and len(text.split()) <= 8 and not _NO.match(text)


def is_negative(text: str) -> bool:
    """True for a short no ("no thanks", "nope", "never mind")."""
    return bool(_NO.match(text)) and len(text.split()) <= 8


_WHY_DETAILS = re.compile(
    r"\b(?:why|how come)\b[^.!?]*\b(?:need|want|ask\w*|requir\w*|have to (?:give|share|send|provide))\b"
    r"|\bwhat (?:do|would) (?:you|u) (?:need|want) (?:it|that|this|them|my [\w ]{1,20}?) for\b",
    re.IGNORECASE,
)


def asks_why_details(text: str) -> bool:
    """True for a question about why identity details are asked for ("why do you need my email?")."""
    return bool(_WHY_DETAILS.search(text)) and len(text.split()) <= 15
