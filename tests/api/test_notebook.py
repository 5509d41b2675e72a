"""examples/tour.ipynb runs top to bottom (nbclient), and its outputs render in Chromium.

The executed notebook is rendered to one HTML page from its own outputs (each output's
text/html, else its text/latex through latex2mathml, else its text), as a notebook
front end shows them; headless Chromium loads the page and a script in it counts the
MathML formulas laid out with a size.  Without nbclient or Chromium the tests are
skipped, except under ``CI``, where the test extras and ``.ci/run`` install them.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from symconv.printing import PrintError, to_mathml

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "tour.ipynb"


def need(module: str):
    try:
        return __import__(module)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is missing in CI: pip install -e '.[test]'")
        pytest.skip(f"{module} is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nbformat = need("nbformat")
    nbclient = need("nbclient")
    need("ipykernel")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    workdir = tmp_path_factory.mktemp("tour")
    nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    ).execute()
    return notebook


def code_outputs(notebook) -> list[list[dict]]:
    return [cell.outputs for cell in notebook.cells if cell.cell_type == "code"]


def plain(outputs: list[dict]) -> str:
    return "".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in outputs)


def test_every_cell_runs_and_shows_something(executed):
    outputs = code_outputs(executed)
    errors = [o for cell in outputs for o in cell if o.output_type == "error"]
    assert not errors, [f"{e.ename}: {e.evalue}" for e in errors]
    assert all(cell for cell in outputs), "a code cell showed nothing"
    streams = [
        o for cell in outputs for o in cell if o.output_type == "stream" and o.name == "stderr"
    ]
    assert not streams, streams


def test_the_tour_shows_the_results_it_claims(executed):
    text = [plain(cell) for cell in code_outputs(executed)]
    assert "61,706 parameters" in text[0]
    assert "8/8 identities proved" in text[1]
    assert text[6] == "True"  # sympy.diff of the loss equals the derived dL/dW entry
    # dL/dW with X = 0..8 (3x3) and G = 1: each entry is the sum of a 2x2 window, by hand
    assert re.sub(r"\s+", "", text[8]) == "array([[8.,12.],[20.,24.]])"
    assert "1 verified, 1 wrong" in text[9]
    assert text[-1] == "(2, 10)"
    rich = [o.data for cell in code_outputs(executed) for o in cell if "data" in o]
    assert sum("<math" in d.get("text/html", "") for d in rich) >= 3  # prove, derive, check


def rendered(output: dict) -> str:
    """One output as a notebook front end shows it."""
    data = output.get("data", {})
    if "text/html" in data:
        return data["text/html"]
    if "text/latex" in data:
        tex = data["text/latex"].strip().strip("$").replace(r"\displaystyle", "")
        try:
            return to_mathml(tex, display=True)
        except PrintError:
            pass
    return f"<pre>{html.escape(data.get('text/plain', output.get('text', '')))}</pre>"


COUNT = """<script>
window.addEventListener("load", () => {
  const all = [...document.querySelectorAll("math")];
  const shown = all.filter(m => { const r = m.getBoundingClientRect();
                                  return r.width > 0 && r.height > 0; });
  document.body.setAttribute("data-math", all.length + "/" + shown.length);
});
</script>"""


def test_the_rendered_notebook_shows_its_math_in_chromium(executed, tmp_path):
    from conftest import tool  # the same rule: skipped locally, required in CI

    chromium = tool("chromium", "chromium")
    parts = []
    for cell in executed.cells:
        parts.append(f"<pre>{html.escape(cell.source)}</pre>")
        parts += [rendered(o) for o in cell.get("outputs", [])]
    page = tmp_path / "tour.html"
    page.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        f"{''.join(parts)}{COUNT}</body></html>",
        encoding="utf-8",
    )
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    found = re.search(r'data-math="(\d+)/(\d+)"', run.stdout)
    assert found, f"Chromium did not run the page's script: {run.stderr[-400:]}"
    total, shown = int(found[1]), int(found[2])
    assert total >= 30 and shown == total, (total, shown)
    assert "Traceback" not in run.stdout
