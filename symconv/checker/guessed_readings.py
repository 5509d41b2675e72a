"""Verdicts that rest on a guessed reading, checked against the readings the notes leave
open (a mixin of :class:`~symconv.checker.runner.Checker`): a claim wrong under the
section's layer but true under the layer the notes restate before it (another input or
kind, checker/restated_layer.py); a wrong verdict under guessed sizes where the prose just
before names another kind of layer; the general reader's convolution verdict on a claim the
prose presents as a dense layer's.  Each is not-understood, naming the guess."""

from __future__ import annotations

import re

from symconv.checker.allsizes_claim import writes_sizes
from symconv.checker.case_sizes import lead_in_case, lead_in_letters
from symconv.checker.context import Context
from symconv.checker.declared import LayerConfig, Settings
from symconv.checker.judging import _general_fallback, _guard
from symconv.checker.later_geometry import later_facts, unless_stated_later
from symconv.checker.lexicon import DILATION, PADDING, STRIDE
from symconv.checker.output_case import case_only
from symconv.checker.prose import prose_facts
from symconv.checker.report import ALL_SIZES, NOT_UNDERSTOOD, VERIFIED
from symconv.checker.restated_check import not_under_restated, restated_before
from symconv.checker.restated_layer import FLAGGED, open_layer, restated
from symconv.checker.second_reading import kind_alternatives
from symconv.checker.size_names import left_side, quantity_of
from symconv.checker.stated_layers import last_kind_named, read_as_convolution, section_kind
from symconv.errors import SymconvError
from symconv.spec.layer import Conv, Dense, Pool
from symconv.spec.transpose import ConvTranspose

_KIND_WORDS = {
    Conv: "convolution",
    ConvTranspose: "transposed convolution",
    Dense: "dense layer",
    Pool: "pooling",
}


# "Same check with `stride=2` added": an option of the layer set as a constructor sets it
_DEFAULTS = {"stride": "1", "padding": "0", "dilation": "1"}  # an unset option's value
_OPTION_SET = re.compile(r"\b(stride|padding|dilation)\s*=\s*(\d+)\b")
# a lead-in that is the label of its claim's case: "- Stride 2 (next PR):", "Mit
# Schrittweite 2:", "With stride 2 and padding 1:" -- the words open the clause and it is
# short.  "Es exactamente igual que con paso 1:", "una correlación normal (con stride 1):"
# name a stride to compare with or the operator's own, not the claim's case
_CASE_LABEL = re.compile(
    r"^\s*(?:[-*+]|\d+[.)])?\s*(?:\*\*|__)?\s*"
    r"(?:(?:with|mit|con|avec|com|amb|met|for|para|pour|f[üu]r|bei)\s+"
    r"(?:(?:a|an|the|einer|einem|der|un|una|le|la|el|o|uma)\s+)?)?"
    rf"(?:{STRIDE}|{PADDING}|{DILATION})\b[^:]{{0,60}}:\s*$",
    re.IGNORECASE,
)
# what opens a thread's reply or a new part: "---", "## ...", "**@user** commented:"
_POST_BREAK = re.compile(r"^\s*(?:-{3,}\s*$|#{1,6}\s|\*\*[^*]+\*\*.{0,40}:?\s*$)")


def _same_layer(settings: Settings, changes: dict[str, str]) -> bool:
    """Whether ``changes`` leave the convolution ``settings`` describe as it is (the same
    spec and input: ``padding=1`` for ``1,1,1,1``, ``stride=2`` for ``2x2``); False when
    either is not a convolution the settings parse to."""
    try:
        before = LayerConfig(settings)
        if before.network or before.kind == "dense":
            return False
        return before.conv_spec() == LayerConfig(settings.merged(changes)).conv_spec()
    except (SymconvError, ValueError, TypeError):
        return False


class GuessedReadings:
    """The guessed-reading checks of :class:`~symconv.checker.runner.Checker`, which
    keeps the context they use (settings, the section's assumed layer, the document)."""

    def _other_kind_named(self, found: dict, ctx: Context) -> dict:
        """``found`` (wrong), or not-understood when the layer's sizes are a guess and the
        prose just before the claim names another kind of layer than the one guessed; where
        the notes state the layer, when the claim's own sentence names another kind ("Same
        rules as for a dense layer $Y = WX$:" in notes about a convolution)."""
        prose = self._prose_before()
        if not ctx.extras.get("guessed"):  # the notes state this layer's sizes
            sentence = re.split(r"[.!?:;]\s|\n\s*\n", prose)[-1]  # the claim's own sentence
            prose = " ".join(sentence.split())  # "fully\nconnected": one sentence over lines
        message = str(found.get("message", ""))
        if "kernel" in message and not read_as_convolution(message):
            return found  # the general reader's own layer (a dense one read as 1x1)
        if "of softmax(z)" in message:
            return found  # a claim about softmax(z) itself (softmax_claims.py): no layer in it
        if re.match(r"side \d+ differs from the derivative through ", message):
            return found  # tanh'(z) = 1 - tanh(z) (activation_claims.py): no layer in it
        named = last_kind_named(prose[-600:])
        spec = getattr(ctx.layer, "spec", None)
        if named is None or spec is None or named is section_kind(spec, ctx.where):
            return found
        if {named, section_kind(spec, ctx.where)} != {Dense, Conv}:
            return found  # a pooling's claims are judged with the pooling the prose names
        if named is Conv and section_kind(spec, ctx.where) is ConvTranspose:
            return found  # "transposed convolution" names both
        return {
            "status": NOT_UNDERSTOOD,
            "message": (
                f"the prose before it is about a {_KIND_WORDS[named]}, but the layer read "
                f"here is {ctx.where}: which layer the claim is about is a guess (read with "
                f"it: {str(found.get('message', ''))[:120]})"
            ),
        }

    def _general_unless_dense(self, text: str, found: dict | None) -> dict | None:
        """The general reader's verdict (it reads a convolution), not-understood where it
        flags a claim the prose before presents as a dense layer's."""
        general = _general_fallback(text, found, self.general_seen)
        flagged = general is not None and general["status"] in FLAGGED
        if flagged and not writes_sizes(text) and not case_only(str(general["message"])):
            return found  # pad_2(dilate_2(G)) \star ...: numbers only, the notes' own layer
            # (an output length L_out = 2L judged in the case its lead-in states is no
            # numbers-only claim: its L is a size, in that case)
        if (
            flagged
            and str(self.settings.get("layer") or "").startswith("conv_transpose")
            and re.search(r"kernel \d+x\d+", str(general["message"])) is not None
        ):  # dL/dx_i = sum_k w_k g_{Si+k} of a transposed layer, read as a convolution's
            # (unless the claim's lead-in states its whole case: "For a 7x7 input, a 3x3
            # kernel, stride 2: dL/dX = ...", a convolution's gradient, judged there)
            cased = self._in_stated_case(general, text)
            if cased is not None:
                return cased
            return {
                "status": NOT_UNDERSTOOD,
                "message": "the notes' layer is a transposed convolution, and the claim with "
                "symbolic sizes was read as a convolution's",
            }
        as_conv = flagged and read_as_convolution(str(general["message"]))
        if as_conv and last_kind_named(self._prose_before()[-600:]) is Dense:
            return {
                "status": NOT_UNDERSTOOD,
                "message": "the prose before it is about a dense layer, and the claim with "
                "symbolic sizes was read as a convolution's",
            }
        return general

    def _restated(self, text: str, found: dict, line: int) -> dict:
        """``found`` (wrong), unless the notes restate the layer differently before the
        claim (another input or kind) and the claim is not wrong under that layer."""
        strides = set(re.findall(r"(?<![\w.])(\d)\s*(?:\\cdot\s*)?[a-z]\s*[+-]", text))

        def apart(first: int, last: int, key: str, value: str) -> bool:
            # a reply after a break that restates the stride the claim's own indices use
            # (x_{n,c,2i+u,2j+v}): a thread's "I also want stride=2", not "as with stride 1"
            return key == "stride" and value in strides and self._broken(first, last)

        again = restated(self.current.conflicts if self.current else [], line, apart)
        if again is None:
            return found
        what, changes = again
        changes = {**changes, **self._derived_dropped(changes)}
        kinds = [changes] + [
            {**changes, **other} for _, other in kind_alternatives(self.settings, None, True)
        ]  # "ordinary strided conv" after a transposed one: the kind may change too
        unread = False
        for settings in kinds:
            other = self.judged_under(text, settings)
            if other is not None and other["status"] in (VERIFIED, ALL_SIZES):
                return open_layer(found, what)
            unread = unread or (other is not None and other["status"] == NOT_UNDERSTOOD)
        if unread and self._restated_kind(changes) and self._unbroken_since(what, line):
            # x \in R^7 restated before a 1-D claim read on a 2-D layer: under the layer the
            # notes restate the claim is not read, so the verdict rests on the first layer
            return {
                "status": NOT_UNDERSTOOD,
                "message": f"wrong under the layer read for this section, but the notes state "
                f"{what} before it, a layer of another number of axes under which the claim "
                f"is not read (read with the first: {str(found.get('message', ''))[:120]})",
            }
        return found  # true under no layer the notes state

    def _broken(self, first: int, last: int) -> bool:
        """Whether a heading or thematic break (``---``) lies between two lines."""
        between = self.document[first : max(first, last - 1)]
        return any(re.match(r"\s*(?:>\s*)*(?:#|---|\*\*\*|___)", row) for row in between)

    def _unbroken_since(self, what: str, line: int) -> bool:
        """Whether no heading or thematic break (``---``) lies between the line ``what``
        names ("input 7 (line 59)") and the claim: the restated layer is still the topic."""
        lines = [int(n) for n in re.findall(r"\(line (\d+)\)", what)]
        if not lines:
            return False
        between = self.document[max(lines) : line - 1]
        return not any(re.match(r"\s*(?:>\s*)*(?:#|---|\*\*\*|___)", row) for row in between)

    def _restated_kind(self, changes: dict) -> bool:
        """Whether the restated input has another number of axes than the one in use (a
        signal's length after an image's side): another kind of layer, not another size."""
        given, used = str(changes.get("input", "")), str(self.settings.get("input") or "")
        return bool(given and used) and given.count("x") != used.count("x")

    def _derived_dropped(self, changes: dict) -> dict:
        """The stride or padding read backwards from an output size and the input or
        kernel that ``changes`` restate: back to their defaults (they were derived from
        the sizes the restatement replaces)."""
        if not {"input", "kernel"} & set(changes):
            return {}
        _, facts = self.section_facts()
        derived = {f.key for f in facts if "output" in f.how and f.how.startswith("from the")}
        defaults = {"stride": "1", "padding": "0"}
        return {k: v for k, v in defaults.items() if k in derived and k not in changes}

    def _stated_later(self, found: dict, text: str, line: int) -> dict:
        """``found``, or not-understood when it rests on a stride, padding or dilation the
        section states only after the claim (checker/later_geometry.py); a setting an
        option or directive declares is the claim's whatever its line."""
        _, facts = self.section_facts()
        inherited = {
            f.key: f.value
            for reading in (self.readings[: self.section] if self.readings else [])
            for f in reading.facts
            if f.key in ("stride", "padding", "dilation", "kernel")
        }  # the last value an earlier section states for each
        later = [
            entry
            for entry in later_facts(facts, self.settings, self.document, line, inherited)
            if not self.declares(entry[0])
        ]
        return unless_stated_later(found, self.judged_under, text, later)

    def section_facts(self) -> tuple:
        """(the reading of the claim's section or None, the facts the layer is read from):
        the section's own reading where the notes were read, else the current layer's."""
        reading = self.readings[self.section] if self.readings else None
        current = self.current
        facts = reading.facts if reading is not None else current.facts if current else []
        return reading, facts

    def declares(self, key: str) -> bool:
        """Whether an option or a directive states ``key`` for the current layer."""
        return self.current is not None and key in self.current.declared

    def _paragraph_options(self, text: str, found: dict, line: int) -> dict:
        """``found`` (wrong, or verified), or not-understood when the claim's own post
        states a stride, padding or dilation other than the layer's ("Same check with
        `stride=2` added: ...", a thread's reply) and under it the claim holds (is wrong):
        which one the claim means is not read."""
        status = found.get("status")
        if status not in (*FLAGGED, VERIFIED) or not 1 <= line <= len(self.document):
            return found
        first = line  # back to the post's label, a rule or a heading: the reply's own text
        while first > 1 and not _POST_BREAK.match(self.document[first - 2]):
            first -= 1
        said: dict[str, str] = {}  # an option set as code sets it: not "the stride-1 formula"
        for row in self.document[first - 1 : line]:
            for key, value in _OPTION_SET.findall(row):
                said.setdefault(key, value)
        changes = {k: v for k, v in said.items() if self.settings.get(k) not in (None, v)}
        # the claim's own lead-in setting one by its letter ("Mit $d = 2$:" above a display,
        # in notes whose layer computes x[n + d m]): the nearest statement of its case, set
        # or left at PyTorch's default by the layer read.  Only a lead-in that opens the
        # claim (its last clause, ending in a colon): a letter set earlier in a paragraph
        # above a display may be another case's, or another quantity's
        lead = self._lead_in().rstrip().rstrip("$").rstrip()
        clause = re.split(r"[.!?;](?:\s|$)", lead)[-1] if lead.endswith(":") else ""
        left = left_side(text)
        if left is not None and quantity_of(left, "") is not None:
            clause = ""  # H_out = ...: a size its own readers judge in the lead-in's case
        for key, value in lead_in_letters(clause):
            if self.settings.get(key, _DEFAULTS[key]) != value:
                changes[key] = value
        # and by its words ("- Stride 2 (next PR): $...$", "Mit Schrittweite 2:"): the
        # item's own case, as the letters are
        worded = dict(lead_in_case(clause, prose_facts)) if _CASE_LABEL.match(clause) else {}
        for key, value in worded.items():
            if (
                key in _DEFAULTS
                and value.isdigit()
                and key not in changes
                and self.settings.get(key, _DEFAULTS[key]) != value
            ):
                changes[key] = value
        if not changes or _same_layer(self.settings, changes):
            # padding=1 where the settings say 1,1,1,1 (a LaTeX directive's own line): the
            # same layer, so no other reading to weigh (judging again would only repeat)
            return found
        other = self.judged_under(text, changes)
        shown = ", ".join(f"{k} {v}" for k, v in changes.items())
        if status == VERIFIED:
            if other is None or other["status"] not in FLAGGED:
                return found
            return {
                "status": NOT_UNDERSTOOD,
                "message": f"it holds under the layer read for the section, not with the "
                f"{shown} its post or lead-in states ({str(other.get('message', ''))[:120]})",
            }
        if (
            other is not None
            and other["status"] in FLAGGED
            and "input" not in worded
            and worded.get("stride") == changes.get("stride")
        ):
            tiled = self._tiled_input(changes)
            again = None
            if tiled:
                saved, self.variant = getattr(self, "variant", False), True  # (named_input.py:
                try:  # judged at an input of its own, not the one the notes restate)
                    again = self.judged_under(text, {**changes, "input": tiled})
                finally:
                    self.variant = saved
            if again is not None and again["status"] == VERIFIED:
                # "Stride 2: dL/dW = X \star dilate_2(G)" under a 4x4 input and a 3x3
                # kernel: the stride leaves the last row unread there, and the formula holds
                # where the stride tiles the input (5x5); the lead-in states a case of its
                # own and no input for it, so which input it is about is not read
                return {
                    "status": NOT_UNDERSTOOD,
                    "message": f"with the {shown} its lead-in states it holds at input "
                    f"{tiled}, where the stride tiles the input, not at the input read for "
                    f"the section; the case states no input of its own (read as written: "
                    f"{str(found.get('message', ''))[:120]})",
                }
        if other is None or other["status"] != VERIFIED:
            return found
        return {
            "status": NOT_UNDERSTOOD,
            "message": f"it holds with the {shown} its post or lead-in states, not under the "
            f"layer read for the section (read as written: {found.get('message', '')})",
        }

    def _tiled_input(self, changes: dict[str, str]) -> str | None:
        """The smallest input side at least the section's where the stride of ``changes``
        tiles it (H + 2p - d(k - 1) - 1 a multiple of s), as "HxW", or None where it
        already does, the stride is 1 or the layer is no plain square-strided convolution."""
        stride = int(changes.get("stride") or 1)
        if stride < 2 or (self.settings.get("layer") or "conv2d") not in ("conv1d", "conv2d"):
            return None
        try:
            spec, hw = LayerConfig(self.settings.merged(changes)).conv_spec()
        except (SymconvError, ValueError):
            return None
        top, bottom, left, right = spec.padding
        sides = []
        for n, k, d, pad in zip(
            hw, spec.kernel, spec.dilation, (top + bottom, left + right), strict=True
        ):
            span = d * (k - 1) + 1
            if n == 1 and k == 1:
                sides.append(1)  # a 1-D layer's height
                continue
            grown = n
            while (grown + pad - span) % stride:
                grown += 1
            sides.append(grown)
        if tuple(sides) == tuple(hw):
            return None
        return "x".join(str(n) for n in sides)

    def judged_under(self, text: str, changes) -> dict | None:
        """The verdict of ``text`` with the settings merged with ``changes`` (None when it
        gets none, or the merged settings are refused); the settings are restored after."""
        saved = (self.settings, self._context)
        self.settings, self._context = self.settings.merged(changes), None
        try:
            ctx = self.context()
            ctx.extras["again"] = True  # a reading weighed against another: no guard of guesses
            return _guard(lambda: self.judge(text, ctx))
        except SymconvError:
            return None
        finally:
            self.settings, self._context = saved

    def _verified_restated(self, text: str, found: dict, line: int) -> dict:
        """``found`` (verified), or not-understood when the notes restate the layer before
        the claim and under the restated layer the claim does not hold."""
        again = restated_before(
            self.current.conflicts if self.current else [],
            self.settings,
            line,
            self.readings[self.section].line if self.readings else 0,
        )
        if again is None:
            return found
        what, changes = again
        other = self.judged_under(text, changes)
        if other is not None and other["status"] in FLAGGED:
            return not_under_restated(found, what, other)
        return found
