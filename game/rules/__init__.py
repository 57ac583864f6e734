"""The rules engine: a safe expression language and the rule and event files built on it.

A standalone library: it never imports the game core, Textual or Rich.
"""

from game.rules.events import EFFECTS, Event, load_events, render_headline
from game.rules.fields import FIELDS
from game.rules.files import check_paths, file_kind, load_rule_dir
from game.rules.functions import FUNCTIONS
from game.rules.lang import Compiled, compile_expr
from game.rules.playbooks import ACTIONS, ActionSpec, ParamSpec, Playbook, Rule, load_playbook
from game.rules.reading import RuleError
from game.rules.syntax import ExprError

__all__ = [
    "ACTIONS",
    "EFFECTS",
    "FIELDS",
    "FUNCTIONS",
    "ActionSpec",
    "Compiled",
    "Event",
    "ExprError",
    "ParamSpec",
    "Playbook",
    "Rule",
    "RuleError",
    "check_paths",
    "compile_expr",
    "file_kind",
    "load_events",
    "load_playbook",
    "load_rule_dir",
    "render_headline",
]
