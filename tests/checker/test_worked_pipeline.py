"""A worked example through a small pipeline, conv -> ReLU -> pool, in the notes' own letters
(``Z = X \\star K + b``, ``A = \\operatorname{ReLU}(Z)``, ``P = \\operatorname{maxpool}(A)``):
with X, K, b given as numbers and the upstream gradient dL/dP, the claims about A, P, dL/dA,
dL/dZ, dL/dK and single entries are judged at those numbers, right or wrong.  The truth is
torch's conv2d, relu, max_pool2d / avg_pool2d and autograd, never symconv."""

from __future__ import annotations

import pytest
from conftest import checked_text
from line_verdicts import one_verdict

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

torch = pytest.importorskip("torch")

X = [[1, 2, 0, 1], [0, 1, 3, 1], [2, 0, 1, 2], [1, 3, 0, 1]]
K = [[1, 0], [-1, 2]]
B = -1
G = [[1, -2], [3, 1]]  # dL/dP


def _truth(op: str) -> dict[str, list[list[int]]]:
    """Z, A, P and the gradients of L = sum(G * P) through conv -> ReLU -> pool 2x2/1."""
    x = torch.tensor([[X]], dtype=torch.float64, requires_grad=True)
    k = torch.tensor([[K]], dtype=torch.float64, requires_grad=True)
    b = torch.tensor([float(B)], dtype=torch.float64, requires_grad=True)
    z = torch.nn.functional.conv2d(x, k, b)
    a = torch.relu(z)
    pool = torch.nn.functional.max_pool2d if op == "max" else torch.nn.functional.avg_pool2d
    p = pool(a, 2, stride=1)
    for t in (z, a):
        t.retain_grad()
    (p * torch.tensor([[G]], dtype=torch.float64)).sum().backward()
    assert (z != 0).all()  # no ReLU'(0) convention at stake in these numbers
    out = {"Z": z, "A": a, "P": p, "dA": a.grad, "dZ": z.grad, "dK": k.grad, "dX": x.grad}
    # average pooling makes quarters: the notes write them as decimals, kept exact here
    return {n: [[float(v) for v in row] for row in t[0, 0].tolist()] for n, t in out.items()}


def _cell(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def _matrix(rows, env: str = "pmatrix") -> str:
    body = " \\\\ ".join(" & ".join(_cell(v) for v in row) for row in rows)
    return f"\\begin{{{env}}} {body} \\end{{{env}}}"


def _bumped(rows) -> list[list[float]]:
    """The matrix with its last entry off by one: a deliberately wrong claim."""
    out = [list(row) for row in rows]
    out[-1][-1] += 1
    return out


_ENGLISH = """# Conv, ReLU, max pooling by hand

One channel: $Z = X \\star K + b$ is a valid cross-correlation with stride 1,
then $A = \\operatorname{{ReLU}}(Z)$ and $P = \\operatorname{{{pool}}}(A)$,
with a 2x2 window and stride 1.
Indices start at 1.

$$X = {x}, \\qquad K = {k}$$

and $b = {b}$.  For instance $z_{{22}} = {chain} = {z22}$.  After the ReLU,

$$A = {a}$$

and pooling gives

$$P = {p}$$

so $p_{{22}} = {p22}$.  From the head we receive

$$G = \\frac{{\\partial L}}{{\\partial P}} = {g}$$

The pool sends it back:

$$\\frac{{\\partial L}}{{\\partial A}} = {da}$$

then the ReLU masks it:

$$\\frac{{\\partial L}}{{\\partial Z}} = {dz}$$

and for one entry, $\\frac{{\\partial L}}{{\\partial z_{{12}}}} = {dz12}$.
"""

_SPANISH = """# Convolución, ReLU y pooling, a mano

Un canal; la correlación válida con paso 1 da $Z = X * K + b$; luego
$A = \\mathrm{{ReLU}}(Z)$ y $P = \\mathrm{{{pool}}}(A)$, ventanas de 2x2 con paso 1.
Índices desde 1.

$$X = {x}, \\qquad K = {k}, \\qquad b = {b}$$

Por ejemplo, $z_{{22}} = {chain} = {z22}$.  Tras la ReLU:

$$A = {a}$$

El pooling da

$$P = {p}$$

es decir $p_{{22}} = {p22}$.  Desde la capa siguiente llega

$$\\frac{{\\partial L}}{{\\partial P}} = {g}$$

El pooling lo devuelve así:

$$\\frac{{\\partial L}}{{\\partial A}} = {da}$$

y la ReLU lo enmascara:

$$\\frac{{\\partial L}}{{\\partial Z}} = {dz}$$

En una entrada: $\\frac{{\\partial L}}{{\\partial z_{{12}}}} = {dz12}$.
"""


def _note(template: str, op: str, slip: int) -> str:
    t = _truth(op)
    wrong = _bumped if slip else (lambda m: m)
    env = "bmatrix" if template is _ENGLISH else "pmatrix"
    # z_{22} (1-based) written out: the window of X at (2, 2) times K, plus b
    terms = [f"{X[1 + m][1 + n]} \\cdot ({K[m][n]})" for m in range(2) for n in range(2)]
    return template.format(
        pool="maxpool" if op == "max" else "avgpool",
        chain=" + ".join(terms) + f" + ({B})",
        z22=_cell(t["Z"][1][1] + slip),
        x=_matrix(X, env),
        k=_matrix(K, env),
        b=B,
        a=_matrix(wrong(t["A"]), env),
        p=_matrix(wrong(t["P"]), env),
        p22=_cell(t["P"][1][1] + slip),
        g=_matrix(G, env),
        da=_matrix(wrong(t["dA"]), env),
        dz=_matrix(wrong(t["dZ"]), env),
        dz12=_cell(t["dZ"][0][1] + slip),
    )


_PIECES = (
    "z_{22} =",
    "$$A = \\begin",
    "$$P = \\begin",
    "p_{22} =",
    "\\partial A}} = \\begin",
    "\\partial Z}} = \\begin",
    "z_{12}}} =",
)


@pytest.mark.parametrize("template", [_ENGLISH, _SPANISH], ids=["en", "es"])
@pytest.mark.parametrize("op", ["max", "avg"])
@pytest.mark.parametrize("slip", [0, 1], ids=["right", "off by one"])
def test_a_pipelines_stages_are_judged_at_the_notes_numbers(template, op, slip):
    text = _note(template, op, slip)
    for piece in _PIECES:
        piece = piece.replace("}}", "}")
        found = one_verdict(text, piece)
        assert found.status == (WRONG if slip else VERIFIED), (piece, found.message)


def test_a_tied_max_window_is_not_judged_unless_the_notes_state_the_rule():
    """A ReLU that zeroes a whole window ties its max: which entry gets the gradient is a
    convention, so dL/dA is not judged; dL/dZ is (z < 0 masks every entry whatever the rule),
    and a wrong one is caught."""
    x = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
    k = [[1, 0], [0, 1]]

    def note(dz) -> str:
        return _ENGLISH.format(
            pool="maxpool",
            x=_matrix(x, "bmatrix"),
            k=_matrix(k, "bmatrix"),
            b=-1,
            chain="0 + 0 - 1",
            z22=-1,
            a=_matrix([[0, 0], [0, 0]], "bmatrix"),
            p=_matrix([[0]], "bmatrix"),
            p22=0,
            g=_matrix([[2]], "bmatrix"),
            da=_matrix([[2, 0], [0, 0]], "bmatrix"),
            dz=_matrix(dz, "bmatrix"),
            dz12=0,
        )

    truth = torch.relu(torch.full((2, 2), -1.0, requires_grad=True))
    truth.sum().backward()  # ReLU passes nothing back where z = -1
    assert one_verdict(note([[0, 0], [0, 0]]), "\\partial A} = \\begin").status == NOT_UNDERSTOOD
    assert one_verdict(note([[0, 0], [0, 0]]), "\\partial Z} = \\begin").status == VERIFIED
    assert one_verdict(note([[2, 0], [0, 0]]), "\\partial Z} = \\begin").status == WRONG


def test_relu_at_zero_is_judged_only_under_the_notes_convention():
    """z = 0 where the upstream gradient is not 0: ReLU'(0) decides dL/dZ there."""
    x = [[1, 0], [0, 1]]
    k = [[1]]
    zero = "\n".join(
        [
            "$Z = X \\star K + b$, then $A = \\operatorname{ReLU}(Z)$ and "
            "$P = \\operatorname{maxpool}(A)$ with a 1x1 window and stride 1.",
            "",
            f"$$X = {_matrix(x, 'bmatrix')}, \\qquad K = {_matrix(k, 'bmatrix')}$$",
            "",
            "and $b = 0$.",
            "",
            f"$$\\frac{{\\partial L}}{{\\partial P}} = {_matrix([[1, 2], [3, 4]], 'bmatrix')}$$",
            "",
            f"$$\\frac{{\\partial L}}{{\\partial Z}} = {_matrix([[1, 0], [0, 4]], 'bmatrix')}$$",
        ]
    )
    assert one_verdict(zero, "\\partial Z} = \\begin").status == NOT_UNDERSTOOD
    stated = zero.replace("and $b = 0$.", "and $b = 0$. At $z = 0$ we take the derivative 0.")
    assert one_verdict(stated, "\\partial Z} = \\begin").status == VERIFIED


_ITALIAN = """# Esercizio: convoluzione e ReLU

Un canale, passo 1, senza padding: $Y = X \\star W + b$ e poi $H = \\max(0, Y)$.
Gli indici partono da 0.

$$X = {x}, \\qquad W = {w}$$

con $b = {b}$.  Supponiamo che dallo strato successivo arrivi

$$\\frac{{\\partial L}}{{\\partial H}} = {g}$$

Allora

$$\\frac{{\\partial L}}{{\\partial W}} = {dw}$$

$$\\frac{{\\partial L}}{{\\partial X}} = {dx}$$

e $\\frac{{\\partial L}}{{\\partial b}} = {db}$,
cioè $\\frac{{\\partial L}}{{\\partial w_{{01}}}} = {dw01}$.
"""
X3 = [[2, -1, 0], [1, 3, -2], [0, 1, 1]]
W3 = [[1, -1], [2, 1]]
G3 = [[1, -2], [3, 1]]  # dL/dH


def _conv_relu_truth(b: int) -> dict:
    x = torch.tensor([[X3]], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([[W3]], dtype=torch.float64, requires_grad=True)
    bias = torch.tensor([float(b)], dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w, bias)
    assert (y != 0).all()
    (torch.relu(y) * torch.tensor([[G3]], dtype=torch.float64)).sum().backward()
    return {
        "dW": w.grad[0, 0].tolist(),
        "dX": x.grad[0, 0].tolist(),
        "db": bias.grad.item(),
        "masked": bool((y <= 0).any()),
    }


@pytest.mark.parametrize("slip", [0, 1], ids=["right", "off by one"])
def test_the_convolutions_gradients_take_the_relu_mask_first(slip):
    """dL/dH given after H = max(0, Y): dL/dW, dL/dX, dL/db are of dL/dY = dL/dH masked by
    Y > 0, not of dL/dH itself (which a one-layer reading would take for dL/dY)."""
    t = _conv_relu_truth(b=-2)
    assert t["masked"]  # the mask changes the gradient: dL/dH alone would give other numbers
    wrong = _bumped if slip else (lambda m: m)
    text = _ITALIAN.format(
        x=_matrix(X3),
        w=_matrix(W3),
        b=-2,
        g=_matrix(G3),
        dw=_matrix(wrong(t["dW"])),
        dx=_matrix(wrong(t["dX"])),
        db=_cell(t["db"] + slip),
        dw01=_cell(t["dW"][0][1] - slip),
    )
    for piece in ("\\partial W}} = \\begin", "\\partial X}} = \\begin"):
        found = one_verdict(text, piece.replace("}}", "}"))
        assert found.status == (WRONG if slip else VERIFIED), (piece, found.message)
    for piece in ("\\partial b} =", "\\partial w_{01}} ="):
        found = one_verdict(text, piece)
        assert found.status == (WRONG if slip else VERIFIED), (piece, found.message)


def test_a_gradient_worked_out_from_the_loss_is_no_upstream_data():
    """Numbers for dL/dH the notes compute themselves ("the loss's derivative gives") are a
    claim, maybe wrong: the convolution's gradients are not judged at them."""
    t = _conv_relu_truth(b=-2)
    text = _ITALIAN.format(
        x=_matrix(X3),
        w=_matrix(W3),
        b=-2,
        g=_matrix(G3),
        dw=_matrix(t["dW"]),
        dx=_matrix(t["dX"]),
        db=_cell(t["db"]),
        dw01=_cell(t["dW"][0][1]),
    ).replace("Supponiamo che dallo strato successivo arrivi", "Dalla perdita si ottiene")
    found = one_verdict(text, "\\partial X} = \\begin")
    assert found.status == NOT_UNDERSTOOD, found.message
    assert "work dL/dH out" in found.message


_FRENCH = """# Convolution, max pooling puis ReLU

Un seul canal, pas 1, sans remplissage : $Z = \\operatorname{{conv}}(X, K)$, puis
$M = \\operatorname{{maxpool}}(Z)$ avec des fenêtres 2x2 de pas 2,
et enfin $r_{{ij}} = \\max(0, m_{{ij}})$.  Les indices commencent à 0.

$$X = {x}, \\qquad K = {k}$$

On obtient

$$R = {r}$$

soit $r_{{01}} = {r01}$.  On suppose que la couche suivante renvoie

$$\\frac{{\\partial L}}{{\\partial R}} = {g}$$

Le gradient revient à travers la ReLU puis le pooling :

$$\\frac{{\\partial L}}{{\\partial Z}} = {dz}$$
"""
X5 = [[1, 0, 2, -1, 0], [3, -2, 1, 0, 1], [0, 1, -1, 2, 2], [2, 0, 1, -3, 1], [1, 2, 0, 1, 0]]
K5 = [[1, -1], [0, 2]]
G5 = [[2, -1], [1, 3]]  # dL/dR


@pytest.mark.parametrize("slip", [0, 1], ids=["right", "off by one"])
def test_pool_before_relu_in_entry_notation(slip):
    """conv -> max pool -> ReLU, the ReLU written entry by entry: R, r_{01} and dL/dZ at the
    notes' numbers (torch: conv2d, max_pool2d 2x2/2, relu)."""
    x = torch.tensor([[X5]], dtype=torch.float64, requires_grad=True)
    k = torch.tensor([[K5]], dtype=torch.float64)
    z = torch.nn.functional.conv2d(x, k)
    z.retain_grad()
    m = torch.nn.functional.max_pool2d(z, 2, stride=2)
    assert (m != 0).all()
    r = torch.relu(m)
    (r * torch.tensor([[G5]], dtype=torch.float64)).sum().backward()
    wrong = _bumped if slip else (lambda t: t)
    text = _FRENCH.format(
        x=_matrix(X5),
        k=_matrix(K5),
        r=_matrix(wrong(r[0, 0].tolist())),
        r01=_cell(r[0, 0, 0, 1].item() + slip),
        g=_matrix(G5),
        dz=_matrix(wrong(z.grad[0, 0].tolist())),
    )
    for piece in ("$$R = \\begin", "r_{01} =", "\\partial Z} = \\begin"):
        found = one_verdict(text, piece)
        assert found.status == (WRONG if slip else VERIFIED), (piece, found.message)


def test_a_second_upstream_gradient_below_the_first_is_not_guessed_at():
    """dL/dP given, then "now suppose dL/dA = [other numbers]": a claim about dL/dZ after
    both may use either, so it is not judged; one that only restates the first is fine."""
    t = _truth("max")
    text = _note(_ENGLISH, "max", 0)
    other = [[1, 0, 0], [0, 2, 0], [0, 0, 3]]  # not what dL/dP = G routes back
    assert other != t["dA"]
    for da, expected in ((other, NOT_UNDERSTOOD), (t["dA"], VERIFIED)):
        later = (
            f"{text}\nNow suppose instead that we receive\n\n"
            f"$$\\frac{{\\partial L}}{{\\partial A}} = {_matrix(da, 'bmatrix')}$$\n\n"
            "Then again\n\n"
            f"$$\\frac{{\\partial L}}{{\\partial Z}} = {_matrix(t['dZ'], 'bmatrix')}$$\n"
        )
        lines = later.split("\n")
        last = max(n for n, row in enumerate(lines, start=1) if "\\partial Z} = " in row)
        (found,) = [v for v in checked_text(later, "notes.md").verdicts if v.line == last]
        assert found.status == expected, found.message


def test_a_convolution_with_another_stride_in_code_is_not_read_as_stride_one():
    """``nn.Conv2d(1, 1, 2, stride=2)`` in the notes' code: the example's Z is not the
    stride-1 correlation this reader computes, so A's numbers are not judged by it."""
    text = _note(_ENGLISH, "max", 0).replace(
        "Indices start at 1.",
        "Indices start at 1.\n\n```python\nconv = nn.Conv2d(1, 1, 2, stride=2)\n```",
    )
    found = one_verdict(text, "$$A = \\begin")
    assert found.status == NOT_UNDERSTOOD, found.message
