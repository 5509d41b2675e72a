# ruff: noqa: E501  (the notes' sentences are kept as people write them)
"""A grouped layer's count and its variants: "Counting the biases too: $P_3 = ...$" for the
layer the notes build, then "With `groups=6` ...: $P_6 = ...$" and "the plain layer
(`groups=1`) would have $P_1 = ...$", each the same layer with the option its own clause
sets (formula_layer.set_options, with_options, _sibling_count, _BIASES_COUNTED).

The truths are PyTorch's: each variant is built and its parameters counted.
"""

from __future__ import annotations

import torch
from line_verdicts import statuses

from symconv.checker.formula_layer import set_options
from symconv.checker.report import VERIFIED, WRONG

nn = torch.nn


def _count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


ENGLISH = f"""# Forum: what does `groups` do?

**Q.** I have `nn.Conv2d(12, 24, 3, groups=3)` on $16 \\times 16$ maps.

**A.** Counting the biases too:

$$P_3 = 24 \\cdot 4 \\cdot 9 + 24 = {_count(nn.Conv2d(12, 24, 3, groups=3))}$$

With `groups=6` each filter sees two channels, so

$$P_6 = 24 \\cdot 2 \\cdot 9 + 24 = {_count(nn.Conv2d(12, 24, 3, groups=6))}$$

and the plain layer (`groups=1`) would have $P_1 = 24 \\cdot 12 \\cdot 9 + 24 = {_count(nn.Conv2d(12, 24, 3))}$.

With `groups=12` it is $P_{{12}} = 24 \\cdot 2 \\cdot 9 + 24 = {_count(nn.Conv2d(12, 24, 3, groups=6))}$.
"""

GERMAN = f"""# Gruppierte Faltung

Die Schicht ist `nn.Conv2d(6, 12, 5, groups=2)`. Inklusive Bias:

$$P_2 = 12 \\cdot 3 \\cdot 25 + 12 = {_count(nn.Conv2d(6, 12, 5, groups=2))}$$

Mit `groups=3` sieht jeder Filter zwei Kanäle:

$$P_3 = 12 \\cdot 2 \\cdot 25 + 12 = {_count(nn.Conv2d(6, 12, 5, groups=3))}$$
"""


def test_the_truths_are_pytorchs():
    assert _count(nn.Conv2d(12, 24, 3, groups=3)) == 24 * 4 * 9 + 24
    assert _count(nn.Conv2d(12, 24, 3, groups=6)) == 24 * 2 * 9 + 24
    assert _count(nn.Conv2d(12, 24, 3)) == 24 * 12 * 9 + 24
    # the last claim gives groups=6's count for groups=12: one channel a filter
    assert _count(nn.Conv2d(12, 24, 3, groups=12)) == 24 * 1 * 9 + 24
    assert _count(nn.Conv2d(6, 12, 5, groups=3)) == 12 * 2 * 25 + 12


def test_the_layer_and_its_variants_by_the_clauses_options():
    assert statuses(ENGLISH, "$$P_3") == [VERIFIED]
    assert statuses(ENGLISH, "$$P_6") == [VERIFIED]
    assert statuses(ENGLISH, "$P_1") == [VERIFIED]
    assert statuses(GERMAN, "$$P_2") == [VERIFIED]
    assert statuses(GERMAN, "$$P_3") == [VERIFIED]


def test_a_variants_count_with_another_groups_is_caught():
    assert statuses(ENGLISH, "$P_{12}") == [WRONG]


def test_only_a_clause_setting_one_value_of_an_option_is_a_variant():
    assert set_options("With `groups=6` each filter sees two channels, so") == {"groups": 6}
    assert set_options("`groups=2` or `groups=4`, so") == {}  # two values: which one
    assert set_options("For `nn.Conv2d(4, 8, 3, groups=2)` we get") == {}  # its own layer


# the clause changes the filters too ("`groups=12` and 12 filters"): not the layer with the
# option alone, so no verdict from the option (judged so, the right 120 was called wrong)
MORE = """# Forum

**Q.** I have `nn.Conv2d(12, 24, 3, groups=3)` on $16 \\times 16$ maps.

**A.** Counting the biases too:

$$P_3 = 24 \\cdot 4 \\cdot 9 + 24 = 888$$

With `groups=12` and 12 filters, $P_{12} = 12 \\cdot 9 + 12 = 120$.
"""


def test_a_clause_changing_more_than_the_option_is_not_that_variant():
    assert _count(nn.Conv2d(12, 12, 3, groups=12)) == 120  # the claim is right
    assert WRONG not in statuses(MORE, "$P_{12}")
