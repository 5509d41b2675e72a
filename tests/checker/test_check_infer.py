"""``symconv check`` with no options: the layer read from the notes themselves.

Three kinds of truth, none taken from the code under test:

* the seed files verbatim (tests/data/seeds/, byte-for-byte copies of the lecture notes)
  against the annotated copies in tests/data/check/, whose layer a person declared:
  every equation of an annotated copy must get the same verdict in the raw file;
* notes of other styles (tests/data/check/notes/) with a hand-checked answer key, and the
  layer each note states in its prose declared by hand as options: inferring it must
  give the same verdicts as declaring it;
* one small note per inference rule, with the fact and its line written down by hand.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import checked_file

from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_file, check_text
from symconv.errors import SymconvError

HERE = Path(__file__).resolve().parent.parent
SEEDS = HERE / "data" / "seeds"
ANNOTATED = HERE / "data" / "check"
NOTES = ANNOTATED / "notes"
V, W, S, N = VERIFIED, WRONG, SIZE_SPECIFIC, NOT_UNDERSTOOD
# test_check_seeds checks the same annotated seeds: one xdist group, each checked once in a run
pytestmark = pytest.mark.xdist_group("seeds")

RAW = {
    "seed000.md": "000_a7596f9697695d49.txt",
    "seed001.md": "001_d87cf6922e45da5e.txt",
    "seed002.md": "002_e665158375a329fb.txt",
    "seed003.md": "003_1427e874ce722859.txt",
    "seed004.md": "004_c02a729d1ed541eb.txt",
}
# The annotated copies' figures (tests/checker/test_check_seeds.py pins every one of their verdicts)
ANNOTATED_FIGURES = {
    "seed000.md": (55, 0),
    "seed001.md": (14, 0),
    "seed002.md": (5, 1),
    "seed003.md": (14, 0),
    "seed004.md": (39, 7),
}


@pytest.fixture(scope="module")
def raw_reports():
    return {name: checked_file(SEEDS / raw) for name, raw in RAW.items()}


@pytest.fixture(scope="module")
def annotated_reports():
    # once per session (conftest.checked_file): test_check_seeds checks the same files
    return {name: checked_file(ANNOTATED / name) for name in RAW}


@pytest.mark.slow  # the fixture checks the five raw seeds: about ten seconds of CPU
@pytest.mark.parametrize("name", sorted(RAW))
def test_raw_seed_figures(raw_reports, name):
    summary = raw_reports[name].summary()
    verified, wrong = ANNOTATED_FIGURES[name]
    assert summary[WRONG] <= wrong
    assert summary[VERIFIED] >= 0.9 * verified
    assert not any("internal error" in v.message for v in raw_reports[name].verdicts)


@pytest.mark.parametrize("name", sorted(RAW))
def test_raw_seed_gets_every_annotated_verdict(raw_reports, annotated_reports, name):
    """The annotated copies are the seeds (or excerpts of them) plus a declared layer: each
    of their equations must be judged the same in the raw file with no options."""
    raw = Counter((v.source, v.status) for v in raw_reports[name].verdicts)
    annotated = Counter((v.source, v.status) for v in annotated_reports[name].verdicts)
    assert not annotated - raw


def test_raw_seeds_are_verbatim_copies():
    for raw in RAW.values():
        assert (SEEDS / raw).read_bytes().count(b"symconv:") == 0  # no directives in them


def test_raw_seed004_still_finds_dx3_and_dx4(raw_reports):
    report = raw_reports["seed004.md"]
    dx3 = [v for v in report.verdicts if v.source.startswith("dx_3")]
    dx4 = [v for v in report.verdicts if v.source.startswith("dx_4")]
    assert [v.status for v in dx3 + dx4] == [WRONG, WRONG]
    assert dx3[0].extra == [r"w_3 \frac{\partial L}{\partial y_3}"]
    assert dx4[0].missing == [r"w_2 \frac{\partial L}{\partial y_3}"]
    assert "w_3 is not an entry of this layer" in dx4[0].message


def test_raw_seeds_say_what_was_assumed(raw_reports):
    lines = raw_reports["seed004.md"].human().split("\n")
    assumed = [line for line in lines if ": assumed: " in line]
    assert assumed[1].startswith(
        str(SEEDS / RAW["seed004.md"]) + ":37: assumed: conv1d 4, "
        "kernel 2, no padding, bias, onebased notation, 1-based ("
    )
    assert "input, kernel, index base, notation and bias from line 39" in assumed[1]
    assert ":81: assumed: conv2d 4x4, kernel 2x2" in assumed[2]
    first = raw_reports["seed000.md"].human().split("\n")[0]
    assert "assumed: network lenet, superscript notation" in first
    assert "network from line 77" in first  # the shapes table's first LeNet row


# ------------------------------------------------------------------ notes of other styles
# Answer keys checked by hand (each note's own comments say why a line is wrong), and the
# layer each note's prose states, as options a user would have typed.
KEYS = {
    "cs231n_stride2.md": (
        {"layer": "conv2d", "input": "5x5", "kernel": "3", "stride": "2", "bias": "false"},
        [(8, V), (12, V), (16, W), (20, V), (26, V), (30, V), (34, V)],
    ),
    "espanol_uno.md": (
        {"layer": "conv2d", "input": "4x4", "kernel": "2", "bias": "false", "notation": "onebased"},
        [(8, V), (12, V), (16, V), (20, V), (24, W), (28, V)],
    ),
    "functional.md": (
        {
            "layer": "conv2d",
            "input": "4x4",
            "kernel": "2",
            "bias": "false",
            "notation": "functional",
        },
        [(6, V), (10, V), (14, V), (18, W), (22, V)],
    ),
    "dense.md": (
        {"layer": "dense", "in-features": "3", "out-features": "2", "notation": "onebased"},
        [(5, V), (7, V), (11, V), (13, V), (15, W), (17, V)],
    ),
    "channels.md": (
        {"layer": "conv2d", "input": "3x3", "kernel": "2", "in-channels": "2", "bias": "false"},
        [(6, V), (8, V), (12, W), (16, V)],
    ),
    "conv1d_padding.md": (
        {"layer": "conv1d", "input": "5", "kernel": "3", "padding": "1", "bias": "false"},
        [(6, V), (10, V), (14, W), (16, V), (18, V)],
    ),
    "stride_from_output.md": (
        {"layer": "conv2d", "input": "7x7", "kernel": "3", "stride": "2", "bias": "false"},
        [(6, V), (8, V), (10, V), (12, W)],
    ),
    "same_padding.md": (
        {"layer": "conv2d", "input": "3x3", "kernel": "3", "padding": "1", "bias": "false"},
        [(6, V), (8, V), (10, W)],
    ),
    "pooling.md": (
        {
            "layer": "conv2d",
            "input": "4x4",
            "kernel": "2",
            "stride": "2",
            "bias": "false",
            "notation": "onebased",
        },
        [(7, V), (9, V), (13, V), (15, W), (21, N)],
    ),
    "blog_names.md": (
        {"layer": "conv2d", "input": "4x4", "kernel": "2", "bias": "false", "names": "a=X,k=W,O=Z"},
        [(5, V), (7, V), (9, V), (11, W)],
    ),
    "nielsen_delta.md": (
        {
            "layer": "conv2d",
            "input": "3x3",
            "kernel": "2",
            "bias": "false",
            "names": "a=X,\\delta=G",
        },
        [(5, V), (7, V), (9, V), (11, W)],
    ),
    "wrappers.md": (
        {"layer": "conv2d", "input": "3x3", "kernel": "2", "bias": "false"},
        [(5, V), (7, V), (9, V), (11, V), (13, V), (16, V), (19, V), (21, W)],
    ),
    "layer_superscripts.md": (
        {
            "layer": "conv2d",
            "input": "4x4",
            "kernel": "2",
            "notation": "superscript",
            "names": "A=X",
        },
        [(5, V), (7, V), (9, V), (11, V), (15, W)],
    ),
    "broadcast_bias.md": (
        {"layer": "conv2d", "input": "3x3", "kernel": "2", "notation": "onebased"},
        [(5, V), (5, V), (5, V), (9, V), (11, V), (15, W)],
    ),
    "aprev_stride2.md": (
        {
            "layer": "conv2d",
            "input": "4x4",
            "kernel": "3",
            "stride": "2",
            "padding": "1",
            "bias": "false",
            "notation": "onebased",
            "names": "a=X",
        },
        [(6, V), (10, V), (12, V), (14, V), (18, W)],
    ),
    "sizes_named.md": (
        {
            "layer": "conv1d",
            "input": "4",
            "kernel": "2",
            "names": "a=X,\\Gamma=G",
            "sizes": "L=input,W=kernel",
        },
        [(8, V), (12, V), (16, V), (20, V), (24, W)],
    ),
    "contradiction.md": (
        {"layer": "conv2d", "input": "4x4", "kernel": "2", "bias": "false"},
        [(5, V), (9, V), (11, N)],
    ),
}
SECTIONED = (
    "two_layers.md",
    [(5, V), (7, V), (13, V), (15, W)],
    [
        {"layer": "conv1d", "input": "4", "kernel": "2", "bias": "false"},
        {"layer": "conv2d", "input": "3x3", "kernel": "2", "bias": "false"},
    ],
)


@pytest.mark.parametrize("name", sorted(KEYS))
def test_own_note_answer_key(name):
    options, key = KEYS[name]
    inferred = check_file(str(NOTES / name))
    assert [(v.line, v.status) for v in inferred.verdicts] == key
    declared = check_file(str(NOTES / name), options)
    assert [(v.line, v.status) for v in declared.verdicts] == key
    assert not any(
        ": assumed: " in line and "from the options" not in line
        for line in declared.human().split("\n")[:1]
    )


def test_a_document_whose_sections_change_layer():
    name, key, layers = SECTIONED
    report = check_file(str(NOTES / name))
    assert [(v.line, v.status) for v in report.verdicts] == key
    assert [layer["layer"] for layer in report.layers] == [
        "conv1d 4, kernel 2, no padding, no bias, subscript notation, 0-based",
        "conv2d 3x3, kernel 2x2, no padding, no bias, subscript notation, 0-based",
    ]
    text = (NOTES / name).read_text().split("\n")
    first, second = text[:8], text[8:]
    for part, options, offset in ((first, layers[0], 0), (second, layers[1], 8)):
        declared = check_text("\n".join(part), "part.md", options)
        assert [(v.line + offset, v.status) for v in declared.verdicts] == [
            (line, status) for line, status in key if (line > 8) == bool(offset)
        ]


# ------------------------------------------------------------------ one rule at a time
def _layers(text: str, settings: dict | None = None, path: str = "n.md") -> list[dict]:
    return check_text(text, path, settings).layers


def _facts(layer: dict) -> dict[str, tuple[str, int, str]]:
    found: dict[str, tuple[str, int, str]] = {}
    for fact in layer["facts"]:
        found.setdefault(fact["key"], (fact["value"], fact["line"], fact["how"]))
    return found


ENTRY = "\n$$y_{00} = w_{00} x_{00}$$\n"


@pytest.mark.parametrize(
    ("prose", "expected"),
    [
        (
            "The input x is 5x5, filter 3x3, stride 2, no bias.",
            {"input": "5x5", "kernel": "3x3", "stride": "2", "bias": "false"},
        ),
        (
            "Una entrada de 4×4, filtro de 2×2 (índices desde 1), sin sesgo.",
            {"input": "4x4", "kernel": "2x2", "index-base": "1", "bias": "false"},
        ),
        (
            "A $28 \\times 28 \\times 1$ image and a 5 x 5 kernel, padding 2.",
            {"input": "28x28", "in-channels": "1", "kernel": "5x5", "padding": "2"},
        ),
        (
            "kernel 2x2, stride 2, padding 1, a 3x3 output from a 6 by 6 input",
            {"kernel": "2x2", "stride": "2", "padding": "1", "output": "3x3", "input": "6x6"},
        ),
        (
            "The feature map is $2 \\times 2$, the image $3 \\times 3$ (0-based indices).",
            {"output": "2x2", "input": "3x3", "index-base": "0"},
        ),
        (
            "Sin padding; el mapa de características de salida tiene 3 canales de salida.",
            {"padding": "0", "out-channels": "3"},
        ),
        (
            "A dense layer with 4 inputs and 3 outputs.",
            {"layer": "dense", "in-features": "4", "out-features": "3"},
        ),
    ],
)
def test_prose_facts_with_their_line(prose, expected):
    layer = _layers("\n" + prose + "\n" + ENTRY)[0]
    facts = _facts(layer)
    for key, value in expected.items():
        assert facts[key][:2] == (value, 2), key
        assert facts[key][2] == "prose"


def test_a_sentence_defining_padding_modes_is_not_about_this_layer():
    text = "In valid mode p = 0 (no padding); in full mode p = m - 1.\n" + ENTRY
    assert "padding" not in _facts(_layers(text)[0])


def test_matrices_written_out():
    text = (
        "$$X = \\begin{pmatrix} x_{00} & x_{01} & x_{02} \\\\ x_{10} & x_{11} & x_{12} "
        "\\end{pmatrix}, \\quad W = \\begin{bmatrix} w_1 \\\\ w_2 \\end{bmatrix}$$\n"
    )
    facts = _facts(_layers(text)[0])
    assert facts["input"] == ("2x3", 1, "the input written out as a matrix")
    assert facts["kernel"] == ("2", 1, "the kernel written out as a vector")


def test_largest_index_smallest_index_and_sum_bounds():
    text = "$$y_{11} = w_{00} x_{11} + w_{11} x_{22}$$\n\n$$y_{ij} = \\sum_{m=0}^{1} x_{ij}$$\n"
    layer = _layers(text)[0]
    facts = _facts(layer)
    assert facts["kernel"] == ("2x2", 1, "the largest index, w_{11}")
    assert facts["output"] == ("2x2", 1, "the largest index, y_{11}")
    assert facts["input"][0] == "3x3"  # x_{22}, and y_{11} with a 2x2 kernel agrees
    assert facts["index-base"] == ("0", 1, "the smallest index, w_{00}")
    assert facts["layer"][0] == "conv2d"
    one = _facts(_layers("$$y_i = \\sum_{k=1}^{2} w_k x_{i+k-1}$$\n")[0])
    assert one["index-base"] == ("1", 1, "the sums' lower bounds")
    assert one["notation"][0] == "onebased" and one["layer"][0] == "conv1d"


def test_notation_from_the_symbols():
    functional = _facts(_layers("$$Y(i,j) = \\sum_{m=0}^{1} I(i+m, j+n) w(m,n)$$\n")[0])
    assert functional["notation"] == ("functional", 1, "entries written I(i, j) or y[i]")
    assert functional["mode"][0] == "correlation"
    superscript = _facts(_layers("$$Z^{[1]}_{i,j,k} = b^{[1]}_k$$\n")[0])
    assert superscript["notation"][0] == "superscript"
    assert superscript["bias"] == ("true", 1, "a bias symbol b")


def test_a_flipped_infinite_sum_is_the_full_convolution():
    facts = _facts(_layers("$$y[i] = \\sum_{k=-\\infty}^{+\\infty} x[i-k] w[k]$$\n")[0])
    assert facts["mode"][0] == "convolution" and facts["padding"][0] == "full"


def test_bias_from_whether_a_bias_symbol_appears():
    absent = _facts(
        _layers("$$z_{r,c} = \\sum_{a=0}^{1} \\sum_{b=0}^{1} x_{r+a,c+b} w_{a,b}$$\n")[0]
    )
    assert absent["bias"] == ("false", 1, "no bias symbol is written")  # b as an index
    present = _facts(_layers("$$y_1 = w_1 x_1 + w_2 x_2 + b$$\n")[0])
    assert present["bias"] == ("true", 1, "a bias symbol b")


def test_stride_and_padding_from_the_output_size():
    facts = _facts(_layers("Input 5x5, kernel 3x3, output 2x2.\n" + ENTRY)[0])
    assert facts["stride"] == ("2", 1, "from the 2x2 output (line 1)")
    facts = _facts(_layers("Input 4x4, kernel 3x3, stride 1, output 4x4.\n" + ENTRY)[0])
    assert facts["padding"] == ("1", 1, "from the 4x4 output (line 1)")


def test_a_shapes_table_naming_lenet_layers_means_the_network():
    rows = [
        "Layer\tOutput\t#Params",
        "C1\t28x28x6\t156",
        "S2\t14x14x6\t0",
        "C3\t10x10x16\t2416",
        "S4\t5x5x16\t0",
        "F5\t120\t48120",
    ]
    layer = _layers("# Summary\n\n" + "\n".join(rows) + "\n")[0]
    assert _facts(layer)["network"] == ("lenet", 4, "the shapes table names LeNet-5's layers")
    assert layer["layer"].startswith("network lenet")


def test_contradictions_are_reported_not_resolved():
    layer = _layers("The input is 4x4.\n\nLater: the input is 5x5.\n" + ENTRY)[0]
    assert layer["conflicts"] == ["input 4x4 (line 1, prose) but 5x5 (line 3, prose); using 4x4"]
    report = check_text("The input is 4x4.\n\nLater: the input is 5x5.\n" + ENTRY, "n.md")
    assert "contradiction: input 4x4 (line 1, prose) but 5x5" in report.human()


def test_options_front_matter_and_directives_override_and_say_so():
    text = "The input is 5x5 and the kernel 3x3, no bias.\n" + ENTRY
    layer = _layers(text, {"input": "4x4", "kernel": "2"})[0]
    assert layer["layer"].startswith("conv2d 4x4, kernel 2x2")
    assert layer["declared"] == {"input": "options", "kernel": "options"}
    assert (
        "input, kernel from the options"
        in check_text(text, "n.md", {"input": "4x4", "kernel": "2"}).human()
    )
    matter = "---\nnotation: onebased\n---\n" + text
    layer = _layers(matter)[0]
    assert layer["declared"] == {"notation": "front matter"}
    assert "onebased notation, 1-based" in layer["layer"]
    assert "conv2d 5x5, kernel 3x3" in layer["layer"]  # the rest still from the prose
    directive = text + "\n<!-- symconv: layer=conv1d input=4 kernel=2 -->\n\n$$y_0 = w_0 x_0$$\n"
    last = _layers(directive)[-1]
    assert last["line"] == 5 and last["declared"]["layer"] == "directive"
    assert last["layer"].startswith("conv1d 4, kernel 2")


def test_json_has_the_layers():
    report = check_text("The input x is 5x5, filter 3x3, stride 2, no bias.\n" + ENTRY, "n.md")
    data = json.loads(report.to_json())
    assert data["layers"][0]["layer"] == (
        "conv2d 5x5, kernel 3x3, stride 2, no padding, no bias, subscript notation, 0-based"
    )
    assert {"key": "stride", "value": "2", "line": 1, "how": "prose"} in data["layers"][0]["facts"]


def test_outside_the_assumed_layer_is_not_understood_with_a_fix():
    text = (
        "The input is 3x3 and the kernel 2x2, no bias.\n\n"
        "$$y_{00} = w_{00} x_{00} + w_{01} x_{01} + w_{10} x_{10} + w_{11} x_{11}$$\n"
        "\n$$y_{22} = w_{00} x_{22}$$\n"
    )
    report = check_text(text, "n.md")
    last = report.verdicts[-1]
    assert last.status == NOT_UNDERSTOOD
    fix = last.message.split("add the line: ")[1]
    assert fix == "<!-- symconv: layer=conv2d input=4x4 kernel=2x2 no-bias -->"
    fixed = check_text(text + "\n" + fix + "\n" + text.split("\n\n", 1)[1], "n.md")
    assert [v.status for v in fixed.verdicts] == [VERIFIED, NOT_UNDERSTOOD, VERIFIED, WRONG]
    tex = check_text(text, "n.tex").verdicts[-1].message
    assert tex.endswith("add the line: % symconv: layer=conv2d input=4x4 kernel=2x2 no-bias")


def test_an_entry_past_a_stated_size_stays_wrong():
    text = (
        "The kernel is $W = \\begin{bmatrix} w_1 \\\\ w_2 \\end{bmatrix}$, the input "
        "$x = \\begin{bmatrix} x_1 \\\\ x_2 \\\\ x_3 \\end{bmatrix}$.\n\n"
        "$$dx_3 = w_3 \\frac{\\partial L}{\\partial y_2}$$\n"
    )
    verdict = check_text(text, "n.md").verdicts[-1]
    assert verdict.status == WRONG and "w_3 is not an entry of this layer" in verdict.message


def test_names_by_role_from_the_output_definition():
    layer = _layers("$$O_{i,j} = \\sum_{m=0}^{1} \\sum_{n=0}^{1} I_{i+m,j+n} K_{m,n} + \\beta$$\n")[
        0
    ]
    assert _facts(layer)["names"][:2] == ("I=X,K=W,O=Z", 1)
    assert "names I=X,K=W,O=Z" in layer["layer"]
    # letters the notation already gives these roles are not renamed
    assert "names" not in _facts(
        _layers("$$z_{r,c} = \\sum_{a=0}^{1} \\sum_{b=0}^{1} x_{r+a,c+b} w_{a,b}$$\n")[0]
    )


def test_names_can_be_declared_and_are_validated():
    text = "$$O_{0,0} = a_{0,0} k_{0,0} + a_{0,1} k_{0,1} + a_{1,0} k_{1,0} + a_{1,1} k_{1,1}$$\n"
    report = check_text(text, "n.md", {"names": "a=X,k=W,O=Z", "bias": "false"})
    assert [v.status for v in report.verdicts] == [VERIFIED]
    with pytest.raises(SymconvError, match="names 'a=Q' is not allowed; the rule"):
        check_text(text, "n.md", {"names": "a=Q"})


def test_layer_superscripts_written_bare():
    text = (
        "The input is 3x3 and the kernel 2x2, no bias.\n\n"
        "$$z^{l}_{0,0} = w^{l}_{0,0} x^{l-1}_{0,0} + w^{l}_{0,1} x^{l-1}_{0,1} + "
        "w^{l}_{1,0} x^{l-1}_{1,0} + w^{l}_{1,1} x^{l-1}_{1,1}$$\n"
    )
    assert [v.status for v in check_text(text, "n.md").verdicts] == [VERIFIED]


def test_guessed_sizes_do_not_make_a_claim_wrong():
    """No sizes stated: w_3 makes the kernel 3 (largest index), at which y_1 = w_1 x_1 +
    w_2 x_2 is false; at kernel 2, stride 2 it holds, so it is not called wrong.  dx_4 =
    w_3 dL/dy_3 holds at no size of the grid (x_4 meets w_3 only through y_2 when the kernel
    has 3 taps): wrong."""
    text = "$$y_1 = w_1 x_1 + w_2 x_2$$\n\n$$dx_4 = w_3 \\frac{\\partial L}{\\partial y_3}$$\n"
    first, second = check_text(text, "n.md").verdicts
    assert first.status == NOT_UNDERSTOOD
    assert first.message.startswith("it does not hold for the assumed conv1d 5, kernel 3")
    fix = first.message.split("e.g. ")[1]
    assert check_text(fix + "\n" + text, "n.md").verdicts[0].status == VERIFIED
    assert second.status == WRONG
    stated = "A signal of length 5 and a kernel of length 3, no bias.\n\n" + text
    assert check_text(stated, "n.md").verdicts[0].status == WRONG  # the notes say kernel 3


def test_names_from_prose_and_from_the_letters_input_kernel_output():
    prose = (
        "The input $I$ is 3x3, the kernel $\\mathbf{K}$ is 2x2, no bias.\n\n"
        "$$O_{0,0} = I_{0,0} K_{0,0} + I_{0,1} K_{0,1} + I_{1,0} K_{1,0} + "
        "I_{1,1} K_{1,1}$$\n"
    )
    layer = _layers(prose)[0]
    assert ("names", "I=X,K=W", 1, "prose") in [
        (f["key"], f["value"], f["line"], f["how"]) for f in layer["facts"]
    ]
    assert "names I=X,K=W,O=Z" in layer["layer"]  # O from its use, merged with the prose
    assert [v.status for v in check_text(prose, "n.md").verdicts] == [VERIFIED]
    usual = _layers("The input $x$ is 3x3.\n" + ENTRY)[0]
    assert "names" not in usual["layer"]  # x is the input in every notation already


def test_a_change_of_dimensionality_without_a_heading_starts_a_new_reading():
    report = check_file(str(NOTES / "no_headings.md"))
    assert [(v.line, v.status) for v in report.verdicts] == [(3, V), (5, V), (9, V), (11, V)]
    assert [(layer["line"], layer["layer"].split(",")[0]) for layer in report.layers] == [
        (1, "conv1d 4"),
        (6, "conv2d 3x3"),
    ]
    # one equation of the other kind is not enough to start one
    lone = (
        "A 3x3 image and a 2x2 kernel, no bias.\n\n$$y_{00} = w_{00} x_{00}$$\n\n"
        "$$y_1 = x_1$$\n\n$$y_{11} = w_{00} x_{11}$$\n"
    )
    assert len(_layers(lone)) == 1


def test_declared_keys_settle_contradictions_and_directives_are_not_prose():
    text = "The input is 4x4.\n\nLater: the input is 5x5.\n" + ENTRY
    assert _layers(text, {"input": "3x3"})[0]["conflicts"] == []
    directive = "<!-- symconv: layer=conv2d input=4x4 kernel=2 -->\n" + ENTRY
    facts = _layers(directive)[0]["facts"]
    assert not any(f["how"] == "prose" for f in facts)


def test_github_annotations_say_what_was_assumed():
    report = check_file(str(NOTES / "two_layers.md"))
    notices = [line for line in report.github().split("\n") if "assumed: " in line]
    assert [re.search(r",line=(\d+),", n).group(1) for n in notices] == ["1", "9"]
    assert all(n.startswith("::notice file=") for n in notices)
    assert "title=symconv check::assumed: conv1d 4, kernel 2" in notices[0]


def test_size_symbols_named_in_prose():
    layer = _layers("The filter has width $W$ and the signal length L.\n" + ENTRY)[0]
    assert _facts(layer)["sizes"] == ("W=kernel,L=input", 1, "prose")
    with pytest.raises(SymconvError, match="sizes 'W=3' is not allowed; the rule"):
        check_text(ENTRY, "n.md", {"sizes": "W=3"})


def test_indices_from_1_written_with_sums_from_0_are_zero_based():
    """w_{1,1} is the smallest entry written, but the sums run from 0: together they say
    0-based (the kernel's first entry is w_{0,0}), without the prose saying so; read as
    1-based, both correct claims would be called wrong."""
    text = (
        "The input x is 3x3 and the kernel w is 2x2, no bias.\n\n"
        r"$$z_{i,j} = \sum_{m=0}^{1} \sum_{n=0}^{1} x_{i+m,j+n} w_{m,n}$$"
        "\n\n"
        r"$$\frac{\partial L}{\partial w_{1,1}} = \sum_{i=0}^{1}\sum_{j=0}^{1} "
        r"\frac{\partial L}{\partial z_{i,j}} x_{i+1,j+1}$$"
        "\n\n"
        r"$$\frac{\partial L}{\partial w_{1,1}} = \sum_{i=0}^{1}\sum_{j=0}^{1} "
        r"\frac{\partial L}{\partial z_{i,j}} x_{i,j}$$"
    )
    layer = _layers(text)[0]
    assert _facts(layer)["index-base"] == ("0", 3, "the sums' lower bounds")
    assert not layer["conflicts"]
    assert [v.status for v in check_text(text, "n.md").verdicts] == [V, V, W]
    # entries from 1 and sums from 1 stay 1-based
    one = text.replace("=0}", "=1}").replace("^{1}", "^{2}")
    assert _facts(_layers(one)[0])["index-base"][0] == "1"
