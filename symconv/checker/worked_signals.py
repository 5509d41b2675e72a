"""A 1-D layer's worked example written as lists of numbers.

Notes that work a signal by hand give its tensors as tuples, in prose or display math:
"$x = (1, 2, 3, 4, 5, 6, 7)$, $w = (1, -1, 2)$", "Mit $g = (1, -1, 2, 0, 1, 3, -1)$", and
claim the results the same way: "$y = (8, 10, 12)$", "$\\partial L / \\partial w = (6, 12,
18)$", "$\\frac{\\partial L}{\\partial x} = (5, 4, -1)$", "$\\partial L / \\partial b = 3$".
A list is a one-row matrix (worked_vectors.py), so the claim is the layer's own derivation
(the output by definition, each gradient by the chain rule, exact polynomials of
:class:`~symconv.checker.truth.Model`) evaluated at the given numbers, as the matrix claims
of worked_conv.py are; a convolution's example at sizes of its own goes through
worked_direct.py.  A transposed convolution is judged at the layer's own sizes only (its
forward scatters each x_i over s i + d k - p, which the direct reader does not do).

The upstream gradient is often given in one number rather than a list: "$g_t = \\partial L /
\\partial y_t = 1$", "$\\delta = 1$", a loss that sums the outputs ($L = \\sum_t y_t$), or the
PyTorch line that does the same (``y.sum().backward()``): every entry of G is that number,
at the output's length.  A bias zeroed in code (``conv.bias.zero_()``,
``nn.init.zeros_(conv.bias)``) is a given b = 0.  The bias gradient claimed as a number is
the sum of G over the output (one filter, one sample: the layer's bias is added to each
output entry once).

A claim of another length than the output the layer's stride, padding and dilation give is
not understood (the example's settings may not be the ones read), never wrong.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.context import finding
from symconv.checker.conventions import states_convention
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.worked_conv import _NEEDS, _TAG, is_conv, judge_conv_numbers
from symconv.checker.worked_direct import DirectConv
from symconv.checker.worked_numbers import (
    GIVEN,
    Matrix,
    _sides,
    compare_matrices,
    given_before,
    matrix_of,
    role_of,
    statement_numbers,
)
from symconv.checker.worked_prose import ones_gradient
from symconv.checker.worked_vectors import vector_of

_SPACE = re.compile(r"\\[,;:! ]|\\q?quad|\s+|\\left|\\right|\\displaystyle")
_LOSS = r"(?:\\mathcal\{[LEJC]\}|[LEJC]|\\ell)"
_AT = r"(?:_\{?[a-z0-9]\}?|\[[a-z0-9]\]|\([a-z0-9]\))"  # one index: g_t, y[t], y(t)
# an upstream entry or the whole upstream gradient: g_t, \delta_t, G, dL/dy_t, \partial L/\partial y
_UPSTREAM = re.compile(
    rf"^(?:(?:[gG]|\\delta|\\Delta|d[yYzZ]){_AT}?"
    rf"|\\frac\{{\\partial{_LOSS}\}}\{{\\partial[yYzZ]{_AT}?\}}|\\partial{_LOSS}/\\partial[yYzZ]{_AT}?"
    rf"|\\nabla_\{{?[yYzZ]\}}?{_LOSS})$"
)
_BIAS = re.compile(
    rf"^(?:\\frac\{{\\partial{_LOSS}\}}\{{\\partialb\}}|\\partial{_LOSS}/\\partialb|db|"
    rf"\\nabla_\{{?b\}}?{_LOSS})$"
)
_NUMBER = re.compile(r"^([-+]?)(\d+(?:\.\d+)?)$")
_ENTRY = re.compile(r"entry \(1, (\d+)\)")
_TRANSPOSED = re.compile(
    r"\s*\^\s*(?:\{\s*(?:T|\\top|\\intercal)\s*\}|T|\\top|\\intercal)\s*([.,;]?)\s*$"
)
# y.sum().backward(), out.sum().backward(), loss = y.sum(): the loss sums the outputs
_CODE_SUM = re.compile(r"\b([A-Za-z_]\w*)\.sum\(\s*\)(?:\.backward\(\s*\)|\s*$|\s*#)")
_CODE_SUM_LOSS = re.compile(r"\b\w+\s*=\s*([A-Za-z_]\w*)\.sum\(\s*\)")
# conv.bias.zero_(), conv.bias.data.fill_(0), nn.init.zeros_(conv.bias), conv.bias[:] = 0
_CODE_ZERO_BIAS = re.compile(
    r"\.bias(?:\.data)?\.(?:zero_\(\s*\)|fill_\(\s*0(?:\.0*)?\s*\))"
    r"|init\.(?:zeros_|constant_)\(\s*[\w.]+\.bias\s*(?:,\s*0(?:\.0*)?\s*)?\)"
    r"|\.bias(?:\.data)?\s*\[\s*:\s*\]\s*=\s*0(?:\.0*)?\b"
)


def row_of(text: str) -> Matrix | None:
    """A signal's numbers as one row: a list ``(1, 5, 2)``, ``[1, 5, 2]^\\top``, or a
    matrix of one row or one column (a vector is a signal whichever way it is drawn)."""
    text = _TRANSPOSED.sub("", text.strip())
    found = vector_of(text)
    if found is None:
        matrix = matrix_of(text)
        if matrix is not None and len(matrix) > 1 and len(matrix[0]) == 1:
            return [[row[0] for row in matrix]]
        found = matrix if matrix is not None and len(matrix) == 1 else None
    return found


def is_signal_layer(model) -> bool:
    """A one-channel 1-D convolution or transposed convolution."""
    return is_conv(model) and getattr(model.spec, "dims", 2) == 1


def signal_given(text: str, model) -> bool:
    """``x = (1, 2, 3)`` under a 1-D layer: the example's input, kernel or upstream
    gradient, given (no claim)."""
    if not is_signal_layer(model):
        return False
    got = statement_numbers(text, row_of)
    return got is not None and set(got[0]) <= GIVEN


def _transposed(model) -> bool:
    return getattr(model.spec, "kind", "conv") == "conv_transpose"


def _layer_length(model, role: str) -> int:
    return int(model.layer.tensors[role].ids.shape[-1])


def _adjoint(model, given: dict) -> DirectConv:
    """The convolution a transposed layer is the adjoint of, at the given x and w's sizes:
    its input is the transposed output, (n - 1) s - p_l - p_r + d (k - 1) + o + 1 long, and
    its output has x's n entries (ConvTranspose's definition, spec/transpose.py)."""
    spec = model.spec
    n, k = len(given["X"][0][0]), len(given["W"][0][0])
    (_, _, left, right), stride, dilation = spec.padding, spec.stride[1], spec.dilation[1]
    length = (n - 1) * stride - left - right + dilation * (k - 1) + spec.output_padding[1] + 1
    if length < 1:
        raise NotUnderstood("the transposed example's padding is larger than its output")
    conv = DirectConv(spec, (1, length), (1, k))
    if conv.out != (1, n):
        raise NotUnderstood("the transposed example's sizes do not fit its stride")
    return conv


def _output_length(model, given: dict) -> int:
    """The output's length: at the given X and W's own sizes, else the layer's."""
    if not {"X", "W"} <= set(given):
        return _layer_length(model, "G")
    if _transposed(model):
        return _adjoint(model, given).hw[1]
    n, k = len(given["X"][0][0]), len(given["W"][0][0])
    return DirectConv(model.spec, (1, n), (1, k)).out[1]


def _transposed_truth(model, role: str, given: dict) -> tuple[Matrix, str]:
    """(the exact output, dL/dX or dL/dW of a transposed layer at the given numbers' own
    sizes, the lines used): its forward is the adjoint's input gradient (each x_i spread
    over s i + d u - p through w_u), so dL/dx is the adjoint's forward of G and dL/dw its
    kernel gradient with G as the input and x as the upstream gradient."""
    needs = {"Y": ("X", "W"), "dW": ("X", "G"), "dX": ("X", "W", "G")}[role]
    missing = [r for r in needs if r not in given]
    if missing or "W" not in given:
        raise NotUnderstood(
            f"a worked example, but the notes give no {missing[0] if missing else 'W'}"
        )
    conv = _adjoint(model, given)
    x, w = given["X"][0], given["W"][0]
    if "G" in given and len(given["G"][0][0]) != conv.hw[1]:
        raise NotUnderstood(
            f"the notes' G (line {given['G'][1]}) has {len(given['G'][0][0])} entries, the "
            f"transposed output of their x and w {conv.hw[1]}"
        )
    where = ", ".join(f"{r} of line {given[r][1]}" for r in needs)
    if role == "Y":
        bias = given["b"][0][0][0] if "b" in given else Fraction(0)
        if model.spec.bias and "b" not in given:
            raise NotUnderstood("a worked example's output, but the notes give no bias b")
        return [[v + bias for v in conv.input_gradient(w, x)[0]]], where
    if role == "dX":
        return conv.forward(given["G"][0], w, Fraction(0)), where
    return conv.kernel_gradient(given["G"][0], x), where


def _number_claim(text: str, names: re.Pattern[str]) -> Fraction | None:
    """c of ``A = B = c`` where every side but the last matches ``names``, else None."""
    sides = [_SPACE.sub("", s) for s in _sides(text)]
    if len(sides) < 2 or not all(names.match(s) for s in sides[:-1]):
        return None
    m = _NUMBER.match(sides[-1])
    if m is None:
        return None
    value = Fraction(m.group(2))
    return -value if m.group(1) == "-" else value


def _upstream_statements(document: str, line: int, prefix: str) -> tuple[Fraction, int] | None:
    """The last (c, line) a statement before ``line`` sets every upstream entry to."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    found = None
    for event in scan(document):
        if event.kind != "math" or event.line > line:
            continue
        for piece in statements(event.text):
            at = event.line + event.text[: piece.offset].count("\n")
            before = at < line or (at == line and piece.text.strip()[:12] in prefix)
            # "$g_t = 0$ for $t < 0$ or $t > 2$" is the zero-outside convention
            # (conventions.py), not every entry of G set to 0; no worked example sets the
            # whole upstream gradient to zero (every gradient would be zero), so a bare
            # "$\delta = 0$" is that convention too
            convention = states_convention(piece.text, "")
            value = None if convention or not before else _number_claim(piece.text, _UPSTREAM)
            if value:
                found = (value, at)
    return found


def _summing_code(document: str, line: int) -> int | None:
    """The last line before ``line`` whose code makes the loss the sum of the outputs."""
    found = None
    for at, text in enumerate(document.split("\n")[: max(line - 1, 0)], start=1):
        for m in (*_CODE_SUM.finditer(text), *_CODE_SUM_LOSS.finditer(text)):
            if role_of(m.group(1)) == "Y" or m.group(1) in ("out", "output"):
                found = at
    return found


def _with_upstream(model, given: dict, document: str, line: int, prefix: str, letters) -> dict:
    """``given`` with G as the constant the notes set it to, where that is stated after any
    list they give for it."""
    from symconv.checker.linear_loss import _scale

    length = _output_length(model, given)
    shape = (1, length)
    ones = [[Fraction(1)] * length]
    candidates: list[tuple[int, Matrix]] = []
    stated = _upstream_statements(document, line, prefix)
    if stated is not None:
        candidates.append((stated[1], [[stated[0]] * length]))
    prose = ones_gradient(document, line, shape)
    if prose is not None:
        candidates.append((prose[1], prose[0]))
    code = _summing_code(document, line)
    if code is not None:
        candidates.append((code, ones))
    if "G" in given:
        candidates.append((given["G"][1], given["G"][0]))
    if candidates:
        at, g = max(candidates, key=lambda c: c[0])
        return {**given, "G": (g, at)}
    scale = _scale(document, line, letters)
    if scale is not None:  # L = \sum_t y_t in the claim's section
        return {**given, "G": ([[scale] * length], 0)}
    return given


def _givens(model, document: str, line: int, prefix: str, letters) -> dict:
    given = given_before(document, line, prefix, read=row_of)
    if model.spec.bias and "b" not in given:
        zeroed = [
            at
            for at, text in enumerate(document.split("\n")[: max(line - 1, 0)], start=1)
            if _CODE_ZERO_BIAS.search(text)
        ]
        if zeroed:
            given["b"] = ([[Fraction(0)]], zeroed[-1])
    return _with_upstream(model, given, document, line, prefix, letters)


def _judge_bias(model, claimed: Fraction, given: dict) -> dict:
    if "G" not in given:
        raise NotUnderstood("a worked example's bias gradient, but the notes give no G")
    g, at = given["G"]
    length = _output_length(model, given)
    if len(g[0]) != length:
        raise NotUnderstood(
            f"the notes' G (line {at}) has {len(g[0])} entries, the output {length}: the "
            "example's settings are not read"
        )
    truth = sum(g[0], Fraction(0))
    where = f"the G of line {at}" if at else "the G the loss gives"
    what = f"dL/db is the sum of the upstream gradient over the {length} outputs, {truth}"
    if claimed != truth:
        return finding(WRONG, f"{what}, not {claimed}, at {where} (these numbers only)")
    return finding(VERIFIED, f"{what}, at {where} (these numbers only)")


def judge_signal(
    text: str, model, document: str, line: int, prefix: str = "", letters=None
) -> dict | None:
    """The verdict of ``y = (8, 10, 12)``, ``\\partial L/\\partial w = (6, 12, 18)`` or
    ``\\partial L/\\partial b = 3`` about a 1-D layer's worked example, at the numbers the
    notes give before it; None when the statement is not one (or is a given)."""
    if not is_signal_layer(model):
        return None
    bias = _number_claim(text, _BIAS)
    got = None if bias is not None else statement_numbers(text, row_of)
    if bias is None and (got is None or set(got[0]) <= GIVEN):
        return None
    given = _givens(model, document, line, prefix, letters or {})
    if bias is not None:
        return _judge_bias(model, bias, given)
    assert got is not None
    roles, claimed = got
    role = next((r for r in roles if r in _NEEDS), None)
    if role is None:
        return None
    own = _transposed(model) and any(
        r in given and len(given[r][0][0]) != _layer_length(model, r) for r in ("X", "W", "G")
    )  # a transposed example at sizes of its own
    tag = _TAG[role]  # the tensor whose length the claimed list has
    if role == "Y":
        length = _output_length(model, given)
    else:
        length = len(given[tag][0][0]) if tag in given else _layer_length(model, tag)
    if len(claimed[0]) != length:
        raise NotUnderstood(
            f"the claim has {len(claimed[0])} entries where the example's {role} has "
            f"{length}: the example's stride, padding or dilation is not read"
        )
    if own:
        truth, where = _transposed_truth(model, role, given)
        what = {"Y": "the output", "dX": "dL/dX", "dW": "dL/dW"}[role]
        found = compare_matrices(claimed, truth, what, f"the {where} (these numbers only)")
    else:
        found = judge_conv_numbers(model, roles, claimed, given)
    if found is not None:  # a list's entries counted from 1, not a one-row matrix's cells
        found["message"] = _ENTRY.sub(r"entry \1 (counted from 1)", str(found["message"]))
    return found
