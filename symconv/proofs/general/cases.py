"""The proof cases: which sizes are symbols and which are fixed to 1, and their templates.

Conv2d cases (issue 6): (a) stride 1, no dilation, any padding; (b) any stride; (c) any
dilation; (d) groups; plus "all" (everything symbolic at once) and "convolution" (the
kernel flipped in the forward).  A fixed size is the integer 1, so the same code proves
every case: a stride 1 makes ``1 | e`` true and ``e/1 = e``, and groups 1 makes the
group index 0.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

import sympy
from sympy import Symbol

from symconv.layers.conv import ConvLayer, conv_identities
from symconv.layers.conv_transpose import ConvTransposeLayer, conv_transpose_identities
from symconv.layers.dense import DenseLayer, dense_identities
from symconv.layers.pool import AvgPoolLayer, avg_pool_identities
from symconv.proofs.general.size_config import Axis, FreeIndex, SymConfig, index, pad, size
from symconv.proofs.general.sums import GE, Atom, atom
from symconv.spec.layer import Conv, ConvTranspose, Dense, Pool, conv, conv_transpose, pool

ONE = sympy.Integer(1)

# case -> (title, stride symbolic, dilation symbolic, groups symbolic, mode)
CONV_CASES: dict[str, tuple[str, bool, bool, bool, str]] = {
    "a": ("stride 1, no dilation, any padding", False, False, False, "correlation"),
    "b": ("any stride (G zero-dilated by the stride)", True, False, False, "correlation"),
    "c": ("any dilation", False, True, False, "correlation"),
    "d": ("groups", False, False, True, "correlation"),
    "all": (
        "stride, dilation, groups and asymmetric padding together",
        True,
        True,
        True,
        "correlation",
    ),
    "convolution": (
        "convolution mode (kernel rotated in the forward), everything symbolic",
        True,
        True,
        True,
        "convolution",
    ),
}

# Two templates, the sizes at which the layer's own code builds its closed-form nodes.  A
# parameter of a node is read as a size symbol only if it has that symbol's value at BOTH
# templates (general/translate.py), so a wrong parameter passes only by a coincidence at
# both.  TEMPLATE is small, because a failed proof searches it for a counterexample; its
# sizes are pairwise different, none 0 or 1, kernel (2, 3) and stride (4, 5) far from each
# other's reversal, k_h·k_w != s_h·s_w.  TWIN gives every parameter a different prime over
# 40 (products of two differ by unique factorisation; sums of two are larger than any
# parameter, differences smaller) and inputs of 20,000: it is never expanded, only its
# nodes' parameters are read, so its size costs nothing.
# ``_assert_no_coincidence`` checks, when a case is built, that no simple expression in the
# sizes other than a role's own (sizes, constants, sums of up to three, differences,
# products and their reciprocals, off-by-ones) takes that role's values at both templates.
TEMPLATE = {
    "H": 11,
    "W": 13,
    "k_h": 2,
    "k_w": 3,
    "s_h": 4,
    "s_w": 5,
    "d_h": 6,
    "d_w": 7,
    "p_t": 1,
    "p_b": 8,
    "p_l": 9,
    "p_r": 10,
    "N": 2,
    "g": 2,
    "C_g": 3,
    "F_g": 4,
    "C": 3,
    "F": 4,
}
TWIN = {
    "H": 20011,
    "W": 20021,
    "k_h": 101,
    "k_w": 103,
    "s_h": 107,
    "s_w": 109,
    "d_h": 113,
    "d_w": 127,
    "p_t": 131,
    "p_b": 137,
    "p_l": 139,
    "p_r": 149,
    "N": 151,
    "g": 157,
    "C_g": 163,
    "F_g": 167,
    "C": 173,
    "F": 179,
}
AVG_TEMPLATE = {
    "N": 2,
    "C": 3,
    "H": 9,
    "W": 8,
    "k_h": 5,
    "k_w": 2,
    "s_h": 3,
    "s_w": 4,
    "p_h": 2,
    "p_w": 1,
}
AVG_TWIN = {
    "N": 151,
    "C": 157,
    "H": 20011,
    "W": 20021,
    "k_h": 101,
    "k_w": 103,
    "s_h": 107,
    "s_w": 109,
    "p_h": 47,
    "p_w": 43,
}
# A transposed convolution's output padding is a size symbol of its own: o_h, o_w below the
# stride (case conv_transpose); or, at or above it (PyTorch allows output_padding <
# max(stride, dilation)), s·q + r with q >= 1 whole strides and a rest r below the stride
# (case conv_transpose_high: q differs between the templates, so s·q is no multiple of s
# by a constant; the dilations are raised above the output paddings, as PyTorch needs, and
# the small template's input is smaller, so its output stays small).
TRANSPOSE_TEMPLATE = {**TEMPLATE, "o_h": 3, "o_w": 2}
TRANSPOSE_TWIN = {**TWIN, "o_h": 61, "o_w": 67}
HIGH_TEMPLATE = {
    **TEMPLATE,
    "H": 4,
    "W": 3,
    "q_h": 2,
    "q_w": 1,
    "r_h": 1,
    "r_w": 2,
    "d_h": 12,
    "d_w": 13,
}
HIGH_TWIN = {**TWIN, "q_h": 191, "q_w": 193, "r_h": 59, "r_w": 71, "d_h": 20507, "d_w": 21121}
TRANSPOSE_TITLES = {
    "conv_transpose": "transposed convolution: stride, dilation, groups, asymmetric padding "
    "and output_padding < stride together",
    "conv_transpose_high": "transposed convolution with stride <= output_padding < dilation "
    "(output_padding = s·q + r, q >= 1, r < s): stride, dilation, "
    "groups, asymmetric padding together",
}
DENSE_TEMPLATE = {"N": 2, "n_in": 4, "n_out": 3}
DENSE_TWIN = {"N": 151, "n_in": 157, "n_out": 163}

# The order in which index variables are printed in a sum of terms (s·i + d·a - p).
PRINT_ORDER = ("n", "gamma", "phi", "f", "o", "c", "kappa", "i", "j", "a", "b", "t", "u")


def _value(expr: sympy.Expr, env: dict[Symbol, int]) -> int:
    return int(sympy.sympify(expr, strict=True).xreplace(env))


def _grouped(
    name: str, group: sympy.Expr, within: sympy.Expr, within_name: str
) -> tuple[sympy.Expr, tuple[Symbol, ...], tuple[sympy.Expr, ...]]:
    """A channel index, split as γ'·within + rest when there are several groups."""
    if group == 1:
        s = index(name)
        return s, (s,), (within,)
    gamma, rest = index("gamma'"), index(within_name)
    return gamma * within + rest, (gamma, rest), (group, within)


def _env(symbols: Iterable[sympy.Expr], values: dict[str, int]) -> dict[Symbol, int]:
    return {s: values[s.name] for s in symbols if isinstance(s, Symbol)}


# Variants of a convolution case, written after it ("a+square+unpadded"): the layer of
# notes that write one letter for both axes (a k x k kernel, stride s) and state no padding.
# A claim such as pad_{k-1}(G) ⋆ rot180(W) is about that layer only: at the templates'
# 2x3 kernel its padding k-1 is no role, and with a padding it is not the gradient at all.
VARIANTS = {
    "square": "one letter for both axes (a k x k kernel, stride s, dilation d, padding p "
    "on every side)",
    "unpadded": "no padding",
    "narrow": "every padding at most the dilated kernel's extent less one (p <= d(k - 1))",
}
# A padded layer's full correlation pads G by d(k-1) - p (``pad_{k-1-p}(G) ⋆ rot180(W)``,
# the padding cropped back off the full result): a padding only where p <= d(k-1).  Case
# "+narrow" assumes that of every side, so its templates keep it: the kernel is larger and
# the paddings smaller than the usual templates' (and the input larger, so that the
# dilated kernel fits); the twin's paddings are primes under k - 1 = 100.
NARROW_TEMPLATE = {"H": 17, "W": 19, "k_h": 3, "k_w": 4, "p_t": 1, "p_b": 2, "p_l": 3, "p_r": 2}
NARROW_TWIN = {"p_t": 41, "p_b": 43, "p_l": 47, "p_r": 89}


def split_case(case: str) -> tuple[str, tuple[str, ...]]:
    """A case name and its variants (``"a+square"`` -> ``("a", ("square",))``)."""
    base, *variants = case.split("+")
    return base, tuple(variants)


def conv_config(case: str) -> SymConfig:
    """The symbolic convolution of one case, with its two templates."""
    base, variants = split_case(case)
    title, strided, dilated, grouped, mode = CONV_CASES[base]
    if "unpadded" in variants:  # "any padding" of the base case is fixed to none here
        title = re.sub(r",? (?:and )?(?:any|asymmetric) padding", "", title)
    title = "; ".join([title, *(VARIANTS[v] for v in variants)])
    square = "square" in variants
    h, w, kh = size("H"), size("W"), size("k_h")
    kw = kh if square else size("k_w")  # one letter k for both axes: one symbol
    sh, sw = (size("s_h"), size("s_h" if square else "s_w")) if strided else (ONE, ONE)
    dh, dw = (size("d_h"), size("d_h" if square else "d_w")) if dilated else (ONE, ONE)
    if "unpadded" in variants:
        pt = pb = pl = pr = ONE - 1
    elif square:  # one letter p: the same padding on every side
        pt = pb = pl = pr = pad("p_t")
    else:
        pt, pb, pl, pr = pad("p_t"), pad("p_b"), pad("p_l"), pad("p_r")
    ho, wo, n = size("H_o"), size("W_o"), size("N")
    g = size("g") if grouped else ONE
    cg, fg = (size("C_g"), size("F_g")) if grouped else (size("C"), size("F"))
    c, f = g * cg, g * fg
    sizes = (h, w, kh, kw, sh, sw, dh, dw, pt, pb, pl, pr, n, g, cg, fg)

    def site(env: dict[Symbol, int]) -> tuple[Conv, tuple[int, int, int]]:
        """The layer at one template, and its output sizes written into ``env``."""
        spec = conv(
            _value(c, env),
            _value(f, env),
            (env[kh], env[kw]),
            stride=(_value(sh, env), _value(sw, env)),
            padding=(_value(pt, env), _value(pb, env), _value(pl, env), _value(pr, env)),
            dilation=(_value(dh, env), _value(dw, env)),
            groups=_value(g, env),
            mode=mode,
        )
        shape = (_value(c, env), env[h], env[w])
        _, env[ho], env[wo] = spec.output_shape(shape)
        return spec, shape

    # without padding the dilated 2x3 kernel (extent 7 x 15) must fit the input itself
    small = {**TEMPLATE, "H": 17, "W": 19} if "unpadded" in variants else TEMPLATE
    large = TWIN
    narrow = "narrow" in variants and "unpadded" not in variants
    if narrow:
        small, large = {**TEMPLATE, **NARROW_TEMPLATE}, {**TWIN, **NARROW_TWIN}
    env, twin = _env(sizes, small), _env(sizes, large)
    spec, shape = site(env)
    site(twin)
    # the full correlation's padding less the layer's own, side by side (case "+narrow")
    full_cut = (dh * (kh - 1) - pt, dh * (kh - 1) - pb, dw * (kw - 1) - pl, dw * (kw - 1) - pr)
    fw, fw_syms, fw_ext = _grouped("f'", g, fg, "phi'")
    fx, fx_syms, fx_ext = _grouped("c'", g, cg, "kappa'")
    cw, aw, bw, nx, t, u = (index(s) for s in ("c'", "a'", "b'", "n'", "t", "u"))
    fz, fz_syms, fz_ext = (
        (index("f"), (index("f"),), (fg,))
        if g == 1
        else (index("gamma") * fg + index("phi"), (index("gamma"), index("phi")), (g, fg))
    )
    nz, iz, jz = index("n"), index("i"), index("j")
    free = {
        "W": FreeIndex((fw, cw, aw, bw), (*fw_syms, cw, aw, bw), (*fw_ext, cg, kh, kw)),
        "X": FreeIndex((nx, fx, t, u), (nx, *fx_syms, t, u), (n, *fx_ext, h, w)),
        "b": FreeIndex((fw,), fw_syms, fw_ext),
        "Z": FreeIndex((nz, fz, iz, jz), (nz, *fz_syms, iz, jz), (n, *fz_ext, ho, wo)),
    }
    return _checked(
        SymConfig(
            kind="conv2d",
            case=case,
            title=title,
            shapes={
                "X": (n, c, h, w),
                "W": (f, cg, kh, kw),
                "b": (f,),
                "G": (n, f, ho, wo),
                "Z": (n, f, ho, wo),
            },
            roles={
                "padding": (pt, pb, pl, pr),
                "stride": (sh, sw),
                "dilation": (dh, dw),
                "groups": g,
                "kernel": (kh, kw),
                "padded": (h + pt + pb, w + pl + pr),
                # the full correlation's padding: every tap of the kernel meets every
                # entry of G, so G is padded by the dilated kernel's extent less one
                "full": (dh * (kh - 1), dh * (kh - 1), dw * (kw - 1), dw * (kw - 1)),
                **({"full_cut": full_cut} if narrow else {}),
            },
            assumptions=tuple(a for e in full_cut if isinstance(a := atom(GE, e), Atom))
            if narrow
            else (),
            free=free,
            env=env,
            twin_env=twin,
            template=ConvLayer(spec, shape[1:], 1),
            site=site,
            build=lambda spec, shape: conv_identities(spec, shape[1:]),
            axes=(Axis(h, kh, sh, dh, pt, pb, ho), Axis(w, kw, sw, dw, pl, pr, wo)),
            groups=g,
            group_in=cg,
            group_out=fg,
            mode=mode,
            order=PRINT_ORDER,
        )
    )


def conv_transpose_config(case: str = "conv_transpose") -> SymConfig:
    """The symbolic transposed convolution: stride, dilation, groups, four paddings and a
    symbolic output padding, all at once.

    It is the adjoint of a convolution whose input is the transposed output (H_o) and
    whose output is the transposed input (H): the axes are the convolution's with the two
    sizes exchanged.  H_o = (H - 1)s_h - p_t - p_b + d_h(k_h - 1) + op_h + 1 is written with
    the output padding op_h itself, and the axis' output-size facts read 0 <= op_h <= s_h - 1
    (case conv_transpose, op_h = o_h).  In case conv_transpose_high, op_h = s_h·q_h + r_h
    with q_h >= 1: the last s_h·q_h rows of the output receive no input entry, the closed
    forms work on the output without them (the ``cut`` of
    :func:`symconv.layers.conv_transpose.conv_transpose_forms`), and the facts read
    0 <= r_h <= s_h - 1.  Weight (C, F_g, k_h, k_w) with C = g·C_g input channels, F = g·F_g."""
    h, w, kh, kw = size("H"), size("W"), size("k_h"), size("k_w")
    sh, sw, dh, dw = size("s_h"), size("s_w"), size("d_h"), size("d_w")
    pt, pb, pl, pr = pad("p_t"), pad("p_b"), pad("p_l"), pad("p_r")
    n, g, cg, fg = (size(s) for s in ("N", "g", "C_g", "F_g"))
    c, f = g * cg, g * fg
    sizes = [h, w, kh, kw, sh, sw, dh, dw, pt, pb, pl, pr, n, g, cg, fg]
    if case == "conv_transpose_high":
        qh, qw, rh, rw = size("q_h"), size("q_w"), pad("r_h"), pad("r_w")
        cut, rest = (sh * qh, sw * qw), (rh, rw)
        sizes += [qh, qw, rh, rw]
        values, twin_values = HIGH_TEMPLATE, HIGH_TWIN
    else:
        cut, rest = (ONE - 1, ONE - 1), (pad("o_h"), pad("o_w"))
        sizes += list(rest)
        values, twin_values = TRANSPOSE_TEMPLATE, TRANSPOSE_TWIN
    op = (cut[0] + rest[0], cut[1] + rest[1])
    ho = (h - 1) * sh - pt - pb + dh * (kh - 1) + op[0] + 1
    wo = (w - 1) * sw - pl - pr + dw * (kw - 1) + op[1] + 1

    def site(env: dict[Symbol, int]) -> tuple[ConvTranspose, tuple[int, int, int]]:
        spec = conv_transpose(
            _value(c, env),
            _value(f, env),
            (env[kh], env[kw]),
            stride=(env[sh], env[sw]),
            padding=(_value(pt, env), _value(pb, env), _value(pl, env), _value(pr, env)),
            dilation=(env[dh], env[dw]),
            output_padding=(_value(op[0], env), _value(op[1], env)),
            groups=env[g],
        )
        shape = (_value(c, env), env[h], env[w])
        assert spec.output_shape(shape)[1:] == (_value(ho, env), _value(wo, env))
        return spec, shape

    env, twin = _env(sizes, values), _env(sizes, twin_values)
    spec, shape = site(env)
    site(twin)
    gw, kw_, fw = index("gamma'"), index("kappa'"), index("phi'")
    nz, gz, phz, tz, uz = (index(s) for s in ("n", "gamma", "phi", "t", "u"))
    nx, ix, jx, aw, bw = (index(s) for s in ("n'", "i'", "j'", "a'", "b'"))
    free = {
        "W": FreeIndex((gw * cg + kw_, fw, aw, bw), (gw, kw_, fw, aw, bw), (g, cg, fg, kh, kw)),
        "X": FreeIndex((nx, gw * cg + kw_, ix, jx), (nx, gw, kw_, ix, jx), (n, g, cg, h, w)),
        "b": FreeIndex((gw * fg + fw,), (gw, fw), (g, fg)),
        "Z": FreeIndex((nz, gz * fg + phz, tz, uz), (nz, gz, phz, tz, uz), (n, g, fg, ho, wo)),
    }
    # The closed forms' full convolution is as long as the output without the cut rows.
    full_h, full_w = ho - cut[0], wo - cut[1]
    roles = {
        "padding": (pt, pb, pl, pr),
        "stride": (sh, sw),
        "dilation": (dh, dw),
        "groups": g,
        "kernel": (kh, kw),
        "padded": (full_h + pt + pb, full_w + pl + pr),
        "output_padding": op,
    }
    if case == "conv_transpose_high":
        roles["cut"] = (ONE - 1, cut[0], ONE - 1, cut[1])
    return _checked(
        SymConfig(
            kind="conv_transpose2d",
            case=case,
            title=TRANSPOSE_TITLES[case],
            shapes={
                "X": (n, c, h, w),
                "W": (c, fg, kh, kw),
                "b": (f,),
                "G": (n, f, ho, wo),
                "Z": (n, f, ho, wo),
            },
            roles=roles,
            free=free,
            env=env,
            twin_env=twin,
            template=ConvTransposeLayer(spec, shape[1:], 1),
            site=site,
            build=lambda spec, shape: conv_transpose_identities(spec, shape[1:]),
            axes=(Axis(full_h, kh, sh, dh, pt, pb, h), Axis(full_w, kw, sw, dw, pl, pr, w)),
            groups=g,
            group_in=cg,
            group_out=fg,
            order=PRINT_ORDER,
        )
    )


def avgpool_config() -> SymConfig:
    """Average pooling: a depthwise convolution with the constant kernel 1/(k_h·k_w)."""
    n, c, h, w, kh, kw = (size(s) for s in ("N", "C", "H", "W", "k_h", "k_w"))
    sh, sw, ph, pw = size("s_h"), size("s_w"), pad("p_h"), pad("p_w")
    ho, wo = size("H_o"), size("W_o")

    def site(env: dict[Symbol, int]) -> tuple[Pool, tuple[int, int, int]]:
        spec = pool(
            "avg", (env[kh], env[kw]), (env[sh], env[sw]), (env[ph], env[pw]), name="avgpool2d"
        )
        shape = (env[c], env[h], env[w])
        _, env[ho], env[wo] = spec.output_shape(shape)
        return spec, shape

    sizes = (n, c, h, w, kh, kw, sh, sw, ph, pw)
    env, twin = _env(sizes, AVG_TEMPLATE), _env(sizes, AVG_TWIN)
    spec, shape = site(env)
    site(twin)
    nx, cx, t, u = (index(s) for s in ("n'", "c'", "t", "u"))
    nz, cz, iz, jz = (index(s) for s in ("n", "c", "i", "j"))
    return _checked(
        SymConfig(
            kind="avgpool2d",
            case="avgpool",
            title="average pooling, any stride and padding",
            shapes={"X": (n, c, h, w), "G": (n, c, ho, wo), "Z": (n, c, ho, wo)},
            roles={
                "padding": (ph, ph, pw, pw),
                "stride": (sh, sw),
                "dilation": (ONE, ONE),
                "groups": c,
                "kernel": (kh, kw),
                "padded": (h + 2 * ph, w + 2 * pw),
                "mean": 1 / (kh * kw),
                "kernel_shape": (c, ONE, kh, kw),
            },
            free={
                "X": FreeIndex((nx, cx, t, u), (nx, cx, t, u), (n, c, h, w)),
                "Z": FreeIndex((nz, cz, iz, jz), (nz, cz, iz, jz), (n, c, ho, wo)),
            },
            env=env,
            twin_env=twin,
            template=AvgPoolLayer(spec, shape, 1),
            site=site,
            build=avg_pool_identities,
            axes=(Axis(h, kh, sh, ONE, ph, ph, ho), Axis(w, kw, sw, ONE, pw, pw, wo)),
            groups=c,
            group_in=ONE,
            group_out=ONE,
            bias=False,
            order=PRINT_ORDER,
        )
    )


def dense_config() -> SymConfig:
    """The dense layer Z = X Wᵀ + b with symbolic batch and feature counts."""
    n, fin, fout = size("N"), size("n_in"), size("n_out")

    def site(env: dict[Symbol, int]) -> tuple[Dense, tuple[int]]:
        return Dense(env[fin], env[fout], True), (env[fin],)

    env, twin = _env((n, fin, fout), DENSE_TEMPLATE), _env((n, fin, fout), DENSE_TWIN)
    o, i, m = index("o'"), index("i'"), index("n'")
    return _checked(
        SymConfig(
            kind="dense",
            case="dense",
            title="dense layer, any sizes",
            shapes={"X": (n, fin), "W": (fout, fin), "b": (fout,), "G": (n, fout), "Z": (n, fout)},
            roles={},
            env=env,
            twin_env=twin,
            template=DenseLayer(site(env)[0], 1),
            site=site,
            build=lambda spec, shape: dense_identities(spec.bias),
            free={
                "W": FreeIndex((o, i), (o, i), (fout, fin)),
                "X": FreeIndex((m, i), (m, i), (n, fin)),
                "b": FreeIndex((o,), (o,), (fout,)),
                "Z": FreeIndex((index("n"), index("o")), (index("n"), index("o")), (n, fout)),
            },
            order=PRINT_ORDER,
        )
    )


def config_for(case: str) -> SymConfig:
    base, variants = split_case(case)
    if base in CONV_CASES and set(variants) <= VARIANTS.keys():
        return conv_config(case)
    if case == "avgpool":
        return avgpool_config()
    if case == "dense":
        return dense_config()
    if case in TRANSPOSE_TITLES:
        return conv_transpose_config(case)
    raise KeyError(case)


def _checked(cfg: SymConfig) -> SymConfig:
    _assert_no_coincidence(cfg)
    return cfg


def _candidates(symbols: list[Symbol]) -> list[sympy.Expr]:
    """Simple expressions a wrong parameter could be: the sizes, 0, 1, 2, sums of up to
    three sizes, differences, products of two, reciprocals of those, off-by-ones."""
    singles = [*symbols, sympy.Integer(0), ONE, sympy.Integer(2)]
    pairs = list(itertools.combinations(symbols, 2))
    found = list(singles)
    found += [a + b for a, b in pairs] + [a * b for a, b in pairs]
    found += [a - b for a, b in itertools.permutations(symbols, 2)]
    found += [a + b + c for a, b, c in itertools.combinations(symbols, 3)]
    found += [2 * a for a in symbols] + [a + 1 for a in symbols] + [a - 1 for a in symbols]
    found += [1 / e for e in [*symbols, *(a * b for a, b in pairs)]]
    return found


def _assert_no_coincidence(cfg: SymConfig) -> None:
    """No simple expression other than a role's own takes its values at both templates.

    Values are compared first (cheap); only an expression equal at both templates is
    compared symbolically, and it must then be the role's own expression.
    """
    symbols = sorted(set(cfg.env) | set(cfg.twin_env), key=lambda s: s.name)
    candidates = [(e, e.xreplace(cfg.env), e.xreplace(cfg.twin_env)) for e in _candidates(symbols)]
    # an output size with stride 1 is H_p - d(k-1) exactly: an expression that equals the
    # role through it (H - H_o = k - 1 without padding) is the same size, no coincidence
    derived = cfg.exact_outputs
    for name, value in cfg.roles.items():
        for expr in value if isinstance(value, tuple) else (value,):
            expr = sympy.sympify(expr, strict=True)
            if not expr.free_symbols:
                continue  # a fixed 1: nothing to mistake
            at_a, at_b = expr.xreplace(cfg.env), expr.xreplace(cfg.twin_env)
            for other, a, b in candidates:
                if a == at_a and b == at_b and sympy.expand((other - expr).xreplace(derived)) != 0:
                    raise AssertionError(
                        f"{cfg.case}: the templates cannot tell the {name} {expr} from "
                        f"{other} (both {at_a} and {at_b}); choose other template values"
                    )


# One line per case for reports and notes (Spanish titles: notes/i18n_general.py).
TITLES = {
    **{k: v[0] for k, v in CONV_CASES.items()},
    "avgpool": "average pooling, any stride and padding",
    "dense": "dense layer, any sizes",
    "maxpool": "max pooling",
    **TRANSPOSE_TITLES,
}
