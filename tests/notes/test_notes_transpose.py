"""Lecture notes of a transposed convolution (``symconv derive conv_transpose2d``).

Truth is independent of the notes' builders: torch's ``conv_transpose2d`` gives the output
size and, on a one-hot input with a kernel of distinct primes, where each input entry
lands; the verified box must report every closed and general form proved.
"""

from __future__ import annotations

import json
import re

import pytest
import torch
from conftest import tool

from symconv.checker.extract import front_matter
from symconv.cli import main as cli
from symconv.notes.build import make_document
from symconv.notes.document import Figure, Verified

CASES = [  # (kind, options, input shape (C, H, W) or (C, L), torch keyword arguments)
    ("conv_transpose2d", {"input": "3x3", "kernel": "2", "stride": "2"}, (1, 3, 3), {"stride": 2}),
    (
        "conv_transpose2d",
        {"input": "3x3", "kernel": "3", "stride": "2", "padding": "1", "output_padding": "1"},
        (1, 3, 3),
        {"stride": 2, "padding": 1, "output_padding": 1},
    ),
    (
        "conv_transpose2d",
        {
            "input": "3x2",
            "kernel": "2x3",
            "stride": "2x1",
            "padding": "1,1,0,0",
            "output_padding": "1x0",
            "dilation": "2",
            "bias": False,
        },
        (1, 3, 2),
        {"stride": (2, 1), "padding": (1, 0), "output_padding": (1, 0), "dilation": 2},
    ),
    (
        "conv_transpose1d",
        {"input": "4", "kernel": "3", "stride": "2", "padding": "1"},
        (1, 4),
        {"stride": 2, "padding": 1},
    ),
    # groups: W (C_in, C_out/g, kh, kw), each input channel feeds its group's filters
    (
        "conv_transpose2d",
        {
            "input": "2x2",
            "kernel": "2",
            "stride": "2",
            "in_channels": 4,
            "out_channels": 6,
            "groups": 2,
        },
        (4, 2, 2),
        {"stride": 2, "groups": 2},
    ),
]


def run_cli(argv, monkeypatch, capsys):
    monkeypatch.setattr(cli, "EXTRA_COMMANDS", ["symconv.cli.notes", "symconv.cli.check"])
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _torch_out(kind, shape, kernel_shape, kwargs, x=None, w=None):
    fn = (
        torch.nn.functional.conv_transpose2d
        if kind.endswith("2d")
        else torch.nn.functional.conv_transpose1d
    )
    x = torch.zeros((1, *shape), dtype=torch.float64) if x is None else x
    w = torch.ones(kernel_shape, dtype=torch.float64) if w is None else w
    return fn(x, w, **kwargs)


@pytest.mark.parametrize(("kind", "options", "shape", "kwargs"), CASES)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_output_size_and_proofs(kind, options, shape, kwargs, lang):
    doc = make_document(kind, dict(options), "subscript", lang)
    kernel = [int(k) for k in options["kernel"].split("x")]
    kernel = kernel * (2 // len(kernel)) if kind.endswith("2d") else kernel
    out = _torch_out(kind, shape, (shape[0], 1, *kernel), kwargs)
    md = doc.render("md")
    # the size equations end in torch's output size, and the shapes name it
    finals = re.findall(r"\{\\displaystyle = (\d+)\} \\end\{array\} \\tag", md)
    sizes = tuple(out.shape[2:])
    assert tuple(int(v) for v in finals[: len(sizes)]) == sizes, (finals, sizes)
    channels = f"{options['out_channels']} \\times " if "out_channels" in options else ""
    assert r"\mathbb{R}^{" + channels + r" \times ".join(map(str, sizes)) + "}" in md
    checks = [c for b in doc.blocks if isinstance(b, Verified) for c in b.checks]
    assert len(checks) >= 6 and all(c.status == "proved" for c in checks), [
        (c.name, c.status) for c in checks
    ]
    # Z, dL/dW and dL/dX both as proved closed forms and as checked general sums
    names = {c.name.split(" (")[0] for c in checks}
    assert {"Z", "dL/dW", "dL/dX"} <= names


def test_scatter_figure_marks_where_torch_spreads_each_input():
    """Each panel's highlighted cells are the outputs torch changes when only that input
    entry is one (kernel of ones), and hold that entry's products."""
    kind, options, shape, kwargs = CASES[1]
    doc = make_document(kind, dict(options), "subscript", "en")
    figure = next(b for b in doc.blocks if isinstance(b, Figure))
    grids = [p for row in figure.panels for p in row if not isinstance(p, str)]
    assert len(grids) == shape[1] * shape[2]  # one panel per input entry
    for k, grid in enumerate(grids):
        i, j = divmod(k, shape[2])
        x = torch.zeros((1, *shape), dtype=torch.float64)
        x[0, 0, i, j] = 1
        hit = _torch_out(kind, shape, (1, 1, 3, 3), kwargs, x=x)[0, 0] != 0
        marked = torch.tensor([[m == 1 for m in row] for row in grid.marks])
        assert torch.equal(marked, hit), (i, j)
        for row, mark_row in zip(grid.cells, grid.marks, strict=True):
            for cell, mark in zip(row, mark_row, strict=True):
                assert (f"x_{{{i}{j}}}" in cell) == bool(mark) and (cell == "0") != bool(mark)


def test_written_forward_matches_torch_at_numbers(monkeypatch, capsys):
    """The written-out z entries of the Markdown, evaluated at integers, equal torch."""
    code, out, err = run_cli(
        [
            "derive",
            "conv_transpose2d",
            "--input",
            "3x3",
            "--kernel",
            "2",
            "--stride",
            "2",
            "--no-bias",
        ],
        monkeypatch,
        capsys,
    )
    assert code == 0 and err == ""
    x = torch.arange(1, 10, dtype=torch.float64).reshape(1, 1, 3, 3)
    w = torch.tensor([[[[10.0, 100.0], [1000.0, 10000.0]]]], dtype=torch.float64)
    z = torch.nn.functional.conv_transpose2d(x, w, stride=2)[0, 0]
    found = re.findall(r"z_\{(\d)(\d)\} = w_\{(\d)(\d)\} \\cdot x_\{(\d)(\d)\}", out)
    assert len(found) == 36  # every output entry written, one product each (stride = kernel)
    for r, c, a, b, i, j in found:
        assert z[int(r), int(c)] == w[0, 0, int(a), int(b)] * x[0, 0, int(i), int(j)]


@pytest.mark.parametrize("fmt", ["md", "tex", "html", "json"])
def test_every_format_and_front_matter(fmt, monkeypatch, capsys):
    code, out, err = run_cli(
        [
            "derive",
            "conv_transpose1d",
            "--input",
            "4",
            "--kernel",
            "3",
            "--stride",
            "2",
            "--padding",
            "1",
            "--output-padding",
            "1",
            "--lang",
            "es",
            "--format",
            fmt,
        ],
        monkeypatch,
        capsys,
    )
    assert code == 0 and err == "" and "FALLA" not in out and "demostrado" in out
    if fmt == "md":
        settings = front_matter(out)[0]
        assert settings["layer"] == "conv_transpose1d" and settings["output-padding"] == "1"
    if fmt == "json":
        assert json.loads(out)["title"].startswith("Convolución transpuesta 1D")


def test_body_and_pdf(tmp_path, monkeypatch, capsys):
    code, out, _ = run_cli(
        ["derive", "conv_transpose2d", "--format", "tex", "--body"], monkeypatch, capsys
    )
    assert code == 0 and r"\documentclass" not in out and "transposed" in out
    tool("pdflatex", "texlive-latex-base")  # fails under CI when missing, else skips
    target = tmp_path / "t.pdf"
    code, out, err = run_cli(
        ["derive", "conv_transpose2d", "--stride", "2", "-o", str(target)], monkeypatch, capsys
    )
    assert code == 0 and err == "" and target.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (
            [
                "derive",
                "conv_transpose2d",
                "--groups",
                "2",
                "--in-channels",
                "3",
                "--out-channels",
                "2",
            ],
            "groups 2 does not divide in_channels 3",
        ),
        (["derive", "conv_transpose2d", "--mode", "convolution"], "--mode"),
        (["derive", "conv2d", "--output-padding", "1"], "--output-padding 1 does not apply"),
        (
            ["derive", "conv_transpose2d", "--stride", "2", "--output-padding", "2"],
            "output_padding 2 is not allowed with stride 2",
        ),
    ],
)
def test_bad_input_is_one_line(argv, words, monkeypatch, capsys):
    code, out, err = run_cli(argv, monkeypatch, capsys)
    assert code == 2 and out == "" and err.count("\n") == 1 and words in err, err


def test_spec_with_output_padding_builds(tmp_path):
    from symconv.notes.build import build

    (tmp_path / "t.toml").write_text(
        'layer = "conv_transpose2d"\noutput = "t"\nformats = ["md"]\n[config]\n'
        'input = "2x2"\nkernel = "3"\nstride = "2"\npadding = "1"\noutput_padding = "1"\n'
    )
    assert [p.name for p in build(tmp_path)] == ["t.md"]
    assert "output-padding: 1x1" in (tmp_path / "t.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("notation", "filter_read"),
    [("subscript", "z_{2 q'+f',r,c}"), ("onebased", "dy_{2 c'+f'-2,i,j}")],
)
def test_groups_write_each_weight_with_its_groups_filter(notation, filter_read):
    """With groups, W[c', f', a', b'] holds the filter f' within c''s group: the general
    dL/dW reads G at filter ⌊c'/C_g⌋·F_g + f' and dL/dX sums the C_out/g filters of the
    group; both are instantiated at every entry against the chain rule (proved), and
    the concrete dL/dW equals torch's autograd on a one-hot upstream gradient."""
    options = {
        "input": "2x2",
        "kernel": "2",
        "stride": "2",
        "in_channels": 2,
        "out_channels": 4,
        "groups": 2,
    }
    doc = make_document("conv_transpose2d", options, notation, "en")
    checks = {c.name: c for b in doc.blocks if isinstance(b, Verified) for c in b.checks}
    general = {k: c for k, c in checks.items() if "general" in k}
    assert len(general) == 4 and all(c.status == "proved" for c in checks.values()), [
        (c.name, c.status) for c in checks.values()
    ]
    dw = next(c for k, c in general.items() if k.startswith("dL/dW"))
    assert dw.entries == 2 * 2 * 2 * 2  # every weight of (C_in, C_out/g, kh, kw)
    assert filter_read in dw.latex, dw.latex  # C_g = 1, F_g = 2: filter 2·c' + f'
    dx = next(c for k, c in general.items() if k.startswith("dL/dX"))
    assert r"\frac{C_{\text{out}}}{2}" in dx.latex and r"\bmod" not in dw.latex
    # Independent truth: torch puts W[c', f', a, b] into output channel 2·c' + f'.
    x = torch.zeros((1, 2, 2, 2), dtype=torch.float64)
    w = torch.zeros((2, 2, 2, 2), dtype=torch.float64)
    x[0, 1, 0, 0], w[1, 1, 0, 0] = 1.0, 1.0
    z = torch.nn.functional.conv_transpose2d(x, w, stride=2, groups=2)
    assert z[0, 3, 0, 0] == 1.0 and float(z.abs().sum()) == 1.0
