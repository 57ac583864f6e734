"""Help: what each screen does, the keys, and how the game is won."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from game.tui.fmt import FRONTIER_WORDS, MOAT_WORDS
from game.tui.screens.base import Backdrop

if TYPE_CHECKING:
    from game.core.config import Content

HELP = """\
[b]TALENT WAR[/b] — you are the CEO of an AI lab in the 2025 talent war. Each quarter you split
your budget between [b]GPUs[/b], [b]offers[/b] to researchers and [b]open-sourcing[/b], while
rival labs try to poach your people. Every action is on a key; the footer shows the keys of
the screen you are on, and [b]ctrl+p[/b] lists every command.

[b u]Keys everywhere[/]
  [b]d[/b] Dashboard  [b]r[/b] Roster  [b]m[/b] Talent market  [b]l[/b] Labs  [b]o[/b] Open-source
  [b]e[/b] end the quarter (a summary to confirm; [b]Enter[/b] accepts, [b]Esc[/b] goes back)
  [b]?[/b] this help   [b]q[/b] quit (asks if unsaved)   [b]ctrl+p[/b] command palette
  [b]ctrl+s[/b] save the game (autosaved every quarter; the last three are kept)
  New game: pick a scenario and a difficulty ([b]Enter[/b] moves on), [b]R[/b] draws a random
  seed, [b]Enter[/b] in the seed field or [b]ctrl+s[/b] starts; [b]L[/b] loads a saved game
  Load a game from the New game screen ([b]L[/b]) or the palette
  [b]Tab[/b]/[b]shift+Tab[/b] move between controls, arrows move inside them, [b]Enter[/b] acts.
  In dialogs: [b]Enter[/b] in a field confirms, [b]Esc[/b] cancels.

[b u]Dashboard[/]  the quarter at a glance: cash and runway, compute, the capability race,
alerts and news. The [b]budget split[/b] is one budget: what is left after fixed costs
(payroll, staff, power), shared between the three levers; money not allocated stays in
the bank. ↑/↓ pick a lever, ←/→ or [b]+[/b]/[b]-[/b] move money, [b]a[/b] puts everything
left into it, [b]0[/b] empties it; [b]s[/b] types exact amounts, [b]b[/b] buys or rents compute,
[b]f[/b] fits the GPU and offers budgets to your orders, [b]c[/b] counters an approach.
Alerts: Enter on an approach opens a counter-offer, on an applicant an offer.

[b u]Roster[/]  your researchers. Loyalty and flight risk are [i]estimates[/i]: you see a band,
sharper for people you know well (tenure, personal outreach). [b]p[/b] raise, [b]g[/b] retention
grant (equity vesting over {vesting}), [b]t[/b] personal outreach (a few points a quarter),
[b]c[/b] counter a rival's approach, [b]x[/b] drop this quarter's orders, [b]s[/b]/[b]S[/b] sort.

[b u]Talent market[/]  everyone else: rivals' researchers and free agents. Filter with [b]f[/b]
(Tab between tier, specialty, lab), sort with [b]s[/b]/[b]S[/b], [b]Enter[/b] opens the offer
dialog: salary, signing bonus, equity and CEO outreach, with the cost against your offers
budget and the estimated odds as a band. [b]x[/b] withdraws an offer, [b]c[/b] counters an approach.

[b u]Labs[/]  the rivals side by side (cash is a guess) and history charts; [b]c[/b]: next chart.

[b u]Open-source[/]  [b]k[/b] keep closed, [b]u[/b] release the current model, [b]p[/b] previous;
[b]+[/b]/[b]-[/b] ecosystem spend. A closed lab earns API revenue from its [i]moat[/i] — the gap
between its model and the best open model. An open release raises the open frontier for
everyone and grows your developer ecosystem.

[b u]Quarter report[/]  after each quarter: who left and joined and why, money in and out,
the capability race, headlines. Enter to continue.

[b u]How to win[/]
  [b]Superintelligence[/b]: be the first lab to reach the capability threshold.
  [b]Ecosystem[/b]: your open models carry most of the developer ecosystem for {streak}.
  [b]Market[/b]: earn most of the API revenue for {streak}.
  If nobody has won by the last quarter, the highest standing wins.
  You lose by going bankrupt twice, by a rival's victory, or by a talent collapse.

[b u]Words[/]
  [b]Open frontier[/b]: {frontier}. A closed model
  earns API revenue by its lead over it (the [i]moat[/i]); ecosystem spend works in full for
  an open model at the open frontier, less the further behind it is.
{moat}
  [b]The last quarter[/b]: {last}. The game ends once it resolves.
  [b]Highest standing[/b]: when the last quarter ends with no road won, the lab with the
  highest standing score wins: {standing}.
  [b]Talent collapse[/b]: {collapse}
"""


def standing_text(content: Content) -> str:
    v = content.balance.victory
    return (
        f"capability + {v.score_ecosystem:g} × ecosystem share + {v.score_market:g} × API "
        f"share + valuation ($M) × {v.score_valuation:g}"
    )


def collapse_text(content: Content) -> str:
    v = content.balance.victory
    return (
        f"fewer than {v.min_researchers} named researchers at your lab at the end of "
        f"{v.collapse_quarters} quarters in a row loses the game."
    )


def moat_text() -> str:
    """The moat's entry under Words, wrapped as the others are."""
    words = f"Moat: {MOAT_WORDS} (the dashboard shows yours under the race)."
    text = textwrap.fill(words, width=92, initial_indent="  ", subsequent_indent="  ")
    return text.replace("Moat:", "[b]Moat[/b]:", 1)


def help_text(content: Content | None, last: str | None = None) -> str:
    """The help, with the numbers from the game's data (while it is still loading, without);
    `last` names this game's last quarter."""
    if content is None:
        return HELP.format(
            vesting="the following quarters",
            streak="a run of quarters",
            last=last or "the scenario's last",
            standing="capability, ecosystem and API shares, and valuation",
            collapse="too few named researchers for a few quarters loses the game.",
            frontier=FRONTIER_WORDS,
            moat=moat_text(),
        )
    from game.core.advice import vest_quarters

    streak = content.balance.victory.streak_quarters
    return HELP.format(
        vesting=f"{vest_quarters(content)} quarters",
        streak=f"{streak} quarters",
        last=last or "the scenario's last (the dashboard says which)",
        standing=standing_text(content),
        collapse=collapse_text(content),
        frontier=FRONTIER_WORDS,
        moat=moat_text(),
    )


class HelpScreen(Backdrop, Screen[None]):
    ALLOW_NAV = True
    BINDINGS = [Binding("escape,question_mark", "close", "Close", id="help-close")]  # noqa: RUF012

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with VerticalScroll(id="help"):
            yield Static(help_text(getattr(self.app, "content", None), self._last()))
        yield Footer(compact=True)

    def _last(self) -> str | None:
        session = getattr(self.app, "session", None)
        if session is None:
            return None
        return session.quarter_label(session.state.last_quarter)

    def on_mount(self) -> None:
        self.sub_title = "Help"
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
