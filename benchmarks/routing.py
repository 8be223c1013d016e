"""Routing benchmark: accuracy, F1, confusions, training time and latency of the intent classifier.

Trains on 80% of the packaged utterances (``split_holdout``), evaluates on the held-back 20%,
times ``classify`` (splitting and complexity included) and the multi-intent split.
Run: ``python benchmarks/routing.py``. Prints plain ``name: value`` lines.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Sequence

from shopcrew.orchestrator.classifier import DOMAINS, IntentClassifier, load_utterances, split_holdout

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


def time_calls(classifier: IntentClassifier, texts: Sequence[str], rounds: int) -> list[float]:
    """Return sorted per-call latencies of ``classify`` in milliseconds."""
    for text in texts:  # warm up
        classifier.classify(text)
    latencies: list[float] = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter_ns()
            classifier.classify(text)
            latencies.append((time.perf_counter_ns() - start) / 1e6)
    return sorted(latencies)


def main() -> int:
    """Run the benchmark and print its figures."""
    examples = load_utterances()
    train, test = split_holdout(examples)
    start = time.perf_counter()
    IntentClassifier.train(train)  # the first fit also imports scikit-learn
    cold_seconds = time.perf_counter() - start
    start = time.perf_counter()
    classifier = IntentClassifier.train(train)
    train_seconds = time.perf_counter() - start
    print(f"examples: {len(examples)} (train {len(train)}, held back {len(test)})")
    print(f"train_seconds_first_including_sklearn_import: {cold_seconds:.2f}")
    print(f"train_seconds: {train_seconds:.2f}")

    results = [(domain, classifier.classify(text)) for text, domain in test]
    pairs = [(domain, result.domain) for domain, result in results]
    whole = [(domain, max(s := classifier.scores(text), key=s.__getitem__)) for text, domain in test]
    f1 = f1_scores(pairs)
    print(f"accuracy: {sum(e == p for e, p in pairs) / len(pairs):.4f}")
    print(f"accuracy_whole_message: {sum(e == p for e, p in whole) / len(whole):.4f}")
    print(f"macro_f1: {statistics.fmean(f1.values()):.4f}")
    for domain in DOMAINS:
        print(f"f1 {domain}: {f1[domain]:.3f}")
    confusions = Counter((e, p) for e, p in pairs if e != p)
    for (expected, predicted), count in confusions.most_common(8):
        print(f"confusion {expected} -> {predicted}: {count}")
    false_splits = sum(1 for _, result in results if len(result.parts) > 1)
    print(f"single_request_messages_split: {false_splits} of {len(results)}")

    synthetic = []
    for index, ((left, left_domain), (right, right_domain)) in enumerate(
        zip(test, test[7:] + test[:7], strict=True)
    ):
        if left_domain != right_domain and "smalltalk" not in (left_domain, right_domain):
            connector = CONNECTORS[index % len(CONNECTORS)]
            synthetic.append((left.rstrip(" .?!") + connector + right, (left_domain, right_domain)))
    recovered = sum(
        tuple(p.domain for p in classifier.classify(text).parts) == expected for text, expected in synthetic
    )
    print(
        f"synthetic_two_request_recovered: {recovered} of {len(synthetic)} ({recovered / len(synthetic):.3f})"
    )

    latencies = time_calls(classifier, [text for text, _ in test], LATENCY_ROUNDS)
    print(f"classify_calls_timed: {len(latencies)}")
    print(f"classify_ms_p50: {percentile(latencies, 0.50):.3f}")
    print(f"classify_ms_p99: {percentile(latencies, 0.99):.3f}")
    print(f"classify_ms_mean: {statistics.fmean(latencies):.3f}")

    texts = [text for text, _ in TWO_REQUEST_MESSAGES]
    split_latencies = time_calls(classifier, texts, 200)
    correct = 0
    for text, expected in TWO_REQUEST_MESSAGES:
        parts = classifier.classify(text).parts
        correct += tuple(p.domain for p in parts) == expected
        print(f"split {' | '.join(f'{p.domain}: {p.text}' for p in parts)}")
    print(f"two_request_examples_split_right: {correct} of {len(TWO_REQUEST_MESSAGES)}")
    print(f"two_request_ms_p50: {percentile(split_latencies, 0.50):.3f}")
    print(f"two_request_ms_p99: {percentile(split_latencies, 0.99):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
