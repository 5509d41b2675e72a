"""``symconv derive`` for one pooling, dense, activation or loss layer (every kind that
``symconv prove`` takes besides the convolutions, which have :mod:`conv_notes`).

Each document has the set-up (the shapes) and the layer's section as the network notes
write it (:mod:`symconv.notes.lenet_doc`): the closed forms its proofs use, printed from the
same nodes, and the verified box of those proofs at this size.
"""

from __future__ import annotations

from typing import Any

from symconv.errors import SymconvError
from symconv.notes.conv_forward import _row, real_space
from symconv.notes.document import Document
from symconv.notes.i18n import check_language, phrase
from symconv.notes.lenet_doc import activation, dense, loss, pooling
from symconv.notes.writer import Writer
from symconv.printing import PrintContext, notation
from symconv.spec.layer import ACTIVATIONS, Dense, check_input, pool
from symconv.spec.options import TRANSPOSED, boolean, size, text, whole

POOLS = ("avgpool2d", "maxpool2d")
KINDS = (*POOLS, "dense", *ACTIVATIONS, "softmax_cross_entropy")
# The options each kind reads (the convolutions' are in conv_notes); any other given
# option is refused, naming the kinds it applies to.
APPLIES = {
    **{k: ("input", "in_channels", "kernel", "stride", "padding") for k in POOLS},
    "dense": ("in_features", "out_features", "bias"),
    **{k: ("input", "in_channels") for k in ACTIVATIONS},
    "softmax_cross_entropy": ("classes",),
}
CONV_OPTIONS = (
    "input",
    "kernel",
    "stride",
    "padding",
    "dilation",
    "in_channels",
    "out_channels",
    "groups",
    "mode",
    "bias",
)
TRANSPOSE_OPTIONS = (*CONV_OPTIONS[:-2], "output_padding", "bias")  # no mode
WEIGHTED = {
    **dict.fromkeys(("conv1d", "conv2d"), CONV_OPTIONS),
    **dict.fromkeys(TRANSPOSED, TRANSPOSE_OPTIONS),
}


def check_kind(kind: str) -> str:
    if kind not in (*WEIGHTED, *KINDS):
        raise SymconvError(
            f"layer {kind!r} is unknown; the rule: one of "
            f"{', '.join((*WEIGHTED, *KINDS))}, lenet or a network .toml file"
        )
    return kind


def refuse_other_options(kind: str, given: list[str]) -> None:
    """A given option the layer kind does not read is an error, not silently ignored."""
    check_kind(kind)
    table = {**WEIGHTED, **APPLIES}
    for option in given:
        if option not in table[kind]:
            kinds = [k for k in table if option in table[k]]
            flag = "--no-bias" if option == "bias" else "--" + option.replace("_", "-")
            raise SymconvError(
                f"{flag} does not apply to {kind}; the rule: it applies to {', '.join(kinds)}"
            )


def layer_document(
    kind: str,
    options: dict[str, Any],
    notation_name: str = "subscript",
    lang: str = "en",
    index_base: int | None = None,
    title: str | None = None,
) -> Document:
    """The document of one non-convolution layer; ``options`` as for :func:`conv_layer`
    (strings from the command line or TOML values; None for a default)."""
    lang = check_language(lang)
    check_kind(kind)
    nt = notation(notation_name, index_base)
    doc = Document(
        title or phrase(lang, "title_" + kind),
        lang,
        nt.name,
        {"layer": kind, "notation": nt.name, "index_base": nt.index_base},
    )
    w = Writer(doc, PrintContext(nt))
    front = {"layer": kind}
    if kind in POOLS:
        kernel = size("--kernel", text(options, "kernel", "2"), 2)
        stride = (
            None if options.get("stride") is None else size("--stride", text(options, "stride"), 2)
        )
        padding = size("--padding", text(options, "padding", "0"), 2)
        spec = pool(kind[:3], kernel, stride, padding, name=kind)
        shape = (whole(options, "in_channels"), *size("--input", text(options, "input", "4"), 2))
        out = spec.output_shape(shape)
        _setup(w, {nt.tensor("X"): shape, nt.tensor("Z"): out})
        pooling(w, spec, shape, nt)
        front |= {
            "input": f"{shape[1]}x{shape[2]}",
            "in-channels": str(shape[0]),
            "kernel": "x".join(map(str, spec.kernel)),
            "stride": "x".join(map(str, spec.stride)),
            "padding": ",".join(map(str, spec.padding)),
        }
    elif kind == "dense":
        layer = Dense(
            whole(options, "in_features", 4),
            whole(options, "out_features", 3),
            boolean(options, "bias"),
            name="dense",
        )
        roles = {
            "X": (layer.in_features,),
            "W": (layer.out_features, layer.in_features),
            "b": (layer.out_features,) if layer.bias else None,
            "Z": (layer.out_features,),
        }
        _setup(w, {nt.tensor(r): shape for r, shape in roles.items() if shape})
        dense(w, layer, nt)
        front |= {
            "in-features": str(layer.in_features),
            "out-features": str(layer.out_features),
            "bias": "true" if layer.bias else "false",
        }
    elif kind in ACTIVATIONS:
        shape = (whole(options, "in_channels"), *size("--input", text(options, "input", "4"), 2))
        check_input(kind, shape)
        suffix = f"^{{[{nt.layer}]}}" if nt.layer is not None else ""  # as activation() does
        _setup(w, {"Z" + suffix: shape})
        w.heading(2, "forward")
        activation(w, kind, shape, nt, kind)
        front |= {"input": f"{shape[1]}x{shape[2]}", "in-channels": str(shape[0])}
    elif kind == "softmax_cross_entropy":
        classes = whole(options, "classes", 10)
        if classes < 1:
            raise SymconvError(f"--classes {classes} is not allowed; the rule: at least 1")
        loss(w, classes, nt)
        front |= {"classes": str(classes)}
    else:  # a convolution: conv_notes writes it
        raise SymconvError(f"layer {kind!r} has its own notes; the rule: conv_document")
    doc.front = front | {"notation": nt.name, "index-base": str(nt.index_base)}
    return doc


def _setup(w: Writer, shapes: dict[str, tuple[int, ...]]) -> None:
    """The set-up heading and the shape of every tensor, as the convolution notes give them
    (an image H x W x C in a channels-last notation such as seed 000's)."""
    w.heading(2, "setup")
    last = w.context().notation.channels_last

    def shown(shape: tuple[int, ...]) -> tuple[int, ...]:
        return (*shape[1:], shape[0]) if last and len(shape) == 3 else shape

    w.doc.blocks.append(
        _row(
            r",\quad ".join(
                f"{tensor} \\in {real_space(shown(shape))}" for tensor, shape in shapes.items()
            )
        )
    )
