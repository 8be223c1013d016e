"""The intent classifier's second stage: MiniLM sentence features and a logistic-regression head.

The first stage (TF-IDF, ``linear.py``) answers alone when it is sure; when its confidence is below
``GATE`` the second stage's probabilities are blended in (a weighted mean of log-probabilities).
Most messages never reach it, so the median stays a fraction of a millisecond while the unsure
ones, where the sparse model makes most of its mistakes, get a contextual reading.
See docs/classifier.md for how the gate and the weight were chosen (cross-validation on the
training split only) and the measured figures.
"""

from __future__ import annotations

import pathlib
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from shopcrew.catalog.semantic import EmbeddingCache
from shopcrew.orchestrator.sentence_encoder import FeatureEncoder

FloatArray = npt.NDArray[np.float32]

FORMAT_VERSION = 2

# Below this first-stage confidence the second stage is consulted.
GATE = 0.9
# Weight of the second stage's log-probabilities in the blend (the first stage gets 1 - this).
BLEND_WEIGHT = 0.6
# The same for the fine-tuned (LoRA) second stage, chosen by 5-fold cross-validation on the
# training split (docs/classifier.md, "Fine-tuned second stage").
TUNED_BLEND_WEIGHT = 0.7
# Inverse regularisation and solver budget of the head, chosen by cross-validation on the training
# split: a loose tolerance stops after ~25 L-BFGS steps at the same blended accuracy as a tight one.
_C = 10.0
_MAX_ITER = 100
_TOL = 1e-3

# Identifiers are masked before MiniLM reads a message, as the first stage masks them
# (features.py): an address such as "someone@example.com" or "jane.account@x.com" says nothing
# about what the shopper wants, but its word pieces ("someone", "account") pull MiniLM towards
# `human` or `account`. Phones go before order numbers, whose 4+ digits they contain.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w#])(?:\+?\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b")
_ORDER = re.compile(r"#\s?\d+|\b\d{4,}\b")
_PLACEHOLDER = re.compile(r"<(?:email|phone|order)>")
# A bag of words cannot read "I want to exchange, not return, the boots" or "refund please - no
# wait, swap them for a 10": it sees both requests and can be sure of the wrong one. A message that
# contrasts or corrects itself is read by the second stage however sure the first stage is (3% of
# the utterances; on the training split's cross-validation it fixed 4 routes and broke none).
_CONTRAST = re.compile(
    r"\b(?:not|rather|instead|actually|sorry|i mean|i meant|no wait|never ?mind|nvm)\b", re.IGNORECASE
)
_LETTER = re.compile(r"[^\W\d_]")


def masked_for_encoder(text: str) -> str:
    """``text`` with emails, phone numbers and order numbers replaced by ``<email>``, ``<phone>``, ``<order>``."""
    text = _EMAIL.sub("<email>", text)
    text = _PHONE.sub("<phone>", text)
    return _ORDER.sub("<order>", text)


def has_words(masked: str) -> bool:
    """True when a masked message holds any word besides its placeholders."""
    return _LETTER.search(_PLACEHOLDER.sub(" ", masked)) is not None


@dataclass(frozen=True)
class SecondStage:
    """A fitted head over sentence features (:class:`SentenceEncoder` in use)."""

    encoder: FeatureEncoder
    weights: FloatArray  # shape (features, classes)
    bias: FloatArray  # shape (classes,)
    blend_weight: float = BLEND_WEIGHT
    # "frozen" (a head fitted on frozen MiniLM features) or the fine-tuning adapter's identity.
    kind: str = "frozen"

    def probabilities(self, text: str) -> FloatArray:
        """Class probabilities of ``text`` (identifiers masked) from the sentence features alone."""
        logits = self.bias + self.encoder.encode([masked_for_encoder(text)])[0] @ self.weights
        return _softmax(logits)

    def consults(self, first: FloatArray, text: str) -> bool:
        """True when this stage reads ``text``: the first stage is unsure, or the message contrasts
        or corrects itself ("exchange, not return"), and there are words to read.

        A message of identifiers only ("jane@example.com 1042", a slot answer) or of no word the
        encoder knows ("blorp zzk") gives it nothing to read, so the first stage's (usually unsure)
        reading stands: the second stage must not make a guess about such a message look confident.
        """
        unsure = float(first.max()) < GATE or _CONTRAST.search(text) is not None
        return unsure and self.encoder.reads(_PLACEHOLDER.sub(" ", masked_for_encoder(text)))

    def blend(self, first: FloatArray, text: str) -> FloatArray:
        """The first stage's probabilities unless :meth:`consults`, else their log-linear blend with this stage's."""
        if not self.consults(first, text):
            return first
        second = self.probabilities(text)
        weight = self.blend_weight
        logits = (1.0 - weight) * np.log(first + 1e-9) + weight * np.log(second + 1e-9)
        return _softmax(logits.astype(np.float32))

    def save(self, path: pathlib.Path, *, data_hash: str) -> None:
        """Write the head to ``path`` as ``.npz`` tagged with ``data_hash`` (the encoder is not saved)."""
        with path.open("wb") as handle:
            np.savez(
                handle,
                format_version=np.array(FORMAT_VERSION),
                data_hash=np.array(data_hash),
                encoder=np.array(self.encoder.model_id),
                weights=self.weights,
                bias=self.bias,
            )

    @classmethod
    def load(cls, path: pathlib.Path, encoder: FeatureEncoder, *, data_hash: str) -> SecondStage:
        """Read a head saved by :meth:`save`; raise ``ValueError`` if stale or malformed."""
        with np.load(path, allow_pickle=False) as data:
            fresh = (
                int(data["format_version"]) == FORMAT_VERSION
                and str(data["data_hash"]) == data_hash
                and str(data["encoder"]) == encoder.model_id
            )
            if not fresh:
                raise ValueError(f"{path} was built from other data, encoder or version")
            weights = data["weights"].astype(np.float32)
            bias = data["bias"].astype(np.float32)
        if weights.shape[0] != encoder.dimension or bias.shape != (weights.shape[1],):
            raise ValueError(f"{path} holds arrays of inconsistent shapes")
        if not (np.isfinite(weights).all() and np.isfinite(bias).all()):
            raise ValueError(f"{path} holds non-finite weights")
        return cls(encoder, weights, bias)


def fit_second_stage(
    examples: Sequence[tuple[str, str]],
    classes: Sequence[str],
    encoder: FeatureEncoder,
    feature_cache: EmbeddingCache | None = None,
) -> SecondStage:
    """Fit the head on ``(text, label)`` pairs; features come from ``feature_cache`` when it has them."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # scikit-learn dependency

    texts = [masked_for_encoder(text) for text, _ in examples]
    if feature_cache is not None:
        features, _ = feature_cache.embed(encoder, texts)
    else:
        features = encoder.encode(texts)
    class_index = {label: i for i, label in enumerate(classes)}
    targets = np.array([class_index[label] for _, label in examples])
    regression = LogisticRegression(C=_C, max_iter=_MAX_ITER, tol=_TOL, class_weight="balanced")
    # One BLAS thread: on a busy machine OpenBLAS threads spinning against each other made this
    # fit six times slower (55 s instead of 9 s in one measurement).
    with warnings.catch_warnings(), threadpool_limits(limits=1, user_api="blas"):
        warnings.simplefilter("ignore", category=ConvergenceWarning)
        regression.fit(features, targets)
    weights = np.zeros((encoder.dimension, len(classes)), dtype=np.float32)
    bias = np.full(len(classes), -30.0, dtype=np.float32)
    fitted = [int(c) for c in regression.classes_]
    if len(fitted) == 2:  # one logit for two classes: softmax([0, z]) == sigmoid(z)
        bias[fitted[0]] = 0.0
        weights[:, fitted[1]] = regression.coef_[0]
        bias[fitted[1]] = regression.intercept_[0]
    else:
        for column, class_id in enumerate(fitted):
            weights[:, class_id] = regression.coef_[column]
            bias[class_id] = regression.intercept_[column]
    return SecondStage(encoder, weights, bias)


def _softmax(logits: FloatArray) -> FloatArray:
    shifted = logits - logits.max()
    exp = np.exp(shifted)
    result: FloatArray = (exp / exp.sum()).astype(np.float32)
    return result
