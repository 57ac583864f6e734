"""Saving and loading through the TUI: ctrl+s, the load screen, autosaves, quitting, --load.

tests/conftest.py points TALENT_WAR_SAVES at a temporary folder: nothing here touches saves/.
"""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from conftest import SEED
from textual.widgets import DataTable, Input, Static
from tui_helpers import end_quarter, settle, wait_for

from game.core.engine import advance, new_game, state_hash
from game.core.models import Orders
from game.saves import list_saves, load_save, save_game, saves_dir
from game.tui import app as app_module
from game.tui.app import TalentWarApp, run_app
from game.tui.commands import GameCommands
from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.dialogs import ConfirmDialog
from game.tui.screens.newgame import NewGameScreen
from game.tui.screens.report import ReportScreen
from game.tui.screens.saves import LoadScreen, SaveNameDialog


def _app(content) -> TalentWarApp:  # type: ignore[no-untyped-def]
    return TalentWarApp(content=content, scenario="summer-2025", seed=SEED, difficulty="normal")


async def _started(pilot) -> TalentWarApp:  # type: ignore[no-untyped-def]
    app = pilot.app
    await wait_for(
        pilot, lambda: app.session is not None and isinstance(app.screen, DashboardScreen)
    )
    await settle(pilot)
    return app


async def _end_quarter(pilot, *, wait_for_autosave: bool = True) -> None:  # type: ignore[no-untyped-def]
    await end_quarter(pilot)
    if wait_for_autosave:  # autosaves are written on their own thread
        await pilot.app.wait_for_autosaves()


def _rows(screen: LoadScreen) -> list[str]:
    return [info.name for info in screen.saves]


async def _select(pilot, screen: LoadScreen, name: str) -> None:  # type: ignore[no-untyped-def]
    table = screen.query_one("#saves-table", DataTable)
    table.move_cursor(row=_rows(screen).index(name), animate=False)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_ctrl_s_asks_a_name_and_writes_the_save(content) -> None:  # type: ignore[no-untyped-def]
    async with _app(content).run_test(size=(100, 32)) as pilot:
        app = await _started(pilot)
        assert app.unsaved  # a new game is not saved yet
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SaveNameDialog)
        field = dialog.query_one("#save-name", Input)
        assert field.value.endswith(app.session.label)  # e.g. halcyon-2025-Q3

        # A bad name is refused in the dialog, with the reason; nothing is written.
        field.value = "../escape"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        error = str(dialog.query_one("#save-error", Static).render())
        assert "path separator" in error
        assert not saves_dir().exists() or not list(saves_dir().iterdir())

        field.value = "first try"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        path = saves_dir() / "first try.json"
        assert path.is_file()
        assert not app.unsaved
        assert [i.name for i in list_saves()] == ["first try"]
        assert list_saves()[0].quarter == app.session.label

        # Saving again under the same name asks for a second Enter before replacing it.
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.screen.query_one("#save-name", Input).value = "first try"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SaveNameDialog)
        assert "exists" in str(app.screen.query_one("#save-error", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_palette_has_save_and_load(content) -> None:  # type: ignore[no-untyped-def]
    async with _app(content).run_test(size=(100, 32)) as pilot:
        app = await _started(pilot)
        titles = [title for title, _, _ in GameCommands(app.screen).commands()]
        assert "Save game" in titles and "Load game" in titles
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"save game", "enter")
        await settle(pilot, 4)
        assert isinstance(app.screen, SaveNameDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert not saves_dir().exists() or not list(saves_dir().iterdir())


async def test_autosave_every_quarter_keeps_the_last_three(content) -> None:  # type: ignore[no-untyped-def]
    async with _app(content).run_test(size=(100, 32)) as pilot:
        app = await _started(pilot)
        first: list[Path] = []
        for n in range(1, 5):  # (the fourth autosave prunes the first)
            await _end_quarter(pilot)
            autos = [i for i in list_saves() if i.autosave]
            assert len(autos) == min(n, 3)
            assert app.unsaved  # an autosave is not the player's own save
            if n == 1:
                first = [i.path for i in autos]
        assert len(first) == 1
        assert len([i for i in list_saves() if i.autosave]) == 3
        assert first[0].parent == saves_dir() and not first[0].exists()
        # the newest holds the current state
        newest = list_saves()[0]
        assert newest.autosave and newest.quarter == app.session.label


def _held_autosaves(monkeypatch) -> tuple[list[str], threading.Event]:  # type: ignore[no-untyped-def]
    """Autosaves wait until the returned event is set; the list gets their quarters, in the
    order they were written."""
    from game import saves

    real = saves.autosave
    written: list[str] = []
    release = threading.Event()

    def held(state, *args, **kwargs):  # type: ignore[no-untyped-def]
        assert release.wait(timeout=30)
        path = real(state, *args, **kwargs)
        written.append(path.stem.split("-", 2)[2])  # autosave-<game id>-<quarter>
        return path

    monkeypatch.setattr(saves, "autosave", held)
    return written, release


async def test_autosave_is_written_off_the_event_loop_and_loads(content, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    written, release = _held_autosaves(monkeypatch)
    async with _app(content).run_test(size=(100, 32)) as pilot:
        app = await _started(pilot)
        before = app.session.label
        await _end_quarter(pilot, wait_for_autosave=False)
        # the report came and went while the save was still being written
        label = app.session.label
        assert written == [] and label != before
        release.set()
        await app.wait_for_autosaves()
        assert written == [label]  # named after the quarter it opens
        save = load_save(f"autosave-{app.session.game_id}-{label}")
        assert state_hash(save.state) == state_hash(app.session.state)


async def test_autosaves_are_written_in_order(content, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    written, release = _held_autosaves(monkeypatch)
    async with _app(content).run_test(size=(100, 32)) as pilot:
        app = await _started(pilot)
        quarters = []
        for _ in range(4):
            await _end_quarter(pilot, wait_for_autosave=False)
            quarters.append(app.session.label)
        assert written == []
        release.set()
        await app.wait_for_autosaves()
        assert written == quarters
        # the three newest are kept: the pruning saw them in order
        assert sorted(i.quarter for i in list_saves() if i.autosave) == sorted(quarters[-3:])


async def test_quitting_waits_for_the_autosave_in_flight(content, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    written, release = _held_autosaves(monkeypatch)
    app = _app(content)
    on_disk_at_exit: list[bool] = []
    real_exit = app.exit

    def exit_(*args, **kwargs):  # type: ignore[no-untyped-def]
        on_disk_at_exit.append(bool(written))
        real_exit(*args, **kwargs)

    monkeypatch.setattr(app, "exit", exit_)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot)
        await _end_quarter(pilot, wait_for_autosave=False)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert on_disk_at_exit == []  # still waiting for the save
        release.set()
        await wait_for(pilot, lambda: bool(on_disk_at_exit), tries=300)
    assert on_disk_at_exit == [True]
    assert app.return_code == 0
    assert len([i for i in list_saves() if i.autosave]) == 1


async def test_a_failed_autosave_is_one_line_and_the_game_goes_on(content, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocked = saves_dir()
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("a file where the saves folder should be")
    async with _app(content).run_test(size=(100, 32)) as pilot:
        app = await _started(pilot)
        app.clear_notifications()
        label = app.session.label
        await _end_quarter(pilot)
        await settle(pilot)
        warnings = [n for n in app._notifications if n.message.startswith("Autosave failed")]
        assert len(warnings) == 1
        assert "\n" not in warnings[0].message and warnings[0].severity == "warning"
        assert app.session.label != label and isinstance(app.screen, DashboardScreen)


async def test_load_screen_lists_saves_and_loading_restores_the_state(content) -> None:  # type: ignore[no-untyped-def]
    async with _app(content).run_test(size=(110, 34)) as pilot:
        app = await _started(pilot)
        await _end_quarter(pilot)
        app.saving.save_as("mine")
        saved_hash = state_hash(app.session.state)
        saved_label = app.session.label
        await _end_quarter(pilot)
        assert state_hash(app.session.state) != saved_hash
        assert app.unsaved

        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"load game", "enter")
        await settle(pilot, 4)
        screen = app.screen
        assert isinstance(screen, LoadScreen)
        assert "mine" in _rows(screen)
        assert len(_rows(screen)) == 3  # mine and two autosaves
        info = next(i for i in screen.saves if i.name == "mine")
        assert info.quarter == saved_label and info.lab == app.session.state.player_lab.name
        assert info.cash is not None and info.saved_at
        table = screen.query_one("#saves-table", DataTable)
        assert table.row_count == 3

        await _select(pilot, screen, "mine")
        # unsaved progress: asks before replacing the game
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert state_hash(app.session.state) == saved_hash
        assert app.session.label == saved_label
        assert not app.unsaved


async def test_load_from_the_new_game_screen(content) -> None:  # type: ignore[no-untyped-def]
    state = new_game(content, "summer-2025", 11, "hard")
    state, _ = advance(state, Orders(), content)
    save_game(state, "from-disk", content=content)
    app = TalentWarApp(content=content)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, NewGameScreen) and app.screen.descriptions
        )
        shown = app.screen.active_bindings["L"]
        assert shown.enabled and shown.binding.show  # in the footer
        await pilot.press("L")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LoadScreen)
        assert _rows(screen) == ["from-disk"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert state_hash(app.session.state) == state_hash(state)
        assert app.session.state.difficulty == "hard"


async def test_a_broken_save_is_listed_and_not_opened(content) -> None:  # type: ignore[no-untyped-def]
    folder = saves_dir()
    state = new_game(content, "summer-2025", SEED, "normal")
    good = save_game(state, "good", content=content)
    broken = folder / "broken.json"
    data = good.read_bytes()[:-40]  # truncated
    broken.write_bytes(data)
    garbage = folder / "garbage.json"
    garbage.write_bytes(b"\x00\xffnot json at all")
    async with _app(content).run_test(size=(110, 34)) as pilot:
        app = await _started(pilot)
        hash_before = state_hash(app.session.state)
        app.action_load_game()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LoadScreen)
        assert set(_rows(screen)) == {"good", "broken", "garbage"}
        for name in ("broken", "garbage"):
            info = next(i for i in screen.saves if i.name == name)
            assert not info.ok and name in (info.error or "")
            app.clear_notifications()
            await _select(pilot, screen, name)
            assert app.screen is screen  # still listing, nothing loaded
            errors = [n for n in app._notifications if n.severity == "error"]
            assert errors and name in errors[-1].message
            detail = str(screen.query_one("#load-detail", Static).render())
            assert "Broken" in detail
        assert broken.read_bytes() == data
        assert garbage.read_bytes() == b"\x00\xffnot json at all"
        assert state_hash(app.session.state) == hash_before
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_a_save_that_breaks_after_listing_is_a_message(content) -> None:  # type: ignore[no-untyped-def]
    state = new_game(content, "summer-2025", SEED, "normal")
    path = save_game(state, "vanishing", content=content)
    async with _app(content).run_test(size=(110, 34)) as pilot:
        app = await _started(pilot)
        app.saving.save_as("current")
        hash_before = state_hash(app.session.state)
        app.action_load_game()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LoadScreen)
        path.write_text('{"format": "talent-war-save"')  # broken after the listing
        app.clear_notifications()
        await _select(pilot, screen, "vanishing")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert state_hash(app.session.state) == hash_before
        assert any(n.severity == "error" for n in app._notifications)
        assert path.read_text() == '{"format": "talent-war-save"'


async def test_quit_asks_only_with_unsaved_progress(content) -> None:  # type: ignore[no-untyped-def]
    app = _app(content)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot)
        await _end_quarter(pilot)
        assert app.unsaved
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.return_code is None
        app.saving.save_as("before-quitting")
        assert not app.unsaved
        # changing the orders is unsaved progress again
        app.orders.fit_split()
        assert app.unsaved
        app.saving.save_as("before-quitting")
        await pilot.press("q")
        await settle(pilot)
    assert app.return_code == 0


async def test_open_a_save_at_start(content) -> None:  # type: ignore[no-untyped-def]
    state = new_game(content, "summer-2025", 99, "easy")
    state, _ = advance(state, Orders(), content)
    save_game(state, "start-here", content=content)
    app = TalentWarApp(load="start-here")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert state_hash(app.session.state) == state_hash(state)
        assert not app.unsaved
        assert not any(isinstance(s, NewGameScreen) for s in app.screen_stack)


def _args(**kw) -> argparse.Namespace:  # type: ignore[no-untyped-def]
    base = {"scenario": None, "seed": None, "difficulty": None, "mods": [], "saves_dir": None}
    return argparse.Namespace(**{**base, **kw})


def test_run_app_load_opens_the_save(content, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "elsewhere"
    state = new_game(content, "summer-2025", 5, "normal")
    save_game(state, "cli", folder, content=content)
    made: list[TalentWarApp] = []

    def fake_run(self, *a, **k):  # type: ignore[no-untyped-def]
        made.append(self)
        return 0

    monkeypatch.setattr(app_module.TalentWarApp, "run", fake_run)
    assert run_app(_args(load="cli", saves_dir=str(folder))) == 0
    (app,) = made
    assert app.saves_dir == folder
    assert state_hash(app.startup.load.state) == state_hash(state)  # type: ignore[union-attr]


def test_run_app_bad_load_is_one_line(monkeypatch, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    def boom(self, *a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("the app must not start")

    monkeypatch.setattr(app_module.TalentWarApp, "run", boom)
    assert run_app(_args(load="no-such-save")) == 1
    assert run_app(_args(load="../etc/passwd")) == 1
    bad = saves_dir()
    bad.mkdir(parents=True, exist_ok=True)
    (bad / "junk.json").write_text("[1, 2")
    assert run_app(_args(load="junk")) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3
    assert all(line.startswith("talent-war: error: ") for line in err)
    assert "Traceback" not in "\n".join(err)
    assert (bad / "junk.json").read_text() == "[1, 2"


async def test_a_bad_load_in_the_app_exits_cleanly(content) -> None:  # type: ignore[no-untyped-def]
    app = TalentWarApp(content=content, load="missing")
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 1


async def test_the_autosave_starts_after_the_report_is_painted(content, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The saver thread holds the GIL while encoding: it starts once the report is on screen."""
    app = _app(content)
    seen: list[str] = []
    real_display = app._display
    real_start = app.autosaves.start

    def display(screen, renderable):  # type: ignore[no-untyped-def]
        real_display(screen, renderable)
        if renderable is not None and isinstance(screen, ReportScreen) and screen is app.screen:
            seen.append("report painted")

    def start(**kwargs):  # type: ignore[no-untyped-def]
        if app.autosaves.pending:
            seen.append("autosave started")
        real_start(**kwargs)

    monkeypatch.setattr(app, "_display", display)
    monkeypatch.setattr(app.autosaves, "start", start)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot)
        await _end_quarter(pilot)
        label = app.session.label
    assert seen.index("report painted") < seen.index("autosave started")
    assert seen.count("autosave started") == 1
    assert load_save(f"autosave-{app.session.game_id}-{label}").state == app.session.state


async def test_quitting_at_once_still_writes_the_autosave_due(content) -> None:  # type: ignore[no-untyped-def]
    app = _app(content)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot)
        app.autosaves.due(app.session.state, app.session.content)  # as a quarter's end does
        assert app.autosaves.pending, "not started before the next frame"
        app.exit(0)  # before that frame: the autosave is still due
    assert [i.quarter for i in list_saves() if i.autosave] == [app.session.label]


async def test_the_load_dialog_reads_off_the_ui_thread(content, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A slow saves folder (a big or hostile file) never freezes the dialog: it stays live, and
    Escape leaves it, while the saves are still being read."""
    from game import saves

    release = threading.Event()
    readers: list[str] = []
    real = saves.list_saves

    def slow(folder):  # type: ignore[no-untyped-def]
        readers.append(threading.current_thread().name)
        release.wait(10)
        return real(folder)

    monkeypatch.setattr(saves, "list_saves", slow)
    app = TalentWarApp(content=content, saves_dir=str(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = LoadScreen(tmp_path)
        await app.push_screen(screen)
        await wait_for(pilot, lambda: bool(readers))
        assert readers[0] != threading.current_thread().name
        assert screen.query_one("#saves-table", DataTable).loading
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not screen
        release.set()
        await settle(pilot)
