"""Judging one statement of a document: which reading a claim gets (activation, loss, general
sizes, operators, membership and arrows, sizes, tensor equations) and its verdict; the
:class:`~symconv.checker.runner.Checker` that walks the document is this plus its context."""

from __future__ import annotations

import dataclasses
import re
import zlib

from symconv.checker import lexicon
from symconv.checker.activation import (
    activation_arguments,
    defines_activation,
    through_activation,
)
from symconv.checker.activation_claims import activation_named_before, judge_activation_claim
from symconv.checker.activation_conditions import with_prose_condition
from symconv.checker.activation_names import judge_in_reader_letters
from symconv.checker.activation_renames import in_activation_letters
from symconv.checker.activation_values import judge_activation_values
from symconv.checker.allsizes import applies as names_general_sizes
from symconv.checker.allsizes import declared_instance, judge_general
from symconv.checker.allsizes_counts import names_count, own_clause
from symconv.checker.allsizes_sizes import NO_KERNEL_READ
from symconv.checker.bare_counts import Surroundings, clause_of, doubts, judge_bare
from symconv.checker.batch_letter import batch_letter_only
from symconv.checker.channel_maps import channel_claim, judge_channel_maps
from symconv.checker.claims import (
    is_definition,
    judge_sizes,
    sets_upstream,
    size_culprit,
    size_names,
)
from symconv.checker.condition_sums import conditioned_sums
from symconv.checker.context import Context, finding
from symconv.checker.contradicted_layer import unless_contradicted
from symconv.checker.conventions import is_convention, prose_after, states_convention
from symconv.checker.count_definitions import defines_count
from symconv.checker.count_formula_chain import judge_count_chain
from symconv.checker.decimal_arithmetic import judge_decimal_arithmetic
from symconv.checker.decorated_outputs import activation_letters, uses_activation_letter
from symconv.checker.dense_columns import relayout
from symconv.checker.dense_network import judge_marked
from symconv.checker.entry_formulas import ENTRY_GRIDS, grids_of
from symconv.checker.entrywise import entry_by_entry
from symconv.checker.flat import rows_and_columns
from symconv.checker.full_words import (
    full_in_words,
    full_mode_settled,
    unless_flip_settled,
    with_full_mode,
)
from symconv.checker.given_entries import defines_entries
from symconv.checker.given_values import given_letters, given_on_line, roles_given
from symconv.checker.greek_indices import latin_indices
from symconv.checker.grouped_letter_counts import judge_grouped_letter_count, paragraph_of
from symconv.checker.im2col_numbers import judge_im2col_numbers
from symconv.checker.iverson_mask import code_as_math, with_indicator
from symconv.checker.kernel_symmetry import symmetry_at_given
from symconv.checker.kronecker_product import judge_kronecker_product
from symconv.checker.layer_activation import judge_layer_activation
from symconv.checker.layer_counts import (
    PARAM_WORDS,
    judge_count,
    named_lenet,
    own_stretch,
    sentence_around,
    sentence_sides,
    starts_with_p,
    widths,
)
from symconv.checker.lead_in_settings import sets_upstream_ones
from symconv.checker.letter_identities import identified, letters_in
from symconv.checker.letter_identity import judge_letter_identity
from symconv.checker.limits import (
    Budget,
    NotUnderstood,
    SkipInstance,
    Wrong,
)
from symconv.checker.linear_loss import judge_linear_loss
from symconv.checker.literal_operators import judge_literal_operator
from symconv.checker.loss_claim import judge_loss_claim
from symconv.checker.map_identities import judge_map_identity
from symconv.checker.marked_sizes import size_marks, stated_under, unmark_sizes
from symconv.checker.named_operators import judge_named_operator
from symconv.checker.nearer_input import restated_input, restated_value
from symconv.checker.notation_options import notation as make_notation
from symconv.checker.numbered_family import numbered_family
from symconv.checker.one_channel import per_channel_pair
from symconv.checker.operator_chain import judge_operator_chain
from symconv.checker.operator_formulas import CONVOLUTION, defined_symbol, symbol_meanings
from symconv.checker.operator_names import (
    carry_operator_names,
    defines_operator_name,
    operator_definitions,
)
from symconv.checker.operator_subscripts import with_subscript_meaning
from symconv.checker.operators import judge_operator, operator_claim
from symconv.checker.opparse import CONVOLVE
from symconv.checker.pad_pairs import with_pad_pair_meaning
from symconv.checker.padded_gradient import carry_padded, padded_definitions
from symconv.checker.padded_names import alias_padded
from symconv.checker.parity_case import stated_parity
from symconv.checker.pool_claims import judge_kronecker, plain_output
from symconv.checker.pool_routing import judge_pool_gradient, pooled_letters
from symconv.checker.pooled_letter import compared_output
from symconv.checker.pooling import PoolModel, expand_window
from symconv.checker.prose_conditions import is_condition
from symconv.checker.prose_names import prose_defined_letter
from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.scalar_bias import as_the_bias, scalar_bias_name
from symconv.checker.sentence_config import on_stated_sizes, other_configuration
from symconv.checker.shape_product import shape_product
from symconv.checker.shapes import ARROWS, judge_arrow, judge_membership
from symconv.checker.single_layer import judge_single
from symconv.checker.size_formula_layer import (
    forward_by_its_clause,
    judge_effective_kernel,
    names_transposed,
    transposed_here,
)
from symconv.checker.sizes import size_quantity
from symconv.checker.softmax_claims import judge_softmax_claim
from symconv.checker.softmax_prose import softmax_loss_verdict
from symconv.checker.star_definitions import star_is_true_convolution, true_convolution_symbols
from symconv.checker.stated_case import case_by_formula
from symconv.checker.stated_layers import (
    last_kind_named,
    read_as_convolution,
    restated_sizes,
    stated_layers,
)
from symconv.checker.stated_sizes import disagreeing_size, square_premise, unread_premise
from symconv.checker.symbolic_counts import grouped_count, judge_symbolic_count
from symconv.checker.syntax import Chain, parse
from symconv.checker.transposed_claims import wrong_stands
from symconv.checker.verdicts import judge_tensor
from symconv.checker.worked_arith import judge_matrix_arithmetic
from symconv.checker.worked_channels import judge_channel_numbers, slice_values
from symconv.checker.worked_definitions import chained_op
from symconv.checker.worked_entry import judge_entry_numbers
from symconv.checker.worked_forward import judge_channel_formula, judge_forward_entry
from symconv.checker.worked_kronecker import judge_max_kronecker
from symconv.checker.worked_loss import gradient_from_loss, judge_worked_loss
from symconv.checker.worked_mixed import judge_mixed
from symconv.checker.worked_numbers import (
    given_before,
    given_numbers,
    in_role_letters,
    judge_numbers,
)
from symconv.checker.worked_operators import judge_operator_numbers
from symconv.checker.worked_pool import judge_worked_pool
from symconv.checker.worked_signals import judge_signal, row_of, signal_given
from symconv.checker.worked_vectors import signal_values
from symconv.checker.written_names import single_item
from symconv.errors import SymconvError
from symconv.spec.layer import ConvTranspose, Dense
from symconv.spec.network import lenet5

_SKIP_RELATIONS = {
    "<",
    ">",
    "\\le",
    "\\ge",
    "\\neq",
    "\\sim",
    "\\simeq",
    "\\cong",
    "\\Leftrightarrow",
    "\\iff",
    "\\mapsto",
}


# a setting named by its word, given a value: $pad = 2$, $stride = 1$ (the word is one name,
# not the product p·a·d of three letters)
_SETTING_WORD = re.compile(
    r"^\s*(?:pad|padding|stride|dilation|groups)(?:_\{?[hwxy]\}?)?\s*=\s*\d+\s*$"
)
_TRAILING = re.compile(r"(=|\\(?:Rightarrow|rightarrow|to|longrightarrow|implies))\s*$")


# dL/db, \frac{\partial L}{\partial b_f}, db: a claim about the bias's gradient
# dL/db, dL/db_f, \partial L/\partial b_o, db: the gradient of a bias (b_f: per filter)
_BY_BIAS = re.compile(
    r"\s*(?:\\frac\s*\{\s*\\partial\s*[^{}]*\}\s*\{\s*\\partial\s*b(?![A-Za-z0-9])"
    r"|\\partial\s*[^/=]{1,20}/\s*\\partial\s*b(?![A-Za-z0-9])|d\s*b\b)"
)


_TRUE_CONVOLUTION = re.compile(
    r"\b(?:true|real|actual|flipped[- ]kernel) convolution|"
    r"convoluci[óo]n (?:verdadera|real)|"
    # "la « vraie » convolution des mathématiciens", "die echte Faltung", "convolução
    # verdadeira": the same words in the notes' other languages
    r"(?:vraie|v[ée]ritable)\s*»?\s+convolution|convolution\s+(?:vraie|math[ée]matique)|"
    r"convolution\s+(?:des|of)\s+math[ée]matici|mathematical convolution|"
    r"(?:echte|mathematische) Faltung|convolu[çc][ãa]o (?:verdadeira|real)|"
    r"convoluzione (?:vera|reale)|"
    # "In the signal-processing convention $*$ flips its second argument": * is declared
    r"signal[- ]processing (?:convention|convolution|sense)|"
    r"(?:\\ast|\*)\s*\$?\s+(?:flips|reverses|rotates|voltea|invierte)\b|"
    # "la convolución «full» (la de verdad, la que voltea)", "the one that flips the kernel",
    # "celle qui retourne le noyau": a convolution named by what it does to the kernel
    r"(?<!\bno\s)(?<!\bnot\s)(?<!\bnon\s)(?<!\bnão\s)"
    r"\b(?:the\s+one\s+(?:that|which)|(?:la|el|a|o)\s+que|celle\s+qui|quella\s+che)\s+"
    r"(?:flips|voltea|invierte|inverte|gira|retourne|ribalta)\b",
    re.IGNORECASE,
)


# a negation anywhere in the clause before the words ("Aquí * no es la que voltea el
# filtro", "Ce n'est pas celle qui retourne le noyau", "* is not the one that flips"): the
# notes deny the flip, and * stays their correlation
_DENIED = re.compile(
    rf"\b(?:{lexicon.NEGATION}|not|non|não|nao|pas|nicht|niet|never|nunca|jamais|mai)\b|n't",
    re.IGNORECASE,
)


def _says_true_convolution(prose: str) -> bool:
    """Whether the prose names the true (flipping) convolution, in a clause that does not
    deny it."""
    for m in _TRUE_CONVOLUTION.finditer(prose):
        clause = re.split(r"[.;!?]\s", prose[: m.start()])[-1]
        if not _DENIED.search(clause):
            return True
    return False


_OPERAND = (
    r"(?:\\[a-z]+\s*\{\s*[A-Za-z]\s*\}|[A-Za-z])(?:_\{[^{}]*\}|_[A-Za-z0-9])?"
    r"(?:\^\{[^{}]*\})?"
)


# the notes use P as the padding: "H + 2P - K", "padding $P$", "$P$ is the padding"
_PADDING_LETTER = re.compile(
    r"2\s*(?:\\cdot\s*)?P(?![A-Za-z_])|(?:padding|relleno|remplissage|Auff[üu]llung"
    r"|pad(?:s|ded)?\s+(?:by|with)|rellena(?:mos)?\s+con)\s*"
    r"(?:of\s+|de\s+)?\$?\s*P(?![A-Za-z_])|\$\s*P\s*\$\s*(?:is|denotes|es|est)\s+(?:the\s+|el\s+|le\s+)?"
    r"(?:padding|relleno|remplissage)",
    re.IGNORECASE,
)
# one letter set equal to another, "(so $X = H$ above)": a name given, nothing claimed
_RENAMING = re.compile(r"\s*([A-Za-z])\s*=\s*([A-Za-z])\s*")


def _renames(text: str, ctx: Context) -> bool:
    """``X = H`` with one side a letter that names no tensor of the layer (Y = X, two of
    its tensors, is a claim)."""
    m = _RENAMING.fullmatch(text)
    letters = ctx.notation.letters
    return m is not None and not (m.group(1) in letters and m.group(2) in letters)


# \ast or a binary * (not a superscript's or a subscript's, not \star's)
_TWO_SLIDES = re.compile(r"\\ast(?![a-z])|(?<![\^_{\\])\*")
# (x * w)_t = \sum ..., (A \ast B)_{i,j} = \sum ...: the operator applied to two bare names,
# one entry of it, and a sum: what the symbol means, written out
_STAR_DEFINED = re.compile(
    r"\s*\(\s*\\?[A-Za-z]+\s*(?:\*|\\ast(?![a-z]))\s*\\?[A-Za-z]+\s*\)\s*(?:_|\[)[^=]*=\s*\\sum"
)
# a binary operation between operands: \star, \ast, *, \circledast, \otimes, conv
_OPERATION = re.compile(
    r"\\(?:star|ast|circledast|otimes)(?![A-Za-z])|(?<![\^_{\\])\*|\\operatorname\s*\{\s*(?:conv|corr)"
)
_AST = re.compile(rf"({_OPERAND})\s*(?:\\ast|\*)\s*({_OPERAND})")


_NEW_NAME = re.compile(
    r"\s*\\(?:tilde|widetilde|bar|check|breve)\s*\{?\s*[A-Za-z]\s*\}?\s*"
    r"(?:_\s*\{[^{}]*\}\s*)?(?:=|:=)"
)


# pad_2, dilate_2: the operator's parameter written as a number (pad, pad_p, dilate_s take
# a convolution's p and s, which a transposed convolution does not share)
_PARAMETERISED = re.compile(r"\b(pad|dilate|crop)\}?\s*(_\s*\{?\s*\d+\s*\}?)?")


_FORWARD = re.compile(r"\s*(?:\\mathbf\s*\{\s*)?[YZ]\s*\}?\s*=")


def _explicit(text: str) -> bool:
    """A forward claim (``Y = ...``) whose every pad, dilate and crop has its number
    written: its \\star is the plain valid correlation (a gradient's is not, as our own
    notes print dW = pad_1(dZ) \\star dilate_2(X) for a transposed layer)."""
    return bool(_FORWARD.match(text)) and all(m.group(2) for m in _PARAMETERISED.finditer(text))


# A right side that is a matrix of plain numbers (a worked example's values) is no symbolic
# claim about the layer, so it may not come out 'wrong'.
_NUMBERS = r"(?:[-+0-9.,\s&]|\\\\|\\[lcvd]?dots|\\quad)*"


_NUMERIC_MATRIX = re.compile(r"=\s*\\begin\{([pbvBV]?matrix)\}" + _NUMBERS + r"\\end\{\1\}\s*$")


_DECIMAL_VALUE = re.compile(r"=\s*[-+]?\s*\d*\.\d+\s*$")  # x_{0,0} = 0.25


def _refuse_unread_forms(text: str) -> None:
    if _NUMERIC_MATRIX.search(text) or _DECIMAL_VALUE.search(text):
        raise NotUnderstood("a worked example's numbers: only symbolic entries are checked")


def _zero_bias(document: str, line: int) -> bool:
    """Whether the worked example above ``line`` sets its bias to 0 (``b = 0``)."""
    given = given_before(document, line).get("b")
    return given is not None and given[0] == [[0]]


def _one_bias(text: str, document: str, model) -> str:  # type: ignore[no-untyped-def]
    """A single filter's bias named ``b_0`` in prose, read as the layer's bias ``b``."""
    if getattr(getattr(model, "spec", None), "out_channels", None) != 1:
        return text
    name = scalar_bias_name(document)
    return text if name is None else as_the_bias(text, name)


def _input_letter(notation) -> str:
    """The letter the notes write the input's entries with (a name they gave, else x)."""
    usual = make_notation(notation.name).letters
    named = [k for k, v in notation.letters.items() if v == "X" and k not in usual]
    return named[0] if named and len(named[0]) == 1 else "x"


def _letters_after_equals(text: str) -> bool:
    """``H_o = floor((H + 2P - K)/S) + 1``: a right side in size letters."""
    if "=" not in text:
        return False
    right = re.sub(r"\\[A-Za-z]+", " ", text.split("=", 1)[1])
    return bool(re.search(r"[A-Za-z]", right))


def combine(found: list[dict | None]) -> dict | None:
    """One verdict for a statement making several claims: the worst status, every message."""
    found = [f for f in found if f is not None]
    if not found:
        return None
    order = (WRONG, SIZE_SPECIFIC, NOT_UNDERSTOOD, VERIFIED)
    worst = min(found, key=lambda f: order.index(f["status"]))
    merged = dict(worst)
    merged["message"] = "; ".join(f["message"] for f in found)
    return merged


_ONES = "a matrix of ones other than a bias broadcast"


def _general_fallback(text: str, found: dict | None, seen: set[str]) -> dict | None:
    """A statement of notes about symbolic sizes that the layer's checker did not read."""
    other = _guard(lambda: judge_general(text, seen, retry=True))
    if other is None or other["status"] != NOT_UNDERSTOOD:
        return other
    if found is None and NO_KERNEL_READ in str(other.get("message", "")):
        return other  # L_out = L, true at a kernel of 1 only: a claim whose layer is not read
    return found


def _empty(chain: Chain) -> bool:
    return any(not side.exprs or any(not e.terms for e in side.exprs) for side in chain.sides)


_SIDE_NUMBER = re.compile(r"\bside (\d+)(?: of (\d+))?")


def _side_after(m: re.Match[str]) -> str:
    """``side k (of n)`` of a chain's tail as the whole chain counts: one side later."""
    whole = f" of {int(m.group(2)) + 1}" if m.group(2) else ""
    return f"side {int(m.group(1)) + 1}{whole}"


def _guard(work) -> dict | None:
    """Run one check; its own failures become verdicts, never tracebacks."""
    try:
        return work()
    except NotUnderstood as exc:
        return finding(NOT_UNDERSTOOD, str(exc))
    except Wrong as exc:
        return finding(WRONG, str(exc))
    except SymconvError as exc:
        return finding(NOT_UNDERSTOOD, str(exc))
    except SkipInstance:
        return finding(NOT_UNDERSTOOD, "it names entries outside the layer's tensors")
    except RecursionError:
        return finding(NOT_UNDERSTOOD, "the formula nests too deeply")
    except (
        ArithmeticError,
        ValueError,
        LookupError,
        TypeError,
        AttributeError,
        AssertionError,
    ) as exc:
        # A bug, reported as such so that a file still gets every other verdict; the
        # tests assert that no seed and no fuzzed input ever produces one.
        return finding(NOT_UNDERSTOOD, f"internal error ({type(exc).__name__}: {exc})")


_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")  # a Markdown table's row: a record of its own


def _row_with_header(document: list[str], line: int) -> str | None:
    """The claim's table row under its table's header row (which names the columns), or
    None when the claim stands in no table."""
    if not 1 <= line <= len(document) or not _TABLE_ROW.match(document[line - 1]):
        return None
    top = line - 1
    while top >= 1 and _TABLE_ROW.match(document[top - 1]):
        top -= 1
    header = document[top] if top < line - 1 else ""
    return f"{header}\n{document[line - 1]}" if header else document[line - 1]


class Judging:
    """The judging half of :class:`~symconv.checker.runner.Checker`: what a statement claims
    and its verdict, given the context the Checker keeps (``self._line``, the note, the
    assumed layer)."""

    def _with_a_bias(self, text: str) -> dict | None:
        """dL/db in notes whose layer has no bias ("with a bias b added to every output,
        dL/db = ..."): judged on the same layer with a bias added, which changes no other
        gradient; the layer itself stays as the notes describe it."""
        main = self.context()
        saved = self.settings, self._context
        try:
            kept = self._bias_context
            self.settings = self.settings.merged({"bias": "true"})
            self._context = kept[1] if kept is not None and kept[0] is main else None
            ctx = self.context()
            self._bias_context = (main, ctx)  # kept for the section: it learns the batch too
            if main.extras.get("batch"):
                ctx.extras["batch"] = True
            if getattr(main.model, "prefer_batch", False):
                ctx.model.prefer_batch = True
            ctx.seed = zlib.crc32(text.encode("utf-8"))
            return _guard(lambda: self.judge(text, ctx))
        finally:
            self.settings, self._context = saved

    def _no_identities(self, text: str) -> None:
        """Not understood where the claim's sentence makes its letters stand for several
        sizes at once (letter_identities.py)."""
        around = sentence_around(self.document, self._line, text)
        why = identified(around, text, letters_in(text), False)
        if why is not None:
            raise NotUnderstood(why)

    def judge(self, text: str, ctx: Context) -> dict | None:
        # a worked example's X given by a formula ("$X[i,j] = i - j$") is laid on this
        # layer's grid wherever its numbers are read (entry_formulas.py)
        grids = grids_of(
            ctx.model,
            dict(ctx.notation.letters),
            ctx.notation.index_base,
            bool(ctx.extras.get("guessed")),
        )
        token = ENTRY_GRIDS.set(grids)
        try:
            found = self._judge(text, ctx)
        finally:
            ENTRY_GRIDS.reset(token)
        defined = defined_symbol(text)
        if defined is not None and found is not None and found["status"] in (WRONG, SIZE_SPECIFIC):
            # (A \star B)[i,j] = \sum_{u,v} A[i+u, j+v] B[u,v], flip(K)[u,v] = K[k-1-u, k-1-v]:
            # what the notes' symbol means, in general letters -- a definition (read for the
            # other claims by operator_formulas.py), not a claim about the layer; where it
            # agrees with the checker's reading of the symbol it may stay verified
            raise NotUnderstood(
                f"it defines the notes' operator {defined[0]} entry by entry, in general "
                "letters: a definition of the symbol, not a claim about the layer"
            )
        return found

    def _judge(self, text: str, ctx: Context) -> dict | None:
        ending = _TRAILING.search(text)
        if ending:  # "X_seg \Rightarrow" (the sentence goes on), "dL/dw(m', n') =" (garbled)
            if ending.group(1) != "=":
                return None
            raise NotUnderstood("the right side is empty (the formula continues in prose?)")
        after = prose_after(self.document, self._line, text)
        if _SETTING_WORD.match(text):  # "the padding is $pad$" ... "$pad = 2$": a setting given
            return None
        if is_convention(text, after) or defines_count(text, after):
            # "with $x_{a,b} = 0$ whenever (a,b) lies in the padding", "$F = 4$ filters"
            return None
        if defines_operator_name(text) or _renames(text, ctx):
            return None  # \tilde\delta = dilate_2(\delta), "(so $X = H$ above)": a new name
        if symbol_meanings("\n".join(self.document)).get("\\star") == CONVOLUTION and re.search(
            r"\\star(?![a-zA-Z])", text
        ):
            # the notes define \star entry by entry as the flipped-kernel convolution, where
            # the checker's \star is the correlation
            raise NotUnderstood(
                "the notes define \\star as a convolution (the kernel flipped); claims in "
                "that symbol are not read"
            )
        text = carry_operator_names(text, operator_definitions("\n".join(self.document)))
        found = judge_letter_identity(text, ctx.notation.letters)
        if found is not None:  # (n - k + 1) + 2(k - 1) - k + 1 = n + 1: algebra alone
            return found
        self._no_identities(text)  # "($G = C_{in} = C_{out} = C$): $P = C K^2 + C$"
        # n_H^{[l]}, H_{l+1}: the layer's output size, as the notes mark it (marked_sizes.py)
        unmarked = unmark_sizes(text, size_marks("\n".join(self.document)))
        if unmarked != text and stated_under(self._prose_before()):
            raise NotUnderstood(
                "a formula between layer-marked sizes under conditions its sentence sets "
                "(a stride, a padding, a pooling), which are not read"
            )
        text = unmarked
        text = re.sub(r"\\[dt]frac(?![A-Za-z])", r"\\frac", text)  # display / text styles
        text = latin_indices(text)  # \sum_{\tau=1}^{T} ... x_{c,\tau}: tau an index
        text = conditioned_sums(text)  # \sum_{m: 2m \le i \le 2m+2}: \sum_m [2m \le i \le 2m+2]
        text = _one_bias(text, "\n".join(self.document), ctx.model)  # "sesgo escalar $b_0$"
        found = judge_softmax_claim(text, "\n".join(self.document), self._line)
        if found is not None:  # dl/dz = p - y, dp_k/dz_j, l = -ln p_1 = 0.408: softmax notes
            return found
        found = judge_map_identity(text, "\n".join(self.document), self._line, self._line_prefix())
        if found is not None:  # maxpool(ReLU(Z)) = ReLU(maxpool(Z)): at random maps
            return found
        found = judge_effective_kernel(text)  # K_eff = D(K-1) + 1 (size_formula_layer.py)
        if found is not None:
            return found
        if grouped_count(text, "\n".join(self.document), self._line):
            # Conv2d(C_in, C_out, k, groups=g) on the count's line: its count in those letters
            around = paragraph_of(self.document, self._line)
            found = judge_grouped_letter_count(text, around, "\n".join(self.document))
            if found is not None:
                return found
            raise NotUnderstood("a grouped or depthwise layer's count: its groups are not read")
        found = judge_symbolic_count(text, "\n".join(self.document), self._line)
        if found is not None:  # \#\theta = (C K^2 + 1) F, M = N F H' W' C K^2 multiplications
            return found
        found = judge_linear_loss(
            text,
            "\n".join(self.document),
            self._line,
            ctx.model,
            bool(ctx.extras.get("guessed")),
            ctx.notation.letters,
        )
        if found is not None:  # L = \sum of the outputs: g = 1, dL/db = H'W' (linear_loss.py)
            return found
        signal = in_role_letters(text, ctx.notation.letters)
        if signal_given(signal, ctx.model):
            return None  # x = (1, 2, 3) of a 1-D layer's worked example: given
        if defines_entries(text, dict(ctx.notation.letters)):
            return None  # "an input with entries x[t,i,j] = t + i + j": its numbers, given
        found = _guard(
            lambda: judge_signal(
                signal,
                ctx.model,
                "\n".join(self.document),
                self._line,
                self._line_prefix(),
                ctx.notation.letters,
            )
        )
        if found is not None:  # y = (8, 10, 12), dL/dw = (6, 12, 18) of a 1-D example
            return found
        found = judge_literal_operator(text)
        if found is not None:  # dilate_2 [[a, b], [c, d]] = [[a, 0, b], ...]: cell by cell
            return found
        found = judge_named_operator(text, "\n".join(self.document), self._line)
        if found is not None:  # \delta = [numbers] above: dil_2(\delta) = [numbers]
            return found
        found = judge_im2col_numbers(
            text,
            "\n".join(self.document),
            self._line,
            ctx.model,
            bool(ctx.extras.get("guessed")),
        )
        if found is not None:  # X_{col} = [numbers]: X's windows unrolled, X and K given
            return found
        found = judge_forward_entry(
            text, "\n".join(self.document), self._line, ctx.notation.index_base
        )
        if found is not None:  # Y[0,0] = ... = 5 under Y = X_1 \star W_1 + X_2 \star W_2 + b
            return found
        found = judge_channel_formula(text, "\n".join(self.document), self._line)
        if found is not None:  # dL/dX_c = pad_1(G) \star rot_180(W_c) for c = 1, 2 there
            return found
        found = _guard(
            lambda: judge_operator_numbers(
                text, "\n".join(self.document), self._line, self._line_prefix()
            )
        )
        if found is not None:  # x = (1, 2, 3, 4), w = (1, 0, -1): corr(x, w) = (-2, -2)
            return found
        found = judge_marked(text, "\n".join(self.document), ctx.notation.index_base)
        if found is not None:  # dW^{[2]} = \frac{1}{m} dZ^{[2]} A^{[1]T}: a stack of dense layers
            return found
        text = plain_output(text, ctx.model)  # \bar{y}_{ij} of an average pool: its y
        if getattr(ctx.model, "op", None) == "max":  # [A_{p,q} = M_{...}]: M is the output
            roles = in_role_letters(text, ctx.notation.letters)
            compared = compared_output(roles)
            text = compared if compared != roles else text  # (else the worked readers' own)
        found = _guard(
            lambda: judge_max_kronecker(
                text, ctx.model, "\n".join(self.document), self._line, self._line_prefix()
            )
        )
        if found is not None:  # dL/dA = G \otimes \mathbf{1} where the notes give A's numbers
            return found
        found = judge_kronecker(  # the map $A$ pooled: dL/dA is its dL/dX
            in_role_letters(text, ctx.notation.letters), ctx.model
        )
        if found is not None:  # dL/dX = \frac{1}{4} G \otimes \mathbf{1}_{2\times 2}
            return found
        found = judge_kronecker_product(
            in_role_letters(text, ctx.notation.letters), "\n".join(self.document), ctx.model
        )
        if found is not None:  # dL/dX = G \otimes K: stride = kernel, windows tile X
            return found
        roles = in_role_letters(text, ctx.notation.letters)  # a map P pooled: P is X
        found = judge_mixed(
            text,
            lambda half: _guard(lambda: self.judge(half, ctx)),
            lambda side: in_role_letters(side, ctx.notation.letters),
            _zero_bias("\n".join(self.document), self._line),
        )
        mixed = found
        arithmetic = _guard(
            lambda: judge_matrix_arithmetic(
                text,
                "\n".join(self.document),
                self._line,
                star_is_true_convolution("\n".join(self.document)),
            )
        )
        if mixed is not None and (
            mixed["status"] != NOT_UNDERSTOOD
            or arithmetic is None
            or arithmetic["status"] == NOT_UNDERSTOOD
            or not arithmetic.get("_own_numbers")
        ):  # dK = X \star dY = [numbers]: the formula, then the numbers (a formula not read
            return mixed  # leaves the chain to a reading of every side at the notes' numbers)
        if arithmetic is not None and arithmetic["status"] != NOT_UNDERSTOOD:
            return arithmetic  # X_1 \star G_1 + X_2 \star G_2 = [..] + [..] = [..]
        document = in_role_letters("\n".join(self.document), ctx.notation.letters)
        if chained_op("\n".join(self.document), self._line, text.split("=")[0]):
            # dL/dZ = [numbers] where the notes define A = ReLU(Z), P = maxpool(A): their
            # letters, not the layer's (where dL/dZ would be the given G)
            chained = self._worked_pool(text, ctx)
            if chained is not None:
                return chained
        if given_numbers(roles) and isinstance(ctx.model, PoolModel):
            # dL/dZ = [numbers] in a pooling section whose example pools the notes' Z: the
            # routed gradient of the pool's input, a claim (Z's gradient is no given G there)
            # (only under the section's own kind: a kind the words nearest the claim name,
            # "Zum Vergleich: Average-Pooling ...", may be a comparison's)
            pooled = self._worked_pool(text, ctx)
            if (
                pooled is not None
                and pooled["status"] != NOT_UNDERSTOOD
                and pooled.get("_pool_op") == ctx.model.op
            ):
                return pooled
        if given_numbers(roles):
            return None  # X = \begin{pmatrix} 1 & 6 ...: a worked example's input, given
        found = judge_entry_numbers(
            text, ctx.model, "\n".join(self.document), self._line, ctx.notation.index_base
        )
        if found is not None:  # z_{22} = 1 \cdot 1 + ... = 7 at the X and K given above
            return found
        channels = _guard(
            lambda: judge_channel_numbers(
                roles,
                ctx.model,
                document,
                self._line,
                ctx.notation.channel_base,
                ctx.notation.index_base,
            )
        )
        if channels is not None and channels["status"] == NOT_UNDERSTOOD:
            # a slice of several channels not read: a pooling section's numbers, under an
            # earlier convolution with two filters, are the pool's when the pool reads them
            pooled = self._worked_pool(text, ctx)
            if pooled is not None and pooled["status"] != NOT_UNDERSTOOD:
                return pooled
        if channels is not None:  # dL/dW^{(1)}_3 = [numbers] at the slices X_c, G^{(f)} given
            return channels
        numbers = _guard(
            lambda: judge_numbers(
                roles,
                ctx.model,
                document,
                self._line,
                ctx.notation.letters,
                ctx.notation.index_base,
                self._line_prefix(),
            )
        )
        if numbers is not None and numbers["status"] != NOT_UNDERSTOOD:
            return numbers  # Y = \begin{pmatrix} 6 & 8 ...: computed from the given X
        pooled = self._worked_pool(text, ctx)
        if pooled is not None and pooled["status"] != NOT_UNDERSTOOD:
            return pooled  # P = [numbers], dL/dA = [numbers] of a pool the prose names
        if numbers is not None:  # the layer's worked example, not read: its reason
            return numbers
        found = judge_pool_gradient(
            pooled_letters(roles, ctx.notation.letters),
            ctx.model,
            document,
            self._line,
            ctx.notation.index_base,
            self._prose_before(),
            ctx.seed,
        )
        if found is not None:  # dL/dx_{a,b} of max pooling: at concrete inputs
            return found
        found = judge_worked_loss(roles, ctx.model, document, self._line, ctx.notation.letters)
        if found is not None:  # G = dL/dY = Y - T = [...], L = 1/2(...) = 4.5 at the target
            return found
        if pooled is not None and (_NUMERIC_MATRIX.search(text) or _DECIMAL_VALUE.search(text)):
            return pooled  # a pooling example's numbers not read: its reason, not the generic
        if arithmetic is not None:  # dL/dW = X_1 \star G_1 + ... = [..]: no other reader's
            return arithmetic
        found = judge_activation_values(text)
        if found is not None:  # \sigma'(0) = \sigma(0)(1 - \sigma(0)) = 0.25: numbers
            return found
        found = judge_decimal_arithmetic(text)
        if found is not None:  # -1.6/16 = -0.1, 7.389/9.389 \approx 0.787: rounded decimals
            return found
        _refuse_unread_forms(text)
        if is_condition(self.document, *self._at) or states_convention(
            text, self._prose_before()
        ):  # "when $s = 1$": a hypothesis; X[i, j] = 0 outside: the padding's convention
            return None
        if "single" in ctx.extras:  # A = σ(Z), dZ = dA ⊙ σ'(Z), ∂L/∂z of the loss
            return judge_single(text, ctx)
        self._no_identities(text)  # "($G = C_{in} = C_{out} = C$): $P = C K^2 + C$"
        if names_count(text):  # P = C_{out}(C_{in} k^2 + 1): a count for all sizes, not
            found = _general_fallback(text, None, self.general_seen)  # P the padding
            if found is not None and found["status"] != NOT_UNDERSTOOD:
                return found
        if names_general_sizes(text):  # k_h, s_h, C_g, H_o: judged for all sizes
            # a parameter count alone (#params = (f f c_in + 1) c_out) does not make the
            # notes about symbolic sizes: their other claims keep their verdicts (seed 000)
            self.general_seen.notation_base = ctx.notation.index_base
            self.general_seen.line = self._line
            try:
                found = judge_general(text, self.general_seen, self._declared(ctx))
            except (NotUnderstood, Wrong):
                self.general = self.general or not names_count(text)
                raise
            if found is not None or _letters_after_equals(text):
                # a name in prose ($\operatorname{pad}_p$) or a size formula in numbers
                # (H_{out} = ... = 3) does not make the notes about symbolic sizes (which
                # would silence the later claims' reasons)
                self.general = self.general or not names_count(text)
            flagged = found is not None and found["status"] in (WRONG, SIZE_SPECIFIC)
            as_conv = flagged and read_as_convolution(str(found["message"]))
            if as_conv and last_kind_named(self._prose_before()[-600:]) is Dense:
                raise NotUnderstood(  # the general reader's layer is a convolution
                    "the prose before it is about a dense layer, and the claim with "
                    "symbolic sizes was read as a convolution's"
                )
            if found is not None:
                return found  # else a size formula (H_{out} = ...) or prose: read on
        text = rows_and_columns(text)  # i_1 .. i_9 in a 3x3 literal: i_{1,1} .. i_{3,3}
        if _NEW_NAME.match(text):  # \tilde G = pad_1(G), \tilde x_{i+p} = x_i: a definition
            raise NotUnderstood(
                "it defines a name of the notes' own (a decorated letter), "
                "which the checker does not carry to later claims"
            )
        text = alias_padded(text, self.padded)  # \tilde{X}, "the padded input": X^{pad}
        text = carry_padded(text, padded_definitions("\n".join(self.document)))
        worded = prose_defined_letter(text, "\n".join(self.document))
        if (
            worded is not None
            and self.settings.get("notation")
            and _base_letter(worded) in (ctx.notation.letters)
        ):
            worded = None  # a declared notation's own letter (functional: \hat{Y} is Z)
        if worded is not None:  # "Sea $\hat\Delta$ la matriz 6x6 que sale de dilatar ..."
            raise NotUnderstood(
                f"{worded} is defined in words in these notes; the checker does not read "
                "that definition (it is not the undecorated letter)"
            )
        if self.settings.get("layer") == "maxpool2d":  # \max_{0 \le m,n \le 1} x_{2i+m,...}
            text = expand_window(text)
        text = with_subscript_meaning(text, "\n".join(self.document))  # \star_d: dilated
        text = with_pad_pair_meaning(  # pad_{2,3} defined as "2 before and 3 after"
            text, "\n".join(self.document), getattr(getattr(ctx.model, "spec", None), "dims", 2)
        )
        defined = star_is_true_convolution("\n".join(self.document))
        for symbol in true_convolution_symbols(
            "\n".join(self.document)
        ):  # "$\circledast$: true conv."
            text = re.sub(re.escape(symbol) + r"(?![a-zA-Z])", lambda m: CONVOLVE + " ", text)
        said = _says_true_convolution(self._prose_before()[-120:])
        if (
            not (defined or said)
            and _STAR_DEFINED.match(text)
            and re.search(r"\\star(?![a-zA-Z])", "\n".join(self.document))
        ):
            # "- $(x * w)_t = \sum_m x_m w_{t-m}$" in notes that write the correlation
            # \star: what their other symbol * is, entry by entry -- a definition of it
            # (a true convolution, of a mode of its own), not a claim about the layer
            raise NotUnderstood(
                "it writes (A * B) entry by entry in notes that write \\star for another "
                "operation: the notes' definition of the symbol *, not a claim about the layer"
            )
        if not (defined or said) and _TWO_SLIDES.search(text) and "\\star" in text:
            # X \ast K = X \star rot180(K): two symbols in one claim are two operations,
            # and which one \ast is (the true convolution or the notes' correlation) is
            # not said
            raise NotUnderstood(
                "the claim writes both \\ast and \\star, two operations, and the notes do "
                "not say which operation \\ast is (write 'true convolution' before it)"
            )
        if defined or said:
            # "the same thing as a full true convolution, $... \ast ...$": the flipped one
            text = _AST.sub(r"\\operatorname{conv}(\1, \2)", text)
            # between operators (pad_2(\delta) \ast w): the operator claim's convolution
            text = re.sub(r"\\ast(?![a-z])", lambda m: CONVOLVE + " ", text)
            # G *_{\text{full}} K: a star with a mode or options is the operation's symbol
            text = re.sub(r"(?<![\^_{\\])\*(?=\s*_)", lambda m: CONVOLVE + " ", text)
            if defined:  # "$A * B$ is valid true convolution" in the notes' toolbox
                text = re.sub(r"(?<![\^_{])\*", lambda m: CONVOLVE + " ", text)
            if re.search(r"(?<![\^_{])\*", text) and "=" in text:  # a claim, not "$*$"
                raise NotUnderstood(
                    "\\ast after 'true convolution' between operands that are "
                    "not plain names: which operation it is is not read"
                )
        if 0 < self._line <= len(self.document):  # "dL/dz = p - y where p = softmax(z)"
            found = softmax_loss_verdict(text, self.document[self._line - 1])
            if found is not None:
                return found
        net = self.network()
        if net is not None and self.label is None and net.layers:  # dL/dz of the loss
            found = judge_loss_claim(text, net.loss, net.shapes()[-1][2][-1])
            if found is not None:
                return found
        own = self._layer_activation()
        if own is not None:  # A = tanh(Z), dZ = dA ⊙ (1 - tanh²Z) of a network layer
            found = judge_layer_activation(text, *own)
            if found is not None:
                return found
        before = code_as_math(self._prose_before())  # `a[i][j] = max(0, y[i][j])` too
        named = activation_named_before(before)
        after = prose_after(self.document, self._line, self._at[1])  # the words as written
        # f'(z) = 1 "si $z > 0$ y $0$ en otro caso": the claim is the cases block
        cases = with_prose_condition(text, after) or text
        act = with_indicator(cases)  # [\,y[i][j] > 0\,]: the mask 1[y > 0] of y_{i,j}
        unread: NotUnderstood | None = None
        try:
            found = judge_in_reader_letters(act, before)  # A = ReLU(Y): Y is z
        except NotUnderstood as exc:  # the other reader of the notes' letters may read it
            found, unread = None, exc
        if found is None or found.get("status") == NOT_UNDERSTOOD:
            renamed = in_activation_letters(act, before + "\n" + act)
            if renamed is not None:  # \hat{Y} = \sigma(Z): dZ = d\hat{Y} ⊙ ... in a, z
                again = judge_activation_claim(renamed, named)
                found = again if again is not None else found
        if found is None and unread is not None:
            raise unread
        if found is None:
            found = judge_activation_claim(act, named)
        if found is None and cases != text:
            raise NotUnderstood("a claim with cases written in prose, not about an activation")
        if found is not None:  # dZ = dA ⊙ 1[Z > 0], σ'(z) = σ(z)(1 - σ(z)): entry by entry
            return entry_by_entry(text, found)
        decorated = uses_activation_letter(text, activation_letters("\n".join(self.document)))
        if decorated is not None:  # \hat{Y} = \sigma(Z) above: \hat{Y} is not the output Y
            raise NotUnderstood(
                f"{decorated} is an activation's result in these notes, not the layer's "
                "output; the activation is outside the layer"
            )
        if defines_activation(text):  # a^{[l]} = ReLU(z^{[l]}): names the activation
            raise NotUnderstood(
                "it names an activation's result; the activation is outside the layer"
            )
        inner = activation_arguments(text)
        if inner is not None:  # A = σ(Z) = σ(X * W + b): the arguments are the claim
            text = inner
        recursion = through_activation(text, _input_letter(ctx.notation))
        if recursion is not None:  # δ^l = Σ δ^{l+1} w^{l+1} σ'(z^l): layer l+1's dL/dX
            text = recursion
        chained = judge_operator_chain(  # dL/dX = full_conv(G, F) = pad_2(G) \star rot180(F)
            text, ctx.notation, lambda pair: _guard(lambda: self.judge(pair, ctx))
        )
        if chained is not None:
            return chained
        worded = full_in_words(self._prose_before())  # "the full convolution of dY with"
        as_written = text
        text = (with_full_mode(text) if worded else None) or text
        mapped = channel_claim(text, ctx.notation)  # dW_{f,c} = sum_n X_{n,c} \star G_{n,f}
        if mapped is not None:
            # under a layer the notes' own facts contradict, a map's padding or size is a
            # misreading's: verified is no proof there either (contradicted_layer.py)
            conflicts = getattr(getattr(self, "current", None), "conflicts", [])
            return unless_contradicted(judge_channel_maps(mapped, ctx), conflicts)
        claim = operator_claim(text, ctx.notation)
        try:
            ctx.extras["per channel pair"] = per_channel_pair(self._prose_before()[-400:])
            # channels the user declares (options, a directive) make a claim that ignores
            # them wrong as written; channels read from prose leave it open (operators.py)
            declared = getattr(getattr(self, "current", None), "declared", {}) or {}
            ctx.extras["channels declared"] = "in-channels" in declared or (
                "out-channels" in declared
            )
            found = judge_operator(claim, ctx) if claim is not None else None
            found = unless_flip_settled(
                found, text, worded, defined or said, "\n".join(self.document)
            )
            if text != as_written:  # the words' full mode, against the symbol's own
                found = full_mode_settled(found, as_written, ctx)
            ones = found is not None and _ONES in found["message"]
        except NotUnderstood as exc:
            if _ONES not in str(exc):
                raise
            found, ones = None, True
        if ones:
            claim = None  # db = \mathbf{1}^T dZ: the matrix reader below reads vectors of ones
        if claim is not None:  # dX = pad(dY) \star rot180(W): closed-form nodes judge it
            if found is not None:  # dW = \delta x^T: the notes' vectors may be columns
                found = relayout(found, claim, ctx, "\n".join(self.document))
            current = getattr(self, "current", None)
            restated = restated_input(  # "7x7 inputs ... careful with 8x8 inputs"
                current.facts if current else [],
                self._line,
                self.settings.get("input"),
                self.document,
            )
            # (the layer from a padded input on: its input is that input, not the one
            # stated; a clause's own input: judged there)
            if (
                found is not None
                and restated is not None
                and not getattr(self, "from_padded", 0)
                and not getattr(self, "variant", False)
            ):
                # the same verdict at both inputs the notes state needs no choice of input
                return self._at_both_inputs(text, found, restated)
            if (
                found is not None
                and found["status"] == WRONG
                and ctx.model is not None
                and isinstance(ctx.model.spec, ConvTranspose)
                and not wrong_stands(*claim)
                and not _explicit(text)
            ):
                # the operators' parameters (pad_p, dilate_s) are read with a convolution's
                # meaning, which a transposed layer does not share: agreement with the
                # derivation is still a proof, a difference is not a mistake of the claim
                raise NotUnderstood(
                    "operator claims about a transposed convolution are read "
                    "with a convolution's parameters: " + found["message"]
                )
            return found
        chain = parse(text)
        if chain.leading:
            return None  # "\rightarrow 120": the rest of a sentence, not a claim
        if not chain.rels or set(chain.rels) <= _SKIP_RELATIONS:
            return None
        if chain.sides[-1].exprs == () or _empty(chain):
            raise NotUnderstood("a side of the equation is empty (continued in prose?)")
        if chain.rels[-1] == "\\in" and len(chain.rels) > 1:  # A = σ(Z) ∈ R^{...}: two claims
            membership = Chain((chain.sides[0], chain.sides[-1]), ("\\in",))
            rest = Chain(chain.sides[:-1], chain.rels[:-1])
            return combine(
                [
                    _guard(lambda: judge_membership(membership, ctx)),
                    _guard(lambda: self.judge_chain(rest, ctx)),
                ]
            )
        return self.judge_chain(chain, ctx)

    def _worked_pool(self, text: str, ctx: Context, change=None) -> dict | None:
        """The verdict of a claim about a pooling example's numbers (None: not one)."""
        return _guard(
            lambda: judge_worked_pool(
                text,
                ctx.model,
                "\n".join(self.document),
                self._line,
                self._line_prefix(),
                ctx.notation.index_base if "index-base" in self._stated() else None,
                change,
            )
        )

    def judged_with_entry(self, line: int, source: str, text: str, change) -> dict | None:
        """The verdict of a claim about a pooling example's numbers with one entry changed
        as its sentence supposes (None: not such a claim)."""
        self._at, self._line = (line, source), line
        ctx = self.context()
        found = self._worked_pool(text, ctx, change)
        return None if found is None else {k: v for k, v in found.items() if k[:1] != "_"}

    def judged_under(self, text: str, changes: dict[str, str]) -> dict[str, str] | None:
        raise NotImplementedError  # GuessedReadings supplies it (first in the Checker's MRO)

    def _at_both_inputs(self, text: str, found: dict[str, str], why: str) -> dict[str, str]:
        """``found`` (wrong at the input the layer was read with) where the claim is wrong at
        the input the prose restates before it too; else not understood with ``why``."""
        current = getattr(self, "current", None)
        used = self.settings.get("input")
        document: list[str] = getattr(self, "document", [])
        other = restated_value(
            current.facts if current else [], getattr(self, "_line", 0), used, document
        )
        # only wrong: a claim verified at both is still read under one of the readings the
        # checker tries (another stride, say), where "holds" is no proof of the notes' layer
        if other is None or found["status"] != WRONG:
            raise NotUnderstood(why)
        self.variant = True
        try:
            again = self.judged_under(text, {"input": other})
        finally:
            self.variant = False
        if again is None or again["status"] != found["status"]:
            raise NotUnderstood(why)
        both = f"at both inputs the notes state ({used} and {other})"
        return {**found, "message": f"{found['message']} ({both})"}

    def _stated(self) -> set[str]:
        """The settings the notes state for the current layer (not defaults)."""
        current = getattr(self, "current", None)
        return set(current.stated) if current is not None else set()

    def _line_prefix(self) -> str:
        """The text of the claim's line before the claim ("With average pooling instead,
        ... e.g. $...$")."""
        line, source = self._at
        if not 0 < line <= len(self.document):
            return ""
        whole = self.document[line - 1]
        at = -1
        for length in (len(source), 60, 30, 12):  # "$$X = [..], \frac{..}{\partial Y} = [..],
            at = whole.find(source[:length]) if source else -1  # \frac{..}{\partial X} = [..]":
            if at >= 0:  # the claim itself, not the first statement it starts like
                break
        return whole[:at] if at >= 0 else ""

    def _layer_activation(self) -> tuple[str, str] | None:
        """(activation, mark) of the network layer named here, the mark as the notes
        print it (the digits of its name, C1 -> 1, else its position from 1)."""
        net = self.network()
        if net is None or self.label is None:
            return None
        for position, (spec, _, _) in enumerate(net.shapes(), start=1):
            if spec.name == self.label and getattr(spec, "activation", None):
                digits = re.findall(r"\d+", spec.name)
                return spec.activation, digits[0] if digits else str(position)
        return None

    def _declared(self, ctx: Context):
        """The layer the notes or options state (not guessed), for a general claim."""
        stated = self.current.stated if self.current else set()
        if ctx.model is None or not {"input", "kernel"} <= stated:
            return None
        return declared_instance(ctx.model.spec, ctx.model.input_hw)

    def _membership_here(self, found: dict | None) -> dict | None:
        """``found``, or not-understood when a membership is wrong only by a channel count
        the section takes from an earlier one ("X \\in R^{4x4}" in an exercise after a
        three-channel network: the reader's inherited channels, not the notes' mistake)."""
        if found is None or found.get("status") != WRONG or not self.readings:
            return found
        start = self.readings[self.section].line
        channels = [
            f
            for f in self.readings[self.section].facts
            if f.key in ("in-channels", "out-channels") and f.value != "1"
        ]
        inherited = self.readings[self.section].inherited and not channels
        if not (inherited or any(f.line < start for f in channels)):
            return found
        shape = re.search(r" is ([\d×]+) in ", str(found.get("message", "")))
        claimed = re.search(r", not ([\d×]+)$", str(found.get("message", "")))
        if shape is None or claimed is None:
            return found
        axes = [len([n for n in m.group(1).split("×") if n != "1"]) for m in (shape, claimed)]
        if axes[0] == axes[1]:
            return found
        return {
            "status": NOT_UNDERSTOOD,
            "message": f"{found['message']}; the layer's channels come from an earlier "
            "section, and the notes state this tensor without them",
        }

    def _after_definition(self, chain: Chain, ctx: Context) -> dict | None:
        """``H_{sal} = H + 2 \\cdot 2 - 4 + 1 = H``: a name the layer does not know, defined
        by the second side, and a third side the notes equate with it.  The first link
        names (nothing to judge), the second is a claim between two expressions the layer
        does know, judged on its own (it was dropped with the definition: a wrong
        simplification went unreported).  Its verdict names the sides as the links go:
        side 1 not read, side 2 against side 3.  None for a plain definition."""
        if len(chain.sides) != 3 or chain.rels != ("=", "="):
            return None
        if not is_definition(Chain(chain.sides[:2], chain.rels[:1]), ctx.notation):
            return None  # the name is not the first side (m = k - 1 = c_1 with c_1 unknown)
        rest = Chain(chain.sides[1:], chain.rels[1:])
        defining = chain.sides[1]
        if len(defining.exprs) == 1 and single_item(defining) is not None:
            return None  # R = S = 5: letters set together, a setting
        if is_definition(rest, ctx.notation) or not size_names(rest, ctx.notation):
            return None  # N_4 = 320 \cdot 5 = 1600: numbers, the count readers' (by the name)
        found = self.judge_chain(rest, ctx)
        if found is None or found["status"] not in (VERIFIED, WRONG):
            return None
        name = "side 1 of 3 is not understood: which quantity it names, is not read"
        # the inner verdict counts the sides from the second: "side 1 is 6" is side 2 here
        said = _SIDE_NUMBER.sub(_side_after, str(found["message"]))
        if found["status"] == VERIFIED:
            return finding(NOT_UNDERSTOOD, f"{name} (the other 2 sides agree: {said})")
        return {**found, "message": f"{name}; side 2 of 3 differs from side 3: {said}"}

    def judge_chain(self, chain: Chain, ctx: Context) -> dict | None:
        if widths(chain):  # 400 \to 120 \to 84 \to 10: the layers' widths, no claim
            return None
        counted = self._count(chain, ctx)  # "has $... = 1168$ parameters": which layer's
        if counted is not None:
            return counted
        if "\\in" in chain.rels:
            return self._membership_here(judge_membership(chain, ctx))
        if any(r in ARROWS for r in chain.rels):
            return judge_arrow(chain, ctx, lambda c: self._sizes_only(c, ctx))
        if is_definition(chain, ctx.notation) or sets_upstream(chain, ctx.notation, self._at[1]):
            return self._after_definition(chain, ctx)
        names = size_names(chain, ctx.notation)
        if names == set():  # 5 \cdot 5 \cdot 6 + 6 = 156: a count, true only of its layer
            return self._bare(chain, ctx)
        if names is not None:
            line, source = self._at
            other = other_configuration(
                sentence_around(self.document, line, source), source, ctx.quantities()
            )
            if names and other:  # "I expected H_out = 2 H_in for kernel 3": not this layer
                raise NotUnderstood(other)
            if len(chain.sides) == 2 and len(names) == 2:
                # "(square input $H \times H$, ..., $H_{out} = W_{out}$)": the case's premise
                other = square_premise(
                    names, sentence_around(self.document, line, source), ctx.notation
                )
                if other is not None:
                    raise NotUnderstood(other)
            # "N_4 = 9 cells ..., N_2 = 36 ...": N_2 one of the notes' numbered counts, not
            # the input's width (numbered_family.py)
            why = numbered_family(names, "\n".join(self.document), dict(ctx.notation.named_sizes))
            if why is not None:
                raise NotUnderstood(why)
            # "depthwise ($G = C_{in} = C_{out} = C$): $N = C K^2 + C$": letters standing
            # for several sizes at once (letter_identities.py)
            counts = any(size_quantity(n, ctx.notation) == "params" for n in names)
            why = identified(sentence_around(self.document, line, source), source, names, counts)
            if why is not None:
                raise NotUnderstood(why)
            ctx = _formula_layer(ctx, "\n".join(self.document), line, source)
            lead_words = sentence_sides(self.document, line, source)[0]
            parity = stated_parity(lead_words)
            if parity is not None:  # "for even lengths this is just $L_{out} = L/2$"
                ctx = dataclasses.replace(ctx, extras={**ctx.extras, "parity": parity})
            # "`MaxPool2d(2)` ...", "pooling 2×2 (no padding)": the window a formula's words
            # name, for a guessed layer's other kernels (claims._another_layer_holds)
            ctx = dataclasses.replace(ctx, extras={**ctx.extras, "lead words": lead_words})
            found = on_stated_sizes(judge_sizes(chain, names, ctx), ctx, len(names) == 1)
            case = case_by_formula(sentence_around(self.document, line, source), source, ctx)
            if case is not None and found.get("status") in (WRONG, SIZE_SPECIFIC):
                raise NotUnderstood(  # "with padding P = (F-1)/2: H' = H" holds in that case
                    f"its sentence states the case {case}, which is not read: judged without "
                    "it, the verdict would be about another layer"
                )
            if (
                "with the sizes of" in str(found.get("message", ""))
                and "P" in names
                and not _PADDING_LETTER.search("\n".join(self.document))
            ):  # P = 6 (2·9 + 1) = 114 far from "parameters": P is the padding only by the
                # notation's default, and notes count parameters with P as often
                raise NotUnderstood(
                    "P is read as the padding only by convention (the notes never use P as "
                    "the padding): which quantity P is, is not read"
                )
            if "with the sizes of" in str(found.get("message", "")):
                # "$c_i = 3$" in the notes, or "For $k_h = k_w = 1$" on the claim's line, but
                # the layer read has other sizes: the notes' values judge it (stated_values)
                other = disagreeing_size(
                    source, self.document, self._at, ctx.notation, ctx.quantities(), names
                )
                if other is not None:
                    raise NotUnderstood(other)
                other = unread_premise(self.document, self._at, ctx.notation)
                if other is not None and found.get("status") in (WRONG, SIZE_SPECIFIC):
                    raise NotUnderstood(other)
            return found
        culprit = size_culprit(chain, ctx.notation) or batch_letter_only(chain, ctx.notation)
        if culprit is not None:  # (N - K + 1 = 8: N a length or the batch, batch_letter.py)
            raise NotUnderstood(culprit)
        budget = Budget(self.seconds) if self.seconds else Budget()
        # a worked example's numbers given above (X = [[1, 0, 2], ...]): a side "= 0" is
        # about them (verdicts._numbers_against_symbols)
        ctx.extras["worked numbers"] = bool(given_before("\n".join(self.document), self._line))
        ctx.extras["given numbers"] = self._numbers_given(ctx)  # in the layer's roles
        # x_0 = [..], x_1 = [..], k[0] = [..]: the slices of an example with several channels
        ctx.extras["slice numbers"] = slice_values(
            ctx.model,
            in_role_letters("\n".join(self.document), ctx.notation.letters),
            self._line,
            ctx.notation.channel_base,
        )
        # "E = sum y, so dy is all ones" before it: the claim has G = 1 put in (ones_upstream)
        ctx.extras["ones upstream"] = sets_upstream_ones(self.document, self._line, strict=True)
        # "$w = (1, -1)$: $y[t] = x[t] - x[t-1]$": W's numbers put in (given_values.py)
        ctx.extras["given roles"] = roles_given(
            given_letters(self.document, self._line, self._at[1]), ctx.notation.letters
        )
        found = judge_tensor(chain, ctx, budget)
        if found is not None and found.get("status") in (WRONG, SIZE_SPECIFIC):
            # "the identity is symmetric, $\operatorname{rot}_{180}(W) = W$": about the
            # kernel the example gives, for which it holds (kernel_symmetry.py)
            kernels = [k for k, role in ctx.notation.letters.items() if role == "W"] or ["W"]
            given = ctx.extras["given numbers"].get("W")
            why = next(
                (w for k in kernels if (w := symmetry_at_given(self._at[1], k, given))), None
            )
            if why is not None:
                raise NotUnderstood(why)
            here = given_on_line(self.document, self._at[0], self._at[1])
            if here and all(_OPERATION.search(side) for side in self._at[1].split("=")):
                # "tested with $g = (1, 0, 1)$: $x \ast g = x \star g$": two operations said
                # to agree on that g (a layer's formula after its numbers, y[t] = w_0 x[t] +
                # ..., is still judged in letters)
                raise NotUnderstood(
                    f"the claim's sentence gives {', '.join(sorted(here))} as numbers before "
                    "it, and the claim is about them: the checker reads its letters in "
                    "general and does not put those numbers in"
                )
        return found

    def _numbers_given(self, ctx: Context) -> dict:
        """The tensors a worked example gives as numbers before the claim, in the layer's
        roles (X, W, G): matrices; a 1-D layer's tuples (x = (1, 3, -2, ...)); G computed
        from the squared-error loss against a target the notes give (worked_loss.py)."""
        document = in_role_letters("\n".join(self.document), ctx.notation.letters)
        given = given_before(document, self._line)
        if getattr(getattr(ctx.model, "spec", None), "dims", 2) == 1:
            # a signal's tuples, and the statements worked_signals reads as one row
            # ("g = \\partial L / \\partial y = (1, -2, 1, 3)": the upstream gradient named twice)
            rows = given_before(document, self._line, read=row_of)
            given = {**signal_values(document, self._line), **rows, **given}
        if "G" not in given and "X" in given and "W" in given:
            derived = gradient_from_loss(ctx.model, document, self._line, ctx.notation.letters)
            if derived is not None:
                given["G"] = derived
        return given

    def _count(self, chain: Chain, ctx: Context) -> dict | None:
        line, source = self._at
        sentence = sentence_around(self.document, line, source)
        net = self.network()
        nets = [net] if net is not None else []
        if not nets and named_lenet("\n".join(self.document)):
            nets = [lenet5()]
        wider = sentence_around(self.document, line, source, previous=True)
        found = judge_count(
            chain,
            ctx,
            (sentence, wider),
            nets,
            not ctx.extras.get("guessed"),
            self.document,
            _row_with_header(self.document, line),
            source,
        )
        # (a word of parameters beside another equation of the sentence is that one's)
        sentence = own_stretch(sentence, source)
        counts = PARAM_WORDS.search(wider) or re.search(
            r"[Cc]_\{?\s*(?:\\(?:text|mathrm)\s*\{\s*)?(?:in|out)\b", source
        )  # P = C_{out}(C_{in} k^2 + 1): the channels make P a count
        if found is None and (
            (counts and starts_with_p(chain)) or PARAM_WORDS.search(sentence)
        ):  # P = F(CK^2 + 1) = 112: the formula for all sizes, its value at the layer
            stated = set(self.current.stated) if self.current else set()
            document = "\n".join(self.document)
            own = own_clause(document, line, source)  # "with a bias it would be $P = ...$"
            found = judge_count_chain(source, document, ctx, stated, own)
        if found is None and counts and starts_with_p(chain):
            # a count formula in symbols: the general reader judges it (not as a padding)
            raise NotUnderstood("P is the parameter count here, not the padding")
        return found

    def _bare(self, chain: Chain, ctx: Context) -> dict:
        line, source = self._at
        shapes = shape_product(source)  # (3 x 4)(4 x 2) = 3 x 2: shapes, not arithmetic
        if shapes is not None:
            return shapes
        wider = sentence_around(self.document, line, source, previous=True)
        conflicts = list(self.current.conflicts) if self.current else []
        read = not ctx.extras.get("guessed") and not any(
            doubts(c, PARAM_WORDS.search(wider) is not None) for c in conflicts
        )
        net = self.network()
        nets = [net] if net is not None else []
        if not nets and named_lenet("\n".join(self.document)):
            nets = [lenet5()]
        sentence = sentence_around(self.document, line, source)
        stated = getattr(self, "_stated_layers", None)
        if stated is None:  # every layer the notes state, read once per document
            stated = self._stated_layers = stated_layers(self.readings, self.layers)
        around = Surroundings(
            clause_of(sentence, source),
            source,
            "\n".join(self.document[max(0, line - 6) : line]),
            "\n".join(self.document),  # a dense stack (400 \to 120 \to 10) anywhere
            bool(PARAM_WORDS.search(wider)),
            read,
            nets,
            stated,
            restated_sizes(conflicts, line, self.settings),
            line,
            _read_kernel(ctx, self.current.stated if self.current else set()),
        )
        return judge_bare(chain, ctx, around, lambda c: judge_sizes(c, set(), ctx))

    def _sizes_only(self, chain: Chain, ctx: Context) -> dict | None:
        if is_definition(chain, ctx.notation):
            return None
        names = size_names(chain, ctx.notation)
        if names is None:
            raise NotUnderstood("the premise of the implication is not about sizes")
        return judge_sizes(chain, names, ctx)


def _formula_layer(ctx: Context, document: str, line: int, source: str = "") -> Context:
    """``ctx`` for a size formula whose words name the other of the two layers
    (size_formula_layer.py): "Recall that a `Conv2d` ... maps $H$ to" in notes on the
    transposed layer is the forward layer's output side; "(d) For the transposed layer the
    output side is" under a forward layer whose sizes are only guessed is the transposed
    layer's.  Judged as the layer read, each correct formula was called wrong."""
    quantities = ctx.quantities()
    if "k" not in quantities and "k_len" not in quantities:
        return ctx  # no convolution read: nothing to switch
    if quantities.get("transposed") and (
        not transposed_here(document, line) or forward_by_its_clause(document, line, source)
    ):  # (or its own clause names the encoder's output: "with $H' = ...$ the encoder's output")
        return dataclasses.replace(ctx, extras={**ctx.extras, "formula layer": "forward"})
    if (
        not quantities.get("transposed")
        and ctx.extras.get("guessed")
        and names_transposed(document, line)
    ):
        return dataclasses.replace(ctx, extras={**ctx.extras, "formula layer": "transposed"})
    return ctx


def _read_kernel(ctx: Context, stated: set[str]) -> int | None:
    """The section's kernel side, where the notes state it (not a default)."""
    if "kernel" not in stated:
        return None
    q = ctx.quantities()
    return q.get("k_len") or q.get("k_w")  # a 1-D kernel's k_h is 1


def _base_letter(decorated: str) -> str:
    """The letter under a decoration: ``\\hat{Y}`` -> ``Y``."""
    return re.sub(r"^\\[a-z]+\s*\{?\s*|\s*\}?\s*$", "", decorated)
