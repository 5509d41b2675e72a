"""Guards against verdicts that rest on a misreading of real notes (a mixin of
:class:`~symconv.checker.runner.Checker`): a layer the notes' own facts contradict
(contradicted_layer.py), a doubled capital read as a product (doubled_letters.py), a
function's definition read as entries (function_of_tensor.py), sizes or letter roles the
checker guessed (guessed_layer.py).  Each turns the verdict into not-understood, naming
the misreading; found by running the checker on public notes nobody wrote for it."""

from __future__ import annotations

import re

from symconv.checker.allsizes import applies as names_general_sizes
from symconv.checker.allsizes import judge_general
from symconv.checker.allsizes_parse import parse
from symconv.checker.allsizes_sizes import is_output_formula
from symconv.checker.case_sizes import (
    in_stated_case,
    judged_in_case,
    lead_in_case,
    referred_case,
)
from symconv.checker.context import Context
from symconv.checker.contradicted_layer import (
    unless_contradicted,
    unless_stand_in,
)
from symconv.checker.doubled_letters import unless_doubled
from symconv.checker.function_of_tensor import unless_function_definition
from symconv.checker.guessed_definition import (
    UNSTATED_TRIES,
    defines_output,
    unless_definition_failed,
)
from symconv.checker.guessed_layer import unless_guessed, unless_outside
from symconv.checker.layer_marks import section_layer
from symconv.checker.letter_parameters import named_parameters
from symconv.checker.limits import NotUnderstood
from symconv.checker.mode_case import in_general_mode, in_layer_mode, stated_modes
from symconv.checker.numbered_layers import unless_other_numbered_layer
from symconv.checker.output_case import IN_CASE, output_case
from symconv.checker.output_names import output_names
from symconv.checker.pool_kind import unless_pool_kind_settled
from symconv.checker.prose import POOL, prose_facts
from symconv.checker.report import ALL_SIZES, NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.softmax_notes import unless_softmax_letter
from symconv.checker.tied_padding import unless_tied_padding
from symconv.errors import SymconvError

# a claim about tensors: an operator or a derivative (not a size's arithmetic)
_TENSOR_CLAIM = re.compile(r"\\partial|\\star|\\ast|\\operatorname|\\nabla")
# an inline size set to a number, "$s = 1$", "$p=0$": the source of a stated setting
_SIZE_SPAN = re.compile(r"\$\s*([A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?\s*=\s*(\d+))\s*\$")
# the words right before it that make it a case tried out: "the rule for", "when",
# "cuando", "für den Fall", "dans le cas" (a worked example's "with" or "here" state its layer)
_CASE_BEFORE = re.compile(
    r"(?:\b(?:when|whenever|if|unless|suppose|assuming|for|cuando|si|para|quand|pour|wenn|"
    r"falls|für|gdy|jeśli|dla)(?:\s+(?:a|the|el|la|le|den|der|die))?"
    r"(?:\s+(?:case|caso|cas|Fall|przypadku))?(?:\s+(?:of|de|von|du))?)\s*$",
    re.IGNORECASE,
)
# the spans of one list before it ("for $n = 7$, $k = 3$, $s = 2$"): the case word before
# the list makes each of its settings a case tried out
_SPAN_RUN = re.compile(
    r"(?:\$[^$]*\$\s*(?:,|;|\band\b|\bet\b|\by\b|\bund\b|\be\b|\bi\b)?\s*)+$", re.IGNORECASE
)
# ... or right after it in the languages that put the condition last: "$s = 1$ のとき"
_CASE_AFTER = re.compile(r"^\s*(?:のとき|の場合|일 때|인 경우|时|時)")


def _hypothesis(document: list[str], line: int, value: str) -> bool:
    """Whether the setting ``value`` read on ``line`` is only a hypothesis of its sentence
    ("the same recipe for $s = 1$ ...", "cuando $p = 0$"): a case the notes try out, not a
    layer of theirs, so a claim elsewhere cannot be about it.  Every span on the line that
    sets a size to that value must be one; a line without such a span states the layer."""
    if not 0 < line <= len(document):
        return False
    text = document[line - 1]
    spans = [m for m in _SIZE_SPAN.finditer(text) if m.group(2) == value]
    return bool(spans) and all(
        _CASE_BEFORE.search(_SPAN_RUN.sub("", text[: m.start()]))
        or _CASE_AFTER.match(text[m.end() :])
        for m in spans
    )


def _kind_of(reading) -> str:
    """The layer kind a reading's facts state (a convolution by default)."""
    return next((f.value for f in reading.facts if f.key == "layer"), "conv2d")


# the general prover's verdicts: a counterexample it chose among all sizes
_ALL_SIZES = ("false for all sizes", "fails at other sizes")
# a lead-in that names the case as what a wrong version assumes, not as the claim's case
_ASSUMED_WORDS = re.compile(
    r"\b(?:assum\w*|suppos\w*|silently|ignor\w*|forg[eo]t\w*|versions?|wrong\w*|mistak\w*"
    r"|errors?|incorrect\w*|instead|supon\w*|olvid\w*|err[óo]ne\w*|suppon\w*|annehm\w*)\b",
    re.IGNORECASE,
)
# "With symmetric padding $p = k/2$ instead, ...": a clause that opens on a supposition and
# closes on a bare "instead" (no "of") tries another layer -- the claim's own case, as "With
# stride 2, ..." is -- not a wrong version's assumption ("padded by k instead of k - 1")
_TRIED_INSTEAD = re.compile(
    r"(?:^|[.;:!?]\s+|\n\s*)(?:[(*\w]+\)?\s+)?(?:with|using|if|when|had|for)\b[^.;:!?]*?"
    r"\binstead\b(?!\s+of\b)",
    re.IGNORECASE,
)


class _Assumed:
    """The lead-in test of a wrong version's assumption: ``search`` as a regex's, so every
    guard reads it alike."""

    @staticmethod
    def search(text: str):
        tried = [m.span() for m in _TRIED_INSTEAD.finditer(text)]
        for m in _ASSUMED_WORDS.finditer(text):
            if m.group(0).lower() == "instead" and any(a <= m.start() < b for a, b in tried):
                continue
            return m
        return None


_ASSUMED = _Assumed()


def _respected(message: str, key: str, value: str) -> bool:
    """Whether the general prover's counterexample (``with H=8, W=8, kernel 2x2, stride (2,
    2), dilation (1, 1), padding (1, 1, 1, 1)``) has the stated ``key`` ``value``; False
    where the message does not show it."""
    shown = {
        "stride": r"stride \(([\d, ]+)\)",
        "padding": r"padding \(([\d, ]+)\)",
        "dilation": r"dilation \(([\d, ]+)\)",
        "kernel": r"kernel (\d+x\d+)",
        "input": r"H=(\d+), W=(\d+)",
    }.get(key)
    m = re.search(shown, message) if shown else None
    if m is None:
        return False
    if key == "input":
        return f"{m.group(1)}x{m.group(2)}" == value
    if key == "kernel":
        return m.group(1) == value
    return {v.strip() for v in m.group(1).split(",")} == {value}


def unless_case_stated(found: dict, lead_in: str) -> dict:
    """``found``, or not-understood when the general prover calls the claim wrong at sizes
    it chose while the claim's own lead-in restricts it to a case ("Stride 1, no padding:
    ...", "For a 5x5 input, a 3x3 kernel, stride 2: ..."): the counterexample need not be
    one of the cases the claim speaks of."""
    message = str(found.get("message", ""))
    if found.get("status") != WRONG or not any(m in message for m in _ALL_SIZES):
        return found
    stated = lead_in_case(lead_in, prose_facts)
    if not stated or _ASSUMED.search(lead_in):
        return found  # "A version that silently assumes stride 1": the mistake's assumption
    if all(_respected(message, key, value) for key, value in stated):
        return found  # the counterexample is one of the claim's cases: wrong there too
    return {
        "status": NOT_UNDERSTOOD,
        "message": f"its sentence restricts it to a case "
        f"({', '.join(f'{key} {value}' for key, value in stated)}), which the "
        f"general prover's counterexample need not be (read for all sizes: {message[:100]})",
    }


# the general reader's verdicts that a claim holds (for all sizes, or at its grid)
# (or holds at its grid where the general prover did not prove it: not understood)
_GENERAL_HOLDS = ("holds at these sizes", "the general prover proved", "but the general prover")
_DEFAULTS = {"stride": "1", "padding": "0", "dilation": "1"}
# how the general prover's statement says it judged a parameter at its default
_AT_DEFAULT = {"stride": "stride 1", "padding": "no padding", "dilation": "no dilation"}
# the letter a claim writes an option with: then the claim is about every value of it (a
# product of letters counts, "DK" is D times K; a word such as "Dropout" does not)
_OPTION_LETTERS = {
    "stride": r"(?<![A-Za-z\\])[Ss](?:_\{?[hw]\}?)?(?![a-z]{2})",
    "padding": r"(?<![A-Za-z\\])[Pp](?:_\{?[hw]\}?)?(?![a-z]{2})|pad",
    "dilation": r"(?<![A-Za-z\\])[Dd](?:_\{?[hw]\}?)?(?![a-z]{2})|dilat",
}
# the letter alone (an operator pad_{k-2}, dil_2 writes no letter of the layer's padding)
_LETTER_ONLY = {key: pattern.split("|")[0] for key, pattern in _OPTION_LETTERS.items()}


def unless_options_stated(
    found: dict, text: str, settings: dict, stated: dict[str, str], section: str = ""
) -> dict:
    r"""``found``, or not-understood when the general prover calls the claim wrong with a
    counterexample whose stride, padding or dilation is not the one the notes state for
    the section, where the claim writes no letter for it ("kein Padding" above, then
    $\partial L/\partial x_i = \sum_{k=0}^{K-1} w_k g_{Si+k}$: a claim for every S and K,
    not for every padding)."""
    message = str(found.get("message", ""))
    if found.get("status") != WRONG or not any(m in message for m in _ALL_SIZES):
        return found
    lettered = {"padding" if q == "pad" else q for q in named_parameters(section)}
    for key, letter in _OPTION_LETTERS.items():
        value = settings.get(key)
        said = stated.get(key) if key not in lettered else None  # "**Stride $s$**" above
        if said is None or _ASSUMED.search(said) or value is None or not value.isdigit():
            continue  # (not "A version that silently assumes stride 1": a mistake's case)
        if re.search(letter, text) is None and not _respected(message, key, value):
            return {
                "status": NOT_UNDERSTOOD,
                "message": f"the notes state {key} {value} for it and it writes no letter "
                f"for the {key}; the general prover's counterexample has another (read "
                f"for all sizes: {message[:100]})",
            }
    return found


class ReadGuards:
    """Uses the Checker's ``current`` (the section's assumed layer), ``readings``,
    ``section`` and ``document``."""

    current: object
    settings: dict
    failed_definitions: dict[tuple[int, str], int]  # (section, guessed layer) -> its line
    held_definitions: set[tuple[int, str]]  # (section, guessed layer) whose definition held
    readings: list
    section: int
    document: list[str]

    def _stated_lines(self) -> dict[str, str]:
        """key -> the line of the notes that states it, for the facts the section's
        layer takes from the notes (not defaults)."""
        stated = set(getattr(self.current, "stated", ()) or ())
        reading = self.readings[self.section] if self.readings else None
        lines: dict[str, str] = {}
        for fact in getattr(reading, "facts", []):
            if fact.key in stated and fact.key not in lines and 0 < fact.line <= len(self.document):
                lines[fact.key] = self.document[fact.line - 1]
        return lines

    def _stated_at(self) -> dict[str, int]:
        """key -> the line number of the notes that states it (as :meth:`_stated_lines`)."""
        stated = set(getattr(self.current, "stated", ()) or ())
        reading = self.readings[self.section] if self.readings else None
        lines: dict[str, int] = {}
        for fact in getattr(reading, "facts", []):
            if fact.key in stated and fact.key not in lines and 0 < fact.line <= len(self.document):
                lines[fact.key] = fact.line
        return lines

    def _guard_flagged(self, found: dict, text: str, line: int, ctx: Context) -> dict:
        """``found`` (wrong or size-specific), or not-understood where it rests on a
        misreading."""
        if ctx.extras.get("guessed"):  # the notes' own forward definition fails the guess?
            failed = getattr(self, "failed_definitions", {})
            self.failed_definitions = failed
            here = (self.section, ctx.where)
            held = here in getattr(self, "held_definitions", set())  # then a slip, not the guess
            if (
                not held
                and here not in failed
                and defines_output(text, dict(ctx.notation.letters))
                and self._holds_unstated(text, ctx)
            ):
                failed[here] = line  # (the definition itself: not the notes' layer either)
            if failed.get(here, line + 1) <= line:
                return unless_definition_failed(found, failed[here], ctx.where)
        conflicts = getattr(self.current, "conflicts", [])
        found = unless_doubled(unless_contradicted(found, conflicts, ctx.where), text)
        found = self._in_formula_case(found, text, line, ctx)
        if found.get("status") not in (WRONG, "size-specific"):
            return found
        start = self.readings[self.section].line if self.readings else 1
        section = "\n".join(self.document[start - 1 : line])
        # "take $P = (K-1)/2$" above: a counterexample at a padding the notes exclude
        seen = getattr(self, "general_seen", None)
        stride = self.settings.get("stride") if "stride" in self._stated_lines() else None
        found = unless_tied_padding(
            found, text, section, stride, lambda c: self._judged_in(text, seen, c)
        )
        found = self._in_stated_case(found, text) or unless_case_stated(found, self._lead_in())
        found = unless_options_stated(found, text, self.settings, self._stated_lines(), section)
        found = unless_pool_kind_settled(found, conflicts, ctx.where)
        found = unless_function_definition(found, text, set(ctx.notation.letters))
        stated = section_layer(getattr(self.current, "facts", []), self.document)
        guessed = bool(ctx.extras.get("guessed"))
        found = unless_other_numbered_layer(
            found, text, self._section_text(), conflicts, stated, guessed
        )
        found = unless_softmax_letter(found, text, "\n".join(self.document), line, guessed)
        named_here = any(  # O_j = sum_i I_i * K_ij: I, K's roles read from this line
            f.key == "names"
            and f.line == line
            and "definition" in f.how
            and any(part.endswith(("=X", "=W")) for part in f.value.split(","))
            for f in getattr(self.current, "facts", [])
        )  # (an output renamed, O=Z, leaves the input's and kernel's letters standard)
        return unless_guessed(
            found,
            bool(ctx.extras.get("guessed")),
            ctx.where,
            "\n".join(self.document),
            named_here,
            text,
            dict(ctx.notation.letters),
            (self._section_text(), ctx.notation.index_base),
            bool(ctx.extras.get("kind guessed")),
        )

    def _holds_unstated(self, text: str, ctx: Context) -> bool:
        """Whether the claim holds with a setting the notes leave unstated changed (a
        dilation or stride the indices write, a padding): then the guess, not the claim, is
        what fails; a definition that fails for a stated setting is a mistake."""
        stated = ctx.extras.get("stated") or frozenset()
        for key, values in UNSTATED_TRIES:
            if key in stated:
                continue
            for value in values:
                other = self.judged_under(text, {key: value})
                if other is not None and other.get("status") == VERIFIED:
                    return True
        return False

    def _in_stated_case(self, found: dict, text: str) -> dict | None:
        """The general reader's verdict judged again inside the case the claim's lead-in
        states (case_sizes.py), where it called the claim wrong at sizes it chose; None
        when there is no such case or it is not read."""
        message = str(found.get("message", ""))
        lead_in = self._lead_in()
        if found.get("status") != WRONG or not any(m in message for m in _ALL_SIZES):
            return None
        if _ASSUMED.search(lead_in):
            return None  # "a version that silently assumes stride 1": the slip's case
        case = lead_in_case(lead_in, prose_facts)
        line = getattr(self, "_at", (0, ""))[0]
        above = self.document[max(0, line - 8) : max(0, line - 1)]
        case = referred_case(case, lead_in, above, prose_facts)
        seen = getattr(self, "general_seen", None)
        return in_stated_case(case, lambda c: judge_general(text, seen, within=c))

    def _in_formula_case(self, found: dict, text: str, line: int, ctx: Context) -> dict:
        """``found``, or an output-size formula judged in the case its lead-in states
        ("For $K = 4$ ... as $P = 2$ we get $H_{out} = H + 1$", output_case.py) where the
        layer it was judged with is only guessed: the guess's stride or kernel, taken from
        elsewhere in the notes, is not the case the claim's own sentence states."""
        if not ctx.extras.get("guessed") or not self._size_formula(text):
            return found  # (an entry's gradient under "paso 2": the guards below read it)
        case = output_case(self.document, line, text)
        if case is None:
            return found
        if case.unread:  # "| $k = 3$, $s = 2$, $p = 1$, $q = 1$ | $H_{out} = 2H$ |": the
            # guess fails without q, which may be what makes the row right (an output padding)
            return {
                "status": NOT_UNDERSTOOD,
                "message": f"the case its lead-in states sets {', '.join(case.unread)}, which "
                f"is read as none of the layer's sizes (read without it: {found['message']})",
            }
        seen = getattr(self, "general_seen", None)
        try:
            general = judge_general(text, seen, retry=True)
        except (NotUnderstood, SymconvError, ArithmeticError, ValueError, KeyError):
            general = None  # (as case_sizes.in_stated_case: a reading that fails gives none)
        cased = general is not None and IN_CASE in str(general.get("message", ""))
        if cased and general.get("status") == VERIFIED:
            return general  # (a failure in the case leaves the guess's own flag, which may
            # tell a missing floor, size-specific, from a formula wrong by a whole number)
        if cased and general.get("status") == WRONG and found.get("status") == WRONG:
            # wrong both ways: the case's reason, not the guess's (a transposed layer's
            # 2H - 1 in the case stated, not a forward convolution the checker assumed)
            return general
        return found  # the case is not read: the other guards judge the guess's verdict

    def _verified_in_formula_case(self, found: dict, text: str, line: int, ctx: Context) -> dict:
        """``found`` (verified under a guessed layer), or not-understood where the output
        formula's lead-in states a case ("for `"same"`", "| $k = 3$, $s = 2$, $a = 1$ |")
        in which it fails, or sets a letter that is read as none of its sizes: the guess's
        stride or padding, taken from elsewhere in the notes, is not the case its own
        sentence states (a valid padding's floor((H - k)/s) + 1 holds at the guess's
        padding 0, and is no "same" output side)."""
        if found.get("status") != VERIFIED or not ctx.extras.get("guessed"):
            return found
        if not self._size_formula(text):
            return found
        case = output_case(self.document, line, text)
        if case is None:
            return found
        if case.unread:
            return {
                "status": NOT_UNDERSTOOD,
                "message": f"the case its lead-in states sets {', '.join(case.unread)}, which "
                f"is read as none of the layer's sizes (read without it: {found['message']})",
            }
        layer = ctx.quantities() or {}
        settings = {"s": "stride", "p": "pad", "d": "dilation", "k": "k", "o": "out_pad"}
        if not case.same and all(
            layer.get(settings[role], 0 if role == "o" else None) == value
            for role, value in case.pins.items()
        ):
            return found  # the case's sizes are the guess's own: it was verified there
        seen = getattr(self, "general_seen", None)
        try:
            general = judge_general(text, seen, retry=True)
        except (NotUnderstood, SymconvError, ArithmeticError, ValueError, KeyError):
            return found
        if general is None or general.get("status") != WRONG:
            return found
        if IN_CASE not in str(general.get("message", "")):
            return found
        return {
            "status": NOT_UNDERSTOOD,
            "message": f"it holds at the guessed {ctx.where}, but the case its lead-in states "
            f"is another, and there it is {general['message']}: which of the two it is about "
            "is not read",
        }

    def _size_formula(self, text: str) -> bool:
        """Whether ``text`` is an output size written as a formula of sizes (H_out = H + 1)."""
        try:
            tree = parse(text)
        except (NotUnderstood, RecursionError):
            return False
        named = output_names(self.document)
        return (
            tree.kind == "chain"
            and len(tree.parts[0]) >= 2
            and is_output_formula(tree.parts[0][0], tree.parts[0][1], named)
        )

    @staticmethod
    def _judged_in(text: str, seen, case: list[tuple[str, str]]) -> dict | None:
        """The general reader's verdict inside ``case`` (None where it gives none)."""
        return in_stated_case(case, lambda c: judge_general(text, seen, within=c))

    def _guard_verified(self, found: dict, ctx: Context) -> dict:
        """``found`` (verified), or not-understood when it holds only under a guessed layer
        that lacks entries the section writes (w_{13} beside a guessed 2x2 kernel), or
        under a pooling whose kind the notes leave open."""
        conflicts = getattr(self.current, "conflicts", [])
        found = unless_pool_kind_settled(found, conflicts, ctx.where)
        found = unless_stand_in(found, conflicts, ctx.where)
        return unless_outside(
            found,
            bool(ctx.extras.get("guessed")),
            ctx.where,
            dict(ctx.notation.letters),
            (self._section_text(), ctx.notation.index_base),
        )

    def judged_under(self, text: str, changes) -> dict | None:
        raise NotImplementedError  # GuessedReadings supplies it

    def _guard_verified_settings(self, found: dict, text: str, ctx: Context) -> dict:
        """``found`` (verified), or not-understood when the layer is only guessed and the
        claim fails under a stride or padding the notes state for a layer elsewhere (a
        thread's original layer has padding 1; the section read has a small example's 0):
        the verdict would then rest on which of the notes' layers the guess picked."""
        kind = self.settings.get("layer") or "conv2d"
        if not ctx.extras.get("guessed") or found.get("status") != VERIFIED:
            return found
        if defines_output(text, dict(ctx.notation.letters)):  # the guess has the notes' layer
            held = getattr(self, "held_definitions", set())
            self.held_definitions = held | {(self.section, ctx.where)}
        if kind not in ("conv1d", "conv2d"):  # a pooling's stride is its own (its window's)
            return found
        start = self.readings[self.section].line if self.readings else 0
        stated = {  # (the layer of an earlier section of the same kind: the thread's own)
            (f.key, f.value, f.line)
            for reading in self.readings
            if _kind_of(reading) == kind
            for f in reading.facts
            if f.key in ("stride", "padding")
            and f.value.isdigit()
            and f.line < start
            and not _hypothesis(self.document, f.line, f.value)
        }
        judged: set[tuple[str, str]] = set()  # a value stated on several lines: judged once
        # by line, then by name and value: a set's order changes between runs, and two
        # settings stated on one line must always be judged in the same order
        for key, value, line in sorted(stated, key=lambda s: (s[2], s[0], s[1])):
            if (self.settings.get(key) or ("1" if key == "stride" else "0")) == value:
                continue
            if (key, value) in judged:
                continue
            judged.add((key, value))
            other = self.judged_under(text, {key: value})
            if other is not None and other["status"] == WRONG:
                return {
                    "status": NOT_UNDERSTOOD,
                    "message": f"it holds for the guessed {ctx.where}, but not with the "
                    f"{key} {value} the notes state on line {line}; which of the notes' "
                    "layers the claim is about is not read",
                }
        return found

    def _earlier_layer_settings(self) -> tuple[str, dict[str, str]] | None:
        """(what, changes): the stride and padding an earlier section states for a layer of
        the section's kind (the post's ``nn.Conv1d(..., stride=2, padding=2)``), where the
        section states neither and reads them at their defaults -- a worked example that
        gives its own input and weights ("one channel, one filter, $x = (3, 1, ...)$") keeps
        the notes' stride and padding unless it states others.  None where there is none."""
        kind = self.settings.get("layer") or "conv2d"
        if kind not in ("conv1d", "conv2d") or not self.readings:
            return None
        own = set(getattr(self.current, "stated", ()) or ())
        start = self.readings[self.section].line
        last: dict[str, tuple[str, int]] = {}
        for reading in self.readings[: self.section]:
            if _kind_of(reading) != kind:
                continue
            for f in reading.facts:
                if (
                    f.key in ("stride", "padding")
                    and f.key not in own
                    and f.value.isdigit()
                    and f.line < start
                    and not _hypothesis(self.document, f.line, f.value)
                ):
                    last[f.key] = (f.value, f.line)
        changes = {
            key: value
            for key, (value, _) in last.items()
            if (self.settings.get(key) or _DEFAULTS[key]) != value
        }
        if not changes:
            return None
        where = ", ".join(f"{key} {value} (line {last[key][1]})" for key, value in changes.items())
        return f"the {where} an earlier section states for the notes' layer", changes

    def _guard_unwritten_options(self, found: dict, text: str) -> dict:
        r"""``found`` (the general reader's verified), judged again at the stride, dilation
        or padding the section states as a number where the claim writes no letter for it.
        The general reader varies the sizes a claim writes as letters and keeps the others
        at their defaults (stride 1, dilation 1, no padding), so under a stride-2 layer
        $\operatorname{pad}_{k-1}(G) \star \operatorname{rot}_{180}(W)$ "holds": it was
        judged at stride 1, a layer the section does not have.  At the stated setting it is
        verified there, wrong there, or not understood."""
        message = str(found.get("message", ""))
        if not any(m in message for m in _GENERAL_HOLDS) or judged_in_case(found):
            return found
        if self.settings.get("layer") not in (None, "conv1d", "conv2d") or POOL.search(
            self._section_text()
        ):
            return found  # a pooling's stride is its window's, not the convolution's
        stated = self._stated_lines()
        lead = self._lead_in()
        said = dict(lead_in_case(lead, prose_facts))  # "Stride 1:", "for $s = 2$ ..."
        # "..., which holds for stride 1 only": the words after it may name its case instead
        later = dict(lead_in_case(self._own_line_after(), prose_facts))
        lettered = {"padding" if q == "pad" else q for q in named_parameters(self._section_text())}
        # the claim's own lead-in first: a what-if stride it states ("for $n = 6$, $s = 2$
        # ... the backward is unchanged too: $dX = ...$") is the claim's case, whatever the
        # section's layer is; the general reader, which varies only the sizes the claim
        # writes as letters, judged it at the default (stride 1), a layer it is not about
        own = [
            (key, value)
            for key, letter in _LETTER_ONLY.items()
            if (value := said.get(key, "")).isdigit()
            and value != _DEFAULTS[key]
            and not _ASSUMED.search(lead)
            and later.get(key, value) == value
            # a claim writing the letter is about every value, unless the general reader
            # kept that letter at its default all the same ("stride 1, ..." in the proof)
            and (re.search(letter, text) is None or _AT_DEFAULT[key] in message)
        ]
        at = self._stated_at()
        case = own or [
            (key, value)
            for key, letter in _LETTER_ONLY.items()
            if key in stated
            and key not in lettered
            and key not in said
            and (value := str(self.settings.get(key) or "")).isdigit()
            and value != _DEFAULTS[key]
            and not _ASSUMED.search(stated[key])
            and re.search(letter, text) is None
            # "for $n = 7$, $k = 3$, $s = 2$ the output side is ...": a case tried out on
            # its line, not the layer of the section's other claims
            and not _hypothesis(self.document, at.get(key, 0), value)
        ]
        if not case:
            return found
        where = ", ".join(f"{key} {value}" for key, value in case)
        head = (
            f"at the {where} its own sentence states (the general reader judged it at the default)"
            if own
            else f"at the {where} the notes state for this layer (the claim writes no letter "
            "for it)"
        )
        seen = getattr(self, "general_seen", None)
        again = in_stated_case(case, lambda c: judge_general(text, seen, within=c, settled=True))
        status = (again or {}).get("status")
        detail = str((again or {}).get("message", "")).split("): ", 1)[-1]
        if status in (VERIFIED, ALL_SIZES):
            return {**again, "status": VERIFIED, "message": f"holds {head}: {detail}"}
        if status == WRONG:
            return {**again, "message": f"false {head}: {detail}"}
        if found.get("status") == NOT_UNDERSTOOD:
            return found
        return {
            "status": NOT_UNDERSTOOD,
            "message": f"it holds with the defaults its letters leave ({message[:80]}), but "
            f"not read {head}",
        }

    def _guard_mode(self, found: dict, text: str) -> dict:
        """``found``, judged again inside the padding mode ('same', 'full', 'valid') the
        claim's own sentence states for the layer (mode_case.py): the verdict at another
        padding is about a layer the sentence does not speak of.  Only a claim about
        tensors (an operator, a derivative): a size's arithmetic ("(n + k - 1) - k + 1 =
        n") is the sentence's own sizes, whatever the mode."""
        if not _TENSOR_CLAIM.search(text):
            return found
        lead = self._lead_in()
        modes = stated_modes(lead)
        if not modes or _ASSUMED.search(lead):
            return found  # ("a version that assumes 'same' padding": the slip's case)
        message = str(found.get("message", ""))
        if names_general_sizes(text) or any(m in message for m in (*_GENERAL_HOLDS, *_ALL_SIZES)):
            stride = dict(lead_in_case(lead, prose_facts)).get("stride")
            if stride is None and "stride" in self._stated_lines():
                stride = str(self.settings.get("stride") or "")
            seen = getattr(self, "general_seen", None)
            return in_general_mode(
                found,
                modes,
                stride,
                lambda c: in_stated_case(c, lambda cc: judge_general(text, seen, within=cc)),
            )
        ctx = self.context()
        layer = {**ctx.quantities(), "kind": self.settings.get("layer") or "conv2d"}
        return in_layer_mode(
            found,
            modes,
            layer,
            bool(ctx.extras.get("guessed")),
            lambda changes: self.judged_under(text, changes),
        )

    def context(self) -> Context:
        raise NotImplementedError  # the Checker supplies it

    def _own_line_after(self) -> str:
        raise NotImplementedError  # the Checker supplies it

    def _section_text(self) -> str:
        """The lines of the section being read (the whole notes without sections)."""
        if not self.readings:
            return "\n".join(self.document)
        start = self.readings[self.section].line
        after = self.readings[self.section + 1 :]
        end = after[0].line - 1 if after else len(self.document)
        return "\n".join(self.document[max(start - 1, 0) : end])
