"""The backward pass of a layer written as a matrix: ``\\mathbf{y} = C\\mathbf{x}`` (or
``\\operatorname{vec}(Y) = C\\,\\operatorname{vec}(X)``), then ``\\frac{\\partial L}{\\partial
\\mathbf{x}} = C^{\\top} \\frac{\\partial L}{\\partial \\mathbf{y}}``.

Notes that unroll a convolution into a sparse matrix C define C by the forward pass itself:
y = Cx says C is the Jacobian ∂y/∂x of the (linear) layer, whatever its stride, padding or
size.  The chain rule then gives ∂L/∂x_j = Σ_i C_{ij} ∂L/∂y_i, i.e. ∂L/∂x = C^T ∂L/∂y, for
every C: the claim holds by the notes' own definition, and the verdict says so.  Only that
exact form is read, with the input and output named as the definition names them (or their
vec when the definition vectorises the tensors); any other product with C (C without the
transpose, C^{-1}, the roles exchanged) is left to the other readers.
"""

from __future__ import annotations

import re

from symconv.checker.context import finding
from symconv.checker.matrix_parse import BOLD
from symconv.checker.matrix_world import _GRAD_ALIAS, as_dollars
from symconv.checker.report import VERIFIED

_SPACE = re.compile(r"\\[,;:! ]|\\q?quad|\s+|\\left|\\right|\\displaystyle|\\[Bb]igg?[lr]?")
_WRAP = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec|mathbfit)\{([^{}]*)\}")
_VEC = r"(?:\\operatorname\{vec\}|\\mathrm\{vec\}|\\text\{vec\}|vec)"
_TRANSPOSE = r"\^(?:\{?\\top\}?|\{?T\}?|\{?\\intercal\}?|\{\\mathsf\{T\}\}|\{?\\mathsf\{T\}\}?)"
_LOSS = r"(?:\\mathcal\{L\}|[LEJ])"
# y = Cx, vec(Y) = C vec(X), \mathbf{y} = C\mathbf{x}
_DEFINED = re.compile(
    rf"(?:(?P<y>[a-z])=(?P<c>[A-Z])(?P<x>[a-z])"
    rf"|{_VEC}\((?P<Y>[A-Z])\)=(?P<C>[A-Z])(?:\\cdot)?{_VEC}\((?P<X>[A-Z])\))(?![A-Za-z0-9_^])"
)


def _plain(text: str) -> str:
    text = _SPACE.sub("", text)
    for _ in range(2):
        text = _WRAP.sub(r"\1", text)
    return text.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")


def _gradient(name: str, vectorised: bool, letters: tuple[str, ...] = ()) -> str:
    """The forms of ∂L/∂name (its vec, or by the vec, when ``vectorised``): the fraction,
    the slash (``\\partial L / \\partial X``), the nabla, or a letter the notes define as it
    (``G = \\partial L/\\partial Y``)."""
    named = "".join(f"|{re.escape(letter)}" for letter in letters)
    if vectorised:  # vec(∂L/∂X), or ∂L/∂vec(X): the gradient by the flattened tensor
        flat = _forms(rf"{_VEC}\({name}\)")
        return rf"(?:{_VEC}\((?:{_forms(name)}{named})\)|{flat})"
    return rf"(?:{_forms(name)}{named})"


def _forms(name: str) -> str:
    frac = rf"\\frac\{{\\partial{_LOSS}\}}\{{\\partial{name}\}}"
    slash = rf"\\partial{_LOSS}/\\partial{name}"
    nabla = rf"\\nabla_\{{?{name}\}}?{_LOSS}"
    return f"{frac}|{slash}|{nabla}"


def _definition(
    document: str, matrix: str | None = None, line: int | None = None
) -> tuple[str, str, str, bool] | None:
    """(C, input, output, vectorised) of the notes' unique ``y = Cx`` (with ``matrix``: the
    unique one of that matrix, "$\\mathbf{y} = T\\mathbf{x}$" in part (a) and
    "$\\operatorname{vec}(Y) = C \\operatorname{vec}(X)$" in part (b)); None when they give
    none or several.  With the claim's ``line``, a matrix the notes define again in a later
    part ("Dann ist $\\operatorname{vec}(Y) = T \\operatorname{vec}(X)$" after "$y = T x$")
    is the one of its last definition above the claim: that part's own matrix."""
    found: dict[tuple[str, str, str, bool], int] = {}
    for segment in re.finditer(
        r"\$\$(.*?)\$\$|\$(.*?)\$|\\\[(.*?)\\\]|\\\((.*?)\\\)", document, re.S
    ):
        at = document.count("\n", 0, segment.start()) + 1
        text = _plain("".join(g or "" for g in segment.groups()))
        for m in _DEFINED.finditer(text):
            if m.group("c"):
                found[(m.group("c"), m.group("x"), m.group("y"), False)] = at
            else:
                found[(m.group("C"), m.group("X"), m.group("Y"), True)] = at
    if matrix is not None:
        found = {f: at for f, at in found.items() if f[0] == matrix}
        if line is not None and len(found) > 1:
            above = {f: at for f, at in found.items() if at <= line}
            last = max(above.values(), default=None)
            latest = [f for f, at in above.items() if at == last]
            return latest[0] if len(latest) == 1 else None
    return next(iter(found)) if len(found) == 1 else None


def _named_gradients(document: str, output: str) -> tuple[str, ...]:
    """Letters the notes define as ∂L/∂``output`` (``G = \\partial L / \\partial Y``)."""
    text = BOLD.sub(lambda m: m.group(1), as_dollars(document))
    found = set()
    for m in _GRAD_ALIAS.finditer(text):
        if (m.group(3) or m.group(6)) == output and not (m.group("word1") or m.group("word2")):
            found.add(m.group(1))
    return tuple(sorted(found))


def judge_matrix_form(text: str, document: str, line: int | None = None) -> dict | None:
    """VERIFIED for ``∂L/∂x = C^T ∂L/∂y`` under the notes' ``y = Cx``; else None."""
    if "=" not in text or ("\\partial" not in text and "\\nabla" not in text):
        return None
    claim = _plain(text).rstrip(".,;")
    written = re.search(rf"=([A-Z]){_TRANSPOSE}", claim)
    defined = _definition(document, written.group(1) if written else None, line)
    if defined is None:
        return None
    c, x, y, vectorised = defined
    named = _named_gradients(document, y)
    pattern = re.compile(
        rf"^{_gradient(x, vectorised)}={c}{_TRANSPOSE}(?:\\cdot)?{_gradient(y, vectorised, named)}$"
    )
    m = pattern.match(claim)
    if m is None:
        return None
    losses = set(re.findall(rf"\\partial({_LOSS})[}}/]|\\nabla_\{{?[A-Za-z]\}}?({_LOSS})", claim))
    if len({a or b for a, b in losses}) != 1:
        return None  # two different losses
    shown = f"vec({y}) = {c} vec({x})" if vectorised else f"{y} = {c}{x}"
    return finding(
        VERIFIED,
        f"by the notes' definition {shown}: {c} is the Jacobian of the layer's linear map, so "
        f"the chain rule gives dL/d{x} = {c}^T dL/d{y} (for every such {c})",
    )
