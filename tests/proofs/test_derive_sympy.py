"""The vectorised chain rule equals ``sympy.diff``; the seeds' hand derivations, reproduced."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy

from symconv.algebra.tensors import Naming
from symconv.algebra.termarray import EMPTY, Rows
from symconv.algebra.terms import to_sympy
from symconv.layers.conv import ConvLayer
from symconv.layers.dense import DenseLayer
from symconv.layers.pool import pool_layer
from symconv.proofs.chain_rule import chain_rule
from symconv.spec.layer import Dense, conv, pool


def rows_entry(rows: Rows, var: int) -> dict:
    """The polynomial of one key of ``rows`` as ``{monomial: coefficient}``."""
    poly: dict = {}
    for i in np.flatnonzero(rows.key == var):
        m = tuple(sorted(int(v) for v in rows.mono[i] if v != EMPTY))
        poly[m] = poly.get(m, 0) + Fraction(int(rows.coef[i]), rows.den)
    return poly


def loss(layer, z) -> sympy.Expr:
    """L = Σ_o G[o]·Z[o] with Z[o] from the layer's forward (TermArray -> SymPy)."""
    total = []
    for index in np.ndindex(*z.shape):
        g = layer.table.symbol(int(layer.g.ids[index]))
        total.append(g * to_sympy(z.entry(index), layer.table))
    return sympy.Add(*total)


def check_against_sympy(layer, tags) -> int:
    """Every dL/dv of the chain rule equals sympy.diff(L, v); returns how many were compared."""
    z = layer.forward()
    rows = chain_rule(z, layer.g.ids)
    big_l = sympy.expand(loss(layer, z))
    compared = 0
    for tag in tags:
        tensor = layer.tensors[tag]
        for index in np.ndindex(*tensor.shape):
            var = int(tensor.ids[index])
            v = layer.table.symbol(var)
            expected = sympy.diff(big_l, v)
            got = to_sympy(rows_entry(rows, var), layer.table)
            assert sympy.expand(got - expected) == 0, (tag, index, got, expected)
            compared += 1
    # and no row of the chain rule belongs to a variable outside X, W, b
    known = np.concatenate([layer.tensors[t].ids.reshape(-1) for t in tags])
    assert np.isin(rows.key, known).all()
    return compared


CONV_CASES = [
    ("seed-001", dict(in_channels=1, out_channels=1, kernel=2, bias=False), (3, 3), 1),
    ("stride-2", dict(in_channels=1, out_channels=2, kernel=(2, 3), stride=2), (5, 6), 1),
    ("stride-3-unused-inputs", dict(in_channels=1, out_channels=1, kernel=2, stride=3), (7, 7), 1),
    (
        "padding-asym",
        dict(in_channels=1, out_channels=1, kernel=3, padding=(1, 0, 2, 1)),
        (4, 4),
        1,
    ),
    ("dilation", dict(in_channels=1, out_channels=2, kernel=2, dilation=(2, 3)), (5, 6), 1),
    ("groups", dict(in_channels=4, out_channels=2, kernel=2, groups=2), (3, 3), 1),
    (
        "convolution",
        dict(in_channels=1, out_channels=2, kernel=(2, 3), mode="convolution", padding=1),
        (3, 4),
        1,
    ),
    ("batch-2", dict(in_channels=1, out_channels=2, kernel=2, stride=(1, 2)), (3, 5), 2),
    (
        "everything",
        dict(
            in_channels=2,
            out_channels=4,
            kernel=(3, 2),
            stride=2,
            padding=(1, 2, 0, 1),
            dilation=(1, 2),
            groups=2,
            mode="convolution",
        ),
        (4, 4),
        2,
    ),
    (
        "1d",
        dict(in_channels=1, out_channels=2, kernel=3, stride=2, padding=(1, 2), dims=1),
        (1, 6),
        1,
    ),
]


@pytest.mark.parametrize(
    ("kwargs", "hw", "batch"), [c[1:] for c in CONV_CASES], ids=[c[0] for c in CONV_CASES]
)
def test_conv_chain_rule_equals_sympy_diff(kwargs, hw, batch):
    layer = ConvLayer(conv(**kwargs), hw, batch)
    tags = ["X", "W"] + (["b"] if layer.b is not None else [])
    assert check_against_sympy(layer, tags) == sum(len(layer.tensors[t]) for t in tags)


def test_conv_chain_rule_reaches_zero_for_unused_inputs():
    """Stride 3 with a 2-kernel skips rows/cols: dL/dx is 0 there, and SymPy agrees."""
    layer = ConvLayer(conv(1, 1, 2, stride=3), (7, 7))
    rows = chain_rule(layer.forward(), layer.g.ids)
    x = layer.x.ids[0, 0]
    assert rows_entry(rows, int(x[2, 0])) == {}
    assert rows_entry(rows, int(x[0, 5])) == {}
    assert rows_entry(rows, int(x[3, 4])) != {}


@pytest.mark.parametrize(("spec", "batch"), [(Dense(3, 2), 1), (Dense(2, 3, bias=False), 2)])
def test_dense_chain_rule_equals_sympy_diff(spec, batch):
    layer = DenseLayer(spec, batch)
    tags = ["X", "W"] + (["b"] if spec.bias else [])
    assert check_against_sympy(layer, tags) > 0


@pytest.mark.parametrize("padding", [0, 1])
def test_avgpool_chain_rule_equals_sympy_diff(padding):
    layer = pool_layer(pool("avg", 3, 2, padding=padding), (2, 5, 5), 1)
    assert check_against_sympy(layer, ["X"]) == 50


def test_a_squared_variable_follows_the_power_rule():
    """A repeated variable in a monomial: d(c·v²·g)/dv = 2c·v·g."""
    layer = ConvLayer(conv(1, 1, 1, bias=False), (1, 1))
    z = layer.forward()
    x, w, g = (int(t.ids.reshape(-1)[0]) for t in (layer.x, layer.w, layer.g))
    z.mono[0, 0, 0, 0] = [x, x]
    z.coef[0, 0, 0, 0] = 3
    rows = chain_rule(z, layer.g.ids)
    assert rows_entry(rows, x) == {tuple(sorted((x, g))): 6}
    assert rows_entry(rows, w) == {}


# ---------------------------------------------------------------------------- seed 001


def sym(name: str) -> sympy.Symbol:
    return sympy.Symbol(name)


def seed_001_layer():
    return ConvLayer(conv(1, 1, 2, bias=False), (3, 3), naming=Naming(index_base=0))


SEED_001_FORWARD = {  # equations 2-5
    (0, 0): "z_{00} = w_{00} x_{00} + w_{01} x_{01} + w_{10} x_{10} + w_{11} x_{11}",
    (0, 1): "z_{01} = w_{00} x_{01} + w_{01} x_{02} + w_{10} x_{11} + w_{11} x_{12}",
    (1, 0): "z_{10} = w_{00} x_{10} + w_{01} x_{11} + w_{10} x_{20} + w_{11} x_{21}",
    (1, 1): "z_{11} = w_{00} x_{11} + w_{01} x_{12} + w_{10} x_{21} + w_{11} x_{22}",
}


def parse_equation(text: str) -> tuple[str, sympy.Expr]:
    """``z_{00} = w_{00} x_{00} + ...`` as (left name, SymPy sum of products)."""
    left, right = (s.strip() for s in text.split("="))
    terms = [sympy.Mul(*(sym(f) for f in term.split())) for term in right.split(" + ")]
    return left, sympy.Add(*terms)


@pytest.mark.parametrize("ij", list(SEED_001_FORWARD))
def test_seed_001_forward_equations(ij):
    layer = seed_001_layer()
    z = layer.forward()
    got = to_sympy(z.entry((0, 0, *ij)), layer.table)
    left, expected = parse_equation(SEED_001_FORWARD[ij])
    assert sympy.expand(got - expected) == 0
    assert got.free_symbols == expected.free_symbols
    assert f"{left} = {sympy.latex(got)}" == SEED_001_FORWARD[ij]


def test_seed_001_names_are_zero_based_and_compact():
    layer = seed_001_layer()
    assert str(layer.table.symbol(int(layer.x.ids[0, 0, 2, 1]))) == "x_{21}"
    assert str(layer.table.symbol(int(layer.w.ids[0, 0, 1, 0]))) == "w_{10}"
    assert str(layer.table.symbol(int(layer.g.ids[0, 0, 0, 1]))) == "g_{01}"


def test_seed_001_equation_10_weight_gradient():
    layer = seed_001_layer()
    rows = chain_rule(layer.forward(), layer.g.ids)
    got = to_sympy(rows_entry(rows, int(layer.w.ids[0, 0, 0, 0])), layer.table)
    expected = (
        sym("g_{00}") * sym("x_{00}")
        + sym("g_{01}") * sym("x_{01}")
        + sym("g_{10}") * sym("x_{10}")
        + sym("g_{11}") * sym("x_{11}")
    )
    assert sympy.expand(got - expected) == 0
    # equation 8 in general: dL/dw_{a'b'} = Σ_{r,c} g_{rc} x_{r+a', c+b'}
    for a in range(2):
        for b in range(2):
            got = to_sympy(rows_entry(rows, int(layer.w.ids[0, 0, a, b])), layer.table)
            expected = sum(
                sym(f"g_{{{r}{c}}}") * sym(f"x_{{{r + a}{c + b}}}")
                for r in range(2)
                for c in range(2)
            )
            assert sympy.expand(got - expected) == 0


def test_derivation_helper_agrees_with_the_chain_rule():
    layer = seed_001_layer()
    derivation = layer.derivation()
    assert derivation.forward((0, 0, 1, 1)) == parse_equation(SEED_001_FORWARD[(1, 1)])[1]
    expected = sum(
        sym(f"g_{{{r}{c}}}") * sym(f"x_{{{r + 1}{c}}}") for r in range(2) for c in range(2)
    )
    assert sympy.expand(derivation.gradient("W", (0, 0, 1, 0)) - expected) == 0


# ---------------------------------------------------------------------------- seed 004


def seed_004_1d():
    return ConvLayer(conv(1, 1, 2, dims=1), (1, 4), naming=Naming(index_base=1))


def test_seed_004_1d_forward():
    layer = seed_004_1d()
    z = layer.forward()
    x1, x2, x3, x4, w1, w2, b = (
        sym(n) for n in ("x_{1}", "x_{2}", "x_{3}", "x_{4}", "w_{1}", "w_{2}", "b")
    )
    expected = [w1 * x1 + w2 * x2 + b, w1 * x2 + w2 * x3 + b, w1 * x3 + w2 * x4 + b]
    assert z.shape == (1, 1, 1, 3)
    for j, e in enumerate(expected):
        assert sympy.expand(to_sympy(z.entry((0, 0, 0, j)), layer.table) - e) == 0


def test_seed_004_1d_gradients_fix_the_notes_w3():
    layer = seed_004_1d()
    rows = chain_rule(layer.forward(), layer.g.ids)

    def grad(tensor, j):
        return to_sympy(rows_entry(rows, int(tensor.ids[0, 0, 0, j])), layer.table)

    w1, w2, w3 = sym("w_{1}"), sym("w_{2}"), sym("w_{3}")
    g1, g2, g3 = sym("g_{1}"), sym("g_{2}"), sym("g_{3}")
    x1, x2, x3, x4 = (sym(f"x_{{{k}}}") for k in range(1, 5))
    dx = [grad(layer.x, j) for j in range(4)]
    assert sympy.expand(dx[0] - w1 * g1) == 0
    assert sympy.expand(dx[1] - (w2 * g1 + w1 * g2)) == 0
    # the notes write dx_3 = w_2 dy_2 + w_3 dy_3 and dx_4 = w_3 dy_3: there is no w_3
    assert sympy.expand(dx[2] - (w2 * g2 + w1 * g3)) == 0
    assert sympy.expand(dx[3] - w2 * g3) == 0
    for d in dx:
        assert w3 not in d.free_symbols
    assert sympy.expand(grad(layer.w, 0) - (x1 * g1 + x2 * g2 + x3 * g3)) == 0
    assert sympy.expand(grad(layer.w, 1) - (x2 * g1 + x3 * g2 + x4 * g3)) == 0
    db = to_sympy(rows_entry(rows, int(layer.b.ids[0])), layer.table)
    assert sympy.expand(db - (g1 + g2 + g3)) == 0


def test_seed_004_2d_forward_and_dw12():
    layer = ConvLayer(conv(1, 1, 2), (4, 4), naming=Naming(index_base=1))
    z = layer.forward()
    y12 = (
        sym("w_{11}") * sym("x_{12}")
        + sym("w_{12}") * sym("x_{13}")
        + sym("w_{21}") * sym("x_{22}")
        + sym("w_{22}") * sym("x_{23}")
        + sym("b")
    )
    assert sympy.expand(to_sympy(z.entry((0, 0, 0, 1)), layer.table) - y12) == 0
    rows = chain_rule(z, layer.g.ids)
    got = to_sympy(rows_entry(rows, int(layer.w.ids[0, 0, 0, 1])), layer.table)
    notes = (
        "x_{12}dy_{11} + x_{13}dy_{12} + x_{14}dy_{13} + x_{22}dy_{21} + x_{23}dy_{22} "
        "+ x_{24}dy_{23} + x_{32}dy_{31} + x_{33}dy_{32} + x_{34}dy_{33}"
    )
    expected = sympy.Add(
        *(
            sym(term.split("dy")[0]) * sym("g" + term.split("dy")[1])
            for term in notes.replace(" ", "").split("+")
        )
    )
    assert len(sympy.Add.make_args(expected)) == 9
    assert len(sympy.Add.make_args(got)) == 9
    assert sympy.expand(got - expected) == 0
    # and dx_{mn} = Σ_ij W_{m-i+1, n-j+1} dy_ij: dx_{22} touches all four weights
    dx22 = to_sympy(rows_entry(rows, int(layer.x.ids[0, 0, 1, 1])), layer.table)
    expected = (
        sym("w_{22}") * sym("g_{11}")
        + sym("w_{21}") * sym("g_{12}")
        + sym("w_{12}") * sym("g_{21}")
        + sym("w_{11}") * sym("g_{22}")
    )
    assert sympy.expand(dx22 - expected) == 0


@pytest.mark.parametrize(
    "naming",
    [Naming(), Naming(index_base=1), Naming(style="comma"), Naming(index_base=1, style="comma")],
)
@pytest.mark.parametrize(
    ("kwargs", "hw", "batch"),
    [
        (dict(in_channels=2, out_channels=4, kernel=(3, 2), groups=2), (4, 5), 2),
        (dict(in_channels=1, out_channels=1, kernel=3), (10, 11), 1),
    ],
)
def test_every_variable_has_its_own_name(naming, kwargs, hw, batch):
    """L is built from printed names: two variables with one name would merge in SymPy."""
    layer = ConvLayer(conv(**kwargs), hw, batch, naming=naming)
    names = [str(layer.table.symbol(v)) for v in range(len(layer.table))]
    assert len(set(names)) == len(names)


def test_names_switch_to_commas_when_an_index_has_two_digits():
    layer = ConvLayer(conv(1, 1, 3), (10, 11), naming=Naming())
    assert str(layer.table.symbol(int(layer.x.ids[0, 0, 9, 10]))) == "x_{9,10}"
    layer = ConvLayer(conv(1, 1, 3), (9, 9), naming=Naming(index_base=1))
    assert str(layer.table.symbol(int(layer.x.ids[0, 0, 8, 8]))) == "x_{99}"
    layer = ConvLayer(conv(2, 2, 2), (3, 3), batch=2, naming=Naming(style="comma"))
    assert str(layer.table.symbol(int(layer.x.ids[1, 0, 2, 1]))) == "x_{1,0,2,1}"
