"""Printed general proofs: the steps a lecturer writes, in English and Spanish, as LaTeX.

The fragments are compiled by pdflatex (skipped when it is not installed) and the
printer's layout is pinned by exact strings.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import sympy

from symconv.proofs.general import general_latex, prove_general, steps_to_latex
from symconv.proofs.general.cases import PRINT_ORDER
from symconv.proofs.general.size_config import index, pad, size
from symconv.proofs.general.steps import Step, escape_text, latex_document
from symconv.proofs.general.sum_latex import Tex


@pytest.fixture(scope="module")
def conv_all():
    return prove_general("conv2d", "all")


def test_steps_follow_the_lecture(conv_all):
    dw = next(p for p in conv_all if p.identity == "dL/dW")
    kinds = [s.kind for s in dw.steps]
    assert kinds == [
        "definition",
        "chain_rule",
        "derivative",
        "surviving_term",
        "substitution",
        "bounds",
        "closed_form",
        "change_of_index",
        "conclusion",
    ]
    surviving = next(s for s in dw.steps if s.kind == "surviving_term")
    assert (
        "Only one term of the sum survives, the one where $c = c'$, $a = a'$" in surviving.text_en
    )
    assert "Sólo sobrevive un término de la suma, aquel en que $c = c'$" in surviving.text_es
    bounds = next(s for s in dw.steps if s.kind == "bounds")
    assert (
        r"\max\left(0, \left\lceil \frac{p_{t} - d_{h} a'}{s_{h}} \right\rceil\right)"
        in bounds.latex
    )


def test_input_gradient_steps_name_the_stride_condition_and_the_rotation(conv_all):
    dx = next(p for p in conv_all if p.identity == "dL/dX")
    text = " ".join(s.text_en for s in dx.steps)
    assert r"$i = \frac{t + p_{t} - d_{h} a}{s_{h}}$" in text
    assert r"$s_{h} \mid t + p_{t} - d_{h} a$" in text
    assert r"$a = k_{h} - 1 - \tilde{a}$" in text
    assert "el paso deja huecos" in " ".join(s.text_es for s in dx.steps)


def test_affine_printing_in_lecture_order():
    tex = Tex(PRINT_ORDER, (index("t"),))
    s, d, p, k = size("s_h"), size("d_h"), pad("p_t"), size("k_h")
    i, a, t = index("i"), index("a"), index("t")
    assert tex.expr(s * i + d * a - p) == "s_{h} i + d_{h} a - p_{t}"
    assert tex.expr((t + p - d * a) / s) == r"\frac{t + p_{t} - d_{h} a}{s_{h}}"
    assert tex.expr(k - 1 - a) == "k_{h} - 1 - a"
    assert (
        tex.expr(d * a + t + p - d * (k - 1))
        == r"d_{h} a + t + p_{t} - d_{h} \left(k_{h} - 1\right)"
    )
    assert tex.ref("X", (index("n'"), sympy.Integer(0), t, index("u"))) == "X_{n',0,t,u}"


def test_steps_to_latex_layout():
    steps = [
        Step("definition", "Z &= 1", "English $x$.", "Español $x$."),
        Step("conclusion", "", "Done.", "Listo."),
    ]
    assert steps_to_latex(steps, "es") == (
        "Español $x$.\n\n\\begin{align*}\nZ &= 1\n\\end{align*}\n\nListo.\n"
    )
    with pytest.raises(ValueError):
        steps_to_latex(steps, "fr")
    assert escape_text("p_t {x} 5%") == r"p\_t \{x\} 5\%"


@pytest.mark.skipif(
    shutil.which("pdflatex") is None and not os.environ.get("CI"),
    reason="pdflatex is not installed (CI installs it and never skips)",
)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_printed_proofs_compile(tmp_path, lang):
    body = (
        general_latex("conv2d", "all", lang)
        + general_latex("avgpool2d", "avgpool", lang)
        + general_latex("dense", "dense", lang, ("dL/dW",))
    )
    (tmp_path / "proof.tex").write_text(latex_document(body, lang), encoding="utf-8")
    run = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "proof.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "proof.pdf").stat().st_size > 10_000


def test_unknown_kind_case_and_language_are_one_line_symconv_errors():
    from symconv.errors import SymconvError

    with pytest.raises(
        SymconvError,
        match=r"general proofs of 'conv3d' are not available; "
        r"the rule: one of conv2d",
    ):
        prove_general("conv3d")
    with pytest.raises(SymconvError, match=r"case 'z' is not a general case of conv2d"):
        prove_general("conv2d", "z")
    with pytest.raises(SymconvError, match=r"language 'fr' is unknown; the rule"):
        steps_to_latex(prove_general("dense", "dense", ("dL/dW",))[0].steps, "fr")
