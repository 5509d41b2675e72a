"""Outputs a course can use: every layer kind of ``prove`` and any network file as a
document, Markdown front matter that ``symconv check`` reads, a PDF made by pdflatex,
and options that a layer kind does not read refused with a one-line error."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from notes_grid import NETWORK

from symconv.checker.extract import front_matter
from symconv.cli import main as cli
from symconv.cli.main import LAYER_KINDS
from symconv.notes import pdf as pdf_module


def run_cli(argv: list[str], monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr(cli, "EXTRA_COMMANDS", ["symconv.cli.notes", "symconv.cli.check"])
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("kind", LAYER_KINDS)
def test_derive_takes_every_kind_prove_takes(kind, monkeypatch, capsys) -> None:
    code, out, err = run_cli(["derive", kind, "--lang", "es"], monkeypatch, capsys)
    assert code == 0 and err == ""
    settings, lines = front_matter(out)
    assert settings["layer"] == kind and lines > 2
    assert out.splitlines()[lines + 1].startswith("# ")
    # the verified box: every proof of this layer at this size holds
    assert "demostrado" in out and "FALLA" not in out


def test_derive_a_network_file(monkeypatch, capsys) -> None:
    code, out, err = run_cli(["derive", str(NETWORK)], monkeypatch, capsys)
    assert code == 0 and err == ""
    assert front_matter(out)[0]["network"] == str(NETWORK)
    for heading in (
        "Convolution C1",
        "Pooling P2",
        "Convolution C3",
        "Dense layer F4",
        "Dense layer Out",
        "## Loss",
    ):
        assert heading in out
    assert "The network tiny" in out and "FAILED" not in out


def test_generated_markdown_front_matter_is_what_check_uses(tmp_path, monkeypatch, capsys) -> None:
    notes = tmp_path / "notes.md"
    code, _, _ = run_cli(
        [
            "derive",
            "conv2d",
            "--input",
            "4x5",
            "--kernel",
            "2x3",
            "--no-bias",
            "--lang",
            "es",
            "-o",
            str(notes),
        ],
        monkeypatch,
        capsys,
    )
    assert code == 0
    text = notes.read_text(encoding="utf-8")
    assert text.startswith("---\nlayer: conv2d\ninput: 4x5\nkernel: 2x3\n")
    code, out, _ = run_cli(["check", str(notes)], monkeypatch, capsys)
    # check read the layer from the notes (no option names it) and verifies its equations;
    # the one it calls wrong is vec(dL/dW) as a column, a form check does not read yet
    assert "holds for conv2d 4x5, kernel 2x3, stride 1, padding 0, dilation 1, no bias" in out
    verified = int(re.search(r"(\d+) verified", out).group(1))
    assert verified >= 20 and "size-specific: " not in out
    wrong = [line for line in out.splitlines() if ": wrong: " in line]
    assert all(r"\operatorname{vec}" in line for line in wrong), wrong


def test_check_without_the_front_matter_reads_the_layer_from_the_prose(
    tmp_path, monkeypatch, capsys
) -> None:
    """Without the front matter, check reads the same layer from the notes' own prose
    (symconv/checker/infer.py), and says so on an "assumed" line."""
    notes = tmp_path / "notes.md"
    run_cli(
        ["derive", "conv2d", "--input", "4x5", "--kernel", "2x3", "--no-bias", "-o", str(notes)],
        monkeypatch,
        capsys,
    )
    body = notes.read_text(encoding="utf-8").split("---\n", 2)[2]
    bare = tmp_path / "bare.md"
    bare.write_text(body, encoding="utf-8")
    code, out, _ = run_cli(["check", str(bare)], monkeypatch, capsys)
    assert code in (0, 1) and "assumed: conv2d 4x5, kernel 2x3, no padding, no bias" in out


def test_format_pdf_writes_a_pdf(tmp_path, monkeypatch, capsys) -> None:
    if shutil.which("pdflatex") is None:
        from conftest import tool

        tool("pdflatex", "texlive-latex-base")  # skips, or fails under CI
    target = tmp_path / "notas.pdf"
    code, out, err = run_cli(
        ["derive", "conv1d", "--input", "4", "--kernel", "2", "--lang", "es", "-o", str(target)],
        monkeypatch,
        capsys,
    )
    assert code == 0 and out == "" and err == ""
    assert target.read_bytes()[:5] == b"%PDF-" and target.stat().st_size > 10_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notas.pdf"]  # no .aux, no .log


def test_format_pdf_without_pdflatex_is_one_line(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    target = tmp_path / "out.pdf"
    code, out, err = run_cli(
        ["derive", "conv2d", "--format", "pdf", "-o", str(target)], monkeypatch, capsys
    )
    assert code == 2 and out == ""
    assert err.startswith("symconv: error: pdflatex is not installed") and err.count("\n") == 1
    assert not target.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["maxpool2d", "--out-channels", "5"], "--out-channels 5 does not apply to maxpool2d"),
        (["dense", "--kernel", "3"], "--kernel 3 does not apply to dense"),
        (["relu", "--in-features", "3"], "--in-features 3 does not apply to relu"),
        (["conv2d", "--classes", "3"], "--classes 3 does not apply to conv2d"),
        (["avgpool2d", "--no-bias"], "--no-bias does not apply to avgpool2d"),
        (["lenet", "--input", "32x32"], "--input 32x32 does not apply to network 'lenet'"),
        (["conv2d", "--body"], "--body does not apply to --format md"),
        (["conv2d", "--format", "pdf"], "--format pdf needs -o"),
        (["pool3d"], "layer 'pool3d' is unknown"),
    ],
)
def test_options_that_do_not_apply_are_refused(argv, message, monkeypatch, capsys) -> None:
    code, out, err = run_cli(["derive", *argv], monkeypatch, capsys)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_tex_body_has_no_preamble(tmp_path, monkeypatch, capsys) -> None:
    target = tmp_path / "body.tex"
    code, _, _ = run_cli(
        ["derive", "dense", "--format", "tex", "--body", "-o", str(target)], monkeypatch, capsys
    )
    text = target.read_text(encoding="utf-8")
    assert code == 0 and text.startswith("% symconv derive: a LaTeX fragment")
    assert r"\usepackage{amsmath,amssymb}" in text.split("\n\n")[0]
    assert r"\documentclass" not in text and r"\end{document}" not in text


def test_pool_stride_defaults_to_the_kernel(monkeypatch, capsys) -> None:
    _, out, _ = run_cli(
        ["derive", "avgpool2d", "--input", "6x6", "--kernel", "3"], monkeypatch, capsys
    )
    assert "stride: 3x3" in out and r"\mathbb{R}^{1 \times 2 \times 2}" in out
    _, out, _ = run_cli(
        ["derive", "avgpool2d", "--input", "6x6", "--kernel", "3", "--stride", "1"],
        monkeypatch,
        capsys,
    )
    assert "stride: 1x1" in out and r"\mathbb{R}^{1 \times 4 \times 4}" in out


def test_network_path_is_checked(tmp_path: Path, monkeypatch, capsys) -> None:
    code, _, err = run_cli(["derive", str(tmp_path / "missing.toml")], monkeypatch, capsys)
    assert code == 2 and "cannot read network file" in err


def test_build_takes_the_new_kinds(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "pool.toml").write_text(
        'layer = "maxpool2d"\noutput = "pool"\nlang = "es"\nformats = ["md"]\n\n'
        '[config]\ninput = "4x6"\nkernel = "2x3"\nstride = "1"\n',
        encoding="utf-8",
    )
    code, out, _ = run_cli(["build", str(tmp_path)], monkeypatch, capsys)
    text = (tmp_path / "pool.md").read_text(encoding="utf-8")
    assert code == 0 and f"wrote: {tmp_path / 'pool'} (md)" in out
    assert front_matter(text)[0] == {
        "layer": "maxpool2d",
        "input": "4x6",
        "in-channels": "1",
        "kernel": "2x3",
        "stride": "1x1",
        "padding": "0,0",
        "notation": "subscript",
        "index-base": "0",
    }
    (tmp_path / "pool.toml").write_text(
        'layer = "maxpool2d"\noutput = "pool"\n\n[config]\ndilation = "2"\n', encoding="utf-8"
    )
    code, _, err = run_cli(["build", str(tmp_path)], monkeypatch, capsys)
    assert code == 2 and "--dilation does not apply to maxpool2d" in err
