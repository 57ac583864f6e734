"""The messages screens post up to the app: what the player asked for, never how to do it.

Screens and widgets hold no game state; they post one of these and the app (for orders, its
`OrderController`) calls the core and pushes the new state down (`TalentWarApp.refresh_view`).
`OrderRequest`s change the draft orders; the others move between screens and games.
"""

from __future__ import annotations

from textual.message import Message

from game.tui.games import GameChoice


class OrderRequest(Message):
    """A change to this quarter's draft orders (handled by `OrderController.handle`)."""


class OfferRequested(OrderRequest):
    """Open the offer dialog for researcher `rid` (on the market)."""

    def __init__(self, rid: str) -> None:
        super().__init__()
        self.rid = rid


class CounterRequested(OrderRequest):
    """Open the counter-offer dialog for a rival's approach `approach_id`."""

    def __init__(self, approach_id: str) -> None:
        super().__init__()
        self.approach_id = approach_id


class CounterPickRequested(OrderRequest):
    """Choose which rival approach to counter (a picker, or a note when there is none)."""


class RaiseRequested(OrderRequest):
    """Open the raise dialog for one of your researchers."""

    def __init__(self, rid: str) -> None:
        super().__init__()
        self.rid = rid


class GrantRequested(OrderRequest):
    """Open the retention-grant dialog for one of your researchers."""

    def __init__(self, rid: str) -> None:
        super().__init__()
        self.rid = rid


class OutreachToggled(OrderRequest):
    """Talk to one of your researchers personally this quarter, or stop."""

    def __init__(self, rid: str) -> None:
        super().__init__()
        self.rid = rid


class WithdrawRequested(OrderRequest):
    """Drop this quarter's orders for a researcher."""

    def __init__(self, rid: str) -> None:
        super().__init__()
        self.rid = rid


class SplitRequested(OrderRequest):
    """Open the dialog that sets the budget split by exact amounts."""


class SplitAdjusted(OrderRequest):
    """Set one lever of the budget split (`gpus`, `offers`, `open`) to `amount` ($M)."""

    def __init__(self, lever: str, amount: float) -> None:
        super().__init__()
        self.lever = lever
        self.amount = amount


class SplitFitRequested(OrderRequest):
    """Make the GPU and offers budgets what the draft's orders use."""


class ComputeRequested(OrderRequest):
    """Open the dialog that buys or rents compute."""


class ReleaseChosen(OrderRequest):
    """Choose this quarter's open release: `keep`, `current` or `previous`."""

    def __init__(self, choice: str) -> None:
        super().__init__()
        self.choice = choice


class EndQuarterRequested(Message):
    """Review the orders and end the quarter (asks first)."""


class ScreenRequested(Message):
    """Show one of the main game screens (`dashboard`, `roster`, `market`, `labs`, `open`)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class RumourRequested(Message):
    """Open the Roster on researcher `rid`, whom lab `lab_id` is rumoured to court (to act on
    it there: a raise, a grant, personal outreach)."""

    def __init__(self, rid: str, lab_id: str) -> None:
        super().__init__()
        self.rid = rid
        self.lab_id = lab_id


class NewGameRequested(Message):
    """Open the New game screen."""


class StartGameRequested(Message):
    """Start a new game (when the game's data is in, if it is still loading)."""

    def __init__(self, choice: GameChoice) -> None:
        super().__init__()
        self.choice = choice


class LoadGameRequested(Message):
    """Open the list of saves to continue one."""
