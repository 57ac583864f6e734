"""The Textual interface of Talent War: screens that render the core's state and send it orders.

No game rule lives here: the screens ask `game.core` what is legal, what things cost and what the
player may estimate, and hand orders back to `game.core.engine.advance`.
"""
