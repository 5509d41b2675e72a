"""A pooling claim whose own line names its pool: "| 12 | average pooling $2 \\times 2$,
passo 2 | $\\frac{\\partial L}{\\partial X_{p,q}} = \\frac{1}{4}\\,\\delta_{\\lfloor p/2
\\rfloor, \\lfloor q/2 \\rfloor}$ |", "For $3 \\times 3$ max pooling with stride 1, $...$".

A table of formulas (a cheat sheet) puts each layer on its own row, under a section whose
layer read is one of them or none; a sentence can name the pool of its claim the same way.
Where the text of the claim's own line before it names exactly one pool kind with its window
and stride (worked_pool_names.pool_words), the claim is judged under that pool.  The notes
do not give the input's size there: it is judged at two inputs the window tiles (k + s and
k + 2s on a side), and a verdict is given only where both agree (the guess cannot change it).
"""

from __future__ import annotations

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.worked_pool_names import UNREAD, pool_words


def row_pool(prefix: str) -> tuple[str, tuple[int, int], tuple[int, int]] | None:
    """(layer kind, kernel, stride) of the one pool ``prefix`` (the claim's line before it)
    names with a window and a stride, else None."""
    words = pool_words([prefix], 2, "")
    if words.lead_op is None or words.lead_kinds != {words.lead_op}:
        return None
    window = words.section_window
    if window is None or window == UNREAD:
        return None
    kind = "maxpool2d" if words.lead_op == "max" else "avgpool2d"
    return kind, window[0], window[1]


def settings_for(kind: str, kernel, stride) -> list[dict[str, str]]:
    """The settings of the pool at the two inputs it is judged at."""
    out = []
    for times in (1, 2):
        h, w = kernel[0] + times * stride[0], kernel[1] + times * stride[1]
        out.append(
            {
                "layer": kind,
                "kernel": f"{kernel[0]}x{kernel[1]}",
                "stride": f"{stride[0]}x{stride[1]}",
                "padding": "0",
                "input": f"{h}x{w}",
                "in-channels": "1",
                # the section's size letters name its own layer's sizes (and a pool with
                # them is not built, runner._build_context): a claim in them stays unread
                "sizes": "",
            }
        )
    return out


def judge_under_row_pool(prefix: str, settings, text: str, judged_under) -> dict | None:
    """The verdict of ``text`` under the pool its line names (None: none named, the layer
    read is that pool already, or the two inputs do not give one verdict)."""
    named = row_pool(prefix)
    if named is None:
        return None
    kind, kernel, stride = named
    if settings.get("layer") == kind:
        return None  # the section's own pool: its reading stands
    found = [judged_under(text, changes) for changes in settings_for(kind, kernel, stride)]
    if any(f is None or f["status"] not in (VERIFIED, WRONG) for f in found):
        return None
    if found[0]["status"] != found[1]["status"]:
        return None
    shown = "max" if kind == "maxpool2d" else "average"
    return {
        **found[0],
        "message": f"under the {shown} pooling its line names (window {kernel[0]}x{kernel[1]}, "
        f"stride {stride[0]}; at inputs of two sizes, the same verdict): {found[0]['message']}",
    }
