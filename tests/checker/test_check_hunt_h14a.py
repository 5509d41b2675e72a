"""The h14a round of fa_hunt notes (tests/data/check/fa_hunt/h14a/: networks as people
declare them in code and tables -- Keras Sequential and functional models with channels-last
input shapes, torch nn.Module classes with __init__ and forward, nn.Sequential with
OrderedDict names, pasted model.summary() and torchinfo tables, 1-based layer tables, notes
that change the network halfway -- with claims on sizes, parameter counts, MACs and gradient
shapes, in English, German, Italian and Turkish), each with a key decided by hand and checked
against torch (fa_hunt_truth_h14a.py), and the readings that closed their false alarms and
misses, each tested again below on notes written for this file in other words, languages and
numbers (truth by hand in the comment above each note, or torch where said)."""

from __future__ import annotations

from test_check_fa_hunt import _at, _statuses

from symconv.checker.keras_layers import keras_layers
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

# --- a Keras layer holding the model's input_shape is its first layer -------------------------
# Conv2D(12, (3, 3), input_shape=(30, 30, 3)): 30 - 3 + 1 = 28 and 12*3*9 + 12 = 336
# parameters; MaxPooling2D(2): 14; Conv2D(24, (3, 3)) then sees 12 channels: 24*12*9 + 24 =
# 2616 parameters (torch: Conv2d(12, 24, 3) has 2616), side 14 - 3 + 1 = 12.  The reader began
# after the input_shape, so the first Conv2D was skipped and the second got 3 channels: "2616"
# was called wrong (672).  "24*9 + 24 = 240" forgets the 12 input channels: wrong.
KERAS_INPUT_SHAPE = r"""# Forum answer: reading the summary

```python
model = Sequential()
model.add(Conv2D(12, (3, 3), input_shape=(30, 30, 3), activation="relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Conv2D(24, (3, 3), activation="relu"))
model.add(Flatten())
model.add(Dense(5))
```

The first convolution gives $30 - 3 + 1 = 28$ and has $12 \cdot 3 \cdot 9 + 12 = 336$ parameters.

The second convolution has $24 \cdot 12 \cdot 9 + 24 = 2616$ parameters.

The second convolution does not have $24 \cdot 9 + 24 = 240$ parameters.
"""


def test_a_keras_layer_holding_the_input_shape_is_the_first_layer():
    found = _statuses(KERAS_INPUT_SHAPE)
    assert found[12][1] == VERIFIED and found[12][0] != WRONG
    assert _at(found, 14) == VERIFIED
    assert _at(found, 16) == WRONG


def test_the_keras_reader_starts_at_the_layer_with_the_input_shape():
    code = (
        "model = Sequential([\n"
        "    Conv1D(16, 5, activation='relu', input_shape=(100, 8)),\n"
        "    Conv1D(32, 3),\n"
        "])"
    )
    layers = keras_layers(code)
    # torch: Conv1d(8, 16, 5) on 100 steps gives 96; Conv1d(16, 32, 3) follows it
    assert [(x.settings["in_channels"], x.settings["out_channels"]) for x, _ in layers] == [
        (8, 16),
        (16, 32),
    ]
    assert [side for _, side in layers] == [100, 96]


# --- a sum of several layers' counts is no count of the layer its numbers fit -----------------
# torch: Conv2d(2, 6, 3) has 6*2*9 + 6 = 114 parameters, Linear(384, 3) has 384*3 + 3 = 1155,
# the module 114 + 1155 = 1269.  "114 + 384*3 + 3 = 1269" adds the conv's count to the dense
# layer's: its numbers 384, 3 fit the dense layer with 114 "of no role" (less than its 384
# inputs, so no second weight term), and it was called wrong ("1155, not 1269").  A wrong bias
# term (+ 384, one per input) is still a wrong count.
SUM_OF_COUNTS_DE = r"""# Übung: Parameter zählen

```python
class Kopf(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 6, 3)
        self.fc = nn.Linear(6 * 8 * 8, 3)
```

`conv` hat $6 \cdot 2 \cdot 9 + 6 = 114$ Parameter und `fc` hat $384 \cdot 3 + 3 = 1155$ Parameter.

Das ganze Modell hat $114 + 384 \cdot 3 + 3 = 1269$ Parameter.

Laut einer Abgabe hat `fc` $384 \cdot 3 + 384 = 1536$ Parameter.
"""


def test_a_sum_with_another_layers_count_is_no_count_of_one_layer():
    found = _statuses(SUM_OF_COUNTS_DE)
    assert found[11] == [VERIFIED, VERIFIED]
    assert _at(found, 13) != WRONG
    assert _at(found, 15) == WRONG  # 384*3 + 3 = 1155: one bias per output, not per input


# --- a count whose sentence names a layer is not the constructor of the sentence before -------
# Conv2d(3, 3, 5) on 10x10 gives 6, so `fc` = Linear(3*6*6, 2).  With padding=2 the side
# stays 10 + 4 - 5 + 1 = 10, and `fc` must take 3*10*10 = 300 inputs: Linear(300, 2) has
# 300*2 + 2 = 602 parameters (torch).  The sentence names `fc`; the constructor the sentence
# before writes is the padded conv (3*3*25 + 3 = 228), and "602" was called wrong against it.
NAMED_IN_SENTENCE = r"""# Exercise 3

```python
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 5)
        self.fc = nn.Linear(3 * 6 * 6, 2)

    def forward(self, x):              # x: (B, 3, 10, 10)
        return self.fc(F.relu(self.conv(x)).flatten(1))
```

Next we pad the convolution: `self.conv = nn.Conv2d(3, 3, 5, padding=2)`.

The side is then $10 + 4 - 5 + 1 = 10$, so `fc` must take $3 \cdot 10 \cdot 10 = 300$
inputs and has $300 \cdot 2 + 2 = 602$ parameters.

The padded convolution still has $3 \cdot 3 \cdot 25 + 3 = 228$ parameters.
"""


def test_a_count_whose_sentence_names_another_layer_borrows_no_constructor():
    found = _statuses(NAMED_IN_SENTENCE)
    assert _at(found, 17) != WRONG
    assert _at(found, 19) == VERIFIED  # the constructor's own count is still judged


# --- a rounded value in scientific form, with a decimal comma or point ------------------------
# 28*28*32*9 = 225792 multiply-adds (by hand: 784*288).  2.26e5 is within half a unit of its
# last place (1000: |225792 - 226000| = 208); "2{,}26 \cdot 10^5" was compared exactly and
# called wrong.  2.6e5 is 3.4 units of 10^4 off: wrong.
SCIENTIFIC_IT = r"""# Costo del primo livello

Il livello `nn.Conv2d(1, 32, 3, padding=1)` su un ingresso $28 \times 28$ fa
$28 \cdot 28 \cdot 32 \cdot 9 \approx 2{,}26 \cdot 10^5$ moltiplicazioni-addizioni.

In inglese si scrive $28 \cdot 28 \cdot 32 \cdot 9 \approx 2.26 \times 10^{5}$.

Una stima sbagliata: $28 \cdot 28 \cdot 32 \cdot 9 \approx 2{,}6 \cdot 10^5$.
"""


def test_a_rounded_value_in_scientific_form_is_rounded_at_its_scaled_last_place():
    found = _statuses(SCIENTIFIC_IT)
    assert [_at(found, 4), _at(found, 6), _at(found, 8)] == [VERIFIED, VERIFIED, WRONG]


# --- a whole number whose thousands are grouped by a dot --------------------------------------
# torch: Conv2d(32, 64, 3) has 64*32*9 + 64 = 18496 parameters; a Turkish (German, Italian)
# note writes it 18.496.  Read as the decimal 18.496 it was called wrong; 64*32*9 = 18432,
# written 18.496, is wrong under both readings.
DOT_THOUSANDS_TR = r"""# Parametre sayısı

`nn.Conv2d(32, 64, 3)` katmanının $64 \cdot 32 \cdot 9 + 64 = 18.496$ parametresi vardır.

Yanlış bir cevap: $64 \cdot 32 \cdot 9 = 18.496$.
"""


def test_a_dot_grouping_thousands_is_no_decimal_point_to_call_wrong():
    found = _statuses(DOT_THOUSANDS_TR)
    assert _at(found, 3) == NOT_UNDERSTOOD
    assert _at(found, 5) == WRONG


# --- a magnitude word after the formula is the number's unit ---------------------------------
# 64*64*9*16*16 = 9437184 multiply-adds, "about 9.4 million": the "Mio." after the formula
# scales 9{,}4; read bare, 9.4 was called wrong.  Without a unit 9.4 is wrong.
MAGNITUDE_DE = r"""# Aufwand

Die Schicht braucht $64 \cdot 64 \cdot 9 \cdot 16 \cdot 16 = 9437184$ MACs, also $\approx 9{,}4$ Mio.

Falsch wäre $64 \cdot 64 \cdot 9 \cdot 16 \cdot 16 \approx 9{,}4$.
"""  # noqa: E501


def test_a_magnitude_word_after_the_formula_leaves_its_number_unjudged():
    found = _statuses(MAGNITUDE_DE)
    assert found[3][1] == NOT_UNDERSTOOD  # (the product itself: no layer named)
    assert _at(found, 5) == WRONG


# --- a magnitude word inside the formula is no word to drop -----------------------------------
# 28*28*32*9 = 225792 multiply-adds (by hand), "about 0.23 million": \text{milioni} was
# dropped as words, and 0.23 was called wrong.  A number with no magnitude is still judged.
MAGNITUDE_IN_MATH_IT = r"""# Costo

Il livello fa $28 \cdot 28 \cdot 32 \cdot 9 \approx 0{,}23\,\text{milioni}$ di moltiplicazioni.

Il livello fa $28 \cdot 28 \cdot 32 \cdot 9 \approx 0{,}23\,\text{Mio.}$ moltiplicazioni.

Il livello fa $28 \cdot 28 \cdot 32 \cdot 9 = 225792\ \text{MAC}$, non $28 \cdot 28 \cdot 32 = 25088$.
"""  # noqa: E501


def test_a_magnitude_word_in_the_formula_is_not_dropped_as_words():
    found = _statuses(MAGNITUDE_IN_MATH_IT)
    assert [_at(found, 3), _at(found, 5)] == [NOT_UNDERSTOOD, NOT_UNDERSTOOD]
    assert found[7][0] != WRONG
