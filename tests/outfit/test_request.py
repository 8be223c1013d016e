"""Reading a look request and edits to shown looks from the shopper's words."""

from __future__ import annotations

from decimal import Decimal

from shopcrew.models.local.extract import Extraction
from shopcrew.outfit.request import LookRequest, read_message


def _read(text: str) -> LookRequest:
    return read_message(text, Extraction()).request


def test_occasion_season_colour_and_budget() -> None:
    wanted = _read("I need an outfit for a summer wedding, budget $300, something in sage")
    assert (wanted.occasion, wanted.season, wanted.colours, wanted.budget) == (
        "wedding guest",
        "summer",
        ("sage",),
        Decimal("300"),
    )


def test_who_the_look_is_for_comes_from_the_shoppers_own_words() -> None:
    assert _read("outfit for my husband for an office party").gender == "men"
    assert _read("a dress for date night").gender == "women"
    assert _read("what should I wear to my sister's wedding").gender is None
    assert _read("party outfit for my daughter").gender == "kids"


def test_colours_to_avoid_and_palettes() -> None:
    wanted = _read("casual weekend look, no black, neutral tones")
    assert (
        wanted.avoid_colours == ("black",) and wanted.palette == "neutral" and "black" not in wanted.colours
    )


def test_edits_name_the_slot_the_action_and_the_look() -> None:
    edit = read_message("different top for the second look", Extraction()).edit
    assert edit is not None and (edit.slot, edit.action, edit.look) == ("top", "swap", 2)
    cheaper = read_message("cheaper shoes please", Extraction()).edit
    assert cheaper is not None and (cheaper.slot, cheaper.modifier) == ("shoes", "cheaper")
    drop = read_message("without the blazer", Extraction()).edit
    assert drop is not None and (drop.slot, drop.action) == ("layer", "remove")
    assert read_message("add a jacket", Extraction()).edit is not None


def test_a_budget_at_or_below_zero_is_a_problem_not_a_filter() -> None:
    wanted = _read("wedding outfit for $0")
    assert wanted.budget is None and wanted.problems


def test_a_follow_up_refines_the_request() -> None:
    first = LookRequest(occasion="office", gender="women", budget=Decimal("300"))
    later = first.merged(_read("in navy please"))
    assert (later.occasion, later.gender, later.budget, later.colours) == (
        "office",
        "women",
        Decimal("300"),
        ("navy",),
    )
    assert LookRequest.from_json(later.to_json()) == later


def test_a_childs_look_knows_a_son_from_a_daughter() -> None:
    son = _read("party outfit for my son")
    daughter = _read("party outfit for my daughter")
    assert (son.gender, son.kid) == ("kids", "boy")
    assert (daughter.gender, daughter.kid) == ("kids", "girl")
