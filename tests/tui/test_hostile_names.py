"""Hostile names: markup, control characters, very long or odd text in every name a data file
or a save carries is shown as plain text on every screen, and breaks nothing."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Input
from tui_helpers import settle, wait_for

from game.content import assets_dir, load_content
from game.core.engine import new_game
from game.saves import save_game
from game.text import printable
from game.tui.app import TalentWarApp
from game.tui.screens.gameover import GameOverScreen
from game.tui.screens.newgame import NewGameScreen
from game.tui.screens.report import ReportScreen
from game.tui.screens.saves import LoadScreen

SCENARIO = "hostile-2025"
EVIL = "[b]Evil[/b] [red [/] [@click=app.quit]q\x1b[2J\x1b]0;x\x07\r\n\t\u202eLab"


def screen_text(app: TalentWarApp) -> str:
    """What the terminal shows, as text (from Textual's own SVG screenshot)."""
    svg = app.export_screenshot()
    parts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return html.unescape("".join(parts)).replace("\xa0", " ")


def fragment(name: str) -> str:
    """The start of a name as any screen shows it whole: up to 4 narrow, visible characters."""
    out = ""
    for c in printable(name).lstrip():
        if unicodedata.category(c)[0] not in "LNPS" or unicodedata.east_asian_width(c) in "WFA":
            break
        out += c
        if len(out) == 4:
            break
    return out


def toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def hostile_mod(root: Path, lab: str, person: str, title: str) -> Path:
    """A mods folder with `hostile-2025`: the default scenario, every lab called `lab` (rivals
    with a number after it), every researcher `person`, its title `title`; it ends after its
    first quarter."""
    mod = root / "mod"
    (mod / "scenarios").mkdir(parents=True, exist_ok=True)
    text = (assets_dir() / "scenarios" / "summer-2025.toml").read_text()
    text = re.sub(r'(?m)^id = "summer-2025"', f'id = "{SCENARIO}"', text, count=1)
    text = re.sub(r"(?m)^title = .*$", lambda _: f"title = {toml_string(title)}", text, count=1)
    text = re.sub(r"(?m)^last_quarter = \d+", "last_quarter = 0", text, count=1)
    labs, people = iter(range(100)), []
    head, _, rest = text.partition("[[researchers]]")

    def lab_name(_: re.Match[str]) -> str:
        n = next(labs)
        return f"name = {toml_string(lab if n == 0 else f'{lab} {n}')}"

    head = re.sub(r'(?m)^name = ".*"$', lab_name, head)
    rest = re.sub(r'(?m)^name = ".*"$', lambda _: f"name = {toml_string(person)}", rest)
    people.append(rest)
    (mod / "scenarios" / f"{SCENARIO}.toml").write_text(head + "[[researchers]]" + rest)
    return mod


def new_game_ready(app: TalentWarApp) -> bool:
    return isinstance(app.screen, NewGameScreen) and bool(app.screen.descriptions)


def check(app: TalentWarApp, *names: str) -> str:
    """The screen raised nothing, shows no control character, and shows each name's start."""
    assert app.return_code is None
    shown = screen_text(app)
    bad = [c for c in shown if unicodedata.category(c)[0] == "C" and c != "\n"]
    assert not bad, f"control characters on {type(app.screen).__name__}: {bad!r}"
    for name in names:
        start = fragment(name)
        assert start in shown, f"{start!r} of {name!r} not on {type(app.screen).__name__}"
    return shown


async def tour(
    tmp_path: Path, lab: str, person: str, title: str, save: str, *, dialogs: bool = True
) -> None:
    """Every screen of a game whose names are hostile, checked on the way (`dialogs`: the help,
    a dialog and the palette too)."""
    content = load_content([hostile_mod(tmp_path, lab, person, title)])
    saves = tmp_path / "saves"
    state = new_game(content, SCENARIO, 3, "normal")
    # a save the game wrote, under a file name someone else chose (the game's own names are
    # letters, digits and spaces, but any *.json in the folder is listed)
    written = save_game(state, "hostile", saves, content=content)
    save = save.replace("/", "").replace("\x00", "").encode()[:200].decode(errors="ignore")
    if not save.strip(". ") or not printable(save).strip():
        save = "[b]save [red x"
    try:
        written.rename(saves / f"{save}.json")
    except OSError:  # a name the file system refuses
        save = "hostile"
    app = TalentWarApp(content=content, saves_dir=saves)
    async with app.run_test(size=(120, 40)) as pilot:
        app.animation_level = "none"
        await wait_for(
            pilot, lambda: isinstance(app.screen, NewGameScreen) and app.screen.descriptions
        )
        screen = app.screen
        options = screen.query_one("#scenarios")
        ids = list(screen.descriptions)
        options.highlighted = ids.index(SCENARIO)
        await settle(pilot)
        check(app, title)  # (the lab is named at the end of the description: maybe below)

        await pilot.press("L")  # the Load dialog, over the New game screen
        await wait_for(pilot, lambda: isinstance(app.screen, LoadScreen) and app.screen.saves)
        await settle(pilot)
        check(app, save, lab)
        await pilot.press("escape")
        await settle(pilot)

        for _ in range(10):
            if isinstance(app.focused, Input):
                break
            await pilot.press("tab")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.session is not None and app.screen.is_mounted)
        await settle(pilot, 3)
        check(app, lab)  # the dashboard, and the notification naming the lab
        app.clear_notifications()
        for key, names in (("r", (person,)), ("m", (person,)), ("l", (lab,)), ("o", (lab,))):
            await pilot.press(key)
            await settle(pilot)
            check(app, *names)
        if dialogs:
            await pilot.press("question_mark")
            await settle(pilot)
            check(app)
            await pilot.press("escape", "r", "enter")  # a researcher's raise dialog
            await settle(pilot)
            check(app, person)
            await pilot.press("escape", "ctrl+p")
            await settle(pilot)
            check(app)
            await pilot.press("escape")
        await pilot.press("d", "e")  # the end-of-quarter summary
        await settle(pilot)
        check(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        await settle(pilot)
        check(app, lab)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, GameOverScreen))
        await settle(pilot)
        check(app, lab)
        await app.wait_for_autosaves()


async def test_markup_and_control_characters_in_names_are_plain_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    await tour(tmp_path, EVIL, "[/]Ada [i]Quill", "[@click=app.quit]Title[/b]", "[b]mine [red")


async def test_a_mod_name_with_an_unclosed_tag_loads_in_the_new_game_list(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The example of the issue: a scenario title `[/]` crashed the New game screen."""
    content = load_content([hostile_mod(tmp_path, "Lab", "Person", "[/]")])
    app = TalentWarApp(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, NewGameScreen) and app.screen.descriptions
        )
        screen = app.screen
        screen.query_one("#scenarios").highlighted = list(screen.descriptions).index(SCENARIO)
        await settle(pilot)
        assert "[/]" in check(app)


# Names built from hostile pieces and random text: markup, control characters, odd Unicode,
# and very long.
PIECES = st.sampled_from(
    ["[b]", "[/]", "[red", "[@click=app.quit]", "[/b]", "\x1b[2J", "\r", "\u202e", "x", "Lab", ""]
)
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
NAMES = st.builds(lambda a, b, c: a + b + c, PIECES, TEXT, PIECES) | st.builds(
    lambda a, n: a * n, PIECES.filter(bool), st.integers(20, 120)
)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lab=NAMES, person=NAMES, title=NAMES, save=NAMES)
async def test_fuzzed_names_on_every_screen(tmp_path_factory, lab, person, title, save) -> None:  # type: ignore[no-untyped-def]
    for name in (lab, person, title):
        # (names the data files refuse are not this test's: a lab needs a visible name)
        if not printable(name).strip():
            return
    await tour(tmp_path_factory.mktemp("fuzz"), lab, person, title, save, dialogs=False)
