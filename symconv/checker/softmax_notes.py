"""What notes about a softmax output with the cross-entropy loss state, and the reader
of their claims' right sides (:mod:`.softmax_claims`): the letter of softmax(z) ("$P =
\\operatorname{softmax}(Z)$"), the one-hot label's letter, whether the loss is one example's
(no batch mean), the first class index, and the worked example's logits and true class.
Right sides are parsed into SymPy, never eval'ed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy

from symconv.checker.code_matrices import code_softmax
from symconv.checker.limits import NotUnderstood
from symconv.checker.matrix_world import line_before
from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, WRONG
from symconv.checker.sympy_tokens import SympyTokens

_SOFTMAX = r"(?:\\(?:operatorname|mathrm|text)\s*\{\s*softmax\s*\}|softmax)"
_DEFINED = re.compile(
    r"(?:\\hat\s*\{?\s*)?([A-Za-z])\}?\s*=\s*" + _SOFTMAX + r"\s*\(\s*([A-Za-z])\s*\)"
)
# the softmax written out: p_i = e^{z_i} / \sum_m e^{z_m}, P_{kn} = \frac{e^{Z_{kn}}}{\sum_m
# e^{Z_{mn}}}, \exp(z_k) / \sum_j \exp(z_j): p is softmax(z) whatever the indices
_FORMULA = re.compile(
    r"(?<![A-Za-z\\])([A-Za-z])\s*_\s*(?:\{[^{}]*\}|[a-z])\s*=\s*(?:\\[dt]?frac\s*\{\s*)?"
    r"(?:e\s*\^\s*\{?\s*|\\exp\s*(?:\\left)?\s*\(\s*)([A-Za-z])\s*_[^=$]*?\\sum"
    r"(?:\s*_\s*\{[^{}$]*\}|\s*_\s*[a-z])?(?:\s*\^\s*\{[^{}$]*\}|\s*\^\s*\w)?[^=$]*?"
    r"(?:e\s*\^|\\exp)"
)


def unless_softmax_letter(found: dict, text: str, document: str, line: int, guessed: bool) -> dict:
    """``found``, or not-understood where the layer is a guess, the notes are none the
    softmax reader reads, and the claim uses a letter the notes defined above as the softmax
    of another ("$P = \\operatorname{softmax}(Z)$ row by row", then "$\\frac{\\partial
    L}{\\partial Z} = P - Y$"): read as the guessed layer's padding or output, the letter
    makes a right claim wrong."""
    if not guessed or found.get("status") not in (WRONG, SIZE_SPECIFIC):
        return found
    if read_notes(document, line, text) is not None:
        return found  # notes the softmax reader reads: its verdicts stand
    before = "\n".join(document.split("\n")[: max(0, line - 1)])
    defined = {m.group(1) for m in _DEFINED.finditer(before)}
    defined |= {m.group(1) for m in _FORMULA.finditer(before)}
    used = sorted(x for x in defined if re.search(rf"(?<![A-Za-z\\]){x}(?![A-Za-z])", text))
    if not used:
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"{used[0]} is the softmax of the notes' logits (defined above), not a tensor or "
            "size of the layer the checker guessed for this section (read as one: "
            f"{str(found.get('message', ''))[:120]})"
        ),
    }


# bold or arrowed vectors, \mathbf{z}: the letter itself
_BOLD = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec|mathbfit)\s*\{\s*(\\?[A-Za-z]+)\s*\}")
# a one-hot label written out, y = (0, 1, 0): its true class
# (the entries may be spaced with TeX's \\ or \\, as in "$y = (0,\\ 1,\\ 0)$")
_GIVEN_LABEL = re.compile(
    r"\$\s*([A-Za-z])\s*=\s*\\?\(\s*([01](?:\s*,(?:\s|\\[ ,;])*[01])+)\s*\\?\)\s*\$"
)
_CROSS_ENTROPY = re.compile(
    r"cross[- ]?entropy|entrop[íi]a cruzada|Kreuzentropie|\\log\s*\\?[a-zA-Z]?_?\{?\s*\w*\}?\s*"
    r"|\\ln",
    re.IGNORECASE,
)
# "$y$ is one-hot", "one-hot target $y$", "one-hot で $t = (1, 0, 0)$"
_ONE_HOT = re.compile(
    r"\$\s*([A-Za-z])\s*\$[^.$]{0,40}one[- ]?hot"
    r"|one[- ]?hot[^.$]{0,30}\$\s*([A-Za-z])\s*(?:\$|=\s*\\?\(\s*[01])",
    re.IGNORECASE,
)
# the cross-entropy written out, -\sum_k t_k \log p_k: the label is the factor of the log
_CE_LABEL = re.compile(
    r"(?<![A-Za-z\\])([A-Za-z])\s*_\s*\{?\s*[a-z]\s*\}?\s*(?:\\[,;]|\\cdot)?\s*"
    r"\\(?:log|ln)(?![A-Za-z])\s*(?:\\left)?\s*[({]?\s*([A-Za-z])\s*_"
)
# "class 1 (one-hot $t = (1, 0, 0)$)", "クラス 1", "класс 2": the number the notes give the
# class whose one-hot vector the same line writes (the number comes after the word)
_CLASS_NUMBER = re.compile(
    r"(?:\bclass|\bclase|\bclasse|\bKlasse|\bklasa|\bklasse|\bkelas|класс[а-я]*|クラス|类别?|類"
    r"|sınıf[a-zıi]*)\s*\$?\s*(\d)(?![\d.,]\d)",
    re.IGNORECASE,
)
_BATCH_MEAN = re.compile(
    r"\\frac\s*\{\s*1\s*\}\s*\{\s*[NmMB]\s*\}|\bmean\b|\bmedia\b|"
    # sv, pl, id, vi, el: "medelvärdet", "średnia", "rata-rata", "trung bình", "μέσος όρος"
    r"\bmedelvärde\w*|\bśredni\w*|\brata-rata\b|\btrung bình\b|\bμέσο\w*",
    re.I,
)
_ORDINALS = {
    "first": 0,
    "second": 1,
    "third": 2,
    "fourth": 3,
    "primera": 0,
    "segunda": 1,
    "primeira": 0,
}
# "true class 1 (the first)": the ordinal in brackets says which, whatever the base;
# "true class at position 0", "clase correcta en la posición 0", "classe certa na posição 0":
# the class's index as the notes number them
_TRUE_CLASS = re.compile(
    r"(?:true|correct|target)\s+class(?:\s+is|\s+(?:at|in)\s+position)?\s+(?:the\s+)?"
    r"(first|second|third|fourth|\d)"
    r"(?:\s*\((?:the\s+)?(?P<ordinal>first|second|third|fourth)\))?"
    r"|clas+e\s+(?:correcta|verdadera|certa|correta|verdadeira)"
    r"(?:\s+es|\s+é|\s+(?:na|en\s+la)\s+posi(?:ção|ción))?\s+(?:la\s+|a\s+)?"
    r"(?P<other>primera|segunda|primeira|\d)",
    re.IGNORECASE,
)
# a class named beside "$y = 2$" ("true class", "label", "clase", "Klasse"): without it,
# or the ordinal after it, the letter set to a number is no class index (a binary label's
# "for $y = 1$", a section's other y)
_CLASS_NEAR = re.compile(
    r"\b(?:class|clas+e|Klasse|label|etiqueta|r[óo]tulo|target|categor)", re.IGNORECASE
)
# "$K = 3$ classes", "$C$ clases": the letter of the number of classes
_CLASS_COUNT = re.compile(
    r"\$\s*([A-Z])\s*(?:=\s*\d+\s*)?\$\s*(?:classes|clases|classi|Klassen|categories)\b"
)
# "$z \\in \\mathbb{R}^{K}$": the logits' length, the letter of the class count
_LOGIT_SPACE = r"\$\s*{}\s*\\in\s*\\mathbb\s*\{{?\s*R\s*\}}?\s*\^\s*\{{?\s*([A-Z])\s*\}}?\s*\$"
# 0{,}665: a decimal comma (pt, de, fr, ...), braced so that TeX sets no space after it
_DECIMAL_COMMA = re.compile(r"(\d)\s*\{,\}\s*(\d)")
_TOKEN = re.compile(r"\\[A-Za-z]+|\\[,;!: ]|\d+(?:\.\d+)?|\.\d+|[A-Za-z]|[-+(){}\[\]^_,]|\S")
_SKIP = {"\\left", "\\right", "\\,", "\\;", "\\!", "\\:", "\\ ", "\\big", "\\Big"}


@dataclass
class SoftmaxNotes:
    prob: str  # the letter of softmax(z), lower case ("p")
    logit: str  # "z"
    label: str  # the one-hot label's letter ("y")
    per_example_only: bool  # no batch mean: L is one example's loss too
    base: int  # the notes' first class index
    logits: list[float] | None  # z = (2, 1, 0), if given before the claim
    true_class: int | None  # 0-based
    classes: str | None = None  # the letter of the class count ("$K = 3$ classes")
    base_said: bool = True  # whether the notes say where the class numbers start
    temperature: str | None = None  # T of p = softmax(z/T), the letter
    exact_logits: list[sympy.Expr] | None = None  # (\ln 4, \ln 2, \ln 2), exactly


def decimal_points(text: str) -> str:
    """``text`` with decimal commas written as points: ``0{,}665`` as ``0.665``, and in a
    bracket of such numbers the semicolons that then separate them (``(0{,}665;\\ 0{,}245)``,
    the list separator where the comma is the decimal sign) as commas."""

    def bracket(found: re.Match) -> str:
        inside = found.group(1)
        if not _DECIMAL_COMMA.search(inside):
            return found.group(0)
        inside = _DECIMAL_COMMA.sub(r"\1.\2", inside)
        return "(" + re.sub(r"\s*;\s*", ", ", inside) + ")"

    text = re.sub(r"\(([^()$]*)\)", bracket, text)
    return _DECIMAL_COMMA.sub(r"\1.\2", text)


def read_notes(document: str, line: int, claim: str = "") -> SoftmaxNotes | None:
    """The softmax cross-entropy setting the notes state before ``line`` (1-based), if any;
    with the ``claim``'s text, also what its own line says before it ("Example: $z = (2, 0,
    0)$ with the true class at position 0: $p_0 = 0.787$")."""
    rows = document.split("\n")
    own = re.sub(r"\\[()]", "$", unbold(line_before(rows, line, claim)))
    before = "\n".join(rows[: max(0, line - 1)]) + "\n" + own
    before = decimal_points(unbold(before))
    before = re.sub(r"\\[()]", "$", before)  # \( z = (2, 1, 0) \): inline math as $ $
    # or the claim itself: "$p = \\operatorname{softmax}(z) \\approx (0.665, ...)$"
    defined = _DEFINED.search(before) or _FORMULA.search(before) or _DEFINED.match(unbold(claim))
    letters = (defined.group(1), defined.group(2)) if defined else _said(own, claim)
    coded = code_softmax(before)  # P = softmax(Z, axis=1) in a code block
    if coded and (letters is None or (defined is not None and coded[0][0] < defined.start())):
        defined, letters = None, coded[0][1:3]
    # the loss may be written first on the claim's own line ("$p = \\operatorname{softmax}(z)
    # \\approx (0.665, ...)$ e a perda é $\\ell = -\\log p_2$")
    whole = rows[line - 1] if 0 < line <= len(rows) else ""
    if letters is None or not _CROSS_ENTROPY.search(before + "\n" + whole + "\n" + claim):
        return None
    prob, logit = letters[0].lower(), letters[1].lower()
    if prob == logit:
        return None  # z_k = e^{z_k} / ...: not two letters told apart
    label = _label(before, prob)
    if label is None or label == prob or (defined and "\\hat" in defined.group(0)):
        return None  # \hat y = softmax(z) against y: the letters are not told apart here
    # "$p = \operatorname{softmax}(z/T)$" (a temperature): the same letters, another
    # function; the last such definition before the claim is the one it speaks of (a code
    # call's arguments after the logits, softmax(Z, axis=1), name no other function)
    scaled = re.compile(
        rf"(?<![A-Za-z\\]){re.escape(letters[0])}\s*=\s*{_SOFTMAX}\s*\(\s*"
        rf"{re.escape(letters[1])}\s*(?P<over>/\s*[A-Za-z]\s*)?(?:,[^()$]*)?\)"
        rf"|(?<![A-Za-z\\]){re.escape(letters[0])}\s*=\s*{_SOFTMAX}\s*\((?P<other>[^()$]*)\)"
    )
    temperature = None
    for found in scaled.finditer(before):
        over = found.group("over")
        if found.group("other") is not None:
            temperature = "?"  # softmax(2z), softmax(\beta z): not read
        else:
            temperature = over.strip()[1:].strip() if over else None
    if temperature == "?" or temperature in (prob, logit, label):
        return None
    counts = {m.group(1) for m in _CLASS_COUNT.finditer(before)}
    counts |= {m.group(1) for m in re.finditer(_LOGIT_SPACE.format(re.escape(logit)), before)}
    if defined is not None and defined.re is _FORMULA:
        # p_k = e^{z_k} / \sum_{j=1}^{K} e^{z_j}: the normalising sum runs over the classes
        bound = re.search(
            r"\\sum\s*_\s*\{?\s*[a-z]\s*=\s*[01]\s*\}?\s*\^\s*\{?\s*([A-Z])\b", defined.group(0)
        )
        if bound is not None:
            counts.add(bound.group(1))
    classes = counts.pop() if len(counts) == 1 else None
    base = 1 if re.search(r"\\sum_\{?\s*[a-z]\s*=\s*1", before) else None
    if base is None and classes is not None:
        # the claim's own sum over the classes, -\sum_{j=1}^{K} with K the class count:
        # it counts the classes from 1
        over = rf"\\sum_\{{\s*[a-z]\s*=\s*1\s*\}}\s*\^\s*\{{?\s*{classes}(?![A-Za-z])"
        base = 1 if re.search(over, claim) else None
    logits = None
    given = re.compile(rf"\$\s*{logit}\s*=\s*\\?\(\s*([-\d.,\s\\]+?)\s*\\?\)\s*\$", re.I)
    last = None
    for found in given.finditer(before):
        logits = [float(v) for v in re.split(r"\s*,\s*", found.group(1).replace("\\", ""))]
        last = found.end()
    # "$z^{(1)} = (1, 2, 3)$ ... $z^{(2)} = (1, 1, 1)$" after them: the logits of several
    # examples, so the one example's given above are no longer the claim's
    examples = re.compile(
        rf"\$\s*{logit}\s*(?:\^\s*\{{?\s*\(?\s*\w+|_\s*\{{?\s*\d)[^$=]*=\s*\\?\(", re.I
    )
    if last is not None and examples.search(before, last):
        logits = None
    if base is None:  # z_3 of three logits: from 1; z_0 or p_0: from 0 (written_base), in
        # the notes up to the claim (a p_0 written below says nothing of the claims above it)
        base = written_base(before + "\n" + claim, prob, logit, logits)
    true_class = None
    for found in _TRUE_CLASS.finditer(before):
        if found.group("ordinal") and (found.group(1) or "").isdigit():
            # "true class 1 (the first)": the notes count classes from 1 (or from 0)
            base = int(found.group(1)) - _ORDINALS[found.group("ordinal").lower()]
        word = (found.group("ordinal") or found.group(1) or found.group("other")).lower()
        true_class = _ORDINALS[word] if word in _ORDINALS else int(word) - (base or 0)
    # "$y = 1$ (first class)", "$c = 2$ (the third class)": the label letter set to a class
    # number, the ordinal after it saying where the numbers start
    numbered = re.compile(
        rf"\$\s*{re.escape(label)}\s*=\s*(\d)\s*\$(?:\s*\(\s*(?:the\s+|i\.e\.\s+)?"
        r"(?:(?P<ordinal>first|second|third|fourth)\s+class"
        r"|(?:la\s+|a\s+)?(?P<ordinal2>primera|segunda|primeira)\s+clas+e)\s*\))?",
        re.IGNORECASE,
    )
    for found in numbered.finditer(before):
        ordinal = found.group("ordinal") or found.group("ordinal2")
        if not ordinal and not _CLASS_NEAR.search(
            before[max(0, found.start() - 40) : found.end() + 40]
        ):
            continue  # "for $y = 1$ the loss is -log p" (a binary label): no class named
        if ordinal:
            base = int(found.group(1)) - _ORDINALS[ordinal.lower()]
            if base not in (0, 1):
                return None
        true_class = int(found.group(1)) - (base or 0)
    for text in before.split("\n"):
        for found in _GIVEN_LABEL.finditer(text):  # y = (0, 1, 0): the second class
            entries = re.split(r"\s*,(?:\s|\\[ ,;])*", found.group(2))
            if found.group(1).lower() != label or entries.count("1") != 1:
                continue
            true_class = entries.index("1")
            named = {int(m.group(1)) for m in _CLASS_NUMBER.finditer(text)}
            if len(named) == 1:  # "class 1 (one-hot $t = (1, 0, 0)$)": classes from 1
                base = named.pop() - true_class
                if base not in (0, 1):
                    return None
    return SoftmaxNotes(
        prob,
        logit,
        label,
        not _BATCH_MEAN.search(before),
        base or 0,
        logits,
        true_class,
        classes,
        base is not None,
        temperature,
    )


def written_base(document: str, prob: str, logit: str, logits: list[float] | None) -> int | None:
    """The first class index the notes' own entries show: ``z_0`` or ``p_0`` written means
    0; the last of n given logits written as ``z_n`` means 1; neither or both, None."""
    found = {
        int(m.group(1))
        for m in re.finditer(
            rf"(?<![A-Za-z\\])(?:{re.escape(prob)}|{re.escape(logit)})_\{{?\s*(\d)\s*\}}?",
            document,
            re.IGNORECASE,
        )
    }
    zero = 0 in found
    last = logits is not None and len(logits) in found
    if zero == last:
        return None
    return 0 if zero else 1


def _said(own: str, claim: str) -> tuple[str, str] | None:
    """A quiz line with no definition: "Softmax + cross-entropy, logits $z = (0, 0)$, ...,
    so $p = (0.5, 0.5)$": the line names the softmax and its logits' letter, and the claim
    writes p, the letter of the softmax's probabilities in every such text."""
    logits = re.search(r"logits?\s*\$\s*([A-Za-z])\s*[=$]", own, re.IGNORECASE)
    if logits is None or "softmax" not in own.lower() or not _CROSS_ENTROPY.search(own):
        return None
    if re.search(r"(?<![A-Za-z\\])p(?![A-Za-z])", claim) is None:
        return None
    return "p", logits.group(1)


def _label(before: str, prob: str) -> str | None:
    """The one-hot label's letter: the one the notes call one-hot, the factor of the log in
    the cross-entropy they write (-\\sum_k t_k \\log p_k), else y; None when those differ."""
    hot = _ONE_HOT.search(before)
    said = {(hot.group(1) or hot.group(2)).lower()} if hot else set()
    said |= {m.group(1).lower() for m in _CE_LABEL.finditer(before) if m.group(2).lower() == prob}
    if len(said) > 1:
        return None
    return said.pop() if said else "y"


def unbold(text: str) -> str:
    """``\\mathbf{z}``, ``\\boldsymbol{p}``: the letter alone (a vector's font says nothing
    the claim's reading needs)."""
    return _BOLD.sub(lambda m: m.group(1), text)


def temperature_symbol(letter: str) -> sympy.Symbol:
    """The temperature of softmax(z/T) as SymPy reads it: positive (it divides logits)."""
    return sympy.Symbol(f"temperature_{letter}", positive=True)


class _Parser(SympyTokens):
    """Sums, products, \\frac, brackets, numbers, ln/log/exp, the letters p and y as
    vectors (at the entry ``here``) or entries (p_k, p_j), and \\delta_{kj}."""

    what = "softmax claim"

    def __init__(
        self,
        text: str,
        notes: SoftmaxNotes,
        values: dict[str, sympy.Expr],
        names: dict[str, int] | None = None,
    ):
        self.tokens = [t for t in _TOKEN.findall(text) if t not in _SKIP]
        self.at, self.notes, self.values = 0, notes, values
        self.names = names or {}  # index letter -> entry (0-based), for \delta_{kj}
        self.logits = any(key.startswith(f"{notes.logit}:") for key in values)

    def term(self) -> sympy.Expr:
        value = self.atom()
        while self.peek() not in (None, "+", "-", ")", "}", ","):
            if self.peek() in ("\\cdot", "\\times"):
                self.take()
            if self.peek() == "/":  # (p - y)/T, -1/p_k: a quotient of the next factor
                self.take()
                value /= self.atom()
                continue
            value *= self.atom()
        return value

    def atom(self) -> sympy.Expr:
        token = self.take()
        plain = self.number_or_group(token)
        if plain is not None:
            return plain
        if token == "\\frac":
            return self._group() / self._group()
        if token == "e" and self.peek() == "^":  # e^{-1}: Euler's number to a power
            self.take("^")
            return sympy.exp(self.atom())
        if token == "e" and "e" not in (self.notes.prob, self.notes.label, self.notes.logit):
            return sympy.E  # e + e^3 + 1: Euler's number, where no letter of the notes is e
        if token in ("\\ln", "\\log", "\\exp"):
            argument = self.atom()
            return sympy.exp(argument) if token == "\\exp" else sympy.log(argument)
        if token == "\\delta":
            written = self._indices()
            if len(written) != 2 or not all(w in self.names for w in written):
                raise NotUnderstood("softmax claim: \\delta of two index letters is read")
            return sympy.Integer(int(self.names[written[0]] == self.names[written[1]]))
        if token == self.notes.temperature:
            return temperature_symbol(token)
        if token == self.notes.logit and self.peek() == "_" and self.logits:
            # z_j in a formula of the logits (\log \sum_j e^{z_j}): the logit at that entry
            return self.values[f"{token}:{self._indices()[0]}"]
        if token in (self.notes.prob, self.notes.label):
            index = self._indices()[0] if self.peek() == "_" else "here"
            return self.values[f"{token}:{index}"]
        if token in ("\\mathbb", "\\mathbf", "\\mathds", "\\boldsymbol"):
            return self._indicator()
        if token == "\\sum":
            return self._over_classes()
        raise NotUnderstood(f"softmax claim: {token!r} is not read")

    def _over_classes(self) -> sympy.Expr:
        """``\\sum_{k=1}^{K} term`` or ``\\sum_k term``: the term (up to the next + or -)
        at each class k, p_k and y_k that class's entries.  The bound must be the class count
        the notes name ("$K = 3$ classes"), the start their first class index."""
        self.take("_")
        low = self.argument_tokens()
        letter = low[0]
        if not re.fullmatch(r"[a-z]", letter) or (
            len(low) > 1 and low[1:] != ["=", str(self.notes.base)]
        ):
            raise NotUnderstood("softmax claim: a sum not over the classes from the first")
        if self.peek() == "^":
            self.take("^")
            high = self.argument_tokens()
            if high != [self.notes.classes or "?"]:
                raise NotUnderstood("softmax claim: a sum's bound is not the notes' class count")
        count = sum(1 for key in self.values if re.fullmatch(rf"{self.notes.prob}:\d+", key))
        start, total, saved = self.at, sympy.Integer(0), (dict(self.values), dict(self.names))
        for entry in range(count):
            self.at = start
            self.names[letter] = entry
            for name in (self.notes.prob, self.notes.label, self.notes.logit):
                known = saved[0].get(f"{name}:{entry + self.notes.base}")
                if known is not None:  # the logits only where the claim's formula has them
                    self.values[f"{name}:{letter}"] = known
            total += self.term()
        self.values, self.names = saved
        return total

    def _group(self) -> sympy.Expr:
        self.take("{")
        value = self.expr()
        self.take("}")
        return value

    def _indicator(self) -> sympy.Expr:
        """``\\mathbb{1}[k = y]`` (also ``(k = y)``, ``_{k = y}``, ``\\mathbb{I}``): 1 where the
        class k is the true class.  With y the notes' one-hot label letter it is y's entry at
        k (y_k); between two index letters it is \\delta of them."""
        if self.argument_tokens() not in (["1"], ["I"]):
            raise NotUnderstood("softmax claim: a bold or blackboard letter other than 1")
        opening = self.take()
        closing = {"[": "]", "(": ")", "_": None}.get(opening)
        if opening == "_":
            inside = self.argument_tokens()
        else:
            if closing is None:
                raise NotUnderstood("softmax claim: an indicator's condition is not read")
            inside = []
            while self.peek() != closing:
                inside.append(self.take())
            self.take(closing)
        if len(inside) != 3 or inside[1] != "=":
            raise NotUnderstood("softmax claim: an indicator's condition is not read")
        left, right = inside[0], inside[2]
        label = self.notes.label
        if label in (left, right):
            other = right if left == label else left
            if other not in self.names:
                raise NotUnderstood("softmax claim: an indicator of the label at no class letter")
            return self.values[f"{label}:{other}"]
        if left in self.names and right in self.names:
            return sympy.Integer(int(self.names[left] == self.names[right]))
        raise NotUnderstood("softmax claim: an indicator's condition is not read")

    def _indices(self) -> list[str]:
        """``_k``, ``_{kj}``, ``_{k,j}``, ``_1``: the index letters (or numbers) written."""
        self.take("_")
        if self.peek() != "{":
            return [self.take()]
        self.take("{")
        found = []
        while self.peek() != "}":
            token = self.take()
            if token != ",":
                found.append(token)
        self.take("}")
        return found


def _values(notes: SoftmaxNotes, soft: list, label: int, names: dict[str, int]) -> dict:
    """The parser's values: p and y at each index letter of ``names`` and at numbers."""
    values: dict[str, sympy.Expr] = {}
    for name, entry in names.items():
        values[f"{notes.prob}:{name}"] = soft[entry]
        values[f"{notes.label}:{name}"] = sympy.Integer(int(entry == label))
    for entry in range(len(soft)):
        values[f"{notes.prob}:{entry + notes.base}"] = soft[entry]
        values[f"{notes.label}:{entry + notes.base}"] = sympy.Integer(int(entry == label))
    return values
