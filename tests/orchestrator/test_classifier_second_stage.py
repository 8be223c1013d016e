"""The classifier's second stage: fallback without MiniLM, the confidence gate, caching, real accuracy."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from shopcrew.catalog.semantic import EmbeddingCache, semantic_install_hint
from shopcrew.orchestrator import classifier as classifier_module
from shopcrew.orchestrator.classifier import DOMAINS, IntentClassifier, load_utterances, split_holdout
from shopcrew.orchestrator.second_stage import GATE, SecondStage, masked_for_encoder
from shopcrew.orchestrator.sentence_encoder import load_sentence_encoder, sentence_encoder_available

FloatArray = np.ndarray


class HashingEncoder:
    """A fast stand-in for MiniLM: hashed bag of words, counting the texts it encodes."""

    def __init__(self, name: str = "hashing-test") -> None:
        self._name = name
        self.encoded: list[str] = []

    @property
    def model_id(self) -> str:
        return self._name

    @property
    def dimension(self) -> int:
        return 64

    def encode(self, texts: Sequence[str]) -> FloatArray:
        self.encoded.extend(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, int(hashlib.sha1(word.encode()).hexdigest(), 16) % self.dimension] += 1.0
        norms = np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)
        return (out / norms).astype(np.float32)

    def reads(self, text: str) -> bool:
        return any(word.isalpha() for word in text.split())


@pytest.fixture
def small_set(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every 4th packaged message, so each load here trains in well under a second."""
    examples = load_utterances()[::4]
    monkeypatch.setattr(classifier_module, "load_utterances", lambda: examples)
    return examples


def use_encoder(monkeypatch: pytest.MonkeyPatch, encoder: HashingEncoder | None) -> None:
    monkeypatch.setattr(classifier_module, "load_sentence_encoder", lambda: encoder)


def test_without_the_encoder_the_first_stage_runs_alone_and_says_so(
    monkeypatch: pytest.MonkeyPatch, small_set: list, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    use_encoder(monkeypatch, None)
    with caplog.at_level(logging.INFO, logger="shopcrew.orchestrator.classifier"):
        classifier = IntentClassifier.load(
            cache_dir=tmp_path, second_stage=True, shared_cache_dir=tmp_path / "shared"
        )
    assert not classifier.has_second_stage
    assert semantic_install_hint() in caplog.text, "the log tells the operator how to enable it"
    assert classifier.classify("where is my order 1042").domain == "order_status"
    assert not list(tmp_path.glob("intent-second-*.npz"))


def test_second_stage_can_be_turned_off(
    monkeypatch: pytest.MonkeyPatch, small_set: list, tmp_path: Path
) -> None:
    encoder = HashingEncoder()
    use_encoder(monkeypatch, encoder)
    classifier = IntentClassifier.load(cache_dir=tmp_path, second_stage=False)
    assert not classifier.has_second_stage and not encoder.encoded


def test_only_unsure_messages_reach_the_second_stage(small_set: list[tuple[str, str]]) -> None:
    encoder = HashingEncoder()
    classifier = IntentClassifier.train(small_set, encoder=encoder)
    first = classifier.first_stage()
    assert classifier.has_second_stage and not first.has_second_stage
    sure = "where is my order 1042??"
    assert max(first.scores(sure).values()) >= GATE
    encoder.encoded.clear()
    assert classifier.scores(sure) == first.scores(sure), "a confident message keeps first-stage scores"
    assert not encoder.encoded, "and never pays for the encoder"
    candidates = [
        "the blue one for my sister, is that ok",
        "can it go in the wash",
        "what about the other one",
    ]
    unsure = next(text for text in candidates if max(first.scores(text).values()) < GATE)
    blended = classifier.scores(unsure)
    assert encoder.encoded == [unsure]
    assert blended != first.scores(unsure)
    assert sum(blended.values()) == pytest.approx(1.0, abs=1e-5)


def test_a_message_that_contrasts_or_corrects_itself_reaches_the_second_stage(
    small_set: list[tuple[str, str]],
) -> None:
    encoder = HashingEncoder()
    classifier = IntentClassifier.train(small_set, encoder=encoder)
    first = classifier.first_stage()
    contrasts = [
        "I want to exchange, not return, the boots",
        "refund please - no wait, swap them for a 10",
        "cancel my order... sorry, I mean pause my subscription",
        "I'd rather keep the boots and send the jacket back",
    ]
    sure = [text for text in contrasts if max(first.scores(text).values()) >= GATE]
    assert sure, "the first stage is sure of some of them: the cue, not the gate, sends them on"
    for text in contrasts:
        encoder.encoded.clear()
        assert classifier.consults_second_stage(text), text
        assert classifier.scores(text) != first.scores(text), text
        assert encoder.encoded == [text]
    # Words that only contain a cue ("nothing", "another", "notebook") are not one.
    plain = ["where is my order 1042??", "nothing arrived yet for order 1042", "another order please"]
    sure = [text for text in plain if max(first.scores(text).values()) >= GATE]
    assert sure
    assert not any(classifier.consults_second_stage(text) for text in sure)


def test_the_encoder_reads_identifiers_masked(small_set: list[tuple[str, str]]) -> None:
    encoder = HashingEncoder()
    train = [
        *small_set,
        ("I ordered under sam.k@gmail.com, call me on (415) 555-0134 about #1042", "order_status"),
    ]
    classifier = IntentClassifier.train(train, encoder=encoder)
    assert "I ordered under <email>, call me on <phone> about <order>" in encoder.encoded
    assert not any("@" in text or "1042" in text for text in encoder.encoded), "training texts are masked"
    second = classifier._second
    assert second is not None
    encoder.encoded.clear()
    second.probabilities("is order 20451 from jane.doe@example.com on its way")
    assert encoder.encoded == ["is order <order> from <email> on its way"]


def test_a_message_of_identifiers_alone_keeps_first_stage_scores(small_set: list[tuple[str, str]]) -> None:
    encoder = HashingEncoder()
    classifier = IntentClassifier.train(small_set, encoder=encoder)
    first = classifier.first_stage()
    answers = ["someone@example.com", "jane@x.com 1042", "#2035", "(415) 555-0134"]
    assert any(max(first.scores(answer).values()) < GATE for answer in answers), "unsure ones are tested"
    for answer in answers:
        encoder.encoded.clear()
        assert classifier.scores(answer) == first.scores(answer), answer
        assert not encoder.encoded, f"{answer!r} has no words for the encoder to read"


def test_masking_keeps_sizes_prices_and_words() -> None:
    text = "size 11 wide under $120, email bo@x.io, order 1042 or call +1 415-555-0134"
    assert masked_for_encoder(text) == "size 11 wide under $120, email <email>, order <order> or call <phone>"


def test_second_stage_head_is_cached_and_invalidated(
    monkeypatch: pytest.MonkeyPatch, small_set: list[tuple[str, str]], tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    encoder = HashingEncoder()
    use_encoder(monkeypatch, encoder)
    built = IntentClassifier.load(cache_dir=tmp_path, second_stage=True, shared_cache_dir=shared)
    (head,) = tmp_path.glob("intent-second-*.npz")
    assert len(encoder.encoded) == len(small_set), "training features embedded once"

    encoder.encoded.clear()
    again = IntentClassifier.load(cache_dir=tmp_path, second_stage=True, shared_cache_dir=shared)
    assert not encoder.encoded, "the cached head is reused without embedding anything"
    for text in ["refund??", "what about the other one", "do you sell socks"]:
        assert again.classify(text) == built.classify(text)

    # Another encoder: a new head, whose features are not confused with the first encoder's.
    other = HashingEncoder("hashing-test-2")
    use_encoder(monkeypatch, other)
    IntentClassifier.load(cache_dir=tmp_path, second_stage=True, shared_cache_dir=shared)
    assert len(other.encoded) == len(small_set)
    assert len(list(tmp_path.glob("intent-second-*.npz"))) == 2

    # New data: a new head; only the new message's features are computed.
    use_encoder(monkeypatch, encoder)
    encoder.encoded.clear()
    added = [*small_set, ("do you sell wool socks for hiking", "product")]
    monkeypatch.setattr(classifier_module, "load_utterances", lambda: added)
    IntentClassifier.load(cache_dir=tmp_path, second_stage=True, shared_cache_dir=shared)
    assert encoder.encoded == ["do you sell wool socks for hiking"]
    assert len(list(tmp_path.glob("intent-second-*.npz"))) == 3

    # A damaged head file is refitted, never an error.
    head.write_bytes(b"garbage")
    monkeypatch.setattr(classifier_module, "load_utterances", lambda: small_set)
    repaired = IntentClassifier.load(cache_dir=tmp_path, second_stage=True, shared_cache_dir=shared)
    assert repaired.has_second_stage and head.read_bytes()[:2] == b"PK"


def test_a_head_of_another_encoder_is_refused(small_set: list[tuple[str, str]], tmp_path: Path) -> None:
    stage = IntentClassifier.train(small_set, encoder=HashingEncoder())._second
    assert stage is not None
    path = tmp_path / "head.npz"
    stage.save(path, data_hash="abc")
    assert SecondStage.load(path, HashingEncoder(), data_hash="abc").weights.shape == (64, len(DOMAINS))
    with pytest.raises(ValueError, match="other data, encoder"):
        SecondStage.load(path, HashingEncoder("another"), data_hash="abc")
    with pytest.raises(ValueError, match="other data, encoder"):
        SecondStage.load(path, HashingEncoder(), data_hash="def")


minilm = pytest.mark.skipif(
    not sentence_encoder_available(), reason=f"MiniLM not installed ({semantic_install_hint()})"
)


@minilm
def test_minilm_second_stage_lifts_held_back_accuracy(tmp_path_factory: pytest.TempPathFactory) -> None:
    encoder = load_sentence_encoder()
    assert encoder is not None
    train, test = split_holdout(load_utterances())
    cache = EmbeddingCache(tmp_path_factory.mktemp("features"), _machine_cache())
    full = IntentClassifier.train(train, encoder=encoder, feature_cache=cache)
    first = full.first_stage()
    full_correct = sum(full.classify(text).domain == domain for text, domain in test)
    first_correct = sum(first.classify(text).domain == domain for text, domain in test)
    # Measured 0.926 against 0.919 on the 11,941-message set's held-back 20% (0.911 against 0.894 on
    # the 6,781-message set's; docs/classifier.md); this guards against regressions.
    assert full_correct / len(test) >= 0.91
    assert full_correct > first_correct
    result = full.classify("where is order 1042, and do you have the trail runner in 11 wide?")
    assert [part.domain for part in result.parts] == ["order_status", "product"]
    # Identity answers are not read as account or "a person" ("someone@..."): MiniLM never sees them.
    for answer in ["nobody@example.com", "someone@example.com", "third.try@example.com"]:
        assert full.classify(answer).domain not in ("account", "human"), answer
    # Nor is gibberish, which MiniLM can only read as word-piece fragments.
    assert not encoder.reads("blorp zzk frobnicate") and encoder.reads("blorp, where is my parcel")
    assert full.scores("qwxv plimf") == first.scores("qwxv plimf")


def _machine_cache() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("shopcrew", appauthor=False) / "embeddings"
