"""A tensor's two letters: the capital for the matrix, the small letter for its entries.

Notes name the matrix and write its entries in the other case: "the map of entrance is
$A$" and then ``\\frac{\\partial L}{\\partial a_{1,0}}``; ``g_{i,j} = \\partial L /
\\partial p_{i,j}`` and then ``\\frac{1}{4} G \\otimes \\mathbf{1}_{2\\times 2}``.  A
letter bound to a tensor (by the notes or by the notation) lends its role to the other
case when the notes use that letter as a tensor would be used, and nothing else binds it:

* the small letter, when it is written with indices (``a_{1,0}``, ``a[i][j]``) and the
  notes do not define it as an activation's result (``a = \\max(0, z)``);
* the capital, when it is not a size's usual name (P the padding, C the channels, N the
  batch) or when the notes set it to a written matrix (``P = \\begin{pmatrix}``).

The Greek capital (``\\Delta`` of ``\\delta``) is also "a change in" (``\\Delta W``), so it
takes the role only where the prose says so: "$\\Delta$ (the $4\\times4$ matrix of
$\\delta$'s)", "$\\boldsymbol{\\Delta}_f$ the $3\\times3$ matrix of $\\delta_{f,i,j}$",
"the matrix $\\Delta$ of the $\\delta_{ij}$", "collect the $\\delta$'s in a matrix $\\Delta$";
or where the notes write its slices with the small letter's indices (``\\Delta_{n,:,:,f}``
beside ``\\delta_{n,i,j,f}``, as ``X_{n,:,:,c}`` beside ``x_{n,i,j,c}``).
"""

from __future__ import annotations

import re

from symconv.checker.gradient_names import activation_results
from symconv.checker.written_names import SIZE_NAMES

_TENSOR_ROLES = frozenset({"X", "W", "Z", "G"})
_SIZE_LETTERS = frozenset(n for n in SIZE_NAMES if len(n) == 1) | frozenset("NBMFKDLRT")


_GREEK_PAIRS = (("\\delta", "\\Delta"), ("\\gamma", "\\Gamma"))
_ARRAY = r"(?:matri(?:x|ces|z)|maps?|arrays?|tensors?|grids?|slices?|mapa|matriz)"


def _matrix_of(small: str, capital: str, document: str) -> bool:
    """Whether the prose names ``capital`` the matrix of the ``small`` entries."""
    cap = r"\$[^$]*" + re.escape(capital) + r"(?![A-Za-z])[^$]*\$"
    sml = r"\$[^$]*" + re.escape(small) + r"(?![A-Za-z])[^$]*\$"
    gap = r"(?:[^$.;]|\$\s*\d[^$]{0,20}\$){0,60}?"  # "the $4\times4$ matrix of"
    return bool(
        re.search(cap + gap + r"\b" + _ARRAY + r"\s+(?:of|de)\b" + gap + sml, document)
        or re.search(r"\b" + _ARRAY + r"\s*" + cap + r"\s*(?:of|de)\b" + gap + sml, document)
        or re.search(
            sml + gap + r"\b(?:in|into|en)\s+(?:an?\s+|una?\s+)?" + _ARRAY + r"\s*" + cap, document
        )
    )


def _subscripts(letter: str, math: str) -> list[str]:
    pattern = (
        re.escape(letter) + r"(?![A-Za-z])\s*(?:\^\s*\{[^{}]*\}\s*)?_\s*\{((?:[^{}]|\{[^{}]*\})*)\}"
    )
    return [re.sub(r"\\[,;:! ]", "", sub) for sub in re.findall(pattern, math)]  # \, spacing


def _sliced(small: str, capital: str, document: str) -> bool:
    r"""Whether the notes write slices of ``capital`` with the ``small`` entries' indices:
    ``\Delta_{n,:,:,f}`` beside ``\delta_{n,i,j,f}`` (a change ``\Delta W`` has no slice)."""
    math = _math(document)
    entries = {sub.count(",") for sub in _subscripts(small, math) if ":" not in sub}
    slices = [sub for sub in _subscripts(capital, math) if ":" in sub]
    return len(entries) == 1 and bool(slices) and all(s.count(",") in entries for s in slices)


def _math(document: str) -> str:
    spans = re.findall(r"\$\$(.+?)\$\$|\$([^$]+)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", document, re.S)
    return "\n".join("".join(parts) for parts in spans)


def other_case_names(letters: dict[str, str], document: str) -> list[str]:
    """``a=X``-style pairs for the other case of each tensor letter the notes use so."""
    math = _math(document)
    activated = activation_results(document)
    found = [
        f"{capital}={letters[small]}"
        for small, capital in _GREEK_PAIRS
        if small in letters
        and capital not in letters
        and (_matrix_of(small, capital, document) or _sliced(small, capital, document))
    ]
    for letter, role in letters.items():
        if len(letter) != 1 or not letter.isascii() or not letter.isalpha():
            continue
        if role not in _TENSOR_ROLES:
            continue
        other = letter.swapcase()
        if other in letters or other in activated:
            continue
        used: bool
        if other.islower():
            used = bool(re.search(rf"(?<![A-Za-z\\]){other}\s*(?:_\s*\{{|_\s*[0-9a-z]|\[)", math))
        else:
            matrix = re.search(rf"(?<![A-Za-z\\]){other}\s*=\s*\\begin\s*\{{[pbvBV]?matrix", math)
            bare = re.search(rf"(?<![A-Za-z\\{{_^]){other}(?![A-Za-z_(\[])", math)
            used = matrix is not None or (bare is not None and other not in _SIZE_LETTERS)
        if used:
            found.append(f"{other}={role}")
    return found
