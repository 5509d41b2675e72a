"""A setting the claim's own sentence states governs the claim, never the default the
reader would judge it at.

* A what-if stride stated on the claim's own line ("for $n = 7$, $k = 3$, $s = 2$ ... the
  same formula carries over: $\\partial L / \\partial X = \\operatorname{pad}_{k-1}(G) \\star
  \\operatorname{rot}_{180}(W)$"): the general reader varies only the sizes the claim writes
  as letters, so it proved the stride-1 identity and verified a claim made for stride 2,
  where it is false (the strided gradient needs G dilated by the stride first).
* A padding mode the sentence names ("In **same** mode ...", "Im Modus **same** ..."): the
  layer read has padding 0, so ``X \\star G`` was verified as the weight gradient of a
  'same' layer (where the windows read the padded input) and ``pad_1(X) \\star G``, the
  'same' layer's true weight gradient, called wrong.

The truth is torch's conv2d and autograd."""

from __future__ import annotations

import pytest
from line_verdicts import one_verdict, statuses

from symconv.checker.mode_case import mode_padding, stated_modes
from symconv.checker.report import ALL_SIZES, VERIFIED, WRONG

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _gradients(n: int, k: int, stride: int, padding: int, seed: int = 5) -> dict:
    """X, W, G and torch's dX, dW for one channel and one filter, no bias."""
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(1, 1, n, n, generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, k, k, generator=gen, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, stride=stride, padding=padding)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return {"X": x.detach(), "W": w.detach(), "G": g, "dX": x.grad, "dW": w.grad}


def _same(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.shape == b.shape and torch.allclose(a, b)


# ---------------------------------------------------------------- a what-if stride
_STRIDE_EN = (
    "# Backward of a correlation layer\n\n"
    "One input channel, one filter, no bias; $\\star$ is the valid cross-correlation of "
    "`F.conv2d`. The input $X$ is $n \\times n$ with $n = 5$, the kernel $W$ is $k \\times k$ "
    "with $k = 3$, and $G = \\partial L / \\partial Y$.\n\n## Input gradient\n\n"
    "At unit stride the input gradient is $\\frac{{\\partial L}}{{\\partial X}} = {form}$.\n\n"
    "Now take a larger input: for $n = 7$, $k = 3$, $s = {s}$ the output side is "
    "$\\lfloor (n - k)/s \\rfloor + 1 = {side}$. The same formula carries over: "
    "$\\frac{{\\partial L}}{{\\partial X}} = {form}$.\n"
)
_STRIDE_FR = (
    "# Rétropropagation d'une couche de corrélation\n\n"
    "Un canal d'entrée, un filtre, sans biais ; $\\star$ est la corrélation croisée valide de "
    "`F.conv2d`. L'entrée $X$ est $n \\times n$ avec $n = 5$, le noyau $W$ est $k \\times k$ "
    "avec $k = 3$, et $G = \\partial L / \\partial Y$.\n\n## Gradient de l'entrée\n\n"
    "Avec un pas unité, $\\frac{{\\partial L}}{{\\partial X}} = {form}$.\n\n"
    "Prenons une entrée plus grande : pour $n = 7$, $k = 3$, $s = {s}$ la sortie a pour côté "
    "$\\lfloor (n - k)/s \\rfloor + 1 = {side}$. La même formule reste valable : "
    "$\\frac{{\\partial L}}{{\\partial X}} = {form}$.\n"
)
_FULL_CORRELATION = r"\operatorname{pad}_{k-1}(G) \star \operatorname{rot}_{180}(W)"


def _full_correlation_holds(n: int, k: int, stride: int) -> bool:
    """Whether pad_{k-1}(G) correlated with the turned kernel is torch's dX."""
    t = _gradients(n, k, stride, 0)
    got = F.conv2d(F.pad(t["G"], (k - 1,) * 4), torch.flip(t["W"], [2, 3]))
    return _same(got, t["dX"])


@pytest.mark.parametrize("template", [_STRIDE_EN, _STRIDE_FR], ids=["en", "fr"])
@pytest.mark.parametrize("stride", [1, 2])
def test_a_stride_stated_on_the_claims_line_is_the_claims(template, stride):
    holds = _full_correlation_holds(7, 3, stride)
    assert holds == (stride == 1)  # torch: at stride 2 G must be dilated first
    assert _full_correlation_holds(5, 3, 1)
    side = (7 - 3) // stride + 1
    text = template.format(form=_FULL_CORRELATION, s=stride, side=side)
    last = text.rstrip().split("\n")[-1]
    found = [v for v in statuses(text, last.split("$")[0]) if v in (VERIFIED, ALL_SIZES, WRONG)]
    # the line's size arithmetic is right either way; the formula is the claim's last verdict
    assert found[-1] == (ALL_SIZES if holds else WRONG), found
    unit = one_verdict(text, "unit")
    assert unit.status == ALL_SIZES, unit.message  # the unit-stride line keeps its proof


# ---------------------------------------------------------------- a padding mode
_MODE_EN = (
    "# Weight gradient and padding modes\n\n"
    "The layer is a cross-correlation (`F.conv2d`) of a $5 \\times 5$ input $X$ with a "
    "$3 \\times 3$ kernel $W$, stride 1, one channel, no bias; $G = \\partial L / \\partial Y$ "
    "and $\\star$ is the valid cross-correlation.\n\n## Valid and same\n\n"
    "In **valid** mode, $\\frac{\\partial L}{\\partial W} = X \\star G$.\n\n"
    "In **same** mode it stays as it was: $\\frac{\\partial L}{\\partial W} = X \\star G$.\n\n"
    "In **same** mode the windows read the padded input: "
    "$\\frac{\\partial L}{\\partial W} = \\operatorname{pad}_1(X) \\star G$.\n"
)
_MODE_DE = (
    "# Gewichtsgradient und Padding-Modi\n\n"
    "Die Schicht ist eine Kreuzkorrelation (`F.conv2d`) einer $5 \\times 5$-Eingabe $X$ mit "
    "einem $3 \\times 3$-Kern $W$, Schrittweite 1, ein Kanal, ohne Bias; "
    "$G = \\partial L / \\partial Y$, und $\\star$ ist die gültige Kreuzkorrelation.\n\n"
    "## Valid und same\n\n"
    "Im Modus **valid** gilt $\\frac{\\partial L}{\\partial W} = X \\star G$.\n\n"
    "Im Modus **same** bleibt es dabei: $\\frac{\\partial L}{\\partial W} = X \\star G$.\n\n"
    "Im Modus **same** lesen die Fenster die aufgefüllte Eingabe: "
    "$\\frac{\\partial L}{\\partial W} = \\operatorname{pad}_1(X) \\star G$.\n"
)


def _weight_gradient_holds(padding: int, padded_input: bool) -> bool:
    """Whether X (padded by ``padding`` when ``padded_input``) correlated with G is torch's
    dW of the 5x5 input, 3x3 kernel layer with that padding."""
    t = _gradients(5, 3, 1, padding)
    x = F.pad(t["X"], (padding,) * 4) if padded_input else t["X"]
    return _same(F.conv2d(x, t["G"]), t["dW"])


# the line of each claim, by language: (mode, X padded by the mode's padding?) -> its words
_MODE_LINES = {
    "en": {
        ("valid", False): "**valid** mode",
        ("same", False): "**same** mode it stays",  # the slip: the deliberately wrong claim
        ("same", True): "**same** mode the windows",
    },
    "de": {
        ("valid", False): "Modus **valid**",
        ("same", False): "**same** bleibt",
        ("same", True): "**same** lesen",
    },
}


@pytest.mark.parametrize(("language", "template"), [("en", _MODE_EN), ("de", _MODE_DE)])
@pytest.mark.parametrize(
    ("mode", "padded_input"), [("valid", False), ("same", False), ("same", True)]
)
def test_a_padding_mode_in_the_sentence_is_the_layers(language, template, mode, padded_input):
    padding = mode_padding(mode, 3)
    assert padding == {"valid": 0, "same": 1}[mode]
    # torch: 'same' keeps the side, n + 2p - k + 1 = n (valid: n - k + 1)
    t = _gradients(5, 3, 1, padding)
    assert t["G"].shape[-1] == (5 if mode == "same" else 3)
    holds = _weight_gradient_holds(padding, padded_input)
    assert holds == (mode == "valid" or padded_input)
    found = one_verdict(template, _MODE_LINES[language][mode, padded_input])
    assert found.status == (VERIFIED if holds else WRONG), found.message
    if mode == "same":
        assert "'same'" in found.message, found.message


@pytest.mark.parametrize(
    ("lead_in", "modes"),
    [
        ("En modo same vale lo mismo, $", {"same"}),
        ("Y si el forward fue **full**, el backward es **valid**: $", {"full"}),
        ("If the forward was **full**, the backward is a valid one: $", {"full"}),
        ("With `padding='same'` the output keeps its side: $", {"same"}),
        ("Im Modus **valid** gilt $", {"valid"}),
        # the claim's own sentence only: an earlier sentence's mode is another case
        ("In valid mode it is $X$. With a stride of two, $", set()),
        # "the same padding as above" points at a padding, it names no mode
        ("With the same padding as above, $", set()),
        ("The full gradient is $", set()),
    ],
)
def test_the_modes_a_sentence_states(lead_in, modes):
    assert stated_modes(lead_in) == modes


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
def test_mode_padding_keeps_torchs_output_sides(k):
    n = 9
    x = torch.zeros(1, 1, n, n)
    w = torch.zeros(1, 1, k, k)
    for mode, side in (("valid", n - k + 1), ("full", n + k - 1), ("same", n)):
        pad = mode_padding(mode, k)
        if pad is None:
            assert mode == "same" and k % 2 == 0  # no symmetric 'same' padding
            continue
        assert F.conv2d(x, w, padding=pad).shape[-1] == side


# ---------------------------------------------------------------- a mode, symbolic sizes
_FULL_EN = (
    "# Padding modes: a study card\n\n"
    "A square input $X$ of side $n$, a square kernel $W$ of side $k$, stride $1$, $p$ zeros "
    "on every side; $\\star$ is the valid cross-correlation that `F.conv2d` computes, and "
    "$G = \\partial L / \\partial Y$. The output side is $n_{{out}} = n + 2p - k + 1$.\n\n"
    "## Input gradient\n\n"
    "Without padding the input gradient is the full correlation with the turned kernel, "
    "$\\frac{{\\partial L}}{{\\partial X}} = {full}$.\n\n"
    "If the forward was **full**, the backward is a valid one: "
    "$\\frac{{\\partial L}}{{\\partial X}} = {form}$.\n"
)
_FULL_ES = (
    "# Modos de relleno: ficha de repaso\n\n"
    "Entrada cuadrada $X$ de lado $n$, kernel cuadrado $W$ de lado $k$, stride $1$ y $p$ "
    "ceros por cada lado; $\\star$ es la correlación cruzada válida de `F.conv2d` y "
    "$G = \\partial L / \\partial Y$. El lado de la salida es $n_{{out}} = n + 2p - k + 1$.\n\n"
    "## Gradiente de la entrada\n\n"
    "Sin relleno, el gradiente de la entrada es la correlación completa con el kernel "
    "girado: $\\frac{{\\partial L}}{{\\partial X}} = {full}$.\n\n"
    "Cuando el forward es **full**, el backward pasa a ser válido: "
    "$\\frac{{\\partial L}}{{\\partial X}} = {form}$.\n"
)
_VALID_CORRELATION = r"G \star \operatorname{rot}_{180}(W)"


@pytest.mark.parametrize("template", [_FULL_EN, _FULL_ES], ids=["en", "es"])
@pytest.mark.parametrize("form", [_VALID_CORRELATION, _FULL_CORRELATION])
def test_a_full_forward_is_judged_at_its_padding(template, form):
    k = 3
    t = _gradients(6, k, 1, k - 1)  # the full forward: padding k - 1
    pad = 0 if form == _VALID_CORRELATION else k - 1
    holds = _same(F.conv2d(F.pad(t["G"], (pad,) * 4), torch.flip(t["W"], [2, 3])), t["dX"])
    assert holds == (form == _VALID_CORRELATION)  # torch
    assert _full_correlation_holds(6, k, 1)  # without padding, the full correlation
    text = template.format(full=_FULL_CORRELATION, form=form)
    found = one_verdict(text, "**full**")
    if holds:
        # the general reader calls it false at its default of no padding; in the mode the
        # sentence states it holds (or is read nowhere): never wrong
        assert found.status != WRONG, found.message
    else:
        assert found.status == WRONG and "'full'" in found.message, found.message
    unpadded = one_verdict(text, "Sin relleno" if template is _FULL_ES else "Without padding")
    assert unpadded.status == ALL_SIZES, unpadded.message


@pytest.mark.parametrize(
    ("after", "status"),
    [
        # the words after the formula name its case, unit stride: the line's stride 2 is the
        # output size's case, not the gradient's
        (" holds for unit stride only.", ALL_SIZES),
        (" holds there as well.", WRONG),
    ],
)
def test_the_words_after_a_claim_may_name_its_case(after, status):
    assert _full_correlation_holds(7, 3, 1) and not _full_correlation_holds(7, 3, 2)  # torch
    text = (
        "# Backward of a correlation layer\n\n"
        "One input channel, one filter, no bias; $\\star$ is the valid cross-correlation of "
        "`F.conv2d`. The input $X$ is $n \\times n$ with $n = 5$, the kernel $W$ is "
        "$k \\times k$ with $k = 3$, and $G = \\partial L / \\partial Y$.\n\n## Input gradient\n\n"
        "For $n = 7$, $k = 3$, $s = 2$ the output side is $\\lfloor (n - k)/s \\rfloor + 1 = 3$. "
        f"The input gradient $\\frac{{\\partial L}}{{\\partial X}} = {_FULL_CORRELATION}$"
        f"{after}\n"
    )
    line = text.rstrip().split("\n")[-1]
    found = [v for v in statuses(text, line[:20]) if v in (ALL_SIZES, WRONG)]
    assert found[-1] == status, found


@pytest.mark.parametrize(
    ("template", "unit"),
    [(_STRIDE_EN, "At unit stride the input gradient is"), (_STRIDE_FR, "Avec un pas unité,")],
    ids=["en", "fr"],
)
def test_a_later_what_if_stride_is_no_stride_of_the_earlier_claims(template, unit):
    # the earlier claim says nothing of its stride: the section's layer (n = 5, k = 3, no
    # stride stated) has stride 1, and the later "for $n = 7$, $k = 3$, $s = 2$" is a case
    # tried out on its own line, not that layer's stride
    assert _full_correlation_holds(5, 3, 1) and not _full_correlation_holds(7, 3, 2)  # torch
    text = template.format(form=_FULL_CORRELATION, s=2, side=3).replace(unit, "We have")
    earlier = one_verdict(text, "We have")
    assert earlier.status == ALL_SIZES, earlier.message
    last = text.rstrip().split("\n")[-1]
    assert statuses(text, last[:20])[-1] == WRONG
