"""Autosaves at the end of each quarter, written off the event loop, in order.

The save (encoding, checking, an atomic write with fsync) runs on one dedicated thread, so the
quarter report does not wait for the disk and autosaves land in the order the quarters ended.
Each starts once the report is painted (`call_after_refresh`): encoding holds the GIL for a few
milliseconds at a time, which would otherwise slow the report's layout and render. A worker
awaits each one to report a failure on the event loop. Quitting waits for the saves due or in
flight (`wait`, `quit_when_saved`). Each is named by its game's id and quarter
(`autosave-<game id>-<quarter>`, with the session's drafts), and only the last three of each
game are kept: another game's autosaves and the player's own saves are never deleted.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from game.core.config import Content
    from game.core.models import GameState
    from game.saves import SaveSession
    from game.tui.app import TalentWarApp

KEEP = 3
"""How many autosaves of each game the saves folder keeps."""
WORKER_NAME = "autosave"


class Autosaver:
    """The app's autosaves: due, in flight on the saver thread, and how they ended."""

    def __init__(self, app: TalentWarApp) -> None:
        self.app = app
        # due, not yet handed to the thread
        self.pending: list[tuple[GameState, Content, SaveSession | None]] = []
        self._saver: ThreadPoolExecutor | None = None
        self._last: Future[Path] | None = None

    def due(self, state: GameState, content: Content, session: SaveSession | None = None) -> None:
        """Autosave `state` (with the `session` block: game id, drafts) once the screen is
        painted; a failure only warns. (The state is never changed in place: the core returns
        a new one each quarter; the block is a copy.)"""
        self.pending.append((state, content, session))
        self.app.call_after_refresh(self.start)

    def start(self, *, workers: bool = True) -> None:
        """Hand the autosaves due to the saver thread, in order (with `workers`, a worker
        awaits each to report a failure)."""
        if not self.pending:
            return
        from game.saves import autosave

        while self.pending:
            state, content, session = self.pending.pop(0)
            if self._saver is None:
                self._saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")
            future = self._saver.submit(
                autosave, state, self.app.saves_dir, keep=KEEP, content=content, session=session
            )
            self._last = future
            if workers:
                self.app.run_worker(
                    asyncio.wrap_future(future),
                    name=WORKER_NAME,
                    group=WORKER_NAME,
                    exit_on_error=False,
                )

    @property
    def in_flight(self) -> bool:
        """True while an autosave is due or being written."""
        return bool(self.pending) or (self._last is not None and not self._last.done())

    def worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An autosave's worker changed state: a disk problem is a warning, a bug is raised."""
        from game.saves import SaveError

        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if not isinstance(error, (SaveError, OSError)):
            raise error  # a bug, not a disk problem: fail loudly as anywhere else
        self.app.notify(f"Autosave failed: {error}", severity="warning", timeout=6)

    async def wait(self) -> None:
        """Return when every autosave due so far is on disk (or has failed)."""
        self.start()
        last = self._last  # one thread, in order: the last one done means all are
        if last is not None and not last.done():
            await asyncio.wait([asyncio.wrap_future(last)])

    async def quit_when_saved(self) -> None:
        """Leave once the autosaves in flight are on disk (run as a worker: the app stays
        live meanwhile)."""
        if self.in_flight:
            self.app.notify("Finishing the autosave…", timeout=3)
        await self.wait()
        self.app.exit(0)

    def close(self) -> None:
        """However the app ends, an autosave due or in flight is finished, never cut short."""
        self.start(workers=False)
        if self._saver is not None:
            self._saver.shutdown(wait=True)
