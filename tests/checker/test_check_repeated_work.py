"""Work the checker used to repeat, done once, with the same verdicts: each test pins the
skipped repetition (a spy counts the calls) and the verdict itself (truth by hand in a
comment)."""

from __future__ import annotations

import pytest

from symconv.checker import (
    factors,
    guessed_readings,
    meaning,
    numbered_samples,
    split,
    subscripted_gradient,
)
from symconv.checker.declared import Settings
from symconv.checker.report import VERIFIED
from symconv.checker.runner import check_text

# z_{00} of a correlation of a 3x3 input with a 2x2 kernel, no padding, by hand: the window
# at the top-left corner, w_{ab} x_{ab} over a, b in {0, 1}
_Z00 = "z_{00} = w_{00} x_{00} + w_{01} x_{01} + w_{10} x_{10} + w_{11} x_{11}"


def _note(option: str) -> str:
    return (
        "---\nlayer: conv2d\ninput: 3x3\nkernel: 2x2\nstride: 1x1\npadding: 0,0,0,0\n---\n\n"
        "# Forward\n\n"
        f"Same check with `{option}`:\n\n"
        f"$$ {_Z00} $$\n"
    )


def _spied(monkeypatch, text: str) -> tuple[list[str], list[dict]]:
    calls: list[dict] = []
    judged = guessed_readings.GuessedReadings.judged_under

    def spy(self, claim, changes):
        calls.append(dict(changes))
        return judged(self, claim, changes)

    monkeypatch.setattr(guessed_readings.GuessedReadings, "judged_under", spy)
    verdicts = check_text(text, "notes.md").verdicts
    return [v.status for v in verdicts if "w_{11}" in v.source], calls


def test_an_option_equal_to_the_layers_own_is_not_judged_again(monkeypatch) -> None:
    # stride=1 is the front matter's 1x1: the same layer, nothing else to weigh
    statuses, calls = _spied(monkeypatch, _note("stride=1"))
    assert statuses == [VERIFIED]
    assert {"stride": "1"} not in calls


def test_an_option_other_than_the_layers_is_still_weighed(monkeypatch) -> None:
    # padding=1: z_{00}'s window then starts in the padding (w_{00} times a zero), so the
    # claim holds only under the layer read for the section: which one it means is open
    statuses, calls = _spied(monkeypatch, _note("padding=1"))
    assert {"padding": "1"} in calls
    assert statuses == ["not-understood"]


@pytest.mark.parametrize(
    ("layer", "changes", "same"),
    [
        ({"padding": "1,1,1,1"}, {"padding": "1"}, True),
        ({"stride": "2x2"}, {"stride": "2"}, True),
        ({"padding": "1,1,1,1"}, {"padding": "2"}, False),
        ({"stride": "1x1"}, {"stride": "3"}, False),
        ({"layer": "dense", "in-features": "3"}, {"in-features": "3"}, False),
        ({"layer": "maxpool2d"}, {"stride": "2"}, False),
    ],
)
def test_the_same_layer_is_told_by_its_parsed_spec(layer, changes, same) -> None:
    base = {"layer": "conv2d", "input": "5x5", "kernel": "3x3", **layer}
    settings = Settings(tuple(base.items()))
    assert guessed_readings._same_layer(settings, changes) is same


# ------------------------------------------------------------ a computed index, once
# A transposed 2-D convolution, input 2x2, kernel 2x2, stride 2, no bias: each input entry
# spreads over its own 2x2 block of the 4x4 output, so by hand y_{i,j} = x_{i//2, j//2}
# w_{i mod 2, j mod 2}.  Written as a sum over the kernel with the input's index (i - m)/2,
# the odd offsets name the zeros between strided entries: the first claim is that; the
# second flips the kernel's rows (at i = j = 0 it gives w_{1,0} x_{0,0} for w_{0,0} x_{0,0}).
# The index (i - m)/2 is the same at every n of the inner sum: evaluated once per value.
_STRIDED = r"""---
layer: conv_transpose2d
input: 2x2
kernel: 2x2
stride: 2
bias: false
---

# A strided transposed convolution

$$y_{i,j} = \sum_{m=0}^{1} \sum_{n=0}^{1} x_{\frac{i-m}{2},\frac{j-n}{2}} w_{m,n}$$

$$y_{i,j} = \sum_{m=0}^{1} \sum_{n=0}^{1} x_{\frac{i-m}{2},\frac{j-n}{2}} w_{1-m,n}$$
"""


def _scalar_count(monkeypatch, note: str) -> tuple[list, int]:
    made = []
    real = meaning.Scalar

    def counted(lookup):
        made.append(1)
        return real(lookup)

    monkeypatch.setattr(meaning, "Scalar", counted)
    monkeypatch.setattr(factors, "Scalar", counted)
    verdicts = [(v.line, v.status, v.message) for v in check_text(note, "notes.md").verdicts]
    return verdicts, len(made)


def _never_kept(monkeypatch, store: str) -> None:
    """Evaluator._once with nothing kept in ``store`` (as before it was kept)."""
    kept = meaning.Evaluator._once

    def every_time(self, where, node, lookup_name, evaluate):
        if where is getattr(self, store):
            return evaluate(lookup_name)
        return kept(self, where, node, lookup_name, evaluate)

    monkeypatch.setattr(meaning.Evaluator, "_once", every_time)


def test_a_computed_index_is_evaluated_once_per_value(monkeypatch) -> None:
    verdicts, once = _scalar_count(monkeypatch, _STRIDED)
    assert [(line, status) for line, status, _ in verdicts if line > 9] == [
        (11, VERIFIED),
        (13, "wrong"),
    ]
    assert "at i = 0, j = 0" in verdicts[-1][2]
    _never_kept(monkeypatch, "_indices")
    again, each = _scalar_count(monkeypatch, _STRIDED)
    assert again == verdicts  # the same verdicts, byte for byte
    assert once < each


# ------------------------------------------------------------ an Iverson bracket, once
# conv1d, input 4, kernel 2, no bias: z_i = w_0 x_i + w_1 x_{i+1}, i = 0..2, so by hand
# dL/dx_j = sum over i, m with j = i + m of w_m g_i.  The second claim's bracket j = i + 1 - m
# pairs the taps the other way (at j = 0: w_1 g_0 for w_0 g_0).  The bracket's side j is
# the same at every (i, m) of the sums: evaluated once per value.
_BRACKET = r"""---
layer: conv1d
input: 4
kernel: 2
bias: false
---

# Backward with an Iverson bracket

$$dx_j = \sum_{i=0}^{2} \sum_{m=0}^{1} [j = i + m] \, w_m \, dz_i$$

$$dx_j = \sum_{i=0}^{2} \sum_{m=0}^{1} [j = i + 1 - m] \, w_m \, dz_i$$
"""


def test_an_iverson_bracket_is_evaluated_once_per_value(monkeypatch) -> None:
    verdicts, once = _scalar_count(monkeypatch, _BRACKET)
    assert [(line, status) for line, status, _ in verdicts if line > 9] == [
        (10, VERIFIED),
        (12, "wrong"),
    ]
    assert "at j = 0" in verdicts[-1][2] and "extra w_1" in verdicts[-1][2]
    _never_kept(monkeypatch, "_brackets")
    again, each = _scalar_count(monkeypatch, _BRACKET)
    assert again == verdicts  # the same verdicts, byte for byte
    assert once < each


# ------------------------------------------------------------ a document's reading, once
# Every claim asks these of the same whole document: read once per document, and the
# answer is immutable (no caller can change what the next one reads).
_BATCH_NOTE = (
    "The samples of the batch are numbered $n = 1, 2$; sample $n$'s input is $x^{(n)}$.\n"
    "The upstream gradient $\\delta_{out}$ (incoming from above) has the output's shape.\n"
)


def test_the_sample_marks_of_a_document_are_read_once() -> None:
    numbered_samples._mark_letters.cache_clear()
    first = numbered_samples._mark_letters(_BATCH_NOTE)
    assert first == frozenset({"n"})  # n = 1, 2 in a sentence about the batch, x^{(n)}
    assert numbered_samples.numbered_from_one(_BATCH_NOTE)
    assert numbered_samples._mark_letters.cache_info().hits == 1


def test_the_labelled_upstream_gradients_of_a_document_are_read_once() -> None:
    subscripted_gradient.labelled_upstream.cache_clear()
    found = subscripted_gradient.labelled_upstream(_BATCH_NOTE)
    assert found == (("\\delta", "{out}"),)  # \delta_{out}, named the incoming gradient
    assert isinstance(found, tuple)
    text = "\\delta_{out} = 2"
    assert subscripted_gradient.plain_upstream(text, _BATCH_NOTE) == "\\delta = 2"
    assert subscripted_gradient.labelled_upstream.cache_info().hits == 1


def test_a_blocks_statements_are_split_once_and_each_caller_gets_its_own_list() -> None:
    block = "z_{0} = w_{0} x_{0}, \\quad z_{1} = w_{0} x_{1}"  # two claims on one line
    split._statements.cache_clear()
    first = split.statements(block)
    assert [p.text for p in first] == ["z_{0} = w_{0} x_{0}", "z_{1} = w_{0} x_{1}"]
    first.clear()  # a caller's own list: what the next one reads is unchanged
    assert [p.text for p in split.statements(block)] == [
        "z_{0} = w_{0} x_{0}",
        "z_{1} = w_{0} x_{1}",
    ]
    assert split._statements.cache_info().hits == 1


@pytest.mark.parametrize(
    ("bracket", "status"),
    [
        # i + m <= j and i + m >= j: exactly j = i + m, the gradient by hand above
        ("[i + m \\le j] [i + m \\geq j]", VERIFIED),
        ("[j \\leq i + m] [j \\ge i + m]", VERIFIED),
        # i + m < j, i + m > j, j != i + m: every tap the stride-1 window does not pair
        ("[i + m < j]", "wrong"),
        ("[i + m > j]", "wrong"),
        ("[j \\neq i + m]", "wrong"),
        ("[j \\ne i + m]", "wrong"),
    ],
)
def test_each_relation_of_a_bracket_is_the_one_compared(bracket: str, status: str) -> None:
    note = _BRACKET.split("$$")[0] + (
        f"$$dx_j = \\sum_{{i=0}}^{{2}} \\sum_{{m=0}}^{{1}} {bracket} \\, w_m \\, dz_i$$\n"
    )
    verdicts = [v.status for v in check_text(note, "notes.md").verdicts if "dx_j" in v.source]
    assert verdicts == [status]
