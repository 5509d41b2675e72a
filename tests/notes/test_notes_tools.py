"""The committed documents through real tools: pdflatex, an HTML parser, Chromium, latex2mathml.

pdflatex and Chromium come from Debian (``.ci/run`` installs texlive-latex-base,
texlive-latex-recommended, texlive-lang-spanish, texlive-pictures and chromium).  When
``CI`` is set a missing tool fails the test with the package to install; locally,
without ``CI``, the test is skipped.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import chromium_screenshot, distinct_rows, tool

from symconv.notes import conv_document
from symconv.printing import to_mathml
from symconv.printing.mathml import leftovers
from symconv.spec.layer import conv

DERIVATIONS = Path(__file__).resolve().parents[2] / "derivations"
TEX = sorted(DERIVATIONS.glob("*.tex"))
HTML = sorted(DERIVATIONS.glob("*.html"))
MD = sorted(DERIVATIONS.glob("*.md"))


def compile_tex(source: str, workdir: Path) -> str:
    """Run pdflatex once; return the log, failing on any LaTeX error."""
    pdflatex = tool(
        "pdflatex",
        "texlive-latex-base texlive-latex-recommended texlive-lang-spanish texlive-pictures",
    )
    (workdir / "doc.tex").write_text(source, encoding="utf-8")
    run = subprocess.run(
        [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
    )
    log = (workdir / "doc.log").read_text(encoding="latin-1")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert run.returncode == 0 and not errors, f"pdflatex failed: {errors or run.stdout[-800:]}"
    assert (workdir / "doc.pdf").stat().st_size > 1000
    return log


def test_every_document_is_covered() -> None:
    assert len(TEX) == len(HTML) == len(MD) >= 8


@pytest.mark.parametrize("path", TEX, ids=lambda p: p.name)
def test_tex_compiles(path: Path, tmp_path: Path) -> None:
    compile_tex(path.read_text(encoding="utf-8"), tmp_path)


def test_generated_spanish_tex_with_stride_and_padding_compiles(tmp_path: Path) -> None:
    doc = conv_document(conv(1, 1, 2, stride=2, padding=1, dilation=2), (5, 5), "onebased", "es")
    log = compile_tex(doc.render("tex"), tmp_path)
    assert "spanish" in log


class Checker(HTMLParser):
    """Well-formedness: every non-void element closed, in order; counts <math>."""

    VOID: ClassVar[set[str]] = {
        "meta",
        "br",
        "hr",
        "img",
        "input",
        "link",
        "mspace",
        "mprescripts",
        "none",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.math = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)
        self.math += tag == "math"

    def handle_startendtag(self, tag, attrs) -> None:
        self.math += tag == "math"

    def handle_endtag(self, tag) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-3:]}"
        self.stack.pop()

    def handle_data(self, data) -> None:
        self.text.append(data)


@pytest.mark.parametrize("path", HTML, ids=lambda p: p.name)
def test_html_is_well_formed_mathml_without_latex(path: Path) -> None:
    page = path.read_text(encoding="utf-8")
    checker = Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == [], f"unclosed: {checker.stack}"
    assert checker.math > 10
    assert leftovers(page) == [], "latex2mathml left raw LaTeX in the page"
    assert "$" not in "".join(checker.text), "raw $...$ math in the page"
    assert "<script" not in page


@pytest.mark.parametrize("path", HTML, ids=lambda p: p.name)
def test_html_renders_in_chromium(path: Path, tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    chromium_screenshot(path, shot)
    assert shot.exists(), "Chromium wrote no screenshot"
    assert distinct_rows(shot.read_bytes()) > 50, "the screenshot is blank"


FORMULA = re.compile(r"\$\$\n(.*?)\n\$\$|\$([^$\n]+)\$", re.S)


@pytest.mark.parametrize("path", MD, ids=lambda p: p.name)
def test_markdown_formulas_convert(path: Path) -> None:
    found = [m.group(1) or m.group(2) for m in FORMULA.finditer(path.read_text("utf-8"))]
    assert len(found) > 10
    for tex in found:
        to_mathml(tex)  # raises on a conversion error or on LaTeX left in the output
