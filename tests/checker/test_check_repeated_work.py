"""Work the checker used to repeat, done once, with the same verdicts: each test pins the
skipped repetition (a spy counts the calls) and the verdict itself (truth by hand in a
comment)."""

from __future__ import annotations

import pytest

from symconv.checker import guessed_readings
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
