"""Pooling worked examples written with marks and primes (worked_pool.py,
worked_pool_names.py, worked_numbers.py): the pooled map marked above its letter (P^{\\max},
Y^{\\text{mean}}, P^{\\text{media}}), a mean pooled map written with decimal commas (2{,}25),
a second example's upstream gradient G' whose entries g'_{kl} the claims use, and an entry
the lead-in calls "the maximum of two windows" (max pooling, though the section's heading
names no kind).  Spanish 0-based bmatrix notes and English 1-based pmatrix notes; the truth
is torch's max_pool2d / avg_pool2d and autograd at the notes' numbers, slips put in by hand."""

from __future__ import annotations

from fractions import Fraction

import torch
import torch.nn.functional as F

from tests.checker.line_verdicts import statuses, statuses_by_line

A = [[2.0, 0, 1, 3], [5, 1, 0, 4], [1, 2, 6, 0], [3, 1, 2, 2]]
G = [[1.0, -2.0], [3.0, 2.0]]
G2 = [[2.0, -1.0], [1.0, 3.0]]  # the second example's upstream gradient, G'


def _pool(op: str, k: int, s: int, g: list[list[float]]) -> tuple[torch.Tensor, torch.Tensor]:
    """(the pooled map, dL/dA for L = sum(g * pooled)) by torch autograd."""
    x = torch.tensor(A, dtype=torch.float64, requires_grad=True)
    pooled = (F.max_pool2d if op == "max" else F.avg_pool2d)(x[None, None], k, s)[0, 0]
    (pooled * torch.tensor(g, dtype=torch.float64)).sum().backward()
    assert x.grad is not None
    return pooled.detach(), x.grad


def _num(v: float, comma: bool = False) -> str:
    f = Fraction(v).limit_denominator(1000)
    text = str(f.numerator) if f.denominator == 1 else str(float(f))
    return text.replace(".", "{,}") if comma else text


def _tex(m, env: str, comma: bool = False) -> str:
    rows = m.tolist() if hasattr(m, "tolist") else m
    body = " \\\\ ".join(" & ".join(_num(v, comma) for v in row) for row in rows)
    return f"\\begin{{{env}}} {body} \\end{{{env}}}"


def _slip(m: torch.Tensor, r: int, c: int, by: float) -> torch.Tensor:
    out = m.clone()
    out[r, c] += by
    return out


def test_spanish_marks_decimal_commas_and_primed_gradient() -> None:
    p_max, _ = _pool("max", 2, 2, G)
    p_avg, _ = _pool("avg", 2, 2, G)
    _, da3 = _pool("max", 3, 1, G2)
    assert p_avg[1, 0] == 1.75  # (1 + 2 + 3 + 1)/4: a decimal comma in the notes
    # every 3x3 stride-1 window of A holds the 6 at (2, 2): it gets all of G'
    assert da3[2, 2] == sum(sum(r) for r in G2) and da3[1, 0] == 0
    right = f"{_num(float(da3[2, 2]))}"
    text = f"""# Pooling: retropropagación con números

Índices desde 0; $a_{{i,j}}$ es la entrada.

$$A = {_tex(A, "bmatrix")}, \\qquad G = {_tex(G, "bmatrix")}$$

## Pooling máximo $2 \\times 2$, paso 2

$$P^{{\\max}} = {_tex(p_max, "bmatrix")}$$

$$Q^{{\\max}} = {_tex(_slip(p_max, 0, 1, 1.0), "bmatrix")}$$

## Pooling promedio $2 \\times 2$, paso 2

$$P^{{\\text{{media}}}} = {_tex(p_avg, "bmatrix", comma=True)}$$

$$Q^{{\\text{{media}}}} = {_tex(_slip(p_avg, 1, 1, 0.25), "bmatrix", comma=True)}$$

## Ventanas $3 \\times 3$, paso 1

Tomamos un nuevo gradiente $G' = {_tex(G2, "bmatrix")}$.

El $6$ en $(2, 2)$ es el máximo de las cuatro ventanas:

$$\\partial L / \\partial a_{{2,2}} = g'_{{0,0}} + g'_{{0,1}} + g'_{{1,0}} + g'_{{1,1}} = {right}$$

El $5$ en $(1, 0)$ es el máximo de una ventana:

$$\\partial L / \\partial a_{{1,0}} = g'_{{1,0}} = 1$$
"""
    assert statuses(text, "P^{\\max}") == ["verified"]
    assert statuses(text, "Q^{\\max}") == ["wrong"]
    assert statuses(text, "P^{\\text{media}}") == ["verified"]
    assert statuses(text, "Q^{\\text{media}}") == ["wrong"]
    assert statuses(text, "a_{2,2}") == ["verified"]
    assert statuses(text, "a_{1,0}") == ["wrong"]  # no window's maximum: 0


def test_english_superscript_mean_and_maximum_of_its_window() -> None:
    p_avg, _ = _pool("avg", 2, 2, G)
    pooled3, da3 = _pool("max", 3, 1, G2)
    assert pooled3.tolist() == [[6, 6], [6, 6]]
    zero_row = [[0.0] * 4 for _ in range(4)]
    zero_row[2][2] = float(da3[2, 2])
    assert torch.equal(da3, torch.tensor(zero_row, dtype=torch.float64))
    wrong = [row[:] for row in zero_row]
    wrong[1][0] = 2.0  # the 5 routed as if it were a window's maximum
    total = _num(float(da3[2, 2]))
    text = f"""# Pooling backward, worked

Indices start at 1; $x_{{ij}}$ is the input, $X$ below.

$$X = {_tex(A, "pmatrix")}, \\qquad G = {_tex(G, "pmatrix")}$$

## Mean pooling 2x2, stride 2

$$Y^{{\\text{{mean}}}} = {_tex(p_avg, "pmatrix")}$$

## Overlap: windows 3x3, stride 1

A new upstream gradient, $G' = {_tex(G2, "pmatrix")}$. The 6 is the maximum of every window,
so it collects all of $G'$:

$$\\frac{{\\partial L}}{{\\partial X}} = {_tex(zero_row, "pmatrix")}$$

Unlike max pooling, an average would spread it. The 5 is the maximum of its window, says
a careless student:

$$\\frac{{\\partial L}}{{\\partial X}} = {_tex(wrong, "pmatrix")}$$

So, for the maximum of every window and the maximum of none,

$$\\partial L / \\partial x_{{33}} = g'_{{11}} + g'_{{12}} + g'_{{21}} + g'_{{22}} = {total}$$

$$\\partial L / \\partial x_{{21}} = g'_{{21}} = 1$$
"""
    assert statuses(text, "Y^{\\text{mean}}") == ["verified"]
    lines = [i for i, line in enumerate(text.split("\n"), 1) if "\\partial X}" in line]
    found = statuses_by_line(text)
    assert found[lines[0]] == ["verified"]
    assert found[lines[1]] == ["wrong"]
    assert statuses(text, "x_{33}") == ["verified"]
    assert statuses(text, "x_{21}") == ["wrong"]


def test_unprimed_entries_are_not_read_as_the_primed_gradient() -> None:
    """g_{kl} names G, not the G' given after it: the claim is judged with G."""
    _, da3 = _pool("max", 3, 1, G)
    total = float(da3[2, 2])
    assert total == sum(sum(r) for r in G)
    shown = _num(total)
    text = f"""# Pooling

Indices start at 0.

$$A = {_tex(A, "bmatrix")}, \\qquad G = {_tex(G, "bmatrix")}$$

## Windows 3x3, stride 1

Take also $G' = {_tex(G2, "bmatrix")}$.

The 6 is the maximum of each window, and with the first gradient

$$\\partial L / \\partial a_{{2,2}} = g_{{0,0}} + g_{{0,1}} + g_{{1,0}} + g_{{1,1}} = {shown}$$
"""
    assert statuses(text, "a_{2,2}") == ["verified"]
