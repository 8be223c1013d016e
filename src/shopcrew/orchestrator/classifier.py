"""The orchestrator's fast intent classifier: domain scores, several requests, complexity, modality.

A TF-IDF model over character n-grams, words and lexicon concepts with a
multinomial logistic regression, trained from the labeled shopper messages that
ship with the package (``utterances/*.jsonl``). scikit-learn fits it; scoring
runs on the extracted weights in numpy, well under a millisecond per message.
See docs/classifier.md for the data, the design and measured figures.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pathlib
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from shopcrew.orchestrator import features, lexicon, linear, offtopic_words, spelling
from shopcrew.orchestrator.complexity import Complexity, estimate_complexity
from shopcrew.orchestrator.linear import LinearTextModel, fit_linear_model
from shopcrew.orchestrator.splitter import split_message

__all__ = [
    "DOMAINS",
    "Classification",
    "Complexity",
    "IntentClassifier",
    "IntentPart",
    "Modality",
    "load_utterances",
    "split_holdout",
]

logger = logging.getLogger(__name__)

DOMAINS: tuple[str, ...] = (
    "product",
    "order_status",
    "order_cancel",
    "order_return",
    "order_exchange",
    "address_change",
    "subscription",
    "policy",
    "account",
    "fit",
    "skin",
    "outfit",
    "human",
    "smalltalk",
    "out_of_scope",
)

Modality = Literal["text", "image"]

# Bump when features, lexicon or training change, so cached weights from older code are not reused.
MODEL_VERSION = "intent-4"

_UTTERANCE_PACKAGE = "shopcrew.orchestrator"
_UTTERANCE_DIR = "utterances"


@dataclass(frozen=True)
class IntentPart:
    """One request inside a message: its span of text and its domain scores."""

    text: str
    domain: str
    scores: Mapping[str, float]
    confidence: float


@dataclass(frozen=True)
class Classification:
    """Everything the orchestrator needs to route a message."""

    domain: str
    scores: Mapping[str, float]
    confidence: float
    complexity: Complexity
    complexity_score: float
    modality: Modality
    parts: tuple[IntentPart, ...]


class IntentClassifier:
    """Classifies shopper messages into :data:`DOMAINS`; build it with :meth:`load` or :meth:`train`."""

    def __init__(self, model: LinearTextModel) -> None:
        if model.classes != DOMAINS:
            raise ValueError(f"the model's classes {model.classes} are not the shop's domains {DOMAINS}")
        self._model = model

    @classmethod
    def train(cls, examples: Sequence[tuple[str, str]]) -> IntentClassifier:
        """Fit a classifier on ``(text, domain)`` pairs; every domain must be one of :data:`DOMAINS`."""
        return cls(fit_linear_model(examples, DOMAINS))

    @classmethod
    def load(cls, cache_dir: pathlib.Path | None = None) -> IntentClassifier:
        """Train from the packaged utterances, or reuse weights cached in ``cache_dir`` for the same data."""
        examples = load_utterances()
        if cache_dir is None:
            return cls.train(examples)
        data_hash = _fingerprint(examples)
        path = cache_dir / f"intent-{data_hash[:16]}.npz"
        try:
            return cls(LinearTextModel.load(path, data_hash=data_hash))
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
            logger.warning("intent model cache %s is unusable (%s); retraining", path, exc)
        classifier = cls.train(examples)
        classifier._save(path, data_hash)
        return classifier

    def classify(self, text: str, *, has_images: bool = False) -> Classification:
        """Classify one message; raise ``ValueError`` when ``text`` is empty or only whitespace."""
        if not text or not text.strip():
            raise ValueError(
                "cannot classify an empty message: pass the shopper's text (validate input first)"
            )
        spans = split_message(text, self.scores)
        parts = tuple(self._part(text[span.start : span.end], text[span.decisive]) for span in spans)
        first = parts[0]
        complexity, complexity_score = estimate_complexity(text, first.domain, len(parts))
        return Classification(
            domain=first.domain,
            scores=first.scores,
            confidence=first.confidence,
            complexity=complexity,
            complexity_score=complexity_score,
            modality="image" if has_images else "text",
            parts=parts,
        )

    def scores(self, text: str) -> dict[str, float]:
        """Return every domain's probability for ``text`` taken whole, without splitting."""
        return dict(zip(DOMAINS, self._model.probabilities(text).tolist(), strict=True))

    def _part(self, text: str, decisive: str) -> IntentPart:
        scores = self.scores(decisive)
        domain = max(scores, key=scores.__getitem__)
        return IntentPart(text=text, domain=domain, scores=scores, confidence=scores[domain])

    def _save(self, path: pathlib.Path, data_hash: str) -> None:
        """Write the weights atomically; a cache that cannot be written only costs a retrain next time."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".intent-", suffix=".npz")
            os.close(handle)
            try:
                self._model.save(pathlib.Path(temporary), data_hash=data_hash)
                os.replace(temporary, path)
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
        except OSError as exc:
            logger.warning("could not cache the intent model in %s: %s", path.parent, exc)


def load_utterances() -> list[tuple[str, str]]:
    """Return the packaged labeled shopper messages as ``(text, domain)`` pairs, in file order."""
    examples: list[tuple[str, str]] = []
    folder = resources.files(_UTTERANCE_PACKAGE).joinpath(_UTTERANCE_DIR)
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".jsonl"):
            continue
        for number, line in enumerate(entry.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            text, domain = record.get("text"), record.get("domain")
            if not isinstance(text, str) or not text.strip() or domain not in DOMAINS:
                raise ValueError(f"{entry.name}:{number}: expected a non-empty text and a known domain")
            examples.append((text, domain))
    return examples


def split_holdout(
    examples: Sequence[tuple[str, str]], fraction: float = 0.2
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Split into (train, test), holding back ``fraction`` of every domain chosen by a hash of the text."""
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"fraction must be between 0 and 1, not {fraction}")
    by_domain: dict[str, list[int]] = {}
    for position, (_, domain) in enumerate(examples):
        by_domain.setdefault(domain, []).append(position)
    held_back: set[int] = set()
    for positions in by_domain.values():
        ranked = sorted(positions, key=lambda p: hashlib.sha256(examples[p][0].encode("utf-8")).hexdigest())
        held_back.update(ranked[: round(len(positions) * fraction)])
    train = [example for position, example in enumerate(examples) if position not in held_back]
    test = [example for position, example in enumerate(examples) if position in held_back]
    return train, test


def _fingerprint(examples: Sequence[tuple[str, str]]) -> str:
    """Hash of the training data and of everything that shapes the model, keying the weight cache."""
    digest = hashlib.sha256(MODEL_VERSION.encode())
    for module in (features, lexicon, offtopic_words, spelling, linear):
        try:  # the code that turns text into features is part of what the weights mean
            digest.update(pathlib.Path(module.__file__ or "").read_bytes())
        except OSError:
            digest.update(module.__name__.encode())
    for text, domain in examples:
        digest.update(f"{domain}\t{text}\n".encode())
    return digest.hexdigest()
