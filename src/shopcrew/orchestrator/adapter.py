"""Fine-tuned (LoRA) MiniLM for the intent classifier's second stage: the packaged adapter files.

``tools/train_intent_adapter.py`` (development only, needs PyTorch) trains rank-8 low-rank updates
for every linear layer of MiniLM's six blocks and a linear head over the normalised mean of the last
layer, on the packaged utterances. Each adapter file records the digest of the examples it was
trained on; :func:`find_adapter` returns the packaged adapter trained on exactly the examples a
classifier is being built from (the app: every utterance; ``benchmarks/routing.py``: the training
80%), or None, and the classifier then fits its frozen-feature head as before. The low-rank updates
are merged into the NumPy weights once at load time, so a message costs what it cost before.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]

ADAPTER_FORMAT = 1
# Shopper messages are short; 64 word pieces keep the request of even a rambling one.
MAX_TOKENS = 64
# The adapted layers of each block: short name -> the weight's name inside ``encoder.layer.N.``.
LORA_MODULES = {
    "query": "attention.self.query",
    "key": "attention.self.key",
    "value": "attention.self.value",
    "attn_out": "attention.output.dense",
    "ff1": "intermediate.dense",
    "ff2": "output.dense",
}
_PACKAGE = "shopcrew.orchestrator"
_FOLDER = "adapters"


def examples_digest(examples: Sequence[tuple[str, str]]) -> str:
    """SHA-256 of the labelled examples, independent of their order (the adapter's training data)."""
    digest = hashlib.sha256(b"intent-adapter-data\n")
    for line in sorted(f"{domain}\t{text}" for text, domain in examples):
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def adapter_file_name(digest: str) -> str:
    """The packaged file name of the adapter trained on examples with ``digest``."""
    return f"intent-lora-{digest[:16]}.npz"


@dataclass(frozen=True)
class Adapter:
    """Low-rank weight updates per layer and module, and the classification head trained with them."""

    digest: str
    classes: tuple[str, ...]
    # (layer, module) -> (A: rank x in, B: out x rank), the update being B @ A (scale included in B).
    updates: dict[tuple[int, str], tuple[FloatArray, FloatArray]]
    head_weight: FloatArray  # classes x (384 per feature layer)
    head_bias: FloatArray  # classes
    training: dict[str, object]
    # Layers whose normalised mean states, concatenated, the head reads (1-6; 6 is the last).
    feature_layers: tuple[int, ...] = (6,)

    @property
    def identity(self) -> str:
        """Short identity for cache keys and traces."""
        return f"lora-{self.digest[:16]}"

    def delta(self, layer: int, module: str) -> FloatArray | None:
        """The full update of one weight, shaped (out, in) like the stored weight, or None if not adapted."""
        pair = self.updates.get((layer, module))
        if pair is None:
            return None
        a, b = pair
        result: FloatArray = (b @ a).astype(np.float32)
        return result


def read_adapter(path: Path) -> Adapter:
    """Read an adapter file; raise ``ValueError`` naming the file when it is not one this version reads."""
    try:
        with np.load(path, allow_pickle=False) as data:
            raw = {key: data[key] for key in data.files}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
        raise ValueError(f"{path.name}: not a readable adapter file ({exc})") from exc
    try:
        if int(raw["format"]) != ADAPTER_FORMAT:
            raise ValueError(f"{path.name}: adapter format {int(raw['format'])}, expected {ADAPTER_FORMAT}")
        updates: dict[tuple[int, str], tuple[FloatArray, FloatArray]] = {}
        for key in raw:
            layer, _, rest = key.partition(".")
            module, _, part = rest.rpartition(".")
            if layer.isdigit() and module in LORA_MODULES and part == "a":
                a = raw[key].astype(np.float32)
                b = raw[f"{layer}.{module}.b"].astype(np.float32)
                if a.ndim != 2 or b.ndim != 2 or b.shape[1] != a.shape[0]:
                    raise ValueError(f"{path.name}: {layer}.{module} has inconsistent shapes")
                updates[(int(layer), module)] = (a, b)
        adapter = Adapter(
            digest=str(raw["examples_digest"]),
            classes=tuple(str(c) for c in raw["classes"]),
            updates=updates,
            head_weight=raw["head_weight"].astype(np.float32),
            head_bias=raw["head_bias"].astype(np.float32),
            training=json.loads(str(raw["training"])),
            feature_layers=tuple(int(n) for n in raw["feature_layers"]),
        )
    except (KeyError, json.JSONDecodeError) as exc:
        raise ValueError(
            f"{path.name}: not a complete adapter file ({exc!r} is missing or unreadable)"
        ) from exc
    classes, width = len(adapter.classes), 384 * len(adapter.feature_layers)
    if not adapter.feature_layers or not all(1 <= n <= 6 for n in adapter.feature_layers):
        raise ValueError(f"{path.name}: feature layers {adapter.feature_layers} are not MiniLM's 1-6")
    if adapter.head_weight.shape != (classes, width) or adapter.head_bias.shape != (classes,):
        raise ValueError(f"{path.name}: the head's shape does not match its {classes} classes")
    arrays = [adapter.head_weight, adapter.head_bias, *(m for pair in updates.values() for m in pair)]
    if not all(np.isfinite(array).all() for array in arrays):
        raise ValueError(f"{path.name}: non-finite weights")
    return adapter


def packaged_adapters() -> list[Path]:
    """The adapter files shipped in the package."""
    folder = resources.files(_PACKAGE).joinpath(_FOLDER)
    if not folder.is_dir():
        return []
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".npz"))


def find_adapter(examples: Sequence[tuple[str, str]], classes: Sequence[str]) -> Adapter | None:
    """The packaged adapter trained on exactly ``examples`` for ``classes``, or None."""
    digest = examples_digest(examples)
    for path in packaged_adapters():
        if path.name != adapter_file_name(digest):
            continue
        adapter = read_adapter(path)
        if adapter.digest == digest and adapter.classes == tuple(classes):
            return adapter
    return None
