"""Money is compared in whole $k, core and screens alike: no refusal between two amounts that
show the same, and no fit/split key leaves a split the core refuses."""

from __future__ import annotations

from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from game.bots import POLICIES, play_quarter
from game.content import load_content
from game.core.costs import costs
from game.core.engine import new_game
from game.core.legal import BUDGET_CODES, legal, validate
from game.core.models import GameState, OfferOrder, Orders, RaiseOrder, Split
from game.core.numbers import article, money_pair, to_k
from game.tui.fmt import parse_number
from game.tui.screens.forms import amount_text
from game.tui.session import Session, carried_split


def test_gpu_budget_equal_to_the_shown_cost_is_enough(content):
    state = new_game(content, "summer-2025", 1, "normal")
    state.gpu_price = 43.25001  # 40 units cost $1,730.0004M
    cost = 40 * state.gpu_price
    orders = Orders(buy=40, split=Split(gpus=round(cost, 3)))
    assert orders.split.gpus < cost  # the float the old check refused
    assert [r.code for r in validate(state, orders, content)] == []


def test_a_refusal_tells_the_two_amounts_apart(content):
    state = new_game(content, "summer-2025", 1, "normal")
    state.gpu_price = 43.26
    orders = Orders(buy=40, split=Split(gpus=1730.0))
    (refusal,) = validate(state, orders, content)
    assert refusal.code == "gpus_over_budget"
    assert refusal.text == "GPUs cost $1,730.4M but the GPU budget is $1,730.0M"
    assert money_pair(6552.0, 6336.0) == ("$6.6B", "$6.3B")  # as the screens write them


def test_a_refusal_writes_money_as_the_form_beside_it_does(content):
    """A raise's form said "Costs $4.2M" above "offers commit $4M but the offers budget
    is $0M"."""
    from game.text import money

    assert money_pair(4.176, 0.0) == (money(4.176), money(0.0)) == ("$4.2M", "$0")
    state = new_game(content, "summer-2025", 1, "normal")
    rid = next(r.id for r in state.researchers.values() if r.lab == state.player)
    salary = state.researchers[rid].salary + 4.176
    orders = Orders(raises=[RaiseOrder(researcher=rid, salary=salary)])
    texts = [r.text for r in validate(state, orders, content) if r.code == "offers_over_budget"]
    assert texts == ["offers commit $4.2M but the offers budget is $0"]


def test_fit_after_buying_too_much_never_leaves_a_negative_left(content):
    s = Session.new(content, "summer-2025", 1, "normal")
    room = s.legal.budget.discretionary
    s.set_split(open=room - 1000)
    s.set_compute(buy=s.legal.max_buy)
    need = costs(s.state, s.draft).gpus
    assert 1000 < need < room  # the buy needs more than what is left, less than the budget
    fit = s.fit_split()
    assert s.unallocated() >= 0
    assert s.reasons() == []
    assert fit.short == 0
    assert to_k(fit.open_cut) == to_k(need - 1000)
    # orders over the whole budget: the split still fits, the shortfall is said
    s.state.gpu_price = room
    s.draft.buy = 2
    fit = s.fit_split()
    assert s.unallocated() >= 0
    assert fit.short > 0
    assert {r.code for r in s.reasons()} == {"gpus_over_budget"}


def test_a_carried_split_opens_valid_and_the_split_dialog_shows_it_exactly(content):
    s = Session.new(content, "summer-2025", 2, "normal")
    room = s.legal.budget.discretionary
    s.set_split(gpus=room * 0.4 + 0.6, offers=room * 0.35 + 0.6, open=room * 0.25 - 1.3)
    s.end_quarter()
    assert s.reasons() == []
    assert s.unallocated() >= 0
    sp = s.draft.split
    typed = Split(
        **{k: parse_number(amount_text(getattr(sp, k))) for k in ("gpus", "offers", "open")}
    )
    assert to_k(typed.total) <= to_k(s.legal.budget.discretionary)
    assert typed == sp


def test_carried_split_scales_down_in_whole_k():
    old = Split(gpus=1000.6, offers=500.6, open=0.3339)
    new = carried_split(old, 1501.0)
    assert to_k(new.gpus) + to_k(new.offers) + to_k(new.open) <= 1_501_000
    assert carried_split(old, 5000.0) == Split(gpus=1000.6, offers=500.6, open=0.334)


def test_article():
    assert [article(w) for w in ("84", "8", "11", "18", "70", "1", "800", "apple", "model")] == [
        "an",
        "an",
        "an",
        "an",
        "a",
        "a",
        "an",
        "an",
        "a",
    ]


@cache
def bot_states() -> tuple[GameState, ...]:
    """States reached by bots: a few games, a few quarters in."""
    content = load_content()
    out = []
    for seed, policy in ((3, "balanced"), (5, "random"), (7, "adaptive"), (9, "offers")):
        state = new_game(content, "summer-2025" if seed % 2 else "garage-2025", seed, "normal")
        for q in range(7):
            if state.outcome is not None:
                break
            if q in (0, 3, 6):
                out.append(state)
            state, _ = play_quarter(state, content, POLICIES[policy])
    return tuple(out)


KEYS = st.one_of(
    st.tuples(st.just("buy"), st.floats(0, 1)),
    st.tuples(st.just("rent"), st.floats(0, 1)),
    st.tuples(st.just("offer"), st.integers(0, 50)),
    st.tuples(st.just("lever"), st.sampled_from(["gpus", "offers", "open"]), st.floats(0, 2)),
    st.tuples(st.just("fit")),
)


def press(s: Session, key: tuple) -> None:  # type: ignore[type-arg]
    lg = s.legal
    match key:
        case ("buy", frac):
            s.set_compute(buy=int(frac * lg.max_buy))
        case ("rent", frac):
            s.set_compute(rent=int(frac * lg.max_rent))
        case ("offer", i):
            if lg.offerable:
                r = s.state.researchers[lg.offerable[i % len(lg.offerable)]]
                terms = s.estimator.default_offer(r).model_copy(update={"equity": 0.0})
                s.put_offer(r.id, terms)
                s.cover("offers")
        case ("lever", lever, frac):
            s.adjust_split(lever, frac * lg.budget.discretionary)
        case ("fit",):
            s.fit_split()


@given(
    which=st.integers(0, 11),
    bot_orders=st.booleans(),
    keys=st.lists(KEYS, max_size=8),
)
def test_no_fit_or_split_key_leaves_orders_the_core_refuses(which, bot_orders, keys):
    content = load_content()
    states = bot_states()
    state = states[which % len(states)]
    s = Session(content, state)
    if bot_orders:
        s.draft = POLICIES["balanced"](state, content)
        assert validate(state, s.draft, content) == []
    for key in keys:
        press(s, key)
        assert s.unallocated() >= 0
        assert "split_over_budget" not in {r.code for r in s.reasons()}
    fit = s.fit_split()
    reasons = s.reasons()
    assert s.unallocated() >= 0
    if fit.short == 0:
        assert reasons == [], [r.text for r in reasons]
    else:
        assert {r.code for r in reasons} <= set(BUDGET_CODES) - {"split_over_budget"}
    assert legal(state, content).budget.discretionary == s.legal.budget.discretionary


def test_offer_to_a_free_agent_is_an_order(content):
    """The keys above make real orders: an offer drafted through the session is validated."""
    s = Session.new(content, "summer-2025", 4, "normal")
    rid = s.legal.offerable[0]
    s.put_offer(rid, s.estimator.default_offer(s.state.researchers[rid]))
    assert isinstance(s.draft.offers[0], OfferOrder)


def test_to_k_keeps_order_at_the_extremes():
    assert to_k(1730.0004) == 1_730_000
    assert to_k(float("nan")) == 0
    assert to_k(1e306) > to_k(1e305) > 0
    assert to_k(float("inf")) > to_k(1.7e308) > to_k(-float("inf"))


def test_headlines_use_an_before_a_vowel_sound(content):
    from game.core.quarter import start

    state = new_game(content, "summer-2025", 1, "normal")
    ctx = start(state, Orders(), content)
    ctx.news("release", "release", None, lab="Hyperion Labs", capability="84")
    ctx.news("victory", "news", None, lab="Hyperion Labs", road="ecosystem")
    texts = [h.text for h in ctx.headlines]
    assert all(" a 84" not in t and " a ecosystem" not in t for t in texts), texts
    assert any("an 84-point" in t for t in texts[:1]), texts
    assert "an ecosystem victory" in texts[1], texts
    assert (article("$1.2B"), article("$18.4B"), article("$850M")) == ("a", "an", "an")


def test_the_end_quarter_dialog_says_the_orders_cant_be_carried_out(content):
    from game.tui.screens.dialogs import order_summary

    s = Session.new(content, "summer-2025", 1, "normal")
    s.set_compute(buy=3)
    text = order_summary(s, s.reasons()).plain
    assert "These orders can't be carried out:" in text
    assert "core refuses" not in text
