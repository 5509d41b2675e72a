"""The proof cases: which sizes are symbols and which are fixed to 1, and their templates.

Conv2d cases (issue 6): (a) stride 1, no dilation, any padding; (b) any stride; (c) any
dilation; (d) groups; plus "all" (everything symbolic at once) and "convolution" (the
kernel flipped in the forward).  A fixed size is the integer 1, so the same code proves
every case: a stride 1 makes ``1 | e`` true and ``e/1 = e``, and groups 1 makes the
group index 0.
"""

from __future__ import annotations

import sympy

from ..layers.conv import ConvLayer
from ..layers.dense import DenseLayer
from ..layers.pool import AvgPoolLayer
from ..spec import Dense, conv, pool
from .config import Axis, FreeIndex, SymConfig, index, pad, size

ONE = sympy.Integer(1)

# case -> (title, stride symbolic, dilation symbolic, groups symbolic, mode)
CONV_CASES: dict[str, tuple[str, bool, bool, bool, str]] = {
    "a": ("stride 1, no dilation, any padding", False, False, False, "correlation"),
    "b": ("any stride (G zero-dilated by the stride)", True, False, False, "correlation"),
    "c": ("any dilation", False, True, False, "correlation"),
    "d": ("groups", False, False, True, "correlation"),
    "all": ("stride, dilation, groups and asymmetric padding together", True, True, True,
            "correlation"),
    "convolution": ("convolution mode (kernel rotated in the forward), everything symbolic",
                    True, True, True, "convolution"),
}

# Template values: kernel, stride, dilation and padding pairwise different (a parameter
# passed in the wrong place cannot be mistaken for the right one), non-square, asymmetric.
TEMPLATE = {"H": 11, "W": 13, "k_h": 2, "k_w": 3, "s_h": 3, "s_w": 2, "d_h": 4, "d_w": 5,
            "p_t": 1, "p_b": 6, "p_l": 7, "p_r": 0, "N": 2, "g": 2, "C_g": 2, "F_g": 3,
            "C": 2, "F": 3}

# The order in which index variables are printed in a sum of terms (s·i + d·a - p).
PRINT_ORDER = ("n", "gamma", "phi", "f", "o", "c", "kappa", "i", "j", "a", "b", "t", "u")


def _value(expr, env) -> int:
    return int(sympy.sympify(expr, strict=True).xreplace(env))


def _grouped(name: str, group: sympy.Expr, within: sympy.Expr, within_name: str) -> tuple:
    """A channel index, split as γ'·within + rest when there are several groups."""
    if group == 1:
        s = index(name)
        return s, (s,), (within,)
    gamma, rest = index("gamma'"), index(within_name)
    return gamma * within + rest, (gamma, rest), (group, within)


def conv_config(case: str) -> SymConfig:
    """The symbolic convolution of one case, with its template layer."""
    title, strided, dilated, grouped, mode = CONV_CASES[case]
    h, w, kh, kw = size("H"), size("W"), size("k_h"), size("k_w")
    sh, sw = (size("s_h"), size("s_w")) if strided else (ONE, ONE)
    dh, dw = (size("d_h"), size("d_w")) if dilated else (ONE, ONE)
    pt, pb, pl, pr = pad("p_t"), pad("p_b"), pad("p_l"), pad("p_r")
    ho, wo, n = size("H_o"), size("W_o"), size("N")
    g = size("g") if grouped else ONE
    cg, fg = (size("C_g"), size("F_g")) if grouped else (size("C"), size("F"))
    c, f = g * cg, g * fg
    env = {s: TEMPLATE[s.name] for s in (h, w, kh, kw, sh, sw, dh, dw, pt, pb, pl, pr, n, g,
                                         cg, fg) if isinstance(s, sympy.Symbol)}
    spec = conv(_value(c, env), _value(f, env), (env[kh], env[kw]),
                stride=(_value(sh, env), _value(sw, env)),
                padding=(env[pt], env[pb], env[pl], env[pr]),
                dilation=(_value(dh, env), _value(dw, env)), groups=_value(g, env), mode=mode)
    _, env[ho], env[wo] = spec.output_shape((_value(c, env), env[h], env[w]))
    fw, fw_syms, fw_ext = _grouped("f'", g, fg, "phi'")
    fx, fx_syms, fx_ext = _grouped("c'", g, cg, "kappa'")
    cw, aw, bw, nx, t, u = (index(s) for s in ("c'", "a'", "b'", "n'", "t", "u"))
    fz, fz_syms, fz_ext = (index("f"), (index("f"),), (fg,)) if g == 1 else (
        index("gamma") * fg + index("phi"), (index("gamma"), index("phi")), (g, fg))
    nz, iz, jz = index("n"), index("i"), index("j")
    free = {
        "W": FreeIndex((fw, cw, aw, bw), (*fw_syms, cw, aw, bw), (*fw_ext, cg, kh, kw)),
        "X": FreeIndex((nx, fx, t, u), (nx, *fx_syms, t, u), (n, *fx_ext, h, w)),
        "b": FreeIndex((fw,), fw_syms, fw_ext),
        "Z": FreeIndex((nz, fz, iz, jz), (nz, *fz_syms, iz, jz), (n, *fz_ext, ho, wo)),
    }
    return SymConfig(
        kind="conv2d", case=case, title=title,
        shapes={"X": (n, c, h, w), "W": (f, cg, kh, kw), "b": (f,), "G": (n, f, ho, wo),
                "Z": (n, f, ho, wo)},
        roles={"padding": (pt, pb, pl, pr), "stride": (sh, sw), "dilation": (dh, dw),
               "groups": g, "kernel": (kh, kw), "padded": (h + pt + pb, w + pl + pr)},
        free=free, env=env, template=ConvLayer(spec, (env[h], env[w]), 1),
        axes=(Axis(h, kh, sh, dh, pt, pb, ho), Axis(w, kw, sw, dw, pl, pr, wo)),
        groups=g, group_in=cg, group_out=fg, mode=mode, order=PRINT_ORDER)


def avgpool_config() -> SymConfig:
    """Average pooling: a depthwise convolution with the constant kernel 1/(k_h·k_w)."""
    n, c, h, w, kh, kw = (size(s) for s in ("N", "C", "H", "W", "k_h", "k_w"))
    sh, sw, ph, pw = size("s_h"), size("s_w"), pad("p_h"), pad("p_w")
    ho, wo = size("H_o"), size("W_o")
    env = {n: 2, c: 3, h: 7, w: 8, kh: 3, kw: 2, sh: 2, sw: 3, ph: 1, pw: 1}
    spec = pool("avg", (env[kh], env[kw]), (env[sh], env[sw]), (env[ph], env[pw]),
                name="avgpool2d")
    _, env[ho], env[wo] = spec.output_shape((env[c], env[h], env[w]))
    nx, cx, t, u = (index(s) for s in ("n'", "c'", "t", "u"))
    nz, cz, iz, jz = (index(s) for s in ("n", "c", "i", "j"))
    return SymConfig(
        kind="avgpool2d", case="avgpool", title="average pooling, any stride and padding",
        shapes={"X": (n, c, h, w), "G": (n, c, ho, wo), "Z": (n, c, ho, wo)},
        roles={"padding": (ph, ph, pw, pw), "stride": (sh, sw), "dilation": (ONE, ONE),
               "groups": c, "kernel": (kh, kw), "padded": (h + 2 * ph, w + 2 * pw),
               "mean": 1 / (kh * kw), "kernel_shape": (c, ONE, kh, kw)},
        free={"X": FreeIndex((nx, cx, t, u), (nx, cx, t, u), (n, c, h, w)),
              "Z": FreeIndex((nz, cz, iz, jz), (nz, cz, iz, jz), (n, c, ho, wo))},
        env=env, template=AvgPoolLayer(spec, (env[c], env[h], env[w]), 1),
        axes=(Axis(h, kh, sh, ONE, ph, ph, ho), Axis(w, kw, sw, ONE, pw, pw, wo)),
        groups=c, group_in=ONE, group_out=ONE, bias=False, order=PRINT_ORDER)


def dense_config() -> SymConfig:
    """The dense layer Z = X Wᵀ + b with symbolic batch and feature counts."""
    n, fin, fout = size("N"), size("n_in"), size("n_out")
    env = {n: 2, fin: 4, fout: 3}
    o, i, m = index("o'"), index("i'"), index("n'")
    return SymConfig(
        kind="dense", case="dense", title="dense layer, any sizes",
        shapes={"X": (n, fin), "W": (fout, fin), "b": (fout,), "G": (n, fout),
                "Z": (n, fout)},
        roles={}, env=env, template=DenseLayer(Dense(env[fin], env[fout], True), 1),
        free={"W": FreeIndex((o, i), (o, i), (fout, fin)),
              "X": FreeIndex((m, i), (m, i), (n, fin)),
              "b": FreeIndex((o,), (o,), (fout,)),
              "Z": FreeIndex((index("n"), index("o")), (index("n"), index("o")), (n, fout))},
        order=PRINT_ORDER)


def config_for(case: str) -> SymConfig:
    if case in CONV_CASES:
        return conv_config(case)
    if case == "avgpool":
        return avgpool_config()
    if case == "dense":
        return dense_config()
    raise KeyError(case)
