"""Round trip over a grid: what ``symconv derive`` prints, ``symconv check`` reads back.

Every layer kind the notes builder writes, a grid of configurations (stride, padding,
dilation, bias, channels), every notation preset, both languages, Markdown and LaTeX: the
document printed by the real builder is checked with NO options (the layer comes from the
front matter or the LaTeX directive the printer writes).  Nothing may be wrong or
size-specific; figures and worked examples are marked prose-math and not counted; what
is left not understood must be one of the checker's known gaps listed below (a new kind
of not-understood fails).  HTML is not read by the checker, so it is not in the grid.

Then one printed term is broken (a term of a sum dropped, an index swapped, the rotation
dropped, the stride dilation dropped) and the checker must call that line wrong.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from symconv.checker.runner import check_text
from symconv.notes.build import make_document
from symconv.notes.render import render
from symconv.printing import PRESETS

CONFIGS: dict[str, tuple[str, dict]] = {
    "conv2d_3x3": ("conv2d", {"input": "3x3", "kernel": "2", "bias": False}),
    "conv2d_stride_pad": ("conv2d", {"input": "5x5", "kernel": "3", "stride": "2",
                                     "padding": "1"}),
    "conv2d_dilation": ("conv2d", {"input": "5x5", "kernel": "2", "dilation": "2"}),
    "conv2d_channels": ("conv2d", {"input": "4x4", "kernel": "2", "in_channels": 2,
                                   "out_channels": 2}),
    "conv1d": ("conv1d", {"input": "4", "kernel": "2"}),
    "conv1d_stride": ("conv1d", {"input": "7", "kernel": "3", "stride": "2", "padding": "1",
                                 "bias": False}),
    "conv_transpose2d": ("conv_transpose2d", {"input": "3x3", "kernel": "2", "stride": "2"}),
    "dense": ("dense", {}),
    "avgpool2d": ("avgpool2d", {}),
    "maxpool2d": ("maxpool2d", {"input": "4x6", "kernel": "2x3", "stride": "1"}),
}
NOTATIONS = tuple(PRESETS)
LANGS = ("en", "es")
FORMATS = ("md", "tex")

# What the checker does not read yet in our own notes (each a gap of the reader, not a
# mistake of the printed claim): the Jacobian of vec(...), a strided general dx whose G
# index is a fraction, seed 000's unit channel axis on a 1-D layer, the size name it cannot
# map (N_params), 1-D sums over i, j, an entry
# written without its index in the verified box, transposed convolutions' operator
# forms, pooling and dense claims (another helper's work), activations and the loss
# outside a layer.
KNOWN_GAPS = re.compile("|".join([
    r"vec\(\.\.\.\)", r"is not a whole number", r"has \d+ ind(?:ex|ices); in this layer",
    r"is not a symbol of this layer", r"a sum over i, j of a 1-D",
    r"is followed by no index", r"transposed convolution", r"is bound by no sum",
    r"pool", r"dense", r"activations are outside", r"cannot parse the formula",
    r"the formula has \d+ characters", r"has no single value",
]))


@cache
def printed(key: str, notation: str, lang: str, fmt: str) -> str:
    layer, config = CONFIGS[key]
    doc = make_document(layer, dict(config), notation, lang)
    doc.show_seconds = False  # same inputs, same bytes
    return render(doc, fmt)


def _check(text: str, fmt: str):
    return check_text(text, f"notes.{fmt}").verdicts


def _round_trip(key: str, notation: str, lang: str, fmt: str) -> None:
    verdicts = _check(printed(key, notation, lang, fmt), fmt)
    bad = [f"{v.line}: {v.status}: {v.source[:80]} -- {v.message[:160]}"
           for v in verdicts if v.status in ("wrong", "size-specific")
           or (v.status == "not-understood" and not KNOWN_GAPS.search(v.message))]
    assert not bad, "\n".join(bad)
    if CONFIGS[key][0] not in ("avgpool2d", "maxpool2d"):
        assert any(v.status == "verified" for v in verdicts)


def _fast_grid() -> list[tuple[str, str, str, str]]:
    """Every configuration once, the notations, languages and formats taken in turn: each
    notation meets both formats, each language several layer kinds."""
    return [(key, NOTATIONS[k % len(NOTATIONS)], LANGS[(k // 2) % len(LANGS)],
             FORMATS[(k // len(NOTATIONS)) % len(FORMATS)]) for k, key in enumerate(CONFIGS)]


FAST = _fast_grid()
SLOW = [(k, n, lang, f) for k in CONFIGS for n in NOTATIONS for lang in LANGS
        for f in FORMATS if (k, n, lang, f) not in FAST]


@pytest.mark.parametrize(("key", "notation", "lang", "fmt"), FAST,
                         ids=["-".join(c) for c in FAST])
def test_printed_notes_check_clean(key, notation, lang, fmt):
    _round_trip(key, notation, lang, fmt)


@pytest.mark.slow
@pytest.mark.parametrize(("key", "notation", "lang", "fmt"), SLOW,
                         ids=["-".join(c) for c in SLOW])
def test_printed_notes_check_clean_whole_grid(key, notation, lang, fmt):
    _round_trip(key, notation, lang, fmt)


def test_the_fast_grid_meets_every_notation_language_and_format():
    assert {(c[1], c[3]) for c in FAST} == {(n, f) for n in NOTATIONS for f in FORMATS}
    assert {c[2] for c in FAST} == set(LANGS) and {c[3] for c in FAST} == set(FORMATS)
    assert {c[0] for c in FAST} == set(CONFIGS)


# ---------------------------------------------------------------------- mutations
def _verified_lines(text: str, fmt: str) -> set[int]:
    return {v.line for v in _check(text, fmt) if v.status == "verified"}


def _mutate_line(text: str, number: int, change) -> str:
    lines = text.split("\n")
    changed = change(lines[number - 1])
    assert changed != lines[number - 1]
    lines[number - 1] = changed
    return "\n".join(lines)


def _unwrap(line: str, head: str) -> str:
    """``head\\left( A \\right)`` -> ``A`` for the first ``head`` (nested parentheses kept)."""
    start = line.index(head + r"\left(")
    depth, i = 0, start + len(head + r"\left(")
    inner = i
    while True:
        if line.startswith(r"\left(", i):
            depth, i = depth + 1, i + len(r"\left(")
        elif line.startswith(r"\right)", i):
            if depth == 0:
                return line[:start] + line[inner:i] + line[i + len(r"\right)"):]
            depth, i = depth - 1, i + len(r"\right)")
        else:
            i += 1


def _assert_wrong_at(text: str, number: int, fmt: str) -> None:
    at = [v for v in _check(text, fmt) if v.line == number]
    assert at and all(v.status == "wrong" for v in at), [(v.status, v.message) for v in at]


def _first_line(text: str, fmt: str, pattern: str) -> int:
    """The first verified line whose text matches ``pattern``."""
    lines = text.split("\n")
    good = _verified_lines(text, fmt)
    return next(n for n in sorted(good) if re.search(pattern, lines[n - 1]))


@pytest.mark.parametrize("fmt", FORMATS)
def test_dropping_one_term_of_a_sum_is_wrong(fmt):
    text = printed("conv2d_3x3", "subscript", "en", fmt)
    number = _first_line(text, fmt, r"z_\{00\} = w_\{00\}")  # a forward entry written out

    def drop(line: str) -> str:  # z_{00} = a + b + c + d  ->  z_{00} = a + c + d
        parts = line.split(" + ")
        return " + ".join(parts[:1] + parts[2:])
    _assert_wrong_at(_mutate_line(text, number, drop), number, fmt)


def test_swapping_an_index_is_wrong():
    text = printed("conv2d_3x3", "subscript", "es", "md")
    number = _first_line(text, "md", r"^z_\{00\} = w_\{00\}")
    # w_{01} x_{01} -> w_{01} x_{10}: the right number of terms, one entry from the wrong row
    mutated = _mutate_line(text, number, lambda s: s.replace(r"w_{01} \cdot x_{01}",
                                                             r"w_{01} \cdot x_{10}", 1))
    _assert_wrong_at(mutated, number, "md")


@pytest.mark.parametrize("fmt", FORMATS)
def test_dropping_the_rotation_is_wrong(fmt):
    text = printed("conv2d_stride_pad", "subscript", "en", fmt)
    head = r"\operatorname{rot}_{180^{\circ}}"
    number = _first_line(text, fmt, re.escape(head))
    _assert_wrong_at(_mutate_line(text, number, lambda s: _unwrap(s, head)), number, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_dropping_the_stride_dilation_is_wrong(fmt):
    text = printed("conv2d_stride_pad", "subscript", "en", fmt)
    head = r"\operatorname{dilate}_{2}"
    number = _first_line(text, fmt, re.escape(head) + r".*\\star|\\star.*" + re.escape(head))
    _assert_wrong_at(_mutate_line(text, number, lambda s: _unwrap(s, head)), number, fmt)
