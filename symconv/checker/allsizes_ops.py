"""An operator claim with symbolic sizes as closed-form nodes, at one set of sizes.

``build_node(tree, sizes, spec)`` evaluates every size the claim writes (``(s_h, s_w)``,
``k-1``) at ``sizes`` and builds the nodes of :mod:`symconv.ops`, exactly as a layer
builds its own closed forms; the general prover reads the nodes built at its two templates
back into symbols (general/translate.py), the element-wise evaluator expands them at small
sizes.  The notation is the one the printer's ``_print_<Node>`` rules write at symbolic sizes
(printing/latex.py, the general documents):

- ``\\operatorname{pad}_{p_t,p_b,p_l,p_r}(X)``, ``\\operatorname{crop}_{...}(\\cdot)``,
  ``\\operatorname{dilate}_{(s_h,s_w)}(G)``, ``\\operatorname{rot}_{180^\\circ}(\\cdot)``;
- ``A \\star_{s=(s_h,s_w),d=(d_h,d_w),g=g} K`` (omitted keys are 1; ``g`` must be the
  layer's groups): X against G is the weight gradient's correlation, ``{W}^{\\top}`` the
  kernel with its channels exchanged;
- ``\\operatorname{full}(\\operatorname{dilate}(G) \\star_{d=..} \\operatorname{rot}_{180}(W^T))``;

and, as notes people write spell them:

- ``\\operatorname{pad}(X)`` and ``\\operatorname{crop}(\\cdot)``: the layer's padding;
  ``pad_p``, ``pad(A, (p_t, p_b, p_l, p_r))``: as written;
- ``\\operatorname{dilate}(G, (s_h, s_w))``, ``dilate_s(G)``, ``dilate(G)`` (the stride);
- ``\\operatorname{corr}(A, K, stride, dilation)``, ``\\operatorname{corr}_w(A, D,
  dilation)`` (the weight gradient: one tap per kernel entry), ``A \\ast K``/``\\star``
  (cross-correlation; with G against W, W's channel axes exchanged as a gradient needs);
- ``\\operatorname{full}(\\operatorname{dilate}(G, s) \\ast \\operatorname{rot}_{180}(W),
  d)``: G dilated, padded by d(k-1), correlated with the rotated kernel;
- ``\\sum_{n,i,j} G``, ``A + b`` (the bias along the channels).
"""

from __future__ import annotations

from fractions import Fraction

from symconv.checker.allsizes_parse import Node, split_commas, walk
from symconv.checker.limits import NegativeParameter, NotUnderstood
from symconv.ops import (
    BiasAdd,
    Correlate,
    CorrelateWeight,
    Crop,
    Dilate,
    FullConvolveRot180,
    Pad,
    Rot180,
    SumOver,
    SwapChannels,
    TensorSymbol,
)
from symconv.spec.layer import Conv

_AXES = {"n": 0, "N": 0, "f": 1, "c": 1, "i": 2, "h": 2, "j": 3, "w": 3}


def number(n: Node, sizes: dict[str, int]) -> Fraction:
    """A size expression's value (``k_h - 1``, ``2``, ``s``)."""
    kind = n.kind
    if kind == "num":
        return n.parts[0]
    if kind == "sym":
        if n.parts[0] not in sizes:
            raise NotUnderstood(f"{n.parts[0]} is not a size")
        return Fraction(sizes[n.parts[0]])
    if kind == "add":
        return sum((number(t, sizes) * s for t, s in zip(*n.parts, strict=True)), Fraction(0))
    if kind == "mul":
        out = Fraction(1)
        for f in n.parts[0]:
            out *= number(f, sizes)
        return out
    if kind == "frac":
        return number(n.parts[0], sizes) / number(n.parts[1], sizes)
    raise NotUnderstood(f"a {kind} as an operator's parameter")


def _ints(n: Node, sizes, count: int) -> tuple[int, ...]:
    items = n.parts[0] if n.kind == "tuple" else (n,)
    values = [number(i, sizes) for i in items]
    if any(v.denominator != 1 for v in values):
        raise NotUnderstood(f"an operator's parameter {values} that is not a size")
    if any(v < 0 for v in values):
        raise NegativeParameter(f"an operator's parameter {values} that is negative")
    ints = tuple(int(v) for v in values)
    if len(ints) == count:
        return ints
    if len(ints) == 1 and sizes.get("oned") and count in (2, 4):
        # a 1-D layer is a 2-D one of height 1: pad_{k-1}(g), dilate_s(g) act along its
        # length only (padding the height of 1 too would add rows no kernel of height 1
        # reads back); the height keeps no padding and a step of 1
        return (0, 0, ints[0], ints[0]) if count == 4 else (1, ints[0])
    if len(ints) == 1:
        return ints * count
    if count == 4 and len(ints) == 2:
        return (ints[0], ints[0], ints[1], ints[1])
    raise NotUnderstood(f"{len(ints)} values where {count} are needed")


def _read(toks: list[str]) -> Node:
    from symconv.checker.allsizes_parse import Parser

    p = Parser("")
    p.toks = list(toks)
    return p.all()


def _sub(sub: tuple[str, ...]) -> Node | None:
    """A subscript's parameters: ``(s_h,s_w)``, ``p_t,p_b,p_l,p_r`` (a tuple), ``1``."""
    if not sub:
        return None
    items = tuple(_read(part) for part in split_commas(list(sub)))
    return items[0] if len(items) == 1 else Node("tuple", (items,))


def _keyed(sub: tuple[str, ...]) -> dict[str, Node]:
    """A correlation's subscript ``s=(s_h,s_w),d=(d_h,d_w),g=g`` by key."""
    out: dict[str, Node] = {}
    for part in split_commas(list(sub)) if sub else []:
        if len(part) < 3 or part[0] not in ("s", "d", "g") or part[1] != "=" or part[0] in out:
            raise NotUnderstood(f"a correlation's subscript {''.join(sub)!r}")
        out[part[0]] = _read(part[2:])
    return out


class OpBuilder:
    def __init__(self, sizes: dict[str, int], spec: Conv) -> None:
        self.sizes, self.spec = sizes, spec

    def param(self, args: tuple, k: int, sub: tuple[str, ...], count: int, default):
        given = args[k] if len(args) > k else _sub(sub)
        return default if given is None else _ints(given, self.sizes, count)

    def __call__(self, n: Node):
        kind = n.kind
        if kind == "sym" and n.parts[0] in ("X", "W", "G", "b"):
            return TensorSymbol(n.parts[0])
        if kind == "sym" and n.parts[0] == "k":  # rot180(K): the kernel K (read as the size k)
            return TensorSymbol("W")
        if kind == "call":
            return self.call(*n.parts)
        if kind == "add":
            terms, signs = n.parts
            if len(terms) == 2 and signs == (1, 1) and terms[1] == Node("sym", ("b",)):
                return BiasAdd(self(terms[0]), TensorSymbol("b"))
            raise NotUnderstood("a sum of closed forms other than a bias added")
        if kind == "sumaxes":
            letters, arg = n.parts
            axes = tuple(sorted({_AXES[x] for x in letters if x in _AXES}))
            if len(axes) != len(letters):
                raise NotUnderstood(f"a sum over {', '.join(letters)}")
            return SumOver(self(arg), axes)
        if kind == "conv":
            return self.conv(n)
        raise NotUnderstood(f"a {kind} inside a closed form")

    def conv(self, n: Node):
        """``A \\star_{s=..,d=..,g=..} K``: X against G is the weight gradient's correlation
        (one tap per kernel entry), anything else a correlation with kernel K."""
        opts = _keyed(n.parts[3] if len(n.parts) > 3 else ())
        stride, dilation = (
            _ints(opts[k], self.sizes, 2) if k in opts else (1, 1) for k in ("s", "d")
        )
        if "g" in opts and _ints(opts["g"], self.sizes, 1) != (self.spec.groups,):
            raise NotUnderstood("a correlation in groups other than the layer's")
        image, kernel = self(n.parts[1]), self(n.parts[2])
        if _root(image) == "X" and _root(kernel) == "G":
            if stride != (1, 1):
                raise NotUnderstood("a strided correlation of X against G")
            return CorrelateWeight(image, kernel, dilation, self.spec.groups, self.spec.kernel)
        return self.correlate(image, kernel, stride, dilation, _transposed(n.parts[2]))

    def call(self, name: str, sub: tuple[str, ...], args: tuple):
        s = self.spec
        if name == "T" and len(args) == 1:
            return SwapChannels(self(args[0]), s.groups)
        if name.startswith("rot") or name == "flip":
            return Rot180(self(args[0]))
        if name == "pad":
            return Pad(self(args[0]), self.param(args, 1, sub, 4, s.padding))
        if name == "crop":
            return Crop(self(args[0]), self.param(args, 1, sub, 4, s.padding))
        if name == "dilate":
            return Dilate(self(args[0]), self.param(args, 1, sub, 2, s.stride))
        if name in ("corr", "conv") and sub in ((), ("w",)):
            if sub == ("w",):
                return CorrelateWeight(
                    self(args[0]),
                    self(args[1]),
                    self.param(args, 2, (), 2, (1, 1)),
                    s.groups,
                    s.kernel,
                )
            kernel = self(args[1])
            kernel = Rot180(kernel) if name == "conv" else kernel
            return self.correlate(
                self(args[0]),
                kernel,
                self.param(args, 2, (), 2, (1, 1)),
                self.param(args, 3, (), 2, (1, 1)),
            )
        if name == "full" and args and args[0].kind == "conv":
            written = _keyed(args[0].parts[3] if len(args[0].parts) > 3 else ()).get("d")
            dilation = (1, 1) if written is None else _ints(written, self.sizes, 2)
            return self.full(args[0], self.param(args, 1, sub, 2, dilation))
        raise NotUnderstood(f"the operator {name} with {len(args)} argument(s)")

    def correlate(self, image, kernel, stride, dilation, transposed: bool = False):
        if _root(image) == "G" and _root(kernel) == "W" and not transposed:
            kernel = SwapChannels(kernel, self.spec.groups)  # a gradient runs back over W
        return Correlate(image, kernel, stride, dilation, self.spec.groups)

    def full(self, op: Node, dilation: tuple[int, ...]):
        image, kernel = op.parts[1], op.parts[2]
        stride = (1, 1)
        if image.kind == "call" and image.parts[0] == "dilate":
            stride = self.param(image.parts[2], 1, image.parts[1], 2, self.spec.stride)
            image = image.parts[2][0]
        if image == Node("sym", ("G",)):
            # the kernel written rotated is the node's own rotation; unrotated, rotated back.
            # Its transpose ({W}^T, as printed) is the node's own exchange of channels.
            rotations, core = 0, kernel
            while core.kind == "call" and (
                core.parts[0] in ("T", "flip") or core.parts[0].startswith("rot")
            ):
                rotations += core.parts[0] != "T"
                core = core.parts[2][0]
            inner = self(core) if rotations % 2 else Rot180(self(core))
            z = self.sizes
            padded = (z["H"] + z["p_t"] + z["p_b"], z["W"] + z["p_l"] + z["p_r"])
            return FullConvolveRot180(
                TensorSymbol("G"),
                inner,
                stride,
                dilation,
                self.spec.groups,
                self.spec.kernel,
                padded,
            )
        (kh, kw), (dh, dw) = self.spec.kernel, dilation
        pads = (dh * (kh - 1), dh * (kh - 1), dw * (kw - 1), dw * (kw - 1))
        base = self(image)
        base = Dilate(base, stride) if stride != (1, 1) else base
        return self.correlate(Pad(base, pads), self(kernel), (1, 1), dilation)


def _transposed(n: Node) -> bool:
    """Whether a kernel is written with its channels exchanged (``{W}^{\\top}``)."""
    return any(m.kind == "call" and m.parts[0] == "T" for m in walk(n))


def _root(node) -> str | None:
    while not isinstance(node, TensorSymbol):
        args = getattr(node, "args", ())
        if not args:
            return None
        node = args[0]
    return node.name


def build_node(tree: Node, sizes: dict[str, int], spec: Conv):
    """The closed-form node of an operator expression at these sizes."""
    return OpBuilder(sizes, spec)(tree)


def sizes_of(spec: Conv, input_shape: tuple[int, ...], batch: int) -> dict[str, int]:
    """The size names of a layer spec (what the general prover's templates build)."""
    c, h, w = input_shape
    _, ho, wo = spec.output_shape(tuple(input_shape))
    (kh, kw), (sh, sw), (dh, dw) = spec.kernel, spec.stride, spec.dilation
    pt, pb, pl, pr = spec.padding
    g = spec.groups
    return {
        "H": h,
        "W": w,
        "k_h": kh,
        "k_w": kw,
        "s_h": sh,
        "s_w": sw,
        "d_h": dh,
        "d_w": dw,
        "p_t": pt,
        "p_b": pb,
        "p_l": pl,
        "p_r": pr,
        "g": g,
        "C_g": c // g,
        "F_g": spec.out_channels // g,
        "C": c,
        "F": spec.out_channels,
        "N": batch,
        "H_o": ho,
        "W_o": wo,
        "k": kh,
        "s": sh,
        "d": dh,
        "p": pt,
    }
