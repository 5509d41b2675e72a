"""A network built in PyTorch code: ``nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(),
nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 14 * 14, 10))`` or one layer per line
(``self.conv1 = nn.Conv2d(1, 6, 5)``), read as network-file entries in the order written.
``nn.AdaptiveAvgPool2d(1)`` (``AdaptiveMaxPool2d(1)``, ``(1, 1)``) is a global pooling: one
window over the whole map it gets, whatever its side, so each channel leaves one number.

Every argument must be a whole number (or a product of them, ``8 * 14 * 14``) or a boolean;
what a constructor leaves out is PyTorch's default (stride 1, padding 0, a pooling's stride
its window, bias True).  An activation or ``Flatten`` adds no layer.  The stated input
widths are kept (``in_channels``, ``in_features``) so the caller can check the chain.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from symconv.checker.constructor_claims import Built

Entry = dict[str, Any]  # one layer, as a network file's [[layers]] table
# "self.conv1 = ", "conv2 = ": the name a line assigns the layer it builds
_ASSIGNED = re.compile(r"(?:self\.)?([A-Za-z_]\w*)\s*=\s*(?:torch\.)?(?:nn\.)?$")

_CALL = re.compile(
    r"(?:torch\.)?(?:nn\.)?\b(Conv2d|MaxPool2d|AvgPool2d|Adaptive(?:Avg|Max)Pool2d|Linear|Flatten|"
    r"ReLU|Tanh|Sigmoid)\s*\("
)


def _call_args(text: str, at: int) -> tuple[str, int] | None:
    """The argument text of the call whose ``(`` is at ``at``, and where it ends."""
    depth = 0
    for k in range(at, len(text)):
        depth += {"(": 1, ")": -1}.get(text[k], 0)
        if depth == 0:
            return text[at + 1 : k], k
    return None


def _value(text: str) -> int | bool | None:
    text = text.strip()
    if text in ("True", "False"):
        return text == "True"
    if re.fullmatch(r"\d+(?:\s*\*\s*\d+)*", text):
        product = 1
        for n in re.findall(r"\d+", text):
            product *= int(n)
        return product
    return None


_POSITIONAL = {
    "Conv2d": ("in_channels", "out_channels", "kernel_size", "stride", "padding"),
    "MaxPool2d": ("kernel_size", "stride", "padding"),
    "AvgPool2d": ("kernel_size", "stride", "padding"),
    "Linear": ("in_features", "out_features", "bias"),
    "AdaptiveAvgPool2d": ("output_size",),
    "AdaptiveMaxPool2d": ("output_size",),
}


# a parameter of a signature with a whole-number default: "num_classes: int = 10"
_DEFAULT = re.compile(r"\b([a-z_]\w*)\s*(?::\s*int\s*)?=\s*(\d+)\s*[,)]")


def _signature_defaults(block: str) -> dict[str, str]:
    """The whole-number defaults of the ``def`` signatures of the block (``def __init__(self,
    num_classes: int = 10)``): a layer built with ``num_classes`` has that many outputs
    when the model is built with its defaults, as the notes' code shows it.  A name given
    two defaults, or assigned again in the block, is none."""
    found: dict[str, set[str]] = {}
    for sig in re.finditer(r"\bdef\s+\w+\s*\(([^)]*)\)", block):
        for m in _DEFAULT.finditer(sig.group(1) + ")"):
            found.setdefault(m.group(1), set()).add(m.group(2))
    return {
        name: values.pop()
        for name, values in found.items()
        if len(values) == 1 and not re.search(rf"^\s*(?:self\.)?{name}\s*=", block, re.M)
    }


# a comment after a constructor that is one name and nothing else: "# L1", "# conv_a"
# (a comment of words, "# no padding", names nothing)
# ("# fc": the one layer name notes write without a number)
_COMMENT_NAME = re.compile(r"\s*,?\s*\)?\s*,?\s*#\s*([A-Za-z]+_?\d+|[A-Za-z]+_[A-Za-z0-9]+|fc)\s*$")


# a forward() that changes a map's side or channels in calls, not layers (``F.max_pool2d(x,
# 2)``, ``torch.cat``): the layers built are not the whole network, whose sizes they miss
RESAMPLING_CALLS = re.compile(
    r"\b(?:F|functional)\.(?:max_pool|avg_pool|lp_pool|adaptive_\w*pool|interpolate|upsample\w*|"
    r"pad|pixel_(?:un)?shuffle|unfold|fold|conv)\w*|\btorch\.(?:cat|stack|concat)\b"
)


def _code_entries(block: str) -> tuple[list[Entry], dict[str, int]] | None:
    """The layers the block builds, in order, and the names it assigns them
    (``self.conv1 = nn.Conv2d(...)``: conv1); None where its code also pools, pads,
    resamples or joins maps in calls (the layers built are not all the network does)."""
    if RESAMPLING_CALLS.search(re.sub(r"#.*", "", block)):
        return None
    entries: list[Entry] = []
    labels: dict[str, int] = {}
    commented: list[tuple[str, int]] = []
    defaults = _signature_defaults(block)
    for m in _CALL.finditer(block):
        kind = m.group(1)
        assigned = _ASSIGNED.search(block[block.rfind("\n", 0, m.start()) + 1 : m.start()])
        got = _call_args(block, m.end() - 1)
        if got is None:
            return None
        args: Entry = {}
        parts = [p for p in re.split(r",(?![^()]*\))", got[0]) if p.strip()]
        for n, part in enumerate(parts):
            key, eq, value = part.partition("=")
            name = key.strip() if eq else (_POSITIONAL.get(kind, ())[n : n + 1] or ("?",))[0]
            written = (value if eq else key).strip()
            if kind.startswith("Adaptive") and re.fullmatch(r"\(\s*1\s*,\s*1\s*\)", written):
                written = "1"  # AdaptiveAvgPool2d((1, 1)): side 1 both ways
            parsed = _value(defaults.get(written, written))  # Linear(256, num_classes)
            if parsed is None or name == "?":
                return None
            args[name] = parsed
        if kind in ("Flatten", "ReLU", "Tanh", "Sigmoid"):
            continue
        if kind.startswith("Adaptive"):
            # an output of side 1: each window is the whole map (notes_network._built sizes it)
            if set(args) - {"output_size"} or args.get("output_size") != 1:
                return None  # AdaptiveAvgPool2d(7): windows that overlap by rounding, not read
            entry = {"kind": "maxpool2d" if "Max" in kind else "avgpool2d", "kernel": "global"}
        elif kind == "Conv2d":
            known = {
                *("in_channels", "out_channels", "kernel_size", "stride", "padding", "bias"),
                "dilation",
            }
            if set(args) - known or not {"in_channels", "out_channels", "kernel_size"} <= set(args):
                return None
            entry = {"kind": "conv2d", "out_channels": args["out_channels"]}
            entry.update(kernel=args["kernel_size"], stride=args.get("stride", 1))
            entry.update(padding=args.get("padding", 0), bias=bool(args.get("bias", True)))
            entry.update(dilation=args.get("dilation", 1), in_channels=args["in_channels"])
        elif kind == "Linear":
            if set(args) - {"in_features", "out_features", "bias"} or len(args) < 2:
                return None
            entry = {"kind": "dense", "out_features": args["out_features"]}
            entry.update(bias=bool(args.get("bias", True)), in_features=args["in_features"])
        else:
            if set(args) - {"kernel_size", "stride", "padding"} or "kernel_size" not in args:
                return None
            entry = {"kind": kind[:3].lower() + "pool2d", "kernel": args["kernel_size"]}
            entry.update(stride=args.get("stride", args["kernel_size"]))
            entry["padding"] = args.get("padding", 0)
        if assigned is not None:
            labels[assigned.group(1).lower()] = len(entries)
        else:  # "nn.Conv2d(3, 16, 3, padding=1),  # L1": the name a comment gives the layer
            end = block.find("\n", got[1])
            named = _COMMENT_NAME.match(block[got[1] + 1 : end if end >= 0 else len(block)])
            if named is not None:
                commented.append((named.group(1).lower(), len(entries)))
        entries.append(entry)
    names = [name for name, _ in commented]
    for name, index in commented:  # (a name two comments give is no layer's)
        if names.count(name) == 1 and name not in labels:
            labels[name] = index
    return entries, labels


def code_networks(
    document: list[str],
) -> list[tuple[int, int, list[Entry], dict[str, int]]]:
    """Code blocks that build two or more layers: (first line, last line, entries, labels)."""
    found: list[tuple[int, int, list[Entry], dict[str, int]]] = []
    i = 0
    while i < len(document):
        if document[i].lstrip().startswith("```"):
            j = i + 1
            while j < len(document) and not document[j].lstrip().startswith("```"):
                j += 1
            read = _code_entries("\n".join(document[i + 1 : j]))
            if read is not None and len(read[0]) >= 2:
                found.append((i, j, *read))
            i = j + 1
            continue
        i += 1
    return found


def keras_code_networks(
    document: list[str],
) -> list[tuple[int, int, list[Entry], list[int]]]:
    """Keras models of the notes' code read whole (keras_layers.py), as (first line, last
    line, entries, input [H, W, C]): a 2-D model whose every layer is a network-file layer.
    A "same" padding is read as the padding d(k - 1)/2 on each side, which keeps the side at
    stride 1 as Keras does (ceil(h/1) = h = h + 2p - d(k - 1)); a "same" at another stride
    pads one side more than the other, which no entry says, so such a model is not read.
    Nor is one with a layer that has no entry (``Flatten``, ``Dropout``,
    ``BatchNormalization``): Keras counts it among the layers (its summary lists it), the
    notes may number it or not, so which layer "H_4" or "P_5" names is not read."""
    from symconv.checker.keras_layers import _INPUT, _SKIP, keras_layers, keras_networks

    unnumbered = re.compile(rf"\b(?:Flatten|{'|'.join(_SKIP)})\s*\(")
    found: list[tuple[int, int, list[Entry], list[int]]] = []
    for first, last, code in keras_networks(document):
        start = _INPUT.search(code)
        if start is None or start.group(2) is None or unnumbered.search(code):
            continue  # a 1-D model: not a network of maps; a layer without an entry
        entries = [_keras_entry(layer) for layer, _ in keras_layers(code)]
        if len(entries) < 2 or any(e is None for e in entries):
            continue
        shape = [int(start.group(1)), int(start.group(2)), int(start.group(3))]
        found.append((first, last, [e for e in entries if e is not None], shape))
    return found


def _keras_entry(layer: Built) -> Entry | None:
    c = layer.settings
    if layer.kind == "Linear":
        return {"kind": "dense", "out_features": c["out_features"], "bias": bool(c["bias"])}
    if c.get("same"):
        span = c["dilation"] * (c["kernel_size"] - 1)
        if c["stride"] != 1 or span % 2:
            return None
        padding = span // 2
    else:
        padding = 0
    if layer.kind == "Conv":
        if c.get("groups", 1) != 1:
            return None  # a depthwise layer: not a network-file convolution
        entry: Entry = {"kind": "conv2d", "out_channels": c["out_channels"]}
        entry.update(kernel=c["kernel_size"], stride=c["stride"], padding=padding)
        entry.update(dilation=c["dilation"], bias=bool(c["bias"]))
        entry["in_channels"] = c["in_channels"]
        return entry
    kind = "maxpool2d" if layer.kind == "MaxPool" else "avgpool2d"
    if c.get("whole"):
        return {"kind": kind, "kernel": "global"}
    return {"kind": kind, "kernel": c["kernel_size"], "stride": c["stride"], "padding": padding}
