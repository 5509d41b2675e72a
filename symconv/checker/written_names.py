"""Names as written: ``h_{\\text{out}}`` -> ``h_out``, ``a'`` -> ``a'``, ``i^*`` -> ``i*``,
and the size symbols they may stand for.

Size symbols are read as sizes only where sizes make sense: in sum bounds, in formulas
made of sizes alone (``h_out = floor((h + 2p - f)/s) + 1``), and for a letter on the right
of a tensor equation that the left side does not use as an index (``x^p[i+m-k]`` with the
kernel length m).  Elsewhere ``W`` is the kernel and ``m`` an index.
"""

from __future__ import annotations

from symconv.checker.syntax import (
    Chain,
    Expr,
    Factor,
    Font,
    Group,
    Node,
    Num,
    Op,
    Side,
    Sym,
    Term,
    Text,
)

# name as written -> quantity of the current layer (see sizes.quantities)
SIZE_NAMES = {
    "H": "in_h",
    "H_in": "in_h",
    "h_in": "in_h",
    "n_1": "in_h",
    "N_1": "in_h",
    "W": "in_w",
    "W_in": "in_w",
    "w_in": "in_w",
    "n_2": "in_w",
    "N_2": "in_w",
    "k_1": "k_h",
    "K_1": "k_h",
    "k_h": "k_h",
    "H_f": "k_h",
    "m_1": "k_h",
    "k_2": "k_w",
    "K_2": "k_w",
    "k_w": "k_w",
    "W_f": "k_w",
    "m_2": "k_w",
    "H'": "out_h",
    "H_out": "out_h",
    # the kernel's span with taps d apart, d(k - 1) + 1 ("effective kernel size")
    "K_eff": "k_eff",
    "k_eff": "k_eff",
    "h_out": "out_h",
    # an output's sides with an "o" for output, as im2col pages write them: H_o W_o columns
    "H_o": "out_h",
    "W_o": "out_w",
    "W'": "out_w",
    "W_out": "out_w",
    "w_out": "out_w",
    "o": "out_len",
    "p": "pad",
    "P": "pad",
    "pad": "pad",
    "s": "stride",
    "S": "stride",
    "stride": "stride",
    "d": "dilation",
    "C": "c_in",
    "C_in": "c_in",
    "c_in": "c_in",
    "C_out": "c_out",
    "c_out": "c_out",
    # D2L's names: c_i input and c_o output channels, an n_h x n_w input
    "c_i": "c_in",
    "c_o": "c_out",
    "n_h": "in_h",
    "n_w": "in_w",
    "n_in": "n_in",
    "n_out": "n_out",
    "#params": "params",
    "N_params": "params",  # N_{\text{params}}, as the notes print the parameter count
    # the same count as others write it: \#\text{param}, N_{\text{param}}, n_{params}
    "#param": "params",
    "#parameters": "params",
    "N_param": "params",
    "n_params": "params",
    "n_param": "params",
    "p_out": "out_pad",  # a transposed convolution's output padding, as the notes print it
}
# A notation's own size names (seed 000's h, w, f) come from the notation itself:
# printing.notation.Notation.size_names, the names its printer writes.
# Seed 002's 1D formula o = floor((n + 2p - m)/s) + 1: n and m are sizes only beside o.
SECONDARY_SIZE_NAMES = {"n": "in_len", "m": "k_len", "k": "k"}
OUTPUT_QUANTITIES = frozenset({"out_h", "out_w", "out_len", "n_out", "params"})

FUNCTIONS = frozenset({"rot180", "rot", "flip"})
UNSUPPORTED_FUNCTIONS = frozenset(
    {
        "\\sigma",
        "\\phi",
        "\\tanh",
        "\\exp",
        "\\log",
        "\\max",
        "\\min",
        "\\operatorname",
        "\\relu",
        "sigma",
        "relu",
        "softmax",
        "\\nabla",
        "\\prod",
        "\\int",
    }
)


def plain(node: Node | None) -> str | None:
    """The node as a plain word when it is only letters, digits and text (else None)."""
    if node is None:
        return ""
    if isinstance(node, Sym):
        return node.name if len(node.name) == 1 or node.name in ("#", "'") else None
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Text):
        return node.content.replace(" ", "")
    if isinstance(node, Font) and node.cmd in ("mathrm", "mathbf", "mathit"):
        return plain(node.body)
    if isinstance(node, Group) and node.kind == "brace":
        return plain(node.body)
    if isinstance(node, Chain) and len(node.sides) == 1:
        return plain(node.sides[0])
    if isinstance(node, Side) and len(node.exprs) == 1:
        return plain(node.exprs[0])
    if isinstance(node, Expr) and len(node.terms) == 1 and node.terms[0][0] == "+":
        return plain(node.terms[0][1])
    if isinstance(node, Term):
        parts = [plain(i) for i in node.items if not (isinstance(i, Op) and i.name == "space")]
        return "".join(parts) if parts and all(p is not None for p in parts) else None
    if isinstance(node, Factor):
        base = plain(node.base)
        if base is None or node.sup is not None:
            return None
        sub = plain(node.sub) if node.sub is not None else ""
        if sub is None:
            return None
        return base + (f"_{sub}" if sub else "") + "'" * node.primes
    return None


def symbol_name(node: Node) -> str | None:
    """``h_{\\text{out}}`` -> ``h_out``, ``H'`` -> ``H'``, ``\\#\\text{params}`` -> ``#params``."""
    if isinstance(node, Term):
        items = [i for i in node.items if not (isinstance(i, Op) and i.name == "space")]
        if len(items) == 2 and items[0] == Sym("#"):
            rest = plain(items[1])
            return None if rest is None else "#" + rest
        if len(items) != 1:
            return None
        node = items[0]
    if isinstance(node, Text):
        return node.content.replace(" ", "") or None
    name = plain(node)
    if name is None or not name or name[0].isdigit():
        return None
    return name


def index_name(node: Node) -> str | None:
    """A bare index letter as written: ``i``, ``a'``, ``i^*`` (``i*``), else None."""
    if isinstance(node, Sym) and len(node.name) == 1 and node.name.isalpha():
        return node.name
    if isinstance(node, Factor) and isinstance(node.base, Sym) and node.sub is None:
        base = node.base.name
        if len(base) != 1 or not base.isalpha():
            return None
        if node.sup is None:
            return base + "'" * node.primes
        if isinstance(node.sup, Op) and node.sup.name == "*":
            return base + "*" + "'" * node.primes
    return None


def single_expr(node: Node) -> Expr | None:
    """The one expression inside a brace, a chain or a side (None for lists and relations)."""
    while True:
        if isinstance(node, Expr):
            return node
        if isinstance(node, Group) and node.kind in ("brace", "paren") and node.body:
            node = node.body
        elif isinstance(node, Chain) and len(node.sides) == 1 and not node.leading:
            node = node.sides[0]
        elif isinstance(node, Side) and len(node.exprs) == 1:
            node = node.exprs[0]
        else:
            return None


def single_item(node: Node) -> Node | None:
    """The single factor of a one-term, one-item expression (after unwrapping groups)."""
    expr = single_expr(node) if not isinstance(node, Term) else Expr((("+", node),))
    if expr is None or len(expr.terms) != 1 or expr.terms[0][0] != "+":
        return None
    items = [i for i in expr.terms[0][1].items if not (isinstance(i, Op) and i.name == "space")]
    return items[0] if len(items) == 1 else None


def index_list(node: Node) -> list[Expr] | None:
    """The comma-separated expressions of a subscript or an argument list."""
    if isinstance(node, (Sym, Num, Factor, Text)):
        return [Expr((("+", Term((node,))),))]
    if isinstance(node, Group):
        if node.body is None:
            return []
        node = node.body
    if isinstance(node, Chain):
        if len(node.sides) != 1 or node.leading:
            return None
        node = node.sides[0]
    if isinstance(node, Side):
        return list(node.exprs)
    return None
