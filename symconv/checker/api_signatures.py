"""A function's signature in the notes, not a layer: ``Conv1D(in_ch, out_ch, kernel,
dilation=1)`` as the heading of a library's documentation, ``nn.Conv2d(in_channels,
out_channels, kernel_size, stride=1, padding=0)`` in a reference table.

Its keyword values are the defaults of an interface, so "dilation=1" there says nothing of
the layer the notes go on to use ("input of length 10, kernel 3 and dilation 2"): read as a
fact, it contradicts the layer's own dilation.  A call is a signature when one of its
arguments is a bare parameter name and another a keyword with its default; a call with
values only (``nn.Conv2d(3, 16, 5)``,
``Conv1D(1, 1, 3, dilation=2)``) builds a layer and is read as usual.

So does a call that passes a size by the notes' letter (``nn.Conv2d(1, 1, k, stride=2,
padding=1)``, "input $H \times H$, kernel $k \times k$"): a signature declares names, never
a number in a parameter's place, and its keywords carry the interface's defaults, so a
positional number, or a stride, padding, dilation or groups other than PyTorch's default,
says the call builds a layer and its keywords are that layer's settings.
"""

from __future__ import annotations

import re

# Name(arguments), the arguments without nested parentheses
_CALL = re.compile(r"\b[A-Za-z_][\w.]*\(([^()]*)\)")
# an argument that is a parameter's name alone: in_ch, kernel_size, out_features
_BARE_NAME = re.compile(r"^\s*[A-Za-z_]\w*\s*$")
_KEYWORD = re.compile(r"^\s*[A-Za-z_]\w*\s*=")
# a number written in a positional parameter's place: ``Conv2d(1, 1, k)``, ``Conv2d(3, 8, (3, 3))``
_POSITIONAL_NUMBER = re.compile(r"^\s*\(?\s*\d+\s*(?:,|\)|$)")
# a keyword set to a whole number other than PyTorch's default for it (stride=1, padding=0,
# dilation=1, groups=1 in every convolution and the defaults a signature lists)
_SETTING = re.compile(r"^\s*(stride|padding|dilation|groups)\s*=\s*(\d+)\s*$")
_DEFAULT = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1}


def is_signature(arguments: str) -> bool:
    """Whether a call's argument list declares parameters with defaults: a bare name among
    them and a keyword given a value (``f(x)`` alone is no signature: it has no default to
    mislead)."""
    parts = [p for p in arguments.split(",") if p.strip()]
    if not (any(_BARE_NAME.match(p) for p in parts) and any(_KEYWORD.match(p) for p in parts)):
        return False
    positional = [p for p in parts if not _KEYWORD.match(p)]
    if any(_POSITIONAL_NUMBER.match(p) for p in positional):
        return False  # Conv2d(1, 1, k, ...): a number where a signature names a parameter
    for part in parts:
        m = _SETTING.match(part)
        if m is not None and int(m.group(2)) != _DEFAULT[m.group(1)]:
            return False  # stride=2: no interface's default, the setting of a layer built
    return True


def without_signatures(text: str) -> str:
    """``text`` with the argument lists of its signatures blanked (same length: positions
    in the text keep their meaning)."""

    def blank(m: re.Match[str]) -> str:
        if not is_signature(m.group(1)):
            return m.group(0)
        start, end = m.span(1)
        whole = m.group(0)
        offset = m.start()
        return whole[: start - offset] + " " * (end - start) + whole[end - offset :]

    return _CALL.sub(blank, text)
