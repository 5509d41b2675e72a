"""Counts written with symbolic sizes under names the count readers do not know:

* a parameter count named ``\\#\\theta``, ``\\#\\text{weights}``, ``\\#\\text{parámetros}``:
  judged as :func:`.allsizes_counts.judge_count` judges ``\\#params``;
* a multiplication count for a whole batch, ``M = N F H' W' C K^2`` after prose that says
  it counts multiplications ("Multiplicaciones en el paso hacia delante", "multiply-adds",
  "MACs"): each of the N F H' W' outputs is a sum of C K_h K_w products, so the forward
  pass of an ungrouped convolution makes N F H' W' C K_h K_w multiplications.  Judged over a
  grid of sizes.  In notes about grouped layers each output sums C/groups channels: a
  count there is read only when it writes the letter the notes name the groups by ("groups
  $g$", "$G$ grupos", ``groups=g``), with g dividing C and F on the grid
  (``M = H_{out} W_{out} C_{out} \frac{C_{in}}{g} k^2``).

Text is parsed by :mod:`.allsizes_parse`, never evaluated.
"""

from __future__ import annotations

import itertools
import re

from symconv.checker.allsizes_counts import _value, is_count, judge_count, names_count, own_clause
from symconv.checker.allsizes_parse import parse, walk
from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG

_PARAMS_LEFT = re.compile(
    r"^\s*\\#\s*(?:\\theta|\\Theta|\\?(?:text|mathrm|operatorname)\s*\{\s*(?:params|parameters|"
    r"weights|pesos|par[áa]metros|Parameter)\s*\})"
    # which layer's count: \#\theta_{\text{conv}}, \#\theta_{\mathrm{layer}}, the layer's
    # own mark \#\theta^{[l]} (a numbered one, \#\theta^{[3]}, is another layer's)
    r"\s*(?:_\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|[A-Za-z]))?"
    r"(?:\^\s*\{\s*[\[(]\s*l\s*[\])]\s*\})?\s*="
)
_MULTIPLY_WORDS = re.compile(
    r"multiplica\w*|multiply[- ]adds?|\bMACs?\b|Multiplikation\w*|moltiplicazion\w*",
    re.IGNORECASE,
)
# a grouped layer: "groups=2", "$G$ groups", "grouped", "convolución por grupos", depthwise
_GROUPED = re.compile(
    r"groups\s*=|\$\s*\\?\w+\s*\$\s*(?:groups|grupos|groupes|Gruppen|gruppi)|"
    r"\d\s*(?:groups|grupos|groupes)\b|grouped|group[ée]e|gruppiert\w*|raggruppat\w*|"
    r"agrupad\w*|por\s+grupos|par\s+groupes?|depth[- ]?wise|en profondeur|Gruppenfaltung|"
    r"un groupe par canal|one group per channel|un grupo por canal",
    re.IGNORECASE,
)
# a count named N or P ("number", "parameters"), maybe with its layer's mark (N^{(l)},
# P_l), after prose that says it counts parameters (a letter W or B there may count the
# weights or the biases alone)
_NAMED_LEFT = re.compile(r"^\s*[NP]\s*(?:_\{?\s*l\s*\}?|\^\s*\{\s*[\[(]\s*l\s*[\])]\s*\})?\s*=")
_PARAM_WORDS = re.compile(
    r"\bparameters?\b|\bParameter\b|par[áa]metros|param[èe]tres|parametri|trainable|"
    r"weights and (?:one|a|its) bias|(?:its|their) own bias",
    re.IGNORECASE,
)
_MULT_LEFT = re.compile(r"^\s*([A-Z](?:_\{?\\?\w+\}?)?|\\#\s*\\?(?:text|mathrm)\{[^}]*\})\s*=")
# the parser's names of a batch convolution's sizes, by role
_ROLES = {
    "N": "n",
    "B": "n",
    "F": "f",
    "C_out": "f",
    "K_out": "f",
    "C": "c",
    "C_in": "c",
    "k": "kh",
    "k_h": "kh",
    "k_w": "kw",
    "H_o": "ho",
    "W_o": "wo",
}


def grouped_count(text: str, document: str, line: int) -> bool:
    r"""Whether a parameter count stands on a line about a grouped or depthwise layer ("|
    depthwise ($C$ canaux) | $\#\theta = C(K^2 + 1)$ |"): not the standard convolution's
    count the readers judge."""
    lines = document.split("\n")
    counts = bool(_PARAMS_LEFT.match(text) or names_count(text))
    if not counts or not 0 < line <= len(lines):
        return False
    # a count in letters is about the layer its paragraph describes; a count in numbers is
    # judged by the layer read with its groups (the line's own words only)
    right = re.sub(r"\\[A-Za-z]+", "", text.split("=", 1)[-1])
    letters = bool(re.search(r"[A-Za-z]", right))
    return bool(_GROUPED.search(_paragraph(lines, line) if letters else lines[line - 1]))


def _paragraph(lines: list[str], line: int) -> str:
    """The claim's line and the lines of its paragraph above it ("Une couche
    `nn.Conv2d(C_in, C_out, k, groups=g)` possède ... Une réponse fréquente oublie la
    division : $P = C_{in} C_{out} k^2 + C_{out}$": the layer is grouped two lines up)."""
    return "\n".join(lines[paragraph_start(lines, line) : line])


def paragraph_start(lines: list[str], line: int) -> int:
    """The 0-based first line of the paragraph that ends at ``line`` (1-based).  A display
    formula set apart by a blank line belongs to the paragraph that leads into it ("Con $G$
    grupos ... El número de parámetros es" / blank / "$$P = ...$$")."""
    first = line - 1
    while first > 0 and lines[first - 1].strip() and not lines[first - 1].lstrip().startswith("#"):
        first -= 1
    if first == line - 1 and lines[first].lstrip().startswith("$$") and first > 1:
        above = first - 1
        lead = lines[above - 1].lstrip()
        if not lines[above].strip() and lead and not lead.startswith(("#", "$$")):
            return paragraph_start(lines, above)
    return first


def judge_symbolic_count(text: str, document: str, line: int) -> dict | None:
    """The verdict on a parameter or multiplication count in letters, or None."""
    if "=" not in text:
        return None
    right = text.split("=", 1)[1]
    if _PARAMS_LEFT.match(text):
        if right.count("=") or (
            re.search(r"\d\s*$", right.strip()) and not re.search(r"[A-Za-z]", right)
        ):
            return None  # numbers: the layer's own count, read elsewhere
        try:
            return judge_count(parse(right), document, own_clause(document, line, text))
        except NotUnderstood:
            return None
    before = _prose_before(document.split("\n"), line)
    if _NAMED_LEFT.match(text) and _PARAM_WORDS.search(before) and not right.count("="):
        # "Each filter has $C k^2$ weights and one bias: $N^{(l)} = C_{out}(C k^2 + 1)$"
        try:
            tree = parse(right)
        except NotUnderstood:
            return None
        if not is_count(tree, document):
            return None
        return judge_count(tree, document, own_clause(document, line, text))
    if not _MULT_LEFT.match(text) or not _MULTIPLY_WORDS.search(before):
        return None
    try:
        tree = parse(right)
    except NotUnderstood:
        return None
    names = {m.parts[0] for m in walk(tree) if m.kind == "sym"}
    group = group_letter(document)
    if _GROUPED.search(document) and (group is None or group not in names):
        return None  # a count that may be of an ungrouped layer in notes of grouped ones
    if not names or not names - {group} <= set(_ROLES):
        return None
    per_image = not _BATCH.search(document) or bool(_PER_IMAGE.search(before))
    return _judge_multiplications(tree, names, per_image, group)


# the letter the notes name the groups by: "groups $g$", "$G$ grupos", "groups=g"
_GROUP_LETTER = re.compile(
    r"\b(?:groups|grupos|groupes|Gruppen|gruppi)\s*\$\s*([A-Za-z])\s*\$|"
    r"\$\s*([A-Za-z])\s*\$\s*(?:groups|grupos|groupes|Gruppen|gruppi)\b|"
    r"\bgroups\s*=\s*([A-Za-z])\b",
)


def group_letter(document: str) -> str | None:
    """The one letter the notes name a convolution's groups by, else None."""
    found = {g for m in _GROUP_LETTER.finditer(document) for g in m.groups() if g}
    return found.pop() if len(found) == 1 else None


# notes that speak of a batch: then a count without N may have forgotten it
_BATCH = re.compile(
    r"\bbatch|\blote\b|\blotes\b|\bStapel|\bMini-?Batch|\blot\b|\blotto\b|"
    r"\$\s*[NB]\s*\$\s*(?:images|samples|examples|im[áa]genes|muestras|ejemplos|Bilder|"
    r"Beispiele|imagens|amostras|exemplos|exemples|immagini)",
    re.IGNORECASE,
)
# the count's own prose says it is one image's
_PER_IMAGE = re.compile(
    r"\bper (?:image|sample|example|input)|\bfor (?:one|a single) (?:image|sample|example)|"
    r"\bpor (?:imagen|muestra|ejemplo|imagem|amostra|exemplo)|\bpro (?:Bild|Beispiel|Eingabe)|"
    r"\bpar (?:image|exemple)|\bper (?:immagine|campione)",
    re.IGNORECASE,
)


def _prose_before(lines: list[str], line: int) -> str:
    """The claim's line and the prose line that introduces it, past the displays between
    ("Multiplicaciones ...:" then $$M = ...$$ and another $$M = ...$$)."""
    found = [lines[line - 1]] if 0 < line <= len(lines) else []
    for number in range(line - 1, max(0, line - 9), -1):
        text = lines[number - 1].strip()
        if not text or (text.startswith("$$") and text.endswith("$$")):
            continue
        found.append(text)
        break
    return "\n".join(found)


def _judge_multiplications(  # type: ignore[no-untyped-def]
    tree, names: set[str], per_image: bool = False, group: str | None = None
) -> dict:
    """The count judged over a grid of sizes.  A formula without a batch letter, in notes
    that speak of no batch (or that say the count is per image), counts one image's
    products: N = 1 there (a batch's count is N times one image's, so a formula written per
    image is not wrong for leaving N out).  A formula with the output's height alone
    (``H_{out}^2``) is about a square output, as ``K^2`` is about a square kernel: the
    output's width is its height there (a formula that forgot a factor of the side, ``F
    H_o C K^2``, still fails at a side of 2)."""
    roles = {_ROLES[n] for n in names if n != group}
    grouped = group is not None and group in names
    square = "kw" not in roles  # K^2: a square kernel
    square_out = ("ho" in roles) != ("wo" in roles)  # H_out^2: a square output
    one_image = per_image and "n" not in roles
    tried = 0
    for n, f, c, kh, kw, ho, wo, g in itertools.product(
        range(1, 3),
        range(1, 4),
        range(1, 4),
        range(1, 4),
        range(1, 4),
        range(1, 4),
        range(1, 4),
        range(1, 3) if grouped else (1,),
    ):
        if square and kh != kw:
            continue
        if (square_out and ho != wo) or (one_image and n != 1):
            continue
        f, c = f * g, c * g  # g divides the filters and the channels
        sizes = {"n": n, "f": f, "c": c, "kh": kh, "kw": kw, "ho": ho, "wo": wo, "g": g}
        env = {name: sizes["g" if name == group else _ROLES[name]] for name in names}
        truth = n * f * ho * wo * (c // g) * kh * kw  # each output sums its group's c/g maps
        claimed = _value(tree, env)
        tried += 1
        if claimed != truth:
            shown = ", ".join(f"{k} = {v}" for k, v in sorted(env.items()))
            forgot = [
                f"{name} = {value}"
                for name, value, role in (("N", n, "n"), ("C", c, "c"))
                if role not in roles and not (role == "n" and one_image)
            ]
            if forgot:  # the sizes the formula forgot, shown with their values
                shown += f" (and {', '.join(forgot)})"
            return finding(
                WRONG,
                f"false: with {shown}, the formula gives {claimed}, the forward pass makes "
                f"{truth} multiplications (N·F·H'·W' outputs, each a sum of "
                f"{'(C/g)' if grouped else 'C'}·K_h·K_w products)",
                expected=str(truth),
                counterexample={"sizes": env, "right": str(claimed)},
            )
    per = " (one image's products: the count writes no batch)" if one_image else ""
    return finding(
        VERIFIED,
        f"holds over a grid of {tried} sizes{per}: N·F·H'·W' outputs, each a sum of "
        f"{'(C/g)' if grouped else 'C'}·K_h·K_w products",
    )
