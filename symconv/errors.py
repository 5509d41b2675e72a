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


# set (by the test suite, and by the CLI's --debug) to let an internal error raise with its
# traceback instead of being reported in one line (or, in the checker, instead of leaving the
# statement whose reading raised not understood while the rest of the notes are checked)
STRICT_ENV = "SYMCONV_STRICT"
# the CLI's exit status for a bug of symconv's (EX_SOFTWARE), apart from 1 (claims wrong) and
# 2 (input a user can fix)
INTERNAL_ERROR = 70


def internal_error(exc: Exception) -> str:
    """One line naming an internal error: a bug of symconv's, never a verdict on the input."""
    return (
        f"internal error ({type(exc).__name__}: {exc}); a bug in symconv: run with --debug "
        "for the traceback and report it"
    )


def require(condition: object, message: str) -> None:
    """Raise :class:`SpecError` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise SpecError(message)
