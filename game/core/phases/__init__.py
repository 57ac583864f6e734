"""The steps of a quarter, in GAME.md's order; each is `f(state, ctx)` on the new state and the
quarter's context (`game.core.quarter.Quarter`). `game.core.engine.advance` calls them in
order. A phase imports the shared core modules, never another phase."""
