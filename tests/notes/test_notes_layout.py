"""Equations that look typeset, over the whole grid of documents (tests/notes/notes_grid.py).

HTML: every multi-row equation is a MathML table aligned right/left at the relation with
display style in every cell and sums with limits under and over; the styles are scoped
to the document's container.  LaTeX: ``aligned``; pdflatex compiles every document of the
grid and its log has no overfull box over 1 pt.  pdflatex comes from Debian: without it
the compile tests are skipped, except when ``CI`` is set (as in test_notes_tools.py).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import tool
from notes_grid import built, document, every_name, general

from symconv.notes.document import Equation
from symconv.notes.render_html import STYLE, equation, fragment, page
from symconv.notes.render_tex import equation as tex_equation
from symconv.notes.render_tex import tex_body
from symconv.notes.rows import fit_rows

# (name, what builds it): the grid's documents are built by the tests that read them (the
# ``doc`` fixture), not at collection, where every xdist worker would build all of them.
DOCS = every_name()
IDS = [name for name, _ in DOCS]
# Both modules read every document of the grid: one xdist group, so one worker builds it.
pytestmark = pytest.mark.xdist_group("notes-grid")


@pytest.fixture
def doc(request):
    """The grid's document named by the test's parameter (built once per process)."""
    return built(request.param)


SUM_BESIDE = re.compile(r"<msubsup><mo>&#x0(?:2211|220F);</mo>")


def pdflatex_log(source: str, workdir: Path, name: str = "doc") -> str:
    """Compile once; the log, after failing on any LaTeX error."""
    pdflatex = tool("pdflatex", "texlive-latex-base texlive-latex-recommended texlive-lang-spanish")
    (workdir / f"{name}.tex").write_text(source, encoding="utf-8")
    run = subprocess.run(
        [pdflatex, "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=300,
    )
    log = (workdir / f"{name}.log").read_text(encoding="latin-1")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert run.returncode == 0 and not errors, errors or run.stdout[-800:]
    return log


def overfull(log: str) -> list[str]:
    """Overfull boxes wider than 1 pt, as pdflatex reports them."""
    return [
        m.group(0)
        for m in re.finditer(r"Overfull \\[hv]box \(([\d.]+)pt too \w+\)[^\n]*", log)
        if float(m.group(1)) > 1.0
    ]


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=IDS, indirect=["doc"])
def test_html_equations_align_at_the_relation(name, doc) -> None:
    multi = 0
    for block in doc.blocks:
        if not isinstance(block, Equation):
            continue
        html = equation(block)
        assert not SUM_BESIDE.search(html), f"{name}: a sum with its limits beside it"
        rows = fit_rows(block.rows)
        if len(rows) < 2:
            continue
        multi += 1
        table = html[html.index("<mtable") :]
        assert table.startswith(
            '<mtable class="align" columnalign="right left" displaystyle="true">'
        ), f"{name}: {table[:120]}"
        # Every row: the relation or sign starts the left-aligned second column, every
        # cell in display style.
        left = '<mtd columnalign="left"><mrow><mstyle displaystyle="true" scriptlevel="0">'
        assert table.count(left) >= len(rows), name
        relations = sum(bool(re.match(r"\s*(=|\+|-|<|\\le(?![a-z]))", rhs)) for _, rhs in rows)
        assert table.count(left + "<mo>") >= relations > 0, name
        right = table[table.index('<mtd columnalign="right"') :]
        assert right.startswith(
            (
                '<mtd columnalign="right"><mrow><mstyle displaystyle="true"',
                '<mtd columnalign="right" />',
            )
        )
    if name.startswith(("conv", "lenet", "general-conv2d")):
        assert multi > 0, f"{name} has no multi-row equation to check"


def test_html_styles_are_scoped_to_the_container() -> None:
    doc = document("conv2d_3x3", "subscript", "en")
    selectors = [s.strip() for s in re.findall(r"(?:^|})\s*([^{}]+)\{", STYLE)]
    assert selectors and all(
        part.strip().startswith(".symconv-doc") for s in selectors for part in s.split(",")
    )
    assert "body {" not in STYLE and "body{" not in STYLE
    shown = fragment(doc)
    assert shown.startswith('<div class="symconv-doc">') and shown.endswith("</div>")
    assert '<main class="symconv-doc">' in page(doc)


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=IDS, indirect=["doc"])
def test_tex_rows_use_aligned(name, doc) -> None:
    for block in doc.blocks:
        if isinstance(block, Equation):
            tex = tex_equation(block)
            rows = fit_rows(block.rows)
            assert "align*" not in tex
            assert (r"\begin{aligned}" in tex) == (len(rows) > 1), tex[:200]
            if len(rows) > 1:  # every row meets the alignment point
                assert tex.count("\n") == len(rows) + 1 and tex.count(" &") >= len(rows)


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=IDS, indirect=["doc"])
def test_pdflatex_log_has_no_overfull_box(name, doc, tmp_path: Path) -> None:
    log = pdflatex_log(doc.render("tex"), tmp_path)
    assert overfull(log) == [], f"{name}: {overfull(log)}"


def test_overfull_is_read_from_the_log(tmp_path: Path) -> None:
    """The log reader sees a real overfull box: a long unbreakable formula."""
    source = (
        r"\documentclass{article}\begin{document}"
        "\n"
        r"\[" + " ".join(f"x_{{{k}}}" for k in range(120)) + r"\]"
        "\n"
        r"\end{document}"
    )
    found = overfull(pdflatex_log(source, tmp_path))
    assert found and "hbox" in found[0]


BODIES = [
    ("conv2d_3x3", "subscript", "en"),
    ("conv1d", "onebased", "es"),
    ("lenet", "superscript", "es"),
    ("maxpool2d", "functional", "en"),
]


def preamble_of(fragment_text: str) -> list[str]:
    """The packages a fragment's first comment lists."""
    lines = []
    for line in fragment_text.splitlines():
        if not line.startswith("%"):
            break
        if line.startswith(r"% \usepackage"):
            lines.append(line[2:])
    return lines


@pytest.mark.parametrize("key", [*BODIES, "general"], ids=str)
def test_body_fragment_compiles_when_input(key, tmp_path: Path) -> None:
    doc = general("conv2d", "all", "es") if key == "general" else document(*key)
    body = tex_body(doc)
    assert r"\documentclass" not in body and r"\begin{document}" not in body
    packages = preamble_of(body)
    assert any("amsmath" in p for p in packages) and any("babel" in p for p in packages)
    (tmp_path / "notes.tex").write_text(body, encoding="utf-8")
    course = (
        "\n".join(
            [
                r"\documentclass{article}",
                *packages,
                r"\begin{document}",
                r"\section{Course chapter}",
                "Before the notes.",
                r"\input{notes}",
                "After the notes.",
                r"\end{document}",
            ]
        )
        + "\n"
    )
    log = pdflatex_log(course, tmp_path, "course")
    assert "notes.tex" in log
    assert (tmp_path / "course.pdf").stat().st_size > 1000
