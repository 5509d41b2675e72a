"""``symconv derive KIND --general``: the symbolic-size proofs as lecture notes (issue 6.3).

Real tools as in test_notes_tools.py: pdflatex and Chromium from Debian.  Without them
the tests that need them are skipped, except when ``CI`` is set: CI installs both, so
there a missing tool fails the test.
"""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import chromium_screenshot, distinct_rows, tool

from symconv.cli import main as cli
from symconv.errors import SymconvError
from symconv.notes.build import load_spec
from symconv.notes.document import Equation, Heading, Para, Verified
from symconv.notes.general_doc import equation_rows, for_mathml, general_document, prose
from symconv.notes.render_md import equation_latex
from symconv.printing import to_mathml
from symconv.printing.mathml import leftovers
from symconv.proofs.general import prove_general

DERIVATIONS = Path(__file__).resolve().parents[2] / "derivations"
# One proof case per language keeps the suite fast; "all" (Spanish) has every feature.
CASES = {"es": "all", "en": "b"}
_DOCS: dict = {}


def document(lang: str):
    if lang not in _DOCS:
        _DOCS[lang] = general_document("conv2d", CASES[lang], lang)
    return _DOCS[lang]


def run_cli(argv: list[str], monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr(cli, "EXTRA_COMMANDS", ["symconv.cli.notes"])
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("lang", ["en", "es"])
def test_tex_compiles_with_pdflatex(lang: str, tmp_path: Path) -> None:
    pdflatex = tool("pdflatex", "texlive-latex-base texlive-latex-recommended texlive-lang-spanish")
    (tmp_path / "doc.tex").write_text(document(lang).render("tex"), encoding="utf-8")
    run = subprocess.run(
        [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    log = (tmp_path / "doc.log").read_text(encoding="latin-1")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert run.returncode == 0 and not errors, errors or run.stdout[-800:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000
    assert ("spanish" in log) == (lang == "es")


class Checker(HTMLParser):
    """Well-formedness: every non-void element closed, in order; counts <math>."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "mspace", "mprescripts", "none"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.math = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)
        self.math += tag == "math"

    def handle_startendtag(self, tag, attrs) -> None:  # <mspace/>: opens and closes
        self.math += tag == "math"

    def handle_endtag(self, tag) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-3:]}"
        self.stack.pop()

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_html_is_well_formed_mathml_without_latex() -> None:
    page = document("es").render("html")
    checker = Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == [] and checker.math > 50
    assert leftovers(page) == [], "latex2mathml left raw LaTeX in the page"
    assert "$" not in "".join(checker.text) and "\\" not in "".join(checker.text)
    assert "<script" not in page


def test_html_renders_in_chromium(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(document("es").render("html"), encoding="utf-8")
    shot = tmp_path / "page.png"
    chromium_screenshot(page, shot)
    assert shot.exists(), "Chromium wrote no screenshot"
    assert distinct_rows(shot.read_bytes()) > 50, "the screenshot is blank"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_markdown_formulas_convert(lang: str) -> None:
    text = document(lang).render("md")
    found = [m[1] or m[2] for m in re.finditer(r"\$\$\n(.*?)\n\$\$|\$([^$\n]+)\$", text, re.S)]
    assert len(found) > 40
    for tex in found:
        to_mathml(tex)  # raises on a conversion error or on LaTeX left in the output


def test_json_has_the_steps_and_every_formula_is_a_step() -> None:
    doc = document("es")
    data = json.loads(doc.render("json"))
    assert [p["identity"] for p in data["proofs"]] == ["Z", "dL/dW", "dL/dX", "dL/db"]
    kinds = [s["kind"] for s in data["proofs"][1]["steps"]]
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
    steps = {for_mathml(s["latex"]) for p in data["proofs"] for s in p["steps"]}
    equations = [b for b in doc.blocks if isinstance(b, Equation)]
    printed = [
        " \\\\\n".join(f"{lhs} &{rhs}" if lhs else f"&{rhs}" for lhs, rhs in b.rows)
        for b in equations
    ]
    not_steps = [tex for tex in printed if tex not in steps]
    assert len(not_steps) == 1 and r"\left\lfloor" in not_steps[0]  # only the output size
    (box,) = [b for b in doc.blocks if isinstance(b, Verified)]
    assert [(c.status, c.general) for c in box.checks] == [("proved", True)] * 4
    assert all(c.details for c in box.checks) and "seconds" not in json.dumps(data["proofs"])


def words(doc) -> str:
    return "\n".join(
        b.text if isinstance(b, Heading) else "".join(t for kind, t in b.segments if kind == "text")
        for b in doc.blocks
        if isinstance(b, Heading | Para)
    )


def test_spanish_prose_is_spanish() -> None:
    es, en = words(document("es")), words(document("en"))
    for phrase in (
        "Sólo sobrevive un término",
        "regla de la cadena",
        "Paso 1.",
        "Enunciado",
        "Cambio de índice de suma",
        "relleno",
    ):
        assert phrase in es, phrase
    for phrase in ("Only one term", "chain rule", "Step ", "Statement", "the "):
        assert phrase not in es, phrase
        assert phrase in en, phrase
    box = document("es").render("md").split("## Verificado")[1]
    assert "lecturas de índices dentro de su tensor" in box and "index reads" not in box


BAD = [
    (["conv2d", "--general", "--case", "z"], "--case 'z' is not a case of conv2d"),
    (["avgpool2d", "--general", "--case", "a"], "is not a case of avgpool2d"),
    (["maxpool2d", "--general"], "--general is not available for 'maxpool2d'"),
    (["conv2d", "--case", "b"], "needs --general"),
    (["conv2d", "--general", "--input", "3x3"], "--input does not apply to --general"),
    (["conv2d", "--general", "--lang", "fr"], "--lang 'fr' is unknown"),
]


@pytest.mark.parametrize(("extra", "message"), BAD)
def test_bad_input_one_line_exit_2(extra, message, monkeypatch, capsys, tmp_path) -> None:
    code, out, err = run_cli(
        ["derive", *extra, "-o", str(tmp_path / "out.tex")], monkeypatch, capsys
    )
    assert code == 2 and err.startswith("symconv: error: ") and message in err, err
    assert err.count("\n") == 1 and out == "" and not list(tmp_path.iterdir())


def test_existing_output_needs_force(monkeypatch, capsys, tmp_path) -> None:
    target = tmp_path / "dense.tex"
    target.write_text("keep me")
    argv = ["derive", "dense", "--general", "--lang", "es", "-o", str(target)]
    code, _, err = run_cli(argv, monkeypatch, capsys)
    assert code == 2 and "exists; the rule: pass --force" in err
    assert target.read_text() == "keep me"
    code, _, _ = run_cli([*argv, "--force"], monkeypatch, capsys)
    text = target.read_text()
    assert code == 0 and text.startswith(r"\documentclass") and "Capa densa" in text
    assert [p.name for p in tmp_path.iterdir()] == ["dense.tex"]  # no temporary left


def test_avgpool_document_to_stdout(monkeypatch, capsys) -> None:
    code, out, _ = run_cli(
        ["derive", "avgpool2d", "--general", "--format", "json"], monkeypatch, capsys
    )
    data = json.loads(out)
    assert code == 0 and [p["status"] for p in data["proofs"]] == ["proved", "proved"]
    assert data["config"]["case"] == "avgpool" and data["config"]["general"] is True


def test_steps_adapted_for_mathml() -> None:
    assert (
        for_mathml(r"\operatorname{corr_w}\left(X\right)")
        == r"\operatorname{corr}_{w}\left(X\right)"
    )
    assert for_mathml(r"\operatorname{rot180}") == r"\operatorname{rot}_{180}"
    assert prose(r"Differ: \texttt{a\_b \{1\}} at $x_{1}$.") == [
        ("text", "Differ: a_b {1} at "),
        ("math", "x_{1}"),
        ("text", "."),
    ]
    (proof,) = prove_general("conv2d", "b", ("dL/dW",))
    for step in proof.steps:  # to_mathml raises on anything latex2mathml leaves as LaTeX
        to_mathml(equation_latex(Equation(equation_rows(step.latex)), tag=False), True)


def test_spec_keys(tmp_path: Path) -> None:
    spec = tmp_path / "g.toml"
    spec.write_text('layer = "conv2d"\ngeneral = true\ncase = "b"\noutput = "g"\n')
    assert load_spec(spec).general and load_spec(spec).case == "b"
    for body, message in [
        ('case = "b"\n', "'case' needs 'general = true'"),
        ('general = true\nnotation = "subscript"\n', "do not apply"),
        ('general = true\ncase = "q"\n', "--case 'q' is not a case"),
    ]:
        spec.write_text(f'layer = "conv2d"\noutput = "g"\n{body}')
        with pytest.raises(SymconvError, match=message):
            load_spec(spec)


def test_committed_general_documents_are_current() -> None:
    specs = [load_spec(p) for p in sorted(DERIVATIONS.glob("006_general_*.toml"))]
    assert {s.lang for s in specs} == {"en", "es"} and all(s.general for s in specs)
    for spec in specs:
        for path, text in spec.outputs().items():
            assert path.read_text(encoding="utf-8") == text, (
                f"stale {path.name}: run symconv build derivations/"
            )


def test_a_proof_that_is_not_proved_is_reported_not_stated(monkeypatch) -> None:
    from symconv.notes import general_doc
    from symconv.proofs.general.prover import GeneralProof

    real = prove_general("dense", "dense")
    broken = GeneralProof(
        layer="dense",
        identity="dL/db",
        statement="dL/db = ?",
        config={},
        status="not proved",
        note="not covered: a_b {c} & 50%",
    )
    monkeypatch.setattr(general_doc, "prove_general", lambda kind, case: [*real[:3], broken])
    doc = general_doc.general_document("dense", None, "en")
    statement = [b for b in doc.blocks[:8] if isinstance(b, Equation)]
    assert len(statement) == 3  # only the proved identities are stated
    md = doc.render("md")
    assert (
        "*NOT PROVED*" in md
        and "> This identity is not proved for symbolic sizes: not covered: a_b {c} & 50%" in md
    )
    assert leftovers(doc.render("html")) == [] and r"a\_b \{c\} \& 50\%" in doc.render("tex")
