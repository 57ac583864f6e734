"""Open-source: release your weights or keep them closed; fund the developer ecosystem."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Label, RadioButton, RadioSet, Static

from game.core.advice import (
    ecosystem_preview,
    ecosystem_shares,
    moat,
    release_preview,
    revenue_shares,
)
from game.tui.fmt import bar, money, nice_step, pct, plain
from game.tui.messages import ReleaseChosen, SplitAdjusted, SplitRequested
from game.tui.screens.base import GameScreen, PaletteCommand
from game.tui.screens.tables import PlainTable

CHOICES = ("keep", "current", "previous")


class OpenSourceScreen(GameScreen):
    SCREEN_NAME = "open"
    TITLE_TEXT = "Open-source"
    BINDINGS = [  # noqa: RUF012
        Binding("k", "release('keep')", "Closed", id="open-keep"),
        Binding("u", "release('current')", "Current", id="open-current"),
        Binding("p", "release('previous')", "Previous", id="open-previous"),
        Binding("plus,equals_sign", "spend(1)", "+/- eco", key_display="+", id="open-more"),
        Binding("minus", "spend(-1)", "−eco", key_display="-", show=False, id="open-less"),
        Binding("s", "split", "Split…", id="open-split"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="open-status")
        with Horizontal(id="open-release-row"):
            yield Label("Release", classes="open-label")
            with RadioSet(id="release", compact=True):
                yield RadioButton("Keep closed", id="rel-keep", value=True, compact=True)
                yield RadioButton("Current", id="rel-current", compact=True)
                yield RadioButton("Previous", id="rel-previous", compact=True)
        yield Static("", id="open-explain")
        yield Static("", id="open-spend")
        yield PlainTable(id="open-table", cursor_type="row", zebra_stripes=True)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        t = self.query_one("#open-table", DataTable)
        t.add_columns("Lab", "Model", "Open release", "Moat", "Ecosystem", "Share", "Revenue/q")
        self.query_one(RadioSet).focus()

    def render_game(self) -> None:
        s = self.session
        st = s.state
        lab = st.player_lab
        lg = s.legal
        gap = moat(st)
        status = Text()
        status.append("Open frontier ", style="dim")
        status.append(f"{st.open_frontier:.1f}", style="bold")
        status.append("  Your model ", style="dim")
        status.append(f"{lab.capability:.1f}", style="bold")
        status.append("  Previous ", style="dim")
        status.append(f"{lab.previous_model:.1f}")
        status.append("  Your open release ", style="dim")
        status.append(f"{lab.open_release:.1f}" if lab.open_release else "none")
        status.append("\nYour moat ", style="dim")
        status.append(f"{gap:+.1f}", style="bold green" if gap > 0 else "bold red")
        status.append(
            "  (API revenue comes from the gap between your model and the best open one)"
            if gap > 0
            else "  (at or below the open frontier your API earns little)",
            style="dim",
        )
        self.query_one("#open-status", Static).update(status)

        radio = self.query_one(RadioSet)
        with self.prevent(RadioSet.Changed):
            for choice in CHOICES:
                button = self.query_one(f"#rel-{choice}", RadioButton)
                button.disabled = choice not in lg.releases and choice != s.draft.release
                if choice != "keep":
                    level = release_preview(st, s.content, choice).level
                    button.label = f"{choice.capitalize()} ({level:.1f})"
                if choice == s.draft.release and not button.value:
                    button.value = True
        del radio

        def frontier_move(which: str) -> str:
            preview = release_preview(st, s.content, which)
            if preview.raises_frontier:
                return (
                    f"the open frontier rises to {preview.frontier:.1f}, eroding every closed "
                    "lab's moat (yours too)"
                )
            return f"the open frontier ({st.open_frontier:.1f}) stays where it is"

        explain = {
            "keep": "Closed: you keep the API revenue your moat earns; no ecosystem boost.",
            "current": f"Open the current model: {frontier_move('current')}, and this "
            "quarter your API earns only open-model prices; your ecosystem, reputation and "
            "appeal to openness-minded researchers grow.",
            "previous": f"Open the previous model: {frontier_move('previous')}; a "
            "smaller boost to your ecosystem, and you keep the lead of your current model.",
        }[s.draft.release]
        after = release_preview(st, s.content, s.draft.release).api_share
        explain += f" Your API share with this choice, if the rivals stood still: {pct(after)}."
        self.query_one("#open-explain", Static).update(Text(explain, style="italic"))

        eco_shares = ecosystem_shares(st)
        spend = Text()
        spend.append("Ecosystem spend this quarter ", style="bold")
        spend.append(money(s.draft.split.open), style="bold #5fd38d")
        spend.append(f"  (+/− by {money(self._step())}, s: exact)  ", style="dim")
        spend.append(f"Left to allocate {money(s.unallocated())}", style="dim")
        spend.append_text(self._eco_preview())
        spend.append(
            f"\nYour ecosystem {lab.ecosystem:,.0f}k developers, "
            f"{pct(eco_shares[lab.id])} of all; ecosystem victory at "
            f"{pct(s.content.balance.victory.ecosystem_share)} for "
            f"{s.content.balance.victory.streak_quarters} quarters "
            f"(streak {lab.eco_streak})"
        )
        self.query_one("#open-spend", Static).update(spend)

        t = self.query_one("#open-table", DataTable)
        t.clear()
        rev_shares = revenue_shares(st)
        for x in sorted(st.labs.values(), key=lambda v: -v.ecosystem):
            if x.bankrupt:
                continue
            style = "bold green" if x.player else ""
            share = eco_shares[x.id]
            t.add_row(
                plain(x.name, style),
                f"{x.capability:.1f}",
                f"{x.open_release:.1f}" if x.open_release else "—",
                f"{moat(st, x.id):+.1f}",
                f"{x.ecosystem:,.0f}k",
                Text(bar(share, 1.0, 10) + f" {pct(share)}", style="#5fd38d" if x.player else ""),
                f"{money(x.revenue)} ({pct(rev_shares[x.id])})",
                key=x.id,
            )

    def _eco_preview(self) -> Text:
        """What this spend brings, its range, and why the same money brings more or less."""
        s = self.session
        op = s.content.balance.open
        spend = s.draft.split.open
        p = ecosystem_preview(s.state, s.content, spend or 1000.0, s.draft.release)
        out = Text("\nExpected " if spend else "\nEach $1.0B would bring ", style="dim")
        out.append(f"+{p.expected:,.0f}k developers", style="bold")
        if p.low < p.expected - 0.5:
            out.append(f" (+{p.low:,.0f}k if a rival opens its best model)", style="dim")
        out.append(". Grants work at ", style="dim")
        out.append(pct(p.reach), style="bold" if p.reach >= 0.99 else "bold yellow")
        if p.closed:
            why = "you have no open model"
        elif p.behind < 0.05:
            why = "your open model is at the open frontier"
        else:
            why = f"your open model is {p.behind:.1f} points behind the open frontier"
        out.append(
            f": {why} (full at the frontier, {pct(op.spend_floor)} at "
            f"{op.pull_window:.0f} points behind or closed)",
            style="dim",
        )
        return out

    def _step(self) -> float:
        return nice_step(self.session.legal.budget.discretionary)

    @on(RadioSet.Changed, "#release")
    def _changed(self, event: RadioSet.Changed) -> None:
        pressed = event.pressed
        if pressed is None or pressed.id is None or self.game.session is None:
            return
        self.post_message(ReleaseChosen(pressed.id.removeprefix("rel-")))

    def action_release(self, choice: str) -> None:
        self.post_message(ReleaseChosen(choice))

    def action_spend(self, steps: int) -> None:
        s = self.session
        now = s.draft.split.open
        target = max(0.0, now + steps * self._step())
        if steps > 0:
            target = min(target, now + max(0.0, s.unallocated()))
        if abs(target - now) > 1e-9:
            self.post_message(SplitAdjusted("open", target))

    def action_split(self) -> None:
        self.post_message(SplitRequested())

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            (
                "Release nothing: keep the weights closed",
                "No open release this quarter",
                partial(self.action_release, "keep"),
            ),
            (
                "Release the current model (open weights)",
                "Release your best model's weights",
                partial(self.action_release, "current"),
            ),
            (
                "Release the previous model (open weights)",
                "Release last generation's weights",
                partial(self.action_release, "previous"),
            ),
            ("Set the budget split", "Exact amounts, including ecosystem spend", self.action_split),
        ]
