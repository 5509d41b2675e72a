"""A sample's loss (``\\ell_n``, ``L_i``) against the batch's loss the notes define.

Notes with a mini-batch name each sample's loss and define the batch's from them:
``L = \\sum_n \\ell_n`` or ``L = \\frac{1}{N} \\sum_n \\ell_n``.  A claim then writes
``\\frac{\\partial \\ell_n}{\\partial Y_{n,f}}`` or ``\\partial \\ell_n / \\partial W``: the
evaluator reads those as sample n's part of the batch gradient, scaled by the definition
(sample_loss_terms.py; :func:`defined_above` says which definition holds at a line).

Here: a letter the notes define as a sample loss's gradient, ``G_{n,f} = \\partial \\ell_n /
\\partial Y_{n,f}`` (or ``\\delta_n = \\frac{\\partial \\ell_n}{\\partial y_n}``).  The
checker's upstream gradient G is the batch loss's, dL/dY.  Under a sum, ell_n is the only
part of L that depends on sample n's tensors, so dell_n/dY_n = dL/dY_n: the letter is G as
it is.  Under a mean, L = (1/N) sum_m ell_m gives dell_n/dY_n = N dL/dY_n, so each use of the
letter in a claim is rewritten as N times it (a rewrite of the claim's text, never
evaluated); a letter defined with another tensor (``\\delta^{(p)} = \\partial E_p /
\\partial z^{(p)}``, a form not read as the sample's own) leaves the claim not read.
"""

from __future__ import annotations

import re

_LOSS = r"(?:\\ell|\\mathcal\s*\{\s*L\s*\}|L|J|E)"
# the sample's letter as a subscript (\ell_n, L_{i}) or in parentheses above (L^{(n)})
_SUB = (
    r"(?:_\s*(?:\{\s*(?P<s1>[a-z])\s*\}|(?P<s2>[a-z]))"
    r"|\^\s*\{\s*\(\s*(?P<s3>[a-z])\s*\)\s*\})"
)
# a tensor of one sample: Y_{n,f}, \mathbf{X}_{n}, its first index the sample's letter
# (or written as in code, y[k][f][i][j], y[k, f, i, j]: the first index the sample's)
_TENSOR = (
    r"(?P<den>(?:[A-Za-z]|\\mathbf\s*\{\s*[A-Za-z]\s*\})\s*(?:_\s*\{\s*(?P<t>[a-z])\s*"
    r"(?:,[^{}]*)?\}|\[\s*(?P<t2>[a-z])\s*(?:,[^\[\]{}]*)?\](?:\[[^\[\]{}]*\])*))"
)
_FRACTION = re.compile(
    r"\\[dt]?frac\s*\{\s*\\partial\s*"
    + _LOSS
    + r"\s*"
    + _SUB
    + r"\s*\}\s*\{\s*\\partial\s*"
    + _TENSOR
    + r"\s*\}"
)
_SLASH = re.compile(r"\\partial\s*" + _LOSS + r"\s*" + _SUB + r"\s*/\s*\\partial\s*" + _TENSOR)
# any derivative of a subscripted loss: \partial \ell_n, \partial L_{i}
_ANY = re.compile(r"\\partial\s*" + _LOSS + r"\s*" + _SUB)
# L = \frac{1}{N} \sum_n \ell_n, \mathcal{L} = \frac1B \sum_i L_i, L = 1/N \sum ...
_DEFINITION = re.compile(
    r"(?<![A-Za-z\\])(?:L|J|E|\\mathcal\s*\{\s*L\s*\})\s*=\s*"
    r"(?P<mean>\\[dt]?frac\s*\{?\s*1\s*\}?\s*\{?\s*[A-Za-z]\s*\}?|1\s*/\s*[A-Za-z])?\s*"
    # (the sum's limits may hold an "=": \sum_{p=1}^{N})
    r"\\sum(?![A-Za-z])(?:\s*_\s*\{[^{}]*\}|\s*_\s*[a-z])?(?:\s*\^\s*\{[^{}]*\}|\s*\^\s*\w)?"
    r"[^=$]{0,40}?" + _LOSS + r"\s*" + _SUB
)
READ = (
    "the notes define the batch's loss as a mean, so a sample's loss differentiated by its "
    "own tensors is N times the batch loss's gradient: the 1/N is missing or extra"
)
REFUSED = (
    "the notes define the batch's loss as a mean, (1/N) times the sum of the samples' "
    "losses: a sample's loss differentiated by a tensor shared by the samples, or a letter "
    "naming a sample loss's gradient (\\delta^{(p)} = \\partial E_p / \\partial z^{(p)}), "
    "is not read"
)


# a letter naming one sample's loss gradient: \delta^{(p)}_{ij} = \partial E_p / \partial
# z^{(p)}_{ij}, \delta_n = \frac{\partial \ell_n}{\partial y_n}
_MARK = r"(?:\^\s*\{?\s*\(\s*[a-z]\s*\)\s*\}?\s*)?"
_NAMED = re.compile(
    r"(?P<letter>\\[a-zA-Z]+|(?<![\\A-Za-z])[A-Za-z])\s*"
    + _MARK
    + r"(?:_\s*\{[^{}]*\}|_\s*[a-z]{1,2})?\s*"
    + _MARK
    + r"=\s*(?P<rhs>)(?:\\[dt]?frac\s*\{\s*)?\\partial\s*"
    + _LOSS
    + r"\s*"
    + _SUB
)


# the samples' losses written out, L = \\frac{1}{2}(\\ell_0 + \\ell_1), L = (\\ell_1 + \\ell_2)/2,
# L = \\ell_1 + \\ell_2: a mean when divided by as many as it adds, a sum when not divided
_TERM = r"(?P<each{k}>\\ell|L|J|E)\s*_\s*\{?\s*\d+\s*\}?"
_WRITTEN_OUT = re.compile(
    r"(?<![A-Za-z\\])(?:L|J|E|\\mathcal\s*\{\s*L\s*\})\s*=\s*"
    r"(?:\\[dt]?frac\s*\{\s*1\s*\}\s*\{\s*(?P<d1>\d+)\s*\}\s*)?(?P<open>(?:\\left\s*)?\()?\s*"
    r"(?P<terms>"
    + _TERM.replace("{k}", "1")
    + r"(?:\s*\+\s*"
    + _TERM.replace("{k}", "2")
    + r")+)\s*"
    r"(?P<close>(?:\\right\s*)?\))?\s*(?:/\s*(?P<d2>\d+))?(?!\s*[-+_^\w\\(])"
)


def _written_out(m: re.Match) -> str | None:
    """ "mean" or "sum" for a written-out batch loss, None when it is neither."""
    terms = re.findall(r"(\\ell|L|J|E)\s*_\s*\{?\s*(\d+)", m.group("terms"))
    if len({letter for letter, _ in terms}) != 1 or len({i for _, i in terms}) != len(terms):
        return None
    divisor = m.group("d1") or m.group("d2")
    if bool(m.group("open")) != bool(m.group("close")) or (m.group("d1") and not m.group("open")):
        return None  # \\frac{1}{2} \\ell_0 + \\ell_1: only the first term halved
    if divisor is None:
        return "sum"
    return "mean" if int(divisor) == len(terms) else None


def defined_above(document: list[str], line: int) -> str | None:
    """ "mean" or "sum": the batch loss's definition last written above ``line`` (or on
    it: "$E = \\frac{1}{N}\\sum_p E_p$ ... $\\partial E / \\partial w = ...$")."""
    found = None
    for text in document[: max(line, 0)]:
        marks = [
            (m.start(), "mean" if m.group("mean") else "sum") for m in _DEFINITION.finditer(text)
        ]
        marks += [(m.start(), _written_out(m)) for m in _WRITTEN_OUT.finditer(text)]
        for _, reading in sorted(marks):
            found = reading if reading is not None else found
    return found


def _own_letters(document: list[str], line: int) -> tuple[set[str], set[str]]:
    """The letters the notes define, up to ``line``, as a sample loss's gradient: those
    defined by the sample's own output (G_{n,f} = dell_n/dY_{n,f}), and the others.  A
    letter defined with the sample's mark above it (``\\delta^{(n)}_{f,i,j}``) is kept as
    ``\\delta^{(`` (:func:`_form`): the same letter without a mark may name another
    gradient in the same notes (``\\delta_{n,f,i,j} = \\partial L / \\partial z_{n,f,i,j}``)."""
    own: set[str] = set()
    other: set[str] = set()
    for text in document[: max(line, 0)]:
        for m in _NAMED.finditer(text):
            at = m.start("rhs")
            form = _FRACTION.match(text, at) or _SLASH.match(text, at)
            sample = form and (form.group("t") or form.group("t2"))
            letter = _form(m)
            if form and sample == (form.group("s1") or form.group("s2") or form.group("s3")):
                own.add(letter)
            else:
                other.add(letter)
    return own, other - own


def _form(m: re.Match) -> str:
    """The defined letter, with ``^{(`` after it where it is written with a mark."""
    marked = re.search(r"\^\s*\{?\s*\(", m.group(0)[len(m.group("letter")) : m.start("rhs")])
    return m.group("letter") + ("^{(" if marked else "")


def _letter(letter: str) -> re.Pattern:
    """The letter with its sub- and superscripts (``G_{n,f}``, ``\\delta^{(p)}_{ij}``)."""
    script = r"(?:\s*[_^]\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\?[A-Za-z0-9]))*"
    return re.compile(r"(?<![\\A-Za-z])" + re.escape(letter) + r"(?![A-Za-z])" + script)


def _bare(form: str) -> str:
    """The letter of a form :func:`_form` made (``\\delta^{(`` -> ``\\delta``)."""
    return form.removesuffix("^{(")


def _is_marked(written: str) -> bool:
    """Whether a letter as written carries a mark in parentheses above it."""
    return re.search(r"\^\s*\{?\s*\(", written) is not None


def own_sample_letters(document: list[str]) -> frozenset[str]:
    """Letters the notes define as a sample loss's gradient by the sample's own output,
    where they also define the batch's loss from the samples' (a sum or a mean)."""
    if defined_above(document, len(document)) is None:
        return frozenset()
    return frozenset(_bare(form) for form in _own_letters(document, len(document))[0])


def names_sample_loss(text: str, document: list[str], line: int) -> bool:
    """Whether the claim differentiates a sample's loss under a mean the notes define."""
    return defined_above(document, line) == "mean" and bool(_ANY.search(text))


def per_sample_loss(text: str, document: list[str], line: int, batch: int) -> str | None:
    """``text`` with each use of a letter naming a sample loss's gradient written as
    ``batch`` times the batch loss's, or None where that cannot be done (:data:`REFUSED`)."""
    if defined_above(document, line) != "mean":
        return text
    own, other = _own_letters(document, line)
    for form in sorted(other):
        if re.search(re.escape(_bare(form)) + r"(?![A-Za-z])", text):
            return None
    for form in sorted(own):
        letter = _bare(form)
        if not _letter(letter).search(text):
            continue
        # the letter also defined as the batch loss's gradient: with the same mark (or
        # none), which one a use means is open; with the other, the mark tells them apart
        # (\delta^{(n)}_{f,i,j} = dell_n/dz_{n,f,i,j} beside \delta_{n,f,i,j} = dL/dz_{n,f,i,j})
        batch_marks = {
            _is_marked(m.group("written"))
            for row in document[: max(line, 0)]
            for m in _batch_named(letter).finditer(row)
        }
        own_mark = form != letter
        if own_mark in batch_marks:
            return None

        def scaled(m: re.Match, own_mark: bool = own_mark, any_use: bool = not batch_marks) -> str:
            if any_use or _is_marked(m.group(0)) == own_mark:
                return f"\\left({batch} {m.group(0)}\\right)"
            return m.group(0)  # the batch loss's letter: G as it is

        text = _letter(letter).sub(scaled, text)
    return text


def _batch_named(letter: str) -> re.Pattern:
    """``G = \\partial L / \\partial Y``: the letter defined by the batch's loss."""
    return re.compile(
        r"(?<![\\A-Za-z])(?P<written>"
        + re.escape(letter)
        + r"(?![A-Za-z])[^=$]{0,30})=\s*(?:\\[dt]?frac\s*\{\s*)?\\partial\s*"
        + _LOSS
        + r"(?!\s*_)"
    )
