"""Derivation documents: seed formulas present, languages, fallbacks, CLI, derivations/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy

from symconv.cli import main as cli
from symconv.layers.conv import ConvLayer
from symconv.notes import conv_document
from symconv.notes.build import load_spec, stale
from symconv.notes.document import Equation, Figure, Para, Verified
from symconv.notes.jupyter import proof_views
from symconv.notes.lenet_doc import lenet_document
from symconv.spec.layer import conv

DERIVATIONS = Path(__file__).resolve().parents[2] / "derivations"


@pytest.fixture(scope="module")
def seed001():
    return conv_document(conv(1, 1, 2, bias=False), (3, 3), "subscript", "es")


@pytest.fixture(scope="module")
def seed004_1d():
    return conv_document(conv(1, 1, 2, dims=1), (1, 4), "onebased", "en")


def formulas(doc) -> str:
    return "\n".join(doc.equations())


def test_seed001_equations_2_to_11(seed001) -> None:
    text = formulas(seed001)
    for eq in [
        r"z_{00} = w_{00} \cdot x_{00} + w_{01} \cdot x_{01} + w_{10} \cdot x_{10}",
        r"z_{11} = w_{00} \cdot x_{11} + w_{01} \cdot x_{12} + w_{10} \cdot x_{21}",
        r"\frac{\partial z_{00}}{\partial w_{00}} = x_{00}",
        r"x_{r+a',c+b'}",
        r"\sum_{r=0}^{H_{\text{out}} - 1} \sum_{c=0}^{W_{\text{out}} - 1}",
        r"\frac{\partial \mathcal{L}}{\partial z_{00}} \cdot \frac{\partial z_{00}}"
        r"{\partial w_{00}}",
        r"\mathbf{X} \star \frac{\partial \mathcal{L}}{\partial \mathbf{Z}}",
    ]:
        assert eq in text, eq


def test_seed001_has_receptive_field_figure_and_verified_box(seed001) -> None:
    figures = [b for b in seed001.blocks if isinstance(b, Figure)]
    assert len(figures) == 1 and len(figures[0].panels) == 4  # z_00, z_01, z_10, z_11
    first = figures[0].panels[0][1]
    assert first.marks == [[1, 1, 0], [1, 1, 0], [0, 0, 0]]
    (box,) = [b for b in seed001.blocks if isinstance(b, Verified)]
    assert {c.status for c in box.checks} == {"proved"}
    assert len(box.checks) == 6  # Z, dW, dX proofs and the three general forms


def test_seed004_jacobians_and_padded_gradient(seed004_1d) -> None:
    text = formulas(seed004_1d)
    assert (
        r"\frac{\partial y}{\partial x} = \begin{bmatrix} w_{1} & w_{2} & 0 & 0 \\ "
        r"0 & w_{1} & w_{2} & 0 \\ 0 & 0 & w_{1} & w_{2} \end{bmatrix}"
    ) in text
    assert (
        r"\begin{bmatrix} 0 \\ dy_{1} \\ dy_{2} \\ dy_{3} \\ 0 \end{bmatrix} \star "
        r"\begin{bmatrix} w_{2} \\ w_{1} \end{bmatrix}"
    ) in text
    assert "dx_{3}" in text and "w_{1} dy_{3}" in text  # the seed's typo w_3 is not repeated
    assert r"db = dy_{1} + dy_{2} + dy_{3}" in text


def test_spanish_prose_is_not_english(seed001) -> None:
    english = conv_document(conv(1, 1, 2, bias=False), (3, 3), "subscript", "en")
    es = " ".join(
        t for b in seed001.blocks if isinstance(b, Para) for k, t in b.segments if k == "text"
    )
    en = " ".join(
        t for b in english.blocks if isinstance(b, Para) for k, t in b.segments if k == "text"
    )
    assert "regla de la cadena" in es and "chain rule" in en
    assert formulas(seed001) == formulas(english)  # one derivation, two languages


def test_large_case_falls_back_and_says_so() -> None:
    doc = conv_document(conv(1, 4, 3, padding=1), (8, 8), "subscript", "en")
    notes = [b for b in doc.blocks if isinstance(b, Para) and b.style == "note"]
    assert notes and "256 output entries" in "".join(t for _, t in notes[0].segments)
    assert not [b for b in doc.blocks if isinstance(b, Figure)]
    assert all(len(e) < 2000 for e in doc.equations())


def test_json_is_structured(seed001) -> None:
    data = json.loads(seed001.render("json"))
    assert data["lang"] == "es" and data["config"]["kernel"] == [2, 2]
    kinds = {b["kind"] for b in data["blocks"]}
    assert {"heading", "para", "equation", "figure", "verified"} <= kinds


def test_jupyter_reprs(seed001) -> None:
    assert seed001._repr_markdown_().startswith("# ")
    assert "<math" in seed001._repr_html_()
    assert seed001._repr_latex_().startswith("$$")
    views = proof_views(ConvLayer(conv(1, 1, 2, bias=False), (3, 3)))
    assert "<math" in views[0]._repr_html_() and views[0]._repr_latex_().startswith("$$")


def test_lenet_document_covers_every_layer() -> None:
    doc = lenet_document("superscript", "es")
    md = doc.render("md")
    for name in ("C1", "S2", "C3", "S4", "F5", "F6", "Output"):
        assert name in md
    assert "61\u2009706" in md and "61706" not in md and r"Z^{[1]}_{i,j,k}" in md
    checks = [c for b in doc.blocks if isinstance(b, Verified) for c in b.checks]
    assert checks and all(c.status == "proved" for c in checks)


def run_cli(argv: list[str], monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr(cli, "EXTRA_COMMANDS", ["symconv.cli.notes"])
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


BAD = [
    (["--notation", "greek"], "notation 'greek' is unknown"),
    (["--lang", "fr"], "--lang 'fr' is unknown"),
    (["--format", "docx"], "--format 'docx' is unknown"),
    (["--sections", "setup,intro"], "section 'intro' is unknown"),
    (["--input", "300x300", "--out-channels", "8"], "too many to write up"),
    (["--kernel", "7"], "larger than the padded input"),
]


@pytest.mark.parametrize(("extra", "message"), BAD)
def test_bad_input_one_line_exit_2(extra, message, monkeypatch, capsys, tmp_path) -> None:
    target = tmp_path / "out.md"
    code, _, err = run_cli(
        ["derive", "conv2d", "--input", "3x3", *extra, "-o", str(target)], monkeypatch, capsys
    )
    assert code == 2 and err.startswith("symconv: error: ") and message in err
    assert err.count("\n") == 1 and not list(tmp_path.iterdir())


def test_existing_output_needs_force(monkeypatch, capsys, tmp_path) -> None:
    target = tmp_path / "notes.tex"
    target.write_text("keep me")
    code, _, err = run_cli(
        ["derive", "conv1d", "--input", "4", "-o", str(target)], monkeypatch, capsys
    )
    assert code == 2 and "exists; the rule: pass --force" in err
    assert target.read_text() == "keep me"
    code, _, _ = run_cli(
        ["derive", "conv1d", "--input", "4", "-o", str(target), "--force"], monkeypatch, capsys
    )
    assert code == 0 and target.read_text().startswith(r"\documentclass")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.tex"]  # no temporary left


def test_derive_to_stdout(monkeypatch, capsys) -> None:
    code, out, _ = run_cli(
        [
            "derive",
            "conv1d",
            "--input",
            "4",
            "--notation",
            "onebased",
            "--format",
            "md",
            "--sections",
            "setup,forward",
        ],
        monkeypatch,
        capsys,
    )
    assert code == 0 and r"y_{1} = w_{1} x_{1} + w_{2} x_{2} + b" in out
    assert "Backward" not in out


def test_committed_derivations_are_current() -> None:
    """Fails when a committed output differs from what its spec generates now."""
    assert [p.name for p in stale(DERIVATIONS)] == [], "run: symconv build derivations/"


def test_build_check_reports_a_stale_output(monkeypatch, capsys, tmp_path) -> None:
    spec = (DERIVATIONS / "004a_conv1d.toml").read_text()
    (tmp_path / "004a_conv1d.toml").write_text(spec)
    code, out, _ = run_cli(["build", str(tmp_path), "--check"], monkeypatch, capsys)
    assert code == 1 and "stale" in out
    code, _, _ = run_cli(["build", str(tmp_path)], monkeypatch, capsys)
    assert code == 0
    code, _, _ = run_cli(["build", str(tmp_path), "--check"], monkeypatch, capsys)
    assert code == 0


def test_seed002_numbers_match_numpy_and_scipy() -> None:
    import numpy as np
    from scipy import signal

    for name, expected in [
        ("002a_conv1d_same", np.convolve([1, 3, 2, 4, 5, 6, 1, 3], [1, 0, 3, 1, 2], "same")),
        (
            "002b_conv2d_same",
            signal.convolve2d(
                [[1, 3, 2, 4], [5, 6, 1, 3], [1, 2, 0, 2], [3, 4, 3, 2]],
                [[1, 0, 3], [1, 2, 1], [0, 1, 1]],
                "same",
            ),
        ),
    ]:
        doc = load_spec(DERIVATIONS / f"{name}.toml").document()
        texts = [b.text for b in doc.blocks if isinstance(b, Equation)]
        assert str(sympy.Matrix(np.atleast_2d(expected).tolist())) in texts, name
