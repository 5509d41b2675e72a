"""Claims about numbers and sizes: arithmetic, size formulas, shapes, parameter counts.

* ``28 \\cdot 28 \\cdot 6 = 4704``: exact arithmetic.
* ``h_{out} = \\frac{28 + 2 \\cdot 2 - 5}{1} + 1 = 28``, ``s = 1``, ``h = w = 28``: the named
  sizes take the current layer's values.
* ``h_{out} = \\lfloor (h + 2p - f)/s \\rfloor + 1``, ``\\#params = (f f c_in + 1) c_out``:
  general formulas, checked at the current layer and over a grid of sizes.
* ``X \\in \\mathbb{R}^{28 \\times 28 \\times 1}``, ``p = 2 \\Rightarrow 28 \\times 28 \\times 6``,
  ``28 \\times 28 \\times 6 \\longrightarrow 14 \\times 14 \\times 6``: shapes of the current layer.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

from symconv.checker.context import Context, finding
from symconv.checker.counterexamples import json_number
from symconv.checker.formula_size_layer import _signed
from symconv.checker.limits import NotUnderstood, no_value
from symconv.checker.notation_options import Notation
from symconv.checker.parity_case import in_parity, names_parity_size, shown
from symconv.checker.refs import resolve
from symconv.checker.report import SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.scalar import Scalar
from symconv.checker.size_identity import fails_on_grid, grid_verdict
from symconv.checker.sizes import DEPENDS, grid, lookup_in, size_quantity, truth
from symconv.checker.stated_values import _wrong_links
from symconv.checker.syntax import (
    Chain,
    Expr,
    Factor,
    Font,
    Frac,
    Group,
    Num,
    Op,
    Side,
    Sym,
    Term,
    Text,
)
from symconv.checker.written_names import OUTPUT_QUANTITIES, index_name, single_item, symbol_name
from symconv.spec.layer import Dense

_OPS = {"\\cdot", "\\times", "*", "/", "\\div", "space"}


# ---------------------------------------------------------------------- classification
def size_names(chain: Chain, notation: Notation) -> set[str] | None:
    """The size names of a formula made of numbers and sizes only (None: something else)."""
    found: set[str] = set()
    secondary = _mentions_output(chain, notation)
    for side in chain.sides:
        if len(side.exprs) != 1 or not _size_node(side.exprs[0], notation, secondary, found):
            return None
    return found


def _mentions_output(chain: Chain, notation: Notation) -> bool:
    for side in chain.sides:
        item = single_item(side) if len(side.exprs) == 1 else None
        name = symbol_name(item) if item is not None else None
        if name is None and len(side.exprs) == 1 and len(side.exprs[0].terms) == 1:
            name = symbol_name(side.exprs[0].terms[0][1])
        if name and size_quantity(name, notation) in OUTPUT_QUANTITIES:
            return True
    return False


def _size_node(node, notation: Notation, secondary: bool, found: set[str]) -> bool:
    if isinstance(node, Num):
        return True
    if isinstance(node, Expr):
        return all(_size_node(t, notation, secondary, found) for _, t in node.terms)
    if isinstance(node, Term):
        name = symbol_name(node)
        if name is not None and len(node.items) > 1:
            return _size_name(name, notation, secondary, found)
        return all(_size_node(i, notation, secondary, found) for i in node.items)
    if isinstance(node, Op):
        return node.name in _OPS
    if isinstance(node, Frac):
        return _size_node(node.num, notation, secondary, found) and _size_node(
            node.den, notation, secondary, found
        )
    if isinstance(node, Group):
        return (
            node.kind != "set"
            and node.body is not None
            and len(node.body.sides) == 1
            and not node.body.rels
            and len(node.body.sides[0].exprs) == 1
            and _size_node(node.body.sides[0].exprs[0], notation, secondary, found)
        )
    if isinstance(node, Factor) and node.sup is not None and node.sub is None:
        # 3^2, (k-1)^2, and f^{2}: seed 000's square kernel side, squared
        return (
            isinstance(node.base, (Num, Group, Sym))
            and isinstance(node.sup, (Num, Group))
            and _size_node(node.base, notation, secondary, found)
            and _size_node(node.sup, notation, secondary, found)
        )
    if isinstance(node, (Sym, Factor, Text)):
        name = symbol_name(node)
        return name is not None and _size_name(name, notation, secondary, found)
    if isinstance(node, Font) and node.cmd == "mathrm":
        return _size_node(node.body, notation, secondary, found)
    return False


def _size_name(name: str, notation: Notation, secondary: bool, found: set[str]) -> bool:
    if size_quantity(name, notation, secondary) is None:
        found.add("?" + name)  # the culprit, for size_culprit's message
        return False
    found.add(name)
    return True


def size_culprit(chain: Chain, notation: Notation) -> str | None:
    """Why a formula for a size (``H' = (H - F + 2P)/S + 1``) is not read: the names on
    its right that are not sizes, not the size on its left."""
    side = chain.sides[0]
    left = (
        symbol_name(side.exprs[0].terms[0][1])
        if len(side.exprs) == 1 and len(side.exprs[0].terms) == 1
        else None
    )
    if (
        left is None
        or size_quantity(left, notation, True) is None
        or len(chain.sides) < 2
        or left.split("_")[0] in notation.letters
    ):  # W = ...: the kernel, maybe
        return None
    found: set[str] = set()
    for other in chain.sides[1:]:
        for expr in other.exprs:
            _size_node(expr, notation, True, found)
    unknown = sorted(
        n[1:] for n in found if n.startswith("?") and n[1:].split("_")[0] not in notation.letters
    )
    tensors = sorted(
        n[1:] for n in found if n.startswith("?") and n[1:].split("_")[0] in notation.letters
    )
    if tensors and not unknown:  # "s = W z + b": s names the dense layer's output here
        return (
            f"{left} is read as a size, but the other side is made of the layer's tensors "
            f"({', '.join(tensors)}): which tensor {left} is, is not read"
        )
    if not unknown:
        return None
    verb = "is not a size" if len(unknown) == 1 else "are not sizes"
    return (
        f"{', '.join(unknown)} {verb} of this layer ({left} is, so this is read as a "
        f"size formula); if {unknown[0]} is the kernel size, add the line "
        f"<!-- symconv: sizes={unknown[0]}=kernel -->"
    )


def is_definition(chain: Chain, notation: Notation) -> bool:
    """``c_1 = 6``, ``m = k_1 - 1``, ``i^* = 2``: a name the layer does not know, being
    introduced or bound to a value; not a claim about the layer."""
    for side in chain.sides:
        item = single_item(side) if len(side.exprs) == 1 else None
        if item is None or resolve(item, notation) is not None:
            continue
        name = symbol_name(item) or index_name(item)
        if (
            name is not None
            and size_quantity(name, notation) is None
            and not (isinstance(item, Sym) and item.name.startswith("\\"))
        ):
            others = [s for s in chain.sides if s is not side]
            return all(
                size_names(Chain((s,), ()), notation) is not None
                or _single_name(s)
                or _index_only(s, notation)
                for s in others
            )
    return False


# the values a note gives a tensor: "\mathbf{1}" (all ones), a number, a matrix of numbers
_VALUES = re.compile(
    r"\s*(?:\\mathbf\s*\{?\s*1\s*\}?|\\mathbb\s*\{?\s*1\s*\}?|\\mathbf\s*\{\s*J\s*\}|-?\d+(?:\.\d+)?|"
    r"\\begin\{[pbv]matrix\}[-\d\s&\\.,]*\\end\{[pbv]matrix\})\s*[.,;]?\s*"
)


def sets_upstream(chain: Chain, notation: Notation, source: str) -> bool:
    """``G = \\mathbf{1}``, ``\\partial L / \\partial Y = [[1, 0], [2, 1]]``: the notes give the
    upstream gradient, an input of the backward pass, its values: a definition, not a claim
    (nothing the layer computes is stated)."""
    if len(chain.sides) != 2 or "=" not in source:
        return False
    item = single_item(chain.sides[0]) if len(chain.sides[0].exprs) == 1 else None
    ref = resolve(item, notation) if item is not None else None
    if ref is None or ref.role not in ("Z", "Y") or not ref.grad or ref.indices is not None:
        return False
    return _VALUES.fullmatch(source.split("=", 1)[1]) is not None


def _index_only(node, notation: Notation) -> bool:
    """Index arithmetic only (``m - i + 1``): letters that are not tensors, numbers, + - ·."""
    if isinstance(node, Side):
        return all(_index_only(e, notation) for e in node.exprs)
    if isinstance(node, Expr):
        return all(_index_only(t, notation) for _, t in node.terms)
    if isinstance(node, Term):
        return all(_index_only(i, notation) for i in node.items)
    if isinstance(node, Op):
        return node.name in _OPS
    if isinstance(node, Num):
        return True
    if isinstance(node, (Sym, Factor)):
        name = index_name(node)
        return name is not None and name not in notation.letters
    if isinstance(node, Group):
        return (
            node.kind in ("paren", "brace")
            and node.body is not None
            and len(node.body.sides) == 1
            and not node.body.rels
            and _index_only(node.body.sides[0], notation)
        )
    return False


def _single_name(side: Side) -> bool:
    item = single_item(side) if len(side.exprs) == 1 else None
    return item is not None and symbol_name(item) is not None


# ---------------------------------------------------------------------- sizes
def judge_sizes(chain: Chain, names: set[str], ctx: Context) -> dict:
    notation = ctx.notation
    secondary = _mentions_output(chain, notation)
    layer = ctx.quantities()

    def at_layer(name: str) -> Fraction:
        if not layer:
            raise NotUnderstood(f"{name} needs a layer (declare one with --layer or front matter)")
        value = _at(layer, size_quantity(name, notation, secondary) or "")
        if value is None:
            raise NotUnderstood(f"{name} has no single value for {ctx.where}")
        return Fraction(value)

    numeric = [s for s in chain.sides if not _names_in(s, notation, secondary)]
    if not names:
        return _arithmetic(chain)
    if numeric:  # an example: the sizes are this layer's
        if ctx.extras.get("guessed"):  # no verdict rests on sizes the notes do not state
            clash = _numbers_disagree(chain, numeric)
            if clash is not None:  # ... but two sides of bare numbers that differ do not
                return clash  # hold at any sizes
            raise NotUnderstood(
                f"a size of the notes' layer set to a number, but the notes do not state the "
                f"layer's sizes (assumed: {ctx.where}); declare them to check it"
            )
        values = [Scalar(at_layer).value(s) for s in chain.sides]
        return _all_equal(chain, values, f"with the sizes of {ctx.where}")
    return _formula(chain, names, ctx, secondary)


def _at(layer: dict, quantity: str):
    """The layer's value of a quantity; ``k`` (a 1-D kernel's length by default) is a 2-D
    layer's square kernel side."""
    value = layer.get(quantity)
    if value is None and quantity == "k_len" and not layer.get("one_d"):
        value = layer.get("k")
    if value is None and quantity == "n_out" and not layer.get("one_d"):
        # a square 2-D output's side: n_out = floor((5 + 2 - 3)/2) + 1 = 3
        side = layer.get("out_h")
        value = side if side is not None and side == layer.get("out_w") else None
    return value


def _names_in(side: Side, notation: Notation, secondary: bool) -> set[str]:
    found: set[str] = set()
    _size_node(side.exprs[0], notation, secondary, found)
    return found


def _numbers_disagree(chain: Chain, numeric: list[Side]) -> dict | None:
    """Wrong when two sides of ``a = b = c`` that name no size compute different whole
    numbers (``H_{out} = \\lfloor (6 + 2 - 3)/2 \\rfloor + 1 = 4``: 3 and 4): the equalities
    cannot all hold whatever the sizes of the sides that name one, so no layer need be read;
    those sides' links are left open, each link named as stated_values._wrong_links names it.
    None when the numbers agree or leave room to read ("(7 - 2)/2 + 1 = 3" may mean the
    floor, "12 800" one number or a product, "3 \\times 3" a shape)."""
    if len(numeric) < 2 or chain.leading or any(rel != "=" for rel in chain.rels):
        return None
    if any(_has_times(s) or _adjacent_numbers(s) for s in numeric):
        return None
    values: list[Fraction | None] = []
    try:
        for side in chain.sides:
            numbered = any(side is n for n in numeric)
            values.append(Scalar(no_value).value(side) if numbered else None)
    except (NotUnderstood, ArithmeticError, ValueError):
        return None
    known = [v for v in values if v is not None]
    last = values[-1]
    if len(set(known)) < 2 or last is None or any(v.denominator != 1 for v in known):
        return None  # agreeing, a name last, or a fraction whose floor may be meant
    return _wrong_links(values, ", whatever the layer's sizes, which the notes do not state")


def _adjacent_numbers(node: object) -> bool:
    """Whether two numbers stand side by side in a term (``12 800``)."""
    if isinstance(node, Term):
        items = node.items
        if any(isinstance(a, Num) and isinstance(b, Num) for a, b in itertools.pairwise(items)):
            return True
    if isinstance(node, (tuple, list)):
        return any(_adjacent_numbers(n) for n in node)
    fields = getattr(node, "__dataclass_fields__", None)
    return bool(fields) and any(_adjacent_numbers(getattr(node, f)) for f in fields)


def _has_times(node: object) -> bool:
    """Whether ``\\times`` (or ×) multiplies anywhere in ``node``."""
    if isinstance(node, Op):
        return node.name in ("\\times", "×")
    if isinstance(node, (tuple, list)):
        return any(_has_times(n) for n in node)
    fields = getattr(node, "__dataclass_fields__", None)
    return bool(fields) and any(_has_times(getattr(node, f)) for f in fields)


def _arithmetic(chain: Chain) -> dict:
    values = [Scalar(no_value).value(s) for s in chain.sides]
    return _all_equal(chain, values, "")


def _all_equal(chain: Chain, values: list[Fraction], where: str) -> dict:
    # the truth is the first side that computes something; a bare number is what the
    # notes claim it comes to ("400 \\cdot 120 + 120 = 48210": 48120, not 48210)
    ref = next(
        (
            k
            for k, s in enumerate(chain.sides)
            if len(s.exprs) != 1 or not isinstance(single_item(s.exprs[0]), Num)
        ),
        0,
    )
    first = values[ref]
    differ = [(k, v) for k, v in enumerate(values, start=1) if v != first]
    if differ:  # every side that differs, so each link of a = b = c can be told apart
        v = differ[0][1]
        sides = ", ".join(f"side {j} is {json_number(u)}" for j, u in differ)
        return finding(
            WRONG,
            f"{json_number(first)}, not {json_number(v)}: {sides}, side "
            f"{ref + 1} is {json_number(first)}{' ' + where if where else ''}",
            expected=str(json_number(first)),
            counterexample={"left": json_number(first), "right": json_number(v)},
        )
    suffix = f" {where}" if where else ""
    return finding(VERIFIED, f"every side is {json_number(first)}{suffix}")


def _formula(chain: Chain, names: set[str], ctx: Context, secondary: bool) -> dict:
    notation = ctx.notation
    targets = [k for k, s in enumerate(chain.sides) if _target_quantity(s, notation)]
    if not targets:
        if not ctx.layer:
            raise NotUnderstood("a relation between sizes, with no layer to give them values")
        return _at_layer_only(chain, ctx, secondary)
    t = targets[0]
    quantity = _target_quantity(chain.sides[t], notation)
    assert quantity is not None
    quantities = {size_quantity(n, notation, secondary) or "" for n in names} - {quantity}
    dense = bool({"n_in", "n_out"} & quantities) or isinstance(
        getattr(ctx.layer, "spec", None), Dense
    )
    layer = ctx.quantities()
    if quantity == "params" and not ctx.extras.get("bias stated") and layer:
        layer = {**layer, "bias": 1}  # no bias declared: a bias per filter, the usual count
    base = layer or {}
    formula_layer = ctx.extras.get("formula layer")  # the layer its words name (judging.py)
    read_as = ""
    if formula_layer == "forward":
        if base.get("transposed"):  # say which layer's side it was judged as
            read_as = " (judged as a forward convolution's side, which its words name)"
        base = {q: v for q, v in base.items() if q not in ("transposed", "out_pad")}
    elif formula_layer == "transposed":
        base = {**base, "transposed": 1, "out_pad": base.get("out_pad") or 0}
    if ctx.extras.get("guessed") and base.get("one_d") and quantity in ("out_h", "out_w"):
        # a 1-D layer only guessed, under a 2-D formula (H_out with H, k): its height 1 and
        # kernel height 1 are no sizes of the notes', so the formula is judged over the grid
        # alone (the layer's other settings stay)
        base = {q: v for q, v in base.items() if q not in _ONE_D_SIZES}
    # sizes the checker only guessed are no layer of the notes': a formula in letters that
    # fails somewhere on the grid is wrong, never "holds for <the guess> but ..."
    checked = (
        bool(base)
        and not ctx.extras.get("guessed")
        and all(base.get(q) is not None for q in quantities | {quantity})
    )
    if (quantity in ("out_h", "out_w") or (quantity == "params" and not dense)) and (
        "k_len" in quantities and not base.get("one_d")
    ):
        quantities = quantities - {"k_len"} | {"k"}  # H_out's k is the square kernel's side
    # "for even lengths this is just L/2": the sizes of the parity its clause states only
    # (parity_case.py); the notes' own layer counts where its size has that parity
    parity = ctx.extras.get("parity")
    if parity is not None and not names_parity_size(quantities, parity):
        parity = None
    if parity is not None:
        checked = checked and in_parity(base, quantities, parity)
    if checked:
        failure = _formula_at(chain, t, quantity, base, notation, secondary, dense)
        if failure:
            return finding(
                WRONG,
                f"fails for {ctx.where}: {failure['message']}{_in_case(parity)}{read_as}",
                expected=failure["expected"],
                counterexample=failure["sizes"],
            )
    transposed = {"transposed": 1} if "out_pad" in quantities else {}  # only it has one
    points = grid(quantities, {**base, **transposed})
    if parity is not None:
        points = [q for q in points if in_parity(q, quantities, parity)]
        if not points:
            raise NotUnderstood(f"no size of the grid is {shown(parity)}, the case it states")
    failed = _grid_failure(chain, t, quantity, points, (notation, secondary, dense))
    kernels = {"k", "k_len", "k_h", "k_w"}
    kernel_guessed = (
        ctx.extras.get("guessed")
        and "kernel" not in ctx.extras.get("stated", ())
        and quantity in _OUTPUT_SIDES
        and not kernels & quantities
    )
    if (
        failed is not None
        and kernel_guessed
        and _takes_a_number(chain, t)
        and _sides_agree(chain, t, points, notation, secondary)
    ):
        # the grid kept the guessed layer's kernel, and the formula writes its own in
        # numbers ("H' = H + 2 \cdot 1 - 3 + 1 = H" for a 3 x 3 kernel the notes build in
        # code): its sides agree with one another everywhere, so it fails only against
        # the guess; sides that differ from one another stay wrong at any kernel
        raise NotUnderstood(
            f"it fails over a grid of sizes at the kernel of the assumed {ctx.where}, and "
            "the formula names no kernel: which kernel it is about is not read"
        )
    if failed is not None and kernel_guessed:
        other = _another_layer_holds(
            chain, t, (quantity, quantities), base, ctx, (notation, secondary, dense)
        )
        if other is not None:
            # "O MaxPool2d(2) tem passo 2 ..., $H' = \lfloor H/2 \rfloor$" under a layer
            # guessed with the padding of the notes' convolutions: the formula names neither
            # kernel nor padding, and it holds at another kernel (and padding) than the
            # guessed ones, so it fails only against the guess
            raise NotUnderstood(
                f"it fails over a grid of sizes at the kernel of the assumed {ctx.where}, "
                f"but holds at {other}, and the formula names no kernel: which layer it is "
                "about is not read"
            )
    if failed is not None:
        q, failure, fractional = failed
        status = SIZE_SPECIFIC if checked or fractional else WRONG
        held = f"holds for {ctx.where} but " if checked else ""
        if ctx.extras.get("guessed"):  # the settings not varied are the assumed layer's
            held = f"at the settings of the assumed {ctx.where}, it "
        return finding(
            status,
            f"{held}fails at other sizes: {failure['message']}{_kept(q, quantities)}"
            f"{_in_case(parity)}{read_as}",
            expected=failure["expected"],
            counterexample=failure["sizes"],
        )
    if kernel_guessed:
        # the grid kept the guessed layer's kernel: an output side written without one
        # ("P = K/2 gives H_out = H - 1") may hold only at that guess (H - 2 + 1 at k = 2);
        # a kernel the notes state (nn.Conv2d(4, 4, kernel_size=3), input H x H) is theirs
        raise NotUnderstood(
            f"it holds over a grid of sizes at the kernel of the assumed {ctx.where}, "
            "and the formula names no kernel: which kernel it is about is not read"
        )
    return finding(
        VERIFIED,
        (
            f"holds for {ctx.where} and over a grid of sizes"
            if checked
            else "holds over a grid of sizes"
        )
        + _in_case(parity)
        + read_as,
    )


def _in_case(parity: tuple[str, int] | None) -> str:
    """The parity case a verdict was reached in, as its message says it."""
    return "" if parity is None else f" (sizes of {shown(parity)} only, the case its clause states)"


# the window its lead-in names: "`MaxPool2d(2)`", "AvgPool2d(3, stride=2, padding=1)",
# "pooling 2×2", "a 3 × 3 window", "janela 2 × 2", "窗口 2×2"; its padding: the call's
# (PyTorch's default 0), or "no padding", "sem padding", "sin relleno"
_POOL_CALL = re.compile(r"\b(?:nn\.)?(?:Max|Avg)Pool[123]d\s*\(([^()]*)\)")
_WINDOW_WORDS = (
    r"pool\w*|kernels?|windows?|filters?|janelas?|ventanas?|fen[êe]tres?|Fenster|n[úu]cleos?|"
    r"窗口|池化|核"
)
_NAMED_WINDOW = re.compile(
    rf"(?:{_WINDOW_WORDS})\s*(?:of\s+|de\s+)?\$?\s*(\d)\s*(?:×|x|\\times)\s*\1(?!\d)"
    rf"|(?<!\d)(\d)\s*(?:×|x|\\times)\s*\2\s*\$?\s*-?\s*(?:{_WINDOW_WORDS})",
    re.IGNORECASE,
)
_NO_PADDING_WORDS = re.compile(
    r"\b(?:no|without|sem|sin|sans|ohne|senza)\s+(?:zero[- ])?(?:padding|relleno|preenchimento|"
    r"remplissage)|不补零|无填充|パディングなし",
    re.IGNORECASE,
)


def lead_layer(lead: str) -> tuple[int | None, int | None]:
    """(window side, padding) the words leading into a size formula name, each None when
    they name none (or a constructor with arguments not read)."""
    kernel = pad = None
    call = _POOL_CALL.search(lead)
    if call is not None:
        args = [a.strip() for a in call.group(1).split(",") if a.strip()]
        plain = [a for a in args if "=" not in a]
        keyed = dict(a.split("=", 1) for a in args if "=" in a)
        side = keyed.get("kernel_size", plain[0] if plain else "").strip()
        padding = keyed.get("padding", plain[2] if len(plain) > 2 else "0").strip()
        if side.isdigit() and padding.isdigit():
            return int(side), int(padding)
        return None, None
    named = _NAMED_WINDOW.search(lead)
    if named is not None:
        kernel = int(named.group(1) or named.group(2))
    if _NO_PADDING_WORDS.search(lead):
        pad = 0
    return kernel, pad


def _another_layer_holds(
    chain: Chain, t: int, asked: tuple[str, set[str]], base: dict, ctx: Context, reading: tuple
) -> str | None:
    """The kernel (and padding) other than the guessed layer's at which an output-side
    formula that names neither holds over the whole grid ("kernel 2, padding 0"), or None
    when it fails at every kernel 1..7 (and, where neither the notes nor the formula give
    the padding, every padding 0..3): wrong for any such layer.  The stated settings
    (stride, dilation) stay.  ``asked``: the target quantity and the formula's quantities;
    ``reading``: (notation, secondary, dense) as :func:`_formula_at` takes them."""
    quantity, quantities = asked
    stated = set(ctx.extras.get("stated", ()))
    pads = [base.get("pad") or 0]
    if "padding" not in stated and "pad" not in quantities:
        pads = list(range(4))
    kernels = list(range(1, 8))
    named_kernel, named_pad = lead_layer(str(ctx.extras.get("lead words") or ""))
    if named_kernel is not None:  # "pooling 2×2 ...", "`MaxPool2d(2)` ...": that kernel
        kernels = [named_kernel]
    if named_pad is not None:  # "(no padding)", MaxPool2d(2)'s default: that padding
        pads = [named_pad]
    dilation = base.get("dilation") or 1
    for pad in pads:
        for k in kernels:
            if (k, pad) == (base.get("k"), base.get("pad")):
                continue
            alt = {**base, "k": k, "k_h": k, "k_w": k, "k_eff": dilation * (k - 1) + 1, "pad": pad}
            if base.get("k_len") is not None:
                alt["k_len"] = k
            points = grid(quantities, alt)
            # (a kernel larger than every input of the grid leaves no size to judge at)
            judged = [q for q in points if _true_size(quantity, q, reading[2]) is not None]
            if len(judged) >= 3 and _grid_failure(chain, t, quantity, judged, reading) is None:
                return f"kernel {k}, padding {pad}"
    return None


def _takes_a_number(chain: Chain, t: int) -> bool:
    """Whether a side other than the target takes a number above 1 away as a term of its
    own (``H + 2 - 3 + 1``: the 3 is a window's side written in numbers), the way an
    output side's formula writes its kernel."""
    for k, side in enumerate(chain.sides):
        if k == t:
            continue
        for expr in side.exprs:
            if isinstance(expr, Expr) and any(n > 1 for n in _signed(expr)[1]):
                return True
    return False


def _sides_agree(chain: Chain, t: int, points, notation: Notation, secondary: bool) -> bool:
    """Whether the sides other than the target ``t`` take one value at every point of the
    grid (a chain ``H' = H + 2 - 3 + 1 = H`` whose computing sides agree whatever the
    layer's kernel is); a side with no value at a point says nothing there."""
    for q in points:

        def lookup(name: str, q: dict = q) -> Fraction:
            found = q.get(size_quantity(name, notation, secondary) or "")
            if found is None:
                raise NotUnderstood(f"{name} has no value")
            return Fraction(found)

        values = set()
        for k, side in enumerate(chain.sides):
            if k == t:
                continue
            try:
                values.add(Scalar(lookup).value(side))
            except NotUnderstood:
                continue
        if len(values) > 1:
            return False
    return True


def _grid_failure(
    chain: Chain, t: int, quantity: str, points, reading: tuple
) -> tuple[dict, dict, bool] | None:
    """(point, failure, only by fractions) of a size formula over the grid, or None.  A
    formula failing only by a fraction where the true size is whole (a floor left out:
    right exactly where the division is exact, size-specific as the seeds' notes say) is
    told apart from one failing by a whole number somewhere ((H - K)/S^2 + 1 fails by 1/4
    at one point and by 1 at another: wrong), so the scan goes on past a fraction.
    ``reading``: (notation, secondary, dense) as :func:`_formula_at` takes them."""
    first = None
    for q in points:
        failure = _formula_at(chain, t, quantity, q, *reading)
        if not failure:
            continue
        if not _FRACTION_SIDE.search(failure["message"]):
            return q, failure, False
        first = first or (q, failure, True)
    return first


_FRACTION_SIDE = re.compile(r"\bis -?\d+/\d+ but the true value is -?\d+\b")
_OUTPUT_SIDES = ("out_h", "out_w", "out_len", "n_out")
_SHOWN_SETTINGS = (("stride", "stride", 2), ("dilation", "dilation", 2), ("pad", "padding", 4))


def _kept(point: dict, varied: set[str]) -> str:
    """The settings the grid kept at the layer's values, shown as the guards read them
    (read_guards._respected: "stride (1, 1)"), so that a counterexample at the notes'
    stated stride is seen to be at it."""
    shown = [
        f"{name} ({', '.join([str(point[q])] * n)})"
        for q, name, n in _SHOWN_SETTINGS
        if q not in varied and isinstance(point.get(q), int)
    ]
    return f" (at {', '.join(shown)})" if shown else ""


def _at_layer_only(chain: Chain, ctx: Context, secondary: bool) -> dict:
    layer = ctx.quantities()

    def lookup(name: str) -> Fraction:
        value = layer.get(size_quantity(name, ctx.notation, secondary) or "")
        if value is None:
            raise NotUnderstood(f"{name} has no single value for {ctx.where}")
        return Fraction(value)

    found = _all_equal(
        chain, [Scalar(lookup).value(s) for s in chain.sides], f"with the sizes of {ctx.where}"
    )
    if found["status"] != VERIFIED and ctx.extras.get("guessed"):
        raise NotUnderstood(  # sizes the notes do not state: the failure may be the guess's
            f"it does not hold at the assumed {ctx.where}, but the notes do not state the "
            "layer's sizes; declare them to check it"
        )
    tied = _tied_size(chain, ctx.notation, secondary)
    if found["status"] != VERIFIED and tied is not None:
        # "with odd k, p = (k - 1)/2": a condition or a choice, not a fact of the layer
        # read (whose padding may be another section's): which layer it is about is open
        raise NotUnderstood(
            f'it ties {tied} to the other sizes (a condition or a choice, such as "same" '
            f"padding) and does not hold for {ctx.where}: whether it is claimed of that "
            "layer is not read"
        )
    if found["status"] != VERIFIED:
        return found
    # H, P written as symbols: the relation is claimed for every size (size_identity.py)
    written = {
        q: n
        for n in sorted(_all_names(chain, ctx.notation, secondary))
        if (q := size_quantity(n, ctx.notation, secondary))
    }
    used = set(written)

    def value_of(point: dict, side) -> Fraction:
        def at(name: str) -> Fraction:
            return lookup_in(point, name, size_quantity(name, ctx.notation, secondary) or "")

        return Scalar(at).value(side)

    failed = fails_on_grid(list(chain.sides), used, layer, value_of)
    if failed is None:
        if used and not used & set(DEPENDS):
            found["message"] += f", and over a grid of {', '.join(sorted(written.values()))}"
        return found
    if tied is not None:
        # p = (k - 1)/2: one side is a lone size that no other side uses, so the relation
        # pins that size to the others (a condition such as "same" padding, or a choice):
        # by its form it cannot hold for every p and k, and the grid's counterexample (k = 1
        # with p kept) only shows that.  Whether it is posed as a rule or claimed of this
        # layer is not read from the formula.
        raise NotUnderstood(
            f"{found['message']}, but it ties {tied} to the other sizes (a condition or a "
            f'choice, such as "same" padding), which no size grid can confirm: whether it '
            "is claimed of this layer or posed as a rule is not read"
        )
    sizes = {written[q]: v for q, v in failed[0].items()}
    return grid_verdict((sizes, failed[1]), not ctx.extras.get("guessed"), ctx.where)


def _tied_size(chain: Chain, notation: Notation, secondary: bool) -> str | None:
    """The size letter one side is made of alone (``p`` in ``p = (k - 1)/2``) when no
    other side uses it, else None."""
    for k, side in enumerate(chain.sides):
        if len(side.exprs) != 1 or len(side.exprs[0].terms) != 1:
            continue
        name = symbol_name(side.exprs[0].terms[0][1])
        if not name or not size_quantity(name, notation, secondary):
            continue
        others = [s for j, s in enumerate(chain.sides) if j != k]
        if others and not any(name in _names_in(s, notation, secondary) for s in others):
            return name
    return None


_ONE_D_SIZES = ("one_d", "in_h", "in_w", "in_len", "k_h", "k_w", "k_len")


def _target_quantity(side: Side, notation: Notation) -> str | None:
    if len(side.exprs) != 1 or len(side.exprs[0].terms) != 1:
        return None
    term = side.exprs[0].terms[0][1]
    name = symbol_name(term)
    quantity = size_quantity(name, notation) if name else None
    return quantity if quantity in OUTPUT_QUANTITIES else None


def _true_size(quantity: str, q: dict, dense: bool):
    """The layer's true value of ``quantity`` at the sizes ``q`` (None where it has none)."""
    if quantity == "params" and dense:
        return q.get("n_in", 1) * q.get("n_out", 1) + q.get("n_out", 1)
    return truth(quantity, {**q, **{k: q.get(k, 1) for k in DEPENDS.get(quantity, ())}}, dense)


def _formula_at(chain, t, quantity, q, notation, secondary, dense) -> dict | None:
    expected = _true_size(quantity, q, dense)
    if expected is None:
        return None

    def lookup(name: str) -> Fraction:
        found = q.get(size_quantity(name, notation, secondary) or "")
        if found is None:
            raise NotUnderstood(f"{name} has no value")
        return Fraction(found)

    for k, side in enumerate(chain.sides):
        if k == t:
            continue
        try:
            value = Scalar(lookup).value(side)
        except NotUnderstood:
            return None  # e.g. division by zero at this size: no claim there
        if value != expected:
            given = _all_names(chain, notation, secondary) - _names_in(
                chain.sides[t], notation, secondary
            )
            sizes = {
                n: q[size_quantity(n, notation, secondary)]
                for n in sorted(given)
                if size_quantity(n, notation, secondary) in q
            }
            return {
                "message": f"with {_fmt(sizes)}, side {k + 1} is {json_number(value)} "
                f"but the true value is {expected}",
                "expected": str(expected),
                "sizes": {"sizes": sizes, "left": expected, "right": json_number(value)},
            }
    return None


def _all_names(chain: Chain, notation: Notation, secondary: bool) -> set[str]:
    found: set[str] = set()
    for side in chain.sides:
        found |= _names_in(side, notation, secondary)
    return found


def _fmt(sizes: dict) -> str:
    return ", ".join(f"{k} = {v}" for k, v in sizes.items())
