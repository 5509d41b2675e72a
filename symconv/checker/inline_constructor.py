"""A layer stated by one PyTorch constructor in inline code: "Q: `ConvTranspose2d(1, 1,
kernel_size=3, stride=2, padding=1)` on a 3×3 input: output side?", "we apply
`nn.Conv2d(3, 8, kernel_size=5, padding=2)` to a 32x32 image", "`nn.ConvTranspose2d(2, 3,
3, stride=2)` on a mini-batch $X \\in \\mathbb{R}^{4 \\times 2 \\times 5 \\times 5}$".

A constructor written in a sentence states its layer as exactly as one in a code block
(code_layers.code_block_facts reads its arguments and PyTorch's defaults).  Only a section
that writes exactly one layer constructor in its prose is read: two (a stack, or the layer
beside another one it is compared with) say which layer each claim is about no better than
a guess.  A sentence that shows a mistake or a what-if ("`Conv2d(3, 8, 3)` would give ...")
is set aside before reading (prose.without_what_ifs).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from symconv.checker.code_layers import code_block_facts

_SPAN = re.compile(r"(?<!`)`([^`\n]{4,200})`(?!`)")
# "on a mini-batch $X \in \mathbb{R}^{4 \times 2 \times 5 \times 5}$": the input the
# constructor is applied to, as a membership of the input's letter (N, C, H, W) or (C, H, W)
_DIM = r"\s*(\d{1,4})\s*"
_BY = r"(?:\\times|×|x)"
_INPUT_MEMBER = re.compile(
    r"(?<![A-Za-z\\])(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?[XxI]\}?\s*\\in\s*"
    r"\\mathbb\s*\{?R\}?\s*\^\s*\{" + _DIM + f"(?:{_BY}{_DIM})?" + f"{_BY}{_DIM}" * 2 + r"\}"
)
# "`nn.Conv2d(8, 8, kernel_size=3, dilation=2, padding=1)`, Eingabe $H \times H$": an input
# of any size, in letters (the claims that follow are formulas in them)
_LETTER_INPUT = re.compile(
    r"\b(?:inputs?|Eingabe\w*|entradas?|entr[ée]es?|ingress[oi]|images?|imagens?|Bild\w*)"
    r"[^$.;]{0,20}\$\s*[A-Za-z](?:_\{?\w+\}?)?\s*(?:\\times|×)\s*[A-Za-z](?:_\{?\w+\}?)?\s*\$",
    re.IGNORECASE,
)
_ANY_LAYER = re.compile(r"\b(?:Conv(?:Transpose)?[123]d|Linear|\w*Pool[123]d|Sequential)\s*\(")


def inline_constructor_facts(
    lines: list[str],
    first: int,
    prose_only: Callable[[str], str],
    states_input: Callable[[str], bool],
) -> list[tuple[str, str, str, int]]:
    """(key, value, how, line) for the one layer constructor a section's prose writes in
    inline code, applied to an input its line states ("on a 3×3 input"): a constructor
    named for its parameter count or as an aside describes another layer than the one the
    section derives.  ``prose_only(line)`` is the line without its what-if sentences,
    ``states_input(line)`` whether the line states an input's size."""
    found = _prose_constructors(lines, first)
    if len(found) != 1:
        return []
    number, code = found[0]
    own = prose_only(lines[number - first])
    # the sentence may go on past the line break: "... de uma camada `nn.Conv2d(1, 1,
    # kernel_size=3)`\naplicada a uma imagem $X$ de $5 \times 5$ (stride 1, sem padding)."
    rest = lines[number - first + 1] if number - first + 1 < len(lines) else ""
    if rest.strip() and not re.search(r"[.!?:]\s*$", own):
        own = prose_only(lines[number - first] + " " + rest)
    member = _INPUT_MEMBER.search(own)
    if code not in own or not (states_input(own) or member or _LETTER_INPUT.search(own)):
        return []  # a what-if, or a layer named without its input (a parameter count)
    facts = [(key, value, how, number) for key, value, how in code_block_facts(code)]
    if member is not None and not states_input(own):
        first_dim, second, height, width = member.groups()
        facts.append(("input", f"{height}x{width}", "prose", number))
        if second is not None:  # (N, C, H, W): the batch first
            facts.append(("batch", first_dim, "prose", number))
    return facts


# `nn.AvgPool2d(2)`, `MaxPool2d(kernel_size=3, stride=2)`: a 2-D pooling built in inline code
_POOL_CALL = re.compile(r"^\s*(?:torch\.)?(?:nn\.)?(?P<op>Max|Avg)Pool2d\s*\([^()]*\)\s*$")


def inline_pool_facts(
    lines: list[str],
    first: int,
    prose_only: Callable[[str], str],
    states_input: Callable[[str], bool],
) -> list[tuple[str, str, str, int]]:
    """(key, value, how, line) for the one pooling layer a section's prose builds in inline
    code, applied to an input its line states ("The layer is `nn.AvgPool2d(2)` ... The input
    is a $4 \\times 4$ matrix"), where it writes no other module, in prose or in code.  A
    pooling has no weights to be counted, so a constructor applied to an input is the layer
    itself (the words "average pooling" are read so too, prose.py); its window and stride
    are PyTorch's (the stride defaults to the window), and its padding 0 where it sets
    none.  A constructor in a what-if or a mistake shown is set aside
    (prose.without_what_ifs), and one that sets a padding, a dilation or ceil_mode states
    the kind alone."""
    from symconv.checker.worked_pool_names import UNREAD, _called_window

    found = _prose_constructors(lines, first)
    code = [t for t in _code_lines(lines) if _ANY_LAYER.search(t) or _ANY_MODULE.search(t)]
    if len(found) != 1 or code or len(_prose_modules(lines)) > 1:
        return []  # "`nn.MaxPool2d(2)` then `nn.ReLU()`": a pipeline, its parts in sections
    number, text = found[0]
    m = _POOL_CALL.match(text)
    own = prose_only(lines[number - first])
    if m is None or text not in own or not states_input(own):
        return []  # a what-if, or a pooling named in passing (no input it is applied to)
    facts = [("layer", "maxpool2d" if m.group("op") == "Max" else "avgpool2d", "prose", number)]
    called = _called_window(text)
    if called is None or called == UNREAD:
        return facts
    (kh, kw), (sh, sw) = called
    if sh != sw:
        return facts
    return [
        *facts,
        ("kernel", f"{kh}x{kw}", "prose", number),
        ("stride", str(sh), "prose", number),
        ("padding", "0", "prose", number),
    ]


# any module or function of a network written as a call: nn.ReLU(), F.relu(x), layers.Dense(
_ANY_MODULE = re.compile(
    r"\b(?:nn|F|functional|layers|keras\.layers|tf\.keras\.layers)\.[A-Za-z_]\w*\s*\("
    r"|\b(?:ReLU|LeakyReLU|Sigmoid|Tanh|Softmax|BatchNorm[123]d|Dropout|Flatten)\s*\("
)


def _prose_modules(lines: list[str]) -> list[str]:
    """The calls of network modules the prose of ``lines`` writes in inline code."""
    out: list[str] = []
    in_code = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        elif not in_code:
            out += [m.group(0) for s in _SPAN.finditer(line) for m in _ANY_MODULE.finditer(s[1])]
    return out


def _code_lines(lines: list[str]) -> list[str]:
    """The lines inside the code blocks of ``lines``."""
    out: list[str] = []
    in_code = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        elif in_code:
            out.append(line)
    return out


def _prose_constructors(lines: list[str], first: int) -> list[tuple[int, str]]:
    """(line, code) of every layer constructor the section's prose writes in inline code."""
    found: list[tuple[int, str]] = []
    in_code = False
    for number, line in enumerate(lines, start=first):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code:
            continue
        for span in _SPAN.finditer(line):
            if _ANY_LAYER.search(span.group(1)):
                found.append((number, span.group(1)))
    return found


def aside_filter_count(
    lines: list[str], first: int, prose_only: Callable[[str], str], stated: dict[str, str]
) -> list[tuple[str, str, str, int]]:
    """The filter count of the one constructor a section names beside a layer it states in
    words ("$C = 2$ channels of $4 \\times 4$, a $2 \\times 2$ kernel ..., i.e.
    `nn.Conv2d(2, 3, 2)`").  Without an input on its line the constructor is not read as
    the layer (it may be another one, named for its parameter count); but where its input
    channels and kernel are the very ones the section ``stated`` and the section states no
    filter count, it is the same layer, and its filters are that layer's: read with one
    filter, a claim that keeps only filter 0 would pass (a mistake let through)."""
    found = _prose_constructors(lines, first)
    if len(found) != 1 or "out-channels" in stated:
        return []
    number, code = found[0]
    if code not in prose_only(lines[number - first]):
        return []  # a what-if or a mistake shown: not the notes' layer
    built = {key: value for key, value, _ in code_block_facts(code)}
    if not re.fullmatch(r"conv[123]d", built.get("layer", "")):
        return []
    same = all(key in stated and stated[key] == built.get(key) for key in ("in-channels", "kernel"))
    return [("out-channels", built["out-channels"], "prose", number)] if same else []


_COUNT_KEYS = ("in-channels", "out-channels")


def without_aside_counts(
    facts: list[Any], lines: list[str], first: int, adopted: set[int]
) -> list[Any]:
    """``facts`` without the channel counts the prose states on a line whose constructor
    is not the section's layer (not in ``adopted``) and builds that very count: "for
    `nn.Conv2d(3, 16, 3)` each of the 16 filters has 27 weights" counts that constructor's
    filters, and read as the section's, 16 filters would be every later claim's layer."""
    built: dict[int, dict[str, str]] = {}
    for number, code in _prose_constructors(lines, first):
        if number not in adopted:
            counts = {k: v for k, v, _ in code_block_facts(code) if k in _COUNT_KEYS}
            built.setdefault(number, {}).update(counts)
    return [
        f
        for f in facts
        if not (
            f.key in _COUNT_KEYS
            and f.how == "prose"
            and built.get(f.line, {}).get(f.key) == f.value
        )
    ]
