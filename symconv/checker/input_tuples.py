"""An input's shape written as a tuple: in the code that makes it, or beside the word input.

"``x = torch.randn(8, 16, 33, 33)``", "``X = np.zeros((2, 3, 7, 7))``", "auf eine Eingabe der
Form $(N, 16, 15, 15)$", "an input batch of shape (4, 3, 32, 32)", "une entrée de forme
(B, 3, 28, 28)": notes that build a layer with a constructor give its input as the tensor
they feed it, a batch of four axes.  The batch comes first in every framework; where the
channels stand is the framework's layout, so it is read from the numbers only where they
leave no doubt:

- channels first (N, C, H, W) -- PyTorch's, NumPy courses' -- when the last two sides are
  equal (a square map) and the notes' passage does not say channels last;
- channels last (N, H, W, C) -- TensorFlow's, JAX's -- when the passage says so (NHWC,
  channels last, ``data_format="channels_last"``) and the two middle sides are equal;
- all three equal: the same sizes in either layout.

Any other tuple (a 16 x 16 x 3 tensor with no layout stated, a non-square map) is left
unread: its channel count could be either of two numbers.  The batch size is read too
(``batch``): a count of multiply-accumulates or bytes of a whole batch needs it.  A tensor
made for the weights (``w = torch.randn(...)``) is not an input: only a variable named as
an input (x, X, inp, input, img, images, batch, x_in ...) or a tuple after an input word
is read.

Keras builds ``Conv2D(filters, kernel_size, strides=...)``, with no input channels and
channels last: a ``Conv2D`` call is read as Keras's (keras_call) where its arguments cannot
be PyTorch's (two positions and no kernel keyword, or a keyword only Keras has), and its
passage's tuples are then channels last.
"""

from __future__ import annotations

import re

_MAKE = r"(?:randn|rand|zeros|ones|empty|normal|uniform|randint|full|standard_normal)"
_INPUT_VAR = r"(?:x|X|x_\w+|X_\w+|xs|inp\w*|input\w*|img\w*|image\w*|batch\w*)"
_INPUT_WORD = (
    r"(?:input|inputs|input\s+batch|batch|image|images|entrada|entrée|Eingabe|Eingang|"
    r"ingresso|invoer|indata|wejście|vstup|masukan|đầu\s+vào|lote)"
)
_SHAPE_WORD = (
    r"(?:of\s+shape|with\s+shape|shape|shaped|der\s+Form|mit\s+Form|de\s+forma|de\s+forme|"
    r"di\s+forma|com\s+forma|med\s+formen|o\s+kształcie|tvaru|berbentuk|có\s+dạng|van\s+vorm)"
)
_ENTRY = r"\s*(?:\d{1,5}|[A-Za-z])\s*"
_TUPLE = rf"(?P<t>{_ENTRY}(?:,{_ENTRY}){{3}}),?\s*"
# x = torch.randn(8, 16, 33, 33); X = np.random.randn(2, 3, 7, 7); x = jnp.zeros((2, 5, 5, 3))
_MADE = re.compile(
    rf"(?<![\w.]){_INPUT_VAR}\s*=\s*(?:[A-Za-z_][\w]*\.)*{_MAKE}\s*\(\s*[\[(]?{_TUPLE}[\])]?"
)
# "Eingabe der Form (N, 16, 15, 15)", "input batch of shape (4, 3, 32, 32)"
_SHAPED = re.compile(
    rf"\b{_INPUT_WORD}\s+(?:[`$]?\s*[A-Za-z]\s*[`$]?\s+)?(?:(?:is|has|tiene|hat|a|est|ist|"
    rf"es|el|la|the|a|an|un|une|eine)\s+)*(?:{_SHAPE_WORD}\s*:?\s*)?[`$]?\s*\({_TUPLE}\)",
    re.IGNORECASE,
)
# "ein Batch der Form $8 \\times 3 \\times 32 \\times 32$", "input of shape 4 × 3 × 28 × 28":
# the same four sizes written with times signs (numbers only, after a word for the shape)
_TIMES = r"\s*\}?\s*(?:\\times|×|x)\s*\{?\s*"
_SHAPED_TIMES = re.compile(
    rf"\b{_INPUT_WORD}\s+(?:[`$]?\s*[A-Za-z]\s*[`$]?\s+)?(?:(?:is|has|tiene|hat|a|est|ist|"
    rf"es|el|la|the|a|an|un|une|eine)\s+)*{_SHAPE_WORD}\s*:?\s*\$?\s*"
    rf"(?P<t>\d{{1,5}}(?:{_TIMES}\d{{1,5}}){{3}})(?!{_TIMES}\d|\d)",
    re.IGNORECASE,
)
_CHANNELS_LAST = re.compile(
    r"\bNHWC\b|\bchannels[-_ ]last\b|\bcanales\s+al\s+final\b|\bcanaux\s+en\s+dernier\b|"
    r"\bKan[äa]le\s+zuletzt\b|\bkanal\w*\s+sist\b|\bkanały\s+na\s+końcu\b|"
    r"\bcanais\s+(?:por\s+)?[úu]ltimo\b|\bcanali\s+(?:per\s+)?ultimi\b|"
    # (not the bare words Keras / TensorFlow: "Unlike TensorFlow, PyTorch takes (N, C, H,
    # W)"; a Keras layer is read as channels last by its call, keras_call)
    r"\bdata_format\s*=\s*['\"]channels_last",
    re.IGNORECASE,
)

# Keras builds a convolution from its filters and kernel (the input channels come from the
# input): Conv2D(32, 3), Conv2D(filters=64, kernel_size=5, strides=2, padding="valid")
KERAS_KEYWORDS = {
    "filters": "c_out",
    "kernel_size": "k",
    "strides": "s",
    "padding": "p",
    "use_bias": "bias",
    "dilation_rate": "d",
    "groups": "g",
}


def keras_call(call: str, args: list[str]) -> bool:
    """A ``Conv2D(...)`` call (``call``: its name) is Keras's: spelled with a capital D and
    given the filters and the kernel where PyTorch would need three channel and kernel
    arguments (``Conv2D(32, 3)``, ``Conv2D(32, kernel_size=3)``), or a keyword only Keras
    has (filters, strides, use_bias, ...)."""
    if not re.search(r"Conv[123]D$", call):
        return False  # Conv2d, ConvTranspose2d: PyTorch's names
    keys = {a.partition("=")[0].strip() for a in args if "=" in a}
    if keys & {"filters", "strides", "use_bias", "dilation_rate", "activation"}:
        return True
    if keys & {"in_channels", "out_channels", "stride", "bias"}:
        return False
    positional = sum("=" not in a for a in args)
    if "kernel_size" in keys:
        return positional == 1
    return positional == 2


def says_channels_last(text: str) -> bool:
    """Whether the text states the channels-last layout (NHWC, "channels last", Keras's
    data_format, in the languages of :data:`_CHANNELS_LAST`)."""
    return bool(_CHANNELS_LAST.search(text))


def input_tuple_facts(flat: str, keras: bool = False) -> list[tuple[str, int]]:
    """(key, value) pairs of the input sizes the passage's tuples state: batch, c_in, in_h,
    in_w, for each tuple read without doubt (see the module's docstring); ``keras``: the
    passage builds its layer with Keras, whose layout is channels last."""
    last = keras or says_channels_last(flat)
    out: list[tuple[str, int]] = []
    for m in (*_MADE.finditer(flat), *_SHAPED.finditer(flat), *_SHAPED_TIMES.finditer(flat)):
        entries = [e.strip() for e in re.split(rf",|{_TIMES}", m.group("t"))]
        if not all(e.isdigit() for e in entries[1:]):
            continue  # (N, C, 15, 15): the channels in a letter, nothing read
        n, a, b, c = (int(e) if e.isdigit() else None for e in entries)
        if a == b == c:
            sizes = (a, b, c)
        elif b == c and not last:
            sizes = (a, b, c)  # channels first: (N, C, H, H)
        elif a == b and last:
            sizes = (c, a, b)  # channels last: (N, H, H, C)
        else:
            continue
        out += [("c_in", sizes[0]), ("in_h", sizes[1]), ("in_w", sizes[2])]
        if n is not None:
            out.append(("batch", n))
    return out
