# ruff: noqa: E501  (the notes' summary lines are kept as people write them)
"""Parameter counts claimed in a retyped Keras ``model.summary()`` (issue 16: fresh41's
"no verdict" on a summary table's ``$P_3 = 4608$`` cells, "which layer's parameter count
P_total is, is not read" on its "Total params"), and an ordinal that counts dense layers
("the first dense layer": P_6 = 1152 · 64, its bias left out).

A summary lists the model's layers in order; each row's count is its layer's, the total
their sum.  Truth: the same layers built in torch (a Keras Conv2D(f, k) on c channels is
torch's Conv2d(c, f, k), Dense(u) on n inputs Linear(n, u)) and their parameters counted.
"""

from __future__ import annotations

import torch
from line_verdicts import one_verdict, statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG


def _count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# Keras: Input (32, 32, 3), Conv2D(8, 3), MaxPooling2D(2), Conv2D(16, 3, padding="same"),
# Flatten, Dropout, Dense(20), Dense(4): sides 32 -> 30 -> 15 -> 15, flat 15·15·16
_C1 = torch.nn.Conv2d(3, 8, 3)
_C2 = torch.nn.Conv2d(8, 16, 3, padding=1)
_x = _C2(torch.nn.MaxPool2d(2)(_C1(torch.zeros(1, 3, 32, 32))))
FLAT = _x.numel()
_D1 = torch.nn.Linear(FLAT, 20)
_D2 = torch.nn.Linear(20, 4)
COUNTS = [_count(_C1), 0, _count(_C2), 0, 0, _count(_D1), _count(_D2)]

CODE = """```python
model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.MaxPooling2D(2),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.Flatten(),
    layers.Dropout(0.5),
    layers.Dense(20, activation="relu"),
    layers.Dense(4),
])
```"""

NAMES = ["conv2d (Conv2D)", "max_pooling2d (MaxPooling2D)", "conv2d_1 (Conv2D)",
         "flatten (Flatten)", "dropout (Dropout)", "dense (Dense)", "dense_1 (Dense)"]  # fmt: skip


def _note(head: tuple[str, str, str], total_words: str, shift: dict[int, int], total: int) -> str:
    rows = []
    for n, (name, count) in enumerate(zip(NAMES, COUNTS, strict=True), start=1):
        cell = f"$P_{n} = {count + shift.get(n, 0)}$" if count else "0"
        rows.append(f"| {name} | ... | {cell} |")
    return (
        "# Notebook\n\n" + CODE + "\n\n" + f"| {head[0]} | {head[1]} | {head[2]} |\n|---|---|---|\n"
        + "\n".join(rows) + f"\n\n{total_words} $P_{{total}} = {total}$\n"
    )  # fmt: skip


def test_english_summary_rows_and_total():
    text = _note(
        ("Layer (type)", "Output Shape", "Param #"), "Total params:", {3: -16}, sum(COUNTS)
    )
    assert statuses(text, "$P_1 =") == [VERIFIED]
    assert statuses(text, "$P_3 =") == [WRONG]  # the biases of conv2d_1 left out
    assert statuses(text, "$P_6 =") == [VERIFIED]
    assert statuses(text, "$P_7 =") == [VERIFIED]
    assert statuses(text, "P_{total}") == [VERIFIED]
    assert one_verdict(text, "$P_3 =").expected == str(COUNTS[2])


def test_spanish_summary_wrong_total():
    text = _note(
        ("Layer (type)", "Forma de salida", "Param #"), "Total params:", {}, sum(COUNTS) - 4
    )
    assert statuses(text, "$P_6 =") == [VERIFIED]
    assert statuses(text, "P_{total}") == [WRONG]


def test_rows_that_are_not_the_model_in_order_are_not_judged():
    text = _note(("Layer (type)", "Output Shape", "Param #"), "Total params:", {3: -16}, 1)
    # swap the two convolutions' rows: the summary no longer lists the model in order
    lines = text.split("\n")
    a = next(k for k, t in enumerate(lines) if t.startswith("| conv2d (Conv2D)"))
    b = next(k for k, t in enumerate(lines) if t.startswith("| conv2d_1"))
    lines[a], lines[b] = lines[b], lines[a]
    lines[a] = lines[a].replace("dense", "dense")
    lines.insert(a + 1, "| batch_normalization (BatchNormalization) | ... | 32 |")
    swapped = "\n".join(lines)
    for piece in ("$P_3 =", "$P_1 =", "P_{total}"):
        assert statuses(swapped, piece) in ([], [NOT_UNDERSTOOD]), piece


def test_first_dense_layer_counts_among_the_dense_layers():
    n = FLAT
    text = (
        "# Counts\n\n" + CODE + "\n\n## Where the parameter counts come from\n\n"
        f"The first dense layer connects every one of the {n} inputs to each of its 20 units:"
        f"\n\n$$P_6 = {n} \\cdot 20 = {n * 20}$$\n\nThe second dense layer has "
        f"$P_7 = 20 \\cdot 4 + 4 = {_count(_D2)}$.\n"
    )
    found = one_verdict(text, "$$P_6")
    assert found.status == WRONG and found.expected == str(_count(_D1))
    assert statuses(text, "$P_7") == [VERIFIED]


# ---------------------------------------------------------------- batch normalization rows
# Keras's Param # of a BatchNormalization counts 4 numbers a channel: gamma and beta
# (trained) and the moving mean and variance (kept, non-trainable). Truth: torch's
# BatchNorm2d holds the same four, as two parameters and two running buffers.
_K1 = torch.nn.Conv2d(1, 16, 3, padding=1)
_BN = torch.nn.BatchNorm2d(16)
_BN_KEPT = _BN.running_mean.numel() + _BN.running_var.numel()
_BN_ALL = _count(_BN) + _BN_KEPT
_FLAT = torch.nn.MaxPool2d(2)(_K1(torch.zeros(1, 1, 28, 28))).numel()
_K2 = torch.nn.Linear(_FLAT, 10)
_TOTAL = _count(_K1) + _BN_ALL + _count(_K2)

NORMALIZED = f"""# Resumen del modelo, a mano

```python
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.BatchNormalization(),
    layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
```

| Layer (type) | Forma de salida | Param # |
|---|---|---|
| conv2d (Conv2D) | (None, 28, 28, 16) | $P_1 = {_count(_K1)}$ |
| batch_normalization (BatchNormalization) | (None, 28, 28, 16) | $P_2 = {_count(_BN)}$ |
| max_pooling2d (MaxPooling2D) | (None, 14, 14, 16) | 0 |
| flatten (Flatten) | (None, {_FLAT}) | 0 |
| dense (Dense) | (None, 10) | $P_3 = {_count(_K2)}$ |

Total params: $P_{{total}} = {_TOTAL}$. Trainable params: $P_{{tr}} = {_TOTAL - _BN_KEPT}$. Non-trainable params: $P_{{nt}} = 0$.

La convolución: $P_1 = 9 \\cdot 16 + 16 = {_count(_K1)}$; la normalización aprende una escala y un desplazamiento por canal, $P_2 = 2 \\cdot 16 = {_count(_BN)}$.
"""


def test_the_normalized_truths_are_pytorchs():
    assert _count(_K1) == 9 * 16 + 16
    assert _BN_ALL == 4 * 16 and _BN_KEPT == 2 * 16  # the row claims 32: the kept ones left out
    assert _count(_K2) == 14 * 14 * 16 * 10 + 10


def test_a_batch_normalization_row_counts_its_moving_statistics():
    assert statuses(NORMALIZED, "$P_1 =") == [VERIFIED]
    assert statuses(NORMALIZED, "$P_2 =") == [WRONG]
    assert one_verdict(NORMALIZED, "$P_2 =").expected == str(_BN_ALL)
    assert statuses(NORMALIZED, "$P_3 =") == [VERIFIED]  # the third row with parameters


def test_the_totals_split_into_trainable_and_not():
    assert statuses(NORMALIZED, "Total params:") == [VERIFIED, VERIFIED, WRONG]  # 32 kept


def test_a_name_a_row_gives_is_that_rows_count_in_the_prose_below():
    assert statuses(NORMALIZED, "La convolución") == [VERIFIED, WRONG]
