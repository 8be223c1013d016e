"""A compact TF-IDF + multinomial logistic regression text model.

scikit-learn fits the weights; inference never calls it. The learned model is a
vocabulary (feature string -> row), an idf vector and a (features x classes)
weight matrix, so scoring a message is a dict lookup per feature and one small
numpy product. The arrays round-trip through ``.npz`` (no pickle).

Words the training messages use at least twice are *familiar*: an unfamiliar
word one edit away from a familiar one is read as that word (``spelling.py``),
in training and in scoring alike, so "cancle" and "exhcange" score like the
words they misspell.
"""

from __future__ import annotations

import pathlib
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from shopcrew.orchestrator.features import char_ngrams, extract_features, feature_tokens, word_level_features
from shopcrew.orchestrator.lexicon import COMMON_WORDS, CORRECTION_TARGETS, LEXICON_WORDS
from shopcrew.orchestrator.spelling import SpellingCorrector

FORMAT_VERSION = 2
# At most this many words' character rows are kept per model (a few MB).
CHAR_ROWS_KEPT = 50_000

FloatArray = npt.NDArray[np.float32]

IntArray = npt.NDArray[np.int64]

# Per feature block (character n-grams, words, lexicon concepts, strong concepts): the weight of the L2-normalised block in the row, and how many training messages a feature needs.
BLOCK_SCALES: FloatArray = np.array([1.0, 1.5, 0.5, 1.5], dtype=np.float32)
BLOCK_MIN_DF = (2, 1, 1, 1)

# A word is familiar when at least this many training messages use it.
FAMILIAR_MIN_DF = 2

# Inverse regularisation strength and solver budget, chosen by cross-validation on the training set.
# Newton-CG reaches the same accuracy as L-BFGS in a few iterations, at about half the training time.
_C = 20.0
_SOLVER = "newton-cg"
_MAX_ITER = 50
_TOL = 1e-4


@dataclass(frozen=True)
class LinearTextModel:
    """Fitted weights of the intent model, ready for fast scoring."""

    classes: tuple[str, ...]
    vocabularies: tuple[dict[str, int], ...]  # per feature block: feature -> row of ``weights``
    block_ends: IntArray  # rows [block_ends[i-1], block_ends[i]) hold feature block i
    idf: FloatArray
    weights: FloatArray  # shape (features, classes)
    bias: FloatArray  # shape (classes,)
    word_counts: Mapping[str, int]  # familiar words -> how many training messages use them
    _speller: SpellingCorrector = field(init=False, repr=False, compare=False)
    # Each word's character-block rows, kept: the splitter reads a message's overlapping pieces one
    # after another, so most words are seen again within a call (and common ones across calls).
    _char_rows: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_speller", _speller(self.word_counts))
        object.__setattr__(self, "_char_rows", {})

    @property
    def feature_count(self) -> int:
        """Number of features (rows of ``weights``) over all blocks."""
        return int(self.block_ends[-1])

    def vectorize(self, text: str) -> tuple[IntArray, FloatArray]:
        """Return the sparse TF-IDF row of raw ``text``: (feature rows, values), each block L2-normalised."""
        tokens = feature_tokens(text, self._speller.correct)
        rows: list[int] = []
        for token in tokens:
            rows.extend(self._token_char_rows(token))
        blocks = word_level_features(tokens)
        for vocabulary, features in zip(self.vocabularies[1:], blocks, strict=True):
            rows.extend(vocabulary[f] for f in features if f in vocabulary)
        return self.weigh(rows)

    def weigh(self, rows: list[int]) -> tuple[IntArray, FloatArray]:
        """The TF-IDF row of a message's feature rows, repeats counted: (rows, values), blocks L2-normalised."""
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        counts = Counter(rows)
        index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        values = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        values = np.log(values)
        values += 1.0  # sublinear tf
        values *= self.idf[index]
        block = np.searchsorted(self.block_ends, index, side="right")
        norms = np.sqrt(np.bincount(block, weights=values * values, minlength=len(self.block_ends)))
        values /= norms[block].astype(np.float32)
        values *= BLOCK_SCALES[block]
        return index, values

    def _token_char_rows(self, token: str) -> tuple[int, ...]:
        found = self._char_rows.get(token)
        if found is None:
            vocabulary = self.vocabularies[0]
            found = tuple(vocabulary[g] for g in char_ngrams(token) if g in vocabulary)
            if len(self._char_rows) < CHAR_ROWS_KEPT:
                self._char_rows[token] = found  # a plain dict store: safe to race under the GIL
        return found

    def probabilities(self, text: str) -> FloatArray:
        """Return the class probabilities of raw ``text``, in ``classes`` order."""
        index, values = self.vectorize(text)
        logits = self.bias + values @ self.weights[index]
        logits -= logits.max()
        exp = np.exp(logits)
        probabilities: FloatArray = exp / exp.sum()
        return probabilities

    def save(self, path: pathlib.Path, *, data_hash: str) -> None:
        """Write the model to ``path`` as an uncompressed ``.npz`` tagged with ``data_hash``."""
        features = [f for block in self.vocabularies for f in sorted(block, key=block.__getitem__)]
        words = sorted(self.word_counts)
        with path.open("wb") as handle:
            np.savez(
                handle,
                format_version=np.array(FORMAT_VERSION),
                data_hash=np.array(data_hash),
                classes=np.array(self.classes),
                features=np.array(features),
                block_ends=self.block_ends,
                idf=self.idf,
                weights=self.weights,
                bias=self.bias,
                familiar_words=np.array(words, dtype=str),
                familiar_counts=np.array([self.word_counts[w] for w in words], dtype=np.int64),
            )

    @classmethod
    def load(cls, path: pathlib.Path, *, data_hash: str) -> LinearTextModel:
        """Read a model saved by :meth:`save`; raise ``ValueError`` if it is stale or malformed."""
        with np.load(path, allow_pickle=False) as data:
            if int(data["format_version"]) != FORMAT_VERSION or str(data["data_hash"]) != data_hash:
                raise ValueError(f"{path} was built from other data or by another version")
            classes = tuple(str(c) for c in data["classes"])
            features = [str(f) for f in data["features"]]
            block_ends = data["block_ends"].astype(np.int64)
            idf = data["idf"].astype(np.float32)
            weights = data["weights"].astype(np.float32)
            bias = data["bias"].astype(np.float32)
            words = [str(w) for w in data["familiar_words"]]
            word_counts = data["familiar_counts"].astype(np.int64)
        shapes_agree = (
            weights.shape == (len(features), len(classes))
            and idf.shape == (len(features),)
            and bias.shape == (len(classes),)
            and block_ends.shape == (len(BLOCK_SCALES),)
            and bool(np.all(np.diff(block_ends) >= 0))
            and int(block_ends[-1]) == len(features)
            and word_counts.shape == (len(words),)
        )
        if not shapes_agree:
            raise ValueError(f"{path} holds arrays of inconsistent shapes")
        if not (np.isfinite(weights).all() and np.isfinite(idf).all() and np.isfinite(bias).all()):
            raise ValueError(f"{path} holds non-finite weights")
        starts = [0, *(int(end) for end in block_ends[:-1])]
        vocabularies = tuple(
            {features[row]: row for row in range(start, int(end))}
            for start, end in zip(starts, block_ends, strict=True)
        )
        counts = dict(zip(words, (int(c) for c in word_counts), strict=True))
        return cls(classes, vocabularies, block_ends, idf, weights, bias, counts)


def fit_linear_model(examples: Sequence[tuple[str, str]], classes: Sequence[str]) -> LinearTextModel:
    """Fit the model on ``(text, label)`` pairs; every label must be one of ``classes``."""
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped]  # scikit-learn's dependency
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    labels = {label for _, label in examples}
    if len(labels) < 2:
        raise ValueError("the intent model needs examples of at least two domains")
    unknown = labels - set(classes)
    if unknown:
        raise ValueError(f"unknown labels in training data: {sorted(unknown)}")

    model = _vocabulary_model([text for text, _ in examples], classes)
    indptr, indices, data = [0], [], []
    for text, _ in examples:
        index, values = model.vectorize(text)
        indices.append(index)
        data.append(values)
        indptr.append(indptr[-1] + len(index))
    matrix = csr_matrix(
        (np.concatenate(data), np.concatenate(indices), np.array(indptr)),
        shape=(len(examples), model.feature_count),
    )
    class_index = {label: i for i, label in enumerate(classes)}
    targets = np.array([class_index[label] for _, label in examples])

    regression = LogisticRegression(
        C=_C, solver=_SOLVER, max_iter=_MAX_ITER, tol=_TOL, class_weight="balanced"
    )
    with warnings.catch_warnings():
        # Stopping early at a loose tolerance is deliberate: the ranking has settled long before.
        warnings.simplefilter("ignore", category=ConvergenceWarning)
        regression.fit(matrix, targets)
    # Labels absent from the training data keep zero weights and a very negative bias.
    weights = np.zeros((model.feature_count, len(classes)), dtype=np.float32)
    bias = np.full(len(classes), -30.0, dtype=np.float32)
    fitted = [int(c) for c in regression.classes_]
    if len(fitted) == 2:  # scikit-learn fits one logit for two classes: softmax([0, z]) == sigmoid(z)
        bias[fitted[0]] = 0.0
        weights[:, fitted[1]] = regression.coef_[0]
        bias[fitted[1]] = regression.intercept_[0]
    else:
        for column, class_id in enumerate(fitted):
            weights[:, class_id] = regression.coef_[column]
            bias[class_id] = regression.intercept_[column]
    return LinearTextModel(
        model.classes, model.vocabularies, model.block_ends, model.idf, weights, bias, model.word_counts
    )


def _speller(word_counts: Mapping[str, int]) -> SpellingCorrector:
    """Spelling correction towards the familiar training words and the shop's lexicon."""
    return SpellingCorrector(
        word_counts,
        targets=CORRECTION_TARGETS,
        known=LEXICON_WORDS | COMMON_WORDS,
        excluded=LEXICON_WORDS - CORRECTION_TARGETS,
    )


def _familiar_words(texts: Iterable[str]) -> dict[str, int]:
    """Words used by at least ``FAMILIAR_MIN_DF`` of ``texts``, with how many use them."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({f[2:] for f in extract_features(text)[1] if f.startswith("w ") and f[2:].isalpha()})
    return {word: count for word, count in counts.items() if count >= FAMILIAR_MIN_DF}


def _vocabulary_model(texts: Sequence[str], classes: Sequence[str]) -> LinearTextModel:
    """Return an unfitted model holding the familiar words, vocabulary and idf of ``texts``."""
    word_counts = _familiar_words(texts)
    speller = _speller(word_counts)
    frequencies: list[Counter[str]] = [Counter() for _ in BLOCK_SCALES]
    for text in texts:
        for counter, block in zip(frequencies, extract_features(text, speller.correct), strict=True):
            counter.update(set(block))
    vocabularies: list[dict[str, int]] = []
    document_frequency: list[int] = []
    block_ends: list[int] = []
    for counter, min_df in zip(frequencies, BLOCK_MIN_DF, strict=True):
        kept = sorted(f for f, df in counter.items() if df >= min_df)
        vocabularies.append({f: len(document_frequency) + i for i, f in enumerate(kept)})
        document_frequency.extend(counter[f] for f in kept)
        block_ends.append(len(document_frequency))
    n_docs = len(texts)
    idf = np.log((1.0 + n_docs) / (1.0 + np.array(document_frequency, dtype=np.float64))) + 1.0
    return LinearTextModel(
        classes=tuple(classes),
        vocabularies=tuple(vocabularies),
        block_ends=np.array(block_ends, dtype=np.int64),
        idf=idf.astype(np.float32),
        weights=np.zeros((len(document_frequency), len(classes)), dtype=np.float32),
        bias=np.zeros(len(classes), dtype=np.float32),
        word_counts=word_counts,
    )
