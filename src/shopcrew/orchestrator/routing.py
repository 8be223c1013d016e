"""The routing table (domain → agent) as data, loading the agents it names, and who owns each part."""

from __future__ import annotations

import importlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from shopcrew.agents.common import asks_why_details, is_affirmative, is_negative
from shopcrew.agents.order_requests import return_reason, stated_cancel_reason
from shopcrew.agents.product_expert import FOLLOW_UP as PRODUCT_FOLLOW_UP
from shopcrew.agents.types import Agent
from shopcrew.models.local.extract import Extraction
from shopcrew.orchestrator.second_stage import has_words, masked_for_encoder
from shopcrew.orchestrator.state import ConversationState

# Below this classifier confidence, a message to an agent that awaits a slot stays with that agent.
SWITCH_CONFIDENCE = 0.6
HUMAN = "human"


def default_routes() -> dict[str, str]:
    """The packaged routing table."""
    text = resources.files("shopcrew.orchestrator").joinpath("routes.toml").read_text(encoding="utf-8")
    return {str(k): str(v) for k, v in tomllib.loads(text)["routes"].items()}


def load_agents(routes: Mapping[str, str]) -> dict[str, Agent]:
    """The agents the routing table names that exist as modules (`shopcrew.agents.<name>.AGENT`)."""
    agents: dict[str, Agent] = {}
    for name in sorted(set(routes.values()) | {"support", HUMAN}):
        try:
            module = importlib.import_module(f"shopcrew.agents.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"shopcrew.agents.{name}":
                raise
            continue
        agent = getattr(module, "AGENT", None)
        if isinstance(agent, Agent):
            agents[name] = agent
    return agents


@dataclass(frozen=True)
class RouteDecision:
    """Which agent handles a part, and why (recorded in the trace)."""

    agent: str
    domain: str
    reason: str
    continuing: bool = False
    available: bool = True


# Specialists that answer a confident question of theirs about the product just shown.
_SPECIALIST_ABOUT_A_PRODUCT = frozenset({"fit", "skin"})
# "it", "that one", "the first": a short follow-up about what the owner was just talking about.
_ANAPHORA = re.compile(r"\b(it|its|it's|this|that|these|those|them|they|one|ones)\b", re.IGNORECASE)
# "When will it arrive?" after a size answer is about an order, whatever "it" points at.
_ORDER_TALK = re.compile(
    r"\b(orders?|deliver\w*|arriv\w*|ship\w*|track\w*|refund\w*|return\w*|cancel\w*|exchang\w*|parcel|package)\b",
    re.IGNORECASE,
)
# "the women's version", "the kids' model": the product in context, in another line.
_VERSION_OF_IT = re.compile(r"\b(?:version|model|edition)\b", re.IGNORECASE)
_ALL_ITEMS = re.compile(r"\b(both|all|everything|each)\b", re.IGNORECASE)
_GOES_WITH = re.compile(
    r"\b(go(es)? with|pairs? with|wear (it )?with|style (it|this|that|them))\b", re.IGNORECASE
)
_SIZE_TALK = re.compile(r"\b(sizes?|sizing|fits?|runs? (small|large|big))\b", re.IGNORECASE)
_OUTFIT_ANSWER = re.compile(
    r"\b(swap|change|switch|replace|different|another|cheaper|pricier|dressier|more casual|add|without|drop"
    r"|remove|look \d|(first|second|third|last) look|men'?s|women'?s|ladies|kids|for (him|her|me)|wedding"
    r"|office|work|interview|date|party|beach|gym|workout|casual|weekend|travel|summer|winter|autumn|fall|spring)\b",
    re.IGNORECASE,
)

_SKIN_ANSWER = re.compile(
    r"\b(dry|oily|combination|combo|normal|sensitive|acne|rosacea|redness|pregnant|breastfeeding|allergic"
    r"|react\w*|retinol|tretinoin|skin|moisturi[sz]er|serum|cleanser|toner|sunscreen|spf|cream|lotion"
    r"|exfoliant|mask|eye cream|fragrance)\b",
    re.IGNORECASE,
)


def looks_like_slot_answer(text: str, extraction: Extraction, slot: str) -> bool:
    """A short reply that answers the awaited slot ("jane@x.com 1042" for identity, "the second one" for a follow-up)."""
    if len(text.split()) > 10:
        return False
    if slot == "order_number" and (extraction.ordinal is not None or _ANAPHORA.search(text)):
        return True
    if slot == "identity" and asks_why_details(text):
        return True  # "why do you need my email?": about the slot itself, answered by its owner
    if slot in ("identity", "order_number"):
        return bool(
            extraction.emails
            or extraction.order_numbers
            or extraction.zip_codes
            or extraction.person_names
            or extraction.phones
        )
    if slot == "confirm_action" and (return_reason(text) or stated_cancel_reason(text)):
        # "it irritated my skin" while a return waits for a yes: the reason for it, not a new topic.
        return True
    if slot in ("handoff_offer", "confirm_action"):
        return is_affirmative(text) or is_negative(text)
    if slot in ("zip_code", "new_address"):
        return bool(extraction.zip_codes or extraction.order_numbers)
    if slot in ("order_items", "new_variant", "subscription"):
        # "the moisturizer", "the second item", "both", "in a size 10", "the black one".
        return bool(
            extraction.ordinal is not None
            or extraction.products
            or extraction.categories
            or extraction.sizes
            or extraction.widths
            or extraction.colours
            or extraction.quantity
            or _ANAPHORA.search(text)
            or _ALL_ITEMS.search(text)
        )
    if slot in ("fit_details", "fit_product", "fit_follow_up"):
        # "36 waist", "5'6", "medium", "wide feet", "the second one" - never an order number or email.
        if extraction.order_numbers or extraction.emails or extraction.phones or _ORDER_TALK.search(text):
            return False
        measured = slot != "fit_follow_up" and bool(re.search(r"\d|\b(?:wide|narrow)\b", text, re.IGNORECASE))
        return bool(
            measured
            or extraction.sizes
            or extraction.widths
            or extraction.ordinal is not None
            or (slot == "fit_product" and extraction.products)
            or _ANAPHORA.search(text)
            or _VERSION_OF_IT.search(text)
        )
    if slot in ("outfit_details", "outfit_follow_up"):
        # "men's", "for a wedding", "swap the shoes", "cheaper top in look 2" - but a size question
        # about a piece ("what size in that dress?") belongs to the Fit Analyzer.
        if _SIZE_TALK.search(text):
            return False
        # A colour or a budget alone ("something in navy instead", "under $250") refines the looks.
        return bool(
            _OUTFIT_ANSWER.search(text)
            or ((extraction.budget or extraction.colours) and not extraction.categories)
        )
    if slot in ("skin_profile", "skin_follow_up"):
        # "oily, acne-prone", "not pregnant", "which moisturizer then?", "is the second one ok?" - the
        # Skin Analyzer keeps the thread; a size question belongs to the Fit Analyzer.
        if extraction.order_numbers or extraction.emails or _SIZE_TALK.search(text):
            return False
        # "(image)" is a photo sent with no words (orchestrator/intake.py): a skin photo mid-consultation.
        return bool(
            _SKIN_ANSWER.search(text)
            or extraction.ordinal is not None
            or _ANAPHORA.search(text)
            or text.strip() == "(image)"
        )
    if slot == PRODUCT_FOLLOW_UP:
        if _GOES_WITH.search(text):
            return False  # "what goes with it?" asks for a look around the product, not about it
        return bool(
            extraction.ordinal is not None
            or extraction.sizes
            or extraction.widths
            or extraction.colours
            or _ANAPHORA.search(text)
            or _VERSION_OF_IT.search(text)
        )
    return False


# "what about PO boxes?", "and in the summit pro?", "how about for oily skin": the question just
# answered, asked again about something else. No verb of its own, so the words after the opener
# must not start a new question or request ("and do you have…", "what about my refund?").
_ELLIPSIS = re.compile(
    r"^\s*(?:and|or|also|plus|(?:and\s+)?(?:what|how)\s+about|same\s+(?:for|with|goes\s+for))\b[\s,]*"
    r"(?P<rest>.*?)[\s?.!]*$",
    re.IGNORECASE,
)
ELLIPSIS_WORDS = 5
# A longer follow-up, or one that opens a question ("and what size in …?"), stays in the domain just
# answered only when the classifier is below FOLLOW_UP_SURE for its reading and gives that domain
# at least FOLLOW_UP_CONTENDER.
FOLLOW_UP_SURE = 0.8
FOLLOW_UP_CONTENDER = 0.15
_STARTS_ANEW = re.compile(
    r"(?:do|does|did|can|could|would|will|is|are|was|were|has|have|i|im|i'm|ive|i've|id|i'd|you|where|when"
    r"|why|how|what|which|who|whats|what's|show|tell|find|give|get|cancel|return|track|change|send|want"
    r"|need|please|pls|plz|thanks|thank|thx|bye|my|mine|our|your)\b",
    re.IGNORECASE,
)
# A confident reading as one of these is a request of its own, even when put as a follow-up.
_OWN_REQUEST = frozenset(
    {
        "fit",
        "skin",
        "outfit",
        "human",
        "order_status",
        "order_cancel",
        "order_return",
        "order_exchange",
        "address_change",
    }
)


def _carried_domain(
    domain: str,
    confidence: float,
    text: str,
    extraction: Extraction,
    state: ConversationState,
    routes: Mapping[str, str],
    agents: Mapping[str, Agent],
    scores: Mapping[str, float] | None = None,
) -> str | None:
    """The last part's domain, when this message only follows it up ("what about PO boxes?")."""
    last = state.last_domain
    if last is None or last == domain or routes.get(last) not in agents or state.owner == HUMAN:
        return None
    if domain in _OWN_REQUEST and confidence >= SWITCH_CONFIDENCE:
        return None
    if extraction.order_numbers or extraction.emails or extraction.phones:
        return None  # identifiers are order talk, whatever the opener
    match = _ELLIPSIS.match(text)
    if match is None:
        return None
    rest = match["rest"]
    if not rest:
        return None
    if len(rest.split()) > ELLIPSIS_WORDS or _STARTS_ANEW.match(rest):
        # A question of its own put as a follow-up ("and what size in the cloudlift max?" after a
        # size: product 0.76, fit 0.17) stays when the reading is unsure and the domain just
        # answered is a real contender: the thread is the better guess.
        contender = (scores or {}).get(last, 0.0)
        return last if confidence < FOLLOW_UP_SURE and contender >= FOLLOW_UP_CONTENDER else None
    return last


# When the top domain has no agent yet, an unsure classification goes to a runner-up that can help.
UNSURE_BELOW = 0.7
RUNNER_UP_AT_LEAST = 0.2
# With no word for anyone, an unsure "a person" guess yields to a weaker runner-up: the team's queue
# is the costlier mistake ("talk me through how exchanges work": human 0.62, policy 0.19).
PERSON_RUNNER_UP_AT_LEAST = 0.1
# Words without which an unsure "a person" guess is not taken as one: handing a conversation to the
# team's queue is costly, and "if I phone you, how do you verify it's me?" asks for no one, nor does
# "talk me through how exchanges work" (an explanation, not a conversation with someone).
_NAMES_SOMEONE = re.compile(
    r"\b(person|people|humans?|hum[ae]n|hooman|agents?|someone|somebody|some1|any ?one|any ?body|"
    r"representatives?|reps?|managers?|supervisor|boss|staff|team|colleague|employee|stylist|operator|"
    r"owner|consultant|advis[eo]rs?|in charge|real|live|call ?back|call me|a call|ring me|phone me|"
    r"speak|talk(?!\s+(?:me|us)\s+through)|chat|escalat\w*|complain\w*|transfer|connect me|contact|"
    r"customer (?:service|care|support)|support|bots?|robot|machine|ai)\b",
    re.IGNORECASE,
)


# A close "a person" runner-up to an unsure reading is taken when the message names someone and
# doesn't turn one down: "not you, a real person please" (smalltalk 0.50, human 0.46).
PERSON_TAKEN_AT_LEAST = 0.3
_TURNS_DOWN_A_PERSON = re.compile(
    r"\b(?:don'?t|do not|no need to|not) (?:want|need|ask(?:ing)? for)\b|\bno (?:humans?|person|people|agents?)\b",
    re.IGNORECASE,
)


def _asks_for_person_too(domain: str, confidence: float, text: str, scores: Mapping[str, float]) -> bool:
    """Whether an unsure reading other than "a person" should yield to a close "a person" runner-up."""
    return (
        domain != HUMAN
        and confidence < UNSURE_BELOW
        and scores.get(HUMAN, 0.0) >= PERSON_TAKEN_AT_LEAST
        and _NAMES_SOMEONE.search(text) is not None
        and _TURNS_DOWN_A_PERSON.search(text) is None
    )


def _able_runner_up(
    domain: str,
    confidence: float,
    scores: Mapping[str, float],
    routes: Mapping[str, str],
    agents: Mapping[str, Agent],
    at_least: float = RUNNER_UP_AT_LEAST,
) -> tuple[str, float] | None:
    if confidence >= UNSURE_BELOW:
        return None
    ranked = sorted(((s, d) for d, s in scores.items() if d != domain), reverse=True)
    if not ranked:
        return None
    probability, second = ranked[0]
    if probability < at_least or routes.get(second) not in agents or second == HUMAN:
        return None
    return second, probability


def route_part(
    *,
    domain: str,
    confidence: float,
    text: str,
    extraction: Extraction,
    state: ConversationState,
    routes: Mapping[str, str],
    agents: Mapping[str, Agent],
    first_part: bool,
    scores: Mapping[str, float] | None = None,
) -> RouteDecision:
    """Pick the agent for one part: stay with an owner awaiting a slot unless the subject clearly changes."""
    if scores is not None and _asks_for_person_too(domain, confidence, text, scores):
        domain, confidence = HUMAN, scores[HUMAN]
    target = routes.get(domain, "support")
    owner = state.owner
    awaited = bool(first_part and state.awaiting_slot and owner in agents and owner != HUMAN)
    if domain == HUMAN and not (
        # A weak guess at "a person" ("women's please" at 0.27) doesn't take away a thread whose
        # owner awaits exactly this kind of answer, nor does any guess about a message of identifiers
        # alone ("someone@example.com" asks for no one); a clear ask for a person always does.
        awaited
        and (confidence < SWITCH_CONFIDENCE or not has_words(masked_for_encoder(text)))
        and looks_like_slot_answer(text, extraction, str(state.awaiting_slot))
    ):
        # _able_runner_up only answers below UNSURE_BELOW, so a sure guess always brings a person.
        runner_up = (
            None
            if _NAMES_SOMEONE.search(text)
            else _able_runner_up(domain, confidence, scores or {}, routes, agents, PERSON_RUNNER_UP_AT_LEAST)
        )
        if runner_up is None:
            return RouteDecision(HUMAN, domain, "shopper asked for a person")
        second, probability = runner_up
        if not awaited:
            return RouteDecision(
                routes[second],
                second,
                f"unsure it asks for a person (human {confidence:.2f}, no word for one); {second} ({probability:.2f})",
            )
        domain, confidence, target = second, probability, routes[second]
    if first_part and (
        carried := _carried_domain(domain, confidence, text, extraction, state, routes, agents, scores)
    ):
        return RouteDecision(
            routes[carried],
            carried,
            f"a follow-up without a verb ({domain} {confidence:.2f}): stays in {carried}",
            True,
        )
    if awaited:
        owner_domains = {d for d, a in routes.items() if a == owner}
        if domain in owner_domains:
            return RouteDecision(
                owner, domain, f"{owner} owns the thread and the message is in its domain", True
            )
        if (
            state.awaiting_slot == PRODUCT_FOLLOW_UP
            and domain in _SPECIALIST_ABOUT_A_PRODUCT
            and confidence >= SWITCH_CONFIDENCE
            and target in agents
        ):
            # "my foot is 27.5 cm, which size of it?" after a product is shown: the specialist
            # answers about the product in hand (the state carries it), not the product listing.
            return RouteDecision(
                target, domain, f"a {domain} question about the product shown ({confidence:.2f})"
            )
        if looks_like_slot_answer(text, extraction, str(state.awaiting_slot)):
            return RouteDecision(
                owner, domain, f"{owner} awaits {state.awaiting_slot}; the message answers it", True
            )
        if confidence < SWITCH_CONFIDENCE:
            return RouteDecision(
                owner,
                domain,
                f"{owner} awaits {state.awaiting_slot}; no clear change of subject ({confidence:.2f})",
                True,
            )
    if target not in agents:
        runner_up = _able_runner_up(domain, confidence, scores or {}, routes, agents)
        if runner_up is not None:
            second, probability = runner_up
            return RouteDecision(
                routes[second],
                second,
                f"unsure between {domain} ({confidence:.2f}, no {target} agent yet) and {second} ({probability:.2f})",
            )
        return RouteDecision("support", domain, f"no {target} agent yet; answered honestly", available=False)
    return RouteDecision(target, domain, f"classified as {domain} ({confidence:.2f})")
