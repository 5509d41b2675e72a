"""What ``symconv.check`` and ``symconv check`` both run: the settings a check reads from
the options given, the options the named layer refuses, and the reports.

The options are keyed by the command line's names (``layer``, ``network``, ``notation``,
``index_base``, ``input``, ..., ``no_bias``), their values as the command line spells them;
the checker reads each as text, as it reads the front matter of a note.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from symconv.api.results import Checks
from symconv.spec.options import APPLIES_TO, refuse_inapplicable

# command-line option -> setting key (the same keys as front matter and directives)
SETTING_KEYS = {
    "layer": "layer",
    "input": "input",
    "kernel": "kernel",
    "stride": "stride",
    "padding": "padding",
    "dilation": "dilation",
    "in_channels": "in-channels",
    "out_channels": "out-channels",
    "groups": "groups",
    "mode": "mode",
    "in_features": "in-features",
    "out_features": "out-features",
    "network": "network",
    "notation": "notation",
    "index_base": "index-base",
}
# Every option a check takes.
OPTIONS = (*SETTING_KEYS, "no_bias")


def settings_of(options: dict[str, object]) -> dict[str, str]:
    """The checker's settings (front-matter keys, text values) of the options given."""
    found = {
        key: str(options[name])
        for name, key in SETTING_KEYS.items()
        if options.get(name) is not None
    }
    if options.get("no_bias"):
        found["bias"] = "false"
    return found


def refuse_inapplicable_options(options: dict[str, object], has_files: bool) -> None:
    """Layer options the layer named by the options does not take are refused.

    With neither ``layer`` nor ``network`` the notes may name the layer, so only an
    expression (no file) is checked then, against the default conv2d."""
    given = {name: options[name] for name in APPLIES_TO if options.get(name) not in (None, False)}
    if options.get("network") is not None:
        refuse_inapplicable(given, "", f"network {options['network']!r}")
    elif options.get("layer") is not None or not has_files:
        refuse_inapplicable(given, str(options.get("layer") or "conv2d"))


def check_sources(
    sources: list[str | Path],
    expr: str | None,
    options: dict[str, object],
    is_file: Callable[[str | Path], bool] = lambda source: True,
) -> Checks:
    """One report per source (a file when ``is_file`` says so, else the text of a note),
    or one for ``expr`` when it is given; nothing is refused for holding no equation
    (:meth:`Checks.unusable` says which would be)."""
    from symconv.checker.runner import check_expression, check_file, check_text

    refuse_inapplicable_options(options, bool(sources))
    settings = settings_of(options)
    if expr is not None:
        return Checks([check_expression(expr, settings)])
    return Checks(
        [
            check_file(str(s), settings)
            if is_file(s)
            else check_text(str(s), "<text>", settings)  # text: is_file says a Path is a path
            for s in sources
        ]
    )
