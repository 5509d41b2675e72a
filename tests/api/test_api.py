"""The Python API (symconv.shapes, prove, derive, derivation, check, export) against the
CLI's output and against independent truth: sympy.diff, torch autograd, hand counts."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import numpy as np
import pytest
import sympy

import symconv
from symconv.algebra.terms import to_sympy
from symconv.api.symbolic import SymbolicDerivation
from symconv.cli.main import main
from symconv.errors import SymconvError
from symconv.layers.conv import ConvLayer
from symconv.spec.layer import conv

ROOT = Path(__file__).resolve().parents[2]


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def untimed(text: str) -> str:
    """Text with every measured time ("0.013 s") masked."""
    return re.sub(r"\d+\.\d+ s\b", "T s", text)


def without_seconds(data):
    """JSON with every timing removed (measured, not reproducible)."""
    if isinstance(data, dict):
        return {k: without_seconds(v) for k, v in data.items() if k != "seconds"}
    if isinstance(data, list):
        return [without_seconds(v) for v in data]
    return data


# ------------------------------------------------------------------------------ shapes


def test_shapes_of_lenet_counts_the_seed_parameters():
    table = symconv.shapes("lenet")
    # seed 000 by hand: C1 (5·5·1+1)·6, C3 (5·5·6+1)·16, F5 400·120+120, F6 120·84+84, 84·10+10
    by_hand = [0, 156, 0, 2416, 0, 48120, 10164, 850]
    assert [r.params for r in table.rows] == by_hand
    assert table.total_params == sum(by_hand) == 61706
    assert table.to_dict()["total_params"] == 61706
    assert "61,706" in repr(table)


@pytest.mark.parametrize("fmt", ["text", "md", "tex", "json"])
def test_shapes_formats_are_the_cli_bytes(capsys, fmt):
    code, out, _ = cli(capsys, "shapes", "tests/data/networks/vgg_like.toml", "--format", fmt)
    assert code == 0
    assert out == symconv.shapes(ROOT / "tests/data/networks/vgg_like.toml").format(fmt) + "\n"


def test_shapes_displays_in_a_notebook():
    table = symconv.shapes(symconv.lenet5())
    assert table._repr_markdown_().startswith("| Layer |")
    assert r"\begin{tabular}" in table._repr_latex_()
    html = table._repr_html_()
    assert html.count("<tr>") == 1 + 8 + 1 and "48120" in html


# ------------------------------------------------------------------------------- prove

OPTIONS = dict(
    input=(6, 7),
    kernel=(2, 3),
    stride=2,
    padding=(1, 0, 2, 1),
    dilation=2,
    in_channels=4,
    out_channels=4,
    groups=2,
    batch=2,
)
ARGV = [
    "--input",
    "6x7",
    "--kernel",
    "2x3",
    "--stride",
    "2",
    "--padding",
    "1,0,2,1",
    "--dilation",
    "2",
    "--in-channels",
    "4",
    "--out-channels",
    "4",
    "--groups",
    "2",
    "--batch",
    "2",
]


def test_prove_keywords_mean_what_the_options_mean(capsys):
    result = symconv.prove("conv2d", **OPTIONS)
    code, out, _ = cli(capsys, "prove", "conv2d", *ARGV, "--json")
    assert code == 0 and result.proved
    assert without_seconds(result.to_dict()) == without_seconds(json.loads(out))
    assert [p.identity for p in result][:4] == ["Z", "dL/dW", "dL/dX", "dL/db"]
    assert all(p.proved and p.seconds >= 0 for p in result.proofs)
    assert result.proofs[1].config["dilation"] == [2, 2]


def test_prove_text_is_the_cli_text_bar_timings(capsys):
    result = symconv.prove("dense", in_features=3, out_features=2, bias=False)
    _, out, _ = cli(
        capsys, "prove", "dense", "--in-features", "3", "--out-features", "2", "--no-bias"
    )

    assert untimed(str(result)) + "\n" == untimed(out)
    assert "dL/db" not in str(result)


def test_prove_displays_closed_forms_as_math():
    result = symconv.prove("avgpool2d", input=4, kernel=2)
    assert ("avgpool2d", "dL/dX") in result.formulas
    html = result._repr_html_()
    assert html.count("<math") >= 2 and "✔ proved" in html
    assert "$" in result._repr_markdown_() and result._repr_latex_().startswith("$$")


def test_prove_a_network_object_and_a_general_proof(capsys):
    net = symconv.load_network(ROOT / "tests/data/networks/vgg_like.toml")
    assert symconv.shapes(net).total_params == 11642
    general = symconv.prove("dense", general=True)
    code, out, _ = cli(capsys, "prove", "dense", "--general", "--json")
    assert general.proved and code == 0
    assert without_seconds(general.to_dict()) == without_seconds(json.loads(out))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: symconv.prove("conv2d", kernal=3),
            "'kernal' is unknown to symconv.prove; the rule: one of input, kernel",
        ),
        (lambda: symconv.prove("conv2d", kernel=2.5), "kernel=2.5 is not allowed"),
        (lambda: symconv.prove("conv2d", groups="2"), "groups='2' is not allowed"),
        (lambda: symconv.prove("conv2d", bias="no"), "bias='no' is not allowed"),
        (lambda: symconv.prove("dense", kernel=7), "--kernel 7 does not apply to dense"),
        (lambda: symconv.prove("conv2d", padding="same", stride=2), "same"),
        (lambda: symconv.prove("conv2d", general=True, kernel=3), "does not apply to --general"),
        (lambda: symconv.derivation("lenet", layer="C9"), "layer='C9' is not a layer of 'lenet'"),
        (lambda: symconv.derivation("maxpool2d"), "maxpool2d is not a polynomial layer"),
        (lambda: symconv.derivation("tanh"), "tanh is not a polynomial layer"),
        (lambda: symconv.check(), "check needs a source"),
        (lambda: symconv.check("missing.md"), "cannot read 'missing.md'"),
        (lambda: symconv.check(expr="z = 1", layer="conv9d"), "--layer 'conv9d' is unknown"),
        (lambda: symconv.derive("conv2d", lang="fr"), "fr"),
        (lambda: symconv.derive("conv2d", case="a"), "--case 'a' needs --general"),
        (lambda: symconv.derive("dense", general=True).dW, "'dense' --general has no SymPy"),
        (lambda: symconv.export("conv2d", mode="convolution"), "'mode' does not apply to export"),
        (lambda: symconv.export("lenet", kernel=3), "--kernel 3 does not apply to network"),
    ],
)
def test_bad_requests_raise_one_line_errors(call, message):
    with pytest.raises(SymconvError) as info:
        call()
    text = str(info.value)
    assert "\n" not in text and message in text


def test_the_verbs_are_functions_no_module_shadows():
    """Importing every module of the package leaves the verbs functions of
    symconv.api.verbs (no module is named like a verb)."""
    import importlib
    import pkgutil

    from symconv.api import verbs

    for found in pkgutil.walk_packages(symconv.__path__, "symconv."):
        if not found.name.endswith("__main__"):
            importlib.import_module(found.name)
    for verb in symconv.VERBS:
        assert getattr(symconv, verb) is getattr(verbs, verb), verb


# -------------------------------------------------------------------------- derivation


def loss_gradient_by_sympy(d: SymbolicDerivation, tag: str) -> sympy.Array:
    """dL/d(tag) by sympy.diff of L = Σ G·Z, Z built by SymPy from our arrays."""
    tensor = d.tensor(tag)
    return sympy.Array(
        [sympy.expand(sympy.diff(d.loss, v)) for v in sympy.flatten(tensor)], tensor.shape
    )


@pytest.mark.parametrize(
    ("target", "options"),
    [
        (
            "conv2d",
            dict(
                input=(4, 5),
                kernel=(2, 3),
                stride=(1, 2),
                padding=(1, 0, 0, 1),
                in_channels=2,
                out_channels=2,
                groups=2,
                mode="convolution",
                batch=2,
            ),
        ),
        ("conv1d", dict(input=6, kernel=3, stride=2, dilation=2)),
        ("conv_transpose2d", dict(input=3, kernel=2, stride=2, padding=1, output_padding=1)),
        ("avgpool2d", dict(input=(4, 5), kernel=2, stride=1, padding=1)),
        ("dense", dict(in_features=3, out_features=2)),
    ],
)
def test_every_gradient_equals_sympy_diff_of_the_loss(target, options):
    d = symconv.derivation(target, **options)
    for tag in d.tensors:
        if tag == "G":
            continue
        assert d.grad(tag) == loss_gradient_by_sympy(d, tag), tag
    for name in d.identities:  # each closed form, expanded, equals what was derived
        derived = d.Z if name == "Z" else d.grad(name.split("/d")[1])
        assert d.closed_array(name) == derived, name


def test_arrays_are_sympy_canonical():
    """Each entry is structurally the expression SymPy's own constructors build."""
    layer = ConvLayer(conv(2, 2, 2, padding=1, bias=True), (3, 3), batch=2)
    d = SymbolicDerivation(layer)
    for index in np.ndindex(*d.Z.shape):
        assert d.Z[index] == to_sympy(d._forward.entry(index), layer.table)
    for tag in ("X", "W", "b"):
        ids = layer.tensors[tag].ids
        for index in np.ndindex(*ids.shape):
            expected = to_sympy(d._rows.poly(int(ids[index])), layer.table)
            assert d.grad(tag)[index] == expected
            assert sympy.srepr(d.grad(tag)[index]) == sympy.srepr(expected)


def test_seed_001_forward_and_weight_gradient_by_hand():
    d = symconv.derive("conv2d", input=3, kernel=2, bias=False)
    x = sympy.Matrix(3, 3, lambda i, j: sympy.Symbol(f"x_{{{i}{j}}}"))
    g = sympy.Matrix(2, 2, lambda i, j: sympy.Symbol(f"g_{{{i}{j}}}"))
    w = sympy.Matrix(2, 2, lambda i, j: sympy.Symbol(f"w_{{{i}{j}}}"))
    assert d.X.shape == (1, 1, 3, 3) and d.X[0, 0, 2, 1] == x[2, 1]
    z11 = w[0, 0] * x[1, 1] + w[0, 1] * x[1, 2] + w[1, 0] * x[2, 1] + w[1, 1] * x[2, 2]
    assert d.Z[0, 0, 1, 1] == z11
    dw10 = sum(g[r, c] * x[r + 1, c] for r in range(2) for c in range(2))
    assert d.dW[0, 0, 1, 0] == dw10
    assert isinstance(d.closed["dL/dW"], sympy.Basic)
    assert d.loss.diff(w[1, 0]) == dw10


def test_lambdified_gradients_match_torch_autograd():
    torch = pytest.importorskip("torch")
    d = symconv.derivation(
        "conv2d", input=(5, 4), kernel=3, stride=2, padding=1, in_channels=2, out_channels=3
    )
    rng = np.random.default_rng(0)
    values = {t: rng.standard_normal(d.tensor(t).shape) for t in ("X", "W", "b", "G")}
    symbols = [s for t in ("X", "W", "b", "G") for s in sympy.flatten(d.tensor(t))]
    numbers = [v for t in ("X", "W", "b", "G") for v in values[t].reshape(-1)]
    x, w, b = (torch.tensor(values[t], requires_grad=True) for t in ("X", "W", "b"))
    z = torch.nn.functional.conv2d(x, w, b, stride=2, padding=1)
    z.backward(torch.tensor(values["G"]))
    for name, ours, theirs in (
        ("Z", d.Z, z.detach()),
        ("dX", d.dX, x.grad),
        ("dW", d.dW, w.grad),
        ("db", d.db, b.grad),
    ):
        f = sympy.lambdify(symbols, sympy.flatten(ours), "numpy")
        got = np.array(f(*numbers)).reshape(ours.shape)
        assert np.allclose(got, theirs.numpy(), atol=1e-12), name


def test_lenet_c1_derivation_has_the_layer_shapes():
    d = symconv.derivation("lenet", layer="C1")
    assert (d.X.shape, d.W.shape, d.b.shape, d.G.shape) == (
        (1, 1, 28, 28),
        (6, 1, 5, 5),
        (6,),
        (1, 6, 28, 28),
    )
    # dL/db[f] is the sum of the 784 entries of G's map f, by hand
    assert d.db[2] == sympy.Add(*sympy.flatten(d.G[0, 2]))


# ------------------------------------------------------------------------------ derive


def test_derive_document_is_the_cli_document(capsys):
    result = symconv.derive("conv2d", input=3, kernel=2, bias=False, lang="es")
    code, out, _ = cli(
        capsys, "derive", "conv2d", "--input", "3x3", "--kernel", "2", "--no-bias", "--lang", "es"
    )
    assert code == 0 and untimed(result.format("md")) == untimed(out)
    assert result._repr_html_().count("<math") > 10
    assert result._repr_latex_().startswith("$$")


def test_derive_saves_and_refuses_to_overwrite(tmp_path, capsys):
    result = symconv.derive("dense", in_features=2, out_features=2)
    path = result.save(tmp_path / "d.tex")
    cli(
        capsys,
        "derive",
        "dense",
        "--in-features",
        "2",
        "--out-features",
        "2",
        "-o",
        str(tmp_path / "cli.tex"),
    )
    assert untimed(path.read_text()) == untimed((tmp_path / "cli.tex").read_text())
    with pytest.raises(SymconvError):
        result.save(path)
    with pytest.raises(SymconvError, match="has no SymPy arrays"):
        symconv.derive("relu").dW  # noqa: B018 - the property raises


# ------------------------------------------------------------------------------- check

NOTE = r"""# A note
Input 3x3, kernel 2x2, no bias.

$$z_{00} = w_{00} x_{00} + w_{01} x_{01} + w_{10} x_{10} + w_{11} x_{11}$$

$$\frac{\partial L}{\partial w_{00}} = g_{00} x_{00} + g_{01} x_{01} + g_{10} x_{10}$$
"""


def test_check_text_file_and_cli_agree(tmp_path, capsys):
    path = tmp_path / "note.md"
    path.write_text(NOTE)
    from_text = symconv.check(NOTE)
    from_file = symconv.check(path)
    code, out, _ = cli(capsys, "check", str(path), "--json")
    assert code == 1 and not from_file.ok and from_file.exit_code == 1
    assert from_file.to_dict() == json.loads(out)
    assert [v.status for v in from_text] == [v.status for v in from_file] == ["verified", "wrong"]
    # the missing term, by hand: dL/dw00 = Σ_{ij} g_ij x_ij has g_{11} x_{11} too
    assert [sorted(term.split()) for term in from_file.verdicts[1].missing] == [
        ["g_{11}", "x_{11}"]
    ]
    assert from_file.summary()["wrong"] == 1
    assert "<math" in from_file._repr_html_() and "**wrong**" in from_file._repr_markdown_()


def test_check_an_expression_with_layer_options():
    found = symconv.check(
        expr=r"dX = \operatorname{pad}_2(dY) \star \operatorname{rot}_{180}(W)",
        layer="conv2d",
        input=(5, 5),
        kernel=3,
        stride=2,
    )
    assert [v.status for v in found] == ["wrong"]
    assert "zero-dilated by the stride 2" in found.verdicts[0].message


# ------------------------------------------------------------------------------ export


def test_export_is_the_cli_module_and_runs(tmp_path, capsys):
    exported = symconv.export(
        "conv2d", tmp_path / "api.py", input=6, kernel=3, padding=1, out_channels=2
    )
    code, out, _ = cli(
        capsys,
        "export",
        "conv2d",
        "--input",
        "6x6",
        "--kernel",
        "3",
        "--padding",
        "1",
        "--out-channels",
        "2",
        "-o",
        str(tmp_path / "cli.py"),
    )
    assert code == 0 and out == str(exported).replace("api.py", "cli.py") + "\n"
    assert (tmp_path / "api.py").read_bytes() == (tmp_path / "cli.py").read_bytes()
    spec = importlib.util.spec_from_file_location("api_export", tmp_path / "api.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # the file symconv wrote, as a user imports it
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((1, 1, 6, 6)), rng.standard_normal((2, 1, 3, 3))
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    by_loops = np.array(
        [
            [
                [
                    [np.sum(padded[0, 0, i : i + 3, j : j + 3] * w[f, 0]) for j in range(6)]
                    for i in range(6)
                ]
                for f in range(2)
            ]
        ]
    )
    assert np.allclose(module.conv2d(x, w, padding=1), by_loops)
    with pytest.raises(SymconvError):
        symconv.export("conv2d", tmp_path / "api.py")


def test_converter_handles_powers_constants_and_any_key_order():
    """Entries the fast path must not take: a power, a constant, mixed coefficients."""
    from symconv.algebra.termarray import Rows
    from symconv.algebra.terms import SymbolTable
    from symconv.api.symbolic import Converter

    table = SymbolTable()
    for name in ("y", "x", "z"):
        table.intern(name, ())
    # key 0: 3·x² - y·z; key 1: 5 + x; key 2: (x·y + x·z)/2; key 3: nothing (zero)
    key = np.array([0, 0, 1, 1, 2, 2])
    mono = np.array([[1, 1], [0, 2], [-1, -1], [-1, 1], [0, 1], [1, 2]])
    coef = np.array([6, -2, 10, 2, 1, 1])
    rows = Rows.build(key, mono, coef, 2)
    converter = Converter(table)
    got = converter.array(rows, np.array([[3, 1], [2, 0]]))
    for index, k in np.ndenumerate(np.array([[3, 1], [2, 0]])):
        expected = to_sympy(rows.poly(int(k)), table)
        assert got[index] == expected and sympy.srepr(got[index]) == sympy.srepr(expected)
    x = table.symbol(1)
    assert got[1, 1] == 3 * x**2 - table.symbol(0) * table.symbol(2)
    assert got[0, 0] == 0
