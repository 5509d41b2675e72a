"""Checking a whole document: settings, events, statements, one verdict each.

Which check a statement gets depends on what it is made of, tried in this order:
membership (``X \\in \\mathbb{R}^{...}``), implication or arrow to a shape, a definition
of a new name (skipped), numbers and sizes only (arithmetic, size formula), and otherwise
a tensor equation.  A statement without a relation is not a claim and gets no verdict.
"""

from __future__ import annotations

import dataclasses
import os
import re
import time
import zlib

from symconv.checker.activation_vectors import judge_activation_vector
from symconv.checker.allsizes import symbolic_bounds
from symconv.checker.allsizes_notes import GeneralState
from symconv.checker.answer_marks import unmarked
from symconv.checker.assumed import Assumed, compose
from symconv.checker.axes import with_axes
from symconv.checker.batch_loss import judge_batch_loss
from symconv.checker.bias_before_norm import judge_bias_before_norm
from symconv.checker.bias_guess import (
    bias_absent_guessed,
    bias_left_open,
    count_bias_guessed,
)
from symconv.checker.case_sizes import lead_in_case
from symconv.checker.causal_layer import unless_causal
from symconv.checker.causal_padding import judge_causal_padding
from symconv.checker.ceil_mode import unless_ceil_mode
from symconv.checker.chain_claims import judge_chain_claim
from symconv.checker.chain_links import equality_sides, judge_links
from symconv.checker.chained_index import merge_chained, one_map_layer
from symconv.checker.channel_marks import channel_marked
from symconv.checker.clause_case import at_clause_case, clause_changes, not_at_clause_case
from symconv.checker.code_names import in_code_letters
from symconv.checker.code_variable_index import unless_code_variable
from symconv.checker.col2im_entries import judge_col2im_entry
from symconv.checker.constructor_aside import ENTRYWISE, unless_other_channels
from symconv.checker.constructor_claims import judge_constructor_claim
from symconv.checker.contested_base import unless_base_contested
from symconv.checker.context import Context
from symconv.checker.conventions import is_convention, prose_after
from symconv.checker.counterfactual import (
    asked_before,
    entry_change,
    other_input_named,
    question_changes,
    supposed_layer,
    supposed_open,
)
from symconv.checker.declared import LayerConfig, Settings
from symconv.checker.declared_ranges import (
    FREE_RANGES,
    RANGES,
    declared_ranges,
    free_ranges,
)
from symconv.checker.defined_names import Definitions
from symconv.checker.dilation_letter import CLAIM_SECTION, claim_section
from symconv.checker.dummy_argument import argument_as_z
from symconv.checker.einstein_sums import IMPLIED, convention_in_force, stated_letters
from symconv.checker.entry_loss import claim_lead, judge_entry_loss
from symconv.checker.example_layer import (
    unless_example_of_other_layer,
    unless_one_filter_example,
)
from symconv.checker.extract import Event, front_matter, heading_level, label, scan
from symconv.checker.flat import rows_and_columns
from symconv.checker.flatten_length import flatten_length
from symconv.checker.formula_case import unless_formula_case
from symconv.checker.formula_padding import unless_unpadded_formula
from symconv.checker.formula_size_layer import by_its_numbers
from symconv.checker.formula_stride import unless_own_stride
from symconv.checker.goal_clause import unless_goal
from symconv.checker.gradient_names import foreign_gradient, foreign_letters
from symconv.checker.gradient_spelled import SpelledGradient, spelled_definitions, spelled_out
from symconv.checker.guessed_base import unless_base_guessed
from symconv.checker.guessed_readings import GuessedReadings
from symconv.checker.hypotheses import is_class_given, is_hypothesis, is_size_setting
from symconv.checker.im2col_definition import judge_im2col_definition
from symconv.checker.index_functions import INDEX_FUNCTIONS, index_functions
from symconv.checker.index_restriction import unless_restricted
from symconv.checker.infer import POOLS, Reading, infer
from symconv.checker.judging import (
    _BY_BIAS,
    Judging,
    _guard,
)
from symconv.checker.keras_summary import judge_summary_count
from symconv.checker.kernel_letter import beside_bound_letters
from symconv.checker.label_subscript import unless_label_subscript
from symconv.checker.layer_counts import OCCURRENCE, sentence_around
from symconv.checker.layer_marks import across_layers
from symconv.checker.layout_flag import layout
from symconv.checker.lead_in_settings import another_case
from symconv.checker.let_definitions import defined_by_let
from symconv.checker.letter_case import other_case_names
from symconv.checker.letter_parameters import (
    letter_parameters,
    unvalued_dilation_letter,
    with_parameter_letters,
)
from symconv.checker.lexicon import MAGNITUDE
from symconv.checker.limits import (
    CPU_SECONDS_PER_FILE,
    MAX_BLOCK_CHARS,
    MAX_EQUATION_CHARS,
    MAX_STATEMENTS,
)
from symconv.checker.linear_gradients import judge_linear_gradient
from symconv.checker.marked_input import marked_input
from symconv.checker.matrix_claims import judge_matrix_claim
from symconv.checker.matrix_form import judge_matrix_form
from symconv.checker.matrix_identity import judge_identity
from symconv.checker.matrix_literals import judge_literal_claim, vector_length
from symconv.checker.minimum_input import judge_minimum_input
from symconv.checker.named_arithmetic import arithmetic_after_name
from symconv.checker.named_input import at_named_input, named_input
from symconv.checker.named_sizes_merge import with_named_size
from symconv.checker.network_guess import other_network_input
from symconv.checker.network_named import judge_network_named
from symconv.checker.new_output_letter import (
    introduced_output_letter,
    section_of,
    unless_new_letter,
)
from symconv.checker.notation_options import NOTATIONS, with_names, with_sizes
from symconv.checker.notation_options import notation as make_notation
from symconv.checker.ones_length import unless_ones_unread
from symconv.checker.operator_spellings import usual_operator_names
from symconv.checker.othersizes import quantities_of, written_sizes
from symconv.checker.output_case import case_only
from symconv.checker.output_names import judge_output_identity, names_output
from symconv.checker.output_padding import judge_output_padding
from symconv.checker.outside import explain
from symconv.checker.pad_count import unless_pad_count
from symconv.checker.padded_gradient import code_padded
from symconv.checker.padded_input_gradient import PaddedInputGradient
from symconv.checker.padded_names import padded_letters
from symconv.checker.parameter_settings import is_parameter_setting
from symconv.checker.per_sample_loss import READ as SAMPLE_LOSS_READ
from symconv.checker.per_sample_loss import REFUSED as SAMPLE_LOSS_REFUSED
from symconv.checker.per_sample_loss import defined_above, names_sample_loss, per_sample_loss
from symconv.checker.pool_conv_letter import unless_conv_letter
from symconv.checker.pooling import network_pool, pool_model
from symconv.checker.previous_error import named_derivative, through_activation
from symconv.checker.primed_gradient import primed_gradient
from symconv.checker.primed_input import primed_input, primed_size, primed_unjudged, unprimed
from symconv.checker.prose import prose_facts
from symconv.checker.read_guards import ReadGuards
from symconv.checker.redefined_letter import unless_redefined
from symconv.checker.renamed_roles import unseat_defaults
from symconv.checker.report import (
    ALL_SIZES,
    NOT_UNDERSTOOD,
    SIZE_SPECIFIC,
    VERIFIED,
    WRONG,
    Report,
    Verdict,
)
from symconv.checker.restated_layer import FLAGGED, conflict_alternatives, is_arithmetic
from symconv.checker.roles import roles_read
from symconv.checker.row_pool import judge_under_row_pool
from symconv.checker.sample_loss_terms import SAMPLE_LOSS_KIND
from symconv.checker.sample_numbering import from_sample_zero
from symconv.checker.scalar_given import unless_scalar_given
from symconv.checker.scaled_forward import scaled_forward, unscaled_claim
from symconv.checker.scan_math import Block
from symconv.checker.scope_facts import facts as sentence_facts
from symconv.checker.second_reading import alternatives, kind_alternatives, open_reading
from symconv.checker.single_layer import SINGLE, single_context
from symconv.checker.size_letter_index import unless_capital_index
from symconv.checker.size_spellings import transposed_size_names
from symconv.checker.sizes import LayerSizes, PoolSizes
from symconv.checker.softmax_batch import judge_softmax_batch
from symconv.checker.softmax_sentence import unless_softmax_sentence
from symconv.checker.split import first_side, starts_with_relation, statements
from symconv.checker.square_sizes import square_sides
from symconv.checker.stacked import across, choose
from symconv.checker.stated_sizes import disagreeing_size
from symconv.checker.stated_values import stated_arithmetic
from symconv.checker.step_scaling import judge_step_scaling
from symconv.checker.subscripted_gradient import plain_upstream
from symconv.checker.sum_bounds import STATED_COUNTS
from symconv.checker.summary_rows import cell_math, cells_apart, judge_cell, judge_row
from symconv.checker.summed_superscripts import unless_summed_superscript
from symconv.checker.texclean import bracket_entries
from symconv.checker.truth import Model
from symconv.checker.unread_dilation import unless_dilation_unread, unread_dilation
from symconv.checker.unread_padding import padding_unread
from symconv.checker.unread_stride import unless_stride_unread, unread_stride
from symconv.checker.worked_first_link import with_first_link
from symconv.checker.worked_pipeline import judge_pipeline
from symconv.checker.worked_values import unbound_numbers
from symconv.checker.zero_given import unless_zero_given
from symconv.errors import STRICT_ENV, SymconvError, internal_error
from symconv.files import read_user_text
from symconv.spec.layer import Conv, Dense, Pool
from symconv.spec.network import Network, lenet5, load_network

CONTINUATION_LINES = 12
# a network layer's verdict under the change its sentence states (chain_claims._truth:
# "the output side of conv1 ... with stride 1, padding 0 is 60")
_SENTENCE_CHANGE = re.compile(r" with stride \d+, padding \d+ is \d+")
# letters, numbers and arithmetic only: a size formula (C K^2 + C = 40), no entry, no operator
_SIZE_FORMULA = re.compile(r"[A-Za-z0-9\s+\-=()^{}.]*(?:\\cdot[A-Za-z0-9\s+\-=()^{}.]*)*")


# "10, not 7: side 2 is 7, side 3 is 8, side 1 is 10": the sides that differ from the first
# that computes something (the last named)
_SIDES_DIFFER = re.compile(r"^-?[\d/.]+, not -?[\d/.]+: (?:side \d+ is -?[\d/.]+, )+side \d+ is")


def _differing_sides(found: dict) -> frozenset[int] | None:
    """The sides a chain's wrong verdict names as differing (None: not such a verdict)."""
    message = str(found.get("message", ""))
    if _SIDES_DIFFER.match(message) is None:
        return None
    sides = [int(n) for n in re.findall(r"\bside (\d+) is\b", message)]
    return frozenset(sides[:-1])


class Checker(GuessedReadings, ReadGuards, Judging, PaddedInputGradient):
    """Holds the settings and layer models while walking one document."""

    def __init__(
        self,
        base: Settings,
        seconds: float | None = None,
        total: float = CPU_SECONDS_PER_FILE,
        layers: list[tuple[str, dict[str, str]]] | None = None,
        readings: list[Reading] | None = None,
    ) -> None:
        self.deadline = time.process_time() + total
        self.label: str | None = None
        self.label_level = 0  # the heading level that named the current layer
        self.seconds = seconds
        self._models: dict = {}
        self._seen: dict[tuple[int, str], int] = {}  # (line, text) -> the times it was read
        self._network: Network | None = None
        self._network_name: str | None = None
        self._context: Context | None = None
        self.previous: tuple[int, str] | None = None  # (line, text) of the last equation
        # what the user declared, lowest first; the notes' own sections under them
        self.layers = layers if layers is not None else [("options", dict(base.values))]
        self.readings = readings or []
        self.section = 0
        self.directive: dict[str, str] = {}
        self.latex = False
        self.general = False  # a claim with symbolic sizes was read (check/allsizes.py)
        self.general_seen = GeneralState()  # its parameters that are symbols, and more
        self._line = 0  # the statement's line (the general reader reads the prose above)
        self.current: Assumed | None = None
        self.assumed: list[Assumed] = []
        self.padded: frozenset[str] = frozenset()  # \tilde{X} named the padded input
        self.document: list[str] = []  # the notes' lines, for the prose around a claim
        self._at: tuple[int, str] = (0, "")  # the line and source of the statement judged
        self._bias_context: tuple[Context, Context] | None = None  # (the layer's, + a bias)
        self.chosen: Reading | None = None  # of a section's stacked layers (stacked.py)
        self.foreign: dict[str, int] = {}  # letters defined as another tensor's gradient
        self.spelled: list[SpelledGradient] = []  # their definitions
        self.new_letters: dict[str, tuple[int, int]] = {}  # y introduced: (line, section)
        self.scaled: tuple[str, int] | None = None  # a forward pass scaled by a constant
        self.linking = False  # judging one link of a chain (chain_links.py)
        self.variant = False  # judging at the input a claim's clause names (named_input.py)
        self.definitions = Definitions()  # H' = floor(...) + 1 verified: H' at numbers later
        # the last table row of a network and its cells that write a relation of their own
        self.row_cells: tuple[Event, Network, dict[int, str]] | None = None
        # why a section's assumed stride 1 is in doubt, per (section, layer): unread_stride.py
        self._stride_doubts: dict[tuple[int, str], tuple[str, int] | None] = {}
        self._apply(self.readings[0].line if self.readings else 1)

    def _apply(self, line: int) -> None:
        """Settle the settings after a new section or directive; note what changed."""
        reading = self.readings[self.section] if self.readings else None
        if reading is not None and reading.layers:  # conv then pool: the claim's layer
            reading = self.chosen if self.chosen in reading.layers else reading.layers[0]
        layers = self.layers + ([("directive", self.directive)] if self.directive else [])
        assumed = compose(reading, layers)
        self.settings, self._context, self.current = assumed.settings, None, assumed
        if reading is not None:
            try:
                self.context()
            except SymconvError as exc:  # the notes' own facts do not make a layer
                assumed = compose(None, layers)
                assumed.conflicts.append(
                    f"the layer the notes describe cannot be used ({exc}); using the defaults"
                )
                self.settings, self._context, self.current = assumed.settings, None, assumed
        assumed.line = line
        if not self.assumed or self.assumed[-1].text() != assumed.text():
            self.assumed.append(assumed)

    def _stride_doubt(self, ctx: Context) -> tuple[str, int] | None:
        """Why the section's assumed stride 1 is in doubt (unread_stride.py); once per
        section and layer."""
        key = (self.section, ctx.where)
        cache = self._stride_doubts
        if key not in cache:
            cache[key] = unread_stride(
                self._section_text(),
                ctx.quantities(),
                frozenset(ctx.extras.get("stated") or ()),
                dict(ctx.notation.letters),
            )
        return cache[key]

    def _advance(self, line: int) -> None:
        moved = False
        while (
            self.section + 1 < len(self.readings) and self.readings[self.section + 1].line <= line
        ):
            self.section += 1
            moved = True
        if moved:
            self._apply(self.readings[self.section].line)

    # ------------------------------------------------------------------ context
    def network(self) -> Network | None:
        name = LayerConfig(self.settings).network
        if name is None:
            return None
        if self._network is None or self._network_name != name:
            self._network = (
                lenet5() if name.lower() in ("lenet", "lenet5", "lenet-5") else load_network(name)
            )
            self._network_name = name
        return self._network

    def context(self) -> Context:
        if self._context is None:
            self._context = self._build_context()
            stated = self.current.stated if self.current else set()
            # sizes the checker only guessed: a claim false there but true at another
            # size is not called wrong (see verdicts.judge_tensor)
            self._context.extras["guessed"] = self.readings != [] and not (
                {"input", "kernel"} <= stated
                or "network" in stated
                or {"in-features", "out-features"} <= stated
            )
            # no word of the notes names the layer's kind: conv2d is the default, and a
            # dense layer's vector x and matrix W read as its 2-D input and kernel
            self._context.extras["kind guessed"] = self.readings != [] and not (
                {"layer", "network"} & stated
            )
            self._context.extras["latex"] = self.latex
            self._context.extras["stated"] = frozenset(stated)  # what the notes state
            self._context.extras["layout"] = layout("\n".join(self.document))  # rows/columns
            if (self.settings.get("batch") or "1") not in ("0", "1"):
                self._context.extras["batch"] = True  # "a batch of $N = 3$": sums must hold for it
                one_map_layer(self._context.model)  # x[0][i][j]: sample 0 of one-map images
            # a parameter count is judged with the layer's bias where front matter, options
            # or a directive declare it (a bias per filter is assumed otherwise)
            self._context.extras["bias stated"] = any(
                "bias" in values for _, values in [*self.layers, ("", self.directive)]
            )
            # "the input is $H \times H$": other sizes a claim is tried at are square too
            self._context.extras["square"] = square_sides("\n".join(self.document))
            stated_keys = set(self.current.stated) if self.current else set()
            whole = "\n".join(self.document)  # S, P as letters (letter_parameters.py)
            # named by the end of this section: a later part's "padding $p$" is not the
            # letter of an earlier part's layer (allsizes_notes reads them so too)
            after = self.readings[self.section + 1 :] if self.readings else []
            so_far = "\n".join(self.document[: after[0].line - 1]) if after else whole
            self._context.extras["letter params"] = letter_parameters(so_far, stated_keys)
            self._context.extras["dilation letter"] = unvalued_dilation_letter(
                whole, frozenset(stated_keys)
            )
            # the entries the notes write (O_{22}): another size must still have them
            self._context.extras["written"] = written_sizes(
                self.current.facts if self.current else []
            )
        return self._context

    def _build_context(self) -> Context:
        config = LayerConfig(self.settings)
        base = self.settings.get("index-base")
        if base is not None and base not in ("0", "1"):
            raise SymconvError(f"--index-base {base!r} is not allowed; the rule: 0 or 1")
        notation = make_notation(
            self.settings.get("notation") or "subscript", None if base is None else int(base)
        )
        notation = with_axes(
            notation, self.settings.get("layout"), self.settings.get("channel-base")
        )
        if self.settings.get("weights") == "in-out":  # Z = XW + b (weights_in_out.py)
            notation = dataclasses.replace(notation, dense_in_by_out=True)
        names = self.settings.get("names")
        if names:
            notation = with_names(notation, names)
            notation = unseat_defaults(notation, names, "\n".join(self.document))
        cased = other_case_names(notation.letters, "\n".join(self.document))
        if cased:  # the map $A$ and its entries a_{1,0}; g_{ij} and the matrix G
            notation = with_names(notation, ",".join(cased))
        sizes = self.settings.get("sizes")
        if sizes:
            sides = (self.settings.get("input") or "").split("x")
            square = len(sides) == 2 and sides[0] == sides[1]  # "input size N" of a 6x6 image
            layer = (self.settings.get("layer") or "").lower()
            window = self.settings.get("kernel")
            whole = window is not None and window == self.settings.get("input")
            if layer in POOLS and not whole:
                # size letters name a global pooling's map (global_pool.py); a windowed
                # pooling's are not read as its sizes
                raise SymconvError(f"sizes of a {layer} window are not read as size letters")
            one_d = layer == "conv1d"
            notation = with_sizes(notation, sizes, one_d, square)
        notation = with_parameter_letters(notation, "\n".join(self.document))  # "$T$ o passo"
        net = self.network()
        if net is not None:
            return self._network_context(net, notation)
        if self.settings.get("layer") in SINGLE:  # an activation or the loss on its own
            return single_context(self.settings.get("layer") or "", self.settings.get, notation)
        if self.settings.get("layer") in POOLS:  # read from the notes, never an option
            # a pooling has no weights: a letter the notes bind as a size (W, the map's
            # width, in y_c = \frac{1}{HW} \sum ...) is that size, not a kernel's name
            sized = dict(notation.named_sizes)
            letters = {k: v for k, v in notation.letters.items() if k not in sized or v != "W"}
            # the output named by another letter (g_c = \frac{1}{HW} \sum A_{c,i,j}): y and z
            # are then the notes' other quantities (logits, a class), not the pool's output
            pairs = [p.partition("=") for p in (self.settings.get("names") or "").split(",")]
            outputs = {k for k, _, v in pairs if v == "Z"}
            if outputs:
                letters = {
                    k: v
                    for k, v in letters.items()
                    if not (v == "Z" and k in ("y", "z", "Y", "Z") and k not in outputs)
                }
            notation = dataclasses.replace(notation, letters=letters)
            pool = pool_model(self.settings.get("layer") or "", self.settings, notation)
            layer = PoolSizes(pool.spec, (pool.spec.in_channels, *pool.input_hw))
            return Context(notation, layer, pool, pool.describe_pool())
        if config.kind == "dense":
            spec = config.dense_spec()
            layer = LayerSizes(spec, (spec.in_features,))
            return Context(notation, layer, self._model(spec, None, notation), config.describe())
        spec, hw = config.conv_spec()
        layer = LayerSizes(spec, (spec.in_channels, *hw))
        return Context(
            notation,
            layer,
            self._model(spec, hw, notation, config.bias_per_position()),
            config.describe(full=True),
        )

    def _network_context(self, net: Network, notation) -> Context:
        for spec, shape_in, _ in net.shapes():
            if spec.name == self.label:
                model = None
                if isinstance(spec, Conv):
                    model = self._model(spec, shape_in[1:], notation)
                elif isinstance(spec, Dense):
                    model = self._model(spec, None, notation)
                elif isinstance(spec, Pool):  # its depthwise convolution, as for notes
                    model = network_pool(spec, shape_in, notation)
                return Context(
                    notation, LayerSizes(spec, shape_in), model, f"{net.name} layer {spec.name}"
                )
        return Context(notation, None, None, f"network {net.name} (no layer named here)")

    def _model(self, spec, hw, notation, untied: bool = False) -> Model:
        key = (
            spec,
            hw,
            notation.name,
            notation.index_base,
            notation.channels_last,  # the axis order and channel base the notes state
            notation.dense_in_by_out,
            notation.channel_base,
            untied,  # names matter too
            tuple(sorted(notation.letters.items())),
            notation.named_sizes,
        )
        batch = self.settings.get("batch") or "2"  # the notes' N, read from the prose
        key = (*key, batch)
        if key not in self._models:
            model = Model(spec, hw, notation, untied)
            model.batch_size = min(max(int(batch), 2), 8) if batch.isdigit() else 2
            self._models[key] = model
        return self._models[key]

    # ------------------------------------------------------------------ events
    def on_event(self, event: Event, path: str) -> list[Verdict]:
        self._advance(event.line)
        if event.kind == "directive":
            self.directive = dict(event.settings)
            self._apply(event.line)
            try:  # a bad directive is a user error, named with its line
                self.context()
            except SymconvError as exc:
                raise SymconvError(f"{path}:{event.line}: {exc}") from None
            return []
        net = self.network()
        if event.kind == "heading":
            if net is not None:
                found = label(event.text, [spec.name for spec, _, _ in net.shapes()])
                level = heading_level(event.text)
                if found == "" and self.label is not None and level > self.label_level:
                    found = None  # a subsection of the layer's section: still that layer
                if found is not None and (found or None) != self.label:
                    self.label = found or None
                    self._context = None
                if found:
                    self.label_level = level
            return []
        if event.kind == "unclosed":
            return [
                Verdict(event.line, event.text[:80], NOT_UNDERSTOOD, "this display is never closed")
            ]
        if event.kind == "table":
            if net is None:
                return []
            apart = cells_apart(event.cells, event.header)
            self.row_cells = (event, net, apart)
            found = _guard(lambda: judge_row(event.cells, event.header, net, frozenset(apart)))
            return [] if found is None else [Verdict(event.line, event.text.strip(), **found)]
        if event.in_table and net is not None:
            return self._row_cell(event)  # the row as a whole was checked, but for its cell
        return self.block(event)

    def _row_cell(self, event: Event) -> list[Verdict]:
        """The verdict on a table cell's own relation ("$16 \\cdot (5 \\cdot 5 + 1) =
        416$" under "Params"), as one statement: the row's verdict left it out."""
        if self.row_cells is None or self.row_cells[0].line != event.line:
            return []
        row, net, apart = self.row_cells
        for column, cell in apart.items():
            if event.text.strip() in cell_math(cell):
                found = _guard(lambda k=column: judge_cell(row.cells, row.header, net, k))
                if found is None:
                    return []
                return [Verdict(event.line, p.text, **found) for p in statements(event.text)]
        return []

    def block(self, event: Event) -> list[Verdict]:
        """Every statement of one block of math."""
        if len(event.text) > MAX_BLOCK_CHARS:
            return [
                Verdict(
                    event.line,
                    event.text[:80],
                    NOT_UNDERSTOOD,
                    f"a block of {len(event.text):,} characters; the limit is {MAX_BLOCK_CHARS:,}",
                )
            ]
        try:
            pieces = statements(event.text)
        except RecursionError:
            return [
                Verdict(event.line, event.text[:80], NOT_UNDERSTOOD, "environments nest too deeply")
            ]
        verdicts = []
        for piece in pieces:
            line = event.line + event.text[: piece.offset].count("\n")
            # "... es $p = (k-1)/2$ ... sigue siendo $p = (k-1)/2$": the second one's sentence
            # is the second place the text stands on its line
            seen = self._seen.get((line, piece.text), 0)
            self._seen[(line, piece.text)] = seen + 1
            token = OCCURRENCE.set(seen)
            try:
                verdict = self.statement(line, piece.text)
            finally:
                OCCURRENCE.reset(token)
            # a formula verified only in its stated case defines no name for every size
            general = verdict is not None and not case_only(verdict.message)
            self.definitions.note(line, piece.text, verdict.status if general else None)
            if verdict is not None:
                verdicts.append(verdict)
        return verdicts

    def statement(self, line: int, source: str) -> Verdict | None:
        """The verdict of one statement.  One called wrong is not understood where its
        number has a magnitude written after the formula ("$\\approx 37.7$ M"), or where it
        is not wrong with its dot-grouped numbers read as whole numbers ("$64 \\cdot 64
        \\cdot 9 + 64 = 36.928$": German, Italian and Turkish notes group thousands with a
        dot): which of the two readings the notes mean is not read."""
        try:
            found = self._statement(line, source)
        except Exception as exc:  # a reader's bug: this statement unread, the rest checked
            if os.environ.get(STRICT_ENV):
                raise  # tests and --debug: the bug surfaces with its traceback
            return Verdict(
                line, source, NOT_UNDERSTOOD, f"reading it raised an {internal_error(exc)}"
            )
        if (
            found is not None
            and found.status == WRONG
            and _magnitude_after(self.document, line, source)
        ):  # "$\approx 37.7$ M MACs", "$\approx 1{,}2$ Mio. Parameter": the unit is not read
            return Verdict(line, source, NOT_UNDERSTOOD, MAGNITUDE_REASON)
        if found is None or found.status != WRONG or not _DOT_GROUPED.search(source):
            return found
        whole = _DOT_GROUPED.sub(lambda m: m.group(0).replace(".", ""), source)
        again = self._statement(line, whole)
        if again is not None and again.status not in (VERIFIED, NOT_UNDERSTOOD):
            return found  # wrong under both readings
        said = f" ({again.message})" if again is not None else ""
        return Verdict(line, source, NOT_UNDERSTOOD, f"{DOT_GROUPED_REASON}{said}")

    def _statement(self, line: int, source: str) -> Verdict | None:
        # L = sum_n ell_n or its mean, above: what \partial \ell_n / \partial T means here
        SAMPLE_LOSS_KIND.set(defined_above(self.document, line))
        text = unmarked(source)  # = \underline{\;14\;}: the filled-in answer 14
        if starts_with_relation(source):
            prior = self.previous
            lhs = first_side(prior[1]) if prior and line - prior[0] <= CONTINUATION_LINES else None
            if lhs is None:
                return Verdict(
                    line, source, NOT_UNDERSTOOD, "it continues an equation that is not in view"
                )
            text = f"{lhs} {text}"
        whole_chain = text  # a = b = c as written (chain_links.py judges its links)
        text = merge_chained(text)  # x[n][i][j], written as in code: x[n, i, j]
        if "\\sum" in text and not str(self.settings.get("layer") or "").startswith(
            "conv_transpose"
        ):
            scattered = roles_read(text, NOTATIONS["subscript"])
            if scattered[1]:  # Z_{m,n} = \sum Y_{i,j} W_{m-i,n-j} in a convolution's notes
                return Verdict(line, source, NOT_UNDERSTOOD, SCATTER_REASON)
        declared = set(self.current.declared) if self.current else set()
        # d = 2, C_out = 3: the notes define their layer; judged, but never called wrong
        definition = is_parameter_setting(source, self.document, line, declared)
        # "Sei $Y = X \star_s W$ eine Faltung ...": what Y is, for what follows
        definition = definition or defined_by_let(source, self.document, line)
        if (
            is_hypothesis(source, self.document, line)
            or is_size_setting(source, self.document, line)
            or is_class_given(source, self.document, line)
        ):  # "if $w_{11} = 2$ and ...", "para $H = 7,\ k = 3$": what the example supposes;
            return None  # "the true class $y = 2$": the class the example gives
        if is_convention(text, prose_after(self.document, line, text)):
            return None  # "$\delta_{f,t} = 0$ for t outside 1..T'", before \delta is spelled
        foreign = foreign_gradient(text, self.foreign)
        spelled = spelled_out(text, set(self.foreign), self.spelled) if foreign else None
        if spelled is not None:  # \delta_a = dL/da: the claim with dL/da written out
            text, foreign = spelled, None
            whole_chain = spelled_out(whole_chain, set(self.foreign), self.spelled) or text
        if foreign is None and "=" in text and not is_arithmetic(text):
            foreign = supposed_layer(self.document, line, source)  # "had we used padding 1"
        if foreign is not None and foreign.startswith("the sentence supposes"):
            changed = entry_change(self.document, line, source)
            again = self.judged_with_entry(line, source, text, changed) if changed else None
            if again is not None and again["status"] in (VERIFIED, WRONG):
                # "if $x_{33}$ is changed to $10$, ...": the example's numbers with that change
                letter, i, j, value = changed  # type: ignore[misc]
                message = f"with {letter}_{{{i}{j}}} = {value} as the sentence supposes: "
                return Verdict(line, source, **{**again, "message": message + again["message"]})
        asked = None
        if foreign is None and "=" in text and not is_arithmetic(text):
            asked = asked_before(self.document, line, source)  # "... stride 2? A friend: $..$"
        if foreign is not None or asked is not None:
            letters = dict(self.context().notation.letters)
            changes = question_changes(self.document, line, letters, asked)
            whole_layer = {"input", "kernel"} <= set(changes)
            if asked is not None and changes and not whole_layer:
                # a question in the claim's paragraph about another layer (its stride 2),
                # read only when whole: the claim is about that layer, not the notes'
                shown = ", ".join(f"{k} {v}" for k, v in changes.items())
                return Verdict(
                    line,
                    source,
                    NOT_UNDERSTOOD,
                    f"the question before it asks about another layer ({shown}), whose "
                    "input and kernel it does not both give: that layer is not read",
                )
            self.variant = "input" in changes  # the question's input is this claim's
            try:
                again = self.judged_under(text, changes) if changes else None
            finally:
                self.variant = False
            if asked is not None and not whole_layer:
                again = None  # (no change read: the question is about nothing of the layer)
            if again is not None and again["status"] in (VERIFIED, WRONG):
                # "¿Y si la capa tuviera padding 1?" answered: judged under that layer
                shown = ", ".join(f"{k} {v}" for k, v in changes.items())
                message = f"under the {shown} the question before it asks about: "
                return Verdict(line, source, **{**again, "message": message + again["message"]})
            if foreign is not None:
                # "If we dropped the padding of conv1 ... $H_1 = 64 - 5 = 59$": a layer of the
                # notes' network the sentence names, rebuilt with the change it states
                # (only a stride or padding changed: the two changes chain_claims applies)
                said = sentence_facts(sentence_around(self.document, line, source))
                rebuilt = judge_chain_claim(text, self.document, line, source)
                if (
                    rebuilt is not None
                    and _SENTENCE_CHANGE.search(str(rebuilt["message"]))
                    and {k for k in said if not k.startswith("kind")} <= {"s", "p"}
                ):
                    return Verdict(line, source, **rebuilt)
                return Verdict(line, source, **supposed_open(text, foreign))
        named = judge_network_named(text, self.document, line, source)
        summary = None
        if named is None:  # P_3 = 4608 in a retyped model.summary(): its row's layer
            named = summary = judge_summary_count(text, self.document, line, source)
        if summary is not None:  # (its "Param #" column makes P_2 a count, not a padding)
            definition = False
        if definition and named is not None and named["status"] != VERIFIED:
            named = None  # "N_2 = 0" in a table's count cell: judged, never called wrong
        if named is not None:  # H_1, P_2, r_3 of the network the notes state, not the section's
            if first_side(text):
                self.previous = (line, text)
            return Verdict(line, source, **named)
        here = self.readings[self.section] if self.readings else None
        if here is not None and here.layers:  # a conv and its pooling: the claim's layer
            chosen = choose(here.layers, text)
            if chosen is None:
                return Verdict(line, source, NOT_UNDERSTOOD, across(here.layers, text))
            if chosen is not self.chosen:
                self.chosen = chosen
                self._apply(line)
        ctx = self.context()
        letter = introduced_output_letter(text, self.document, line, ctx.notation.letters)
        if letter is not None:  # "global average pooling $y = ...$" after Z = X * W + b
            definition = True
            self.new_letters[letter] = (line, section_of(self.document, line))
        whole = "\n".join(self.document)  # delta^{l-1} = f'(z^{l-1}) ...: dE/dx^{l-1} here;
        text = (  # f'(z) = ... with "f the ReLU": ReLU'(z) = ...
            through_activation(text, ctx.notation.letters, whole)
            or named_derivative(text, whole)
            or text
        )
        # "x^{(c)}_{ij} is channel c": x^{(c)}_{ij} is x_{c,i,j} (channel_marks.py)
        text = channel_marked(text, whole, ctx.model, ctx.notation.letters)
        text = marked_input(text, ctx.notation.letters)  # A^{(2)} feeding layer 3: its X
        text = plain_upstream(text, whole)  # "upstream gradient $G_P$": G_P is G, not G at P
        text = code_padded(text, whole)  # dy\\_pad[p+m] after "call it `dy_pad`": dy[p+m-2]
        text = in_code_letters(text, whole, ctx.notation.letters)  # "`dout` is dL/d(output)"
        text = from_sample_zero(text, whole)  # L = 1/8 sum_{n=1}^{8} ell^(n): samples from 1
        text = argument_as_z(text)  # \sigma'(y) = \sigma(y)(1 - \sigma(y)): y is a dummy
        text = usual_operator_names(text)  # \operatorname{dil}_2: dilate_2
        text = transposed_size_names(text)  # \text{output\_padding}: p_{out}; H_{out}^{T}
        primed = None  # "your 8x8 input X'": X'_c is that input's map (primed_input.py)
        if not is_arithmetic(text):
            primed = primed_size(
                primed_input(self.document, line, source, _input_letters(ctx)), ctx.where
            )
            text = unprimed(text) if primed is not None else text
            # "Sei $G'$ der zugehörige 7x7-Gradient": the section's layer's G (primed_gradient.py)
            text = primed_gradient(text, self.document, line, ctx.model) if primed is None else text
        mean_loss = False
        if ctx.model is not None:  # G = dell_n/dY_n under L = (1/N) sum_n ell_n: N dL/dY_n
            rescaled = per_sample_loss(text, self.document, line, ctx.model.batch_size)
            if rescaled is None:
                return Verdict(line, source, NOT_UNDERSTOOD, SAMPLE_LOSS_REFUSED)
            mean_loss = rescaled != text or names_sample_loss(text, self.document, line)
            text = rescaled
        batch = judge_batch_loss(text, self.document, line)  # dL/dz_n = (1/N) dell_n/dz_n
        # dL/dy_{nd} = 2(y_{nd} - t_{nd})/(ND) under L = 1/(ND) sum_{n,d} (y_{nd} - t_{nd})^2
        batch = batch or judge_entry_loss(
            text, self.document, line, claim_lead(self.document, line, source)
        )
        # dL/db_f = 0 where a BatchNorm in training mode follows the layer (its mean cancels b)
        batch = batch or judge_bias_before_norm(text, self.document, line)
        # dL/dz = (0, -1, 4)^T after "z = (-1, 2, 0.5)^T" and dL/da = (3, -1, 4)^T (ReLU)
        batch = batch or judge_activation_vector(text, self.document, line)
        # dL/dz_n = (p_n - e_{t_n})/N: a batch's softmax cross-entropy, mean reduction
        batch = batch or judge_softmax_batch(text, self.document, line)
        # eta_sum = eta_mean / N: the learning rate that keeps the step across reductions
        batch = batch or judge_step_scaling(text, self.document, line)
        if batch is not None:
            if first_side(text):
                self.previous = (line, text)
            return Verdict(line, source, **batch)
        ctx.seed = zlib.crc32(text.encode("utf-8"))
        self._at = (line, source)
        self._line = line
        self.general_seen.line = line  # the general reader reads the prose above it too
        self.general_seen.layout = self.settings.get("layout")
        self.general_seen.channels_last = self.settings.get("layout") == "hwc"
        if time.process_time() > self.deadline:
            return Verdict(
                line, source, NOT_UNDERSTOOD, "not checked: the time for the whole file is used up"
            )
        found = judge_matrix_form(text, whole, line)  # dL/dx = C^T dL/dy under y = Cx
        # a layer the notes define as matrix products (Y_mat = W_mat X_col + b1^T, Z = XW +
        # 1b^T): judged under that definition (matrix_claims.py), before the layer read when
        # that layer is a guess, else where the layer read gives no verdict
        guessed = bool(ctx.extras.get("guessed"))
        matrix = judge_matrix_claim(whole_chain, self.document, line) if found is None else None
        if matrix is None and found is None and not guessed and ctx.model is not None:
            # Y_mat = W_row X_col + b 1^T itself, under the convolution the notes state
            layer = quantities_of(ctx.model)
            matrix = judge_im2col_definition(whole_chain, self.document, line, layer)
            matrix = matrix or judge_col2im_entry(whole_chain, self.document, line, layer)
        if matrix is not None and guessed and (not definition or matrix["status"] == VERIFIED):
            if first_side(text):
                self.previous = (line, text)
            return Verdict(line, source, **matrix)
        if found is None:
            token = RANGES.set(declared_ranges(self.document, line))  # "1 \le m, n \le 2"
            # "for $a, b \in \{0, 1\}$": the values of a free offset the claim is stated for
            free = FREE_RANGES.set(free_ranges(self.document, line))
            section = CLAIM_SECTION.set(claim_section(self.document, line))  # dilation_letter
            counts = STATED_COUNTS.set(self._stated_counts())
            implied = IMPLIED.set(  # Einstein's convention; "summed over $f$, $i$, $j$"
                (
                    convention_in_force(self.document, line),
                    stated_letters(self.document, line),
                )
            )
            try:
                # dL/dK = [numbers] after G = dL/dA: through the ReLU first (worked_pipeline)
                found = _guard(
                    lambda: judge_pipeline(source, whole, line, self._line_prefix(), first=True)
                )
                if found is not None:
                    return Verdict(line, source, **found)
                found = _guard(lambda: self.judge(text, ctx))
            finally:
                IMPLIED.reset(implied)
                RANGES.reset(token)
                FREE_RANGES.reset(free)
                CLAIM_SECTION.reset(section)
                STATED_COUNTS.reset(counts)
            if found is None or found["status"] == NOT_UNDERSTOOD:
                # A = [numbers], dL/dZ = [numbers], p_{12} = 6 of a conv -> ReLU -> pool
                # example in the notes' letters, which the one-layer reading does not know
                piped = _guard(lambda: judge_pipeline(source, whole, line, self._line_prefix()))
                if piped is not None and piped["status"] != NOT_UNDERSTOOD:
                    return Verdict(line, source, **piped)
                if found is not None:  # (a given's statement stays no claim)
                    found = piped or found
        if found is None or found["status"] == NOT_UNDERSTOOD:  # T^T g, X_col g written out
            if matrix is not None and (not definition or matrix["status"] == VERIFIED):
                if first_side(text):
                    self.previous = (line, text)
                return Verdict(line, source, **matrix)
            # dL/dW = \delta a^T under the notes' z = Wa + c in letters no layer read knows
            # (linear_gradients.py; guarded: a reader's failure is a verdict, never a crash)
            linear = _guard(lambda: judge_linear_gradient(text, whole))
            if linear is not None and linear["status"] != NOT_UNDERSTOOD:
                return Verdict(line, source, **linear)
            written = dataclasses.replace(ctx, extras={**ctx.extras, "written matrices": True})
            matrix = judge_literal_claim(
                whole_chain,
                self.document,
                line,
                ctx.notation.index_base,
                # (entries of the notes' own written-out matrices: their sizes are stated)
                lambda claim: _guard(lambda: self.judge(claim, written)),
                lambda name: vector_length(ctx, name, whole),
            )
            if matrix is not None and (not definition or matrix["status"] == VERIFIED):
                if first_side(text):
                    self.previous = (line, text)
                return Verdict(line, source, **matrix)
        if found is None or found["status"] == NOT_UNDERSTOOD:  # dE/d\tilde{X}, X~ = pad_P(X)
            found = self.padded_input_gradient(text, ctx) or found
        if (
            found is not None
            and found["status"] == NOT_UNDERSTOOD
            and _BY_BIAS.match(text)
            and re.search(r"has no (?:bias|b)\b", found["message"])
        ):
            found = self._with_a_bias(text) or found
        if found is None and (
            symbolic_bounds(text, unread=True) or names_output(text, self.document)
        ):  # W_out = (W-F+2P)/S + 1
            found = self._general_unless_dense(text, None)
        elif (
            found is not None
            and found["status"] == NOT_UNDERSTOOD
            and (
                self.general
                or symbolic_bounds(text)
                or names_output(text, self.document)
                # H_{sortie} = floor((H + 2P - K)/S) + 1: an output side's formula in full
                or symbolic_bounds(text, unread=True, kernel=True)
            )
        ):  # H_s = floor((H + 2P - k)/S) + 1 after "la taille de la sortie est"
            # in notes about symbolic sizes: an index substitution is prose (no verdict);
            # a statement ending in a number, arithmetic or an operator's call is a claim,
            # and one the layer's reader could not read keeps its reason (a claim dropped
            # without one is silent, never explained)
            general = self._general_unless_dense(text, found)
            found = general if general is not None or not _claims_something(text) else found
        if found is None or found["status"] == NOT_UNDERSTOOD:  # (H_s - 1)S + k = H + 2P
            found = (
                judge_output_identity(  # its case: "with $s$ dividing $H - k$", no padding
                    text, self.document, self._lead_in(), self._stated_padding()
                )
                or judge_causal_padding(text, self.document, line, source)  # P = (K - 1)d
                # output_padding = (H + 2P - K) mod S; "no window reads the last $r = ...$"
                or judge_output_padding(text, self._lead_in())
                or judge_minimum_input(text, self._lead_in())  # "the shortest input: L_min ="
                or found
            )
        # dL/dW 1 = 0: a bare \mathbf{1} read as the batch's column where it does not fit
        found = unless_ones_unread(found, "\n".join(self.document))
        if found is not None and found["status"] == WRONG:  # "because $W = 0$, dL/dX = 0"
            found = unless_zero_given(
                found, text, self._section_before(line), dict(ctx.notation.letters)
            )
        if found is not None and found["status"] == WRONG:  # "$x = 2$" in a 1x1 toy example
            found = unless_scalar_given(
                found, text, self.document, line, self._own_line_before(), ctx.notation.letters
            )
            # Y_{incl} = [matrix] beside Y_{incl}[0,0] = 16/9: "incl" labels Y, it is no entry
            found = unless_label_subscript(found, text, "\n".join(self.document))
        if found is not None and found["status"] == WRONG:  # wrong only under a guess?
            found = self._other_readings(text, found)
        if found is not None and found["status"] == WRONG:  # a bias read from elsewhere?
            found = bias_left_open(self, text, found, line)
        if found is not None and found["status"] in FLAGGED and not is_arithmetic(text):
            found = self._restated(text, found, line)  # wrong under a layer stated later?
            found = self._paragraph_options(text, found, line)  # "with `stride=2` added"
        if found is not None and found["status"] in FLAGGED and not is_arithmetic(text):
            found = self._guard_flagged(found, text, line, ctx)  # a misreading? (read_guards)
            found = unless_restricted(found, self.document, line, source)  # "for every s > t"
            start = self.readings[self.section].line if self.readings else 1
            declared = "padding" in getattr(self.current, "declared", {})
            found = unless_causal(found, self.document, line, start, self.settings, declared)
        if found is not None and not is_arithmetic(text):  # a stride stated after the claim?
            found = self._stated_later(found, text, line)
        lead_in = self._lead_in()
        found = unless_redefined(found, text, lead_in)  # "δ now denotes ∂ℓ_n/∂Y"
        kind = self.settings.get("layer") or "conv2d"
        found = unless_softmax_sentence(found, lead_in, kind, text)  # "8. Softmax + CE, ..."
        found = self._unless_other_channels(found, text, line)  # "(`nn.Conv2d(4, 4, 3, groups=4)`)"
        found = self._unless_other_example(found, line, text)  # "a case small enough: X = [3x3]"
        # Z[0,0] = ... under a pool read as the layer, Z the notes' Z = X \star W + b
        found = unless_conv_letter(found, text, "\n".join(self.document), line, kind)
        found = unless_capital_index(found)  # d(K - 1) + 1 = 5 "differs at K = 0"
        if not is_arithmetic(text):  # Y = [2x2] from 5x5, kernel 2x2: a stride not read
            found = unless_stride_unread(
                found,
                self._stride_doubt(ctx),
                ctx.where,
                lambda changes: self.judged_under(text, changes),
            )
        if (
            found is not None
            and found["status"] in (*FLAGGED, VERIFIED)
            and not is_arithmetic(text)
        ):
            # "a $2 \times 2$ kernel with $d = 2$": a dilation set in words not read
            found = unless_dilation_unread(
                found,
                unread_dilation(
                    self._sections_gone_on_from(line),
                    "\n".join(self.document),
                    ctx.quantities(),
                    frozenset(ctx.extras.get("stated") or ()),
                ),
                lambda changes: self.judged_under(text, changes),
            )
        found = unless_code_variable(found, text, self.document)  # y_2 for the code's y2
        found = unless_summed_superscript(found, text)  # \sum_c w^{(c)}: c dropped
        found = with_named_size(found, text, self.document, line, source)
        found = self._unless_forward_size(found, text, line)  # H_out under a transposed layer
        if not is_arithmetic(text):  # "`ceil_mode=True` gives $H_{out} = ...$"
            found = unless_ceil_mode(found, self.document, line, source)
        built = (  # `Conv2d(3, 16, 3)` in its row or passage: P = ... is its count
            judge_constructor_claim(text, self.document, line, source)
            if found is None or found["status"] == NOT_UNDERSTOOD
            else None
        )
        if built is not None and (not definition or built["status"] == VERIFIED):
            if first_side(text):  # the layer is the constructor's, not the section's guess
                self.previous = (line, text)
            return Verdict(line, source, **built)
        if (found is None or found["status"] == NOT_UNDERSTOOD) and not re.search(
            r"side \d+ of \d+", str((found or {}).get("message", ""))
        ):  # H_1 = floor((224 + 6 - 7)/2) + 1 = 112: the name unread, its arithmetic read
            defined = self.definitions.judge(text, self.document, line, source)
            if defined is not None:  # H' = ... = 32 with H' defined above: no layer is read
                self.previous = (line, text)
                return Verdict(line, source, **defined)
            flattened = (  # "Flatten ... a 64 x 7 x 7 map: D = ...": D is read
                stated_arithmetic(text, self.document, line, source)
                if flatten_length(self.document, line, source) is not None
                else None
            )
            found = (
                flattened
                or arithmetic_after_name(text)
                or stated_arithmetic(text, self.document, line, source)  # N - d(K-1) = 6
                or found
            )
        # P_3 = 16·8·9 = 1152, H_3 = ⌈(8 + 2 - 3)/2⌉ + 1: the layer the formula's numbers name
        found, final = by_its_numbers(found, text, self.document, line, source)
        if final and found is not None:
            if first_side(text):
                self.previous = (line, text)
            return Verdict(line, source, **found)
        if found is not None:  # 6·5·5·3 = 450 of a layer with no b written
            found = count_bias_guessed(self, text, found)
        if found is not None and found["status"] == VERIFIED and not is_arithmetic(text):
            found = self._verified_restated(text, found, line)  # a layer stated later?
            found = self._paragraph_options(text, found, line)  # "with `stride=2` added"
            found = bias_absent_guessed(self, text, found, line)  # Z = XW, then dL/db
            found = padding_unread(self, text, found, line)  # "same padding", unread
            found = self._guard_verified(found, ctx)  # a guess lacking the notes' entries?
            found = self._guard_verified_settings(found, text, ctx)  # another stated layer?
            found = self._verified_in_formula_case(found, text, line, ctx)  # "for `"same"`"
        if found is not None and found["status"] in (VERIFIED, ALL_SIZES, NOT_UNDERSTOOD):
            found = self._guard_unwritten_options(found, text)  # read at stride 1, stated 2?
        if (
            found is not None
            and found["status"] in (VERIFIED, ALL_SIZES, *FLAGGED)
            and not is_arithmetic(text)
        ):
            found = self._guard_mode(found, text)  # "En modo same ...": that layer's claim
        if found is not None and found["status"] in FLAGGED and not is_arithmetic(text):
            found = self._other_kind_named(found, ctx)  # "Capa densa" over a conv reading
        size = None if is_arithmetic(text) else named_input(self.document, line, source, ctx.where)
        size = primed or size
        changes = (
            None
            if is_arithmetic(text) or definition or primed
            else clause_changes(self.document, line, source, self.settings, found)
        )
        if changes is not None:  # "For a 7x7 input, ..., no padding: ...": that layer's claim
            self.variant = True
            try:
                again = self.judged_under(text, changes)
            finally:
                self.variant = False
            size = None
            found = (
                at_clause_case(again, changes)
                if again is not None and again["status"] in (VERIFIED, WRONG)
                else not_at_clause_case(found, changes)
            )
        if size is not None and not definition:  # "para 6x6 también ...": that input's layer
            self.variant = True  # the notes' other input is this claim's (named_input.py)
            try:
                again = self.judged_under(text, {"input": size})
            finally:
                self.variant = False
            if again is not None and again["status"] in (VERIFIED, WRONG):
                found = at_named_input(again, size)
            elif primed is not None:  # never judged at the notes' first input
                found = {"status": NOT_UNDERSTOOD, "message": primed_unjudged(primed, again)}
            elif found is not None and found["status"] != NOT_UNDERSTOOD:
                other = other_input_named(self.document, line, source, ctx.where)
                found = found if other is None else {"status": NOT_UNDERSTOOD, "message": other}
        if (
            found is not None
            and found["status"] in (VERIFIED, WRONG)
            and not is_arithmetic(text)
            and ctx.model is not None
        ):  # "Para el núcleo par $K = 4$ ...", "(so `dy` is all ones)", a table's row
            other = another_case(self.document, line, text, found, quantities_of(ctx.model))
            found = found if other is None else {"status": NOT_UNDERSTOOD, "message": other}
        if found is not None and found["status"] in (VERIFIED, *FLAGGED):
            found = self._beside_case(found, text)  # "## Recap" after "## With stride 2"
        if found is not None and found["status"] == WRONG:  # dL/dA written in numbers above
            start = self.readings[self.section].line if self.readings else 1
            found = unbound_numbers(found, text, self.document, start, line)
        if found is not None and found["status"] != NOT_UNDERSTOOD and not is_arithmetic(text):
            other = unscaled_claim(self.scaled, line)  # y_n = \Delta \sum_k w_k x_{n+k}
            if (
                other is None
                and found["status"] == WRONG
                and ctx.model is not None
                and _SIZE_FORMULA.fullmatch(text)
            ):
                other = disagreeing_size(  # "$C = 4$" but the layer read has one channel
                    text, self.document, (line, source), ctx.notation, quantities_of(ctx.model)
                )
            found = found if other is None else {"status": NOT_UNDERSTOOD, "message": other}
        if found is not None and not (here is not None and here.layers):
            # Z^{[2]} = W^{[2]} * Z^{[1]} in notes about layer 1 (a pool after a conv
            # shares its mark: stacked.py reads those)
            facts = self.current.facts if self.current else []
            apart = across_layers(
                text,
                ctx.notation.letters,
                facts,
                self.document,
                self.network() is not None,
                # the activation reader reads A^{[l]} as the activation's output itself
                bool(ENTRYWISE.search(str(found.get("message", "")))),
                line,
                found.get("status") in (WRONG, SIZE_SPECIFIC),
            )
            found = found if apart is None else {"status": NOT_UNDERSTOOD, "message": apart}
        net = self.network()
        if found is not None and found["status"] == WRONG and net is not None:
            # an entry of the built-in LeNet's C1 where the notes' LeNet has a 32x32 input
            other = other_network_input("\n".join(self.document), net.input_shape)
            if other is not None and not is_arithmetic(text):
                found = {"status": NOT_UNDERSTOOD, "message": other}
        if found is not None and found["status"] in (VERIFIED, WRONG) and not is_arithmetic(text):
            # "para quien use la fórmula de paso 1: ..." in notes of stride 2 (formula_case.py)
            found = unless_formula_case(
                found,
                self._lead_in(),
                self.settings.get,
                lambda c: self.judged_under(text, c),
                self._own_line_after(),  # "$...$, but that only holds for stride 1"
            )
        if found is not None and found["status"] in (VERIFIED, WRONG) and not is_arithmetic(text):
            found = unless_base_contested(  # "0-based" for the deck, "1-based" on one card
                found,
                text,
                self.readings,
                line,
                ctx.notation.index_base,
                self.judged_under,
                self.document,
                self.readings[self.section] if self.readings else None,
            )
        if found is not None and found["status"] == WRONG:
            # "Non-overlapping: H_out = floor((9 - 3)/3) + 1 = 3" for a stride-2 pooling
            found = unless_own_stride(found, text, self.settings.get("stride"), self.judged_under)
        if found is not None and found["status"] == WRONG:
            # "H_out = floor((H - k)/s) + 1" as a general fact, under a worked example's padding 1
            found = unless_unpadded_formula(
                found,
                text,
                self.settings.get("padding"),
                self.judged_under,
                (self.document, line),
            )
        if found is not None and found["status"] in (VERIFIED, WRONG) and not is_arithmetic(text):
            # K[1,1] alone beside a 2x2 K: "1-based" from one smallest index is a guess
            found = unless_base_guessed(
                found,
                text,
                self.section_facts()[1],
                self.declares("index-base") or ctx.notation.index_base != 1,
                self.judged_under,
            )
        if found is None or found["status"] == NOT_UNDERSTOOD:  # rot(A * B) = rot(A) * rot(B)
            found = judge_identity(text, self.document, line) or found  # A, B: sizes only
        if not definition and (found is None or found["status"] == NOT_UNDERSTOOD):
            # "| average pooling 2x2, passo 2 | dL/dX_{p,q} = ... |": the pool its row names
            found = (
                judge_under_row_pool(
                    self._own_line_before(), self.settings, text, self.judged_under
                )
                or found
            )
        if definition and found is not None and found["status"] != VERIFIED:
            found = None  # a definition against the layer read from it, or another layer's
        if not definition and (found is None or found["status"] == NOT_UNDERSTOOD):
            found = self._by_links(line, whole_chain) or found  # δ = ∂E/∂z = ∂E/∂a ⊙ f'(z)
        if not definition and not self.linking:  # dL/dX = G W^T = [numbers]: link 1 binds
            found = with_first_link(found, whole_chain, lambda link: self._link(line, link))
        if first_side(text):  # even one that is not a claim: its "= ..." rows continue it
            self.previous = (line, text)
        if letter is None:  # y written after the notes introduced it for another quantity
            here = section_of(self.document, line)
            introduced = {k: at for k, (at, sec) in self.new_letters.items() if sec == here}
            found = unless_new_letter(found, text, introduced)
        # "with `count_include_pad=True` ..." under a pooling read without padding
        found = unless_pad_count(
            found, self.document, line, source, self.settings.get, is_arithmetic(text)
        )
        found = unless_goal(found, self.document, line, source)  # "... pour que $H' = H$"
        if found is None:
            return None
        if ctx.model is not None and mean_loss and found["status"] == WRONG:
            found = {**found, "message": f"{found['message']} ({SAMPLE_LOSS_READ})"}
        found = explain(
            found,
            self.settings,
            ctx.notation.letters,
            ctx.notation.index_base,
            self.current.stated if self.current else set(),
            self.latex,
        )
        # a key starting "_" is a judge's note to the guards (pool_kind.py), not the verdict's
        return Verdict(line, source, **{k: v for k, v in found.items() if not k.startswith("_")})

    def _unless_forward_size(self, found: dict | None, text: str, line: int) -> dict | None:
        """``found``, or not-understood where the layer read is a transposed convolution and
        the claim names a size the notes defined by a forward output's rounded-down formula
        (``H_{out} = \\lfloor (H + 2P - R)/S \\rfloor + 1``, then "$H = 8$: $H_{out} = 4$" on
        a slide about the transpose): that name is the transpose's input side, not its
        output, so the layer's output is not what the claim states."""
        if found is None or found.get("status") not in FLAGGED:
            return found  # (a verdict the size readers reached as a forward size stands)
        if "conv_transpose" not in str(found.get("message", "")):
            return found  # flagged with the transpose's sizes only
        at = self.definitions.forward_size(text, line)
        if at is None:
            return found
        return {
            "status": NOT_UNDERSTOOD,
            "message": f"the notes define its name on line {at} as a forward layer's output "
            "size (rounded down), and the layer read here is a transposed convolution, whose "
            "output that is not: which quantity it names here is not read",
        }

    def _link(self, line: int, link: str) -> dict[str, str] | None:
        """One link of a chain, judged as if written alone."""
        self.linking = True
        try:
            verdict = self.statement(line, link)
        finally:
            self.linking = False
        return None if verdict is None else dict(status=verdict.status, message=verdict.message)

    def _by_links(self, line: int, text: str) -> dict[str, str] | None:
        """A chain judged link by link, each link as if written alone (chain_links.py)."""
        sides = None if self.linking else equality_sides(text)
        if sides is None:
            return None

        def pair(link: str) -> dict[str, str] | None:
            verdict = self.statement(line, link)
            return None if verdict is None else dict(status=verdict.status, message=verdict.message)

        self.linking = True
        try:
            return judge_links(sides, pair)
        finally:
            self.linking = False

    def _stated_counts(self) -> frozenset[str]:
        """What the notes, an option or a directive state of the current layer."""
        if self.current is None:
            return frozenset()
        return frozenset(self.current.stated) | frozenset(self.current.declared)

    def _other_readings(self, text: str, found: dict) -> dict:
        """``found`` (wrong), or not-understood when the claim holds under a reading of
        the axes the notes leave open (second_reading.py)."""
        kinds = kind_alternatives(self.settings, self.current)  # a kind from another line
        stated = conflict_alternatives(self.readings, self.section, self.settings)
        # an earlier case's dilation or output padding the section was not read to go on with
        aside = [
            (f"the {key} {value} of line {at} holds here too", {key: value})
            for key, value, at in (self.readings[self.section].set_aside if self.readings else ())
        ]
        # a worked example's own input and weights under the notes' stride and padding
        earlier = self._earlier_layer_settings()
        readings = [
            *alternatives(self.settings, self.context().notation),
            *kinds,
            *stated,
            *aside,
            *([earlier] if earlier is not None else []),
        ]
        narrower: tuple[str, dict] | None = None  # wrong there too, by fewer of its links
        for what, changes in readings:
            other = self.judged_under(text, changes)
            if other is not None and other["status"] == VERIFIED:
                return open_reading(found, what)
            if other is not None and other["status"] == WRONG and narrower is None:
                mine, theirs = _differing_sides(found), _differing_sides(other)
                if mine is not None and theirs is not None and theirs < mine:
                    narrower = (what, other)
            short_of_bias = (
                other is not None
                and other["status"] == WRONG
                and re.search(r"missing b\b", str(other.get("message"))) is not None
            )
            if (what, changes) in stated and short_of_bias:
                # under the notes' own numbers and short of a bias only: the bias may be
                # another section's (bias_guess.py weighs that for the layer in use)
                again = self.judged_under(text, {**changes, "bias": "false"})
                if again is not None and again["status"] == VERIFIED:
                    return open_reading(found, f"{what} and no bias")
        if narrower is not None:
            # "y[3] = 1·4 + 2·2 + ... = 8" (the sum is 7): wrong under either reading, and
            # the links wrong under both are the numbers' own (side 3 against side 2);
            # that the entry y[3] differs from the sum rests on which layer is read
            what, other = narrower
            return {**other, "message": f"wrong either way; with {what}: {other['message']}"}
        return found

    def _unless_other_example(self, found: dict | None, line: int, text: str) -> dict | None:
        """``found``, or not-understood when the section's worked example gives an input
        or kernel of another shape than the layer's (example_layer.py)."""
        if not self.readings or not self.document or found is None:
            return found
        start = self.readings[self.section].line
        document = "\n".join(self.document)
        found = unless_example_of_other_layer(
            found, document, line, self._own_line_before(), start, self.settings
        )
        if is_arithmetic(text):
            return found  # (1 - 2 + 0 + 3) + ... = 4: the numbers' own, under any layer
        # "Un solo filtro, $N = 2$": a worked example of one filter (example_layer.py)
        return unless_one_filter_example(found, document, line, start, self.settings)

    def _unless_other_channels(self, found: dict | None, text: str, line: int) -> dict | None:
        """``found``, or not-understood when the claim's section writes a constructor of
        other channels before it (constructor_aside.py)."""
        if not self.readings or not self.document:
            return found
        start = self.readings[self.section].line
        return unless_other_channels(
            found, text, self.settings, self.document[start - 1 : line], start, line
        )

    def _own_line_before(self) -> str:
        """The line of the statement being judged, up to the statement."""
        line, source = self._at
        if not self.document or not 1 <= line <= len(self.document):
            return ""
        own = self.document[line - 1]
        head = source[:20].strip()
        cut = own.find(head) if head else -1
        for _ in range(OCCURRENCE.get()):  # the statement is the n-th of its text on its line
            again = own.find(head, cut + 1) if cut >= 0 else -1
            if again < 0:
                break
            cut = again
        return own[: max(cut, 0)]

    def _own_line_after(self) -> str:
        """The line of the statement being judged after the statement, or, for a formula
        ending its line, the next line of its paragraph (a display's sentence goes on
        there; after a blank line, another paragraph speaks of other claims)."""
        line, source = self._at
        if not self.document or not 1 <= line <= len(self.document) or not source.strip():
            return ""
        own = self.document[line - 1]
        tail = source.strip()[-20:]
        cut = own.find(tail)
        rest = own[cut + len(tail) :] if cut >= 0 else ""
        if rest.strip(" $.,;\\])"):
            return rest
        return self.document[line] if line < len(self.document) else ""

    def _beside_case(self, found: dict, text: str) -> dict:
        """``found``, or the verdict in the case the claim's own words name, or
        not-understood where the section stands beside a heading's case ("## With stride
        2" before "## Summary": infer._after_sibling_case) and the claim, wrong at the
        notes' own layer, holds in the case (a recap of the stride-2 form): which of the two
        it is about is not read.  A claim that holds at the notes' own layer keeps its
        verdict, as under a heading's case alone (heading_kind.sibling_heading_fact)."""
        reading = self.readings[self.section] if self.readings else None
        case = getattr(reading, "beside_case", ())
        if not case or is_arithmetic(text):
            return found
        other = self.judged_under(text, {key: value for key, value, _ in case})
        if other is None or other["status"] not in (VERIFIED, *FLAGGED):
            return found
        # "| stride 2 | $...$ |", "Stride 1: $...$": the claim's own words say which (at
        # sizes the notes state: the case's verdict was reached without the guards of a
        # guessed layer, so at a guessed one the two are only weighed)
        said = dict(lead_in_case(self._lead_in(), prose_facts))
        guessed = bool(self.context().extras.get("guessed"))
        if not guessed and all(key in said for key, _, _ in case):
            if all(said[key] == value for key, value, _ in case):
                return other
            own = {"stride": "1", "padding": "0", "dilation": "1"}  # the defaults, unstated
            if all(said[key] == (self.settings.get(key) or own[key]) for key, _, _ in case):
                return found
        if found["status"] == VERIFIED or other["status"] != VERIFIED:
            return found  # (a heading's own case never reached a section beside it either)
        where = ", ".join(f"{key} {value}" for key, value, _ in case)
        return {
            "status": NOT_UNDERSTOOD,
            "message": f"it fails at the notes' own layer but holds with the {where} of the "
            f"case a heading beside its section states (line {case[0][2]}); which of the two "
            "the claim is about is not read",
        }

    def _stated_padding(self) -> int | None:
        """The padding the section's layer states (one number on every side), else None."""
        if self.current is None or "padding" not in self.current.stated:
            return None
        value = self.settings.get("padding")
        return int(value) if isinstance(value, str) and value.isdigit() else None

    def _lead_in(self) -> str:
        """The prose that leads into the statement being judged: its own line up to it,
        or, for a formula opening its line, the nearest line above with text."""
        before = self._own_line_before()
        if before.strip().strip("$").strip():
            return before
        line = self._at[0]
        above = [text for text in self.document[max(0, line - 3) : line - 1] if text.strip()]
        return above[-1] if above else ""

    def _sections_gone_on_from(self, line: int) -> list[tuple[int, str]]:
        """(first line, text) of the claim's section up to the claim, then of each section
        before it whose layer it goes on from (an inherited reading's), nearest first."""
        start = self.readings[self.section].line if self.readings else 1
        found = [(start, self._section_before(line))]
        at = self.section
        while self.readings and at > 0 and self.readings[at].inherited:
            first, end = self.readings[at - 1].line, self.readings[at].line - 1
            found.append((first, "\n".join(self.document[max(first - 1, 0) : end])))
            at -= 1
        return found

    def _section_before(self, line: int) -> str:
        """The claim's section up to the claim: its lines above and its own line before it."""
        start = self.readings[self.section].line if self.readings else 1
        above = self.document[max(start - 1, 0) : max(line - 1, 0)]
        return "\n".join([*above, self._line_prefix()])

    def _prose_before(self) -> str:
        """The document before the statement being judged (its line up to it, and the 30
        lines above): where the activation a claim is about is named."""
        line = self._at[0]
        if not self.document or line < 1:
            return ""
        return "\n".join([*self.document[max(0, line - 31) : line - 1], self._own_line_before()])


# 36.928, 1.204.352: a whole number with its thousands grouped by a dot, or a decimal (not
# 0.125, 3.14159, 2.5: a leading zero or other than three digits after each dot)
_DOT_GROUPED = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:\.\d{3})+(?![\d.]\d|\d)")
# a magnitude written after the formula: "$\approx 37.7$ M", "$1{,}2$ Mio.", "$3.4$ GFLOPs"
_MAGNITUDE = re.compile(rf"^[\s$]*(?:\\[)\]]\s*)?(?:{MAGNITUDE})(?![^\W\d_])")
MAGNITUDE_REASON = (
    "a magnitude follows the formula (k, M, G, Mio., million...): the number's unit is not "
    "read, so its value is not known"
)


def _magnitude_after(document: list[str], line: int, source: str) -> bool:
    """A magnitude word follows the formula that ends with ``source`` on its line."""
    if not 1 <= line <= len(document) or not source.strip():
        return False
    own, written = document[line - 1], source.strip()
    for m in re.finditer(re.escape(written), own):
        rest = own[m.end() :]
        if re.match(r"\s*(?:\$|\\\))", rest):  # the formula closes here
            return _MAGNITUDE.match(rest) is not None
    return False


# a transposed convolution's scatter form where the layer read is another kind: its
# summed factor (Y, the layer's output letter) is that transposed layer's input, which
# is no tensor of the layer read (roles.roles_read)
SCATTER_REASON = (
    "a transposed convolution's scatter form (each entry of the summed tensor stamps the "
    "kernel), in notes whose layer is read as another kind: the transposed layer it "
    "defines, and its input, are not read"
)

DOT_GROUPED_REASON = (
    "it is wrong only with the dot read as a decimal point, not as grouping thousands (as "
    "German, Italian or Turkish notes write whole numbers): which the notes mean is not read"
)


def check_text(
    text: str,
    path: str = "<text>",
    settings: dict[str, str] | None = None,
    seconds: float | None = None,
    total: float = CPU_SECONDS_PER_FILE,
) -> Report:
    """Every verdict for a document; ``settings`` (command-line options) override the
    front matter, in-file directives override both from their line on.  ``seconds`` bounds
    each statement's CPU time, ``total`` the whole document's (safety nets: see
    :mod:`symconv.checker.limits`)."""
    matter, skip = front_matter(text)
    events = scan(text, skip, latex=path.endswith(".tex"))
    # D2L's [\mathsf{W}]_{o,c,a,b} is the entry W_{o,c,a,b}: the layer's reader sees it so
    blocks = [
        Block(e.line, merge_chained(rows_and_columns(bracket_entries(e.text))))
        for e in events
        if e.kind == "math"
    ]
    readings = infer(
        bracket_entries(text),
        blocks,
        [(e.line, e.cells) for e in events if e.kind == "table"],
        skip,
    )
    declared = "sizes" in {**matter, **(settings or {})}
    # the kernel letter alone, or beside the letters letter_sizes.py binds
    prose = {} if declared else beside_bound_letters(readings, text)
    layers = [("the prose", prose), ("front matter", matter), ("options", dict(settings or {}))]
    base = Settings(tuple({**prose, **matter}.items())).merged(settings or {})
    checker = Checker(base, seconds, total, [(s, v) for s, v in layers if v], readings)
    checker.latex = path.endswith(".tex")
    checker.padded = padded_letters(text)
    checker.foreign = foreign_letters(blocks, text)  # \delta = dL/dA: not this layer's G
    checker.spelled = spelled_definitions(blocks, text)  # ... but still a name for dL/dA
    checker.document = text.split("\n")
    checker.scaled = scaled_forward(text)  # y_n = \Delta \sum ...: not this layer's forward
    checker.general_seen.document = text  # a bound may be defined after its sum
    checker._context = None  # rebuilt knowing the document (how it lays out vectors)
    checker.context()  # bad layer options are a user error, before any verdict
    verdicts: list[Verdict] = []
    # \gamma(f) = \lfloor f/3 \rfloor: a map of indices the notes' indices may apply
    functions = INDEX_FUNCTIONS.set(index_functions([b.text for b in blocks]))
    try:
        for event in events:
            verdicts.extend(checker.on_event(event, path))
            if len(verdicts) > MAX_STATEMENTS:
                raise SymconvError(f"{path}: more than {MAX_STATEMENTS} equations; the limit")
    finally:
        INDEX_FUNCTIONS.reset(functions)
    return Report(path, verdicts, [a.to_dict() | {"text": a.text()} for a in checker.assumed])


def check_file(path: str, settings: dict[str, str] | None = None) -> Report:
    return check_text(read_user_text(path), path, settings)


def check_expression(
    expr: str,
    settings: dict[str, str] | None = None,
    seconds: float | None = None,
    total: float = CPU_SECONDS_PER_FILE,
) -> Report:
    """``symconv check --expr``: one block of math, the layer from ``settings`` only."""
    if len(expr) > MAX_EQUATION_CHARS:
        raise SymconvError(
            f"--expr has {len(expr):,} characters; the limit is {MAX_EQUATION_CHARS:,}"
        )
    checker = Checker(Settings(tuple((settings or {}).items())), seconds, total)
    checker.context()
    return Report("<expr>", checker.on_event(Event("math", 1, expr), "<expr>"))


def _input_letters(ctx: Context) -> set[str]:
    """The letters the notes' notation gives the layer's input."""
    return {letter for letter, role in ctx.notation.letters.items() if role == "X"}


def _claims_something(text: str) -> bool:
    r"""A statement no general document writes as prose: it ends in a number (``H = ... =
    7``, ``(4 - 1) 2 + 2 = 8``) or calls an operator (``\operatorname{conv\_transpose2d}(G, W)``),
    takes a derivative (``\frac{\partial L}{\partial W} = \delta x^\top``, ``\tanh'(z) =
    ...``) or ends in a list of numbers (``(-1, 2, 1, -2)``); index substitutions (``a = k_h -
    1 - \tilde{a}``) and ``\pm 1`` are none of these."""
    return (
        bool(re.search(r"=\s*-?\d+(?:\.\d+)?\s*$", text))
        or "\\operatorname" in text
        or bool(_DERIVATIVE.search(text))
        or bool(_NUMBER_LIST.search(text))
    )


# a derivative: \partial, d/dx, \nabla, f'(z)
_DERIVATIVE = re.compile(r"\\partial|\\nabla|\\frac\s*\{\s*d\b|[A-Za-z}]'\s*(?:\(|\\left)")
# "= (-1, 2, 1, -2)", "= (6{,}5;\ -0{,}5)": a list of numbers
_NUMBER_LIST = re.compile(r"=\s*\(\s*-?\d[-\d.,{}\s;\\]*\)\s*$")
