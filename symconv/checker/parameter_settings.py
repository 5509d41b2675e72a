"""A layer parameter the notes set, read as a definition rather than a claim.

"the dilation is $d = 2$", "we take $C_\\text{in} = 2$, $C_\\text{out} = 3$, $K = 3$ and
$H = 5$", "the first with $d = 1$ and the second with $d = 2$": a lone parameter of a layer
(an input side, a kernel size, a stride, a padding, a dilation, a count of channels, samples
or groups) set to a number in the prose's inline math.  Where the layer is read from the
notes, such a line is where the notes define it (or another layer of theirs, as in a stack),
so judging it against the layer read would judge the notes' definition against itself or
against the wrong layer: it is never called wrong (it is verified where it agrees with the
layer read, and gets no verdict otherwise).  Where the user declares the layer (options,
front matter, a directive), the notes' value is judged against the declaration, as before.
A computed size stays a claim: an output (``H_\\text{out} = 3``, ``H' = 2``, ``n_o = 4``)
or any chain (``p = (k-1)/2 = 1``).
"""

from __future__ import annotations

import re

from symconv.checker import lexicon
from symconv.checker.declared import SHAPE_KEYS
from symconv.checker.extract import INLINE_MATH

# the parameter letters: H, W, L, N, B (input side, batch), K, k, F, f (kernel), S, s (stride),
# P, p (padding), D, d (dilation), C, c, M, G, g (channels, groups)
_LETTER = r"(?:H|W|L|N|n|B|K|k|F|f|S|s|P|p|D|d|C|c|M|G|g)"
# a subscript naming an input's or a kernel's axis, or a channel count's side
_SUB = (
    r"(?:_\s*(?:\{\s*)?(?:\\(?:text|mathrm|rm)\s*\{\s*)?"
    r"(?:in|h|w|H|W|i|1|2|x|y|out|o)\s*\}?\s*\}?)?"
)
_SETTING = re.compile(r"\s*(?P<letter>" + _LETTER + r")(?P<sub>" + _SUB + r")\s*=\s*\d+\s*")
# "$C = F = 4$": two parameters set to one number at once (a depthwise layer's channels)
_CHAIN = re.compile(
    r"\s*(?:" + _LETTER + _SUB + r"\s*=\s*)+(?P<setting>" + _LETTER + _SUB + r"\s*=\s*\d+\s*)"
)


def _chained_setting(source: str) -> re.Match[str] | None:
    chain = _CHAIN.fullmatch(source)
    return _SETTING.fullmatch(chain.group("setting")) if chain is not None else None


_OUTPUT_SUB = re.compile(r"out|o\b|o\s*\}")
_SHAPE_KEYS = {*SHAPE_KEYS, "groups"}


def is_parameter_setting(source: str, document: list[str], line: int, declared: set[str]) -> bool:
    """Whether ``source`` is a lone parameter set to a number in inline prose math, in
    notes whose layer the user does not declare (``declared``: the keys the user set)."""
    if declared & _SHAPE_KEYS or not 1 <= line <= len(document):
        return False
    m = _SETTING.fullmatch(source) or _chained_setting(source)
    if m is None:
        return False
    if _OUTPUT_SUB.search(m.group("sub")) and m.group("letter") not in "Cc":
        return False  # H_out = 3: a computed size, a claim (C_out counts filters)
    own = document[line - 1]
    spans = INLINE_MATH.finditer(own)
    return any(
        source.strip() == (s.group(1) or s.group(2) or "").strip()
        and not _COUNTS_PARAMETERS.match(own[s.end() :])
        for s in spans
    )


# "$P = 9$ trainable parameters": the number counts the layer's parameters, a claim
_COUNTS_PARAMETERS = re.compile(
    r"\s*(?:trainable\s+|learnable\s+|free\s+|entrenables\s+|lernbare\s+)?"
    r"(?:parameters|weights|par[áa]metros|pesos|Parameter)\b",
    re.IGNORECASE,
)


# the layer facts a setting gives: "we take $C_\text{in} = 2$, $C_\text{out} = 3$, $K = 3$
# and $H = 5$"; a bare P may count parameters and a bare N samples or neurons, so only the
# letters whose meaning is the layer's own geometry are read, at sizes a layer has
_FACTS = {
    "K": ("kernel", 15),
    "k": ("kernel", 15),
    "S": ("stride", 8),
    "s": ("stride", 8),
    "d": ("dilation", 8),
    "C_in": ("in-channels", 4096),
    "C_out": ("out-channels", 4096),
}
_SPAN = re.compile(r"(?<!\$)\$([^$]+)\$(?!\$)")
_NAME = re.compile(r"^\s*([A-Za-z])\s*(?:_\s*\{?\s*(?:\\(?:text|mathrm|rm)\s*\{\s*)?(in|out)\b)?")
# the words that make a sentence set the notes' own values ("we take", "in all experiments")
_SETS = re.compile(
    r"\b(?:we take|take|taking|let|we set|set|we use|we choose|we fix|in all experiments|"
    r"throughout|tomamos|tomemos|sea|sean|usamos|fijamos|"
    # "Now $d = 1$, $K = 3$": a new case the paragraph goes on with
    r"now|ahora|jetzt|maintenant|ora|agora|"
    # "From here on: ..., $k = 3$, $d = 2$": the values the notes keep from then on
    r"from here on|from now on|henceforth|in what follows|a partir d['’]aqu[íi]|"
    r"a partir de aqu[íi]|de aqu[íi] en adelante|d['’]ora in poi|da qui in poi|"
    r"à partir d['’]ici|daqui em diante|von nun an|im Folgenden|"
    # French and Portuguese: "dans tout le chapitre", "on prend", "posons", "seja"
    r"dans tout|on prend|prenons|posons|soit|soient|on fixe|seja|sejam|usaremos|"
    # Greek: "παίρνουμε ..., πυρήνας $2 \times 2$ με $d = 2$" (we take), "θέτουμε" (we set),
    # "έστω" (let), "επιλέγουμε" (we choose), "ας πάρουμε" (let us take), "στο εξής"
    # (henceforth); Greek letters are word characters, so \b finds their edges
    r"παίρνουμε|παιρνουμε|θέτουμε|θετουμε|έστω|εστω|επιλέγουμε|επιλεγουμε|"
    r"χρησιμοποιούμε|χρησιμοποιουμε|ας πάρουμε|ας θέσουμε|στο εξής|"
    # "a conv layer with $H = 10$, kernel 3": the layer the sentence describes
    r"(?:layer|capa|couche|Schicht|input|entrada)\s+(?:with|con|avec|mit))\b"
    # Chinese "取单通道，无偏置，$d = 2$" (take), "令 $K = 3$" (let), "设 $s = 2$" (set): the
    # same words in a script without spaces, matched as they are (no \b finds their edges);
    # "取决于" (depends on) and "取值" (a value taken) take nothing
    rf"|(?:{lexicon.SETS_CJK})",
    re.IGNORECASE,
)
# Japanese and Korean put the word after the setting: "$d = 2$ とする", "$d = 2$로 두자"
_SETS_AFTER_CJK = re.compile(rf"^\s*(?:{lexicon.SETS_AFTER_CJK})")
# a sentence's end: ". " in the Latin scripts, "。", "！", "？" in the CJK ones (no space after)
_SENTENCE_END = re.compile(r"\. |[。！？]")
_LAYER_WITH = re.compile(
    r"\b(?:layer|capa|couche|Schicht|input|entrada)\s+(?:with|con|avec|mit)\s*\$?\s*$",
    re.IGNORECASE,
)
_COUNT_WORDS = re.compile(
    r"\bparam|\bpar[áa]metro|\bweights\b|\bpesos\b|参数|參數|パラメータ|파라미터|매개변수",
    re.IGNORECASE,
)


# the role word right before the setting: "kernel $K = 3$", "filter size $f = 5$"
_ROLE_BEFORE = re.compile(
    r"\b(?:(?P<kernel>kernel|filter|n[úu]cleo|filtro)(?:\s+(?:size|width|tamaño))?"
    r"|(?P<stride>stride|paso))\s*(?:of\s+|de\s+)?$",
    re.IGNORECASE,
)
# the count word right after it: "$F = 3$ convolution kernels", "$C = 4$ channels", "$C = 2$
# входными каналами" (an input adjective before the word, as Russian and Polish put it)
_COUNT_AFTER = re.compile(
    r"^\s*(?:(?:convolution(?:al)?|conv|output|learned|выходн\w*|св[её]рточн\w*)\s+)?"
    rf"(?P<filters>{lexicon.FILTERS})\b"
    r"|^\s*(?:(?:input|входн\w*|wej[śs]ciow\w*)\s+)?"
    rf"(?P<channels>{lexicon.CHANNELS})\b",
    re.IGNORECASE,
)
# the kernel word right after it: "a kernel $w$ with $K = 3$ taps" (a 1-D kernel's weights)
_TAPS_AFTER = re.compile(
    r"^\s*(?:taps?|coeficientes|coefficients|coefficienti|prese|Abgriffe|Koeffizienten|"
    r"coefficients?\s+du\s+filtre)\b",
    re.IGNORECASE,
)
# the samples word right after a signal's length: "$L = 16$ samples", "$L = 16$ campioni"
_SAMPLES_AFTER = re.compile(
    r"^\s*\)?\s*(?:samples|campioni|amostras|muestras|[ée]chantillons|Abtastwerten?|"
    r"Samples|time\s+steps|instants?)\b",
    re.IGNORECASE,
)
# a batch in the sentence: "a mini-batch of $N = 8$ samples" counts images, not a length
_BATCH = re.compile(r"batch|lotto|\blote|\blot\b|Stapel", re.IGNORECASE)
_COUNT_LETTERS = {"filters": ("F", "K", "M"), "channels": ("C", "D")}


def _named_by_words(line: str, span: re.Match[str]) -> list[tuple[str, str, str]]:
    """A lone letter set to a number with its role in the words around it: "kernel $K = 3$"
    (K is the kernel's side), "$F = 3$ convolution kernels" (F counts the filters)."""
    m = _SETTING.fullmatch(span.group(1))
    name = _NAME.match(span.group(1)) if m is not None else None
    if m is None or name is None or name.group(2) or m.group("sub").strip():
        return []
    letter, value = name.group(1), int(span.group(1).split("=")[1])
    before = _ROLE_BEFORE.search(line[max(0, span.start() - 40) : span.start()])
    if before is not None and before.group("kernel") and letter in "KkFfRr" and 1 <= value <= 15:
        return [("kernel", str(value), "prose"), ("sizes", f"{letter}=kernel", "prose")]
    if before is not None and before.group("stride") and letter in "Ss" and 1 <= value <= 8:
        return [("stride", str(value), "prose")]
    taps = _TAPS_AFTER.match(line[span.end() : span.end() + 20])
    if taps is not None and letter in "KkFfRrMm" and 1 <= value <= 15:  # "$K = 3$ taps"
        return [("kernel", str(value), "prose"), ("sizes", f"{letter}=kernel", "prose")]
    samples = _SAMPLES_AFTER.match(line[span.end() : span.end() + 20])
    if samples is not None and letter in "LT" and 2 <= value <= 100_000:
        # "$L = 16$ samples" of a signal: its length (a 1-D input), unless a batch's (N, n
        # count a dataset's or a batch's samples as often: not read)
        return [] if _BATCH.search(line) else [("input", str(value), "prose")]
    after = _COUNT_AFTER.match(line[span.end() : span.end() + 40])
    if after is None or not 1 <= value <= 4096:
        return []
    what = "filters" if after.group("filters") else "channels"
    if letter not in _COUNT_LETTERS[what]:
        return []
    # the count only: its letter is not bound as a size, because a claim's sum bounded by
    # F - 1 would then be tried at other sizes where its literal pad_2 no longer fits
    key = "out-channels" if what == "filters" else "in-channels"
    return [(key, str(value), "prose")]


def _sentence_start(line: str, at: int) -> int:
    ends = [m.end() for m in _SENTENCE_END.finditer(line, 0, at)]
    return ends[-1] if ends else 0


def _setting_sentence(line: str, span: re.Match[str]) -> bool:
    """Whether the inline math ``span`` stands in a sentence that sets the notes' values
    ("we take ...", "取 ...", "... とする"), not one that counts parameters."""
    start = _sentence_start(line, span.start())
    end = _SENTENCE_END.search(line, span.end())
    sentence = line[start : end.start() if end is not None else len(line)]
    sets = _SETS.search(line[start : span.start()]) or _SETS_AFTER_CJK.match(
        line[span.end() : len(sentence) + start]
    )
    # "$P = 456$ parameters": a count; "plain \otimes when $s = 1$": a case
    return bool(sets) and not _COUNT_WORDS.search(sentence)


def _pieces(math: str) -> list[str]:
    """The settings of one inline math: "$K = 3,\\ s = 2$", "$K = 3 \\quad d = 2$"."""
    return re.split(r",\s*(?:\\[ ,;!]|~)?\s*|\\quad|\\qquad", math)


def setting_facts(line: str) -> list[tuple[str, str, str]]:
    """(key, value, "prose") for the kernel, stride, dilation and channel counts a line
    sets with a lone letter (``$K = 3$``), and a ``sizes`` fact naming K the kernel."""
    found: list[tuple[str, str, str]] = []
    for span in _SPAN.finditer(line):
        named = _named_by_words(line, span)
        if named:
            found += named
            continue
        if not _setting_sentence(line, span):
            continue
        for piece in _pieces(span.group(1)):
            m = _SETTING.fullmatch(piece)
            name = _NAME.match(piece) if m is not None else None
            if m is None or name is None:
                continue
            letter = name.group(1) + (f"_{name.group(2)}" if name.group(2) else "")
            value = int(piece.split("=")[1])
            if letter == "H":  # "a conv layer with $H = 10$": the input's side (one stated)
                said = line[_sentence_start(line, span.start()) : span.start()]
                if _LAYER_WITH.search(said) and 1 <= value <= 4096:
                    found.append(("input", f"{value}x{value}", "prose"))
                continue
            rule = _FACTS.get(letter)
            if rule is None or not 1 <= value <= rule[1]:
                continue
            found.append((rule[0], str(value), "prose"))
            if rule[0] == "kernel":
                found.append(("sizes", f"{letter}=kernel", "prose"))
    return found


# the parameters a letter the notes name may set, with the values a layer has
_NAMED_RANGES = {
    "stride": ("stride", 1, 8),
    "pad": ("padding", 0, 15),
    "dilation": ("dilation", 1, 8),
}
_LONE = re.compile(r"\s*([A-Za-z])\s*=\s*(\d+)\s*")


def named_parameter_facts(line: str, letters: dict[str, str]) -> list[tuple[str, str, str]]:
    """(key, value, "prose") for a parameter set through the letter the notes name it with:
    notes that say "stride $T$" (or "dilation $D$", "padding $Q$") and then "we take
    $T = 2$" set the stride to 2.  ``letters`` maps a quantity (stride, pad, dilation) to
    its letter (letter_parameters.py).  The letters :data:`_FACTS` reads already (S, s, d)
    are left to :func:`setting_facts`; a letter's number is read only in a sentence that
    sets values, so "$T = 16$ samples" in another sentence sets no stride."""
    roles = {
        letter: _NAMED_RANGES[quantity]
        for quantity, letter in letters.items()
        if quantity in _NAMED_RANGES and letter not in _FACTS
    }
    found: list[tuple[str, str, str]] = []
    for span in _SPAN.finditer(line) if roles else ():
        if not _setting_sentence(line, span):
            continue
        for piece in _pieces(span.group(1)):
            m = _LONE.fullmatch(piece)
            if m is None or m.group(1) not in roles:
                continue
            key, low, high = roles[m.group(1)]
            if low <= int(m.group(2)) <= high:
                found.append((key, m.group(2), "prose"))
    return found
