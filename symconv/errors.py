"""The one error family symconv raises for input a user can fix.

Every message names the value that was given and the rule it broke, in one line,
so that the CLI can print it as ``symconv: error: ...`` without a traceback.
"""

from __future__ import annotations


class SymconvError(ValueError):
    """Bad input: the message names the offending value and the rule."""


class SpecError(SymconvError):
    """A layer or network specification breaks a shape or option rule."""


class ArgumentError(SymconvError):
    """A kernel, node or primitive got arrays or parameters that break its rule.  (The
    primitives of symconv.runtime.numeric raise it too; the standalone module ``symconv
    export`` writes from them, where symconv cannot be imported, defines its own
    ``ArgumentError(ValueError)``.)"""


class BudgetError(SymconvError):
    """Expanding a configuration element by element would exceed the term budget."""


def require(condition: object, message: str) -> None:
    """Raise :class:`SpecError` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise SpecError(message)
