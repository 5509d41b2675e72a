"""The checker against an independent truth: statements printed from symconv's derivation.

For each configuration, every forward entry Z and every gradient dL/dW, dL/dX, dL/db is
printed by SymPy (``str`` of :meth:`Derivation.forward` / :meth:`Derivation.gradient`, in
symconv's own names ``x_{00}``, ``g_{01}``) and fed to the checker as a student's equation:
it must be verified; with one term dropped it must be wrong, naming exactly that term as
missing; with one term added, naming it as extra.
"""

from __future__ import annotations

import random

import pytest
import sympy

from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_expression
from symconv.layers.conv import ConvLayer
from symconv.layers.dense import DenseLayer
from symconv.spec.layer import Dense, conv

CONFIGS = [  # (id, symconv layer, checker settings)
    ("3x4 k2x3", dict(input="3x4", kernel="2x3"), (1, 1, (2, 3), {}, (3, 4))),
    (
        "pad 1, no bias",
        dict(input="3x3", kernel="2", padding="1", bias="false"),
        (1, 1, 2, {"padding": 1, "bias": False}, (3, 3)),
    ),
    ("stride 2", dict(input="5x5", kernel="3", stride="2"), (1, 1, 3, {"stride": 2}, (5, 5))),
    ("dilation 2", dict(input="5x4", kernel="2", dilation="2"), (1, 1, 2, {"dilation": 2}, (5, 4))),
    (
        "2 in, 2 out",
        dict(input="3x3", kernel="2", **{"in-channels": "2", "out-channels": "2"}),
        (2, 2, 2, {}, (3, 3)),
    ),
    (
        "convolution",
        dict(input="3x3", kernel="2", mode="convolution"),
        (1, 1, 2, {"mode": "convolution"}, (3, 3)),
    ),
    ("conv1d", dict(layer="conv1d", input="5", kernel="3"), (1, 1, 3, {"dims": 1}, (1, 5))),
]


def layer_of(spec):
    c_in, c_out, kernel, options, hw = spec
    return ConvLayer(conv(c_in, c_out, kernel, name="c", **options), hw)


def latex(expr: sympy.Expr) -> str:
    """SymPy's plain printing of symconv's names is already LaTeX-like: x_{00}*w_{01}."""
    return str(expr).replace("*", r" \cdot ")


def statements(layer):
    d = layer.derivation()
    for index in layer.tensors["G"].indices():
        name = d.symbol("G", index).name.replace("g", "z", 1)
        yield name, d.forward(index)
    for tag in ("W", "X", "b"):
        if tag not in layer.tensors:
            continue
        for index in layer.tensors[tag].indices():
            name = d.symbol(tag, index).name
            yield rf"\frac{{\partial L}}{{\partial {name}}}", d.gradient(tag, index)


def check(settings: dict, text: str):
    report = check_expression(text, settings)
    assert len(report.verdicts) == 1, report.human()
    return report.verdicts[0]


@pytest.mark.parametrize(
    ("settings", "spec"), [c[1:] for c in CONFIGS], ids=[c[0] for c in CONFIGS]
)
def test_every_derived_entry_is_verified(settings, spec):
    for lhs, expr in statements(layer_of(spec)):
        v = check(settings, f"{lhs} = {latex(expr)}")
        assert v.status == VERIFIED, (lhs, v.message)


@pytest.mark.parametrize(
    ("settings", "spec"), [c[1:] for c in CONFIGS], ids=[c[0] for c in CONFIGS]
)
def test_a_dropped_or_added_term_is_named(settings, spec):
    rng = random.Random(7)
    found = [
        (lhs, e)
        for lhs, e in statements(layer_of(spec))
        if len(e.args) > 1 and isinstance(e, sympy.Add)
    ]
    for lhs, expr in rng.sample(found, min(6, len(found))):
        terms = list(expr.args)
        dropped = terms.pop(rng.randrange(len(terms)))
        v = check(settings, f"{lhs} = {latex(sympy.Add(*terms))}")
        assert v.status == WRONG and v.extra == [] and len(v.missing) == 1, v.message
        assert _symbols(v.missing[0]) == _symbols(" ".join(s.name for s in dropped.free_symbols))
        extra = sympy.Symbol(next(iter(sorted(dropped.free_symbols, key=str))).name)
        v = check(settings, f"{lhs} = {latex(expr)} + {extra.name}")
        assert v.status == WRONG and v.missing == [] and len(v.extra) == 1, v.message


def _symbols(term: str) -> set[str]:
    return {
        part.replace("{", "").replace("}", "")
        for part in term.split()
        if not part.lstrip("-").isdigit()
    }


def test_dense_layer():
    layer = DenseLayer(Dense(3, 2, name="d"))
    settings = {"layer": "dense", "in-features": "3", "out-features": "2"}
    for lhs, expr in statements(layer):
        assert check(settings, f"{lhs} = {latex(expr)}").status == VERIFIED, lhs


# ------------------------------------------------------------------ general formulas
GENERAL = {"layer": "conv2d", "input": "4x5", "kernel": "2x3"}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # dL/dw: the output runs to H - k_1, W - k_2 (W is a width in a bound)
        (
            r"\frac{\partial L}{\partial w_{a,b}} = \sum_{r=0}^{H-k_1} \sum_{c=0}^{W-k_2} "
            r"g_{r,c} x_{r+a,c+b}",
            VERIFIED,
        ),
        # bounded by the kernel: right only when H - k_1 happens to equal k_1 - 1
        (
            r"\frac{\partial L}{\partial w_{a,b}} = \sum_{r=0}^{k_1-1} \sum_{c=0}^{k_2-1} "
            r"g_{r,c} x_{r+a,c+b}",
            WRONG,
        ),
        # dL/dx: a full convolution of G with the kernel, written with the zero convention
        (
            r"\frac{\partial L}{\partial x_{i,j}} = \sum_{a=0}^{k_1-1} \sum_{b=0}^{k_2-1} "
            r"g_{i-a,j-b} w_{a,b}",
            VERIFIED,
        ),
        (
            r"\frac{\partial L}{\partial x_{i,j}} = \sum_{a=0}^{k_1-1} \sum_{b=0}^{k_2-1} "
            r"g_{i+a,j+b} w_{a,b}",
            WRONG,
        ),
        (r"\frac{\partial L}{\partial b} = \sum_{r=0}^{2} \sum_{c=0}^{2} g_{r,c}", VERIFIED),
        (r"\frac{\partial L}{\partial b} = \sum_{r=0}^{1} \sum_{c=0}^{2} g_{r,c}", WRONG),
        (
            r"\frac{\partial L}{\partial \mathbf{W}} = \mathbf{X} * \frac{\partial L}"
            r"{\partial \mathbf{Z}}",
            VERIFIED,
        ),
        (
            r"\frac{\partial L}{\partial \mathbf{X}} = \frac{\partial L}{\partial \mathbf{Z}} * "
            r"\mathbf{W}",
            WRONG,
        ),  # the valid correlation is 2x1, not 4x5
    ],
)
def test_general_formulas(text, status):
    assert check(GENERAL, text).status == status


def test_size_specific_needs_the_example_to_hold():
    square = {"layer": "conv2d", "input": "3x3", "kernel": "2"}  # H - k_1 = k_1 - 1
    text = (
        r"\frac{\partial L}{\partial w_{a,b}} = \sum_{r=0}^{k_1-1} \sum_{c=0}^{k_2-1} "
        r"g_{r,c} x_{r+a,c+b}"
    )
    v = check(square, text)
    assert v.status == SIZE_SPECIFIC and "but not for input 4x5, kernel 2x3" in v.message
    assert v.counterexample["index"] and v.missing


@pytest.mark.parametrize(
    ("notation", "text", "mode", "status"),
    [
        ("subscript", r"\mathbf{Z} = \mathbf{X} * \mathbf{W}", "correlation", VERIFIED),
        ("subscript", r"\mathbf{Z} = \mathbf{X} * \mathbf{W}", "convolution", WRONG),
        (
            "subscript",
            r"\mathbf{Z} = \mathbf{X} * \operatorname{rot180}(\mathbf{W})",
            "convolution",
            VERIFIED,
        ),
        ("functional", r"(w \otimes I)_{i,j} = Y(i,j) - b", "correlation", VERIFIED),
        (
            "functional",
            r"(w * I)_{i,j} = \sum_{m=0}^{1} \sum_{n=0}^{1} I(i-m, j-n) w(m, n)",
            "correlation",
            VERIFIED,
        ),
        ("functional", r"Y(i,j) = (w * I)_{i,j} + b", "correlation", WRONG),
    ],
)
def test_operators_mean_what_the_notation_says(notation, text, mode, status):
    settings = {
        "input": "3x3",
        "kernel": "2",
        "notation": notation,
        "mode": mode,
        "bias": "false" if notation == "subscript" else "true",
    }
    assert check(settings, text).status == status


def test_every_status_is_reachable_and_reasons_are_given():
    settings = {"input": "3x3", "kernel": "2"}
    v = check(settings, r"z_{00} = \sigma(x_{00})")
    assert v.status == NOT_UNDERSTOOD and "activation functions" in v.message
    v = check(settings, r"z_{00} = w_{00} x_{00} + \dots")
    assert v.status == NOT_UNDERSTOOD and "leaves terms out" in v.message
    v = check(settings, r"z_{05} = w_{00} x_{05}")
    assert v.status == NOT_UNDERSTOOD and "z_{05} is not an entry" in v.message
