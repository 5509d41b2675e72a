"""``symconv derive lenet``: seed 000's document, extended to every layer of LeNet-5.

The table of shapes, activations and parameters comes from :mod:`symconv.spec.shape_table`; each
convolution gets the general forward and backward forms of :mod:`conv_notes` (the sizes
are far too large to write out, and the notes say so); pooling, dense layers,
activations and the loss are printed from the closed forms their proofs use.
"""

from __future__ import annotations

import re

import sympy

from symconv.layers.dense import DenseLayer
from symconv.layers.elementwise import ActivationLayer, SoftmaxCrossEntropyLayer, textbook_slope
from symconv.layers.pool import pool_layer
from symconv.notes.case import ConvCase
from symconv.notes.conv_notes import check_of, write_conv
from symconv.notes.document import Document, Table
from symconv.notes.i18n import check_language, number, phrase, statement_text
from symconv.notes.writer import Writer
from symconv.ops.pointwise import activation_function
from symconv.printing import Notation, PrintContext, latex, notation
from symconv.proofs.problems import image
from symconv.proofs.proof import Proof
from symconv.spec.layer import Conv, ConvTranspose, Dense, Pool, Shape
from symconv.spec.network import Network, lenet5
from symconv.spec.shape_table import formula

CONV_SECTIONS = ("setup", "forward", "backward", "closed", "verified")


def lenet_document(
    notation_name: str = "superscript",
    lang: str = "en",
    index_base: int | None = None,
    title: str | None = None,
) -> Document:
    return network_document(lenet5(), notation_name, lang, index_base, title)


def network_document(
    net: Network,
    notation_name: str = "superscript",
    lang: str = "en",
    index_base: int | None = None,
    title: str | None = None,
    source: str | None = None,
) -> Document:
    """Every layer of ``net`` (LeNet-5, or a network .toml named by ``source``)."""
    nt = notation(notation_name, index_base)
    lenet = source is None and net.name == "lenet"
    heading = phrase(check_language(lang), "title_lenet" if lenet else "title_network")
    doc = Document(
        title or heading.format(name=net.name),
        lang,
        nt.name,
        {"network": net.name, "notation": nt.name, "index_base": nt.index_base},
    )
    doc.front = {
        "network": source or net.name,
        "notation": nt.name,
        "index-base": str(nt.index_base),
    }
    w = Writer(doc, PrintContext(nt))
    c, h, wd = net.input_shape
    if lenet:
        w.para("lenet_intro", shape=rf"{h} \times {wd} \times {c}")
    else:
        w.para("network_intro", t_name=net.name, shape=rf"{h} \times {wd} \times {c}")
    table(w, net)
    for position, (spec, shape_in, shape_out) in enumerate(net.shapes(), 1):
        layer_nt = nt.with_layer(_layer_number(spec.name, position))
        w.ctx = PrintContext(layer_nt)
        if isinstance(spec, Conv):
            w.heading(2, "lenet_conv", name=spec.name)
            case = ConvCase(spec, image(shape_in)[1:], layer_nt)
            w.ctx, w.shift = case.ctx, 1
            write_conv(w, case, CONV_SECTIONS)
            w.shift = 0
        elif isinstance(spec, ConvTranspose):
            transposed(w, spec, shape_in, layer_nt)
        elif isinstance(spec, Pool):
            pooling(w, spec, shape_in, layer_nt)
        elif isinstance(spec, Dense):
            dense(w, spec, layer_nt)
        kind = getattr(spec, "activation", None)  # pooling has none
        if kind:
            activation(w, kind, shape_out, layer_nt, spec.name)
    last = net.shapes()[-1][2] if net.layers else net.input_shape
    if net.loss and len(last) == 1:  # the loss reads a vector of class scores
        loss(w, last[0], nt)
    return doc


def transposed(w: Writer, spec: ConvTranspose, shape_in: Shape, nt: Notation) -> None:
    """A transposed convolution's section: the single layer's notes (scatter, output size
    with output padding, chain rule, closed forms, proofs) one heading level down."""
    from symconv.notes.transpose_case import TransposeCase
    from symconv.notes.transpose_notes import transpose_builders

    w.heading(2, "lenet_conv_transpose", name=spec.name)
    case = TransposeCase(spec, image(shape_in)[1:], nt)
    w.ctx, w.shift = case.ctx, 1
    write_conv(w, case, CONV_SECTIONS, builders=transpose_builders())
    w.shift = 0


def _layer_number(name: str, position: int) -> str:
    """C1 -> 1, S2 -> 2 (seed 000 writes Z^{[1]} for C1); otherwise the position."""
    digits = re.findall(r"\d+", name)
    return digits[0] if digits else str(position)


def table(w: Writer, net: Network) -> None:
    rows = net.table()
    words = [
        phrase(w.lang, k)
        for k in ("header_layer", "header_output", "header_act", "header_params", "header_formula")
    ]

    def num(value: int) -> str:  # inside a formula: 61{,}706 or 61\,706
        return number(w.lang, value, math=True)

    body = []
    for r in rows:
        shape = r" \times ".join(map(str, r.output))
        # A one-axis output is its own count: "120", not "120 = 120".
        acts = (
            num(r.activations)
            if len(r.output) == 1
            else r" \cdot ".join(map(str, r.output)) + f" = {num(r.activations)}"
        )
        params = formula(r, r" \cdot ")
        params = re.sub(r"\d{4,}", lambda m: num(int(m[0])), params)
        body.append(
            [
                [("text", r.name)],
                [("math", shape)],
                [("math", acts)],
                [("text", number(w.lang, r.params))],
                [("text", "—")] if params == "-" else [("math", params)],
            ]
        )
    total_act = sum(r.activations for r in rows)
    total = sum(r.params for r in rows)
    body.append(
        [
            [("text", phrase(w.lang, "total"))],
            [("text", "—")],
            [("text", number(w.lang, total_act))],
            [("text", number(w.lang, total))],
            [("text", "—")],
        ]
    )
    w.doc.blocks.append(Table(words, body))
    w.para("lenet_total", n_params=total)


def _checks(w: Writer, proofs: list[Proof], forms: dict[str, str]) -> None:
    # A proof with no printed form (max pooling's routing rule) shows its statement as words.
    w.verified(
        [
            check_of(p, forms.get(p.identity, rf"\text{{{statement_text(w.lang, p.statement)}}}"))
            for p in proofs
        ]
    )


def pooling(w: Writer, spec: Pool, shape_in: Shape, nt: Notation) -> None:
    w.heading(2, "lenet_pool", name=spec.name)
    layer = pool_layer(spec, image(shape_in))
    out = spec.output_shape(shape_in)
    w.ctx = PrintContext(
        nt, {"X": tuple(shape_in), "Z": out, "G": out, "W": (shape_in[0], 1, *spec.kernel)}
    )
    key = "lenet_pool_intro" if spec.op == "avg" else "lenet_maxpool_intro"
    k = sympy.Rational(1, spec.kernel[0] * spec.kernel[1])
    w.para(key, k=latex(k, w.ctx) + r"\,\mathbf{1}", G=nt.tensor("G"))
    forms = {}
    for identity in layer.identities():
        lhs = nt.tensor("Z") if identity.of == "Z" else nt.grad_tensor(identity.of)
        forms[identity.name] = f"{lhs} = {w.tex(identity.closed)}"
        w.equation(lhs, [w.tex(identity.closed)], expr=identity.closed)
    _checks(w, layer.prove(kernels=False), forms)


def dense(w: Writer, spec: Dense, nt: Notation) -> None:
    w.heading(2, "lenet_dense", name=spec.name)
    layer = DenseLayer(spec)
    w.ctx = PrintContext(
        nt,
        {
            "X": (spec.in_features,),
            "W": (spec.out_features, spec.in_features),
            "Z": (spec.out_features,),
            "G": (spec.out_features,),
        },
    )
    w.para("lenet_dense_intro")
    forms = {}
    for identity in layer.identities():
        lhs = nt.tensor("Z") if identity.of == "Z" else nt.grad_tensor(identity.of)
        forms[identity.name] = f"{lhs} = {w.tex(identity.closed)}"
        w.equation(lhs, [w.tex(identity.closed)], expr=identity.closed)
    _checks(w, layer.prove(kernels=False), forms)


def activation(w: Writer, kind: str, shape: Shape, nt: Notation, name: str) -> None:
    """A = σ(Z) and dZ = dA ⊙ σ'(Z), σ' printed from the same SymPy function the proof uses."""
    suffix = f"^{{[{nt.layer}]}}" if nt.layer is not None else ""
    z, a = sympy.Symbol("Z" + suffix), sympy.Symbol("A" + suffix)
    w.para("lenet_activation")
    w.equation(w.tex(a), [w.tex(activation_function(kind, z))])
    slope = textbook_slope(kind, z)
    factor = w.tex(slope)
    if isinstance(slope, sympy.Add):  # dA ⊙ (1 - tanh²Z), not dA ⊙ 1 - tanh²Z
        factor = rf"\left({factor}\right)"
    rhs = rf"{nt.grad_entry(w.tex(a))} \odot {factor}"
    lhs = nt.grad_entry(w.tex(z))
    w.equation(lhs, [rhs])
    proofs = ActivationLayer(kind, shape, name=name).prove(kernels=False)
    _checks(w, proofs, {"dL/dZ": f"{lhs} = {rhs}"})


def loss(w: Writer, classes: int, nt: Notation) -> None:
    w.heading(2, "lenet_loss")
    w.para("lenet_loss_intro")
    z, y = sympy.Symbol("z"), sympy.Symbol("y")
    rhs = sympy.Function("softmax")(z) - sympy.Function("onehot")(y)
    w.ctx = PrintContext(nt)
    lhs = nt.partial(nt.loss, "z")
    w.equation(lhs, [w.tex(rhs)], expr=rhs)
    proofs = SoftmaxCrossEntropyLayer(classes).prove(kernels=False)
    _checks(w, proofs, {"dL/dZ": f"{lhs} = {w.tex(rhs)}"})
