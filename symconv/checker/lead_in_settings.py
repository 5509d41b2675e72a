"""A displayed claim whose lead-in paragraph sets another layer than the one read.

"Para el núcleo par $K = 4$ ... si uno se olvida y usa la misma fórmula," then the display
``\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_1(G) \\star \\operatorname{rot}_{180} W``:
in notes whose section reads kernel 3, the display is about a kernel-4 layer.  Judged under
kernel 3 the mistake shown holds (a miss); judged under kernel 4 with the section's other
settings, the verdict would rest on settings the paragraph does not repeat.  So the claim is
not understood, naming the setting the lead-in changes.

A setting is a capital letter set to a number in the paragraph's inline math: ``$K = 4$``
(the kernel), ``$P = 2$`` (the padding), ``$S = 2$`` (the stride).  Lower-case letters are
left alone: ``$p = 1$`` is as often an index's value as a padding.
"""

from __future__ import annotations

import re

from symconv.checker.report import WRONG
from symconv.checker.worked_prose import GRADIENT_ONES

_SETTING = re.compile(r"\$\s*([KPS])\s*=\s*(\d{1,2})\s*\$")
_TENSOR_CLAIM = re.compile(r"\\partial|\\star|\\ast|\\operatorname|\\circledast|\\otimes")
_QUANTITY = {"K": ("k_h", "kernel"), "P": ("pad", "padding"), "S": ("stride", "stride")}


def lead_in(document: list[str], line: int) -> str:
    """The paragraph that ends right before the display starting at ``line`` (at most one
    blank line between; one-line displays right above it are skipped, as they share that
    paragraph), or "" when the claim's line is not a display of its own."""
    if not document[line - 1].lstrip().startswith(("$$", "\\[")):
        return ""
    k = line - 1
    for _ in range(4):  # displays in a row share the prose above the first of them
        if k >= 1 and not document[k - 1].strip():
            k -= 1
        if k >= 1 and document[k - 1].lstrip().startswith(("$$", "\\[")):
            k -= 1
            continue
        break
    end = k
    while k >= 1 and document[k - 1].strip() and not document[k - 1].lstrip().startswith("$$"):
        k -= 1
    return " ".join(document[k:end])


def otherlead_in(document: list[str], line: int, quantities: dict) -> str | None:
    """Why a displayed claim whose lead-in sets another kernel, padding or stride than the
    layer read (``quantities``: k_h, pad, stride) is not judged, or None."""
    if not 1 <= line <= len(document) or not _TENSOR_CLAIM.search(document[line - 1]):
        return None  # a size formula is read with its own sentence's settings
    differ = []
    for letter, value in _SETTING.findall(lead_in(document, line)):
        key, word = _QUANTITY[letter]
        if key == "k_h" and quantities.get("one_d"):
            key = "k_len"  # a 1-D layer's kernel is its length (its height is 1)
        have = quantities.get(key)
        if have is not None and int(value) != have:
            differ.append(f"{letter} = {value} (the layer read has {word} {have})")
    if not differ:
        return None
    return (
        f"the paragraph before it sets {'; '.join(differ)}: it is about another layer than "
        "the one read, whose other settings would be a guess"
    )


# "Sanity check with $E = \sum_{i,j} y[i][j]$ (so `dy` is all ones)": the upstream gradient
# the paragraph sets to ones (a loss that adds the outputs up)
# the loss as the sum of the outputs, "$E = \sum_{i,j} y[i][j]$": every dE/dy is 1
# -- each sum's scripts only (``\sum_{i,j}``, ``\sum_{t=0}^{T-1}``, ``\sum_i \sum_j``) stand
# between the sum and the output: "$L = \sum_t \delta[t]\, y[t]$" weights each output by
# a given \delta, so its dL/dy is \delta, not ones
_SCRIPT = r"[_^]\s*(?:\{(?:[^{}$]|\{[^{}$]*\})*\}|\\[A-Za-z]+|\w)"
LOSS_OF_OUTPUTS = (
    r"\$\s*(?:E|L|J|\\mathcal\s*\{\s*L\s*\})\s*=\s*"
    rf"(?:\\sum\s*(?:\\limits\s*)?(?:{_SCRIPT}\s*)*(?:\\[,;!]\s*)?)+"
    r"(?:y|z|Y|Z|out)\s*(?:_\s*\{[^{}]*\}|_[a-z]{1,2}|\[[^$]*\])?\s*\$"
)
# "every upstream entry is 1", "`conv(x).sum().backward()`": the loss adds the outputs up
_UPSTREAM_ONES_WORDS = (
    r"\b(?:every|each)\s+upstream\s+(?:entry|gradient|value)\s+(?:is|equals|=)\s+(?:1|one)\b|"
    r"\b(?:every|each)\s+entry\s+of\s+the\s+upstream\s+gradient\s+(?:is|equals)\s+(?:1|one)\b|"
    r"\.sum\(\)\.backward\(\)|"
    # "loss = y.sum()" then "loss.backward()": the same loss in two statements
    r"\b(?P<summed>\w+)\s*=\s*[\w.]+\.sum\(\)\s[^`$]{0,200}?\b(?P=summed)\.backward\(\)"
)
_UPSTREAM_ONES = re.compile(_UPSTREAM_ONES_WORDS, re.IGNORECASE)
_ONES = re.compile(
    r"\ball\s+(?:ones|1s)\b|\bones\s+everywhere\b|\btod[oa]s?\s+(?:los\s+)?unos\b|"
    r"\bque\s+des\s+uns\b|\blauter\s+Einsen\b|" + _UPSTREAM_ONES_WORDS + "|" + LOSS_OF_OUTPUTS,
    re.IGNORECASE,
)


def sets_upstream_ones(document: list[str], line: int, strict: bool = False) -> bool:
    """Whether the paragraph before the display at ``line`` (or its own line) sets the
    upstream gradient to ones, or the claim's section does by its latest loss
    (:func:`_section_sets_ones`); ``strict``: the paragraph only by a loss adding the
    outputs up or by "all ones" said of the gradient itself (not of a kernel, say)."""
    if not 1 <= line <= len(document):
        return False
    lead = lead_in(document, line)
    if _section_sets_ones(_section_before(document, line)):
        return True
    if strict:
        return bool(
            re.search(LOSS_OF_OUTPUTS, lead, re.IGNORECASE)
            or GRADIENT_ONES.search(lead)
            or _UPSTREAM_ONES.search(lead)
        )
    return bool(_ONES.search(lead))


# a loss the notes define: "$L = ...$", "$E = ...$", "$\mathcal{L} = ...$"
_LOSS_DEFINED = re.compile(r"\$\s*(?:E|L|J|\\mathcal\s*\{\s*L\s*\})\s*=")


def _section_sets_ones(section: str) -> bool:
    """Whether the section, from its latest loss on, makes every upstream entry 1: that loss
    adds the outputs up, or "every upstream entry is 1" / ``.sum().backward()`` follows it.
    A later loss (a squared error after the sum) overrides an earlier one; "all ones" said
    in the section of anything else (a kernel of ones) is no upstream gradient."""
    starts = [m.start() for m in _LOSS_DEFINED.finditer(section)]
    tail = section[starts[-1] :] if starts else section
    return bool(re.search(LOSS_OF_OUTPUTS, tail, re.IGNORECASE) or _UPSTREAM_ONES.search(tail))


def _section_before(document: list[str], line: int) -> str:
    """The claim's section up to its line: "**e) Example.** Let $L = \\sum_i y[i]$, so every
    g[i] is 1." sets the loss for every claim of item e), inline ones included."""
    from symconv.checker.infer import sections

    for first, last in sections(document, 0):
        if first <= line <= last:
            start = first
            for at in range(line - 1, first - 1, -1):  # a thread's post ends at its rule
                if _POST_BREAK.match(document[at - 1]):
                    start = at + 1
                    break
            return " ".join(document[start - 1 : line])
    return document[line - 1]


# "---" between a thread's posts, "**@kpetrov** commented:", "> quoted": another voice
_POST_BREAK = re.compile(r"\s*(?:-{3,}|\*{3,}|_{3,})\s*$|\s*\**@\w+|\s*>")


# the upstream gradient written in a claim's right side: dL/dQ, g_{ij}, dY, \delta
_WRITES_UPSTREAM = re.compile(
    r"\\partial|(?<![A-Za-z\\])(?:[gG]|dY|dZ|dy|dz)\s*(?:_|\[|\()|\\delta|\\nabla"
)


# the claim's own clause sets the upstream gradient to ones: "If $L$ is simply the sum of all
# outputs, every $G^{(n)}_f[i,j] = 1$ and ...", "jeder Eintrag $G[i,j] = 1$", "chaque
# $g_{ij} = 1$" (the letter of dL/dY set to 1 for every entry), or the loss named as the sum
# of the outputs in words
_EVERY = (
    r"(?:every|each|all|jede[rsn]?|alle|chaque|tous|toutes|cada|tod[oa]s|ogni|tutti|tutte|"
    r"elke|alle)"
)
_CLAUSE_ONES = re.compile(
    rf"\b{_EVERY}\s+(?:(?:entry|entries|Eintrag|Einträge|entrée|entrada|elemento)\s+)?"
    r"\$\s*(?:G|g|dY|dZ|\\delta)(?![A-Za-z])[^$=]{0,40}=\s*1\s*\$"
    r"|\$\s*(?:L|E|J|\\mathcal\s*\{?\s*L\s*\}?)\s*\$[^.;$]{0,40}?\b(?:sum|Summe|somme|suma|"
    r"somma|som)\s+(?:of\s+|aller\s+|der\s+|des\s+|de\s+|di\s+|delle\s+|van\s+)?"
    r"(?:(?:all|the|las|los|todas|tutte|le|les|alle|de)\s+)*(?:outputs?|Ausgaben|sorties|"
    r"salidas|uscite|uitvoer\w*)\b",
    re.IGNORECASE,
)


def clause_sets_ones(document: list[str], line: int, claim: str) -> bool:
    """Whether the claim's own sentence, before it, sets the upstream gradient to ones
    (:data:`_CLAUSE_ONES`): the claim is then written for that loss, whose dL/dY is 1 at
    every entry, not for every dL/dY."""
    if not 1 <= line <= len(document) or not claim.strip():
        return False
    own = document[line - 1]
    at = own.find(claim.strip()[:20])
    if at < 0:
        return False
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z*(])", own[:at])[-1]
    # (strictly: "all ones" said of a kernel in the sentence is no upstream gradient)
    return bool(
        _CLAUSE_ONES.search(sentence)
        or re.search(LOSS_OF_OUTPUTS, sentence, re.IGNORECASE)
        or GRADIENT_ONES.search(sentence)
        or _UPSTREAM_ONES.search(sentence)
    )


def ones_upstream(document: list[str], line: int, message: str, claim: str = "") -> str | None:
    """Why a wrong verdict on a display whose lead-in sets the upstream gradient to ones
    ("E = sum of the outputs, so dy is all ones"), or a claim whose own sentence does ("If
    $L$ is the sum of all outputs, every $G[i,j] = 1$ and ..."), is no verdict: the claim is
    written with the ones substituted, while the layer read keeps dL/dy symbolic.  A claim
    whose right side writes the upstream gradient is the general form, not one with the
    ones put in."""
    where = "the paragraph before it" if sets_upstream_ones(document, line) else "its sentence"
    if where == "its sentence" and not clause_sets_ones(document, line, claim):
        return None
    right = claim.split("=", 1)[1] if "=" in claim else ""
    if _WRITES_UPSTREAM.search(right):
        return None
    if not re.search(r"\\partial|\b[gG]_|\b[gG]\[|\bdy\b|\bdY\b", message):
        return None  # the gradient read with numbers (a pooling's routing): judged as it is
    return (
        f"{where} sets the upstream gradient to ones (a loss adding the outputs "
        "up): the claim is written with those ones, which the layer read does not substitute"
    )


# an operator carrying its own stride: "\star_2", "\star_{2}", "*_{s=2}"
_WRITTEN_STRIDE = re.compile(r"\\(?:star|ast)\s*_\s*\{?\s*(?:s\s*=\s*)?(\d)\s*\}?")


# the notes define the operator's subscript as the stride: "$A \star_s K$: correlation with
# stride $s$"
_STRIDE_SUBSCRIPT = re.compile(r"\\star\s*_\s*\{?\s*s\s*\}?[^.\n]{0,80}?\b(?:stride|paso|pas)\b")


def other_written_stride(text: str, quantities: dict, document: str) -> str | None:
    """Why a wrong verdict on a claim whose operator writes another stride than the layer
    read's ("Y = pad_1(X) \\star_2 W + b" under a layer read with stride 1) is no verdict:
    the claim states its layer's stride, so the layer read is likely not the claim's."""
    have = quantities.get("stride")
    if not _STRIDE_SUBSCRIPT.search(document):
        return None  # \star_2 is as often the dilation ("\star_d: dilated by d")
    written = {int(m.group(1)) for m in _WRITTEN_STRIDE.finditer(text)}
    if have is None or not written or written == {have}:
        return None
    shown = ", ".join(str(s) for s in sorted(written))
    return (
        f"the claim's operator writes stride {shown}, the layer read has stride {have}: "
        "the claim is about another layer than the one read"
    )


# a lone sample letter as a subscript (x_n, z_{n}) and the words that make n number samples
_SAMPLE_SUBSCRIPT = re.compile(r"(?<![A-Za-z\\])[a-zA-Z]\s*_\s*\{?\s*[nmi]\s*\}?(?![\w,])")
_BATCH_WORD = re.compile(r"\b(?:mini-?batch|batch|lote|Stapel)\b", re.IGNORECASE)


def another_case(
    document: list[str], line: int, text: str, found: dict, quantities: dict
) -> str | None:
    """Why a verified or wrong claim is about another case than the layer read, or None:
    a lead-in setting another K, P or S; for a wrong one, also a lead-in setting the
    upstream gradient to ones, an operator writing another stride, a table row (which may
    be another layer's), or x_n, z_n read as entries in notes about a batch of samples."""
    other = otherlead_in(document, line, quantities)
    if other is not None or found.get("status") != WRONG:
        return other
    message = str(found.get("message", ""))
    other = ones_upstream(document, line, message, text) or other_written_stride(
        text, quantities, "\n".join(document)
    )
    row = document[line - 1] if 1 <= line <= len(document) else ""
    # "| C1 | conv 5x5, 16 filtres | ... | N_1 = 16(3·25 + 1) = 1216 |": a row of a table
    if other is None and row.lstrip().startswith("|") and "with the sizes of" in message:
        other = (
            "a table row's size or count, judged with the section's layer: the row may "
            f"describe another layer ({message[:100]})"
        )
    if (
        other is None
        and "where a scalar is expected" in message
        and _SAMPLE_SUBSCRIPT.search(text)
        and _BATCH_WORD.search("\n".join(document))
    ):  # "a minibatch of $N = 32$ ... $z_n = W x_n + b$": sample n's vectors
        other = (
            "x_n, z_n name sample n's whole vectors in notes about a batch, not entries: "
            f"read as entries ({message[:80]})"
        )
    return other
