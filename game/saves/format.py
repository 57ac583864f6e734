"""The save file format: the models, the schema, the checksum, and encoding a state.

A save is one JSON file:

    {"format": "talent-war-save", "version": 2, "checksum": "<sha256>",
     "saved_at": "<ISO time>", "meta": {...}, "state": {...GameState...}}

The checksum is the SHA-256 of the canonical JSON (sorted keys, no spaces) of every other field,
so a truncated, corrupted or hand-edited file is refused instead of played. `meta` restates a
few facts of the state for the saves listing; it is checked against the state on every read.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import to_json

from game.core.calendar import quarter_label
from game.core.models import Difficulty, GameState, Orders, ReleaseChoice
from game.ids import GAME_ID

if TYPE_CHECKING:
    from game.core.config import Content

FORMAT = "talent-war-save"
CURRENT_VERSION = 3  # 2: the state may carry `daily`; 3: the optional `session` block
CHECKSUM_SINCE = 1  # the first version whose files carry a checksum
SCHEMA_PATH = Path(__file__).resolve().parent.parent.parent / "schema" / "save.schema.json"
QUARTER_LABEL = re.compile(r"^[0-9]{4}-Q[1-4]$")


class SaveError(ValueError):
    """A save that cannot be written or read; the message is one line and names the file."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class SaveMeta(BaseModel):
    """What the saves listing shows without validating the state; checked against it on read."""

    model_config = ConfigDict(extra="forbid")

    quarter: int = Field(ge=0, description="quarters played (0 = the scenario's start)")
    quarter_label: str = Field(description="the quarter as the player sees it, e.g. 2026-Q1")
    lab: str = Field(description="the player's lab name")
    cash: float = Field(description="the player's cash, $M")
    scenario: str
    difficulty: Difficulty
    seed: int
    mods: list[str] = Field(
        default_factory=list, description="mod folders the game was played with, in order"
    )
    mods_hash: str = Field(
        default="",
        description="SHA-256 of the mod folders' files (empty: no mods, or an older save)",
    )
    outcome: Literal["won", "lost"] | None = None
    game_version: str = ""


def game_id_of(state: GameState) -> str:
    """The id of a game saved before games had one (no `session` block): the same for every
    save of that game (from what never changes in it), 8 hex digits."""
    key = "\0".join(
        str(x) for x in (state.scenario, state.seed, state.difficulty, state.daily, state.player)
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


class SaveSession(BaseModel):
    """The player's session around the game: not part of the game state nor of its hash."""

    model_config = ConfigDict(extra="forbid")

    game_id: str = Field(
        pattern=GAME_ID, description="which game this is; its autosaves are named by it"
    )
    draft: Orders = Field(
        default_factory=Orders, description="the orders drafted for this quarter, not yet sent"
    )
    release: ReleaseChoice = Field(
        default="keep", description="the standing release choice, carried from quarter to quarter"
    )


class SaveFile(BaseModel):
    """One save file, as written to disk."""

    model_config = ConfigDict(extra="forbid", title="Talent War save file")

    format: Literal["talent-war-save"]
    version: Literal[3]
    checksum: str = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 of the canonical JSON (sorted keys, no spaces) of the other fields",
    )
    saved_at: str = Field(description="when it was saved, ISO 8601 (metadata only)")
    meta: SaveMeta
    state: GameState
    session: SaveSession | None = Field(
        default=None, description="the player's session (game id, drafts); absent before v3"
    )

    @field_validator("saved_at")
    @classmethod
    def _iso_time(cls, value: str) -> str:
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"not an ISO 8601 time: {value!r}") from None
        return value


def canonical_json(data: Any) -> bytes:
    """The canonical bytes the checksum is computed over."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def checksum(doc: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of every field except the checksum itself."""
    payload = {k: v for k, v in doc.items() if k != "checksum"}
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def save_schema() -> dict[str, Any]:
    """The JSON Schema of a save file (committed as schema/save.schema.json)."""
    schema = SaveFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://talent-war.invalid/schema/save.schema.json"
    return schema


def schema_text() -> str:
    return json.dumps(save_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schema(path: str | Path = SCHEMA_PATH) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path


# --- the metadata and the state agree ---------------------------------------------------


def meta_problem(meta: Mapping[str, Any], state: Any) -> str | None:
    """Where the metadata restates the state wrongly, on the raw JSON (cheap: no models).

    Returns one line naming the first field that disagrees, or None."""
    if not isinstance(meta, Mapping) or not isinstance(state, Mapping):
        return "meta or state is not an object"
    labs = state.get("labs")
    player = state.get("player")
    lab = labs.get(player) if isinstance(labs, Mapping) and isinstance(player, str) else None
    if isinstance(labs, Mapping) and isinstance(player, str) and lab is None:
        return f"state.player: the seat {_shown(player)} is no lab of this game"
    outcome = state.get("outcome")
    facts = {
        "quarter": state.get("quarter"),
        "scenario": state.get("scenario"),
        "difficulty": state.get("difficulty"),
        "seed": state.get("seed"),
        "lab": lab.get("name") if isinstance(lab, Mapping) else None,
        "cash": lab.get("cash") if isinstance(lab, Mapping) else None,
        "outcome": outcome.get("result") if isinstance(outcome, Mapping) else None,
    }
    for field, is_ in facts.items():
        said = meta.get(field)
        if said != is_ or (type(said) is not type(is_) and not _same_number(said, is_)):
            return f"meta.{field}: {_shown(said)} does not match the game ({_shown(is_)})"
    label = meta.get("quarter_label")
    if not isinstance(label, str) or not QUARTER_LABEL.match(label):
        return f"meta.quarter_label: {_shown(label)} is not a quarter such as 2026-Q1"
    return None


def _same_number(a: Any, b: Any) -> bool:
    numbers = (int, float)
    return (
        isinstance(a, numbers)
        and isinstance(b, numbers)
        and not isinstance(a, bool)
        and not isinstance(b, bool)
        and a == b
    )


def _shown(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def references_problem(state: GameState) -> str | None:
    """Cross-references pydantic cannot see; a hand-edited save must not crash the core."""
    if state.player not in state.labs:
        return f"state.player: the seat {_shown(state.player)} is no lab of this game"
    if not state.labs[state.player].player:
        return f"state.labs.{state.player}.player: the player's lab is not marked as the player's"
    others = [key for key, lab in state.labs.items() if lab.player and key != state.player]
    if others:
        return f"state.labs.{others[0]}.player: only the seat, {state.player}, is the player's"
    for key, lab in state.labs.items():
        if lab.id != key:
            return f"state.labs.{key}.id: is {lab.id!r}, should be {key!r}"
    for key, r in state.researchers.items():
        if r.id != key:
            return f"state.researchers.{key}.id: is {r.id!r}, should be {key!r}"
        if r.lab is not None and r.lab not in state.labs:
            return f"state.researchers.{key}.lab: no lab {r.lab!r}"
    for i, a in enumerate(state.approaches):
        if a.lab not in state.labs:
            return f"state.approaches.{i}.lab: no lab {a.lab!r}"
        if a.researcher not in state.researchers:
            return f"state.approaches.{i}.researcher: no researcher {a.researcher!r}"
    return None


def pydantic_problem(e: ValidationError) -> str:
    errors = e.errors(include_url=False)
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"]) or "file"
    msg = first["msg"]
    if first["type"] not in ("missing", "extra_forbidden") and "input" in first:
        shown = repr(first["input"])
        if len(shown) <= 40:
            msg = f"{msg} (found {shown})"
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return f"{where}: {msg}{more}"


def validate(text: str | bytes, where: str) -> SaveFile:
    """The checks every save passes, on its JSON text: the models (strictly), the metadata
    against the state, and the references."""
    try:
        save = SaveFile.model_validate_json(text, strict=True)
    except ValidationError as e:
        raise SaveError(f"{where}: {pydantic_problem(e)}") from None
    except (ValueError, RecursionError) as e:
        raise SaveError(f"{where}: not a save ({e})") from None
    problem = meta_problem(
        save.meta.model_dump(mode="json"), save.state.model_dump(mode="json", include=_FACTS)
    ) or references_problem(save.state)
    if problem:
        raise SaveError(f"{where}: {problem}")
    return save


_FACTS = {"quarter", "scenario", "difficulty", "seed", "player", "labs", "outcome"}


# --- encoding ---------------------------------------------------------------------------


@functools.cache
def game_version() -> str:
    try:
        from importlib.metadata import version

        return version("talent-war")
    except Exception:
        return ""


def iso_time(saved_at: datetime | str | None) -> str:
    if saved_at is None:
        saved_at = datetime.now(UTC)
    if isinstance(saved_at, datetime):
        if saved_at.tzinfo is None:
            saved_at = saved_at.replace(tzinfo=UTC)
        return saved_at.isoformat(timespec="seconds")
    datetime.fromisoformat(saved_at)  # raises ValueError when it is not a time
    return saved_at


def label(state: GameState, content: Content | None) -> str:
    if content is not None:
        bal = content.balance
        return quarter_label(state.quarter, bal.start_year, bal.start_quarter)
    return quarter_label(state.quarter)


def make_meta(
    state: GameState, *, quarter_label: str, mods: Sequence[str], mods_hash: str
) -> SaveMeta:
    lab = state.labs[state.player]
    return SaveMeta(
        quarter=state.quarter,
        quarter_label=quarter_label,
        lab=lab.name,
        cash=lab.cash,
        scenario=state.scenario,
        difficulty=state.difficulty,
        seed=state.seed,
        mods=list(mods),
        mods_hash=mods_hash,
        outcome=state.outcome.result if state.outcome is not None else None,
        game_version=game_version(),
    )


def encode_doc(
    state: GameState,
    meta: SaveMeta,
    saved_at: str,
    *,
    pretty: bool = True,
    session: SaveSession | None = None,
) -> bytes:
    """The bytes of a save file for `state` (JSON with its checksum), with the player's
    `session` when given.

    `pretty` indents the JSON for people who open the file; autosaves, written at every
    quarter's end, are compact. Both load the same: the checksum is over the canonical JSON,
    whatever the layout of the file.
    """
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": CURRENT_VERSION,
        "checksum": "",
        "saved_at": saved_at,
        "meta": meta.model_dump(mode="json"),
        "state": state.model_dump(mode="json"),
    }
    if session is not None:
        doc["session"] = session.model_dump(mode="json")
    try:
        doc["checksum"] = checksum(doc)  # (refuses NaN and infinity, as JSON does)
        if pretty:
            # pydantic-core's encoder indents as fast as `json` writes compact JSON; its floats
            # are the shortest that read back exactly, like Python's own
            text = to_json(doc, indent=1).decode("utf-8")
        else:
            text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except ValueError as e:  # NaN or infinity somewhere in the state
        raise SaveError(
            f"cannot save: the game state holds a number JSON cannot store ({e})"
        ) from None
    # never write a file that would not load: a state the core left invalid is refused here
    try:
        validate(text, "the game state")
    except SaveError as e:
        raise SaveError(f"cannot save: {e}") from None
    return (text + "\n").encode("utf-8")
