"""Fusing lexical and semantic relevance into one ranking.

Two methods, measured against each other in benchmarks/search_quality.py (see docs/search.md):
reciprocal-rank fusion, which only looks at positions, and normalised score fusion, which keeps how
far apart the scores are.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

FusionMethod = Literal["rrf", "normalised"]
FUSION_METHODS: tuple[FusionMethod, ...] = ("rrf", "normalised")
# The usual RRF constant (Cormack et al. 2009): large enough that rank 1 does not swamp rank 2.
RRF_K = 60.0
# Only the top of each list takes part, as in every production RRF: deep ranks are noise.
FUSION_DEPTH = 100

Scores = NDArray[np.float32]


def ranks(scores: Scores, rows: NDArray[np.int64], depth: int = FUSION_DEPTH) -> NDArray[np.float64]:
    """1-based rank of each of `rows` by score (best first); inf beyond `depth` or where the score is 0."""
    values = scores[rows]
    out = np.full(len(rows), np.inf)
    positive = np.flatnonzero(values > 0)
    if len(positive) == 0:
        return out
    if len(positive) > depth:
        top = positive[np.argpartition(-values[positive], depth - 1)[:depth]]
    else:
        top = positive
    ordered = top[np.argsort(-values[top], kind="stable")]
    out[ordered] = np.arange(1, len(ordered) + 1)
    return out


def fuse(
    lexical: Scores,
    semantic: Scores,
    rows: NDArray[np.int64],
    *,
    method: FusionMethod = "rrf",
    semantic_weight: float = 1.0,
) -> NDArray[np.float64]:
    """One relevance per row from the two signals (higher is better); 0 for rows neither ranks."""
    if method == "rrf":
        lexical_part = 1.0 / (RRF_K + ranks(lexical, rows))
        semantic_part = 1.0 / (RRF_K + ranks(semantic, rows))
        return np.asarray(lexical_part + semantic_weight * semantic_part, dtype=np.float64)
    if method == "normalised":
        lex = lexical[rows].astype(np.float64)
        sem = semantic[rows].astype(np.float64)
        if len(rows) == 0:
            return lex
        # Lexical 0 means "no word matched", so it scales from 0; cosines are min-max scaled, since
        # even unrelated texts sit around 0.1-0.2 and only the spread among candidates carries meaning.
        lex_top = lex.max()
        lex_part = lex / lex_top if lex_top > 0 else lex
        spread = sem.max() - sem.min()
        sem_part = (sem - sem.min()) / spread if spread > 0 else np.zeros_like(sem)
        return np.asarray(lex_part + semantic_weight * sem_part, dtype=np.float64)
    raise ValueError(f"unknown fusion method {method!r}; use one of {', '.join(FUSION_METHODS)}")
