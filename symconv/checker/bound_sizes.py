"""A size or count claimed by name, judged against the layer of its own passage.

"**1.** A $7 \\times 7$ input goes through a conv with $K = 3$, stride $S = 2$, padding
$P = 1$ ... $H_{out} = \\lfloor (7 + 2 - 3)/2 \\rfloor + 1 = 4$": the name says which
quantity (size_names.py), the passages around the claim say which layer
(scope_facts.py), nearest first -- the claim's sentence ("With $P = 2$, $S = 2$:"), its
paragraph or bullet, its question or part, the blocks above it up to the previous question.
The quantity of that layer is computed here from first principles:

- output side of a convolution: floor((H + 2P - K) / S) + 1 (a window fits when its last
  row H + 2P - K past the first is reached by whole strides);
- of a transposed convolution: (H - 1) S - 2P + d(K - 1) + 1 (+ output padding): the
  adjoint of the convolution with those parameters (K at dilation 1);
- parameters: C_out (C_in K^2 + 1) with a bias per filter, n_in n_out + n_out for a dense
  layer.

Every fact needed must be stated once in the nearest passage that states it; a fact stated
twice with different values, or not at all where the default (stride 1, no padding, a bias)
is contradicted elsewhere in the notes, leaves the layer a guess: not understood, naming it.
A layer read is compared with every side: ``16, not 15: side 3 is 15, side 1 is 16``.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker import lexicon
from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.explicit_padding import pads_explicitly
from symconv.checker.group_prose import GROUPED
from symconv.checker.heading_kind import MARKDOWN_HEADING
from symconv.checker.layer_counts import own_item, sentence_around
from symconv.checker.letter_roles import roles, with_letters
from symconv.checker.limits import NotUnderstood, no_value
from symconv.checker.numbered_steps import without_step_labels
from symconv.checker.output_names import output_names
from symconv.checker.receptive_field import (
    _EXTENDS,
    judge_counted_stack,
    judge_field_formula,
    stack_described,
)
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.restated_result import without_restated_result
from symconv.checker.scalar import Infinite, Scalar
from symconv.checker.scope_facts import CLOSED, Facts, clean, facts, hard_border, passages
from symconv.checker.side_padding import AXIS_SIDES
from symconv.checker.size_names import (
    FIELD,
    OUTPUT,
    PARAMS,
    Quantity,
    flatten,
    kernel_count_name,
    left_side,
    letter_defined_otherwise,
    quantity_of,
)
from symconv.checker.size_structure import _uses
from symconv.checker.stated_values import lettered_settings, lettered_sides, ungrouped
from symconv.checker.strided_field import strided_stack
from symconv.checker.syntax import parse
from symconv.checker.unread_settings import unread_setting

OWN_SENTENCE = "its sentence"  # scope_facts.passages' name for the claim's own sentence


_SINGLE = (OUTPUT, PARAMS, FIELD)


class Unbound(Exception):
    """The layer of the claim is not read: why, naming the guess."""


def numeric_sides(text: str, lookup=no_value) -> list[Fraction] | None:
    """The values of every side after the first of ``name = a = b ...``, or None when a side
    is not plain numbers (or letters ``lookup`` values)."""
    text = re.sub(r"\s+[.,;]\s*$", "", text)  # "= 15 ." ending a display's sentence
    try:
        chain = parse(ungrouped(text))  # 48\,000: one number
        if not chain.rels or any(r != "=" for r in chain.rels):
            return None
        return [Scalar(lookup).value(side) for side in chain.sides[1:]]
    except (NotUnderstood, Infinite, ArithmeticError, ValueError, IndexError, RecursionError):
        return None


def judge_named_size(text: str, document: list[str], line: int, source: str) -> dict | None:
    """The verdict of ``name = arithmetic = number`` where the name is an output side or a
    parameter count of a single layer; None when it is no such claim (or names a layer of
    a chain by its number: layer_chain.py)."""
    left = left_side(text)
    if left is None:
        return None
    if numeric_sides(text) is None:  # R = 1 + (K - 1)(1 + 2 + 4): a side written in K
        field = judge_field_formula(text, document, line, source)
        # r = 2L + 1 after "L stacked 3 x 3 convs": a side written in the layer count
        field = field or judge_counted_stack(text, document, line, source)
        if field is not None:
            return field
    sentence = sentence_around(document, line, source)
    quantity = quantity_of(left, sentence)
    evaluated = _ARGUMENT.fullmatch(flatten(left))  # H_{out}(6): the output side at input 6
    if quantity is None and evaluated is not None:
        quantity = quantity_of(evaluated.group(1), sentence)
        if quantity is None or quantity.what != OUTPUT or quantity.ordinal is not None:
            return None
    if quantity is None and kernel_count_name(flatten(left)):  # "## Parameterzahl" above
        quantity = quantity_of(left, f"{sentence} {_heading_above(document, line)}")
    if quantity is None and _FIELD_LETTER.fullmatch(flatten(left)):  # "## Champ récepteur"
        quantity = quantity_of(left, _heading_above(document, line))  # ... R = 2·2 + 1 = 5
    marked = quantity_of(left_side(source) or "", sentence)  # H^{T}_{out}, read as H_{out}
    if marked is not None and marked.transposed:
        quantity = marked
    if quantity is not None and letter_defined_otherwise(left, "\n".join(document)):
        return None  # H_Z where "Z = \mathcal{K}^\top(G)": the side of another layer's result
    if quantity is None and flatten(left) in output_names(document):  # "La taille de la
        quantity = Quantity(OUTPUT, None, flatten(left))  # sortie est $$H_s = ...$$"
    if quantity is not None and quantity.what == PARAMS and _named_padding(document, source):
        # "total padding $P_{total} = \max(...)$" above: the notes' P_{total} is a padding
        return finding(
            NOT_UNDERSTOOD,
            f"the notes introduce {left_side(source)} with a padding word: it is a padding, "
            "not a parameter count, and a padding formula is not read here",
        )
    if _inside_longer_claim(document, line, source):
        return finding(
            NOT_UNDERSTOOD,
            f"{source} is also the start of a longer claim on its line: which words around "
            "it are its own is not read",
        )
    own = _own_words(
        own_item(document, line, source),
        source,
        document[line - 1] if 0 < line <= len(document) else "",
    )
    own = without_restated_result(own, sentence, source, numeric_sides(text))  # "= 6, the 6x6"
    around = passages(_cut_after(document, line, source), line, own)
    if quantity is None and around[-1][0].startswith(CLOSED):  # "**B4.** Number of
        quantity = quantity_of(left, around[-1][1])  # parameters ...? ... $P = ...$"
    if quantity is None and re.fullmatch(r"[A-Za-z]", flatten(left)):
        # "The number of parameters is $P = ...$" and, two lines on, "write $P = 108$"
        quantity = named_before(document, line, flatten(left), _NEAR_LINES)
        if quantity is not None and flatten(left) in "Pp" and _MENTIONED["p"].search(sentence):
            quantity = None  # "| Same padding | $P = (5 - 1)/2 = 2$ |": its own words' padding
    elif quantity is None and any(not k.startswith("kind:") for k in facts(own)):
        # "parameter count: $P = ...$" above, then "3 channels, ...: $P_{dw} = ...$": the
        # letter's meaning from before, its layer from its own sentence
        quantity = named_before(document, line, flatten(left))
    if quantity is None or quantity.what not in _SINGLE:
        return None
    letters = roles("\n".join(document))  # "$C$ channels ... $F$ filters": C = 64, F = 128
    own_letters = _sentence_letters(around, letters)  # "`strides=4`": S is 4 in its sentence
    values = numeric_sides(text) or lettered_sides(text, document, line, source, own_letters)
    if values is None:
        return None
    if quantity.ordinal is not None and not around[-1][0].startswith(CLOSED):
        return None  # H_2 of a chain of layers (chain_claims); in a question's part ("3(c)
        # ... $P_3 = ...$") the number is the part's, and the part states one layer
    levels = [
        (where, _unless_sibling_part(with_letters(facts(t), t, letters), where, document, line))
        for where, t in around
    ]
    unread = unread_setting(around[0][1], source, letters) if around[0][0] == OWN_SENTENCE else None
    if unread is not None:  # "$D = 3$" in notes that never name D (unread_settings.py)
        return finding(
            NOT_UNDERSTOOD,
            f"its sentence sets {unread}, which is read as none of the layer's sizes: the "
            f"{quantity.what} {quantity.written} of which layer is not read",
        )
    if around[-1][0].startswith(CLOSED):  # a question or part of its own: the rest of the
        whole = facts(scope := "\n".join(t for _, t in around))  # notes says nothing of it
    else:
        whole, scope = facts("\n".join(document)), "\n".join(document)
    if quantity.what == FIELD:  # "dilations 1, 2, 4 and K = 3 give RF = ..."
        # the stack its own sentence describes, else with the sentence before ("adding a
        # fourth with dilation 8" extends the list before; a "D = 4" there is another case's)
        stack = None
        for previous in (False, True):
            wider = sentence_around(document, line, source, previous=previous)
            words = wider[: max(0, wider.find(source))]
            if not previous and (_EXTENDS.search(words) or re.search(r"\bmore\b", words)):
                continue  # "adding two more 3x3 layers with dilations 8, 16": not a stack alone
            stack = stack_described(words)
            if stack is not None and stack[2]:
                break
        if stack is not None and stack[2]:
            return compare(Fraction(stack[0]), values, stack[1])
        own_words = sentence_around(document, line, source)
        strided = strided_stack(own_words[: max(0, own_words.find(source))])
        if strided is not None:  # "conv 3x3 de pas 2 puis conv 3x3 de pas 1 donnent R = ..."
            return compare(Fraction(strided[0]), values, strided[1])
    try:
        unread_letters: list[str] = []
        if numeric_sides(text) is None:  # a side in letters: its truth at their values
            settings = lettered_settings(text, document, line, source, own_letters)
            levels, unread_letters = _at_letters(levels, settings, letters)
        if quantity.what == OUTPUT and evaluated is not None:
            levels = _evaluated_at(levels, int(evaluated.group(2)), text)
        elif quantity.what == OUTPUT:
            levels = _what_if_input(levels, text, sentence, source)
        truth, about = truth_of(quantity, levels, whole, scope, own)
    except Unbound as exc:
        if len(set(values)) > 1:  # no side named: a link verified on no layer is no proof
            return finding(
                NOT_UNDERSTOOD,
                f"the arithmetic does not hold ({json_number(values[-1])} is written for "
                f"{json_number(values[0])}), and the {quantity.what} {quantity.written} of "
                f"which layer is not read ({exc})",
            )
        return finding(
            NOT_UNDERSTOOD,
            f"side 1 of {len(values) + 1} is not understood: the {quantity.what} "
            f"{quantity.written} of which layer is not read ({exc}; the other "
            f"{len(values)} sides agree: the arithmetic holds, {json_number(values[0])})",
        )
    if around[-1][0].startswith(CLOSED) and not defaults_contested(about, document):
        # every fact read is the question's own (a default only where no other passage of
        # the notes states that fact otherwise: "all layers below use padding 1")
        about = f"{about}; {QUESTION_READ} {around[-1][0].removeprefix(CLOSED).strip()}"
    judged = compare(truth, values, about)
    if judged["status"] == WRONG and unread_letters and quantity.what == OUTPUT:
        return finding(
            NOT_UNDERSTOOD,
            f"its sides are worked out at {', '.join(unread_letters)}, letters not read as "
            f"sizes, so the layer read may be another case ({judged['message']})",
        )
    return judged


LETTERS_SET = "the values its letters are set to"


def _at_letters(
    levels: list[tuple[str, Facts]], settings: dict[str, Fraction], letters: dict[str, str]
) -> tuple[list[tuple[str, Facts]], list[str]]:
    """``levels`` with the sizes the claim's letters were valued at first ("$H_{out} =
    \\lfloor (H - k)/s \\rfloor + 1$ columns; e.g. $H = 8$, $k = 3$, $s = 2$ gives ..."): the
    formula's sides are worked out at H = 8, k = 3, s = 2, so the true side is the one of
    that case, whatever layer a passage around it states (a 3 x 3 input two sections up is
    another case's).  Only the letters read as a size ("$H = 8$", or a role the notes give a
    letter) move; the others are returned by name ("$N = 11$", "$F = 3$": which sizes they
    are is not read, so a truth from the passages may be another case's)."""
    case: Facts = {}
    shown, unread = [], []
    for name, value in settings.items():
        if value.denominator != 1 or value <= 0 or not re.fullmatch(r"[A-Za-z]", name):
            continue
        written = f"${name} = {value.numerator}$"
        found = with_letters(facts(written), written, letters)
        found = {k: v for k, v in found.items() if v and not k.startswith("kind:")}
        if not found:
            unread.append(written.strip("$"))
            continue
        shown.append(written.strip("$"))
        for key, values in found.items():
            case.setdefault(key, [])
            case[key] += [v for v in values if v not in case[key]]
    if not case:
        return levels, unread
    own = levels[0][1] if levels and levels[0][0] == OWN_SENTENCE else None
    around = levels[1:] if own is not None else levels
    other = [
        key
        for key in case
        for _, found in around
        if any(v not in case[key] for v in found.get(key, []))
    ]
    named = {k for _, found in around for k in found if k.startswith("kind:")} - {"kind:conv"}
    if other and named and not any(k.startswith("kind:") for k in own or {}):
        # the case is not the passages' layer (their input is another), so the kind of
        # layer they name (a transposed one, a pooling) is no word about it
        raise Unbound(
            f"its letters set a case of their own ({', '.join(shown)}), not the layer the "
            f"passages around it state, and they name a {sorted(named)[0][5:]}"
        )
    if own is not None:  # the sentence's other facts stay
        return [(OWN_SENTENCE, {**own, **case}), *levels[1:]], unread
    return [(LETTERS_SET, case), *levels], unread


_FIELD_LETTER = re.compile(r"R|r|RF|\\rho|ρ")
# the letters a formula writes for a layer's settings (stride, padding, dilation), by their
# usual names, unless the notes give the letter another role (letter_roles.roles: S is a
# kernel's width where W is F x C x R x S); a kernel's K may count filters, and is left out
_SETTING_LETTERS = {"S": "s", "s": "s", "P": "p", "p": "p", "D": "d", "d": "d"}


def _sentence_letters(
    around: list[tuple[str, str]], letters: dict[str, str]
) -> dict[str, Fraction]:
    """Letter -> value for the settings the claim's own sentence states in other words than
    the letter ("`Conv2D(8, 3, strides=4, padding='same')` gives $\\lceil H/S \\rceil = 8$"):
    in that sentence the formula's S is its stride, 4, whatever $S = 1$ the notes set for
    their first layer.  The side is then worked out at the layer the truth is computed for
    (truth_of reads the same sentence first), not at a letter's value from another case."""
    if not around or around[0][0] != OWN_SENTENCE:
        return {}
    found = facts(around[0][1])
    out: dict[str, Fraction] = {}
    for letter, key in _SETTING_LETTERS.items():
        if letters.get(letter, key) != key:
            continue  # S a kernel's width where W is F x C x R x S: not the stride
        if len(found.get(key, [])) == 1:
            out[letter] = Fraction(found[key][0])
    return out


# "Para un mapa de 7 x 7 saldría", "for a 7 x 7 map", "y para uno de 6 x 6", "pour une carte
# 9 x 9", "bei einer 8 x 8-Eingabe": a square map the claim's own sentence puts the layer on
# (a preposition, at most three words, the map's sides; not an output's)
# (articles and a map's nouns between: "with a 3 x 3 kernel" is no map, nor a square an
# output's or a window's word follows)
_WHAT_IF_MAP = re.compile(
    r"\b(?:for|para|pour|per|für|with|con|on|sobre|auf|avec|bei|dla|na|com|mit|em)\s+"
    r"(?:(?:an?|one|the|un|una|uno|une|um|uma|eine[mnr]?|il|lo|la|el|le|de|di|of|"
    r"maps?|mapas?|cartes?|mappa|mappe|Karten?|inputs?|entradas?|entr[ée]es?|ingresso|"
    r"Eingaben?|images?|imagen|immagine|feature)\s+){0,3}(\d{1,4}) x (\1)\b"
    r"(?![^.;:]{0,12}\b(?:outputs?|salida|sortie|Ausgabe|uscita|sa[íi]da|wyj[śs]cie|kernels?|"
    r"filters?|windows?|n[úu]cleos?|filtros?|ventanas?|noyaux?|filtres?|fen[êe]tres?|Kern\w*|"
    r"Filter\w*|Fenster|finestra|conv\w*|pool\w*)\b)",
    re.IGNORECASE,
)


# "H_{out}(6)", "O(8)": an output side's name applied to an input side, the function the
# size formula is (flattened: H_out(6))
_ARGUMENT = re.compile(r"([A-Za-z](?:_[A-Za-z]+)?)\((\d{1,4})\)")


def _evaluated_at(levels: list[tuple[str, Facts]], side: int, text: str) -> list[tuple[str, Facts]]:
    """``levels`` with the input of side ``side`` the claim's name evaluates its output side
    at ("$H_{out}(6) = \\lfloor (6 + 2 - 3)/2 \\rfloor + 1 = 3$"): the layer's other
    settings are the passages', its input the argument written (a square map's side) --
    where the formula starts from it ("H_{out}(2) = 14" may name layer 2's side: Unbound)."""
    from symconv.checker.formula_layer import read_claim

    claim = read_claim(text)
    if claim is None or claim[2][0] != side:
        raise Unbound(f"its name takes {side}, which its formula does not start from")
    own = {"in_h": [side], "in_w": [side]}
    if levels and levels[0][0] == OWN_SENTENCE:
        return [(OWN_SENTENCE, {**levels[0][1], **own}), *levels[1:]]
    return [(OWN_SENTENCE, own), *levels]


def _what_if_input(
    levels: list[tuple[str, Facts]], text: str, sentence: str, source: str
) -> list[tuple[str, Facts]]:
    """``levels``, with the input the claim's own sentence puts the layer on before it
    ("Para un mapa de $7 \\times 7$ saldría $H_{out} = \\frac{7 - 3}{2} + 1 = 4$") where
    that is not the input the passages state: the sentence asks what the same layer gives
    on another map, so its output is that map's.  The map nearest before the claim counts,
    and only when the formula starts from its side (the 7 of 7 - 3); a formula starting
    from another number leaves the claim's input a guess (Unbound)."""
    from symconv.checker.formula_layer import read_claim

    at = sentence.find(source)
    if at < 0:
        return levels
    maps = list(_WHAT_IF_MAP.finditer(clean(sentence[:at])))
    if not maps:
        return levels
    side = int(maps[-1].group(1))
    stated = _fact(levels, "in_h")
    if stated is not None and stated[0] == side:
        return levels
    claim = read_claim(text)
    if claim is None or claim[2][0] != side:
        raise Unbound(
            f"its sentence puts the layer on a {side} x {side} map, which the formula "
            "does not start from"
        )
    own = {"in_h": [side], "in_w": [side]}
    if levels and levels[0][0] == OWN_SENTENCE:
        return [(OWN_SENTENCE, {**levels[0][1], **own}), *levels[1:]]
    return [(OWN_SENTENCE, own), *levels]


def _heading_above(document: list[str], line: int) -> str:
    """The Markdown heading the (1-based) line stands under, or ""."""
    for text in reversed(document[: max(0, line - 1)]):
        if re.match(r"\s*#+\s", text):
            return text
    return ""


def defaults_contested(about: str, document: list[str]) -> bool:
    """A fact the reading took as its default ("padding 0 (not stated: the default)") is
    stated with another value somewhere in the notes."""
    stated = facts("\n".join(document))
    for key, name in _NAMES.items():
        default = _DEFAULTS.get(key)
        said = rf"(?:^|[(,]\s*){re.escape(name)} {default} \(not stated: the default\)"
        if default is None or not re.search(said, about):
            continue  # ("padding 0 (not ..." inside "output padding 0 (not ...": no match)
        if any(v != default for v in stated.get(key, [])) or (key == "p" and _sides_stated(stated)):
            return True
    return False


def _sides_stated(stated: Facts) -> bool:
    return any(k in stated for pair in AXIS_SIDES.values() for k in pair)


QUESTION_READ = "the layer its question or part states"


def named_before(
    document: list[str], line: int, name: str, within: int | None = None
) -> Quantity | None:
    """The quantity a name's letter stands for where the notes said it before: "Expected
    parameter count: $P = ...$", then "$P_{\\text{dw}} = 3 \\cdot 9 + 3$" -- a count of
    another layer, named with the same letter -- or the same bare letter again ``within``
    lines.  Only a letter the notes gave one meaning, by the words of the sentences it
    stood in."""
    base = re.match(r"^([A-Za-z])(?:_\w+)?$", name)
    if base is None:
        return None
    letter = base.group(1)
    first = re.compile(rf"\$\$?\s*{letter}\s*=(?!=)")
    meanings = set()
    start = 0 if within is None else max(0, line - 1 - within)
    for number, text in enumerate(document[: max(0, line - 1)], start=1):
        if number <= start:
            continue
        for m in first.finditer(text):
            source = text[m.end() - 1 :].split("$", 1)[0]
            said = quantity_of(letter, sentence_around(document, number, f"{letter} {source}"))
            meanings.add(said.what if said else None)
    if len(meanings) != 1 or None in meanings:
        return None
    return Quantity(meanings.pop(), None, name)


_NEAR_LINES = 6  # a bare letter keeps the meaning it had this few lines before


_SIZE_CLAUSE = re.compile(
    r"\b(?:output|outputs|wide|high|tall|side|salida|sortie|uscita|becomes|shrinks|"
    r"output size|map|mide|queda)\b",
    re.IGNORECASE,
)
_COUNT_CLAUSE = re.compile(rf"\b(?:{lexicon.PARAMETERS}|weights)\b", re.IGNORECASE)


def judge_bare_size(text: str, document: list[str], line: int, source: str) -> dict | None:
    """Numbers alone (``\\lfloor (5 + 2 - 3)/2 \\rfloor + 1 = 3`` in "the output is ...")
    whose value is the output side or the count of the layer its passages state: verified.
    Any other value may be some other quantity: left to the readers of arithmetic."""
    if re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", text)):
        return None
    values = numeric_sides(f"x = {text}")
    if values is None or len(values) < 2 or len(set(values)) != 1:
        return None
    sentence = sentence_around(document, line, source)
    at = sentence.find(source)
    clause = sentence if at < 0 else sentence[max(0, at - 120) : at + len(source) + 60]
    size, count = _SIZE_CLAUSE.search(clause), _COUNT_CLAUSE.search(clause)
    if size and count:
        return None
    unnamed = not (size or count)  # "ResNet stem: 224 input, kernel 7, stride 2, padding 3"
    quantity = Quantity(PARAMS if count else OUTPUT, None, "the value")
    own = _own_words(sentence, source, document[line - 1] if 0 < line <= len(document) else "")
    own = without_restated_result(own, sentence, source, numeric_sides(text))  # "= 6, the 6x6"
    around = passages(_cut_after(document, line, source), line, own)
    levels = [(where, facts(t)) for where, t in around]
    whole = facts(
        scope := "\n".join(
            document if not around[-1][0].startswith(CLOSED) else [t for _, t in around]
        )
    )
    try:
        truth, about = truth_of(quantity, levels, whole, scope)
    except Unbound:
        return None
    if values[0] != truth:
        return None
    if unnamed and not _writes_layer(source, levels):
        return None  # no word says it is a size: only the computation from its input can
    return finding(VERIFIED, f"every side is {json_number(truth)}: {about}")


def _writes_layer(source: str, levels: list[tuple[str, Facts]]) -> bool:
    """The computation writes the stated input side and kernel side (floor((224 + 6 - 7)/2)
    + 1): the value is that layer's output side by how it is computed, with no word saying
    so."""
    side, kernel = _fact(levels, "in_h"), _fact(levels, "k")
    if side is None or kernel is None:
        return False
    return _uses(source, side[0], kernel[0])


def claim_layer(document: list[str], line: int, source: str, sentence: str):  # type: ignore[no-untyped-def]
    """(around, levels, whole, scope) for a claim: its passages nearest first, the facts of
    each, and the facts and text of what the claim may read beyond them (its question, or
    the whole notes)."""
    own = _own_words(sentence, source, document[line - 1] if 0 < line <= len(document) else "")
    around = passages(_cut_after(document, line, source), line, own)
    letters = roles("\n".join(document))  # "dilatació $D$": D = 2 is a dilation
    levels = [
        (where, _unless_sibling_part(with_letters(facts(t), t, letters), where, document, line))
        for where, t in around
    ]
    if around[-1][0].startswith(CLOSED):
        whole = facts(scope := "\n".join(t for _, t in around))
    else:
        whole, scope = facts("\n".join(document)), "\n".join(document)
    return around, levels, whole, scope


_BLOCK = re.compile(r"the block of line (\d+)$")


def _level(text: str) -> int | None:
    m = MARKDOWN_HEADING.match(text)
    return len(m.group(1)) if m else None


def _unless_sibling_part(found: Facts, where: str, document: list[str], line: int) -> Facts:
    """``found`` (a passage's facts), without the transposed convolution a block of another
    section beside the claim's names ("## Part (f) — transposed convolution" above "## Part
    (g) — numbers"): an operation the notes treat in a part of its own, not the layer of
    the claim's part (its sizes, the notes' setup, still count)."""
    block = _BLOCK.match(where)
    if block is None or not found.get("kind:transposed"):
        return found
    own = next((k for k in range(line - 1, 0, -1) if _level(document[k - 1])), None)
    if own is None:
        return found
    mine = _level(document[own - 1]) or 0
    head = int(block.group(1))
    if head >= own:  # a block of the claim's own section
        return found
    governing = next(
        (k for k in range(head, 0, -1) if (_level(document[k - 1]) or 99) <= mine), None
    )
    if governing is None or _level(document[governing - 1]) != mine:
        return found
    return {k: v for k, v in found.items() if k != "kind:transposed"}


def _inside_longer_claim(document: list[str], line: int, source: str) -> bool:
    """Whether the claim's text first appears on its line inside a longer claim ("$H = 9 -
    5 + 1 = 5$; mit $p = 2$ ..., $H = 9$": "H = 9" is the start of the first): the passage
    readers find a claim by its text, and would read the other claim's words as its own."""
    if not 0 < line <= len(document):
        return False
    text = document[line - 1]
    here = text.find(source)
    if here < 0 or text.count(source) < 2:
        return False
    return re.match(r"\s*[.,;:]?\s*(?:\$|\\\)|\\\]|$)", text[here + len(source) :]) is None


_SETTING = re.compile(r"\s*[A-Za-z](?:_\{?\w+\}?)?\s*=\s*-?\d+(?:\.\d+)?\s*")


def _before_next_claim(text: str) -> str:
    """The words after a claim up to the clause that leads to the next claim: "$H_{out} =
    28 + 4 - 5 + 1 = 28$, and with padding 0 it would be $H_{out} = 24$" sets padding 0 for
    the second claim, not the first (its clause starts at the comma before it)."""
    text = text.lstrip("$ ")
    # (a size set to a number, "(for $C = 16$, $K = 5$)", is this claim's case, no claim)
    later = next(
        (m for m in re.finditer(r"\$([^$]*=[^$]*)\$", text) if not _SETTING.fullmatch(m.group(1))),
        None,
    )
    if later is None:
        return text
    before = text[: later.start()]
    # a semicolon closes this claim's clause ("...= 5$; mit $p = 2$ ..., $H = 9$"), else the
    # last comma or bracket before the next claim opens that claim's case
    cut = before.find(";") if ";" in before else max(before.rfind(","), before.rfind("("))
    return before[:cut] if cut >= 0 else ""


def _own_words(sentence: str, source: str, own_line: str) -> str:
    """The claim's sentence before it, and after it to the end of its line (the next line
    may open another part: "(ii) $7 \\times 7$ input ...")."""
    at = sentence.find(source)
    if at < 0:
        return sentence
    here = own_line.find(source)
    after = own_line[here + len(source) :] if here >= 0 else ""
    after = _before_next_claim(after)
    head = re.split(r"[.!?](?:\s|$)", after, maxsplit=1)
    rest, own_rest = (
        _before_next_claim(sentence[at + len(source) :]),
        after.replace("$", "").strip(),
    )
    more = rest[rest.find(own_rest) + len(own_rest) :] if own_rest in rest else ""
    if len(head) == 1 and more.strip() and not _OPENS_PART.match(more) and not hard_border(more):
        # "... = 18464 parameters\n(for $C = 32$, $F = 64$, $K = 3$)": the sentence goes on
        tail = re.split(r"[.!?](?:\s|$)", more, maxsplit=1)[0]
        return f"{sentence[:at]} {head[0]} {tail}"
    return sentence[:at] + " " + head[0]


_OPENS_PART = re.compile(r"\s*(?:[-*+]\s|\(?[ivx]+\)|\(?[a-h]\)|\d+[.)]|#|\*\*|\$\$)")


def _cut_after(document: list[str], line: int, source: str) -> list[str]:
    """The document with the claim's line ending where the claim's sentence ends: "$H = ...
    = 7$. Mit `output_padding=1`: ..." -- the next sentence's setting is another claim's, as
    is the clause that leads to the next claim of the sentence ("..., and with padding 0 it
    would be $H_{out} = ...$")."""
    if not 0 < line <= len(document):
        return document
    text = document[line - 1]
    here = text.find(source)
    if here < 0:
        return document
    after = text[here + len(source) :]
    kept = re.split(r"[.!?](?:\s|$)", after, maxsplit=1)[0]
    lead = kept[: len(kept) - len(kept.lstrip("$ "))]  # the claim's closing $
    kept = lead + _before_next_claim(kept)
    return [*document[: line - 1], text[: here + len(source)] + kept, *document[line:]]


def compare(truth: Fraction, values: list[Fraction], about: str) -> dict:
    """VERIFIED when every side after the name is ``truth``; else WRONG naming each side that
    differs and the name's own value last (as the key tells the links apart)."""
    differ = [(k, v) for k, v in enumerate(values, start=2) if v != truth]
    if not differ:
        return finding(VERIFIED, f"every side is {json_number(truth)}: {about}")
    listed = ", ".join(f"side {k} is {json_number(v)}" for k, v in differ)
    return finding(
        WRONG,
        f"{json_number(truth)}, not {json_number(differ[0][1])}: {listed}, side 1 is "
        f"{json_number(truth)}; {about}",
        expected=str(json_number(truth)),
        counterexample={"left": json_number(truth), "right": json_number(differ[0][1])},
    )


# ------------------------------------------------------------------ the layer
def _fact(levels: list[tuple[str, Facts]], key: str) -> tuple[int, str] | None:
    """(value, where) of a fact in the nearest passage that states it.

    Past the claim's own section (its sentence, paragraph and first block), the nearest
    block is only another section of the notes: where a farther one states the fact
    otherwise ("## Parameters: the same layer with `groups=1` would hold ..." after "##
    Definition: `groups=4`"), which of them the claim's section follows is a guess."""
    sections = ("the block", "its question or part")  # the passages of a section, nearest first
    own = next(
        (n for n, (where, _) in enumerate(levels) if where.startswith(sections)), len(levels)
    )
    for at, (where, found) in enumerate(levels):
        values = found.get(key)
        if not values:
            continue
        if len(values) > 1:
            shown = " and ".join(str(v) for v in values)
            raise Unbound(f"{where} states {_NAMES[key]} {shown}")
        if at > own:
            other = next(
                ((w, f[key]) for w, f in levels[at + 1 :] if f.get(key) and f[key] != values),
                None,
            )
            if other is not None:
                raise Unbound(
                    f"{where} states {_NAMES[key]} {values[0]} and {other[0]} "
                    f"{' and '.join(str(v) for v in other[1])}: the claim's section states none"
                )
        return values[0], where
    return None


_NAMES = {
    "in_h": "input",
    "in_w": "input width",
    "k": "kernel",
    "s": "stride",
    "p": "padding",
    "c_in": "input channels",
    "c_out": "filters",
    "bias": "bias",
    "n_in": "inputs",
    "n_out": "outputs",
    "out_pad": "output padding",
    "d": "dilation",
    "dims": "number of spatial axes",
    "g": "groups",
}
_DEFAULTS = {"s": 1, "p": 0, "bias": 1, "out_pad": 0, "d": 1, "dims": 2, "g": 1}


# a padding word just before a name: "total padding $P_{total}$", "el relleno $P$"
_PADDING_BEFORE = lexicon.word(lexicon.PADDING, lexicon.PADDING_CJK) + r"[^$.;]{0,20}\$\s*"


def _named_padding(document: list[str], source: str) -> bool:
    """Whether the notes write a padding word right before the claim's left side."""
    name = (left_side(source) or "").strip()
    if len(name) < 2:
        return False  # a bare P: the readers above weigh its padding words sentence by sentence
    pattern = re.compile(_PADDING_BEFORE + re.escape(name) + r"(?![A-Za-z0-9_])", re.I)
    return any(pattern.search(line) for line in document)


_MENTIONED = {
    # (the lexicon's stride nouns: "Schrittgröße 2", "przesunięcie 2" in words not read)
    "s": re.compile(
        r"\bpaso\b|\bpasso\b|" + lexicon.word(lexicon.STRIDE_PLAIN, lexicon.STRIDE_CJK), re.I
    ),
    "p": re.compile(  # "one row on top": a padding per side, in words not read
        r"\bpadding\b|\brelleno\b|\briempimento\b|'same'|\b(?:on|at)\s+(?:the\s+)?"
        r"(?:top|bottom)\b|" + lexicon.word(lexicon.PADDING, lexicon.PADDING_CJK),
        # the padding nouns of the lexicon's languages ("dopełnienie zerami po 2 próbki")
        re.I,
    ),
    # (not "a dilation of $G$": the gradient's zeros, not the layer's dilation)
    "d": re.compile(
        r"\bdilation\b(?!\s+of\s+(?:the\s+)?(?:\$\s*[A-Za-z]\b|gradient|upstream|error))|"
        # (not the lexicon's nouns: French "la dilatation de δ" is the gradient's zeros)
        r"\bdilataci[óo]n\b|\bdilated conv",
        re.I,
    ),
    "bias": re.compile(r"\bbias\w*|\bsesgo\w*|\bbiais\b", re.I),
    "out_pad": re.compile(
        rf"output_padding|\b(?:{lexicon.OUTPUT_PADDING})\b|{lexicon.OUTPUT_PADDING_CJK}", re.I
    ),
    "dims": re.compile(r"\b(?:1-?D|one-dimensional|conv1d|temporal conv\w*)\b", re.I),
    "g": GROUPED,  # "2 gruppi", "convolución agrupada", "depthwise": groups in any language
}


def _get(levels, whole: Facts, document: str, key: str, used: list[str]) -> int:
    found = _fact(levels, key)
    if found is not None and found[1] != OWN_SENTENCE and _options_listed(levels, key):
        found = None  # "224 input, kernel 7, stride 2, padding 3": undilated, whatever
        # a passage above says of another layer's dilation
    if found is not None:
        mark = f" ({OWN_SENTENCE})" if found[1] == OWN_SENTENCE else ""
        used.append(f"{_NAMES[key]} {found[0]}{mark}")
        return found[0]
    default = _DEFAULTS.get(key)
    if default is None:
        raise Unbound(f"the notes do not state its {_NAMES[key]} near the claim")
    others = [v for v in whole.get(key, []) if v != default]
    if others:  # a stride 2 stated elsewhere: the default is a guess
        raise Unbound(
            f"its {_NAMES[key]} is not stated near the claim and the notes state "
            f"{_NAMES[key]} {others[0]} elsewhere"
        )
    if key == "p" and re.search(r"\bsame\b|\bmismo tamaño\b", document, re.IGNORECASE):
        raise Unbound("the notes speak of 'same' padding and none is stated near the claim")
    if key == "s":  # "Paso 1: ...", "الخطوة 2: ...": a solution's step titles name no stride
        document = "\n".join(without_step_labels(line) for line in document.split("\n"))
    if not whole.get(key) and _MENTIONED[key].search(document) and not _options_listed(levels, key):
        raise Unbound(f"the notes speak of {_NAMES[key]} in words not read")
    used.append(f"{_NAMES[key]} {default} (not stated: the default)")
    return default


def _options_listed(levels: list[tuple[str, Facts]], key: str) -> bool:
    """The claim's own sentence lists its layer's options ("224 input, kernel 7, stride 2,
    padding 3") without a dilation: like a constructor, it leaves the dilation at 1, whatever
    the notes say of dilated layers elsewhere."""
    if key != "d" or not levels or levels[0][0] != OWN_SENTENCE:
        return False
    own = levels[0][1]
    return all(own.get(k) for k in ("in_h", "k")) and bool(own.get("s") or own.get("p"))


def _kind(levels: list[tuple[str, Facts]], transposed: bool = False, side: bool = False) -> str:
    """The kind of layer the nearest passage that states sizes names ("It's just a
    per-pixel linear layer" after a 1x1 convolution's count states none).  For an output
    ``side``, a passage naming both a convolution and a pooling leaves no doubt where a
    nearer passage states the stride and no dilation is stated: both then give
    floor((H + 2P - K)/S) + 1 (a pooling's default stride, its window, is the only
    difference, and the stride is stated)."""
    own = [k for k in levels[0][1] if k.startswith("kind:")] if levels else []
    if len(own) == 1 and levels[0][0] == OWN_SENTENCE and own[0] != "kind:transposed":
        return own[0].split(":", 1)[1]  # "parameters of the convolution:" in a network
    first = next(
        (i for i, lv in enumerate(levels) if any(not k.startswith("kind:") for k in lv[1])), 0
    )
    for where, found in levels[first:]:
        kinds = [k.split(":", 1)[1] for k in found if k.startswith("kind:")]
        if "transposed" in kinds and "conv" in kinds and transposed:  # H^T_out: the name
            return "transposed"  # says which of the two
        if "transposed" in kinds and "conv" in kinds:  # both named: which one is a guess
            raise Unbound(f"{where} names a convolution and a transposed one")
        if "transposed" in kinds:
            return "transposed"
        if "dense" in kinds and "conv" not in kinds:
            return "dense"
        if "pool" in kinds and "conv" not in kinds:
            return "pool"
        if kinds == ["conv"] or set(kinds) == {"conv"}:
            return "conv"
        if side and set(kinds) == {"conv", "pool"} and _strided_before(levels, where):
            return "conv"
        if kinds:
            raise Unbound(f"{levels[0][0]} names layers of several kinds ({', '.join(kinds)})")
    return "conv"


def _strided_before(levels: list[tuple[str, Facts]], where: str) -> bool:
    """A stride is stated in a passage nearer than ``where``, and no dilation but 1."""
    names = [w for w, _ in levels]
    nearer = levels[: names.index(where)] if where in names else []
    undilated = all(v == 1 for _, found in levels for v in found.get("d", []))
    return undilated and any("s" in found for _, found in nearer)


def truth_of(
    quantity: Quantity,
    levels: list[tuple[str, Facts]],
    whole: Facts,
    document: str,
    sentence: str = "",
) -> tuple[Fraction, str]:
    """The quantity's value for the layer the passages state, and what it is."""
    kind = _kind(levels, quantity.transposed, quantity.what == OUTPUT)
    used: list[str] = []
    if quantity.what == FIELD:
        return _field(levels, whole, document, used, sentence)
    if quantity.what == PARAMS:
        if kind == "dense":
            n_in, n_out = (_get(levels, whole, document, k, used) for k in ("n_in", "n_out"))
            bias = _get(levels, whole, document, "bias", used)
            count = n_in * n_out + bias * n_out
            return Fraction(count), (
                f"a dense layer {n_in} -> {n_out} has {n_in}·{n_out} + {bias * n_out} = "
                f"{count} parameters ({', '.join(used)})"
            )
        if kind == "pool":
            return Fraction(0), "a pooling layer has no parameters"
        c_in = _get(levels, whole, document, "c_in", used)
        # one filter per channel, said nearer than any filter count: as many as channels
        depthwise = _nearer(levels, "per_channel", "c_out")
        if depthwise:
            c_out = c_in
            used.append(f"filters {c_in} (one per channel)")
            if _nearer(levels, "per_channel", "g"):  # groups said only further away
                groups = c_in
                used.append(f"groups {c_in} (one per channel)")
            else:
                groups = _get(levels, whole, document, "g", used)
        else:
            c_out = _get(levels, whole, document, "c_out", used)
            groups = _get(levels, whole, document, "g", used)
        k = _get(levels, whole, document, "k", used)
        bias = _get(levels, whole, document, "bias", used)
        if c_in % groups or c_out % groups:
            raise Unbound(f"{groups} groups do not divide {c_in} -> {c_out} channels")
        # a filter holds (c_in/g)·k^dims weights: k for Conv1d(4, 8, 3), k² for Conv2d
        dims = _get(levels, whole, document, "dims", used)
        count = c_out * (c_in // groups) * k**dims + bias * c_out
        shown = "x".join([str(k)] * dims)
        power = "" if dims == 1 else "²" if dims == 2 else f"^{dims}"
        seen = f"{c_in}/{groups}" if groups > 1 else f"{c_in}"
        return Fraction(count), (
            f"a convolution {c_in} -> {c_out} with a {shown} kernel has "
            f"{c_out}·{seen}·{k}{power} + {bias * c_out} = {count} parameters "
            f"({', '.join(used)})"
        )
    if kind == "dense":
        raise Unbound("the passage is about a dense layer, which has no output side")
    if quantity.transposed and kind != "transposed":
        raise Unbound(f"{quantity.written} marks a transposed layer, the passage's is a {kind}")
    if pads_explicitly(sentence):  # "F.pad(x, (1, 2, 1, 2)) followed by a valid
        # convolution": the layer's own padding is not the input's, and the call's is not read
        raise Unbound("the sentence pads the input with an explicit call (F.pad, ZeroPad2d)")
    axis = "in_w" if quantity.written[:1] in ("W", "w") else "in_h"  # W_out: the width
    size, k = _get(levels, whole, document, axis, used), _get(levels, whole, document, "k", used)
    if kind == "pool":
        _pool_own(levels, "k")
        _pool_own(levels, "s")
    _unless_length_for_map(levels, axis)
    width = _fact(levels, "in_w")
    if quantity.written[:1] not in ("H", "h", "W", "w") and width and width[0] != size:
        raise Unbound(f"the input is {size} x {width[0]} and the claim names no side")
    pooled = _fact(levels, "s") if kind == "pool" else None
    s = pooled[0] if pooled else k if kind == "pool" else _get(levels, whole, document, "s", used)
    if kind != "transposed" and _nearer(levels, "same", "p"):  # padding="same" (TF, Keras,
        out = -(-size // s)  # PyTorch at stride 1): the window is centred, ceil(H / S) fit
        used.append("'same' padding")
        return Fraction(out), (
            f"the output side under 'same' padding ({', '.join(used)}) is ceil(H/S) = {out}"
        )
    total = _padding_sum(levels, whole, document, axis, used)  # 2P, or p_t + p_b
    if total is None:
        p = _get(levels, whole, document, "p", used)
        total = 2 * p
    elif kind == "transposed":
        raise Unbound("a transposed convolution's padding per side is not read")
    else:
        p = Fraction(total, 2)  # only the sum enters the output side
    if kind == "transposed" and re.fullmatch(r"[HW]_[YZO]", quantity.written):
        raise Unbound(  # the cheat sheet's Y: the forward output, or the transposed one's?
            f"{quantity.written} names a tensor, and the passages speak of a transposed layer"
        )
    if kind == "transposed":
        extra = _get(levels, whole, document, "out_pad", used)
        d = _get(levels, whole, document, "d", used)  # the adjoint of a dilated window:
        out = (size - 1) * s - 2 * p + d * (k - 1) + 1 + extra  # it spans d(K - 1) + 1
        how = f"(H - 1)S - 2P + K = {out}" if d == 1 else f"(H - 1)S - 2P + d(K - 1) + 1 = {out}"
        what = "transposed convolution"
    else:
        # a pooling is undilated unless a passage states its dilation ("$D = 2$" beside
        # the pool's window: PyTorch's MaxPool2d(..., dilation=2) spans d(K - 1) + 1 too)
        dilated = kind != "pool" or _fact(levels, "d") is not None
        d = _get(levels, whole, document, "d", used) if dilated else 1
        span = d * (k - 1) + 1  # the rows a dilated window covers
        if size + total < span:
            raise Unbound(f"the window {span} is larger than the padded input {size + total}")
        out = (size + total - span) // s + 1
        pads = "2P" if total == 2 * p and not _sided(levels, axis) else "p_1 + p_2"
        how = f"floor((H + {pads} - d(K - 1) - 1)/S) + 1 = {out}"
        what = "pooling" if kind == "pool" else "convolution"
    return Fraction(out), f"the output side of the {what} ({', '.join(used)}) is {how}"


def _pool_own(levels: list[tuple[str, Facts]], key: str) -> None:
    """Unbound where a pooling's kernel or stride is read from a passage that names a
    convolution too: a code block with ``nn.Conv2d(1, 4, 3)`` and ``nn.MaxPool2d(2)``
    states the convolution's kernel 3 and stride 1 (its constructor's), which are not the
    pooling's window and step; which layer a lone value belongs to is a guess there."""
    found = _fact(levels, key)
    if found is None:
        return
    passage = dict(levels)[found[1]]
    if passage.get("kind:conv") or passage.get("kind:transposed"):
        raise Unbound(
            f"{found[1]} names a convolution beside the pooling: its {_NAMES[key]} "
            f"{found[0]} may be the convolution's"
        )


def _unless_length_for_map(levels: list[tuple[str, Facts]], axis: str) -> None:
    """Unbound where the input side read is a signal's length ("ein Signal der Länge N =
    12" at the top of the notes) and a nearer passage speaks of a square kernel (a "3 x 3"
    kernel, a 2-D layer): that part's map has sides of its own, which are not read (its
    output side computed from the signal's length would be another layer's)."""
    at = next((i for i, (_, found) in enumerate(levels) if found.get(axis)), None)
    if at is None or "length_1d" not in levels[at][1]:
        return
    square = next((where for where, found in levels[:at] if 2 in found.get("dims", [])), None)
    if square is not None:
        raise Unbound(
            f"the input side read is a signal's length ({levels[at][0]}), and {square} "
            "speaks of a 2-D kernel, whose map's sides are not read"
        )


def _nearer(levels: list[tuple[str, Facts]], key: str, other: str) -> bool:
    """``key`` is stated in a passage nearer the claim than any that states ``other``."""
    at = [i for i, (_, found) in enumerate(levels) if key in found]
    rival = [i for i, (_, found) in enumerate(levels) if other in found]
    return bool(at) and (not rival or at[0] < rival[0])  # the same passage: both stated


def _sided(levels: list[tuple[str, Facts]], axis: str) -> bool:
    return any(key in found for _, found in levels for key in AXIS_SIDES[axis])


def _padding_sum(levels, whole: Facts, document: str, axis: str, used: list[str]) -> int | None:
    """The rows (or columns) of padding on the two sides of the axis where the passages
    state them per side (side_padding.py); None where the nearest padding stated is one
    for every side, or none is stated and the notes state none per side."""
    sides = AXIS_SIDES[axis]
    for _, found in levels:
        if any(key in found for key in sides):
            break
        if "p" in found:
            return None
    else:
        if any(key in whole for key in sides):
            raise Unbound("its padding is not stated near the claim, and the notes pad per side")
        return None
    total = 0
    for key in sides:
        value = _fact(levels, key)
        if value is None:
            raise Unbound(f"its padding on the {key.removeprefix('p_')} is not stated")
        used.append(f"padding {value[0]} on the {key.removeprefix('p_')}")
        total += value[0]
    return total


_LAYERS = re.compile(
    r"\b(\d+|one|two|three|four|five|dos|tres|cuatro|cinco)\s+(?:stacked\s+)?"
    r"(?:\d+\s*x\s*\d+\s+)?(?:conv(?:olution(?:al)?)?\s+)?(?:layers|convs|capas|couches)\b",
    re.IGNORECASE,
)
_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "dos": 2, "tres": 3,
           "cuatro": 4, "cinco": 5}  # fmt: skip


def _field(
    levels, whole: Facts, document: str, used: list[str], sentence: str
) -> tuple[Fraction, str]:
    """The receptive field of n stacked K x K convolutions of stride 1: each adds K - 1
    rows to what one output entry sees (1 + n (K - 1))."""
    said = {int(w) if w.isdigit() else _COUNTS[w.lower()] for w in _LAYERS.findall(clean(sentence))}
    if len(said) != 1:
        raise Unbound("its sentence does not say how many layers are stacked")
    if (
        re.search(r"dilat", sentence, re.IGNORECASE)
        or _get(levels, whole, document, "d", used) != 1
    ):
        raise Unbound("dilated layers see more than 1 + n (K - 1)")
    n = said.pop()
    k = _get(levels, whole, document, "k", used)
    if _get(levels, whole, document, "s", used) != 1:
        raise Unbound("a stride other than 1 changes the receptive field")
    field = 1 + n * (k - 1)
    return Fraction(field), (
        f"{n} stacked {k}x{k} convolutions of stride 1 see 1 + {n}·({k} - 1) = {field} rows"
    )
