"""A padding mode the claim's own sentence states for the layer.

"En modo same vale lo mismo, $\\partial L / \\partial K = X \\star G$", "If the forward was
**full**, the backward is valid: $\\partial L / \\partial X = G \\star
\\operatorname{rot}_{180}(W)$", "Mit `padding='same'` gilt ...": the sentence names the
layer's padding by its mode, a padding that depends on the kernel.  At stride 1 (the only
stride at which the three modes are one padding on every side)

* valid pads nothing, p = 0 (output n - k + 1);
* full pads k - 1 on every side, every window that overlaps the input at all (output
  n + k - 1);
* same pads (k - 1)/2 on every side for an odd k (output n + 2p - k + 1 = n); an even k has
  no symmetric 'same' padding.

A claim under such a sentence is about that layer.  Judged at another padding -- the
section's layer (often a guess when the notes' sizes are letters), or the general reader's
default of no padding -- its verdict, either way, speaks of a layer the sentence does not:
``X \\star G`` holds at padding 0 and is no weight gradient under 'same' padding, where the
input read by the windows is the padded one (dL/dK = pad_p(X) ⋆ G, of side k, while X ⋆ G
has side n - (n + 2p - k + 1) + 1 = k - 2p).  So the claim is judged again inside the mode:
the general reader at kernels 1, 3 and 5 with the mode's padding there (as
tied_padding.py judges a padding the notes tie to the kernel), the section's layer with the
mode's padding at its own kernel.  What holds there is verified in the mode; what fails
there is wrong in the mode; what is not read there is not understood, naming the mode.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from symconv.checker.report import ALL_SIZES, NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG

_MODE = r"(valid|same|full)"
_MARK = r"[*_'\"`«»“”]*"
# the layer's mode: after a word of the layer's padding or of the forward pass ("modo
# same", "padding='same'", "si el forward fue **full**", "le forward est en mode full") ...
_AFTER_WORD = re.compile(
    r"\b(?:mode|modo|modus|padding|relleno|remplissage|preenchimento|riempimento|"
    r"forward(?:\s+pass)?(?:\s+(?:fue|es|was|is|est|ist|era|é|foi|war))?)"
    rf"\s*[=:]?\s*{_MARK}\s*{_MODE}\b{_MARK}",
    re.IGNORECASE,
)
# ... or before one ("a 'same' padding", "**full** mode"); not "the same padding as above",
# which points at another padding
_BEFORE_WORD = re.compile(
    rf"(?<![\w'\"`*]){_MARK}{_MODE}{_MARK}\s+(?:padding|mode|modo|modus|relleno)\b",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"\b(?:the|this|that|la|el|lo|le|o|a|die|der|das|dem|den)\s*[*_'\"`]*\s*$", re.IGNORECASE
)
# the end of a sentence: the claim's own sentence is the lead-in's last
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[^\s$])")
_KERNELS = (1, 3, 5)
_SHOWN = {"valid": "0", "full": "k - 1", "same": "(k - 1)/2"}
_INPUTS = ("6x7", "7x6")


def own_sentence(lead_in: str) -> str:
    """The last sentence of a lead-in (the claim's own: an earlier sentence on its line
    may state another case)."""
    return _SENTENCE_END.split(lead_in)[-1]


def stated_modes(lead_in: str) -> set[str]:
    """The padding modes the claim's own sentence states for the layer ("same", "full",
    "valid"), lower-cased; empty where it names none."""
    sentence = own_sentence(lead_in)
    found = {m.group(1).lower() for m in _AFTER_WORD.finditer(sentence)}
    for m in _BEFORE_WORD.finditer(sentence):
        if not _REFERENCE.search(sentence[: m.start()]):
            found.add(m.group(1).lower())
    return found


def mode_padding(mode: str, kernel: int) -> int | None:
    """The padding on every side that the mode gives a kernel at stride 1 (None: the mode
    has no symmetric padding there, 'same' at an even kernel)."""
    if mode == "valid":
        return 0
    if mode == "full":
        return kernel - 1
    return (kernel - 1) // 2 if kernel % 2 == 1 else None


def _square(value: str | None) -> int | None:
    """The side of a square (or 1-D) size setting ("3x3", "3"), None otherwise."""
    m = re.fullmatch(r"\s*(\d+)(?:\s*x\s*(\d+))?\s*", value or "")
    if m is None or (m.group(2) is not None and m.group(2) != m.group(1)):
        return None
    return int(m.group(1))


def _one_padding(value: str | None) -> int | None:
    """The padding on every side of a setting ("1", "1,1,1,1"), None when the sides differ."""
    parts = {p.strip() for p in re.split(r"[,x]", value or "0") if p.strip()}
    return int(next(iter(parts))) if len(parts) == 1 and next(iter(parts)).isdigit() else None


def _unread(mode: str, why: str, found: dict) -> dict:
    return {
        "status": NOT_UNDERSTOOD,
        "message": f"its sentence states the '{mode}' padding mode, {why} (read without it: "
        f"{str(found.get('message', ''))[:100]})",
    }


def in_general_mode(
    found: dict, modes: set[str], stride: str | None, rejudge: Callable[[list], dict | None]
) -> dict:
    """``found`` (the general reader's verdict), judged again inside the padding mode the
    claim's sentence states (``rejudge(case)``: the general reader inside a stated case,
    a verdict or None)."""
    if found.get("status") not in (WRONG, SIZE_SPECIFIC, VERIFIED, ALL_SIZES) or not modes:
        return found
    if len(modes) > 1:
        return _unread("/".join(sorted(modes)), "and more than one", found)
    mode = next(iter(modes))
    if stride != "1":
        return _unread(mode, f"at a stride {'not stated' if stride is None else stride}", found)
    sizes = (found.get("counterexample") or {}).get("sizes") or {}
    kernel, pads = sizes.get("k_h"), {sizes.get(k) for k in ("p_t", "p_b", "p_l", "p_r")}
    if (
        found.get("status") == WRONG
        and isinstance(kernel, int)
        and sizes.get("k_w") == kernel
        and pads == {mode_padding(mode, kernel)}
        and sizes.get("s_h", 1) == 1
    ):
        return found  # refuted inside the mode: wrong there too
    held: list[dict] = []
    for k in _KERNELS:
        pad = mode_padding(mode, k)
        if pad is None:
            continue
        for size in _INPUTS:
            case = [("input", size), ("kernel", str(k)), ("padding", str(pad)), ("stride", "1")]
            verdict = rejudge(case)
            if verdict is None or verdict.get("status") not in (WRONG, VERIFIED, ALL_SIZES):
                continue
            if verdict["status"] == WRONG:
                return {
                    **verdict,
                    "message": f"false in the '{mode}' padding mode its sentence states "
                    f"(padding {pad} at kernel {k}): {verdict['message']}",
                }
            held.append(verdict)
    if not held:
        return _unread(mode, "and the claim is not read inside it", found)
    if found.get("status") in (VERIFIED, ALL_SIZES):
        return found
    kernels = ", ".join(str(k) for k in _KERNELS if mode_padding(mode, k) is not None)
    return {
        "status": VERIFIED,
        "message": f"holds in the '{mode}' padding mode its sentence states at {len(held)} "
        f"layers inside it (kernels {kernels}, stride 1, padding {_SHOWN[mode]}), every "
        "entry; the general prover's counterexample has another padding",
    }


def in_layer_mode(
    found: dict,
    modes: set[str],
    layer: dict,
    guessed: bool,
    judged_under: Callable[[dict[str, str]], dict | None],
) -> dict:
    """``found`` (a verdict at the section's layer: ``layer`` its quantities, sizes.py, and
    its kind), judged again with the padding the mode the claim's sentence states gives the
    layer's kernel (``judged_under(changes)``); a layer only guessed takes a kernel the mode
    pads symmetrically (3) where its own has none."""
    if found.get("status") not in (WRONG, SIZE_SPECIFIC, VERIFIED) or not modes:
        return found
    if len(modes) > 1:
        return _unread("/".join(sorted(modes)), "and more than one", found)
    mode = next(iter(modes))
    if layer.get("stride") != 1 or layer.get("kind") not in ("conv1d", "conv2d"):
        return _unread(mode, "at a layer whose stride or kind has no such mode", found)
    kernel, padding = layer.get("k"), layer.get("pad")
    if not isinstance(kernel, int) or not isinstance(padding, int):
        return _unread(mode, "at a layer whose kernel or padding is not one size", found)
    changes: dict[str, str] = {}
    pad = mode_padding(mode, kernel)
    if pad is None and guessed:  # a guessed even kernel: the mode's layer has another
        kernel, pad = 3, mode_padding(mode, 3)
        changes["kernel"] = "3" if layer.get("kind") == "conv1d" else "3x3"
    if pad is None:
        return _unread(mode, f"which pads a kernel {kernel} on no symmetric way", found)
    if pad == padding and not changes:
        return found  # the layer read has the mode's padding: judged in it already
    changes["padding"] = str(pad)
    other = judged_under(changes)
    status = (other or {}).get("status")
    head = f"in the '{mode}' padding mode its sentence states (padding {pad} at kernel {kernel})"
    if other is not None and status == VERIFIED:
        return {**other, "message": f"holds {head}: {other['message']}"}
    if other is not None and status == WRONG and not guessed:
        return {**other, "message": f"false {head}: {other['message']}"}
    return _unread(mode, f"and {head} it gets no verdict", found)
