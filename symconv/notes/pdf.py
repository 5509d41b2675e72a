"""``symconv derive ... --format pdf``: the LaTeX document run through pdflatex.

pdflatex runs in a temporary folder (its .aux and .log never reach the user's folder),
twice is not needed (the notes have no cross-references), and the PDF is written with
:func:`symconv.files.write_atomic`, so a failed run leaves no file behind.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from symconv.errors import SymconvError
from symconv.files import write_atomic

PACKAGES = "texlive-latex-base texlive-latex-recommended texlive-lang-spanish"


def write_pdf(tex: str, output: str | Path, timeout: float = 300) -> None:
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        raise SymconvError(
            "pdflatex is not installed; the rule: --format pdf runs pdflatex "
            f"(Debian: apt-get install {PACKAGES}), or use --format tex"
        )
    with tempfile.TemporaryDirectory(prefix="symconv-pdf-") as folder:
        work = Path(folder)
        (work / "notes.tex").write_text(tex, encoding="utf-8")
        try:
            subprocess.run(
                [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "notes.tex"],
                cwd=work,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SymconvError(f"pdflatex did not finish: {exc}") from exc
        pdf = work / "notes.pdf"
        log = work / "notes.log"
        if not pdf.exists():
            text = log.read_text(encoding="latin-1") if log.exists() else ""
            first = next(
                (line for line in text.splitlines() if line.startswith("!")), "no PDF written"
            )
            raise SymconvError(f"pdflatex failed: {first}")
        write_atomic(output, pdf.read_bytes())
