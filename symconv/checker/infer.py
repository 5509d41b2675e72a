"""Reading the layer from the notes themselves, section by section.

Notes already say what their layer is: "input x is 5x5, filter 3x3, stride 2, no bias",
"entrada de 4×4, filtro de 2×2 (índices desde 1)", a matrix written out, the largest
index used, a sum's lower bound, a shapes table.  Each such statement becomes a
:class:`Fact` with the line it came from; a section's settings are its facts, first
found first (prose and matrices before indices), and two facts that disagree are kept as
a conflict to report, never resolved by trying which one makes more equations pass.

A heading, a numbered section title or an "1D/2D example" line starts a new section; a
section whose equations have as many indices as the previous section's inherits what it
does not say itself, one that changes dimensionality starts afresh.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from symconv.checker.aside_facts import split_aside
from symconv.checker.axes import axis_facts
from symconv.checker.capital_counts import capital_count_facts
from symconv.checker.code_comments import code_comment_facts
from symconv.checker.code_functional import functional_facts
from symconv.checker.code_gradient import code_gradient_letters
from symconv.checker.code_layers import assigned_sizes, code_block_facts, input_shape_facts
from symconv.checker.code_names import code_document, code_named
from symconv.checker.code_shape_letters import code_letter_facts
from symconv.checker.code_shapes import CODE_SHAPES, code_shape_facts, restated_apart
from symconv.checker.code_values import code_array_facts
from symconv.checker.comparison_lists import SIZE_KEYS, comparison_items
from symconv.checker.counterfactual import supposes_other_layer
from symconv.checker.extract import is_directive
from symconv.checker.global_pool import global_pool_facts
from symconv.checker.gradient_names import refused, upstream_names
from symconv.checker.group_prose import group_facts, hide_weight_shape
from symconv.checker.group_prose import resolve as resolve_groups
from symconv.checker.group_prose import set_aside as set_aside_weight_channels
from symconv.checker.guessed_base import guess_after_zero
from symconv.checker.heading_kind import (
    CONVOLUTION_WORDS,
    HEADING_SETTINGS,
    MARKDOWN_HEADING,
    heading_kind,
    heading_pool_kind,
    inherited_kind_dropped,
    sibling_heading_fact,
)
from symconv.checker.inline_constructor import (
    aside_filter_count,
    inline_constructor_facts,
    inline_pool_facts,
    without_aside_counts,
)
from symconv.checker.kind_from_sizes import plain_by_sizes
from symconv.checker.latin_gradient import gradient_letter_names
from symconv.checker.layer_counts import sentence_around
from symconv.checker.letter_for_role import declared_letter_facts
from symconv.checker.letter_is_size import letter_size_facts_stated
from symconv.checker.letter_parameters import named_parameters
from symconv.checker.letter_sizes import LETTER_BINDING, letter_size_facts, without_conflicts
from symconv.checker.matrix_vector_layer import dense_from_shapes
from symconv.checker.mixed_kinds import without_mixed_settings
from symconv.checker.notation_options import NOTATIONS
from symconv.checker.numbered_steps import names_titled_step
from symconv.checker.own_layer import (
    kind_not_inherited,
    one_dimensional_transposed,
    states_vectors,
)
from symconv.checker.parameter_settings import named_parameter_facts
from symconv.checker.parts import (
    LOCAL_KEYS,
    is_lead_in,
    is_part,
    opens_post,
    part_inheritance,
    states_layer,
)
from symconv.checker.pool_prose import split_pool_kinds
from symconv.checker.pooled_letter import pooled_inputs
from symconv.checker.previous_error import marked_below
from symconv.checker.prose import POOL as POOL_WORDS
from symconv.checker.prose import is_what_if, prose_facts, without_what_ifs
from symconv.checker.prose_gradient import prose_gradient_letters
from symconv.checker.prose_padding import padding_phrases
from symconv.checker.quoted_formula import quoted_as_written
from symconv.checker.roles import roles_from_expansions, roles_read
from symconv.checker.scan_math import (
    SCATTER_NUMBERS_HOW,
    TUPLE_HOW,
    Block,
    batched_signals,
    channel_letters,
    math_facts,
    named_inputs_given,
)
from symconv.checker.sentence_config import names_a_shown_formula
from symconv.checker.shape_tuples import shape_tuple_facts
from symconv.checker.size_formula_layer import built_forward_before, passing_transposed
from symconv.checker.split import statements
from symconv.checker.stacked import stacked
from symconv.checker.stated_axes import by_stated_axes
from symconv.checker.stated_output import STATED_OUTPUT, implied_input
from symconv.checker.supposed_change import is_lone_setting
from symconv.checker.varied_layer import goes_on_from
from symconv.checker.weights_in_out import weights_in_by_out
from symconv.checker.wrapped_prose import wrapped_facts
from symconv.checker.zero_bias import example_only

_HEADING = re.compile(
    r"^\s*(#{1,6}\s|\\(?:sub)*section\*?\{|\d+(?:\.\d+)+\.?\s+[A-ZÁÉÍÓÚ]"
    r"|\d+\.\s+[A-ZÁÉÍÓÚ]"
    # an exam's or a homework's numbered question in bold ("**P4. Max pooling ...**",
    # "**Q2.**", "**Problem 3:**"): each question may pose its own layer
    r"|\*\*\s*(?:P|Q|Pregunta|Question|Problem|Problema|Ejercicio|Exercise)\s*\d+\s*[.:)]"
    # a bold numbered title of a worked board or handout: "**3) Max pooling 3x3, stride 1**"
    r"|\*\*\s*\d{1,2}\)\s+[^*\n]{2,80}\*\*"
    # (a forum answer's addendum, "edit 2: batches", is an item: parts.is_lead_in)
    # a bold run-in heading naming a new case: "**Channels and batch.** With a batch of ..."
    r"|\*\*(?:[Cc]hannels|[Cc]anales|[Ww]ith channels|[Cc]on lote|[Bb]atch)[^*]{0,30}[.:]\*\*"
    # a slide's numbered title in a transcript ("**Slide 4 — Backward through max pooling**",
    # "**Slajd 2 — ...**", "**Folie 3:**"): each slide is a unit of its own, as a heading
    # is, so a later slide's window or stride is not read back into an earlier slide's
    r"|(?:\*\*|__)\s*(?:Slides?|Slajd|Folie|Diapositiva|Diapo|L[áa]mina|Transparencia|Dia|"
    r"Slayt|Слайд|슬라이드|スライド|幻灯片)\s*\d{1,3}\b)"
)
_EXAMPLE = re.compile(
    r"\b[123]-?D\b.{0,20}\b(example|ejemplo)|\b(example|ejemplo)\b.{0,10}"
    r"\b[123]-?D\b",
    re.IGNORECASE,
)
# K_{\text{eff}}, K_{eff}: a word under the letter names a size, not an entry of a tensor
_NOT_WORD = r"(?!\s*\\(?:text|mathrm|rm)\b|\s*[A-Za-z]{2,}\s*\})"
MAX_DEFINITIONS = 20  # blocks with a sum parsed per section in search of a definition
POOLS = ("avgpool2d", "maxpool2d")


@dataclass(frozen=True)
class Fact:
    key: str  # a settings key (layer, input, kernel, ...) or "output"
    value: str
    line: int
    how: str  # where it came from: "prose", "matrix", "largest index", ...


@dataclass
class Reading:
    """What one section of the notes says about its layer."""

    line: int
    facts: list[Fact] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    dims: int | None = None
    inherited: bool = False
    # a convolution and the pooling after it, described together (checker/stacked.py)
    layers: list[Reading] = field(default_factory=list)
    letters: frozenset[str] = frozenset()  # the letters only this layer uses
    signals: bool = False  # x[n,c,t]: a batch of 1-D signals with channels (scan_math)
    # (kind, (H, W), channels, names, line) of a global pooling read (global_pool.py)
    global_pool: tuple | None = None
    # (key, value, line) of the case a heading beside this section states ("## With stride
    # 2" before "## Summary"): the section is read at the notes' own layer, but a claim
    # may restate the case's result (infer._after_sibling_case, runner's guard)
    beside_case: tuple[tuple[str, str, int], ...] = ()
    # (key, value, line) of an earlier case's dilation or output padding, or a constructor's,
    # not inherited by a section posing its own layer (_other_case_layer): a claim wrong
    # without it and right with it is not judged (runner._other_readings)
    set_aside: tuple[tuple[str, str, int], ...] = ()

    def first(self, key: str) -> Fact | None:
        return next((f for f in sorted(self.facts, key=strength) if f.key == key), None)

    def settings(self) -> dict[str, str]:
        found: dict[str, str] = {}
        # every source of names and size symbols counts, the first per letter
        merged: dict[str, dict[str, str]] = {"names": {}, "sizes": {}}
        for fact in sorted(self.facts, key=strength):
            if fact.key in merged:
                for pair in fact.value.split(","):
                    letter, _, role = pair.partition("=")
                    merged[fact.key].setdefault(letter, role)
            elif fact.key != "output" and fact.key not in found:
                found[fact.key] = fact.value
        # a name the section's notation already gives that letter says nothing new (g is G
        # in the subscript notation, not in the functional one: there it is kept)
        chosen = NOTATIONS.get(found.get("notation", "subscript"), NOTATIONS["subscript"])
        merged["names"] = _without_renamed_roles(merged["names"], chosen.letters)
        merged["names"] = {k: v for k, v in merged["names"].items() if chosen.letters.get(k) != v}
        merged["sizes"] = without_conflicts(merged["sizes"], self.facts, found)
        for key, pairs in merged.items():
            if pairs:
                found[key] = ",".join(f"{k}={v}" for k, v in pairs.items())
        return found


def _without_renamed_roles(names: dict[str, str], usual: dict[str, str]) -> dict[str, str]:
    """The notes' names less those that give a tensor's usual letter another tensor's role
    the notes also name by its own usual letter: "filtro $W^{(1)}$" and, later, "con el
    segundo filtro $z^{(2)}$ queda de 4x4" (z the output, the filter's result) name the
    kernel twice; W is the kernel by both the notes and the notation, so z keeps its usual
    meaning (the output) rather than turning every z of the notes into kernel entries."""
    return {
        letter: role
        for letter, role in names.items()
        if not (
            usual.get(letter) not in (None, role)
            and any(o != letter and r == role and usual.get(o) == role for o, r in names.items())
        )
    }


def strength(fact: Fact) -> int:
    """Stated beats seen: prose, a table or a matrix written out (0) before what the
    equations imply (1), and the largest index used, a lower bound on a size, last (2)."""
    if (
        fact.how
        in ("prose", "the shapes table names LeNet-5's layers", LETTER_BINDING, CODE_SHAPES)
        or "written out" in fact.how
        or " in R^" in fact.how
        or fact.how == STATED_OUTPUT
    ):  # x \in R^{5x5} states it
        return 0
    return 2 if "largest index" in fact.how else 1


# a Markdown "setext" heading: its title line underlined by ===== or ----- (a rule after a
# blank line is a thematic break, not an underline)
_UNDERLINE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")


def _setext(line: str, below: str) -> bool:
    return (
        bool(line.strip())
        and not line.lstrip().startswith(("|", "$", "-", "*", ">", "\\"))
        and len(below.strip()) >= 3
        and bool(_UNDERLINE.match(below))
    )


def _part(line: str) -> bool:
    """A lettered part or a titled paragraph, but not a numbered question in bold
    ("**Q2.** A convolutional layer takes ..."): a question is the stem of its parts."""
    return is_part(line) and not (is_lead_in(line) and bool(_HEADING.match(line)))


def _restates_layer(lines: list[str], number: int) -> bool:
    """Whether the paragraph after a post's label (line ``number``, 1-based) states an input
    and a kernel in words of its own ("A toy layer first: input of length 12, kernel 3"):
    such an answer works on its own layer; one that only discusses the question's goes on
    in the question's section."""
    said: set[str] = set()
    for row in lines[number - 1 : number + 8]:
        said |= {key for key, _, _ in prose_facts(row)}
        said |= {key for key, _, _ in letter_size_facts_stated(row)}
    return {"input", "kernel"} <= said


def sections(lines: list[str], skip: int) -> list[tuple[int, int]]:
    """(first, last) line numbers of each section, 1-based and inclusive."""
    starts = [skip + 1]
    in_code = False
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if number <= skip + 1 or in_code:
            continue
        if (
            _HEADING.match(line)
            or (len(line) < 60 and _EXAMPLE.search(line))
            or _part(line)
            or (opens_post(line) and _restates_layer(lines, number))
            or _setext(line, lines[number] if number < len(lines) else "")
        ):
            starts.append(number)
    ends = [s - 1 for s in starts[1:]] + [len(lines)]
    return list(zip(starts, ends, strict=True))


def infer(
    text: str, blocks: list[Block], tables: list[tuple[int, list[str]]], skip: int = 0
) -> list[Reading]:
    """One reading per section, in order (a section that says nothing repeats the last)."""
    lines = text.split("\n")
    named = named_parameters(text)  # the letters the notes name stride, padding, dilation
    readings: list[Reading] = []
    stem: Reading | None = None  # the question's own reading, before its lettered parts
    aside = False  # the last section was a titled item ("**Checkpoint A1.** With S = 2 ...")
    went_on: dict[int, Reading] = {}  # id of a reading -> the reading it went on from
    cuts: dict[int, int] = {}  # a reading begun by an input of other axes -> its axes
    parts = [
        piece
        for first, last in sections(lines, skip)
        for part in _by_dimension(first, last, blocks)
        for piece in by_stated_axes(*part, lines, blocks, cuts)  # a signal, then an image
    ]
    for first, last in parts:
        own = Reading(first)
        in_code = False
        code_start = first
        for number in range(first, last + 1):
            line = lines[number - 1]
            if line.lstrip().startswith(("```", "~~~")):
                in_code = not in_code
                if in_code:
                    code_start = number
                else:  # a code block that builds one convolution states its layer
                    block = "\n".join(lines[code_start : number - 1])
                    own.facts.extend(
                        Fact(key, value, code_start + 1, how)
                        for key, value, how in [
                            *code_block_facts(block),
                            *functional_facts(block),  # y = F.conv2d(x, w, stride=2)
                            *code_comment_facts(block),  # "# x: (N, C, H, W) = (4, 3, 8, 8)"
                            *code_letter_facts(block),  # "x = randn(2, 3, 5, 5)  # N, C, H, W"
                            *code_array_facts(block),  # "X = np.array([[2, 1, 0], ...])"
                        ]
                    )
                continue
            if not in_code and not is_directive(line) and not names_a_shown_formula(line):
                # (a directive is not prose; "que es la fórmula de paso 1" names a mistake's case)
                before = lines[number - 2] if number > first else ""
                after = lines[number] if number < last else ""
                sized = hide_weight_shape(line)  # "4 x 2 x 3 x 3": read whole (group_prose)
                own.facts.extend(
                    Fact(key, value, number, how)
                    for key, value, how in [
                        *prose_facts(sized, before, after),
                        *wrapped_facts(sized, after, prose_facts),  # "a stride\nof 2"
                        *input_shape_facts(line),
                        *assigned_sizes(line),
                        *padding_phrases(line),
                        *group_facts(without_what_ifs(line)),
                        *letter_size_facts(line),
                        *letter_size_facts_stated(line),  # "$X$ is $4 \times 4$"
                        *named_parameter_facts(line, named),  # "stride $T$" ... "$T = 2$"
                        *declared_letter_facts(line),  # "$k_{f,c,u,v}$ for the kernel"
                        *(heading_kind(line) if number == first else []),
                        *(heading_pool_kind(line) if number == first else []),
                    ]
                )
        # "in general the transposed convolution returns a map of side ...": a remark in
        # notes about a forward layer, not this section's layer (size_formula_layer.py)
        own.facts = [
            f
            for f in own.facts
            if not (
                f.key == "layer"
                and f.value.startswith("conv_transpose")
                and f.how == "prose"
                and first < f.line <= len(lines)
                and (
                    passing_transposed(text, lines[f.line - 1])
                    or built_forward_before(lines, first, f.line)
                )
            )
        ]
        # "поэтому шаг 5 можно засчитывать" below "*Шаг 5.*": the solution's step 5 again,
        # no stride 5 (numbered_steps.py)
        own.facts = [
            f
            for f in own.facts
            if not (
                f.key == "stride" and f.how == "prose" and names_titled_step(lines, f.line, f.value)
            )
        ]
        # "Max pooling 2x2 stride 2 ... Up-conv (transposed conv) 2x2 stride 2": one line, two
        # kinds of layer, whose settings no reading assigns to one (mixed_kinds.py)
        own.facts = without_mixed_settings(own.facts)
        own.facts.extend(_axes(own, lines, first, last))
        inline = inline_constructor_facts(
            lines[first - 1 : last], first, without_what_ifs, _states_input
        )
        # "Q: `ConvTranspose2d(1, 1, kernel_size=3, stride=2)` on ..."
        own.facts.extend(Fact(key, value, at, how) for key, value, how, at in inline)
        # "The layer is `nn.AvgPool2d(2)`": the section's pooling, its window and stride --
        # where the section states no layer kind otherwise ("a convolution ..., then
        # `nn.MaxPool2d(2)`": the pooling is the step after the section's layer) and the
        # notes so far name no pooling in words (read as they stand, by prose.py)
        if (
            not any(f.key == "layer" for f in own.facts)
            and not CONVOLUTION_WORDS.search("\n".join(lines[first - 1 : last]))
            and not POOL_WORDS.search("\n".join(lines[:last]))
        ):
            own.facts.extend(
                Fact(key, value, at, how)
                for key, value, how, at in inline_pool_facts(
                    lines[first - 1 : last], first, without_what_ifs, _states_input
                )
            )
        # "For `nn.Conv2d(3, 16, 3)` each of the 16 filters has 27 weights": the count is
        # that constructor's layer's, named for its parameters, not the section's
        own.facts = without_aside_counts(
            own.facts, lines[first - 1 : last], first, {at for *_, at in inline}
        )
        own.facts.extend(  # "input `x` of shape (N, C, H, W)" ... "N = 2, C = 3, H = W = 5"
            Fact(key, value, at, "prose")
            for key, value, at in shape_tuple_facts(lines[first - 1 : last], first)
        )
        own.facts.extend(  # "filters $W_{fcuv}$ with $F = 4$": f's capital counts the filters
            Fact(key, value, at, "prose")
            for key, value, at in capital_count_facts(lines[first - 1 : last], first)
        )
        own.facts.extend(  # "`X` is `(2, 3, 5, 5)` (N, C, H, W), `W` is `(4, 3, 3, 3)`"
            Fact(key, value, at, CODE_SHAPES)
            for key, value, at in code_shape_facts(lines[first - 1 : last], first)
        )
        mine = [b for b in blocks if first <= b.line <= last]
        # a formula quoted as someone's ("Dice $...$") says nothing of the layer
        own.dims, seen = math_facts(
            [
                b
                for b in mine
                if not quoted_as_written(b, lines) and not _supposed_setting(b, lines)
            ],
            channel_letters("\n".join(lines[first - 1 : last])),
        )
        own.facts.extend(Fact(*fact) for fact in seen)
        own_dims = own.dims  # what its own equations' indices say (None: nothing)
        own.facts.extend(  # "$C = 2$ channels, a 2x2 kernel, i.e. `nn.Conv2d(2, 3, 2)`"
            Fact(key, value, at, how)
            for key, value, how, at in aside_filter_count(
                lines[first - 1 : last], first, without_what_ifs, _own_values(own)
            )
        )
        own.facts.extend(_names(code_named(mine, text), text))  # `dout`: G (code_names.py)
        # Z = \sum Y_{i,j} W_{m-2i,n-2j} then Y = [[...]]: the input the definition names
        own.facts.extend(Fact(*f) for f in named_inputs_given(mine, _defined_inputs(own, first)))
        own.facts.extend(
            Fact("names", f"{greek}=G", at, "the notes define it as the loss's gradient")
            for greek, at in upstream_names(mine, lines[first - 1 : last], first, text)
        )
        own.facts.extend(  # g_{i,j} = \partial L / \partial p_{i,j}: g is G, p the output
            Fact("names", value, at, "the notes define it as the loss's gradient")
            for value, at in gradient_letter_names(mine, text)
        )
        own.facts.extend(  # "2x2 max pooling, stride 2, of $A = ...$": A is the input
            Fact(key, value, at, "the pooled map written out" if key == "input" else "prose")
            for key, value, at in pooled_inputs(lines, first, last)
        )
        own.facts.extend(  # "`g` is the upstream gradient `dL/dy`"
            Fact("names", value, at, "the notes' words name it the loss's gradient")
            for value, at in prose_gradient_letters(lines[first - 1 : last], first)
        )
        own.facts.extend(  # (y * g).sum().backward(): the code makes g dL/dy
            Fact("names", value, at, "the notes' code backpropagates it as the loss's gradient")
            for value, at in code_gradient_letters(lines[first - 1 : last], first)
        )
        # "(stride 2, $n = 7$, $k = 3$)" under notes that named n and k sizes earlier on
        own.facts.extend(_size_values(own.facts, mine, readings[-1].facts if readings else []))
        set_aside_weight_channels(own)  # "C x 1 x 3 x 3": C_in/g, not C_in (group_prose.py)
        stated = own.first("input") or own.first("kernel")  # "W_{f,c} núcleo 2x2": a map
        if own.dims == 1 and stated is not None and "x" in stated.value and strength(stated) == 0:
            own.dims = 2  # "2 canales de 4x4": a_{n} and W_{f,c} name maps, not entries
        if own.dims is None and first in cuts:  # "So in 2-D, for a 5x5 input": no entries
            own.dims = cuts[first]
        _network_from_table([t for t in tables if first <= t[0] <= last], own)
        previous = readings[-1] if readings else None
        if first in cuts and previous is not None and previous.dims != own.dims:
            # "Say x \in R^7, same w" after a 2-D aside: back to the signal's own layer
            previous = next((r for r in reversed(readings) if _axes_of(r) == own.dims), previous)
        if previous is not None:  # "## Stride 2 (input 5x5 ...)" after a 3x3 example
            previous = goes_on_from(own, previous, went_on.get(id(previous)), strength)
            previous, case = _after_sibling_case(previous, went_on.get(id(previous)), lines, first)
        before = previous
        if previous is not None:  # "- pointwise 1x1 from 4 to 8 channels: ...": not this layer
            others = comparison_items(own.facts, lines, previous.facts)
            own.facts = [f for f in own.facts if f.line not in others or f.key not in SIZE_KEYS]
        if previous is not None and _other_family(own, previous):
            previous = _without_geometry(previous)  # a pooling after a dense layer: not its sizes
        elif previous is not None and _family(own) == "pool" and _family(previous) is None:
            previous = _without_padding(previous)  # "conv layer ... padding 1", then a pool
        if previous is not None:  # "X[1,2]" alone after sections that index from 0
            own.facts = guess_after_zero(own.facts, previous.facts)
        own.signals = own.dims == 1 and batched_signals(mine)
        # (a titled item goes on from what comes before it whatever its entries' indices:
        # "**B.4 Several channels.** ... w_{o,c,k}" is still the appendix's 1-D layer)
        titled = is_lead_in(lines[first - 1])
        if (
            previous is not None
            and (own.dims is None or previous.dims in (None, own.dims) or titled)
            and (own.signals or not previous.signals)
        ):  # x[t] after x[n,c,t]: one signal, not the batch's channels
            # what it does not say itself, and stated sizes over its own largest indices;
            # a lettered part takes the layer from the question, not from another part
            earlier = previous.facts
            varied = False  # a part's own statements of its layer's shape win over the stem's
            if (
                _part(lines[first - 1])
                and stem is not None
                and (states_layer(stem.facts) or not is_lead_in(lines[first - 1]))
            ):
                # the question's words come first, as in one section ("mix 0-based and
                # 1-based" in a part's prose does not undo "everything is 1-based")
                # (a pooling part of a convolution's question: not the convolution's sizes)
                asked = _as_asked(own, stem)
                ahead, earlier = part_inheritance(previous.facts, asked.facts)
                own.facts[:0] = _not_siblings(ahead, lines, first)
                varied = True
            elif (
                aside
                and stem is not None
                and states_layer(stem.facts)
                and not _part(lines[first - 1])
            ):
                # a section after a titled item goes on from the question's layer, not
                # from the item's own variation of it
                ahead, earlier = part_inheritance(previous.facts, stem.facts)
                own.facts[:0] = _not_siblings(ahead, lines, first)
            # a size known from largest indices on both sides is at least the larger
            own.facts[:0] = [f for f in earlier if _larger_bound(f, own.first(f.key))]
            # (every groups statement comes, a title's "depthwise" and the example's
            # groups=2, for resolve_groups to choose among; of other keys the first)
            # "- no padding, stride 1: $H_{out} = H - R$": the item's own case, not the
            # section's layer, so the stride and padding the section inherits stand
            own.facts = [
                f
                for f in own.facts
                if not (_item_case(f, lines) and any(e.key == f.key for e in earlier))
            ]
            said = {f.key: own.first(f.key) for f in earlier}
            sizes_stated = _stated(own, "input") and _stated(own, "output")
            posed_anew = _own_question_layer(own, lines[first - 1 : last])
            own_facts = list(own.facts)  # "w \in R^3" after a pooling card: not a pooling
            replaced = _constructor_replaced(own, earlier, lines)
            # a convolution's bias (its kind said or not) says nothing of a dense layer's
            other_family = _family(own) == "dense" and _family(previous) != "dense"
            own.facts.extend(
                f
                for f in earlier
                if (
                    (said[f.key] if f.key == "groups" else own.first(f.key)) is None
                    # kept behind the example's own tuple: a later section reads it again
                    or TUPLE_HOW in getattr(own.first(f.key), "how", "")
                    or f.key in ("names", "sizes")
                    or (
                        strength(f) < strength(own.first(f.key))
                        and not (varied and _stated(own, f.key))
                        and not _set_by_letter(own.first(f.key))
                    )
                )
                and not _item_case(f, lines)  # an item's case is that item's alone
                and not inherited_kind_dropped(f.key, f.value, lines[first - 1])
                and not sibling_heading_fact(f.key, f.line, lines, first)
                and not kind_not_inherited(f, own_facts, first, last, POOLS, tuple(earlier))
                and not (f.key == "bias" and other_family)
                and not restated_apart(f, own_facts)  # "Minimal case: ..., kernel 2x2, stride 2"
                and not example_only(f.key, f.value, lines[f.line - 1] if f.line > 0 else "")
                # "## Tiny example: x = (1, 2, 3, 4)": its own, unless the section's only
                # word on that size is its largest index, which the tuple's length covers
                and (TUPLE_HOW not in f.how or _tuple_covers(f, own.first(f.key)))
                # "input of length 6, output of length 4": the section's own sizes settle
                # its stride and padding; an earlier question's are not this layer's
                and not (f.key in _GEOMETRY_SETTLED and sizes_stated)
                # "X \in R^{4x4}, K \in R^{2x2}": the section states its tensors without a
                # channel axis, so an earlier exercise's channels are not this layer's
                and not (f.key in ("in-channels", "out-channels") and _no_channel_axis(own))
                # "**Q2.** ... X of size 5x5, K of size 2x2": a numbered question stating its
                # own input and kernel poses its own layer; question 1's channels, stride and
                # padding are not it (unstated, they are the defaults of a layer posed anew)
                and not (
                    f.key in ("in-channels", "out-channels", *_CONSTRUCTOR_OPTIONS)
                    and 0 < f.line < first
                    and posed_anew
                )
                # a constructor states its whole layer (its options' defaults included):
                # a later section stating another input or kernel poses another layer,
                # not that constructor's dilation, output padding or channels
                and not (
                    f.key in (*_CONSTRUCTOR_OPTIONS, "in-channels", "out-channels")
                    and f.line > 0
                    and _ANY_LAYER_CALL.search(lines[f.line - 1]) is not None
                    and _other_constructor_layer(own, lines[f.line - 1])
                )
                # "With dilation 2, ..., a 7x7 input gives ...": that case's option, not
                # the layer of a section stating another input and its kernel itself
                and not _of_other_case(f, own, lines, first)
                # ("`nn.Conv2d(3, 768, 16, stride=16)` on a 224 x 224 image", then a small
                # example with its own 2x2 kernel: the image is that constructor's input)
                and not (f.key in _CONSTRUCTED and replaced)
            )
            own.dims = (previous.dims if titled else None) or own.dims or previous.dims
            if own_dims in (None, 1) and states_vectors(own.facts, first, last):
                own.dims = 1  # x \in R^8, w \in R^3: a 1-D layer whatever came before
            own.inherited = True
            own.set_aside = tuple(
                (f.key, f.value, f.line)
                for f in earlier
                if own.first(f.key) is None
                and (
                    _of_other_case(f, own, lines, first)
                    or (
                        f.key in _CASE_OPTIONS
                        and 0 < f.line < first
                        and _ANY_LAYER_CALL.search(lines[f.line - 1]) is not None
                        and _other_constructor_layer(own, lines[f.line - 1])
                    )
                )
            )
            # the case's settings the section does not state itself
            own.beside_case = tuple(c for c in case if not any(f.key == c[0] for f in own_facts))
        elif previous is not None and own.first("index-base") is None:
            # "los índices empiezan en 1" holds for the whole notes, whatever a later
            # section's dimension: an index base is a convention, not a layer's size
            base = previous.first("index-base")
            if base is not None and strength(base) == 0:
                own.facts.append(base)
        if own_dims in (None, 1):  # x_i, w_u under "a transposed convolution": its 1-D kind
            one_dimensional_transposed(own.facts, own.dims, lines)
        plain_by_sizes(own, Fact)  # "a 4x4 input, a 3x3 kernel ... the output is 2x2"
        # "Global average pooling": one window; "C = 2 canali di lato H = W = 3 ... GAP"
        global_pool_facts(own, lines, first, Fact, last, readings[-1] if readings else None)
        # "Bonus: with 8 channels, ...": two layers; so is "Average pooling over the same
        # windows" after a max pooling's claims
        for part in split_aside(own, mine, previous):
            for reading in split_pool_kinds(part):
                readings.append(reading)
                if before is not None and reading.inherited:
                    went_on[id(reading)] = before
        # a titled paragraph that states the layer where the question's own text states
        # none ("**The question.** A 5x5 input, a 3x3 kernel, stride 2 ..." under a bare
        # title) is the stem its lettered parts take the layer from, not an aside
        stating = (
            is_lead_in(lines[first - 1])
            and _STATEMENT_TITLE.match(lines[first - 1]) is not None
            and states_layer(readings[-1].facts)
            and (stem is None or not states_layer(stem.facts))
        )
        if not _part(lines[first - 1]) or stating:
            stem = readings[-1]
        aside = _part(lines[first - 1]) and is_lead_in(lines[first - 1]) and not stating
    _whole_document(readings)
    # Z = XW + b: the notes' W is in x out, so their W \in R^{a x b} states b outputs
    # $\text{out} = XW + b$ of a README in code names: the forward pass Z = XW + b
    done = functools.partial(finish, in_by_out=weights_in_by_out(code_document(text)))
    for reading in readings:
        layers = stacked(reading, lines, Fact, done)
        for layer in layers[1:]:
            done(layer)
        done(reading)
        reading.layers = layers
    return readings


# the title of a question's statement: "**The question.**", "**Enunciado:**", "**Setup.**"
_STATEMENT_TITLE = re.compile(
    r"^\s*(?:\*\*|__)\s*(?:the\s+)?(?:question|problem|statement|setup|set-up|setting|given|"
    r"task|enunciado|planteamiento|consigna|aufgabenstellung|angabe|énoncé|enonce|testo|"
    r"traccia)\b",
    re.IGNORECASE,
)
_GEOMETRY_SETTLED = ("stride", "padding", "dilation")
_REFERS_BACK = re.compile(
    r"\b(?:same|as (?:in|before|above)|previous|earlier|again|mism[oa]s?|igual(?:es)? que|"
    r"anterior(?:es)?|m[êe]mes?|pr[ée]c[ée]dente?s?|gleiche[nmrs]?|selbe[nmrs]?|wie in|"
    r"vorherige[nmrs]?|stess[oaie]|precedente|mesm[oa]s?|de novo|otra vez|encore)\b",
    re.IGNORECASE,
)
_NUMBERED_QUESTION = re.compile(
    r"^\s*(?:#+\s*)?(?:\*\*|__)?\s*(?:(?:Q|Question|Pregunta|Problem|Problema|Ejercicio|"
    r"Exercice|Esercizio|Exercise|Aufgabe|Frage|Questão|Exercício|Domanda|Opgave)\s*\.?\s*"
    r"\d+|\d+[.)](?!\d))",
    re.IGNORECASE,
)
_CONSTRUCTOR_OPTIONS = ("stride", "padding", "dilation", "output-padding", "groups")
_ANY_LAYER_CALL = re.compile(r"`[^`]*\b(?:Conv(?:Transpose)?[123]d|\w*Pool[123]d)\s*\([^`]*`")
_GEOMETRY = ("input", "kernel", "stride", "padding", "in-features", "out-features")


# a list item that is a case and its formula only: "- no padding, stride 1: $H - K + 1$"
_ITEM_CASE = re.compile(
    r"^\s*(?:[-*+]|\d{1,2}[.)])\s+[^:$`|]{2,80}:\s*\$[^$]+\$\s*[.,;]?\s*$"
    # a table row whose label cell states the case of the formula in the next cell ("|
    # weights, stride 2 | $\frac{\partial L}{\partial W} = ...$ |"): that row's alone
    r"|^\s*\|[^|$`]{2,80}\|\s*\$[^$]+\$\s*\|\s*$"
)


def _item_case(fact: Fact, lines: list[str]) -> bool:
    """Whether ``fact`` (a stride, padding or dilation) is read from the case a list item
    states for its own formula alone ("- no padding, stride 1: $H_{out} = H - R$"): the
    item's case, which the formula's reader takes from its lead-in, not the section's layer
    (the running example's stride 2 still holds for the items after it)."""
    return (
        fact.key in _GEOMETRY_SETTLED
        and 0 < fact.line <= len(lines)
        and _ITEM_CASE.match(lines[fact.line - 1]) is not None
    )


def _axes_of(reading: Reading) -> int | None:
    """A reading's number of axes: its entries', else its stated input's ("a 4x4 input" in
    a question with no equation of its own)."""
    stated = reading.first("input")
    if reading.dims is not None or stated is None or strength(stated) != 0:
        return reading.dims
    return stated.value.count("x") + 1


def _no_channel_axis(own: Reading) -> bool:
    """Whether the section states its input as a bare matrix (``X \\in R^{4x4}``, a
    membership with two axes and no other channel fact)."""
    return any(
        f.key == "input" and " in R^(" in f.how and f.value.count("x") == 1 for f in own.facts
    ) and not any(f.key in ("in-channels", "out-channels") for f in own.facts)


def _not_siblings(facts: list[Fact], lines: list[str], first: int) -> list[Fact]:
    """The facts less those an earlier item of the same labelled list states for itself
    ("**E7 ... (stride 2)**" is not "**E8 ...**"'s stride: heading_kind.sibling_heading_fact)."""
    return [f for f in facts if not sibling_heading_fact(f.key, f.line, lines, first)]


def _own_question_layer(own: Reading, section: list[str]) -> bool:
    """Whether a section begun by a numbered question ("**Q2.**", "Aufgabe 3", "2.") -- not
    a lettered part, which goes on from its stem -- states its own input and kernel and does
    not refer back to another question ("same stride as in Question 1", "wie in Aufgabe 1")."""
    numbered = bool(section) and _NUMBERED_QUESTION.match(section[0]) is not None
    return (
        numbered
        and _stated(own, "input")
        and _stated(own, "kernel")
        and _REFERS_BACK.search("\n".join(section)) is None
    )


def _family(reading: Reading) -> str | None:
    """The kind of layer a section states: dense, pool or convolution (None: not said)."""
    kind = reading.first("layer")
    if kind is None:
        return None
    return "pool" if kind.value in POOLS else "dense" if kind.value == "dense" else "conv"


def _other_family(own: Reading, previous: Reading) -> bool:
    kinds = (_family(own), _family(previous))
    return None not in kinds and kinds[0] != kinds[1]


def _set_by_letter(fact: Fact | None) -> bool:
    """``$s = 1$``, ``$p = 0$`` alone in a span of the section's own ("For $s = 1$, $p =
    0$, show ..."): the section sets its stride or padding, whatever an earlier
    exercise's prose said (scan_math reads these as equations, not prose)."""
    return fact is not None and re.fullmatch(r"[Sp] = \d+", fact.how) is not None


_CONSTRUCTED = (*_CONSTRUCTOR_OPTIONS, "in-channels", "out-channels", "input", "output")


def _own_values(own: Reading) -> dict[str, str]:
    """The first value of each fact the section states (its own, not inherited)."""
    stated: dict[str, str] = {}
    for fact in own.facts:
        stated.setdefault(fact.key, fact.value)
    return stated


def _constructor_replaced(own: Reading, earlier: list[Fact], lines: list[str]) -> bool:
    """Whether the earlier sections take a fact from a constructor (``nn.Conv2d(3, 768,
    kernel_size=16, stride=16)``) and this section states a kernel of its own that differs:
    the section poses another layer, and none of that constructor's sizes (its input, its
    options, its channels) are this one's."""
    mine = own.first("kernel")
    if mine is None or not _stated(own, "kernel"):
        return False
    for fact in earlier:  # a fact read off a constructor's line: that constructor's kernel
        call = _ANY_LAYER_CALL.search(lines[fact.line - 1]) if 0 < fact.line <= len(lines) else None
        if call is not None:
            built = dict((k, v) for k, v, _ in code_block_facts(call.group(0).strip("`")))
            if built.get("kernel") not in (None, mine.value):
                return True
    return False


def _other_constructor_layer(own: Reading, line_text: str) -> bool:
    """Whether the section states its own input and kernel and its kernel -- or a stride or
    padding it states itself -- differs from the one the constructor in ``line_text`` (an
    earlier section's line) builds: "`ConvTranspose2d(16, 8, 3, stride=2, padding=1,
    output_padding=1)`", then "stride 2, no padding" over a 2x2 input written out is another
    layer, whose output padding is its own default."""
    if not (_stated(own, "kernel") and _stated(own, "input")):
        return False
    call = _ANY_LAYER_CALL.search(line_text)
    built = dict((key, value) for key, value, _ in code_block_facts(call.group(0).strip("`")))
    mine = own.first("kernel")
    if "kernel" in built and mine is not None and mine.value != built["kernel"]:
        return True
    return any(
        key in built and _stated(own, key) and own.first(key).value != built[key]
        for key in ("stride", "padding")
    )


_CASE_OPTIONS = ("dilation", "output-padding", "groups")


def _of_other_case(fact: Fact, own: Reading, lines: list[str], first: int) -> bool:
    """Whether ``fact``, an earlier line's dilation, output padding or groups, is a case's
    of its own (no constructor on its line) that the section does not go on with."""
    return (
        fact.key in _CASE_OPTIONS
        and 0 < fact.line < first
        and _ANY_LAYER_CALL.search(lines[fact.line - 1]) is None
        and _other_case_layer(own, lines[fact.line - 1])
    )


def _other_case_layer(own: Reading, line_text: str) -> bool:
    """Whether ``line_text`` (an earlier section's line, no constructor on it) states a
    whole case of its own -- an input, and a stride or padding -- ("With `dilation=2`,
    kernel 3, stride 2 and no padding, a 7 x 7 input gives ..."), and the section restates
    the geometry itself: its own input, of another size, its own kernel, and a stride or
    padding ("Stride 2, no padding" over a 2x2 input and a 3x3 kernel written out).  The
    case's dilation or output padding is then that case's, not the layer the section poses
    (a section that states no stride or padding of its own goes on with the earlier ones)."""
    if not (_stated(own, "kernel") and _stated(own, "input")):
        return False
    if not (_stated(own, "stride") or _stated(own, "padding")):
        return False
    mine = own.first("input")
    said = prose_facts(line_text)
    theirs = [value for key, value, _ in said if key == "input"]
    geometry = any(key in ("stride", "padding") for key, _, _ in said)
    return mine is not None and geometry and bool(theirs) and all(v != mine.value for v in theirs)


def _stated(reading: Reading, key: str) -> bool:
    """Whether the section states ``key`` itself: in words or an equation, not only as the
    largest index it uses (a lower bound the stem's statement overrides)."""
    return any(f.key == key and strength(f) < 2 for f in reading.facts)


def _tuple_covers(given: Fact, own: Fact | None) -> bool:
    """Whether an earlier section's signal or kernel written as numbers (``x = (1, 3, -2, 0,
    2, 1, -1)``, ``w = (2, -1, 1)``) still sizes a section whose own size is only read off
    its largest index (``\\partial L/\\partial x_4``: at least 5): the same x, its 7 entries,
    when the section gives no other numbers for it and every index it writes fits them."""
    if own is None or given.key not in ("input", "kernel") or strength(own) != 2:
        return False
    mine, theirs = own.value.split("x"), given.value.split("x")
    if len(mine) != len(theirs) or not all(v.isdigit() for v in mine + theirs):
        return False
    return all(int(a) >= int(b) for a, b in zip(theirs, mine, strict=True))


def _larger_bound(inherited: Fact, own: Fact | None) -> bool:
    """Whether both facts are sizes read off largest indices (lower bounds: x_8 above,
    x_6 here) and the inherited one is the larger, so the section's size is at least it."""
    if own is None or inherited.key not in ("input", "kernel", "output"):
        return False
    if strength(inherited) != 2 or strength(own) != 2:
        return False
    mine, theirs = own.value.split("x"), inherited.value.split("x")
    if len(mine) != len(theirs) or not all(v.isdigit() for v in mine + theirs):
        return False
    return all(int(a) >= int(b) for a, b in zip(theirs, mine, strict=True)) and theirs != mine


def _as_asked(part: Reading, stem: Reading) -> Reading:
    """The stem as a part takes it: whole, or without its sizes when the part poses a layer
    of another family.  A part that turns to another dimension ("easiest in 1-D" in a 2-D
    question) keeps the question's layer, and its own sizes are set aside: they are the
    other dimension's example's, and its claims are not read against them."""
    if _other_dimension(part, stem):
        part.facts = [f for f in part.facts if f.key not in LOCAL_KEYS]
        return stem
    return _without_geometry(stem) if _another_layer(part, stem) else stem


def _other_dimension(part: Reading, stem: Reading) -> bool:
    kind = stem.first("layer")
    named = kind.value[-2:] if kind is not None else ""
    dims = stem.dims or {"1d": 1, "2d": 2}.get(named)
    return bool(part.dims and dims and part.dims != dims)


def _another_layer(part: Reading, stem: Reading) -> bool:
    """Whether a part poses a layer of another family than its question's: a pooling part
    of a question whose filter has a size (a convolution's, its kind said or not)."""
    if _other_family(part, stem):
        return True
    return _family(part) == "pool" and _family(stem) is None and stem.first("kernel") is not None


def _after_sibling_case(
    previous: Reading, varied: Reading | None, lines: list[str], first: int
) -> tuple[Reading, tuple[tuple[str, str, int], ...]]:
    """``previous``, or, where ``previous`` is a section whose heading states a case of the
    layer ("## With stride 2", "## ストライド 2 の場合") and the section at ``first`` stands
    beside it (a heading of the same or a higher level: "## Summary"), ``previous`` with
    the settings that heading names taken from ``varied``, the layer the case varied.

    The heading's own words are its sections' alone (heading_kind.sibling_heading_fact);
    so is its body's restatement of the same setting ("If the stride is 2 instead, ..."):
    the case is the heading's, and the section beside it goes back to the layer the notes
    state for everything else (a summary table of the stride-1 results after it is no
    stride-2 claim).  The case's settings are returned beside it: a claim there may still
    restate the case's own result (a recap of the stride-2 form), which the runner weighs."""
    if varied is None or varied is previous or not 1 <= previous.line < first:
        return previous, ()
    heading, own = (
        MARKDOWN_HEADING.match(lines[previous.line - 1]),
        MARKDOWN_HEADING.match(lines[first - 1]),
    )
    if heading is None or own is None or len(own.group(1)) > len(heading.group(1)):
        return previous, ()  # "### Forward" under "## Stride 2" is still that case
    stated = [f for f in previous.facts if f.key in HEADING_SETTINGS and f.line == previous.line]
    keys = {f.key for f in stated}
    if not keys:
        return previous, ()
    kept = [f for f in previous.facts if f.key not in keys]
    kept += [f for f in varied.facts if f.key in keys]
    case = tuple(dict.fromkeys((f.key, f.value, f.line) for f in stated))
    return (
        Reading(previous.line, kept, [], previous.dims, previous.inherited, [], previous.letters),
        case,
    )


def _without_padding(reading: Reading) -> Reading:
    """The reading without its padding: a pooling named after a section whose kind no word
    names (a convolution's question, "padding 1") pads nothing of its own unless it says so
    (a pooling's own geometry, its window and stride, may be the section's before it)."""
    kept = [f for f in reading.facts if f.key != "padding"]
    return Reading(reading.line, kept, [], reading.dims, reading.inherited, [], reading.letters)


def _without_geometry(reading: Reading) -> Reading:
    kept = [
        f
        for f in reading.facts
        if f.key not in _GEOMETRY
        # a b seen in that layer's formula is its bias, not the next layer's
        and not (f.key == "bias" and f.how.startswith("a bias symbol"))
    ]
    return Reading(reading.line, kept, [], reading.dims, reading.inherited, [], reading.letters)


def _by_dimension(first: int, last: int, blocks: list[Block]) -> list[tuple[int, int]]:
    """A section whose equations change from 1-D to 2-D (or back) for two blocks or more
    is two readings; the prose between belongs to the second ("now in two dimensions")."""
    runs: list[list[tuple[int, int]]] = []  # [(line, dims), ...] per run
    for block in blocks:
        if not first <= block.line <= last:
            continue
        found, _ = math_facts([block])
        if found is None:
            continue
        # x[n,c,t] and x[t]: both 1-D, but a batch with channels is another layer
        dims = 3 if found == 1 and batched_signals([block]) else found
        if runs and runs[-1][-1][1] == dims:
            runs[-1].append((block.line, dims))
        else:
            runs.append([(block.line, dims)])
    merged: list[list[tuple[int, int]]] = []
    for run in runs:  # a lone equation of the other kind does not start a new reading
        if merged and (len(run) < 2 or run[0][1] == merged[-1][0][1]):
            merged[-1].extend(run)
        else:
            merged.append(run)
    cuts = [previous[-1][0] + 1 for previous in merged[:-1]]
    starts = [first, *cuts]
    ends = [c - 1 for c in cuts] + [last]
    return list(zip(starts, ends, strict=True))


def _whole_document(readings: list[Reading]) -> None:
    """A network's shapes table is about the whole document; so is the notation where a
    section's own equations do not show one (seed 000's prose sections)."""
    facts = [f for r in readings for f in r.facts]
    network = next((f for f in facts if f.key == "network"), None)
    notations = Counter(f.value for f in facts if f.key == "notation")
    usual = next(
        (
            f
            for f in facts
            if notations and f.key == "notation" and f.value == notations.most_common(1)[0][0]
        ),
        None,
    )
    for reading in readings:
        if network is not None and reading.first("network") is None:
            reading.facts.insert(0, network)
        if usual is not None and reading.first("notation") is None:
            reading.facts.append(usual)


# \frac{\partial L}{\partial w_{m,n}} = \sum ... \delta_{i,j} ...: delta is dL/dZ there
_DELTA = re.compile(
    r"\\partial\s*(?:\\mathcal\{)?(?:[LJEC]|Loss|Cost)\}?\s*\}\s*\{\s*\\partial"
    r"[^=]*=[^=]*"
    r"\\(?:delta|Gamma)\s*(?:\^\{?[^{}]*\}?\s*)?_"
    r"|\\(?:delta|Gamma)\s*(?:\^\{?[^{}_]*\}?\s*)?(?:_\{?|\()?[^=]*=\s*(?:\\frac\{\s*"
    r"\\partial\s*(?:\\mathcal\{)?[LJEC]\b|\\partial\s*[LJEC]\s*/)"
    r"|\\(?:delta|Gamma)\s*\}?\s*=\s*\\nabla\s*_"
)  # \delta = \nabla_z L


# G = \partial L / \partial Y, \mathbf{G} = \nabla_{\mathbf{Y}} L: G names dL/dZ
_GRADIENT_NAME = re.compile(
    r"(?<![A-Za-z\\])(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?G\s*\}?\s*(?::=|=)\s*(?:"
    r"\\frac\s*\{\s*\\partial\s*(?:\\mathcal\{)?[LJEC]\}?\s*\}\s*\{\s*\\partial\s*"
    r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?[YZO]\b"
    r"|\\partial\s*(?:\\mathcal\{)?[LJEC]\}?\s*/\s*\\partial\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?[YZO]\b"
    r"|\\nabla\s*_\s*\{?\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?[YZO]\b)"
)


def _supposed_setting(block: Block, lines: list[str]) -> bool:
    """Whether ``block`` is a letter of the geometry set alone ("$p = 1$") in a sentence that
    supposes another case ("còn nếu thêm padding $p = 1$ thì ...", "if we had used $s = 2$",
    "a common mistake is $p = 1$"): the variant's setting, which the prose reader sets aside
    too (prose.py); read as the layer's, it would replace the setting the notes state."""
    if not is_lone_setting(block.text) or not 1 <= block.line <= len(lines):
        return False
    sentence = sentence_around(lines, block.line, block.text)
    return is_what_if(sentence) or supposes_other_layer(sentence)


def _greek_of(found: str) -> str:
    return "\\Gamma" if "\\Gamma" in found else "\\delta"


def _states_input(line: str) -> bool:
    return any(key == "input" for key, _, _ in prose_facts(line))


def _axes(own: Reading, lines: list[str], first: int, last: int) -> list[Fact]:
    """The layout the section's stated shapes imply, and a stated index base for the
    channels too ("indices from 0: sample, channel, filter, row")."""
    known = {f.key: f.value for f in reversed(own.facts) if f.how == "prose"}
    found = [Fact(*f) for f in axis_facts(lines[first - 1 : last], first, known)]
    base = next((f for f in own.facts if f.key == "index-base" and f.how == "prose"), None)
    if base is not None:
        found.append(Fact("channel-base", base.value, base.line, "prose"))
    return found


_PREVIOUS = re.compile(r"(?<![A-Za-z\\])([aA])(?:_\{?\\?(?:text\{)?prev\}?|\^\{?[\[(]?l\s*-\s*1)")


_G_DEFINED = re.compile(
    r"\s*G\s*(?::=|=)\s*(?:\\frac\s*\{\s*)?(?:\\partial|d)\s*(?:\\mathcal\s*\{\s*)?[LJE]\b"
)


def _defined_inputs(own: Reading, first: int) -> frozenset[str]:
    """The letters the section's own definition of its output names the input."""
    return frozenset(
        letter
        for f in own.facts
        if f.key == "names" and f.how in (DEFINITION_HOW, SCATTER_HOW) and f.line >= first
        for letter, _, role in (pair.partition("=") for pair in f.value.split(","))
        if role == "X"
    )


DEFINITION_HOW = "the letters of the output's definition"
# Z_{m,n} = \sum Y_{i,j} W_{m-2i,n-2j}: the input of a transposed layer's scatter form
SCATTER_HOW = "the input of a transposed convolution's scatter form"


def _unless_transposed(reading: Reading) -> None:
    """A scatter form names its input (Y) only in the notes of a transposed layer: under
    another kind (a convolution's notes showing its transposed adjoint once) the letter
    keeps its usual role, and its numbers size nothing."""
    kind = reading.first("layer")
    if kind is not None and kind.value.startswith("conv_transpose"):
        return
    kept = []
    for f in reading.facts:
        if f.how == SCATTER_NUMBERS_HOW:
            continue
        if f.key == "names" and f.how == SCATTER_HOW:
            pairs = [p for p in f.value.split(",") if not p.endswith("=X")]
            if not pairs:
                continue
            f = Fact(f.key, ",".join(pairs), f.line, DEFINITION_HOW)
        kept.append(f)
    reading.facts = kept


def _names(blocks: list[Block], document: str = "") -> list[Fact]:
    """The letters a definition gives roles that the usual notations do not, and the
    previous layer's activation (``a_{prev}``, ``a^{[l-1]}``) as the input."""
    found = _names_from_definitions(blocks, document)
    value = found[0].value if found else ""
    line = found[0].line if found else 0
    extra = []
    previous = next(
        ((b.line, m.group(1)) for b in blocks for m in [_PREVIOUS.search(b.text)] if m), None
    )
    if previous is not None:
        extra.append((previous[1], "X", previous[0]))
    for letter, role in (("I", "X"), ("K", "W"), ("O", "Z"), ("G", "G")):  # Input, Kernel,
        at = next(
            (
                b.line
                for b in blocks
                if re.search(  # Output, the upstream Gradient
                    rf"(?<![A-Za-z\\]){letter}\}}?\s*(?:_\{{{_NOT_WORD}|_[a-z0-9]|\(|\[)", b.text
                )
                or (letter == "G" and _GRADIENT_NAME.search(b.text))
            ),
            None,
        )
        if at is None and role == "G":  # G = \partial L/\partial Z: the whole tensor named
            at = next((b.line for b in blocks if _G_DEFINED.match(b.text)), None)
        if at is not None:
            extra.append((letter, role, at))
    for letter, role, at in extra:
        if f"{letter}=" not in value:
            value = ",".join(v for v in (value, f"{letter}={role}") if v)
            line = line or at
    if not value:
        return []
    how = found[0].how if found else "the letters used for the input and output"
    return [Fact("names", value, line, how)]


_VALUES = re.compile(r"\s*((?:[A-Za-z]\s*=\s*)+)(\d{1,3})\s*")  # H = W = 7: both letters 7


def _letter_values(blocks: list[Block]) -> list[tuple[str, str, int, bool]]:
    """(letter, value, line, chained) of every math span that sets letters to one number
    (chained: with another letter, "H = W = 7")."""
    found = []
    for block in blocks:
        m = _VALUES.fullmatch(block.text)
        if m is not None:
            letters = re.findall(r"[A-Za-z]", m.group(1))
            found += [(x, m.group(2), block.line, len(letters) > 1) for x in letters]
    return found


def _letter_roles(facts: list[Fact]) -> dict[str, set[str]]:
    """letter -> the sizes the ``sizes`` facts bind it to (``k=kernel,n=input``)."""
    roles: dict[str, set[str]] = {}
    for fact in facts:
        if fact.key == "sizes":
            for pair in fact.value.split(","):
                letter, _, role = pair.partition("=")
                roles.setdefault(letter, set()).add(role)
    return roles


def _size_values(facts: list[Fact], blocks: list[Block], earlier: list[Fact]) -> list[Fact]:
    """``a $k\times k$ filter ... $k = 3$``: a size letter the prose names, given its value
    in a math span of its own, is that size (3x3).  A letter the section does not name
    keeps the meaning the notes gave it before (``earlier``: the last section's facts)."""
    roles = _letter_roles(facts)
    inherited = {k: v for k, v in _letter_roles(earlier).items() if k not in roles}
    # (a letter of earlier notes set to two values here -- "With $R = 5$ ... With $R = 3$
    # ...": two examples in one paragraph -- gives the section neither)
    values: dict[str, set[str]] = {}
    for letter, value, _, _ in _letter_values(blocks):
        values.setdefault(letter, set()).add(value)
    roles.update({k: v for k, v in inherited.items() if len(values.get(k, ())) <= 1})
    found = []
    sides: dict[str, dict[str, tuple[str, int]]] = {}  # "input": {"height": (7, line), ...}
    for letter, value, line, chained in _letter_values(blocks):
        if letter not in roles:
            continue
        for what in ("kernel", "input"):
            if {f"{what}-height", f"{what}-width"} <= roles[letter]:
                found.append(Fact(what, f"{value}x{value}", line, "prose"))
            elif what in roles[letter]:
                found.append(Fact(what, value, line, "prose"))
            for side in ("height", "width"):  # x \in R^{H x W}, "H = 7, W = 5": its sides
                if {f"{what}-{side}"} == roles[letter] & {f"{what}-height", f"{what}-width"}:
                    sides.setdefault(what, {})[side] = (value, line)
        # "$C$ input channels and $F$ filters ... say $C = 3$ and $F = 8$": the counts
        # "$N = 4$ examples with $D = 5$ features": a dense layer's counts and batch (a
        # chain, "$C = F = 4$", is read for sides only: a depthwise what-if's counts)
        for what in ("in-channels", "out-channels", "in-features", "out-features", "batch"):
            if what in roles[letter] and not chained:
                found.append(Fact(what, value, line, "prose"))
    for what, given in sides.items():
        if len(given) == 2:
            (h, at), (w, at2) = given["height"], given["width"]
            found.append(Fact(what, f"{h}x{w}", max(at, at2), "prose"))
    return found


def _names_from_definitions(blocks: list[Block], document: str = "") -> list[Fact]:
    usual = NOTATIONS["subscript"]
    delta = next((m for m in (_DELTA.search(b.text) for b in blocks) if m), None)
    if delta is not None and _greek_of(delta.group(0)) in refused(blocks, document):
        delta = None  # the notes say it is another tensor's gradient (dL/dA, dL/dX)
    line = next((b.line for b in blocks if _DELTA.search(b.text)), 0)
    greek = "\\Gamma" if delta is not None and "\\Gamma" in delta.group(0) else "\\delta"
    found_delta = (
        [Fact("names", f"{greek}=G", line, "delta beside a derivative of the loss")]
        if delta is not None
        else []
    )
    tried = 0
    for block in blocks:
        if "\\sum" not in block.text or len(block.text) > 2000:
            continue  # a definition sums products
        tried += 1
        if tried > MAX_DEFINITIONS:
            break
        for piece in statements(block.text):
            if marked_below(piece.text):
                continue  # delta^{l-1} = f'(z^{l-1}) ...: the previous layer's error, no output
            found, scattered = roles_read(piece.text, usual)
            if found:
                value = ",".join(f"{k}={v}" for k, v in sorted(found.items()))
                if found_delta:
                    value += "," + found_delta[0].value
                return [
                    Fact(
                        "names",
                        value,
                        block.line + block.text[: piece.offset].count("\n"),
                        SCATTER_HOW if scattered else DEFINITION_HOW,
                    )
                ]
    pieces = [(b.line, p.text) for b in blocks if len(b.text) <= 2000 for p in statements(b.text)]
    found = roles_from_expansions([text for _, text in pieces], usual)
    if found:  # O_{11} = X_{11}F_{11} + ..., written out entry by entry
        value = ",".join(f"{k}={v}" for k, v in sorted(found.items()))
        if found_delta:
            value += "," + found_delta[0].value
        return [Fact("names", value, pieces[0][0], "the output's entries written out")]
    return found_delta


def _network_from_table(rows: list[tuple[int, list[str]]], reading: Reading) -> None:
    """A table whose rows name LeNet-5's layers (C1, S2, C3, S4, F5, F6) is its shapes
    table: the notes are about that network (seed 000)."""
    names = {
        re.match(r"\s*([A-Z][0-9])\b", cells[0]).group(1): line
        for line, cells in rows
        if cells and re.match(r"\s*[A-Z][0-9]\b", cells[0])
    }
    lenet = {"C1", "S2", "C3", "S4", "F5", "F6"}
    if len(lenet & set(names)) >= 4:
        reading.facts.insert(
            0,
            Fact(
                "network", "lenet", min(names.values()), "the shapes table names LeNet-5's layers"
            ),
        )


def _size(text: str) -> list[int]:
    return [int(p) for p in text.split("x")]


def finish(reading: Reading, in_by_out: bool = False) -> None:
    """Kind from the indices, stride or padding from the output size, and conflicts;
    ``in_by_out``: a dense layer's weights are written in x out (``Z = XW + b``)."""
    _unless_transposed(reading)
    resolve_groups(reading, Fact, strength)  # "depthwise", "groups = 2": C_in, g
    _conflicts(reading)
    if reading.first("network") is not None:
        return
    dense = dense_from_shapes(reading.facts, Fact)  # W in R^{3x5}, x in R^5: z = Wx + b
    if dense is not None:
        reading.facts.append(dense)
    given = {f.key for f in reading.facts if TUPLE_HOW in f.how and f.line >= reading.line}
    if reading.first("layer") is None and reading.dims is None and {"input", "kernel"} <= given:
        # x = (1, 3, -1, 2), w = (1, 0, 2) and no entry with indices: a signal's example
        # (the fact, like the tuples' sizes, is the section's own: not inherited)
        reading.facts.append(
            Fact("layer", "conv1d", reading.line, f"the input and kernel {TUPLE_HOW}")
        )
    if reading.first("layer") is None and reading.dims in (1, 2):
        reading.facts.append(
            Fact(
                "layer",
                f"conv{reading.dims}d",
                reading.line,
                f"entries with {reading.dims} ind{'ex' if reading.dims == 1 else 'ices'}",
            )
        )
    kind = reading.first("layer")
    if kind is not None and kind.value in POOLS:
        return
    if kind is not None and kind.value == "dense":
        _features_from_shapes(reading, in_by_out)
        reading.facts = [
            f
            for f in reading.facts
            if f.key not in ("input", "kernel", "output", "stride", "padding", "mode")
        ]  # a conv's sizes
    elif kind is not None and kind.value.startswith("conv_transpose"):
        _transposed_output(reading)
    else:
        _input_from_output(reading)
        _stride_from_output(reading)
    named = next(  # "Y = ... + c" with c read as the bias: a bias symbol, not b
        (
            f
            for f in reading.facts
            if f.key == "names" and re.search(r"(?:^|,)\\?\w+=b(?:,|$)", f.value)
        ),
        None,
    )
    if reading.first("bias") is None and named is not None:
        reading.facts.append(Fact("bias", "true", named.line, "a bias symbol the notes name"))
    if reading.first("bias") is None:
        reading.facts.append(Fact("bias", "false", reading.line, "no bias symbol is written"))


def _features_from_shapes(reading: Reading, in_by_out: bool) -> None:
    """A dense layer's sizes from ``W \\in \\mathbb{R}^{2\\times 3}`` (out x in, the
    weights of z = W x; in x out where ``in_by_out``, the weights of Z = XW) where the
    prose does not count its inputs and outputs."""
    weights = next((f for f in reading.facts if f.key == "kernel" and "in R^" in f.how), None)
    if weights is None and in_by_out and reading.first("weights") is None:
        reading.facts.append(Fact("weights", "in-out", reading.line, "the forward pass Z = XW + b"))
    if weights is None or reading.first("in-features") or reading.first("out-features"):
        return
    out, ins = weights.value.split("x")
    inputs = next((f for f in reading.facts if f.key == "input" and "in R^" in f.how), None)
    width = inputs.value.split("x")[-1] if inputs is not None else None
    if width is not None and out != ins and width in (out, ins):
        in_by_out = width == out  # X \in R^{4x5}, W \in R^{5x3}: W's rows meet X's columns
    if in_by_out:
        out, ins = ins, out
    how = f"{weights.how}: {'in x out' if in_by_out else 'out x in'}"
    reading.facts += [
        Fact("out-features", out, weights.line, weights.how),
        Fact("in-features", ins, weights.line, weights.how),
        Fact("weights", "in-out" if in_by_out else "out-in", weights.line, how),
    ]
    _batch_from_shapes(reading, ins)


def _batch_from_shapes(reading: Reading, ins: str) -> None:
    """``X \\in \\mathbb{R}^{4\\times 5}`` over a dense layer of 5 inputs: a batch of 4
    samples, one per row (the layout of Z = XW^T + b and of Z = XW + b)."""
    rows = next(
        (
            f
            for f in reading.facts
            if f.key == "input" and "in R^" in f.how and re.fullmatch(rf"\d+x{ins}", f.value)
        ),
        None,
    )
    if rows is None or reading.first("batch") is not None:
        return
    samples = rows.value.split("x")[0]
    if samples != "1":
        reading.facts.append(Fact("batch", samples, rows.line, f"{rows.how}: a sample a row"))


def _conflicts(reading: Reading) -> None:
    seen: dict[str, Fact] = {}
    for fact in reading.facts:
        if fact.key in ("input", "kernel", "output") and "largest index" in fact.how:
            continue  # an index past a declared size is an out-of-layer entry, not a fact
        if fact.key in ("names", "sizes"):
            continue  # merged, letter by letter
        other = seen.get(fact.key)
        if other is None:
            seen[fact.key] = fact
        elif _norm(other.value) != _norm(fact.value):
            used = reading.first(fact.key)  # the strongest fact, which settings() keeps
            note = (
                f"{fact.key} {other.value} (line {other.line}, {other.how}) but "
                f"{fact.value} (line {fact.line}, {fact.how}); using "
                f"{(used or other).value}"
            )
            if note not in reading.conflicts:
                reading.conflicts.append(note)


def _norm(value: str) -> str:
    parts = value.split("x")
    return parts[0] if len(set(parts)) == 1 else value


def _input_from_output(reading: Reading) -> None:
    """An input known only from its largest index is at least as large as the output's
    largest index and the kernel need (stride 1, no padding, unless stated)."""
    given = reading.first("input")
    kernel, output = reading.first("kernel"), reading.first("output")
    if kernel is None or output is None or (given is not None and strength(given) < 2):
        return
    stride, padding = reading.first("stride"), reading.first("padding")
    if stride is not None and padding is not None:
        told = [f for f in (kernel, output, stride, padding) if strength(f) == 0]
        value = implied_input(output.value, kernel.value, stride.value, padding.value)
        if value is not None and len(told) == 4:
            reading.facts.append(Fact("input", value, output.line, STATED_OUTPUT))
            if given is not None:
                reading.facts.remove(given)
        return
    if stride is not None or padding is not None:
        return
    sizes = [_size(f.value) for f in (kernel, output) if re.fullmatch(r"[0-9x]+", f.value)]
    if len(sizes) != 2 or len(sizes[0]) != len(sizes[1]):
        return
    need = [o + k - 1 for k, o in zip(*sizes, strict=True)]
    have = _size(given.value) if given is not None else [0] * len(need)
    if len(have) == len(need) and any(n > h for n, h in zip(need, have, strict=True)):
        value = "x".join(str(max(n, h)) for n, h in zip(need, have, strict=True))
        reading.facts.append(
            Fact("input", value, output.line, "the largest index of the output and the kernel")
        )
        if given is not None:
            reading.facts.remove(given)


def _transposed_output(reading: Reading) -> None:
    """A transposed convolution's output is (in - 1)s - 2p + k (PyTorch's ConvTranspose,
    dilation 1, no output padding), not a convolution's (in + 2p - k)//s + 1: a stated
    output is checked against that, and nothing is read backwards from it (an output
    padding or a dilation the prose did not give could make up the difference)."""
    facts = {k: reading.first(k) for k in ("input", "kernel", "output", "stride", "padding")}
    if not (facts["input"] and facts["kernel"] and facts["output"]):
        return
    if strength(facts["output"]) == 2:
        return  # the largest index used bounds the output from below
    values = {k: f.value if f is not None else "0" for k, f in facts.items()}
    values["stride"] = facts["stride"].value if facts["stride"] is not None else "1"
    if not all(re.fullmatch(r"[0-9x]+", v) for v in values.values()):
        return
    ins, ks, outs = (_size(values[k]) for k in ("input", "kernel", "output"))
    if len({len(ins), len(ks), len(outs)}) != 1 or not (
        values["stride"].isdigit() and values["padding"].isdigit()
    ):
        return
    s, p = int(values["stride"]), int(values["padding"])
    if any(o != (i - 1) * s - 2 * p + k for i, k, o in zip(ins, ks, outs, strict=True)):
        reading.conflicts.append(
            f"the {values['output']} output (line {facts['output'].line}) does not follow "
            f"from the transposed convolution's input {values['input']}, kernel "
            f"{values['kernel']}, stride {s}, padding {p}"
        )


def _stride_from_output(reading: Reading) -> None:
    """out = (in + 2p - k) // s + 1, read backwards: the stride (padding 0 unless the
    notes say otherwise), or the padding when the stride is stated."""
    facts = {k: reading.first(k) for k in ("input", "kernel", "output", "stride", "padding")}
    if not (facts["input"] and facts["kernel"] and facts["output"]):
        return
    if strength(facts["output"]) == 2:
        return  # the largest index used bounds the output from below; it is not its size
    if facts["stride"] and facts["padding"]:
        return
    sizes = [_size(facts[k].value) for k in ("input", "kernel", "output")]
    if len({len(s) for s in sizes}) != 1 or not all(
        re.fullmatch(r"[0-9x]+", facts[k].value) for k in ("input", "kernel", "output")
    ):
        return
    ins, ks, outs = sizes
    why = f"{facts['output'].value} output (line {facts['output'].line})"
    # a fact derived from several is stated where the last of them is (a stride stated in
    # a later post makes the padding read backwards from an earlier output a later fact)
    last = max(f.line for f in facts.values() if f is not None)
    if facts["stride"] is None:
        pad = (
            int(facts["padding"].value)
            if facts["padding"] and facts["padding"].value.isdigit()
            else 0
        )
        strides = set()
        for i, k, o in zip(ins, ks, outs, strict=True):
            span = i + 2 * pad - k
            if o == 1 or span < 0:
                continue
            found = [s for s in range(1, span + 2) if span // s + 1 == o]
            if not found:
                reading.conflicts.append(
                    f"no stride gives {why} from input "
                    f"{facts['input'].value} and kernel "
                    f"{facts['kernel'].value}"
                )
                return
            strides.add(found[0])
        if len(strides) == 1 and strides != {1}:
            reading.facts.append(Fact("stride", str(strides.pop()), last, f"from the {why}"))
        elif len(strides) > 1:
            reading.conflicts.append(f"the {why} needs a different stride per axis")
        return
    stride = facts["stride"].value
    if not stride.isdigit():
        return
    s = int(stride)
    pads = {
        next((p for p in range(k + 1) if (i + 2 * p - k) // s + 1 == o), None)
        for i, k, o in zip(ins, ks, outs, strict=True)
    }  # the least padding that fits
    if None in pads or len(pads) != 1:
        reading.conflicts.append(
            f"the {why} does not follow from input "
            f"{facts['input'].value}, kernel "
            f"{facts['kernel'].value}, stride {stride}"
        )
    elif pads != {0}:
        reading.facts.append(Fact("padding", str(pads.pop()), last, f"from the {why}"))
