"""Saving and loading from the app: the save-name dialog, the list of saves, opening one.

(Autosaves are autosave.py's; the save format and the saves folder are `game.saves`'.)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import ModalScreen

if TYPE_CHECKING:
    from game.core.config import Content
    from game.saves import SaveFile
    from game.tui.app import TalentWarApp


class SaveFlow:
    """The app's saves as the player makes and opens them."""

    def __init__(self, app: TalentWarApp) -> None:
        self.app = app

    def save(self) -> None:
        """Ask for a name and save the game (ctrl+s)."""
        from game.tui.screens.saves import SaveNameDialog, default_save_name

        s = self.app.session
        if s is None:
            self.app.notify("There is no game to save yet.", severity="warning")
            return
        if isinstance(self.app.screen, ModalScreen):
            return
        self.app.push_screen(SaveNameDialog(default_save_name(s), self.app.saves_dir), self.save_as)

    def save_as(self, name: str | None) -> Path | None:
        """Write the game as `name` in the saves folder; errors become a message."""
        from game.saves import SaveError, save_game

        s = self.app.session
        if not name or s is None:
            return None
        try:
            path = save_game(
                s.state, name, self.app.saves_dir, content=s.content, session=s.session_block()
            )
        except (SaveError, OSError) as e:
            self.app.notify(str(e), title="The game was not saved", severity="error", timeout=8)
            return None
        self.app.unsaved = False
        self.app.notify(f"Saved as {name!r} ({s.label}).", title="Game saved", timeout=4)
        return path

    def load(self) -> None:
        """Pick a save from the saves folder and continue it (asks first if unsaved)."""
        from game.tui.screens.saves import LoadScreen

        if isinstance(self.app.screen, ModalScreen):
            return
        self.app.push_screen(LoadScreen(self.app.saves_dir), self._picked)

    def _picked(self, path: Path | None) -> None:
        if path is None:
            return
        if self.app.session is not None and self.app.unsaved and not self.app.session.over:
            from game.tui.screens.dialogs import ConfirmDialog

            def answer(yes: bool | None) -> None:
                if yes:
                    self.open_save(path)

            self.app.push_screen(
                ConfirmDialog(
                    f"Load {path.stem}?",
                    "Unsaved progress in this game will be lost (ctrl+s saves it first).",
                    yes="Load",
                    purpose="load",
                ),
                answer,
            )
            return
        self.open_save(path)

    def read_save(self, what: str | Path | SaveFile) -> tuple[SaveFile, Content]:
        """A save and the content it was played with. Raises SaveError; never writes."""
        from game.saves import SaveFile, content_for, load_save

        save = what if isinstance(what, SaveFile) else load_save(what, self.app.saves_dir)
        content = self.app.content
        if content is None or [str(m) for m in content.sources[1:]] != list(save.meta.mods):
            content = content_for(save)
        return save, content

    def open_save(self, what: str | Path | SaveFile) -> bool:
        """Continue the game in a save; a bad one is a message and changes nothing."""
        from game.saves import SaveError

        try:
            save, content = self.read_save(what)
        except (SaveError, OSError) as e:
            self.app.notify(str(e), title="Cannot load", severity="error", timeout=10)
            return False
        self.app.content = content
        self.app.mods = list(save.meta.mods)
        self.app.games.load_state(save.state, save.session)
        s = self.app.session
        assert s is not None
        self.app.notify(f"{s.state.player_lab.name}, {s.label}.", title="Game loaded")
        return True
