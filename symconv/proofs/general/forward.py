"""The forward pass at index level, written once from the definition (the derivation's input).

Convolution (correlation mode), with f = γ·F_g + φ the φ-th filter of group γ:

    Z[n,f,i,j] = Σ_{c<C_g, a<k_h, b<k_w} [0 ≤ s_h i + d_h a - p_t ≤ H-1]
                 · [0 ≤ s_w j + d_w b - p_l ≤ W-1]
                 · X[n, γ C_g + c, s_h i + d_h a - p_t, s_w j + d_w b - p_l] · W[f,c,a,b] + b[f]

The brackets are X's range: X is zero outside it, and that *is* the zero padding, written as
an explicit condition instead of a padded copy.  Convolution mode reads W[f,c,k_h-1-a,k_w-1-b].
Average pooling is the same window sum with the constant 1/(k_h·k_w) instead of W and c fixed
to the output channel; the dense layer is Z[n,o] = Σ_i W[o,i] X[n,i] + b[o].
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sympy import Expr, Symbol

from symconv.proofs.general.size_config import SymConfig, index
from symconv.proofs.general.sums import (
    EQ,
    ONE,
    Condition,
    NotCovered,
    Ref,
    Term,
    atom,
    make_term,
    range_atoms,
)


@dataclass(frozen=True)
class Forward:
    """Z at a symbolic output index: its terms and which variables are the window's."""

    index: tuple[Expr, ...]
    output_vars: tuple[Symbol, ...]
    window_vars: tuple[Symbol, ...]
    terms: list[Term]


def _window(pairs: list[tuple[Symbol, Expr]]) -> tuple[tuple[Symbol, ...], list[Condition]]:
    """Summation variables with their ranges 0 ≤ v ≤ extent - 1 (extent 1: no variable)."""
    variables: list[Symbol] = []
    atoms: list[Condition] = []
    for v, extent in pairs:
        if extent == 1:
            continue
        variables.append(v)
        atoms += range_atoms(v, extent)
    return tuple(variables), atoms


def _group(cfg: SymConfig) -> tuple[Expr, Expr]:
    """The output filter's group γ and the filter index f = γ·F_g + φ."""
    syms = cfg.free["Z"].symbols
    if cfg.groups == 1:
        return 0, syms[1]
    return syms[1], cfg.free["Z"].index[1]


def _term(
    coeff: Expr, window: tuple[Symbol, ...], atoms: Iterable[Condition], refs: Iterable[Ref]
) -> Term:
    """A term of the forward: its conditions (ranges, deltas) involve index variables, so
    none is False and the term is never empty."""
    term = make_term(coeff, window, atoms, refs)
    if term is None:  # pragma: no cover - see above
        raise NotCovered("a term of the forward definition is empty")
    return term


def _padded_read(
    cfg: SymConfig, n: Expr, channel: Expr, a: Expr, b: Expr
) -> tuple[Ref, list[Condition]]:
    """X at the window position (i, j) + (a, b), with its range as explicit conditions."""
    zi = cfg.free["Z"].index
    hx, wx = cfg.axes
    rows = hx.stride * zi[2] + hx.dilation * a - hx.pad_lo
    cols = wx.stride * zi[3] + wx.dilation * b - wx.pad_lo
    return Ref("X", (n, channel, rows, cols)), range_atoms(rows, hx.size) + range_atoms(
        cols, wx.size
    )


def conv_forward(cfg: SymConfig) -> Forward:
    zi = cfg.free["Z"]
    gamma, f = _group(cfg)
    c, a, b = index("c"), index("a"), index("b")
    kh, kw = cfg.roles["kernel"]
    window, atoms = _window([(c, cfg.group_in), (a, kh), (b, kw)])
    x, inside = _padded_read(cfg, zi.index[0], gamma * cfg.group_in + c, a, b)
    ka, kb = (kh - 1 - a, kw - 1 - b) if cfg.mode == "convolution" else (a, b)
    terms = [_term(ONE, window, atoms + inside, (x, Ref("W", (f, c, ka, kb))))]
    if cfg.bias:
        terms.append(Term(ONE, (), (), (Ref("b", (f,)),)))
    return Forward(zi.index, zi.symbols, window, terms)


def conv_transpose_forward(cfg: SymConfig) -> Forward:
    """Z[n, γF_g+φ, t, u] = Σ_{c,i,j,a,b} [s_h i + d_h a - p_t = t] [s_w j + d_w b - p_l = u]
    · X[n, γC_g + c, i, j] · W[γC_g + c, φ, a, b] + b[γF_g+φ]: every input entry spreads
    over the output window it reaches (the brackets are Kronecker deltas)."""
    zi = cfg.free["Z"]
    gamma, f = _group(cfg)
    phi = zi.symbols[2] if cfg.groups != 1 else f
    c, i, j, a, b = (index(s) for s in ("c", "i", "j", "a", "b"))
    (kh, kw), (hz, wz) = cfg.roles["kernel"], cfg.axes
    h, w = cfg.shapes["X"][2:]
    window, atoms = _window([(c, cfg.group_in), (i, h), (j, w), (a, kh), (b, kw)])
    deltas = [
        atom(EQ, hz.stride * i + hz.dilation * a - hz.pad_lo - zi.index[2]),
        atom(EQ, wz.stride * j + wz.dilation * b - wz.pad_lo - zi.index[3]),
    ]
    channel = gamma * cfg.group_in + c
    terms = [
        _term(
            ONE,
            window,
            atoms + deltas,
            (Ref("X", (zi.index[0], channel, i, j)), Ref("W", (channel, phi, a, b))),
        )
    ]
    if cfg.bias:
        terms.append(Term(ONE, (), (), (Ref("b", (f,)),)))
    return Forward(zi.index, zi.symbols, window, terms)


def avgpool_forward(cfg: SymConfig) -> Forward:
    zi = cfg.free["Z"]
    a, b = index("a"), index("b")
    kh, kw = cfg.roles["kernel"]
    window, atoms = _window([(a, kh), (b, kw)])
    x, inside = _padded_read(cfg, zi.index[0], zi.index[1], a, b)
    term = _term(cfg.roles["mean"], window, atoms + inside, (x,))
    return Forward(zi.index, zi.symbols, window, [term])


def dense_forward(cfg: SymConfig) -> Forward:
    zi = cfg.free["Z"]
    n, o = zi.index
    i = index("i")
    window, atoms = _window([(i, cfg.shapes["X"][1])])
    terms = [
        _term(ONE, window, atoms, (Ref("W", (o, i)), Ref("X", (n, i)))),
        Term(ONE, (), (), (Ref("b", (o,)),)),
    ]
    return Forward(zi.index, zi.symbols, window, terms)


def forward(cfg: SymConfig) -> Forward:
    return {
        "conv2d": conv_forward,
        "avgpool2d": avgpool_forward,
        "dense": dense_forward,
        "conv_transpose2d": conv_transpose_forward,
    }[cfg.kind](cfg)
