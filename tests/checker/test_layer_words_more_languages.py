"""A dilation or a transposed convolution named in Russian, Turkish, Vietnamese, Chinese,
Japanese or Korean.

Unread, a dilated layer was read at dilation 1 (its undilated forward formula VERIFIED: a
mistake let through) and a transposed convolution was read as a forward one (its correct
output side called wrong: a false alarm).  The words are now lexicon.DILATION and
DILATION_CJK (dilation_prose) and the transposed-convolution names of prose._TRANSPOSED
and scope_facts.  Truth: torch's conv2d(dilation=2) and conv_transpose2d."""

from __future__ import annotations

import numpy as np
import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

DILATION = {
    "ru": "Вход $X$ размера $7 \\times 7$, ядро $W$ размера $3 \\times 3$, шаг 1, без паддинга, "
    "коэффициент расширения 2.",
    "tr": "Girdi $X \\in \\mathbb{R}^{7 \\times 7}$, çekirdek $W \\in \\mathbb{R}^{3 \\times 3}$, "
    "stride 1, padding yok, dilatasyon 2.",
    "vi": "Đầu vào $X \\in \\mathbb{R}^{7 \\times 7}$, kernel $W \\in \\mathbb{R}^{3 \\times 3}$, "
    "stride 1, không đệm, độ giãn 2.",
    "zh": "输入 $X$ 为 $7 \\times 7$，卷积核 $W$ 为 $3 \\times 3$，步长为 1，无填充，膨胀率为 2。",
    "ja": "入力 $X$ は $7 \\times 7$、カーネル $W$ は $3 \\times 3$、ストライド 1、パディングなし、"
    "ダイレーション 2。",
    "ko": "입력 $X$는 $7 \\times 7$, 커널 $W$는 $3 \\times 3$, 스트라이드 1, 패딩 없음, "
    "팽창률은 2.",
}
FORWARD = {
    "dilated": "Y_{ij} = \\sum_{u=0}^{2}\\sum_{v=0}^{2} W_{uv} X_{i+2u,j+2v}",
    "undilated": "Y_{ij} = \\sum_{u=0}^{2}\\sum_{v=0}^{2} W_{uv} X_{i+u,j+v}",
}


def _forward_right(name: str) -> bool:
    rng = np.random.default_rng(6)
    x, w = rng.standard_normal((7, 7)), rng.standard_normal((3, 3))
    y = torch.nn.functional.conv2d(
        torch.tensor(x)[None, None], torch.tensor(w)[None, None], dilation=2
    )[0, 0].numpy()
    step = 2 if name == "dilated" else 1
    side = 7 - step * 2
    formula = np.array(
        [
            [
                sum(w[u, v] * x[i + step * u, j + step * v] for u in range(3) for v in range(3))
                for j in range(side)
            ]
            for i in range(side)
        ]
    )
    return formula.shape == y.shape and bool(np.allclose(formula, y))


@pytest.mark.parametrize("language", list(DILATION))
@pytest.mark.parametrize("name", list(FORWARD))
def test_a_dilation_in_these_words_is_the_layers(language, name):
    right = _forward_right(name)
    assert right == (name == "dilated")
    text = f"# T\n\n{DILATION[language]}\n\n$${FORWARD[name]}$$\n"
    statuses = [v.status for v in check_text(text, "n.md").verdicts if v.line == 5]
    assert statuses == [VERIFIED if right else WRONG]  # main: the undilated one verified


TRANSPOSED = {
    "ru": "Это транспонированная свёртка: вход $3 \\times 3$, ядро $3 \\times 3$, шаг 2.",
    "zh": "这是一个转置卷积：输入为 $3 \\times 3$，卷积核为 $3 \\times 3$，步长为 2。",
    "ja": "これは転置畳み込みです：入力は $3 \\times 3$、カーネルは $3 \\times 3$、ストライド 2。",
    "ko": "이것은 전치 합성곱이다: 입력은 $3 \\times 3$, 커널은 $3 \\times 3$, 스트라이드 2.",
}


@pytest.mark.parametrize("language", list(TRANSPOSED))
@pytest.mark.parametrize("off", [0, 2])
def test_a_transposed_convolution_in_these_words_is_one(language, off):
    side = int(
        torch.nn.functional.conv_transpose2d(
            torch.zeros(1, 1, 3, 3), torch.zeros(1, 1, 3, 3), stride=2
        ).shape[-1]
    )
    assert side == 7
    text = f"# T\n\n{TRANSPOSED[language]}\n\n$H_{{out}} = {side - off}$\n"
    statuses = [v.status for v in check_text(text, "n.md").verdicts if v.line == 5]
    assert statuses == [VERIFIED if off == 0 else WRONG]  # main: "1, not 7" (a forward conv)
