"""Which layer a claim talks about, from its layer superscripts.

``Z^{[2]}_{ij} = \\sum W^{[2]}_{mn} Z^{[1]}_{i+m,j+n}``: the layer superscripts say the
output, weights, bias and upstream gradient of layer k are marked k and its input k-1
(``a^{l-1}``, ``A^{[1]}`` feeding layer 2).  The checker reads one layer per section and
drops these marks, so a claim whose marks fit no single layer (it relates two layers), or
one about layer 2 where the sizes read describe layer 1, would be judged against the wrong
layer: it is not understood, and the message names the layers.
"""

from __future__ import annotations

import re

from symconv.checker.heading_kind import MARKDOWN_HEADING
from symconv.checker.infer import Fact

# a letter (or \delta) with a layer superscript: ^{[2]}, ^{(l-1)}, ^{l}, ^l; not a letter
# written as a subscript (n_W^{[l]} is a size of layer l, marked_sizes.py, not W's)
_MARK = (
    r"(\\[A-Za-z]+|[A-Za-z])\s*\^\s*(?:\{\s*[\[(]?\s*(?P<a>\d+|[lL](?:\s*[-+]\s*\d+)?)"
    r"\s*[\])]?\s*\}|[\[(]\s*(?P<b>\d+|[lL](?:\s*[-+]\s*\d+)?)\s*[\])]|(?P<c>[lL]\b|\d\b))"
)
_MARKED = re.compile(r"(?<![A-Za-z\\_])" + _MARK)


_ACTIVATIONS = frozenset({"A", "a", "H", "h"})  # letters that name a layer's activation
# the same, also after Ng's gradient prefix d (dA^{[l]}, the gradient of A^{[l]})
_MARKED_OR_GRADIENT = re.compile(r"(?:(?<=(?<![A-Za-z\\_])d)|(?<![A-Za-z\\_]))" + _MARK)


def _level(mark: str) -> tuple[str, int]:
    """``2`` -> ("", 2); ``l-1`` -> ("l", -1)."""
    mark = mark.replace(" ", "")
    if mark.isdigit():
        return "", int(mark)
    return "l", int(mark[1:] or 0)


def claim_layers(
    text: str, letters: dict[str, str], weights_as_input: bool = False
) -> set[tuple[str, int]]:
    """The layer each marked tensor of the claim belongs to (the input's mark + 1).  An
    activation ``A^{[k]}`` is layer k's output or layer k+1's input: it fits either.
    ``weights_as_input``: the notes mark the weights and bias like the input (their mark
    + 1 is the layer's, as the input's is)."""
    found: set[tuple[str, int]] = set()
    either: set[tuple[str, int]] = set()
    below = ("X", "W", "b") if weights_as_input else ("X",)
    for m in _MARKED.finditer(text):
        role = letters.get(m.group(1))
        if role is None:
            continue
        base, offset = _level(m.group("a") or m.group("b") or m.group("c"))
        if role == "A" or (role == "X" and m.group(1) in _ACTIVATIONS):
            either.add((base, offset))  # a^{l-1} feeds layer l, a^{l} = σ(z^{l}) leaves it
        else:
            found.add((base, offset + (1 if role in below else 0)))
    if len(found) == 1:
        base, layer = next(iter(found))
        fits = all(b == base and o in (layer - 1, layer) for b, o in either)
        return found if fits else found | either
    return found if found else (either if len(either) == 1 else set())


def _tensor_layer(text: str, letters: dict[str, str]) -> tuple[str, int] | None:
    """The one layer the claim's marked weights, bias, output or upstream gradient name (no
    activation among them: an activation fits two layers), else None."""
    found = {
        _level(m.group("a") or m.group("b") or m.group("c"))
        for m in _MARKED.finditer(text)
        if letters.get(m.group(1)) in ("W", "b", "Z", "G") and m.group(1) not in _ACTIVATIONS
    }
    return next(iter(found)) if len(found) == 1 else None


# a derivative in the claim: \partial, \nabla, \delta, Ng's dA / dZ / dW
_GRADIENT = re.compile(r"\\partial|\\nabla|\\delta|(?<![A-Za-z\\])d[A-Z]")


def _output_activation(text: str, letters: dict[str, str]) -> str | None:
    """The activation (A, a, H, h read as the layer's input) the claim marks with the
    layer's own mark -- ``\\partial L / \\partial A^{[l]}`` beside ``W^{[l]}``, Ng's
    ``dA^{[l]}`` beside ``\\delta^{[l]}`` --, the layer known from its other tensors: that
    A^{[l]} = g(Z^{[l]}) is what layer l puts out, its input being A^{[l-1]}.  None if none."""
    layer = _tensor_layer(text, letters)
    if layer is None:
        return None
    for m in _MARKED_OR_GRADIENT.finditer(text):
        letter = m.group(1)
        if letter not in _ACTIVATIONS or letters.get(letter) != "X":
            continue
        if _level(m.group("a") or m.group("b") or m.group("c")) == layer:
            return f"{m.group(0).strip()}"
    return None


def input_marked_below(document: list[str], letters: dict[str, str]) -> bool:
    """Whether some line of the notes marks an activation read as the layer's input one below
    the layer's weights or output (``Z^{[l]} = W^{[l]} * A^{[l-1]}``, ``z^{[2]} = W^{[2]}
    a^{[1]}``): then A^{[l]} beside W^{[l]} is what layer l puts out.  (Notes that write
    ``Z^{[l]} = W^{[l]} * A^{[l]}`` mark a layer's input with its own number.)"""
    for line in document:
        layer: set[tuple[str, int]] = set()
        below: set[tuple[str, int]] = set()
        for m in _MARKED.finditer(line):
            role = letters.get(m.group(1))
            base, offset = _level(m.group("a") or m.group("b") or m.group("c"))
            if role in ("W", "Z") and m.group(1) not in _ACTIVATIONS:
                layer.add((base, offset))
            elif role == "X" and m.group(1) in _ACTIVATIONS:
                below.add((base, offset + 1))
        if layer & below:
            return True
    return False


def section_layer(facts: list[Fact], document: list[str]) -> int | None:
    """The numbered layer the section's stated sizes describe: the one marked on the
    line its kernel (else input) was read from, when that line marks only one."""
    for key in ("kernel", "input"):
        fact = next((f for f in facts if f.key == key and f.how == "prose"), None)
        if fact is None or not 1 <= fact.line <= len(document):
            continue
        line = document[fact.line - 1]
        # "Layer 2 is a convolution with a 4x4 input", "la capa 2 tiene ...": the words
        # name the layer even where the line marks its input A^{(1)} as well
        numbers = {int(n) for n in _LAYER_WORD.findall(line)}
        if not numbers:
            numbers = {int(n) for n in re.findall(r"\^\s*\{?\s*[\[(]\s*(\d+)\s*[\])]", line)}
        if len(numbers) == 1:
            return numbers.pop()
    return None


_LAYER_WORD = re.compile(r"\b(?:layer|capa)\s+(\d+)\b", re.IGNORECASE)


def across_layers(
    text: str,
    letters: dict[str, str],
    facts: list[Fact],
    document: list[str],
    network: bool = False,
    entrywise: bool = False,
    line: int = 0,
    against: bool = True,
) -> str | None:
    """Why the claim cannot be judged against the section's layer, else None.  ``network``:
    the notes are about a network whose sections name their layer; ``entrywise``: the
    verdict is the activation reader's, which reads A^{[l]} as the activation's output;
    ``line``: the claim's line; ``against``: the verdict given is wrong or size-specific
    (sizes read under a sibling heading only take that verdict back)."""
    layers = claim_layers(text, letters, weights_marked_as_input(document, letters))
    if len(layers) > 1:
        shown = ", ".join(sorted(f"{b}{o:+d}" if b else str(o) for b, o in layers))
        return (
            f"its layer superscripts mark tensors of different layers ({shown}): a claim "
            "across layers is not read"
        )
    # (a gradient claim only: "A^l = σ(Z^l) = σ(A^{l-1} * W^l + B^l)" is the forward
    # definition of that very output)
    after = (
        _output_activation(text, letters)
        if _GRADIENT.search(text) and not entrywise and input_marked_below(document, letters)
        else None
    )
    if after is not None:
        return (
            f"{after} carries the layer's own mark: it is the activation the layer outputs, "
            "not its input, and a claim about it is not read as one about the input"
        )
    numbered = [o for b, o in layers if not b]
    described = section_layer(facts, document) if numbered else None
    if numbered and described is not None and numbered[0] != described:
        return (
            f"it is about layer {numbered[0]}, but the sizes read here describe layer "
            f"{described}; state layer {numbered[0]}'s sizes in a section of its own"
        )
    # (only against a verdict of wrong: W^{(0)}, W^{(2)} may be channels, not layers, and a
    # claim that holds at the sizes read is left as it was)
    inherited = (
        against and numbered and described is None and _sizes_from_before(facts, document, line)
    )
    weighted = _weight_layers(document, letters) if inherited else set()
    if len(weighted) > 1:
        # W^{(1)} and W^{(2)} both in the notes, and the sizes read here come from a line
        # above the claim's own heading that names neither (another question's layer):
        # whether they are layer k's is not known, and an index past their end says
        # nothing of layer k's tensors
        shown = ", ".join(str(k) for k in sorted(weighted))
        return (
            f"it is about layer {numbered[0]}, the notes mark the weights of layers {shown}, "
            "and the sizes read here come from another section"
        )
    return None


def _sizes_from_before(facts: list[Fact], document: list[str], line: int) -> bool:
    """Whether the kernel or input the section's reading stated in prose comes from under
    another heading than the claim's that is not one of its ancestors (a sibling question:
    "## Question 1" above "## Question 2"); a preamble under the title applies to all."""
    claim_heading = _heading_above(document, line)
    if claim_heading is None:
        return False
    level = _level_of(document[claim_heading - 1])
    for fact in facts:
        if fact.key not in ("kernel", "input") or fact.how != "prose" or fact.line <= 0:
            continue
        own = _heading_above(document, fact.line)
        if own is not None and own != claim_heading and _level_of(document[own - 1]) >= level:
            return True
    return False


def _heading_above(document: list[str], line: int) -> int | None:
    """The (1-based) line of the Markdown heading ``line`` stands under, or None."""
    return next(
        (n for n in range(min(line, len(document)), 0, -1) if _level_of(document[n - 1])),
        None,
    )


def _level_of(text: str) -> int:
    """A Markdown heading's level (the number of its #), 0 for any other line."""
    m = MARKDOWN_HEADING.match(text)
    return len(m.group(1)) if m else 0


def _weight_layers(document: list[str], letters: dict[str, str]) -> set[int]:
    """The numbered layers whose weights the notes mark (W^{(1)}, W^{[2]})."""
    found: set[int] = set()
    for line in document:
        for m in _MARKED.finditer(line):
            if letters.get(m.group(1)) != "W":
                continue
            base, offset = _level(m.group("a") or m.group("b") or m.group("c"))
            if not base:
                found.add(offset)
    return found


def weights_marked_as_input(document: list[str], letters: dict[str, str]) -> bool:
    """Whether the notes mark a layer's weights and bias with its input's mark and its
    output one higher: "layer $l$ receives $x^{(l)}$ and applies $w^{(l)}$ and $b^{(l)}$,
    producing $z^{(l+1)}$" (z^{(l+1)} = w^{(l)} * x^{(l)} + b^{(l)}, the convention of
    notes that number the maps rather than the layers).  Read from the lines that mark a
    weight or bias and an output or its gradient: some line must put the output one
    above the weights, and no line may give them one mark (the usual convention, where
    z^{[l]} = W^{[l]} * a^{[l-1]}); a line doing both says neither.  Only prose lines
    count: a displayed formula is a claim, maybe a wrong one, not the notes' convention."""
    lower = higher = False
    for line in document:
        if line.lstrip().startswith(("$$", "\\[", "\\begin")):
            continue
        weights: set[tuple[str, int]] = set()
        outputs: set[tuple[str, int]] = set()
        for m in _MARKED.finditer(line):
            role = letters.get(m.group(1))
            level = _level(m.group("a") or m.group("b") or m.group("c"))
            if role in ("W", "b"):
                weights.add(level)
            elif role in ("Z", "G") and m.group(1) not in _ACTIVATIONS:
                outputs.add(level)
        same = bool(weights & outputs)
        above = any((b, o + 1) in outputs for b, o in weights)
        if same and not above:
            higher = True
        elif above and not same:
            lower = True
    return lower and not higher


def marked_layers(document: str) -> set[int]:
    """The numbers of the layer marks the notes write (``W^{(1)}``, ``z^{[2]}``)."""
    return {
        int(m.group("a") or m.group("b") or m.group("c"))
        for m in _MARKED.finditer(document)
        if (m.group("a") or m.group("b") or m.group("c") or "").isdigit()
        and (m.group("a") or m.group("b"))  # a bare ^2 is a square, not a mark
    }
