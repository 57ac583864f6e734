"""Saving, loading, autosaving and replaying games: the only code that reads or writes game files.

- `format`: the file format, its models and JSON Schema, the checksum, encoding a state;
- `migrations`: upgrading older files (only ones that carry a checksum);
- `store`: the saves folder (names, atomic writes, autosave pruning, listing, safe reading);
- `replay`: rebuilding a game from its seed and orders as a determinism check.

A pure library: no Textual, no Rich, no printing (see `game.save_commands`).
"""

from __future__ import annotations

from game.saves.format import (
    CHECKSUM_SINCE,
    CURRENT_VERSION,
    FORMAT,
    SCHEMA_PATH,
    SaveError,
    SaveFile,
    SaveMeta,
    canonical_json,
    checksum,
    save_schema,
    schema_text,
    write_schema,
)
from game.saves.migrations import MIGRATIONS, migrate
from game.saves.replay import ReplayResult, replay
from game.saves.store import (
    AUTOSAVE_PREFIX,
    BACKUP_SUFFIX,
    ENV_VAR,
    MAX_BYTES,
    MAX_NAME,
    SUFFIX,
    SaveInfo,
    autosave,
    backup_path,
    check_mods,
    content_for,
    encode,
    exists,
    list_saves,
    load_game,
    load_save,
    mods_hash,
    move_aside,
    prune_autosaves,
    read_bytes,
    read_info,
    replace_file,
    resolve,
    resolved_mods,
    save_files,
    save_game,
    save_path,
    saves_dir,
    validate_name,
    write_atomic,
)

__all__ = [
    "AUTOSAVE_PREFIX",
    "BACKUP_SUFFIX",
    "CHECKSUM_SINCE",
    "CURRENT_VERSION",
    "ENV_VAR",
    "FORMAT",
    "MAX_BYTES",
    "MAX_NAME",
    "MIGRATIONS",
    "SCHEMA_PATH",
    "SUFFIX",
    "ReplayResult",
    "SaveError",
    "SaveFile",
    "SaveInfo",
    "SaveMeta",
    "autosave",
    "backup_path",
    "canonical_json",
    "check_mods",
    "checksum",
    "content_for",
    "encode",
    "exists",
    "list_saves",
    "load_game",
    "load_save",
    "migrate",
    "mods_hash",
    "move_aside",
    "prune_autosaves",
    "read_bytes",
    "read_info",
    "replace_file",
    "replay",
    "resolve",
    "resolved_mods",
    "save_files",
    "save_game",
    "save_path",
    "save_schema",
    "saves_dir",
    "schema_text",
    "validate_name",
    "write_atomic",
    "write_schema",
]
