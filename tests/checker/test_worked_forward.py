"""A worked example whose forward the notes write in the names they gave numbers
(``Z = X_1 \\star K_1 + X_2 \\star K_2 + b``, two input channels): the output and the gradients
with respect to each named operand are judged at those numbers, right or wrong.  The truth
is torch's conv2d on the stacked channels and autograd, never symconv."""

from __future__ import annotations

import pytest
from line_verdicts import one_verdict

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

torch = pytest.importorskip("torch")

X1 = [[2, 0, 1, -1], [1, 3, 0, 2], [0, 1, -2, 1], [1, 0, 1, 0]]
X2 = [[1, 1, 0, 2], [-1, 0, 2, 1], [3, 1, 0, 0], [0, 2, 1, -1]]
K1 = [[1, -1], [2, 0]]
K2 = [[0, 1], [1, 3]]
B = 2
G = [[1, 0, -1], [2, 1, 0], [0, -1, 1]]  # dL/dZ


def _truth() -> dict[str, list[list[float]]]:
    """Z and the gradients of L = sum(G * Z) for one output channel over two input channels."""
    x = torch.tensor([[X1, X2]], dtype=torch.float64, requires_grad=True)
    k = torch.tensor([[K1, K2]], dtype=torch.float64, requires_grad=True)
    z = torch.nn.functional.conv2d(x, k, torch.tensor([float(B)], dtype=torch.float64))
    (z * torch.tensor([[G]], dtype=torch.float64)).sum().backward()
    assert x.grad is not None and k.grad is not None
    out = {
        "Z": z[0, 0],
        "dX1": x.grad[0, 0],
        "dX2": x.grad[0, 1],
        "dK1": k.grad[0, 0],
        "dK2": k.grad[0, 1],
    }
    return {n: t.tolist() for n, t in out.items()}


def _matrix(rows, env: str) -> str:
    body = " \\\\ ".join(" & ".join(str(int(v)) for v in row) for row in rows)
    return f"\\begin{{{env}}} {body} \\end{{{env}}}"


def _bumped(rows) -> list[list[float]]:
    """The matrix with its first entry off by one: a deliberately wrong claim."""
    out = [list(row) for row in rows]
    out[0][0] += 1
    return out


_SPANISH = """# Dos canales a mano

Entrada de dos canales y un filtro; $\\star$ es la correlación cruzada válida.

$$X_1 = {x1}, \\quad X_2 = {x2}$$

$$K_1 = {k1}, \\quad K_2 = {k2}, \\quad b = {b}$$

La salida es $Z = X_1 \\star K_1 + X_2 \\star K_2 + b$, es decir

$$Z = {z}$$

Desde arriba llega

$$\\delta = \\frac{{\\partial L}}{{\\partial Z}} = {g}$$

El gradiente del filtro del canal 1:

$$\\frac{{\\partial L}}{{\\partial K_1}} = X_1 \\star \\delta = {dk1}$$

y el de la entrada del canal 2:

$$\\frac{{\\partial L}}{{\\partial X_2}} = {dx2}$$
"""

_ENGLISH = """# Two input maps, one filter, by hand

We take two input maps $A$ and $B$ and one filter with a slice per map;
$\\star$ is the valid cross-correlation.

$$A = {x1}, \\qquad B = {x2}, \\qquad P = {k1}, \\qquad Q = {k2}$$

The forward is $Y = A \\star P + B \\star Q + {b}$, which gives

$$Y = {z}$$

Let $G = \\partial L / \\partial Y$ and take

$$G = {g}$$

Then

$$\\frac{{\\partial L}}{{\\partial Q}} = {dk2}$$

$$\\frac{{\\partial L}}{{\\partial A}} = {dx1}$$
"""


def _note(template: str, slip: int) -> str:
    t = _truth()
    wrong = _bumped if slip else (lambda m: m)
    env = "pmatrix" if template is _SPANISH else "bmatrix"
    return template.format(
        x1=_matrix(X1, env),
        x2=_matrix(X2, env),
        k1=_matrix(K1, env),
        k2=_matrix(K2, env),
        b=B,
        g=_matrix(G, env),
        z=_matrix(wrong(t["Z"]), env),
        dk1=_matrix(wrong(t["dK1"]), env),
        dk2=_matrix(wrong(t["dK2"]), env),
        dx1=_matrix(wrong(t["dX1"]), env),
        dx2=_matrix(wrong(t["dX2"]), env),
    )


_PIECES = {
    "es": ("$$Z = \\begin", "\\partial K_1} = X_1", "\\partial X_2} = \\begin"),
    "en": ("$$Y = \\begin", "\\partial Q} = \\begin", "\\partial A} = \\begin"),
}


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("slip", [0, 1], ids=["right", "off by one"])
def test_a_written_two_channel_forward_binds_the_output_and_its_gradients(lang, slip):
    text = _note(_SPANISH if lang == "es" else _ENGLISH, slip)
    for piece in _PIECES[lang]:
        found = one_verdict(text, piece)
        assert found.status == (WRONG if slip else VERIFIED), (piece, found.message)


def test_a_strided_layer_leaves_the_written_forward_unbound():
    """Where the notes' layer has stride 2, their \\star may be the strided correlation: the
    numbers are not bound to the plain valid one (no verdict either way)."""
    text = _note(_ENGLISH, 0).replace(
        "$\\star$ is the valid cross-correlation.", "the layer uses stride 2."
    )
    for piece in _PIECES["en"][1:]:
        assert one_verdict(text, piece).status == NOT_UNDERSTOOD, piece


def test_an_upstream_gradient_of_another_shape_is_not_bound():
    """G of a size the forward's output does not have belongs to another example."""
    text = _note(_ENGLISH, 0).replace(_matrix(G, "bmatrix"), _matrix([[1, 2], [3, 4]], "bmatrix"))
    assert one_verdict(text, "\\partial Q} = \\begin").status == NOT_UNDERSTOOD


def _z_entry_arithmetic(r: int, c: int) -> str:
    """Z[r, c] written out: each channel's window times its kernel, then the bias."""
    parts = []
    for x, k in ((X1, K1), (X2, K2)):
        taps = [f"({x[r + u][c + v]}) \\cdot ({k[u][v]})" for u in range(2) for v in range(2)]
        parts.append("(" + " + ".join(taps) + ")")
    return " + ".join(parts) + f" + {B}"


def _input_taps(p: int, q: int) -> list[tuple[int, int, int, int]]:
    """(i, j, u, v) with i + u = p, j + v = q: the outputs that read X_1[p, q], and the tap."""
    return [
        (i, j, p - i, q - j)
        for i in range(3)
        for j in range(3)
        if 0 <= p - i < 2 and 0 <= q - j < 2
    ]


_ENTRIES = """# Entradas a mano

Entrada de dos canales y un filtro; $\\star$ es la correlación cruzada válida, índices desde 0.

$$X_1 = {x1}, \\quad X_2 = {x2}$$

$$K_1 = {k1}, \\quad K_2 = {k2}, \\quad b = {b}$$

La salida es $Z = X_1 \\star K_1 + X_2 \\star K_2 + b$.  Por ejemplo

$$Z[1,2] = {zarith} = {z12}$$

Desde arriba llega

$$\\delta = \\frac{{\\partial L}}{{\\partial Z}} = {g}$$

y entonces

$$\\frac{{\\partial L}}{{\\partial X_1[1,1]}} = {formula} = {dx11}$$

$$\\frac{{\\partial L}}{{\\partial b}} = \\sum_{{i,j}} \\delta[i,j] = {db}$$
"""


def _entries_note(slip: str) -> str:
    t = _truth()
    taps = _input_taps(1, 1)
    if slip == "tap":  # a wrong kernel tap in the first term: another formula
        i, j, u, v = taps[0]
        taps[0] = (i, j, 1 - u, v)
    formula = " + ".join(f"\\delta[{i},{j}] K_1[{u},{v}]" for i, j, u, v in taps)
    value = sum(G[i][j] * K1[u][v] for i, j, u, v in _input_taps(1, 1))
    assert value == t["dX1"][1][1]  # the written terms add up to torch's gradient
    return _ENTRIES.format(
        x1=_matrix(X1, "pmatrix"),
        x2=_matrix(X2, "pmatrix"),
        k1=_matrix(K1, "pmatrix"),
        k2=_matrix(K2, "pmatrix"),
        b=B,
        g=_matrix(G, "pmatrix"),
        zarith=_z_entry_arithmetic(1, 2),
        z12=int(t["Z"][1][2]) + (slip == "number"),
        formula=formula,
        dx11=int(value) + (slip == "number"),
        db=sum(map(sum, G)) + (slip == "number"),
    )


@pytest.mark.parametrize("slip", ["", "number", "tap"], ids=["right", "a number off", "a tap"])
def test_entries_under_a_written_forward_are_judged_at_the_notes_numbers(slip):
    text = _entries_note(slip)
    want = {
        "Z[1,2] =": WRONG if slip == "number" else VERIFIED,
        "\\partial X_1[1,1]}": WRONG if slip else VERIFIED,
        "\\partial b} =": WRONG if slip == "number" else VERIFIED,
    }
    for piece, status in want.items():
        found = one_verdict(text, piece)
        assert found.status == status, (piece, found.message)


_FAMILY = """# Resumen por canal

Entrada de dos canales y un filtro; $\\star$ es la correlación cruzada válida.

$$X_1 = {x1}, \\quad X_2 = {x2}, \\quad K_1 = {k1}, \\quad K_2 = {k2}$$

La salida es $Z = X_1 \\star K_1 + X_2 \\star K_2$ y
$\\delta = \\frac{{\\partial L}}{{\\partial Z}}$ es

$$\\delta = {g}$$

Para cada canal $c$:

$$\\frac{{\\partial L}}{{\\partial K_c}} = X_c \\star \\delta$$

$$\\frac{{\\partial L}}{{\\partial X_c}} = \\operatorname{{pad}}_1(\\delta) \\star {kernel}$$
"""


@pytest.mark.parametrize("flip", [True, False], ids=["rot180", "no flip"])
def test_a_per_channel_formula_is_read_for_each_channel_of_the_family(flip):
    """Truth: torch's gradients against the formula per channel, computed here with torch's
    own correlation of the padded G with the (flipped) kernel slice."""
    x = torch.tensor([[X1, X2]], dtype=torch.float64, requires_grad=True)
    k = torch.tensor([[K1, K2]], dtype=torch.float64)
    z = torch.nn.functional.conv2d(x, k)
    g = torch.tensor([[G]], dtype=torch.float64)
    (z * g).sum().backward()
    assert x.grad is not None
    padded = torch.nn.functional.pad(g, (1, 1, 1, 1))
    agree = all(
        torch.equal(
            torch.nn.functional.conv2d(
                padded, k[:, c : c + 1].flip(-1, -2) if flip else k[:, c : c + 1]
            )[0, 0],
            x.grad[0, c],
        )
        for c in range(2)
    )
    assert agree == flip  # the kernels are not symmetric: only the flipped form is right
    text = _FAMILY.format(
        x1=_matrix(X1, "bmatrix"),
        x2=_matrix(X2, "bmatrix"),
        k1=_matrix(K1, "bmatrix"),
        k2=_matrix(K2, "bmatrix"),
        g=_matrix(G, "bmatrix"),
        kernel="\\operatorname{rot}_{180}(K_c)" if flip else "K_c",
    )
    assert one_verdict(text, "\\partial K_c} =").status == VERIFIED
    found = one_verdict(text, "\\partial X_c} =")
    assert found.status == (VERIFIED if flip else WRONG), found.message
