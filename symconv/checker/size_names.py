"""Which quantity a name on the left of ``name = arithmetic = number`` stands for.

Authors write an output side as ``H_{out}``, ``W_out``, ``H'``, ``O``, ``n_{out}``,
``H_{sal}`` (Spanish), ``H_{o}``; a parameter count as ``N_\\theta``, ``N_{param}``,
``\\#params``, ``|\\theta|``, ``P`` (in a sentence about parameters) or ``\\text{Total}``; a
receptive field as ``RF``, ``R`` or ``\\rho``.  A subscript or superscript number names the layer:
``H_2`` is the output side of the second layer, ``P^{(1)}`` the count of the first.
"""

from __future__ import annotations

import dataclasses
import re

from symconv.checker import lexicon

OUTPUT = "output side"
PARAMS = "parameter count"
TOTAL = "total parameter count"
FIELD = "receptive field"


@dataclasses.dataclass(frozen=True)
class Quantity:
    what: str  # OUTPUT, PARAMS, TOTAL or FIELD
    ordinal: int | None  # the layer a subscript names (H_2, P^{(1)}), else None
    written: str  # the name as written, flattened
    transposed: bool = False  # the name marks a transposed layer's output: H^T_out


_PARAM_WORDS = re.compile(
    rf"\b(?:{lexicon.PARAMETERS}|weights and biases|trainable|learnable)\b", re.IGNORECASE
)
_SIZE_WORDS = re.compile(
    r"\b(?:height|width|size|side|map|maps|spatial|output|outputs|rows|columns|pixels|"
    r"alto|ancho|salida|tamaño|lado|altezza|uscita|hauteur|sortie|taille|wide|high)\b",
    re.IGNORECASE,
)
_FIELD_WORDS = re.compile(
    r"\breceptive|\breceptivo|\brecettivo|\brécept|\brezeptiv",
    re.IGNORECASE,  # champ récepteur
)

_OUT_SUFFIX = r"(?:out|o|sal|salida|saída|saida|uscita|output|sortie|y)"
_OUT = re.compile(rf"^(?:[HWOLDNThwnol])(?:_{_OUT_SUFFIX}|')$|^O$")  # T': a sequence's
_ORDINAL = re.compile(r"^([HWhwP])(?:\^\((\d)\)|\^(\d)|_(\d)|_\((\d)\))$")
_COUNT = re.compile(
    r"^(?:N_(?:theta|θ|param|params|parameters|p|par)|n_(?:params|param|p)|#params|"
    r"#param|params|num_params|\|theta(?:\^\(\w\))?\||P_(?:params|param|total)|#theta(?:_\w+)?)$"
)


# the side a dilated kernel spans, by its name: K_{eff}, k_{\text{eff}}, K_{ef} (Catalan),
# K_{efectivo}, F_{eff}, K_{dil}: a kernel letter marked effective or dilated
_EFFECTIVE = re.compile(
    r"^[KkFf]_(?:eff?|effective|efectiv[oa]|efetiv[oa]|effettiv[oa]|effekti[vf]|"
    r"efektif|efektywn\w*|dil|dilated|dilatad[oa])$"
)


def effective_kernel_name(name: str) -> bool:
    """``name`` (flattened) names the side a dilated kernel spans."""
    return bool(_EFFECTIVE.match(name))


def flatten(left: str) -> str:
    """``H_{\\text{out}}`` -> ``H_out``; ``N_\\theta`` -> ``N_theta``; ``P^{(2)}`` -> ``P^(2)``."""
    text = re.sub(
        r"\\(?:text|mathrm|mathit|mathbf|boldsymbol|operatorname|mathsf|textrm)\s*", "", left
    )
    text = re.sub(r"\\(?:left|right|big|Big|bigl|bigr)\b", "", text)
    text = text.replace("\\#", "#").replace("\\,", "").replace("\\prime", "'")
    text = re.sub(r"\\(theta|vartheta)(?![a-zA-Z])", "theta", text)  # \theta_{conv} too
    text = re.sub(r"[{}\s$]", "", text)
    return text.replace("\\_", "_")


# a transposed layer's output marked on its name: H^T_out, H^{T}_{out}, H_out^{(T)}, L^{tr}_out
_TRANSPOSED_MARK = re.compile(r"\^(?:T|\(T\)|tr|\\top)(?=_|$)")


# a count named by its layer's kernel: P_{1\times1}, P_{3x3}
_KERNEL_COUNT = re.compile(r"^P_(\d+)(?:\\times|×|x)(\d+)$")


def kernel_count_name(name: str) -> bool:
    """``name`` (flattened) is a count named by a kernel size, ``P_3\\times3``."""
    return bool(_KERNEL_COUNT.match(name))


def quantity_of(left: str, sentence: str) -> Quantity | None:
    """The quantity the left side names, read with the words of its sentence, or None."""
    name = flatten(left)
    bare = _TRANSPOSED_MARK.sub("", name)
    if bare != name and (_OUT.match(bare) or bare in ("L_out", "N_out")):
        return Quantity(OUTPUT, None, name, transposed=True)
    if (_OUT.match(name) and not name.startswith(("N_", "n_", "o_"))) or name == "O":
        return Quantity(OUTPUT, None, name)
    if name in ("N_out", "n_out", "o_out", "L_out", "D_out"):
        return Quantity(OUTPUT, None, name)
    if re.fullmatch(r"[HW]_[YZO]", name):  # H_Y: the height of the output Y
        return Quantity(OUTPUT, None, name)
    m = _ORDINAL.match(name)
    if m:
        ordinal = int(next(g for g in m.groups()[1:] if g is not None))
        if m.group(1) == "P":
            return Quantity(PARAMS, ordinal, name) if _PARAM_WORDS.search(sentence) else None
        return Quantity(OUTPUT, ordinal, name) if _SIZE_WORDS.search(sentence) else None
    if _COUNT.match(name):
        return Quantity(PARAMS, None, name)
    kernel = _KERNEL_COUNT.match(name)
    if kernel and kernel.group(1) == kernel.group(2):
        # P_{1\times1}, P_{3x3}: the count of the layer of that kernel its sentence names
        side = kernel.group(1)
        words = sentence.replace(left.strip(), " ")  # (the name itself names no layer)
        named = re.search(rf"(?<!\d){side}\s*(?:\\times|×|x)\s*{side}(?!\d)", words)
        said = _PARAM_WORDS.search(sentence) or re.search(r"\bParameter\w*", sentence)
        return Quantity(PARAMS, None, name) if named and said else None
    if name == "P" and _PARAM_WORDS.search(sentence):
        return Quantity(PARAMS, None, name)
    if name.lower() == "total" and _PARAM_WORDS.search(sentence):
        return Quantity(TOTAL, None, name)
    # (\rho, "the receptive field ... has side $\rho = ...$": a letter its sentence names)
    if name in ("RF", "R", "r", "R_f", "RF_n", "\\rho", "ρ") and _FIELD_WORDS.search(sentence):
        return Quantity(FIELD, None, name)
    if name in ("RF",):
        return Quantity(FIELD, None, name)
    return None


def left_side(text: str) -> str | None:
    """The text before the first ``=`` outside brackets, or None."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        elif ch == "=" and depth == 0:
            return text[:i]
    return None


# H_Y, W_Z: the side of the tensor Y, Z, read as the layer's output -- unless the notes
# define that letter as something else: "Z = \mathcal{K}^\top(G)" (the transposed
# operator's result, the side of another layer), "Z = \partial L / \partial X" (a gradient)
_LETTER_SIDE = re.compile(r"[HW]_([YZO])")
_NOT_FORWARD = re.compile(
    # (\top or \intercal anywhere; ^T only on an operator applied, "K^T(G)": Z = X W^T may
    # be a dense layer's own output)
    r"\\top(?![A-Za-z])|\\intercal|\^\s*\{?\s*T\s*\}?\s*\(|transpose|\\partial|\\nabla",
    re.IGNORECASE,
)


def letter_defined_otherwise(left: str, document: str) -> bool:
    """Whether ``left`` (H_Z, W_Y) is the side of a letter that ``document`` defines as a
    transposed operator's result or a gradient, not the layer's forward output."""
    m = _LETTER_SIDE.fullmatch(flatten(left))
    if m is None:
        return False
    definition = re.compile(rf"(?<![\\A-Za-z_^{{]){m.group(1)}\s*=\s*([^=$]*)")
    return any(_NOT_FORWARD.search(d.group(1)) for d in definition.finditer(document))
