"""Exact strings from the notes printer: entries, general sums, closed forms, MathML."""

from __future__ import annotations

import pytest
import sympy

from symconv.errors import SymconvError
from symconv.layers.conv import ConvLayer
from symconv.notes.case import ConvCase
from symconv.notes.general import ConvGeneral
from symconv.ops import Node, TensorSymbol
from symconv.printing import PRESETS, PrintContext, PrintError, latex, notation, to_mathml
from symconv.printing.mathml import leftovers
from symconv.spec.layer import conv


@pytest.fixture(scope="module")
def seed001() -> ConvCase:
    return ConvCase(conv(1, 1, 2, bias=False), (3, 3), notation("subscript"))


def test_seed001_forward_entry_as_equation_2(seed001: ConvCase) -> None:
    assert latex(seed001.forward((0, 0, 0)), seed001.ctx) == (
        r"w_{00} \cdot x_{00} + w_{01} \cdot x_{01} + w_{10} \cdot x_{10} + w_{11} \cdot x_{11}"
    )


def test_seed001_weight_gradient_is_equation_10(seed001: ConvCase) -> None:
    assert latex(seed001.gradient("W", (0, 0, 0, 0)), seed001.ctx) == (
        r"\frac{\partial \mathcal{L}}{\partial z_{00}} \cdot x_{00} + "
        r"\frac{\partial \mathcal{L}}{\partial z_{01}} \cdot x_{01} + "
        r"\frac{\partial \mathcal{L}}{\partial z_{10}} \cdot x_{10} + "
        r"\frac{\partial \mathcal{L}}{\partial z_{11}} \cdot x_{11}"
    )


def test_seed001_general_sum_is_equation_6(seed001: ConvCase) -> None:
    g = seed001.general
    assert latex(g.z(), seed001.ctx) == "z_{r,c}"
    assert latex(g.forward(), seed001.ctx) == (
        r"\sum_{a=0}^{k_{1} - 1} \sum_{b=0}^{k_{2} - 1} w_{a,b} \cdot x_{r+a,c+b}"
    )
    deltas, survivor = g.dz_dw()
    assert latex(survivor, seed001.ctx) == "x_{r+a',c+b'}"
    assert r"\delta_{a a'}" in latex(deltas, seed001.ctx)


def test_seed001_closed_forms(seed001: ConvCase) -> None:
    forms = {i.of: i.closed for i in seed001.layer.identities()}
    assert latex(forms["W"], seed001.ctx) == (
        r"\mathbf{X} \star \frac{\partial \mathcal{L}}{\partial \mathbf{Z}}"
    )
    assert latex(forms["X"], seed001.ctx) == (
        r"\operatorname{pad}_{1}\left(\frac{\partial \mathcal{L}}{\partial \mathbf{Z}}\right)"
        r" \star \operatorname{rot}_{180^{\circ}}\left(\mathbf{W}\right)"
    )


def test_seed004_one_based_1d() -> None:
    case = ConvCase(conv(1, 1, 2, dims=1), (1, 4), notation("onebased"))
    assert latex(case.forward((0, 0, 1)), case.ctx) == "w_{1} x_{2} + w_{2} x_{3} + b"
    assert latex(case.gradient("X", (0, 0, 1)), case.ctx) == "w_{2} dy_{1} + w_{1} dy_{2}"
    g = case.general
    assert latex(g.forward(), case.ctx) == r"\sum_{l=1}^{k} w_{l} x_{j+l-1} + b"


def test_seed003_functional_input_gradient() -> None:
    case = ConvCase(conv(1, 1, 3), (5, 5), notation("functional"))
    assert latex(case.general.dx_general(), case.ctx) == (
        r"\sum_{m=0}^{k_{1} - 1} \sum_{n=0}^{k_{2} - 1} "
        r"\frac{\partial L}{\partial \hat{Y}(i'-m, j'-n)} w(m, n)"
    )


def test_seed000_superscript_general_forward() -> None:
    g = ConvGeneral(conv(1, 6, 5, padding=2), (28, 28), notation("superscript"))
    ctx = PrintContext(
        notation("superscript"),
        {"X": (1, 28, 28), "Xpad": (1, 32, 32), "W": (6, 1, 5, 5), "b": (6,), "Z": (6, 28, 28)},
        ranks=g.ranks(),
    )
    assert latex(g.numeric(g.forward()), ctx) == (
        # seed 000: "\sum_{c=1}^1 W_{m,n,c,k}^{[1]}": channels from 1, rows from 0
        r"\sum_{c=1}^{1} \sum_{m=0}^{4} \sum_{n=0}^{4} W^{[1]}_{m,n,c,k} "
        r"X_{\text{pad},\,i+m,j+n,c} + b^{[1]}_{k}"
    )


def test_output_size_with_numbers_substituted() -> None:
    h, p, f, s = sympy.symbols("h p f s")
    ctx = PrintContext(notation("superscript"), ranks={h: 0, p: 1, f: 2, s: 3})
    formula = sympy.floor((h + 2 * p - f) / s) + 1
    assert latex(formula, ctx) == r"\left\lfloor{\frac{h + 2 p - f}{s}}\right\rfloor + 1"
    assert latex(formula, ctx.substituted({h: 28, p: 2, f: 5, s: 1})) == (
        r"\left\lfloor{\frac{28 + 2 \cdot 2 - 5}{1}}\right\rfloor + 1"
    )


def test_stride_index_prints_as_one_fraction() -> None:
    case = ConvCase(conv(1, 1, 2, stride=2), (5, 5), notation("subscript"))
    assert r"z_{\frac{i-a}{2},\frac{j-b}{2}}" in latex(case.general.dx_general(), case.ctx)


class Mystery(Node):
    op = "mystery"


def test_strict_printer_raises_on_unknown_node() -> None:
    with pytest.raises(PrintError, match="Mystery"):
        latex(Mystery(TensorSymbol("X")), PrintContext(notation("subscript")))


def test_strict_printer_raises_on_unknown_object() -> None:
    with pytest.raises(PrintError, match="no LaTeX rule"):
        latex(sympy.Tuple(sympy.Integer(1)).func, PrintContext(notation("subscript")))


def test_every_preset_prints_every_closed_form() -> None:
    layer = ConvLayer(
        conv(2, 4, (2, 3), stride=2, padding=1, dilation=(1, 2), groups=2, mode="convolution"),
        (5, 6),
    )
    for name in PRESETS:
        case = ConvCase(layer.spec, (5, 6), notation(name))
        for identity in case.layer.identities():
            to_mathml(latex(identity.closed, case.ctx))  # no leftover LaTeX either


@pytest.mark.parametrize(
    "tex",
    [
        r"\cellcolor{red} x",
        r"\bbox[yellow]{x}",
        r"\begin{aligned} a &= b \end{aligned}",
        r"\operatorname{rot180}\left(W\right)",
    ],
)
def test_mathml_refuses_leftover_latex(tex: str) -> None:
    with pytest.raises(PrintError, match="unconverted"):
        to_mathml(tex)


def test_leftovers_finds_raw_commands() -> None:
    assert leftovers(r"<mi>\cellcolor</mi><mi>x</mi>") == [r"\cellcolor"]
    assert leftovers("<mi>a</mi><mi>&</mi><mo />") == ["<mi>&</mi>", "<mo />"]
    assert leftovers("<mi>x</mi>") == []


def test_unknown_notation_and_index_base() -> None:
    with pytest.raises(SymconvError, match="notation 'greek' is unknown; the rule: one of"):
        notation("greek")
    with pytest.raises(SymconvError, match="--index-base 2 is not allowed"):
        notation("subscript", 2)


@pytest.mark.parametrize(
    ("layer", "config", "dx"),
    [
        (
            "conv2d",
            {"input": "2x2", "kernel": "2"},
            r"\frac{\partial \mathcal{L}}{\partial z_{i-a,j-b}}",
        ),
        ("conv1d", {"input": "2", "kernel": "2"}, r"\frac{\partial \mathcal{L}}{\partial z_{j-b}}"),
    ],
)
def test_one_by_one_output_keeps_expression_indices(layer, config, dx) -> None:
    """A 1x1 output drops z's unit axes only where the index is the constant base value:
    dL/dx_{i,j} = sum_a sum_b w_{a,b} dL/dz is wrong; dL/dz_{i-a,j-b} zeroes all but one
    term.  The printed general dL/dX must also pass ``symconv check`` at these sizes, and no
    printed general formula may be wrong there."""
    import re
    import subprocess
    import sys

    from symconv.notes.build import make_document
    from symconv.notes.render import render

    md = render(make_document(layer, config, "subscript", "en"), "md")
    general = dict(
        re.findall(r"^- \*\*(.+?) \(general form\)\*\*: \$(.+?)\$ — \*proved\*", md, re.M)
    )
    assert dx in general["dL/dX"]
    assert r"\partial \mathcal{L}}{\partial z}" not in general["dL/dX"]
    for name, formula in general.items():
        if "=" not in formula:
            continue
        args = ["--layer", layer, "--input", config["input"], "--kernel", config["kernel"]]
        run = subprocess.run(
            [sys.executable, "-m", "symconv", "check", *args, "--expr", formula],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if name == "dL/dX":
            assert run.returncode == 0 and ": verified:" in run.stdout, (name, run.stdout)
        else:  # z = sum w_{a,b} x_{a,b} is the form at i = j = 0: true here, size-specific
            assert ": verified:" in run.stdout or ": size-specific:" in run.stdout, (
                name,
                run.stdout,
            )
