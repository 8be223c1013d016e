"""Staff desk latency: take over, reply, note, hand back (p50/p95 ms), the queue read, and a take-over race.

Runs on an empty SQLite store (and PostgreSQL when a server answers at SHOPCREW_TEST_POSTGRES_URL,
default postgresql://postgres@127.0.0.1:5432/test). `--conversations` handed-off conversations
of ten messages each are made first; each operation is then timed once per conversation, the
queue read is timed with all of them in it, and `--races` pairs of threads take the same
conversation over at once (exactly one must win each race).

    python benchmarks/staff_desk.py [--conversations 200] [--races 50] [--no-postgres]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from shopcrew.domain.messages import InputError
from shopcrew.handoff.staff import StaffDesk
from shopcrew.handoff.staff_accounts import StaffMember, create_staff
from shopcrew.handoff.staff_views import handoff_queue
from shopcrew.orchestrator.memory import append_message, create_conversation, save_turn
from shopcrew.store.base import utcnow
from shopcrew.store.database import create_store_engine, migrate, session_factory

PG_ADMIN = os.environ.get("SHOPCREW_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _staff(sessions: sessionmaker[Session], name: str) -> StaffMember:
    with sessions() as session:
        row = create_staff(session, name, password=None)
        session.commit()
        return StaffMember(row.id, row.name, row.role)


def _handed_off(sessions: sessionmaker[Session], count: int) -> list[str]:
    ids = []
    with sessions() as session:
        for _ in range(count):
            stored = create_conversation(session, "web")
            for i in range(10):
                append_message(session, stored.id, "shopper" if i % 2 == 0 else "assistant", f"message {i}")
            stored.state.change_owner("human", "shopper asked for a person", utcnow())
            save_turn(
                session, stored, {"owner_before": "support", "owner_after": "human"}, latency_ms=1, cost_usd=0
            )
            ids.append(stored.id)
        session.commit()
    return ids


def _timed(ids: list[str], action: Callable[[str], object]) -> list[float]:
    timings = []
    for conversation_id in ids:
        started = time.perf_counter()
        action(conversation_id)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _summary(name: str, timings: list[float]) -> str:
    p95 = statistics.quantiles(timings, n=20)[18] if len(timings) >= 20 else max(timings)
    return f"  {name:<12} p50 {statistics.median(timings):6.2f} ms   p95 {p95:6.2f} ms   (n={len(timings)})"


def _one_race(desk: StaffDesk, conversation_id: str, racers: list[StaffMember]) -> int:
    """Both racers take the conversation over at the same moment; how many of them won."""
    barrier, wins = threading.Barrier(len(racers)), []

    def take(member: StaffMember) -> None:
        barrier.wait()
        try:
            desk.take_over(conversation_id, member)
            wins.append(member.name)
        except InputError as error:
            assert error.code == "already_owned", error.code

    threads = [threading.Thread(target=take, args=(m,)) for m in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(wins)


def _race(sessions: sessionmaker[Session], desk: StaffDesk, races: int) -> tuple[int, int]:
    """(races with exactly one winner, races in all)."""
    ids = _handed_off(sessions, races)
    racers = [_staff(sessions, f"Racer {uuid.uuid4().hex[:6]}") for _ in range(2)]
    clean = 0
    for conversation_id in ids:
        wins = _one_race(desk, conversation_id, racers)
        clean += wins == 1
    return clean, races


def run(label: str, url: str, conversations: int, races: int) -> None:
    engine = create_store_engine(url)
    migrate(engine)
    sessions = session_factory(engine)
    desk = StaffDesk(sessions, assistant_name="Sam")
    alice = _staff(sessions, f"Alice {uuid.uuid4().hex[:6]}")
    ids = _handed_off(sessions, conversations)
    print(f"{label}: {conversations} handed-off conversations")
    print(_summary("take over", _timed(ids, lambda c: desk.take_over(c, alice))))
    print(_summary("reply", _timed(ids, lambda c: desk.reply(c, alice, "Hi, Alice here. Let me check."))))
    print(_summary("note", _timed(ids, lambda c: desk.note(c, alice, "Customer is a regular"))))
    queue_timings = []
    for _ in range(20):
        started = time.perf_counter()
        with sessions() as session:
            items = handoff_queue(session, now=utcnow())
        queue_timings.append((time.perf_counter() - started) * 1000)
    print(_summary(f"queue ({len(items)})", queue_timings))
    print(_summary("hand back", _timed(ids, lambda c: desk.hand_back(c, alice))))
    clean, total = _race(sessions, desk, races)
    print(f"  take-over races with exactly one winner: {clean}/{total}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--races", type=int, default=50)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="shopcrew-staff-bench-") as directory:
        run("SQLite", f"sqlite:///{Path(directory) / 'staff.db'}", args.conversations, args.races)
    if args.no_postgres:
        return
    try:
        import psycopg

        name = f"shopcrew_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=2) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:
        print(f"PostgreSQL: skipped ({error})")
        return
    try:
        run("PostgreSQL", f"{PG_ADMIN.rpartition('/')[0]}/{name}", args.conversations, args.races)
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
