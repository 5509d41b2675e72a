"""Layer facts a PyTorch constructor states: ``nn.ConvTranspose2d(in_channels=16,
out_channels=8, kernel_size=4, stride=2, padding=1)`` in a code block or in inline code,
and an input shape written as a tuple, "the input is ``(batch, 16, 16, 16)``".

A constructor is the most exact statement of a layer notes can make: every argument it
leaves out takes PyTorch's default (stride 1, padding 0, output_padding 0, dilation 1,
groups 1, bias True), so those defaults are stated too.  Later prose about another
configuration ("kernel 3, stride 2, padding 1 does *not* do the same", "On a 32x32 input
you get 63") then cannot override the layer: the first statement of a fact wins.

Only one constructor per line is read, and only when every argument it passes is a whole
number, a tuple of equal whole numbers or a boolean: ``padding="same"`` is not guessed.
A code block that builds more than one layer
states a network, and is left to the readers of networks.
"""

from __future__ import annotations

import re

from symconv.checker.layer_counts import _arguments

_CONSTRUCTOR = re.compile(
    r"(?:torch\.)?(?:nn\.)?\b(?P<kind>Conv|ConvTranspose)(?P<dims>[12])d\s*"
    r"\((?P<args>(?:[^()]|\(\s*\d+(?:\s*,\s*\d+)*\s*,?\s*\))*)\)"
)
_NAMES = ("in_channels", "out_channels", "kernel_size", "stride", "padding")
_TRANSPOSED_NAMES = (*_NAMES, "output_padding", "groups", "bias", "dilation")
_CONV_NAMES = (*_NAMES, "dilation", "groups", "bias")
_DEFAULTS = {"stride": 1, "padding": 0, "output_padding": 0, "dilation": 1, "groups": 1}
# "the input is `(batch, 16, 16, 16)`", "input of shape (N, 3, 32, 32)"
_INPUT_SHAPE = re.compile(
    r"\binputs?\b[^.;:`(]{0,30}?(?:is|of shape|has shape|shape)?\s*`?\s*"
    r"\(\s*(?:[A-Za-z_]\w*|\d+)\s*,\s*(\d{1,4})\s*,\s*(\d{1,4})\s*,\s*(\d{1,4})\s*\)",
    re.IGNORECASE,
)


def _side(value: object) -> int | None:
    """A whole number, or a tuple of equal ones (a square setting); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, tuple) and value and len(set(value)) == 1:
        return int(value[0])
    return None


# every layer a code block may build: a block with two of them is a network, not a layer
_ANY_LAYER = re.compile(r"\b(?:Conv(?:Transpose)?[123]d|Linear|\w*Pool[123]d|Sequential)\s*\(")


def code_block_facts(block: str) -> list[tuple[str, str, str]]:
    """(key, value, how) for the one convolution a code block builds, if it builds one
    and nothing else (``nn.Sequential(...)`` or two constructors: a network)."""
    if len(_ANY_LAYER.findall(block)) != 1:
        return []
    found = list(_CONSTRUCTOR.finditer(block))
    if len(found) != 1:
        return []
    m = found[0]
    transposed = m.group("kind") == "ConvTranspose"
    args, kwargs = _arguments(m.group("args"))
    if args is None:
        return []
    names = _TRANSPOSED_NAMES if transposed else _CONV_NAMES
    if len(args) > len(names) or any(k not in names for k in kwargs):
        return []
    values: dict[str, object] = dict(zip(names, args, strict=False))
    if set(values) & set(kwargs):
        return []  # an argument passed twice: no layer PyTorch would build
    values.update(kwargs)
    if any(n not in values for n in _NAMES[:3]):
        return []
    bias = values.pop("bias", 1)
    settings: dict[str, int] = {}
    for name, value in {**_DEFAULTS, **values}.items():
        side = _side(value)
        if side is None:
            return []  # padding='same', a non-square kernel: not guessed
        settings[name] = side
    dims = int(m.group("dims"))
    how = "prose"  # a constructor states the layer as firmly as words do
    kernel = str(settings["kernel_size"])
    facts = [
        ("layer", f"{'conv_transpose' if transposed else 'conv'}{dims}d", how),
        ("kernel", kernel if dims == 1 else f"{kernel}x{kernel}", how),
        ("stride", str(settings["stride"]), how),
        ("padding", str(settings["padding"]), how),
        ("dilation", str(settings["dilation"]), how),
        ("groups", str(settings["groups"]), how),
        ("in-channels", str(settings["in_channels"]), how),
        ("out-channels", str(settings["out_channels"]), how),
        ("bias", "true" if bias else "false", how),
    ]
    if transposed:
        facts.append(("output-padding", str(settings["output_padding"]), how))
    return facts + _block_input(block, settings["in_channels"])


# a tensor made or changed in the block: "x = torch.randn(...)", "x = F.max_pool2d(x, 2)"
_ASSIGNED = re.compile(r"^\s*([A-Za-z_]\w*)\s*=(?!=)", re.MULTILINE)
_CREATED = re.compile(
    r"^\s*([A-Za-z_]\w*)\s*=\s*torch\.(?:randn|rand|zeros|ones|empty)\(", re.MULTILINE
)


def _block_input(block: str, channels: int) -> list[tuple[str, str, str]]:
    """The input the block makes for its one layer (``x = torch.randn(1, 1, 9, 9,
    requires_grad=True)``, read by input_tuples): one tensor, of the layer's channels."""
    from symconv.checker.input_tuples import input_tuple_facts

    found = input_tuple_facts(block)
    read = dict(found)
    if len(found) > 4 or read.get("c_in") != channels:
        return []  # several tensors, or not the layer's: which one it takes is a guess
    names = _ASSIGNED.findall(block)
    made = set(_CREATED.findall(block))
    if any(names.count(name) > 1 for name in made):
        return []  # x = F.max_pool2d(x, 2) after x = torch.randn(...): the shape changed
    facts = [("input", f"{read['in_h']}x{read['in_w']}", "prose")]
    return facts + ([("batch", str(read["batch"]), "prose")] if "batch" in read else [])


def input_shape_facts(line: str) -> list[tuple[str, str, str]]:
    """An input given as an (N, C, H, W) tuple: its channels and its H x W.

    Not where the line says the layout is channels last ("(8, 32, 32, 3) in TensorFlow,
    channels last", NHWC), nor where the numbers look like it and nothing says otherwise
    ((8, 32, 32, 3): a square 32 x 32 map of 3 channels, or 32 channels of 32 x 3): which
    axis holds the channels is then input_tuples' reading (from the passage's stated
    layout) or none."""
    from symconv.checker.input_tuples import says_channels_last

    m = _INPUT_SHAPE.search(line)
    if m is None:
        return []
    channels, height, width = m.groups()
    if says_channels_last(line) or channels == height != width:
        return []
    return [("input", f"{height}x{width}", "prose"), ("in-channels", channels, "prose")]


# "Take `H, W, K, S, P = 7, 9, 3, 2, 1`", "with H = W = 5": a tuple assignment of the size
# letters a notebook uses; each letter's role is the usual one of that letter
_LETTER_ROLES = {
    "H": "input-h",
    "W": "input-w",
    "K": "kernel",
    "k": "kernel",
    "S": "stride",
    "s": "stride",
    "P": "padding",
    "p": "padding",
    # the CS231n / NumPy notebook shapes: x of shape (N, C, H, W), w of shape (F, C, K, K)
    "N": "batch",
    "C": "in-channels",
    "F": "out-channels",
}
_ASSIGNMENT = re.compile(
    r"`?\$?\(?\s*((?:[A-Za-z]\s*,\s*){2,6}[A-Za-z])\s*\)?\s*=\s*\(?\s*"
    r"((?:\d{1,4}\s*,\s*){2,6}\d{1,4})\s*\)?\$?`?"
)


def assigned_sizes(line: str) -> list[tuple[str, str, str]]:
    """Facts from the tuple assignments of size letters on a line (``(N, C, H, W) = (2, 3,
    5, 5)``, ``(F, C, K, K) = (2, 3, 3, 3)``: a weight's shape names its kernel twice); none
    if a letter is not a size letter, one letter takes two values, or the counts differ
    (then the reading would be a guess)."""
    found = list(_ASSIGNMENT.finditer(line))
    if not found:
        return []
    given: dict[str, str] = {}
    for m in found:
        letters = [x.strip() for x in m.group(1).split(",")]
        values = [x.strip() for x in m.group(2).split(",")]
        if len(letters) != len(values):
            return []
        for letter, value in zip(letters, values, strict=True):
            if letter not in _LETTER_ROLES or given.get(letter, value) != value:
                return []
            given[letter] = value
    roles: dict[str, str] = {}
    for letter, value in given.items():
        if roles.get(_LETTER_ROLES[letter], value) != value:
            return []  # k and K both, with two values: which is the kernel is a guess
        roles[_LETTER_ROLES[letter]] = value
    facts: list[tuple[str, str, str]] = []
    if "input-h" in roles and "input-w" in roles:
        facts.append(("input", f"{roles['input-h']}x{roles['input-w']}", "prose"))
    elif "input-h" in roles or "input-w" in roles:
        return []  # one side of the input: the other is a guess
    if "kernel" in roles:
        facts.append(("kernel", f"{roles['kernel']}x{roles['kernel']}", "prose"))
    keys = ("stride", "padding", "in-channels", "out-channels", "batch")
    facts += [(key, roles[key], "prose") for key in keys if key in roles]
    return facts
