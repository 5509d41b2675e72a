"""A stride the notes state in words the checker cannot read, betrayed by their own numbers.

"Đầu vào $X$ là $5 \\times 5$, kernel $K$ là $2 \\times 2$, bước trượt bằng 2": the input and
the kernel are read, the stride ("bước trượt", in a language no reader knows) is not, so the
layer gets the default stride 1.  The notes' worked output then gives it away: a
$Y = \\begin{pmatrix} 5 & 1 \\\\ 1 & 2 \\end{pmatrix}$ is 2x2, which stride 1 cannot make from
5x5 with a 2x2 kernel (4x4) but stride 2 can.  Judged at stride 1, a claim right for stride 2
is a false alarm and a stride-1 formula ($\\partial L / \\partial K = X \\star G$) a miss.

So where the section states no stride and an output the notes write out has a shape the
layer's stride 1 does not give but a larger stride does, a verdict (verified, wrong,
size-specific) that the claim does not also get at that larger stride is not understood,
naming the output that contradicts the assumed stride; one it gets at both strides stands
(a slip that is wrong at any stride is still caught).  A stride the notes state (in any
words read) is never second-guessed here: a wrong output shape under it is the student's
mistake.
"""

from __future__ import annotations

from collections.abc import Callable

from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG

_JUDGED = (VERIFIED, WRONG, SIZE_SPECIFIC)


def _output_shapes(section: str, letters: dict[str, str]) -> list[tuple[int, tuple[int, int]]]:
    """(line, (rows, columns)) of every output the section writes out as a matrix."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements
    from symconv.checker.worked_numbers import in_role_letters, statement_numbers

    found = []
    for event in scan(in_role_letters(section, letters)):
        if event.kind != "math":
            continue
        for piece in statements(event.text):
            got = statement_numbers(piece.text)
            if got is None or "Y" not in got[0] or not got[1] or not got[1][0]:
                continue
            at = event.line + event.text[: piece.offset].count("\n")
            found.append((at, (len(got[1]), len(got[1][0]))))
    return found


def _side(size: int, kernel: int, pad: int, dilation: int, stride: int) -> int:
    return (size + 2 * pad - dilation * (kernel - 1) - 1) // stride + 1


def unread_stride(
    section: str, layer: dict, stated: frozenset, letters: dict[str, str]
) -> tuple[str, int] | None:
    """Why the section's stride 1 is in doubt (an output written out that only a larger
    stride gives) and that stride, or None."""
    if "stride" in stated or layer.get("stride") != 1 or layer.get("out_h") is None:
        return None
    try:
        h, w = int(layer["in_h"]), int(layer["in_w"])
        kh, kw = int(layer["k_h"]), int(layer["k_w"])
        pad, dilation = int(layer.get("pad") or 0), int(layer.get("dilation") or 1)
    except (KeyError, TypeError, ValueError):
        return None
    for line, shape in _output_shapes(section, letters):
        if shape == (_side(h, kh, pad, dilation, 1), _side(w, kw, pad, dilation, 1)):
            continue
        fits = [
            s
            for s in range(2, max(kh, kw, 2) + 2)
            if shape == (_side(h, kh, pad, dilation, s), _side(w, kw, pad, dilation, s))
        ]
        if fits:
            return (
                f"the output written out on line {line} is {shape[0]}x{shape[1]}, which "
                f"stride {fits[0]} gives and the assumed stride 1 does not: the notes state "
                "their stride in words not read",
                fits[0],
            )
    return None


def unless_stride_unread(
    found: dict | None, doubt: tuple[str, int] | None, where: str, again: Callable
) -> dict | None:
    """``found``, or not-understood when it is a verdict (not plain arithmetic: the caller
    leaves that out) under the section's layer, whose stride is in doubt
    (:func:`unread_stride`), and the claim judged ``again`` at the stride that fits the
    notes' output gets another verdict: then the verdict rests on the unread stride."""
    if found is None or doubt is None or found.get("status") not in _JUDGED:
        return found
    why, stride = doubt
    other = again({"stride": str(stride)})
    if other is not None and other.get("status") == found.get("status"):
        return found  # the same verdict at either stride
    message = str(found.get("message", ""))
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"the stride of {where.split(', stride')[0]} is not read ({why}); judged at "
            f"stride 1: {message[:120]}"
        ),
    }
