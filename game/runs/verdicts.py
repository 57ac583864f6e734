"""Reading `assets/verdicts.toml` (a mod's `verdicts.toml` replaces it) and scoring a game.

The content loads the table with the other data files (`Content.verdicts`); `load_table`
reads it alone, for checks and tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from game.datafiles import first_problem
from game.runs import RunError

if TYPE_CHECKING:
    from game.core.config import Content
    from game.core.models import GameState
    from game.core.score import Score, ScoreTable

FILE = "verdicts.toml"


def table_path(sources: Sequence[str | Path]) -> Path:
    """The verdicts file of the content's sources (the base assets, then mods): the last one."""
    from game.datafiles import assets_dir

    found = Path(assets_dir()) / FILE
    for mod in list(sources)[1:]:
        if (Path(mod) / FILE).is_file():
            found = Path(mod) / FILE
    return found


def load_table(sources: Sequence[str | Path] = ()) -> ScoreTable:
    """The score table, validated; a bad file is a RunError naming it."""
    from pydantic import ValidationError

    from game.core.score import ScoreTable
    from game.datafiles import DataFileError, parse_toml

    path = table_path(sources)
    try:
        data = parse_toml(path, path.read_bytes())
        return ScoreTable.model_validate(data)
    except OSError as e:
        raise RunError(f"{path}: cannot read: {e.strerror or e}") from None
    except ValidationError as e:
        raise RunError(f"{path}: {first_problem(e)}") from None
    except (DataFileError, ValueError) as e:
        raise RunError(f"{path}: not valid TOML: {e}") from None


def score_of(state: GameState, content: Content) -> Score:
    """The score of a (finished) game with the content's verdicts table."""
    from game.core.score import score

    table = content.verdicts if content.verdicts is not None else load_table(content.sources)
    return score(state, content, table)


__all__ = ["load_table", "score_of", "table_path"]
