"""Small judgements several agents share: yes/no answers and short slot-like replies."""

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
