"""Replaying τ²-bench retail's gold write actions through shopcrew's order system.

For each task of tasks_train.json, on a fresh copy of the imported store: the task's user is
authenticated as τ² does it (email, or name + zip) and becomes the actor; each gold write action is
mapped to an `ActionRequest`, planned and executed as a confirmed action (idempotency key from the
conversation and the plan digest). Three checks, counted:

(a) every gold action the documented τ² semantics accept is accepted (and the ones they refuse are refused);
(b) the store, exported, equals the document the reference semantics produce (the user, their orders, products);
(c) policy-violating variants derived from each gold action are refused.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shopcrew.commerce.actions import (
    ActionOutcome,
    ActionPlan,
    ActionRequest,
    Actor,
    CancelOrder,
    ExchangeItems,
    LineQuantity,
    Refusal,
    ReturnItems,
    SwapPendingItems,
)
from shopcrew.commerce.sql_orders import SqlOrderSystem
from shopcrew.commerce.tau2.exporter import export_tau2_retail
from shopcrew.commerce.tau2.format import load_db
from shopcrew.commerce.tau2.importer import import_tau2_retail
from shopcrew.commerce.tau2.mapping import tool_call_request
from shopcrew.commerce.tau2.policy import tau2_order_policy
from shopcrew.commerce.tau2.semantics import WRITE_TOOLS, Tau2Refused, apply_tool
from shopcrew.store.database import create_store_engine, migrate, session_factory

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@dataclass
class ReplayReport:
    """The counts the benchmark prints and the test asserts."""

    tasks: int = 0
    tasks_without_writes: int = 0  # only reads or a transfer to a person: nothing to replay
    gold_actions: int = 0
    gold_accepted: int = 0
    gold_refused_by_tau2: int = 0  # refused by τ²'s own documented rules (shopcrew must refuse them too)
    gold_noop: int = 0  # τ² "accepts" a change to what already is; shopcrew says it already is
    gold_agree: int = 0  # shopcrew accepted exactly when τ²'s semantics accept
    state_matches: int = 0
    violations: int = 0
    violations_refused: int = 0
    refusal_codes: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    refused_by_kind: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The figures, one per line."""
        return [
            f"tasks: {self.tasks} ({self.tasks_without_writes} without a write action)",
            f"gold actions accepted: {self.gold_accepted}/{self.gold_actions} "
            f"({self.gold_refused_by_tau2} refused by τ²'s own rules, {self.gold_noop} already in the asked-for "
            f"state; agreement with τ² semantics "
            f"{self.gold_agree}/{self.gold_actions})",
            f"state matches: {self.state_matches}/{self.tasks - self.tasks_without_writes}",
            f"violations refused: {self.violations_refused}/{self.violations} "
            f"(codes: {', '.join(f'{code} {n}' for code, n in self.refusal_codes.most_common())})",
            *(
                f"  {kind}: {self.refused_by_kind[kind]}/{n} refused"
                for kind, n in self.by_kind.most_common()
            ),
        ]


def build_template(db_path: Path, target: Path) -> Path:
    """Import db.json once into a SQLite file that every task copies."""
    target.parent.mkdir(parents=True, exist_ok=True)
    engine = create_store_engine(f"sqlite:///{target}")
    try:
        migrate(engine)
        import_tau2_retail(engine, load_db(db_path), now=NOW)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.exec_driver_sql("PRAGMA journal_mode=DELETE")
    finally:
        engine.dispose()
    return target


def replay_tasks(
    db_path: Path, tasks_path: Path, work_dir: Path, *, progress: Callable[[str], None] | None = None
) -> ReplayReport:
    """Replay every task's gold write actions on a fresh store; count (a), (b) and (c)."""
    original = load_db(db_path)
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    template = build_template(db_path, work_dir / "tau2-template.db")
    report = ReplayReport()
    for task in tasks:
        store = work_dir / f"task-{task['id']}.db"
        shutil.copyfile(template, store)
        engine = create_store_engine(f"sqlite:///{store}")
        try:
            _replay_task(engine, original, task, report)
        finally:
            engine.dispose()
            store.unlink(missing_ok=True)
        if progress is not None:
            progress(f"task {task['id']}")
    return report


def _actions(task: Mapping[str, Any]) -> list[dict[str, Any]]:
    criteria = task.get("evaluation_criteria") or {}
    return list(criteria.get("actions") or [])


def _authenticate(system: SqlOrderSystem, task: Mapping[str, Any], db: Mapping[str, Any]) -> str | None:
    """The task's user id, found the way τ² authenticates: by email, or by name and zip."""
    for action in _actions(task):
        args = action["arguments"]
        if action["name"] == "find_user_id_by_email":
            customer = system.customer_by_email(args["email"])
            found = [customer] if customer is not None else []
        elif action["name"] == "find_user_id_by_name_zip":
            found = system.customers_by_name_and_zip(args["first_name"], args["last_name"], args["zip"])
        else:
            continue
        if len(found) == 1:
            return _user_id_of(db, found[0].email)
    # No lookup among the gold actions: the owner of the first order acted on.
    for action in _actions(task):
        order_id = action["arguments"].get("order_id")
        if order_id in db["orders"]:
            return str(db["orders"][order_id]["user_id"])
        if "user_id" in action["arguments"]:
            return str(action["arguments"]["user_id"])
    return None


def _user_id_of(db: Mapping[str, Any], email: str) -> str | None:
    return next((uid for uid, u in db["users"].items() if u["email"].lower() == email.lower()), None)


def _actor(session: Session, db: Mapping[str, Any], user_id: str, conversation: str) -> Actor:
    del session, db
    return Actor(customer_id=user_id, channel="tau2", conversation_id=conversation)


def _key(conversation: str, plan: ActionPlan) -> str:
    return hashlib.sha256(f"{conversation}:{plan.digest}".encode()).hexdigest()


def _run(system: SqlOrderSystem, request: ActionRequest | Refusal, actor: Actor) -> ActionOutcome | Refusal:
    """Plan, then execute on the shopper's yes, as the Orders agent does."""
    if isinstance(request, Refusal):
        return request
    plan = system.plan(request, actor)
    if isinstance(plan, Refusal):
        return plan
    return system.execute(plan, actor, idempotency_key=_key(actor.conversation_id or "", plan))


def _replay_task(
    engine: Engine, original: Mapping[str, Any], task: Mapping[str, Any], report: ReplayReport
) -> None:
    sessions = session_factory(engine)
    system = SqlOrderSystem(sessions, policy=tau2_order_policy(), clock=lambda: NOW)
    report.tasks += 1
    if not any(action["name"] in WRITE_TOOLS for action in _actions(task)):
        report.tasks_without_writes += 1
        return
    user_id = _authenticate(system, task, original)
    if user_id is None:
        report.problems.append(f"task {task['id']}: no user could be authenticated")
        return
    # The reference works on the user's own records (products are only read); copying the whole
    # document for each task would cost more than the replay itself.
    expected = copy.deepcopy(_subset(original, user_id))
    conversation = f"tau2-task-{task['id']}"
    actor = Actor(customer_id=user_id, channel="tau2", conversation_id=conversation)
    others = [uid for uid in original["users"] if uid != user_id]
    intruder = Actor(customer_id=others[0], channel="tau2", conversation_id=f"{conversation}-other")
    for action in _actions(task):
        if action["name"] not in WRITE_TOOLS:
            continue
        report.gold_actions += 1
        name, args = action["name"], action["arguments"]
        with sessions() as session:
            request = tool_call_request(session, name, args, user_id=user_id)
        _violations(system, sessions, original, expected, name, args, request, actor, intruder, report, task)
        before = copy.deepcopy(expected)
        try:
            apply_tool(expected, name, copy.deepcopy(args))
            tau2_accepts = True
        except Tau2Refused:
            tau2_accepts = False
            report.gold_refused_by_tau2 += 1
        result = _run(system, request, actor)
        accepted = isinstance(result, ActionOutcome)
        # τ² accepts a change to what already is (an address set to itself); shopcrew says so instead.
        noop = (
            tau2_accepts
            and expected == before
            and isinstance(result, Refusal)
            and result.code == "already_done"
        )
        report.gold_accepted += accepted
        report.gold_noop += noop
        report.gold_agree += accepted == tau2_accepts or noop
        if accepted != tau2_accepts and not noop:
            why = result.reason if isinstance(result, Refusal) else "accepted"
            report.problems.append(
                f"task {task['id']}: {name} {args}: τ² accepts={tau2_accepts}, shopcrew: {why}"
            )
        elif accepted and not isinstance(request, Refusal):
            _again(system, request, actor, report, task, name)
    exported = export_tau2_retail(engine, users=[user_id])
    wanted = _subset(expected, user_id)
    if exported == wanted:
        report.state_matches += 1
    else:
        report.problems.append(f"task {task['id']}: state differs: {_difference(wanted, exported)}")


def _subset(db: Mapping[str, Any], user_id: str) -> dict[str, Any]:
    return {
        "products": db["products"],
        "users": {user_id: db["users"][user_id]},
        "orders": {oid: o for oid, o in db["orders"].items() if o["user_id"] == user_id},
    }


def _difference(wanted: Mapping[str, Any], got: Mapping[str, Any]) -> str:
    for part in ("products", "users", "orders"):
        for key, value in wanted[part].items():
            if got[part].get(key) != value:
                return f"{part} {key}: expected {json.dumps(value)[:600]} got {json.dumps(got[part].get(key))[:600]}"
    return "extra records"


def _refused(
    report: ReplayReport, result: ActionOutcome | Refusal, task: Mapping[str, Any], kind: str, detail: str
) -> None:
    report.violations += 1
    report.by_kind[kind] += 1
    if isinstance(result, Refusal):
        report.violations_refused += 1
        report.refused_by_kind[kind] += 1
        report.refusal_codes[result.code] += 1
    else:
        report.problems.append(f"task {task['id']}: violation accepted: {kind} ({detail})")


def _again(
    system: SqlOrderSystem,
    request: ActionRequest,
    actor: Actor,
    report: ReplayReport,
    task: Mapping[str, Any],
    name: str,
) -> None:
    """The same action again with a new key, and what the first one rules out, on what it changed."""
    _refused(report, _run_again(system, request, actor), task, "the same action again, new key", name)
    if isinstance(request, SwapPendingItems):
        cancel = CancelOrder(order=request.order, reason="no_longer_needed")
        _refused(report, _run_again(system, cancel, actor), task, "cancel after its items were changed", name)
    if isinstance(request, ExchangeItems):
        lines = tuple(LineQuantity(swap.line_id) for swap in request.swaps)
        back = ReturnItems(order=request.order, lines=lines, payment_method_id=request.payment_method_id)
        _refused(report, _run_again(system, back, actor), task, "return after an exchange", name)
    if isinstance(request, ReturnItems):
        again = ReturnItems(
            order=request.order, lines=request.lines[:1], payment_method_id=request.payment_method_id
        )
        _refused(report, _run_again(system, again, actor), task, "a second return", name)


def _run_again(system: SqlOrderSystem, request: ActionRequest, actor: Actor) -> ActionOutcome | Refusal:
    plan = system.plan(request, actor)
    if isinstance(plan, Refusal):
        return plan
    return system.execute(plan, actor, idempotency_key=_key(f"{actor.conversation_id}-again", plan))


def _violations(
    system: SqlOrderSystem,
    sessions: Callable[[], Session],
    original: Mapping[str, Any],
    current: Mapping[str, Any],
    name: str,
    args: Mapping[str, Any],
    request: ActionRequest | Refusal,
    actor: Actor,
    intruder: Actor,
    report: ReplayReport,
    task: Mapping[str, Any],
) -> None:
    """Policy-violating variants of one gold action, each of which must be refused (and change nothing)."""
    if isinstance(request, Refusal):
        return
    user_id = actor.customer_id
    if name != "modify_user_address":
        # Someone else's order: refused, and nothing about it said.
        _refused(report, _run(system, request, intruder), task, "another user's order", name)
        # A plan made for one customer, confirmed by another.
        plan = system.plan(request, actor)
        if isinstance(plan, ActionPlan):
            stolen = system.execute(plan, intruder, idempotency_key=_key("stolen", plan))
            _refused(report, stolen, task, "a plan confirmed by another user", name)
    # No confirmation: a plan never shown to the shopper (made up, so its digest is not the order's).
    unconfirmed = ActionPlan(request=request, order=getattr(request, "order", None), summary="", lines=())
    _refused(
        report,
        system.execute(unconfirmed, actor, idempotency_key=_key("unconfirmed", unconfirmed)),
        task,
        "execute a plan never confirmed",
        name,
    )
    own = [o for o in current["orders"].values() if o["user_id"] == user_id]
    with sessions() as session:
        if name == "cancel_pending_order":
            for order in own:
                if order["status"] in ("delivered", "processed"):
                    bad = tool_call_request(
                        session, name, {**args, "order_id": order["order_id"]}, user_id=user_id
                    )
                    _refused(
                        report,
                        _run(system, bad, actor),
                        task,
                        "cancel an order that is not pending",
                        order["status"],
                    )
                    break
            bad = tool_call_request(session, name, {**args, "reason": "changed my mind"}, user_id=user_id)
            _refused(
                report, _run(system, bad, actor), task, "cancel for a reason not accepted", "changed my mind"
            )
        if name == "return_delivered_order_items":
            for order in own:
                if order["status"].startswith("pending"):
                    items = [order["items"][0]["item_id"]]
                    bad = tool_call_request(
                        session,
                        name,
                        {**args, "order_id": order["order_id"], "item_ids": items},
                        user_id=user_id,
                    )
                    _refused(
                        report, _run(system, bad, actor), task, "return a pending order", order["order_id"]
                    )
                    break
            card = _non_original_card(original, current, args, user_id)
            if card is not None:
                bad = tool_call_request(session, name, {**args, "payment_method_id": card}, user_id=user_id)
                _refused(report, _run(system, bad, actor), task, "refund to a card that did not pay", card)
        if name in ("exchange_delivered_order_items", "modify_pending_order_items"):
            other = _other_product_variant(current, args)
            if other is not None:
                new_ids = [other, *list(args["new_item_ids"])[1:]]
                bad = tool_call_request(session, name, {**args, "new_item_ids": new_ids}, user_id=user_id)
                _refused(report, _run(system, bad, actor), task, "change into a different product", name)


def _non_original_card(
    original: Mapping[str, Any], current: Mapping[str, Any], args: Mapping[str, Any], user_id: str
) -> str | None:
    order = current["orders"][args["order_id"]]
    paid_with = order["payment_history"][0]["payment_method_id"]
    for method_id, method in original["users"][user_id]["payment_methods"].items():
        if method_id != paid_with and method["source"] != "gift_card":
            return str(method_id)
    return None


def _other_product_variant(current: Mapping[str, Any], args: Mapping[str, Any]) -> str | None:
    order = current["orders"].get(args["order_id"])
    if order is None or not args["item_ids"]:
        return None
    first = next((i for i in order["items"] if i["item_id"] == args["item_ids"][0]), None)
    if first is None:
        return None
    for product_id, product in current["products"].items():
        if product_id == first["product_id"]:
            continue
        for item_id, variant in product["variants"].items():
            if variant["available"]:
                return str(item_id)
    return None
