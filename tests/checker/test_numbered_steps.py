"""A worked solution's numbered steps are no stride (numbered_steps.py), and Russian /
Vietnamese notes that name the stride with a letter ("шаг $S$", "bước $S$") mean every
stride (letter_parameters.py).

"Шаг", "krok", "stap" are a stride and any step: "*Шаг 2 (формула).*" titles a solution's
second step.  Read as strides, a page of numbered steps set stride 1, 2, 3 ... for the
solution's section, the first kept, and a stride-2 exam was checked at stride 1: its
correct input gradient called wrong, the formula that forgets G's zeros verified.  A
lecture's "шаг $S$" was no stride letter, so a claim right only at stride 1 (``X \\star_S
G`` for the weight gradient) verified at the default stride 1.

Notes written here (Russian, Polish, Dutch; Russian and Vietnamese), not copied from any
set.  Truth: torch autograd of the strided correlation (``_input_gradient``,
``_weight_gradient``); each test has a deliberately wrong variant that must be called wrong.
"""

from __future__ import annotations

import pytest
import torch
from line_verdicts import statuses

from symconv.checker.numbered_steps import names_titled_step, without_step_labels
from symconv.checker.prose import prose_facts
from symconv.checker.report import VERIFIED, WRONG

# a 3 x 3 kernel and the upstream gradient of a 7 x 7 input's stride-2 valid correlation
KERNEL = [[2, -1, 0], [1, 3, -2], [0, 1, 1]]
UPSTREAM = [[1, -2, 0], [2, 1, -1], [0, 3, 1]]


def _input_gradient(kernel: list[list[int]], upstream: list[list[int]], side: int, stride: int):
    """dL/dX of Y = corr(X, K) with the stride, for dL/dY = upstream (torch autograd)."""
    x = torch.zeros((1, 1, side, side), dtype=torch.float64, requires_grad=True)
    k = torch.tensor(kernel, dtype=torch.float64)[None, None]
    g = torch.tensor(upstream, dtype=torch.float64)[None, None]
    torch.nn.functional.conv2d(x, k, stride=stride).backward(g)
    assert x.grad is not None
    return x.grad[0, 0]


def _matrix(rows: list[list[int]]) -> str:
    return (
        "\\begin{bmatrix} "
        + " \\\\ ".join(" & ".join(str(v) for v in row) for row in rows)
        + " \\end{bmatrix}"
    )


# (title, given, step words, a later mention of step 3, the mistake's lead-in)
LANGUAGES = {
    "ru": (
        "# Контрольная 3: градиент по входу при шаге 2",
        "**Дано.** Свёрточный слой (корреляция) с шагом $S = 2$ и без паддинга: $Y[i,j] = "
        "\\sum_{u=0}^{2}\\sum_{v=0}^{2} K[u,v]\\, X[2i+u,\\, 2j+v]$, индексы с нуля. Вход $X$ "
        "размера $7 \\times 7$.",
        ("*Шаг 1 (размеры).*", "*Шаг 2 (формула).*", "*Шаг 3 (один элемент).*"),
        "Проверять шаг 3 повторно не нужно.",
        "Ошибка:",
    ),
    "pl": (
        "# Kolokwium 2: gradient wejścia przy kroku 2",
        "**Treść.** Warstwa liczy korelację z krokiem $S = 2$, bez dopełnienia: $Y[i,j] = "
        "\\sum_{u=0}^{2}\\sum_{v=0}^{2} K[u,v]\\, X[2i+u,\\, 2j+v]$, indeksy od zera. Wejście "
        "$X$ ma rozmiar $7 \\times 7$.",
        ("1. Krok 1 (rozmiary).", "2. Krok 2 (wzór).", "3. Krok 3 (jeden element)."),
        "Wynik zgadza się ze wzorem; krok 3 sprawdza tylko jeden element.",
        "Błąd:",
    ),
    "nl": (
        "# Tentamen 5: de gradiënt naar de invoer bij stap 2",
        "**Gegeven.** De laag berekent een correlatie met stapgrootte $S = 2$, geen padding: "
        "$Y[i,j] = \\sum_{u=0}^{2}\\sum_{v=0}^{2} K[u,v]\\, X[2i+u,\\, 2j+v]$, indices vanaf "
        "0. De invoer $X$ is $7 \\times 7$.",
        ("**Stap 1.** De maten.", "**Stap 2.** De formule.", "**Stap 3.** Eén element."),
        "Stap 3 hoeft niet herhaald te worden.",
        "Fout:",
    ),
}


# the stride-2 input gradient: G dilated by 2, padded by k - 1 = 2, against the rotated K
FORMULA = (
    "\\frac{\\partial L}{\\partial X} = "
    "\\operatorname{pad}_{2}\\big(\\operatorname{dil}_2(G)\\big) "
    "\\star \\operatorname{rot}_{180}(K)"
)


def _exam(language: str) -> tuple[str, int]:
    title, given, steps, mention, mistake = LANGUAGES[language]
    truth = _input_gradient(KERNEL, UPSTREAM, 7, 2)
    entry = int(truth[2, 4])
    side = (7 - 3) // 2 + 1  # the output side, which the upstream gradient's 3 x 3 is
    assert tuple(truth.shape) == (7, 7) and side == len(UPSTREAM)
    text = f"""{title}

{given}

$$K = {_matrix(KERNEL)}, \\qquad G = \\frac{{\\partial L}}{{\\partial Y}} = {_matrix(UPSTREAM)}$$

---

{steps[0]} $H_{{out}} = \\lfloor (7 - 3)/2 \\rfloor + 1 = {side}$.

{steps[1]}

$${FORMULA}$$

{steps[2]} $\\frac{{\\partial L}}{{\\partial X}}[2,4] = {entry}$.

{mention}

{mistake} $\\frac{{\\partial L}}{{\\partial X}} = \\operatorname{{pad}}_{{2}}(G) \\star \
\\operatorname{{rot}}_{{180}}(K)$

{mistake} $\\frac{{\\partial L}}{{\\partial X}}[2,4] = {entry + 1}$
"""
    return text, entry


def test_the_truth_of_the_exam() -> None:
    """torch: the stride-2 input gradient is the full correlation of G dilated by 2 with the
    rotated kernel (the notes' formula); without the dilation the result is 5 x 5, no 7 x 7."""
    truth = _input_gradient(KERNEL, UPSTREAM, 7, 2)
    g = torch.tensor(UPSTREAM, dtype=torch.float64)
    dilated = torch.zeros((5, 5), dtype=torch.float64)
    dilated[::2, ::2] = g
    k = torch.tensor(KERNEL, dtype=torch.float64).flip(0, 1)
    padded = torch.nn.functional.pad(dilated, (2, 2, 2, 2))
    formula = torch.nn.functional.conv2d(padded[None, None], k[None, None])[0, 0]
    assert torch.equal(formula, truth)
    undilated = torch.nn.functional.pad(g, (2, 2, 2, 2))
    forgot = torch.nn.functional.conv2d(undilated[None, None], k[None, None])[0, 0]
    assert tuple(forgot.shape) == (5, 5)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_numbered_steps_leave_the_stride_2(language: str) -> None:
    text, entry = _exam(language)
    # 3, the output side at stride 2 (5 at stride 1; a bold title may start a section of
    # its own, where which quantity H_out is is not read)
    assert WRONG not in statuses(text, "\\lfloor (7 - 3)/2")
    assert statuses(text, "\\big(\\operatorname{dil}_2(G)\\big)") == [VERIFIED]
    assert statuses(text, f"[2,4] = {entry}$") == [VERIFIED]
    # the deliberately wrong variants: G's zeros forgotten, a number off by one
    assert statuses(text, "\\operatorname{pad}_{2}(G)") == [WRONG]
    assert statuses(text, f"[2,4] = {entry + 1}") == [WRONG]


@pytest.mark.parametrize(
    ("line", "stride"),
    [
        ("Слой с шагом 2.", "2"),  # a stride in a sentence
        ("Вход 7x7, шаг 2, без паддинга.", "2"),
        ("Ядро 3x3. Шаг 2.", "2"),  # a sentence of its own, inside the line
        ("con *paso 2* y relleno 1", "2"),  # a stride stressed, no title
        ("*Шаг 1 (размеры).* Выход 3x3.", None),  # titles: no stride
        ("**Stap 2.** De afgeleide.", None),
        ("### Paso 3 — la derivada", None),
        ("2. Krok 2 (wzór).", None),
        ("Adım 2 — zincir kuralı", None),
        ("**Решение.** _Шаг 4._ Проверка.", None),
    ],
)
def test_a_step_title_is_no_stride(line: str, stride: str | None) -> None:
    found = [value for key, value, _ in prose_facts(line) if key == "stride"]
    assert found == ([stride] if stride else [])


def test_the_step_word_is_replaced_in_titles_only() -> None:
    assert without_step_labels("*Шаг 2 (формула).*") == "*Step 2 (формула).*"
    assert without_step_labels("с шагом 2, шаг 2") == "с шагом 2, шаг 2"


def test_a_titled_step_named_again_is_no_stride() -> None:
    lines = [
        "*Шаг 1 (размеры).* ...",
        "**Krok 2.** ...",
        "Итог: шаг 2 можно не пересчитывать.",  # step 2 again, below its title
        "Во второй части шаг 3, ядро 2x2.",  # no step 3 is titled: a stride 3
        "Wynik z kroku 1 ...",  # another case ending names step 1 too
        "Dalej z krokiem 1 ...",  # "with stride 1": the instrumental states a stride
    ]
    assert names_titled_step(lines, 3, "2")
    assert not names_titled_step(lines, 4, "3")
    assert names_titled_step(lines, 5, "1")
    assert not names_titled_step(lines, 6, "1")
    # above its title the same words are the stride the notes state
    assert not names_titled_step(["Слой: шаг 2, ядро 3x3.", "*Шаг 2 (формула).*"], 1, "2")
    # a lone title is no worked solution's steps: "# Paso 2" titles notes on stride 2
    assert not names_titled_step(["# Paso 2", "", "Un filtro de 3x3, paso 2."], 3, "2")


def _weight_gradient(x: torch.Tensor, upstream: torch.Tensor, stride: int) -> torch.Tensor:
    """dL/dK of Y = corr(X, K) (3 x 3 K) with the stride, for dL/dY = upstream."""
    k = torch.zeros((1, 1, 3, 3), dtype=torch.float64, requires_grad=True)
    torch.nn.functional.conv2d(x[None, None], k, stride=stride).backward(upstream[None, None])
    assert k.grad is not None
    return k.grad[0, 0]


def test_the_truth_of_the_letter_stride() -> None:
    """torch at S = 2 (S divides H - K_h): dL/dK is X correlated with G dilated by S, and the
    correlation of X with G at stride S is another array."""
    gen = torch.Generator().manual_seed(23)
    x = torch.randint(-3, 4, (7, 7), generator=gen).double()
    g = torch.randint(-3, 4, (3, 3), generator=gen).double()
    truth = _weight_gradient(x, g, 2)
    dilated = torch.zeros((5, 5), dtype=torch.float64)
    dilated[::2, ::2] = g
    assert torch.equal(torch.nn.functional.conv2d(x[None, None], dilated[None, None])[0, 0], truth)
    # X[S u + i, S v + j] against dL/dK's X[S i + u, S j + v]: the same 3 x 3, other entries
    strided = torch.nn.functional.conv2d(x[None, None], g[None, None], stride=2)[0, 0]
    assert strided.shape == truth.shape and not torch.equal(strided, truth)


# "шаг $S$", "bước $S$": the letter stride, meant for every value
LETTER_NOTES = {
    "ru": (
        "# Градиент по ядру\n\nОдин канал, без паддинга, индексы с нуля.\n\n"
        "## Обозначения\n\nВход $X$ размера $H \\times W$, ядро $K$ размера $K_h \\times K_w$, "
        "с шагом $S$. Прямой проход:",
        "Пусть $G[i,j] = \\partial L / \\partial Y[i,j]$.\n\n## Ответ\n\n"
        "Когда $S$ делит $H - K_h$ и $W - K_w$,",
        "Неверно:",
    ),
    "ru-pri": (
        "# Градиент по ядру при шаге $S$\n\nОдин канал, без паддинга, индексы с нуля.\n\n"
        "## Обозначения\n\nВход $X$ размера $H \\times W$, ядро $K$ размера $K_h \\times K_w$. "
        "Прямой проход:",
        "Пусть $G[i,j] = \\partial L / \\partial Y[i,j]$.\n\n## Ответ\n\n"
        "Если $S$ делит $H - K_h$ и $W - K_w$,",
        "Ошибка:",
    ),
    "vi": (
        "# Gradient theo nhân với bước $S$\n\nMột kênh, không đệm, chỉ số từ 0.\n\n"
        "## Ký hiệu\n\nĐầu vào $X$ kích thước $H \\times W$, nhân $K$ kích thước "
        "$K_h \\times K_w$, bước $S$. Lan truyền xuôi:",
        "Đặt $G[i,j] = \\partial L / \\partial Y[i,j]$.\n\n## Kết quả\n\n"
        "Khi $S$ chia hết $H - K_h$ và $W - K_w$,",
        "Sai:",
    ),
}


def _lecture(language: str) -> str:
    setting, then, mistake = LETTER_NOTES[language]
    return f"""{setting}

$$Y[i,j] = \\sum_{{u=0}}^{{K_h-1}} \\sum_{{v=0}}^{{K_w-1}} K[u,v]\\, X[iS+u,\\, jS+v]$$

{then}

$$\\frac{{\\partial L}}{{\\partial K}} = X \\star \\operatorname{{dil}}_S(G)$$

{mistake} $\\frac{{\\partial L}}{{\\partial K}} = X \\star_S G$.
"""


@pytest.mark.parametrize("language", sorted(LETTER_NOTES))
def test_a_letter_stride_in_russian_and_vietnamese_means_every_stride(language: str) -> None:
    text = _lecture(language)
    # right for every S dividing H - K_h (the general prover, where it reads the notes' sizes)
    assert WRONG not in statuses(text, "\\operatorname{dil}_S(G)$$")
    # right at stride 1 only: tried at other strides (the letter's), it is wrong
    assert statuses(text, "X \\star_S G") == [WRONG]
