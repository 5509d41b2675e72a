"""Two readings of a layer stated in words and built in code.

1. Russian and Polish put the role words in their cases: "с $C = 3$ входными каналами, $F
   = 4$ фильтрами и ядром $k = 3$ применяется к входу $5 \\times 5$", "z $C = 3$ kanałami
   wejściowymi, $F = 4$ filtrami i jądrem $k = 3$ działa na wejściu $5 \\times 5$".  The
   input's dative / locative ("входу", "wejściu") was no input word, so the size went to the
   last role word before it -- the kernel -- and a 5x5 kernel was read; "входными каналами",
   "kanałami", "filtrami" bound no letter.  Now the case endings are role words and the
   channel and filter words bind C and F.
2. A count formula without biases, "$P = F C K^2 = 108$", for a layer the notes build as
   ``nn.Conv2d(C, F, K)`` -- PyTorch's default has a bias -- was verified whenever no word
   of the notes spoke of a bias (either count was taken as the layer's).  Now a layer built
   in code settles it: a bias unless every constructor says ``bias=False`` (the word "bias"
   in ``bias=False`` no longer counts as saying there is one); the claim's own clause ("Com
   viés seria ...") still comes first.

Truth: torch's Conv2d output side and parameter count."""

from __future__ import annotations

import pytest
from conftest import checked_text

from symconv.checker.prose import prose_facts
from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")


def _layer(bias: bool = True) -> tuple[int, int]:
    """(output side, parameters) of ``nn.Conv2d(3, 4, 3, bias=bias)`` on a 5x5 input."""
    layer = torch.nn.Conv2d(3, 4, 3, bias=bias)
    side = layer(torch.zeros(1, 3, 5, 5)).shape[-1]
    return side, sum(p.numel() for p in layer.parameters())


def _by_line(text: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for v in checked_text(text).verdicts:
        found.setdefault(v.line, []).append(v.status)
    return found


_RU = (
    "# Контрольная: параметры\n\n"
    "Слой `nn.Conv2d(C, F, k)` с $C = 3$ входными каналами, $F = 4$ фильтрами и ядром "
    "$k = 3$ применяется к входу $5 \\times 5$ (шаг 1, без паддинга).\n\n"
    "Выход: $H_{out} = 5 - 3 + 1 = 3$.\n\n"
    "Параметры слоя: $P = F(C k^2 + 1) = 4 \\cdot 28 = 112$.\n\n"
    "В одной работе: $P = F C k^2 = 108$.\n"
)
_PL = (
    "# Kolokwium: parametry\n\n"
    "Warstwa `nn.Conv2d(C, F, k)` z $C = 3$ kanałami wejściowymi, $F = 4$ filtrami i jądrem "
    "$k = 3$ działa na wejściu $5 \\times 5$ (krok 1, bez dopełnienia).\n\n"
    "Wyjście: $H_{out} = 5 - 3 + 1 = 3$.\n\n"
    "Parametry warstwy: $P = F(C k^2 + 1) = 4 \\cdot 28 = 112$.\n\n"
    "W jednej pracy: $P = F C k^2 = 108$.\n"
)


@pytest.mark.parametrize("text", [_RU, _PL], ids=["russian", "polish"])
def test_role_words_in_their_cases(text: str) -> None:
    assert _layer() == (3, 112)  # 4·(3·9 + 1)
    lines = _by_line(text)
    assert lines[5] == [VERIFIED]
    assert WRONG not in lines[7]  # 112 is this layer's count
    assert lines[9] == [WRONG]  # the biases left out: 108 is no count of nn.Conv2d(3, 4, 3)


@pytest.mark.parametrize(
    "line",
    [
        "Слой с ядром $k = 2$ применяется к входу $3 \\times 3$ (шаг 1).",
        "Warstwa z jądrem $k = 2$ działa na wejściu $3 \\times 3$ (krok 1).",
    ],
    ids=["russian", "polish"],
)
def test_a_size_after_an_input_in_its_case_is_the_inputs(line: str) -> None:
    # "applied to the input 3x3" (dative "входу", locative "wejściu"): main gave the size
    # to the kernel word before it, reading a 3x3 kernel where the notes say k = 2
    found = prose_facts(line)
    assert ("input", "3x3", "prose") in found
    assert ("kernel", "3x3", "prose") not in found


_PT = (
    "# Prova: parâmetros\n\n"
    "A camada `nn.Conv2d(C, F, K{flag})` com $C = 3$ canais, $F = 4$ filtros e kernel "
    "$K = 3$ recebe uma imagem de $5 \\times 5$ (passo 1, sem preenchimento).\n\n"
    "Parâmetros da camada: $P = F\\,C K^2 = 4 \\cdot 27 = 108$.\n\n"
    "Com viés seria $P = F(C K^2 + 1) = 4 \\cdot 28 = 112$.\n"
)


def test_a_built_layer_settles_its_bias() -> None:
    assert _layer(bias=True)[1] == 112 and _layer(bias=False)[1] == 108
    default = _by_line(_PT.format(flag=""))
    assert default[5] == [WRONG]  # main: verified, though nn.Conv2d has a bias
    assert default[7] == [VERIFIED]
    off = _by_line(_PT.format(flag=", bias=False"))
    assert off[5] == [VERIFIED]  # main: wrong ("bias" in bias=False read as a bias)
    assert off[7] == [VERIFIED]  # its own clause adds the bias
