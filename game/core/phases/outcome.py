"""Victory and defeat: superintelligence, the ecosystem and market streaks, talent collapse,
bankruptcy, and the standing score at the last quarter."""

from __future__ import annotations

from game.core.models import GameState, Lab, Outcome
from game.core.numbers import add_up, count
from game.core.quarter import Quarter, live_labs


def outcome(state: GameState, ctx: Quarter) -> None:
    s = state
    v = ctx.bal.victory
    live = live_labs(state)
    player = s.player_lab
    if player.bankrupt:
        _end(state, ctx, "lost", None, "bankruptcy", None, f"{player.name} ran out of money twice.")
        return
    eco_total = add_up(lab.ecosystem for lab in live) or 1.0
    rev_total = add_up(lab.revenue for lab in live) or 1.0
    for lab in live:
        lab.eco_streak = lab.eco_streak + 1 if lab.ecosystem / eco_total > v.ecosystem_share else 0
        lab.market_streak = lab.market_streak + 1 if lab.revenue / rev_total > v.market_share else 0
    named = count(1 for r in s.researchers.values() if r.lab == s.player)
    s.low_talent_quarters = s.low_talent_quarters + 1 if named < v.min_researchers else 0

    winner: tuple[Lab, str] | None = None
    supers = [lab for lab in live if lab.capability >= v.superintelligence]
    if supers:
        best = max(supers, key=lambda lab: (lab.capability, lab.player, lab.id))
        winner = (best, "superintelligence")
    else:
        for road, attr in (("market", "market_streak"), ("ecosystem", "eco_streak")):
            done = [lab for lab in live if getattr(lab, attr) >= v.streak_quarters]
            if done:
                winner = (max(done, key=lambda lab: (lab.player, lab.id)), road)
                break
    if winner is not None:
        lab, road = winner
        ctx.news("victory", "milestone", lab.id, lab=lab.name, road=road)
        if lab.player:
            _end(state, ctx, "won", road, None, lab.id, f"{lab.name} wins by {road}.")
        else:
            _end(state, ctx, "lost", road, "rival_victory", lab.id, f"{lab.name} wins by {road}.")
        return
    if s.low_talent_quarters >= v.collapse_quarters:
        ctx.news("collapse", "milestone", player.id, lab=player.name)
        _end(
            state,
            ctx,
            "lost",
            None,
            "talent_collapse",
            None,
            f"{player.name} has too few researchers left to build anything.",
        )
        return
    if s.quarter > s.last_quarter:
        scores = {lab.id: score(state, ctx, lab, eco_total, rev_total) for lab in live}
        best = max(live, key=lambda lab: (scores[lab.id], lab.id))
        ctx.news("victory", "milestone", best.id, lab=best.name, road="score")
        if best.player:
            _end(
                state,
                ctx,
                "won",
                "score",
                None,
                best.id,
                f"{best.name} leads the field at the end.",
            )
        else:
            _end(
                state,
                ctx,
                "lost",
                "score",
                "rival_victory",
                best.id,
                f"{best.name} leads the field at the end.",
            )


def score(state: GameState, ctx: Quarter, lab: Lab, eco_total: float, rev_total: float) -> float:
    v = ctx.bal.victory
    return (
        v.score_capability * lab.capability
        + v.score_ecosystem * lab.ecosystem / eco_total
        + v.score_market * lab.revenue / rev_total
        + v.score_valuation * lab.valuation
    )


def _end(
    state: GameState,
    ctx: Quarter,
    result: str,
    road: str | None,
    cause: str | None,
    winner: str | None,
    text: str,
) -> None:
    state.outcome = Outcome(
        result=result,  # type: ignore[arg-type]
        road=road,  # type: ignore[arg-type]
        cause=cause,  # type: ignore[arg-type]
        winner=winner,
        quarter=ctx.q,
        text=text,
    )
