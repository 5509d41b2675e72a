"""The CLI is a thin layer over the Python API (issue 17): ``symconv check``, ``derive`` and
``export`` print or write exactly what ``symconv.check``, ``symconv.derive`` and
``symconv.export`` return — the result's text, GitHub annotations, JSON, document or module —
and exit with the result's status.  Each case also pins what the result says, counted by
hand, so that two equal wrong answers cannot pass."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import symconv
from symconv.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
UPSAMPLE = ROOT / "tests" / "data" / "networks" / "upsample8.toml"

# Input 3x3, kernel 2x2, no bias: z_00 is right; dL/dw_00 = Σ_ij g_ij x_ij over the 2x2
# output misses g_11 x_11 (by hand).
NOTE = r"""# A note
Input 3x3, kernel 2x2, no bias.

$$z_{00} = w_{00} x_{00} + w_{01} x_{01} + w_{10} x_{10} + w_{11} x_{11}$$

$$\frac{\partial L}{\partial w_{00}} = g_{00} x_{00} + g_{01} x_{01} + g_{10} x_{10}$$
"""


def cli(capsys, *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def untimed(text: str) -> str:
    """Text with every measured time masked (a document's proofs are timed)."""
    return re.sub(r"\d+\.\d+ ?(s|ms)\b", "T s", text)


# ------------------------------------------------------------------------------- check


@pytest.mark.parametrize("form", ["human", "github", "json"])
def test_check_prints_the_api_result(tmp_path, capsys, form):
    note = tmp_path / "note.md"
    note.write_text(NOTE, encoding="utf-8")
    result = symconv.check(note)
    assert [v.status for v in result] == ["verified", "wrong"]  # by hand, above
    flags = ["--json"] if form == "json" else ["--format", form]
    code, out, err = cli(capsys, "check", note, *flags)
    want = {
        "human": str(result),
        "github": result.github(),
        "json": json.dumps(result.to_dict(), indent=2, ensure_ascii=False),
    }[form]
    assert (code, out, err) == (result.exit_code, want + "\n", "") and code == 1


def test_check_an_expression_and_several_files_print_the_api_result(tmp_path, capsys):
    expr = r"z_{00} = w_{00} x_{00} + w_{01} x_{01} + w_{10} x_{10} + w_{11} x_{11}"
    result = symconv.check(expr=expr, layer="conv2d", input="3x3", kernel=2, bias=False)
    assert [v.status for v in result] == ["verified"]
    code, out, _ = cli(
        capsys,
        "check",
        "--expr",
        expr,
        "--layer",
        "conv2d",
        "--input",
        "3x3",
        "--kernel",
        "2",
        "--no-bias",
    )
    assert (code, out) == (0, f"{result}\n")
    good, plain = tmp_path / "good.md", tmp_path / "plain.md"
    good.write_text(NOTE.rsplit("$$\\frac", 1)[0], encoding="utf-8")  # the right equation
    plain.write_text("# Notes\n\nNo mathematics here.\n", encoding="utf-8")
    both = symconv.check([good, plain], allow_empty=True)
    assert both.unusable() == [
        f"{str(plain)!r} holds no equation; the rule: at least one "
        "equation ($...$, $$...$$, \\[...\\], equation or align) to "
        "check"
    ]
    code, out, _ = cli(capsys, "check", good, plain, "--allow-empty")
    assert (code, out) == (both.exit_code, f"{both}\n") and code == 0
    code, out, err = cli(capsys, "check", good, plain)  # no equation: exit 2, said why
    assert (code, out, err) == (2, f"{both}\n", f"symconv: error: {both.unusable()[0]}\n")


# ------------------------------------------------------------------------------ derive


def test_derive_prints_and_writes_the_api_document(tmp_path, capsys):
    options = ["--input", "3x3", "--kernel", "2", "--no-bias"]
    result = symconv.derive("conv2d", input="3x3", kernel=2, bias=False)
    code, out, _ = cli(capsys, "derive", "conv2d", *options)
    assert code == 0 and untimed(out) == untimed(result.format("md"))
    assert out.count("$$") >= 8  # the forward and the three gradients at least, displayed
    code, _, _ = cli(
        capsys,
        "derive",
        "conv2d",
        *options,
        "--format",
        "tex",
        "--body",
        "-o",
        tmp_path / "cli.tex",
    )
    written = (tmp_path / "cli.tex").read_text(encoding="utf-8")
    assert code == 0 and untimed(written) == untimed(result.format("tex", body=True))
    assert "\\documentclass" not in written and "\\documentclass" in result.format("tex")
    symconv.derive(
        "conv2d", input="3x3", kernel=2, bias=False, path=tmp_path / "api.txt", fmt="tex", body=True
    )
    assert untimed((tmp_path / "api.txt").read_text(encoding="utf-8")) == untimed(written)


def test_derive_general_and_its_refusals_are_the_api_s(tmp_path, capsys):
    result = symconv.derive("dense", general=True)
    code, out, _ = cli(capsys, "derive", "dense", "--general", "--format", "html")
    assert code == 0 and untimed(out) == untimed(result.format("html"))
    assert out.count("<math") > 5  # the general proof's formulas, as MathML
    for argv, keywords in [
        (["--body"], {"body": True}),
        (["--format", "pdf"], {"fmt": "pdf"}),
        (["--format", "docx"], {"fmt": "docx"}),
    ]:
        code, _, err = cli(capsys, "derive", "dense", *argv)
        with pytest.raises(symconv.SymconvError) as raised:
            symconv.derive("dense", **keywords)
        assert (code, err) == (2, f"symconv: error: {raised.value}\n")
    (tmp_path / "taken.md").write_text("mine", encoding="utf-8")
    code, _, err = cli(capsys, "derive", "dense", "-o", tmp_path / "taken.md")
    assert code == 2 and "exists; the rule: pass --force" in err
    assert (tmp_path / "taken.md").read_text(encoding="utf-8") == "mine"


# ------------------------------------------------------------------------------ export


def test_export_prints_the_api_result_and_writes_its_module(tmp_path, capsys):
    exported = symconv.export(UPSAMPLE)
    # upsample8.toml by hand: C1 a convolution, U2 a transposed one, S3 a max pool
    assert (exported.convs, exported.transposes, exported.pools) == (1, 1, 1)
    target = tmp_path / "cli.py"
    code, out, _ = cli(capsys, "export", UPSAMPLE, "-o", target)
    exported.path = target  # what the result prints once written there
    assert (code, out) == (0, f"{exported}\n")
    assert out.startswith(
        f"wrote {target} (1 convolution(s), 1 transposed convolution(s), 1 pooling layer(s),"
    )
    assert target.read_text(encoding="utf-8") == exported.source
