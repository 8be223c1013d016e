"""Deterministic escalation triggers read from the shopper's own words: frustration and policy exceptions.

Decision: one strong signal (an insult, profanity, "this is ridiculous", "third time I'm asking",
a threat to leave or charge back) escalates at once; weak signals (shouting in capitals, "!!!",
"fed up") escalate only in pairs. Mild words about the situation ("annoying that it's sold out",
"a bit disappointed") are not signals at all, so a shopper who is merely unlucky keeps the assistant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FRUSTRATION = "frustration"
POLICY_EXCEPTION = "policy_exception"
# Weak signals needed before they count as frustration.
WEAK_SIGNALS_NEEDED = 2

_STRONG = re.compile(
    r"\b("
    r"f+u+c+k\w*|sh[i1]t+\w*|bullsh\w+|wtf|crap service|pissed( off)?|bastards?|"
    r"idiots?|idiotic|stupid|moronic|morons?|useless|incompetent|pathetic|clueless|"
    r"scam(mers?)?|rip[- ]?off|worst (service|store|shop|company|experience|customer service)|"
    r"(this|that|it) is (ridiculous|absurd|a joke|unacceptable|outrageous|insane)|"
    r"(this|that|it)'s (ridiculous|absurd|a joke|unacceptable|outrageous|insane)|"
    r"ridiculous|unacceptable|outrageous|"
    r"(second|third|fourth|fifth|2nd|3rd|4th|5th|\d+(st|nd|rd|th)) time (i'?m|i am|i have|i've) (asking|asked|written|writing|contacting|contacted)|"
    r"how many times (do|must|should|have) i|"
    r"(i've|i have) (already )?asked (you )?(\w+ )?(times|twice|three times|again and again)|"
    r"charge ?back|dispute (the|this|my) (charge|payment)|report (you|this)|"
    r"(never|not) (shop|shopping|order|ordering|buy|buying) (here|from you|with you)( again)?|"
    r"(i'?m|i am) (done|leaving|taking my business)|(leaving|writing) a (bad|terrible|1[- ]star|one[- ]star) review|"
    r"my (lawyer|bank)|"
    # Frustration said outright, about the conversation or the shopper's state ("this is so
    # frustrating", "I'm really frustrated"); "it's frustrating that the chart is confusing" is not.
    r"(this|that|it)('s| is) (so|really|very|incredibly|extremely|beyond|super|getting) frustrating|"
    r"(this|that|it)('s| is) (so|really|very|incredibly|extremely) annoying|"
    r"(i'?m|i am) (so|really|very|incredibly|extremely|getting|beyond) (frustrated|annoyed|angry|mad)|"
    r"(you'?re|you are) (not|no) (helping|help)|(not|isn't|is not) helping at all"
    r")\b",
    re.IGNORECASE,
)
_WEAK = re.compile(
    r"\b(fed up|sick (of|and tired)|so frustrat\w*|really frustrat\w*|furious|livid|angry|"
    r"still (no|not|nothing|haven't|hasn't)|nobody (answers|replies|helps)|no one (answers|replies|helps))\b",
    re.IGNORECASE,
)
_BANGS = re.compile(r"[!?]*![!?]*!+[!?]*!")  # three or more "!" in a run, mixed with "?" or not
_CAPS_WORD = re.compile(r"\b[A-Z]{2,}\b")
_WORD = re.compile(r"\b[A-Za-z]{2,}\b")
# Capitals that are names, not shouting.
_ACRONYMS = frozenset(
    {
        "OK",
        "XL",
        "XS",
        "US",
        "UK",
        "EU",
        "ID",
        "USA",
        "UPS",
        "DHL",
        "USPS",
        "SPF",
        "XXL",
        "XXS",
        "FAQ",
        "PDF",
        "EUR",
        "USD",
        "GBP",
    }
)

_EXCEPTION = re.compile(
    r"\b("
    r"(make|making|do|grant) (me |us )?an exception|an exception (for me|this time)|"
    r"bend the rules?|just this once|"
    r"i know (it'?s|it is|it was|it has been|it's been|that it'?s) (past|over|after|more than|beyond|outside|already)|"
    r"even though (it'?s|it is|it was|it has been|it's been) (past|over|after|more than|beyond|outside)|"
    r"(past|outside|after|beyond) the (\d+[- ]day )?(return )?(window|deadline|policy|\d+ days) but|"
    # "I know it's been 40 days but...", "I know the window is 30 days but...": a rule the shopper
    # knows they are outside of.
    r"i know (that )?(it'?s|it is|it was|it has|the|this|that|my)\b[^.?!]{0,40}\b"
    r"(days|weeks|months|window|deadline|policy|final[- ]sale|opened|used|worn|expired)\b[^.?!]{0,30}\bbut|"
    r"\bwaive\b|(as|just) a (one[- ]off|courtesy|goodwill gesture)|"
    r"(any chance|is there any way|could you|can you|would you)\b[^.?!]{0,60}\b(anyway|regardless|all the same)"
    r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class EscalationSignal:
    """Why the shopper's message alone calls for a person: the trigger and the words that showed it."""

    trigger: str
    evidence: str

    @property
    def reason(self) -> str:
        """The reason recorded in the owner history, the trace and the ticket."""
        if self.trigger == FRUSTRATION:
            return f"shopper is frustrated ({self.evidence})"
        return f"shopper asked for a policy exception ({self.evidence})"


def detect_escalation(text: str) -> EscalationSignal | None:
    """A policy exception request or frustration in `text`, or None for an ordinary message."""
    exception = _EXCEPTION.search(text)
    if exception:
        return EscalationSignal(POLICY_EXCEPTION, f"“{exception.group(0)}”")
    return detect_frustration(text)


def detect_frustration(text: str) -> EscalationSignal | None:
    """Frustration or anger: one strong signal, or at least two weak ones."""
    strong = _STRONG.search(text)
    if strong:
        return EscalationSignal(FRUSTRATION, f"“{strong.group(0)}”")
    weak: list[str] = []
    if _BANGS.search(text):
        weak.append("repeated “!!!”")
    if _shouting(text):
        weak.append("all capitals")
    weak.extend(f"“{m.group(0)}”" for m in _WEAK.finditer(text))
    if len(weak) >= WEAK_SIGNALS_NEEDED:
        return EscalationSignal(FRUSTRATION, ", ".join(weak))
    return None


def _shouting(text: str) -> bool:
    """Most words in capitals, at least three of them (acronyms and sizes don't count)."""
    words = _WORD.findall(text)
    caps = [w for w in _CAPS_WORD.findall(text) if w not in _ACRONYMS]
    return len(caps) >= 3 and len(caps) >= 0.6 * len(words)


_READABLE = re.compile(r"[^\W_]")


def is_unreadable(text: str) -> bool:
    """A message with no word in it ("???", "🙃🙃", "..."): whatever an agent replies, it was not understood."""
    return _READABLE.search(text) is None
