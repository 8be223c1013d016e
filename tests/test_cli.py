"""The `shopcrew` command as a user runs it: chat over stdin, replay, and a real `serve`."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from shopcrew import __version__
from shopcrew.domain.messages import AGENT_NAMES
from shopcrew.settings import Settings

SCRIPT = Path(sys.executable).with_name("shopcrew")
SHOPCREW = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "shopcrew.cli"]


@pytest.fixture
def data_dir(demo_data_dir: Path, tmp_path: Path) -> Path:
    """A private data dir whose cache already holds the seeded demo store and trained classifier."""
    return Path(shutil.copytree(demo_data_dir, tmp_path / "data"))


@pytest.fixture
def env(demo_settings: Settings) -> dict[str, str]:
    """The environment commands run in: no stray SHOPCREW_* settings, and the suite's demo date
    (so commands reuse the demo store the session already seeded)."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("SHOPCREW_")}
    if demo_settings.demo_today is not None:
        clean["SHOPCREW_DEMO_TODAY"] = demo_settings.demo_today.isoformat()
    return clean


def run(*args: str, env: dict[str, str] | None = None, input: str = "") -> subprocess.CompletedProcess[str]:
    """Run `shopcrew ARGS` and capture what it prints."""
    return subprocess.run(
        [*SHOPCREW, *args], input=input, capture_output=True, text=True, timeout=120, env=env
    )


def test_version() -> None:
    result = run("--version")

    assert result.returncode == 0
    assert result.stdout.strip() == f"shopcrew {__version__}"


def test_chat_answers_survives_bad_input_and_exits_at_end_of_input(
    data_dir: Path, env: dict[str, str]
) -> None:
    lines = ["Do you have running shoes?", "x" * 61, "", "What about trail shoes?"]

    result = run(
        "chat",
        "--data-dir",
        str(data_dir),
        input="\n".join(lines) + "\n",
        env={**env, "SHOPCREW_MAX_MESSAGE_CHARS": "60"},
    )

    assert result.returncode == 0, result.stderr
    answers = [line for line in result.stdout.split("you> ") if line.startswith("[")]
    assert len(answers) == 2, result.stdout
    for answer in answers:
        agents = answer[1 : answer.index("]")].split(" + ")
        assert set(agents) <= set(AGENT_NAMES)
    assert "error: " in result.stderr and "60" in result.stderr, "the limit is explained"
    assert "Traceback" not in result.stderr


def test_chat_quits_on_command(data_dir: Path, env: dict[str, str]) -> None:
    result = run("chat", "--data-dir", str(data_dir), env=env, input="/quit\nDo you have running shoes?\n")

    assert result.returncode == 0
    assert "[" not in result.stdout.split("you> ", 1)[1]


def replay_lines() -> str:
    lines: list[dict[str, Any] | str] = [
        {
            "conversation": "a",
            "customer": None,
            "channel": "web",
            "text": "Do you have a moisturiser for dry skin?",
        },
        '{"conversation": "b", "text": ',
        {"conversation": "b", "text": "I need running shoes"},
        {"conversation": "a", "text": "Is it fragrance free?", "images": None},
    ]
    return "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"


def test_replay_a_file_on_a_fresh_demo_store_each_run(
    data_dir: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    source = tmp_path / "turns.jsonl"
    source.write_text(replay_lines(), encoding="utf-8")

    first = run("replay", str(source), "--data-dir", str(data_dir), env=env)
    second = run("replay", str(source), "--data-dir", str(data_dir), env=env)

    assert first.returncode == 0, first.stderr
    results = [json.loads(line) for line in first.stdout.splitlines()]
    assert [r["conversation"] for r in results] == ["a", None, "b", "a"]
    assert results[1]["line"] == 2
    assert results[1]["error"]["code"] == "malformed_json"
    assert all("reply" in r for r in results[:1] + results[2:])

    # A fresh demo store per run makes runs reproducible: everything but the timing and the attribution
    # tokens (hashed from the conversation id, new each run; docs/product-expert.md) is identical.
    def without_timing(output: str) -> list[dict[str, Any]]:
        lines = [
            {k: v for k, v in json.loads(line).items() if k != "latency_ms"} for line in output.splitlines()
        ]
        for line in lines:
            for product in line.get("products", []):
                product.pop("token"), product.pop("cart_url")
        return lines

    assert without_timing(second.stdout) == without_timing(first.stdout)
    assert not (data_dir / "stores" / "demo.db").exists(), "the persistent demo store is left alone"


def test_replay_from_stdin_to_a_file(data_dir: Path, tmp_path: Path, env: dict[str, str]) -> None:
    output = tmp_path / "out.jsonl"

    result = run(
        "replay", "-", "--output", str(output), "--data-dir", str(data_dir), env=env, input=replay_lines()
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert len(output.read_text(encoding="utf-8").splitlines()) == 4
    assert "4 lines, 1 errors" in result.stderr


def test_replay_of_a_missing_file_fails_cleanly(tmp_path: Path, env: dict[str, str]) -> None:
    result = run("replay", str(tmp_path / "nope.jsonl"), "--data-dir", str(tmp_path), env=env)

    assert result.returncode == 2
    assert "nope.jsonl" in result.stderr
    assert "Traceback" not in result.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_serve_answers_over_http(data_dir: Path, env: dict[str, str]) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*SHOPCREW, "serve", "--port", str(port), "--data-dir", str(data_dir), "--log-level", "warning"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"server exited: {server.stdout.read() if server.stdout else ''}"
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not start within 60 s"
            time.sleep(0.1)

        response = httpx.post(f"{base}/v1/messages", json={"text": "Do you have running shoes?"}, timeout=30)

        assert response.status_code == 200
        assert response.json()["reply"]
        assert httpx.get(f"{base}/", timeout=5).status_code == 200
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def test_chat_with_a_broken_store_config_says_what_is_wrong(
    data_dir: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    config = tmp_path / "store.toml"
    config.write_text('[models.gpt-5]\ninput_price_per_mtok = "lots"\n', encoding="utf-8")
    result = run(
        "chat", "--data-dir", str(data_dir), env={**env, "SHOPCREW_CONFIG": str(config)}, input="hi\n"
    )
    assert result.returncode == 2
    assert "input_price_per_mtok" in result.stderr and "lots" in result.stderr
    assert "Traceback" not in result.stderr
