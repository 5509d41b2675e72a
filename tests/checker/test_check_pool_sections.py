"""Pooling written as people write it, after another layer or as one exam question of many:
the window beside the pooling's name ("$2\\times 2$ max pooling", "Max pooling $2\\times2$,
paso 2"), the map pooled and the map given ("a $4\\times 4$ feature map $P$ ... giving a
$2\\times 2$ map $Q$"), the input given as numbers, the upstream gradient given in words
("all ones"), and a section that turns from max to average pooling.  Truth: torch's
max_pool2d / avg_pool2d and autograd on the notes' own numbers, never symconv."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

X = [[1, 3, 2, 0], [4, 2, 1, 6], [0, 5, 7, 1], [8, 2, 3, 9]]
G = [[1, -2], [3, 0.5]]


def _tex(m) -> str:
    rows = [" & ".join(_num(v) for v in row) for row in m]
    return "\\begin{bmatrix} " + " \\\\ ".join(rows) + " \\end{bmatrix}"


def _num(v) -> str:
    v = float(v)
    return str(int(v)) if v == int(v) else repr(v)


def _truth(op: str, g=G):
    x = torch.tensor(X, dtype=torch.float64).reshape(1, 1, 4, 4).requires_grad_()
    pool = torch.nn.functional.max_pool2d if op == "max" else torch.nn.functional.avg_pool2d
    y = pool(x, 2)
    (y * torch.tensor(g, dtype=torch.float64).reshape(1, 1, 2, 2)).sum().backward()
    return y.detach()[0, 0].tolist(), x.grad[0, 0].tolist()


def _bump(m):
    out = [list(r) for r in m]
    out[-1][-1] = out[-1][-1] + 1
    return out


def _dense_then_pool(intro: str, x_name: str, y_name: str, ones: str) -> str:
    """Notes with a dense section whose sizes must not leak into the pooling section."""
    y, dx = _truth("max", [[1, 1], [1, 1]])
    return "\n".join(
        [
            "# Lecture",
            "",
            "## 1. Dense",
            "",
            "A batch of $N = 4$ inputs with 5 features each, $X \\in \\mathbb{R}^{4\\times 5}$,",
            "weights $W \\in \\mathbb{R}^{3\\times 5}$ and $Z = X W^{T} + b$.",
            "",
            "## 2. Pooling",
            "",
            intro,
            "",
            f"$$ {x_name} = {_tex(X)} $$",
            "",
            f"$$ {y_name} = {_tex(y)} $$",
            "",
            ones,
            "",
            f"$$ \\frac{{\\partial L}}{{\\partial {x_name}}} = {_tex(dx)} $$",
            "",
            f"$$ \\frac{{\\partial L}}{{\\partial {x_name}}} = {_tex(_bump(dx))} $$",
            "",
            f"$$ {y_name} = {_tex(_bump(y))} $$",
            "",
        ]
    )


INTROS = [
    (
        "Indices start at 0. Take a single $4\\times 4$ feature map $P$ and $2\\times 2$ max "
        "pooling with stride 2, giving a $2\\times 2$ map $Q$:",
        "P",
        "Q",
        "With $\\partial L/\\partial Q$ all ones, the gradient is",
    ),
    (
        "Max pooling $2\\times 2$ with stride 2 on a $4\\times 4$ input:",
        "X",
        "Y",
        "If the upstream gradient is all ones,",
    ),
    (
        "Aplicamos max pooling de $2\\times 2$, paso 2, a una entrada de $4\\times 4$:",
        "X",
        "Y",
        "Con $G$ toda de unos,",
    ),
]


@pytest.mark.parametrize("intro,x_name,y_name,ones", INTROS)
def test_a_pooling_section_after_a_dense_one_reads_its_own_sizes(intro, x_name, y_name, ones):
    report = check_text(_dense_then_pool(intro, x_name, y_name, ones))
    found = [v.status for v in report.verdicts if "matrix" in v.source]
    # Y right, dL/dX right, dL/dX with one entry off, Y with one entry off
    assert found == [VERIFIED, VERIFIED, WRONG, WRONG], [
        (v.line, v.status, v.message) for v in report.verdicts
    ]


def _exam() -> str:
    """Bold numbered questions: a convolution's counts, then a pooling example with numbers."""
    y_max, dx_max = _truth("max")
    y_avg, dx_avg = _truth("avg")
    return "\n".join(
        [
            "**P1. Una imagen RGB de $32\\times 32$ pasa por una capa con 6 filtros de "
            "$5\\times 5$, paso 1 y sin relleno.**",
            "",
            "$$5 \\cdot 5 \\cdot 3 \\cdot 6 + 6 = 456.$$",
            "",
            "**P2. Max pooling $2\\times2$, paso 2, sobre**",
            f"$$ X = {_tex(X)}. $$",
            f"**y el gradiente que llega $\\partial L/\\partial Y = {_tex(G)}$.**",
            "",
            f"$$ Y = {_tex(y_max)} $$",
            f"$$ \\frac{{\\partial L}}{{\\partial X}} = {_tex(dx_max)} $$",
            "",
            "**P3. Lo mismo con average pooling.**",
            "",
            f"$$ Y = {_tex(y_avg)} $$",
            f"$$ \\frac{{\\partial L}}{{\\partial X}} = {_tex(dx_avg)} $$",
            f"$$ \\frac{{\\partial L}}{{\\partial X}} = {_tex(_bump(dx_avg))} $$",
            "",
        ]
    )


def test_bold_exam_questions_are_sections_each_with_its_layer():
    report = check_text(_exam())
    found = [(v.line, v.status) for v in report.verdicts if "matrix" in v.source]
    assert [s for _, s in found] == [VERIFIED, VERIFIED, VERIFIED, VERIFIED, WRONG], [
        (v.line, v.status, v.message) for v in report.verdicts
    ]


def test_a_section_that_turns_from_max_to_average_pooling():
    """Max pooling's claims, then "Average pooling over the same windows" and its claims:
    each judged against its own pooling (truth: torch on a random map)."""
    gen = torch.Generator().manual_seed(3)
    x = torch.randn(1, 1, 4, 4, generator=gen, dtype=torch.float64)
    assert torch.allclose(
        torch.nn.functional.avg_pool2d(x, 2)[0, 0, 1, 0],
        (x[0, 0, 2, 0] + x[0, 0, 2, 1] + x[0, 0, 3, 0] + x[0, 0, 3, 1]) / 4,
    )
    text = "\n".join(
        [
            "## Pooling",
            "",
            "A $4\\times 4$ input and $2\\times 2$ max pooling with stride 2, indices from 0:",
            "",
            "$$ y_{i,j} = \\max_{0 \\le a,\\, b \\le 1} x_{2i+a,\\; 2j+b} $$",
            "",
            "Average pooling over the same windows is linear:",
            "",
            "$$ y_{i,j} = \\frac{1}{4} \\sum_{a=0}^{1}\\sum_{b=0}^{1} x_{2i+a,\\; 2j+b} $$",
            "",
            "$$ y_{i,j} = \\sum_{a=0}^{1}\\sum_{b=0}^{1} x_{2i+a,\\; 2j+b} $$",
        ]
    )
    found = [v.status for v in check_text(text).verdicts if v.status != "assumed"]
    assert found == [VERIFIED, VERIFIED, WRONG], check_text(text).verdicts


def test_side_by_side_ceilings_are_two_indices():
    """dL/dX_{ij} = 1/4 dL/dY_{\\lceil i/2\\rceil \\lceil j/2\\rceil}, 1-based: average
    pooling's gradient (torch: every entry of the 4x4 gradient is g/4 of its window)."""
    _, dx = _truth("avg")
    assert dx[2][3] == G[1][1] / 4
    base = "Average pooling $2\\times 2$ with stride 2 on a $4\\times 4$ input, indices from 1.\n\n"
    right = (
        "$$ \\frac{\\partial L}{\\partial X_{ij}} = \\frac{1}{4}\\,"
        "\\frac{\\partial L}{\\partial Y_{\\lceil i/2\\rceil \\lceil j/2\\rceil}} $$\n"
    )
    wrong = right.replace("\\frac{1}{4}\\,", "")
    statuses = [v.status for v in check_text(base + right + "\n" + wrong).verdicts]
    assert statuses == [VERIFIED, WRONG], check_text(base + right + "\n" + wrong).verdicts
