# ruff: noqa: E501  (the notes' lines are kept as people write them)
"""Operator-level readings added in the fifteenth session (f15a), each on notes written here
in two styles (other words, letters and sizes than the unseen sets).  Truth: torch autograd
(the input gradient of a valid correlation, compared with the operator forms the claims
write), asserted in the tests themselves before the checker's verdicts are."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _verdicts(text: str) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for v in check_text(text, "notes.md").verdicts:
        out.setdefault(v.line, []).append((v.status, v.message))
    return out


def _line(text: str, start: str) -> int:
    return next(k for k, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def _input_gradient_forms(side: int, k: int) -> tuple[bool, bool, bool]:
    """Against torch autograd for a valid correlation (input side x side, kernel k x k):
    does pad_{k-1}(G) star rot180(W) give dL/dX, does pad_{k-1}(G) star W, and does the
    true full convolution of G with W (the kernel flipped)?"""
    torch.manual_seed(side * 10 + k)
    x = torch.randn(1, 1, side, side, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, k, k, dtype=torch.float64)
    g = torch.randn(1, 1, side - k + 1, side - k + 1, dtype=torch.float64)
    (F.conv2d(x, w) * g).sum().backward()
    padded = F.pad(g, (k - 1,) * 4)
    rotated = F.conv2d(padded, torch.flip(w, (2, 3)))
    plain = F.conv2d(padded, w)
    # the true full convolution: (G conv W)[t] = sum_a G[t - a] W[a], by its definition
    full = torch.zeros(side, side, dtype=torch.float64)
    for t in range(side):
        for u in range(side):
            for a in range(k):
                for b in range(k):
                    if 0 <= t - a < side - k + 1 and 0 <= u - b < side - k + 1:
                        full[t, u] += g[0, 0, t - a, u - b] * w[0, 0, a, b]
    return (
        torch.allclose(rotated, x.grad),
        torch.allclose(plain, x.grad),
        torch.allclose(full, x.grad[0, 0]),
    )


# ------------------------------ a convolution the notes name by its flip: "la que voltea"
# "the full convolution of G with W, the one that flips the kernel: ... = G *_{full} W": the
# words say which operation the star is (a true convolution), so a claim writing both the
# star and \star is read with each symbol's meaning (before: not understood, "the claim
# writes both \ast and \star").
FLIP_EN = """# Backward of a valid correlation

The layer is a valid cross-correlation $Z = X \\star W$ with stride 1, no padding and no bias; the input $X$ is $5 \\times 5$, the kernel $W$ is $3 \\times 3$, indices from 0, and $G = \\partial L / \\partial Z$.

The input gradient is the full convolution of $G$ with $W$, the one that flips the kernel:

$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(G) \\star \\operatorname{rot}_{180}(W) = G *_{\\text{full}} W$$

A classmate wrote it without the flip:

$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(G) \\star W$$
"""

FLIP_ES = """# Retropropagación de una correlación

Nuestra capa es una correlación válida, paso 1, sin relleno y sin sesgo: la entrada $X$ es de $4 \\times 4$, el kernel $K$ de $2 \\times 2$, la salida $Y = X \\star K$ de $3 \\times 3$, índices desde 1, y $G = \\partial L / \\partial Y$.

El gradiente de la entrada es la convolución completa de $G$ con $K$ (la que voltea el kernel):

$$\\frac{\\partial L}{\\partial X} = G *_{\\text{full}} K = \\operatorname{pad}_1(G) \\star K$$
"""


def test_a_convolution_named_by_its_flip_reads_the_star_as_true_convolution():
    assert _input_gradient_forms(5, 3) == (True, False, True)
    assert _input_gradient_forms(4, 2) == (True, False, True)
    got = _verdicts(FLIP_EN)
    assert [
        s
        for s, _ in got[
            _line(
                FLIP_EN,
                "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(G) \\star \\operatorname{rot}",
            )
        ]
    ] == [VERIFIED]
    assert [
        s
        for s, _ in got[
            _line(FLIP_EN, "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(G) \\star W")
        ]
    ] == [WRONG]
    got = _verdicts(FLIP_ES)
    # the full convolution holds, the correlation with the unrotated kernel (side 3) does not
    ((status, message),) = got[_line(FLIP_ES, "$$\\frac")]
    assert status == WRONG and message.startswith("side 3 of 3 differs")


def test_a_flip_denied_in_words_names_no_operation():
    # "la que no voltea": the words deny the flip; which operation the star is stays unread
    text = FLIP_ES.replace("(la que voltea el kernel)", "(pero no la que voltea el kernel)")
    got = _verdicts(text)
    ((status, _),) = got[_line(text, "$$\\frac")]
    assert status == NOT_UNDERSTOOD


# ----------------------------------- the bare error letter in a claim with symbolic sizes
# "\delta = dL/dZ" and then pad_{K-1}(\delta) \star W, with the kernel's side K: the whole
# \delta is G, and K-1 in an operator's subscript is the kernel's size (before: not
# understood, "expected _ in an operator claim").  A mistake (the kernel not rotated) is
# caught for all sizes; the right form is not flagged.
DELTA_EN = """# Cheat sheet

The input $X$ is $H \\times H$ with one channel, the kernel $W$ is $K \\times K$, stride 1, no padding, and $\\delta = \\partial L / \\partial Z$ for the output $Z = X \\star W$.

$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{K-1}(\\delta) \\star \\operatorname{rot}_{180}(W)$$

$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{K-1}(\\delta) \\star W$$
"""

DELTA_DE = """# Spickzettel

Eingabe $X$ der Größe $N \\times N$ (ein Kanal), Kern $W$ der Größe $F \\times F$, Schrittweite 1, ohne Auffüllen; $\\delta = \\partial E / \\partial Y$ für die Ausgabe $Y = X \\star W$.

Eingabegradient (falsch, ohne Drehung): $\\frac{\\partial E}{\\partial X} = \\operatorname{pad}_{F-1}(\\delta) \\star W$
"""


def test_the_bare_error_letter_is_the_upstream_gradient_for_all_sizes():
    assert _input_gradient_forms(6, 3) == (True, False, True)
    got = _verdicts(DELTA_EN)
    right = got[
        _line(
            DELTA_EN,
            "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{K-1}(\\delta) \\star \\operatorname{rot}",
        )
    ]
    assert [s for s, _ in right] != [WRONG]
    ((status, message),) = got[
        _line(
            DELTA_EN,
            "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{K-1}(\\delta) \\star W",
        )
    ]
    assert status == WRONG and "rot180" in message
    got = _verdicts(DELTA_DE)
    statuses = [s for s, _ in got[_line(DELTA_DE, "Eingabegradient")]]
    assert WRONG in statuses and VERIFIED not in statuses


# ---------------------------- a dense layer defined in one equation, its gradients as products
# "y = Wx + b", "z = V r + e": the definition fixes W as out x in and the vectors as columns,
# so dL/dW = g x^T, dL/dx = W^T g, dL/db = g for every such W (before: "the derivative is
# taken with respect to a tensor entry").  The transpose of the right matrix (r Delta^T) is
# wrong, as matrix_claims.py judges g^T W under a definition in the layer's letters; a bias
# gradient is a vector either way (Delta^T).
DENSE_EN = """# Dense layer, backward

A fully connected layer computes $\\mathbf{y} = W\\mathbf{x} + \\mathbf{b}$ with $W \\in \\mathbb{R}^{5 \\times 8}$. Write $\\mathbf{g} = \\partial L / \\partial \\mathbf{y}$ for the gradient coming from above.

$$\\frac{\\partial L}{\\partial W} = \\mathbf{g}\\,\\mathbf{x}^\\top$$

$$\\frac{\\partial L}{\\partial \\mathbf{x}} = \\mathbf{g}^\\top W$$

$$\\frac{\\partial L}{\\partial \\mathbf{b}} = \\mathbf{g}$$

$$\\frac{\\partial L}{\\partial W} = \\mathbf{x}^\\top \\mathbf{g}$$
"""

DENSE_IT = """# Strato lineare

Lo strato calcola $z = V r + e$, dove $V$ ha 6 righe e 2 colonne; sia $\\Delta = \\partial L / \\partial z$.

Allora $\\frac{\\partial L}{\\partial V} = \\Delta\\, r^\\top$ e $\\frac{\\partial L}{\\partial r} = V \\Delta$, mentre $\\frac{\\partial L}{\\partial e} = \\Delta^\\top$.

Un errore comune è scrivere $\\frac{\\partial L}{\\partial V} = r\\, \\Delta^\\top$.
"""


def _dense_truth(out: int, inp: int) -> None:
    """torch autograd: dL/dW = g x^T, dL/dx = W^T g, dL/db = g for y = W x + b."""
    torch.manual_seed(out * 100 + inp)
    layer = torch.nn.Linear(inp, out).double()
    x = torch.randn(inp, dtype=torch.float64, requires_grad=True)
    g = torch.randn(out, dtype=torch.float64)
    (layer(x) * g).sum().backward()
    assert torch.allclose(layer.weight.grad, torch.outer(g, x.detach()))
    assert torch.allclose(x.grad, layer.weight.detach().T @ g)
    assert torch.allclose(layer.bias.grad, g)


def test_a_dense_layer_defined_in_one_equation_has_its_gradients_judged():
    _dense_truth(5, 8)
    _dense_truth(6, 2)
    got = _verdicts(DENSE_EN)
    lines = [k for k, line in enumerate(DENSE_EN.splitlines(), 1) if line.startswith("$$\\frac")]
    assert [[s for s, _ in got[k]] for k in lines] == [
        [VERIFIED],  # g x^T
        [WRONG],  # g^T W: the transpose of dL/dx (matrix_claims.py)
        [VERIFIED],  # g
        [WRONG],  # x^T g: a scalar, or nothing at all
    ]
    got = _verdicts(DENSE_IT)
    assert [s for s, _ in got[_line(DENSE_IT, "Allora")]] == [VERIFIED, WRONG, VERIFIED]
    ((status, message),) = got[_line(DENSE_IT, "Un errore")]
    assert status == WRONG and "transpose" in message


# --------------------------------- a batch's bias gradient as 1^T Delta or a sum of its rows
# O = H W^T + 1 c^T (rows are samples): dL/dc is the sum of Delta's rows, one vector whether
# written 1^T Delta (a row) or Delta^T 1 (a column) — before, 1^T Delta was called "the
# transpose of the left side".  The rows as a sum, \sum_{n=0}^{N-1} \Delta_{n,:}, are read
# (a slice of a row, and the sum's bound N-1 the batch less one); a sum of columns stays
# wrong.  The size given in parentheses after a few words ("$H$ the flattened batch ($N
# \times 50$, ...)") is the matrix's shape.
BATCH_EN = """# Classifier head

For a batch of $N$ images, $H$ is the flattened batch ($N \\times 50$, one row per image), $O = H W^\\top + \\mathbf{1} c^\\top$ the logits with $W$ of size $10 \\times 50$, and $\\Delta = \\partial L / \\partial O$.

$$\\frac{\\partial L}{\\partial c} = \\mathbf{1}^\\top \\Delta$$

$$\\frac{\\partial L}{\\partial c} = \\sum_{n=0}^{N-1} \\Delta_{n,:}$$

$$\\frac{\\partial L}{\\partial W} = H^\\top \\Delta$$

$$\\frac{\\partial L}{\\partial H} = \\Delta W^\\top$$
"""

BATCH_ES = """# Capa densa sobre un lote

Sea $A$ la matriz de activaciones del lote ($m \\times 7$, una fila por ejemplo), la capa calcula $Z = A V^\\top + \\mathbf{1} d^\\top$ con $V$ de tamaño $3 \\times 7$, y $\\Delta = \\partial L / \\partial Z$.

$$\\frac{\\partial L}{\\partial d} = \\sum_{i=1}^{m} \\Delta_{i,:}$$

$$\\frac{\\partial L}{\\partial d} = \\sum_{i=1}^{m} \\Delta_{:,i}$$

$$\\frac{\\partial L}{\\partial V} = \\Delta^\\top A$$
"""


def _batch_truth(n: int, inp: int, out: int) -> None:
    """torch autograd for O = H W^T + 1 c^T: dL/dc sums Delta's rows, dL/dW = Delta^T H
    (out x in, not H^T Delta), dL/dH = Delta W."""
    torch.manual_seed(n + inp + out)
    layer = torch.nn.Linear(inp, out).double()
    h = torch.randn(n, inp, dtype=torch.float64, requires_grad=True)
    delta = torch.randn(n, out, dtype=torch.float64)
    (layer(h) * delta).sum().backward()
    assert torch.allclose(layer.bias.grad, delta.sum(0))
    assert torch.allclose(layer.weight.grad, delta.T @ h)
    assert layer.weight.grad.shape != (h.T @ delta).shape
    assert torch.allclose(h.grad, delta @ layer.weight.detach())


def test_a_batch_bias_gradient_is_one_vector_however_laid_out():
    _batch_truth(4, 50, 10)
    _batch_truth(5, 7, 3)
    got = _verdicts(BATCH_EN)
    lines = [k for k, line in enumerate(BATCH_EN.splitlines(), 1) if line.startswith("$$\\frac")]
    assert [[s for s, _ in got[k]] for k in lines] == [[VERIFIED], [VERIFIED], [WRONG], [WRONG]]
    got = _verdicts(BATCH_ES)
    lines = [k for k, line in enumerate(BATCH_ES.splitlines(), 1) if line.startswith("$$\\frac")]
    assert [[s for s, _ in got[k]] for k in lines] == [[VERIFIED], [WRONG], [VERIFIED]]


def test_a_kernel_in_an_operator_keeps_the_claim_a_convolutions_beside_an_average_pool():
    # the same sheet lists an average pool further down: a claim that correlates with the
    # rotated kernel W is the convolution's, not the pool's (before the bare \delta was read,
    # such a claim was never judged; judged as the pool's it would be a false alarm)
    text = DELTA_EN + (
        "\nAverage pooling $2 \\times 2$, stride 2: $\\frac{\\partial L}{\\partial X_{p,q}} = "
        "\\frac{1}{4}\\,\\delta_{\\lfloor p/2 \\rfloor,\\, \\lfloor q/2 \\rfloor}$\n"
    )
    got = _verdicts(text)
    right = got[
        _line(
            text,
            "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{K-1}(\\delta) \\star \\operatorname{rot}",
        )
    ]
    assert WRONG not in [s for s, _ in right]
    ((status, message),) = got[
        _line(
            text, "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{K-1}(\\delta) \\star W"
        )
    ]
    assert status == WRONG and "rot180" in message


# ------------------------------------- a matrix letter defined again in a later part of notes
# "y = M x" in part 1 and "vec(Y) = M vec(X)" in part 2: the claim of part 2 is about part 2's
# M (its last definition above the claim), so vec(dL/dX) = M^T vec(G) holds by it (before:
# two definitions of M, none read, "\top is not a number").
MATRIX_PARTS_EN = """# Convolution as a matrix

## Part 1: one dimension

For $x \\in \\mathbb{R}^6$ and a kernel of 3 taps the valid correlation is $y = M x$ with a $4 \\times 6$ banded matrix $M$.

## Part 2: two dimensions

Stack the rows of a $4 \\times 4$ image $X$ and of the $2 \\times 2$ output $Y$ of a $3 \\times 3$ kernel: then $\\operatorname{vec}(Y) = M \\operatorname{vec}(X)$, and with $G = \\partial L / \\partial Y$,

$$\\operatorname{vec}\\Big(\\frac{\\partial L}{\\partial X}\\Big) = M^\\top \\operatorname{vec}(G).$$
"""

MATRIX_PARTS_DE = """# Faltung als Matrix

**(a)** Für $x \\in \\mathbb{R}^5$ gilt $y = A x$ mit einer Toeplitz-Matrix $A$.

**(b)** Für ein $3 \\times 3$-Bild $X$ und einen $2 \\times 2$-Kern ist $\\operatorname{vec}(Y) = A \\operatorname{vec}(X)$. Mit $G = \\partial L / \\partial Y$ folgt $\\operatorname{vec}(\\partial L / \\partial X) = A^\\top \\operatorname{vec}(G)$.
"""


def _unrolled_truth(side: int, k: int) -> None:
    """torch: the matrix M with vec(Y) = M vec(X) of a valid correlation (its columns the
    outputs of unit images) gives autograd's dL/dX as M^T vec(G)."""
    torch.manual_seed(side + k)
    w = torch.randn(1, 1, k, k, dtype=torch.float64)
    units = torch.eye(side * side, dtype=torch.float64).reshape(-1, 1, side, side)
    m = F.conv2d(units, w).reshape(side * side, -1).T  # (outputs, inputs)
    x = torch.randn(1, 1, side, side, dtype=torch.float64, requires_grad=True)
    g = torch.randn(1, 1, side - k + 1, side - k + 1, dtype=torch.float64)
    (F.conv2d(x, w) * g).sum().backward()
    assert torch.allclose(m.T @ g.reshape(-1), x.grad.reshape(-1))


def test_a_matrix_defined_again_in_a_later_part_is_that_parts():
    _unrolled_truth(4, 3)
    _unrolled_truth(3, 2)
    got = _verdicts(MATRIX_PARTS_EN)
    assert [s for s, _ in got[_line(MATRIX_PARTS_EN, "$$\\operatorname{vec}")]] == [VERIFIED]
    got = _verdicts(MATRIX_PARTS_DE)
    line = _line(MATRIX_PARTS_DE, "**(b)**")
    assert VERIFIED in [s for s, m in got[line] if "A^T" in m]


# layer marks: z^{(l)} = W^{(l)} a + b^{(l)}, with delta^{(l)} = dL/dz^{(l)}: each claim is
# judged under the definition whose W it writes
MARKED_EN = """# Two dense layers

The first layer computes $z^{(1)} = W^{(1)} x + b^{(1)}$ and $h = \\max(0, z^{(1)})$, the second $z^{(2)} = W^{(2)} h + b^{(2)}$. Write $\\delta^{(2)} = \\partial L / \\partial z^{(2)}$ and $\\delta^{(1)} = \\partial L / \\partial z^{(1)}$.

$$\\frac{\\partial L}{\\partial W^{(2)}} = \\delta^{(2)} h^\\top$$

$$\\frac{\\partial L}{\\partial W^{(1)}} = \\delta^{(1)} x^\\top$$

$$\\frac{\\partial L}{\\partial W^{(1)}} = x^\\top \\delta^{(1)}$$
"""


def test_layer_marked_dense_definitions_judge_their_own_claims():
    _dense_truth(3, 5)
    got = _verdicts(MARKED_EN)
    lines = [k for k, line in enumerate(MARKED_EN.splitlines(), 1) if line.startswith("$$\\frac")]
    assert [[s for s, _ in got[k]] for k in lines] == [[VERIFIED], [VERIFIED], [WRONG]]
