"""argparse as symconv's commands use it: one-line errors with a suggestion, defaults in help.

argparse answers a typo with its whole usage block and ``invalid choice: 'x' (choose from
'a', 'b')``; a newcomer needs the one line that says what was wrong and what was probably
meant.  :class:`Parser` (inherited by every subcommand's parser) prints
``symconv: error: <message>`` and exits 2, suggesting the closest verb, option or choice.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from typing import NoReturn

_CHOICE = re.compile(
    r"argument (?P<arg>\S+): invalid choice: '?(?P<value>.*?)'? "
    r"\(choose from (?P<choices>.*)\)$"
)


def listing(items) -> str:
    """``a, b, c``: how a rule lists its values (never a Python tuple or list)."""
    return ", ".join(str(item) for item in items)


def did_you_mean(word: str, known) -> str:
    """``did you mean 'x'?`` when one of ``known`` is close to ``word``, else ``""``."""
    close = difflib.get_close_matches(word, [str(k) for k in known], n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions as written (the check epilog is laid out by hand); every default shown.

    An option whose help does not already say its default gets ``(default: X)``; a
    switch (default off) and an option whose default depends on the layer say so in
    their own help text."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if (
            "default" in text
            or not action.option_strings
            or action.nargs == 0
            or default is None
            or default is argparse.SUPPRESS
        ):
            return text
        shown = listing(default) if isinstance(default, list | tuple) else "%(default)s"
        return f"{text} (default: {shown})"


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line with a "did you mean" (exit 2)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["formatter_class"] = HelpFormatter
        super().__init__(*args, **kwargs)
        self.commands: argparse._SubParsersAction | None = None

    def add_subparsers(self, **kwargs):
        self.commands = super().add_subparsers(**kwargs)
        return self.commands

    def parse_args(self, args=None, namespace=None):
        """Unknown arguments are named one by one, with the nearest option of the verb."""
        found, extras = self.parse_known_args(args, namespace)
        if extras:
            self._unknown(found, extras)
        return found

    def _unknown(self, found: argparse.Namespace, extras: list[str]) -> NoReturn:
        parser = self
        command = getattr(found, "command", None)
        if self.commands is not None and command in self.commands.choices:
            parser = self.commands.choices[command]
        options = [s for action in parser._actions for s in action.option_strings]
        word = next((e for e in extras if e.startswith("-")), extras[0])
        if word.startswith("-"):
            name = word.split("=", 1)[0]
            parser.error(f"option {name} is unknown to {parser.prog}", did_you_mean(name, options))
        parser.error(
            f"argument {word!r} is not expected here; the rule: one value per option "
            "and one target per command"
        )

    def error(self, message: str, hint: str = "") -> NoReturn:
        """One line on stderr, exit 2: the message, then a suggestion or where help is."""
        match = _CHOICE.match(message)
        if match:
            choices = [c.strip().strip("'") for c in match["choices"].split(",")]
            value, arg = match["value"], match["arg"]
            what = "a command" if arg.lower() == "command" else f"allowed for {arg}"
            message = f"{value!r} is not {what}; the rule: one of {listing(choices)}"
            hint = hint or did_you_mean(value, choices)
        print(f"symconv: error: {message}; {hint or f'see {self.prog} --help'}", file=sys.stderr)
        sys.exit(2)
