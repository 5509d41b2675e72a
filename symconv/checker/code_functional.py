"""A layer a code block states as a call of PyTorch's functional convolution:
``y = F.conv2d(x, w, stride=2, padding=1)`` after ``x = torch.randn(1, 1, 6, 6)`` and
``w = torch.randn(1, 1, 3, 3)``.

Gradient checks, gists and notebooks build no ``nn.Conv2d``: they call
``torch.nn.functional.conv{1,2}d(input, weight, bias=None, stride=1, padding=0, dilation=1,
groups=1)`` or ``conv_transpose{1,2}d(input, weight, bias=None, stride=1, padding=0,
output_padding=0, groups=1, dilation=1)`` on tensors the block makes.  The call states the
layer as firmly as a constructor: every option it leaves out takes PyTorch's default, and
the bias is the third argument (absent or ``None``: no bias).  The sizes are the shapes the
block gives the two tensors it passes (``torch.randn/rand/zeros/ones/empty(N, C, H, W)``):
the input's (N, C, H, W), the weight's (C_out, C_in/groups, k, k) -- (C_in, C_out/groups,
k, k) for a transposed call.  One call in the block and no constructor, options that are
whole numbers, a square input and kernel whose channels agree, and each tensor made once:
else nothing is stated (a guess would be worse than the notes' silence).
"""

from __future__ import annotations

import re

from symconv.checker.layer_counts import _arguments

_CALL = re.compile(
    r"\b(?:F|functional|torch\.nn\.functional)\.(?P<kind>conv|conv_transpose)(?P<dims>[12])d"
    r"\s*\((?P<args>[^()]*(?:\([^()]*\)[^()]*)*)\)"
)
_ANY_CALL = re.compile(r"\bconv(?:_transpose)?[123]d\s*\(|\bConv(?:Transpose)?[123]d\s*\(")
_MADE = re.compile(
    r"(?m)^\s*(?P<name>[A-Za-z_]\w*)\s*=\s*torch\.(?:randn|rand|zeros|ones|empty)\s*\(\s*"
    r"(?P<shape>\d+(?:\s*,\s*\d+)*)\s*(?:,\s*[a-z_]+\s*=\s*[^()]*?)?\)"
)
_OPTIONS = {
    "conv": ("bias", "stride", "padding", "dilation", "groups"),
    "conv_transpose": ("bias", "stride", "padding", "output_padding", "groups", "dilation"),
}
_DEFAULTS = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1, "output_padding": 0}


def _shapes(block: str) -> dict[str, tuple[int, ...] | None]:
    """name -> the shape the block makes it with (None: made twice)."""
    found: dict[str, tuple[int, ...] | None] = {}
    for m in _MADE.finditer(block):
        shape = tuple(int(v) for v in m.group("shape").split(","))
        name = m.group("name")
        found[name] = shape if name not in found else None
    return found


def _square(value: object) -> int | None:
    if isinstance(value, tuple) and value and len(set(value)) == 1:
        value = value[0]
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def functional_facts(block: str) -> list[tuple[str, str, str]]:
    """(key, value, how) for the one functional convolution a code block calls."""
    calls = list(_CALL.finditer(block))
    if len(calls) != 1 or len(_ANY_CALL.findall(block)) != 1:
        return []
    m = calls[0]
    kind, dims = m.group("kind"), int(m.group("dims"))
    parts = [p.strip() for p in re.split(r",(?![^()]*\))", m.group("args")) if p.strip()]
    names = [p for p in parts if "=" not in p]
    if len(names) < 2 or parts[: len(names)] != names:
        return []
    x_name, w_name, *rest = names
    bias = "false"
    if rest and (rest[0] != "None" or len(rest) > 1):
        return []  # a bias tensor passed, or options by position: not read here
    keywords = ", ".join(p for p in parts if "=" in p)
    args, kwargs = _arguments(keywords)
    if args is None or args or any(k not in _OPTIONS[kind] for k in kwargs):
        return []
    if "bias" in re.findall(r"(\w+)\s*=", keywords):
        value = re.search(r"\bbias\s*=\s*([^,]+)", keywords)
        if value is None or value.group(1).strip() != "None":
            return []
        kwargs.pop("bias", None)
    settings = {**_DEFAULTS, **kwargs}
    if any(_square(settings[k]) is None for k in settings):
        return []
    options = {k: _square(v) for k, v in settings.items()}
    shapes = _shapes(block)
    x, w = shapes.get(x_name), shapes.get(w_name)
    if x is None or w is None or len(x) != dims + 2 or len(w) != dims + 2:
        return []
    if len(set(x[2:])) != 1 or len(set(w[2:])) != 1:
        return []
    groups = options["groups"]
    if kind == "conv":
        c_in, c_out, per = x[1], w[0], w[1]
        if per * groups != c_in or c_out % groups:
            return []
    else:
        c_in, c_out = x[1], w[1] * groups
        if w[0] != c_in or c_in % groups:
            return []
    side = (lambda n: str(n)) if dims == 1 else (lambda n: f"{n}x{n}")
    how = "prose"  # a call states the layer as firmly as a constructor
    facts = [
        ("layer", f"{'conv_transpose' if kind == 'conv_transpose' else 'conv'}{dims}d", how),
        ("input", side(x[2]), how),
        ("kernel", side(w[2]), how),
        ("stride", str(options["stride"]), how),
        ("padding", str(options["padding"]), how),
        ("dilation", str(options["dilation"]), how),
        ("groups", str(groups), how),
        ("in-channels", str(c_in), how),
        ("out-channels", str(c_out), how),
        ("batch", str(x[0]), how),
        ("bias", bias, how),
    ]
    if kind == "conv_transpose":
        facts.append(("output-padding", str(options["output_padding"]), how))
    return facts
