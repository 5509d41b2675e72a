"""What a sentence around a claim does to it: a convention it states, a setting another
answer would need, a layer it describes with a letter.

* "tomando $dY = 0$ fuera de $0..4$", "(and $g_t = 0$ past $t = 7$)": a convention of the
  notes and its condition, not claims (they were called wrong: "a scalar where a 4x4 array
  is expected");
* "Wrong answer I keep giving: ~~$H_{out} = 6$~~ (that needs `output_padding=1`)": the
  parenthesis names what another layer would need; read as the claim's own setting it
  verified the wrong answer;
* "A conv layer with $H = 10$, kernel 3, stride 2, padding 1": H sets the input's side,
  over the notes' default 4x4 input (the right answer 5 was called wrong).

Truth: torch's output shapes.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text


def _at(text: str, line: int) -> list[tuple[str, str, str]]:
    return [
        (v.source, v.status, v.message)
        for v in check_text(text, "notes.md").verdicts
        if v.line == line and v.status != "assumed"
    ]


def test_a_zero_convention_and_its_condition_are_not_claims() -> None:
    notes = (
        "# Bucle\n\nUna capa con entrada $X$ de $6\\times 6$, filtro de $3\\times 3$, paso 1, "
        "sin relleno: $Y = X \\star W$ es $4\\times 4$.\n\n"
        "Dándole la vuelta al bucle (y tomando $dY = 0$ fuera de $0..4$) queda\n\n"
        "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(dY) \\star "
        "\\operatorname{rot}_{180}(W)$$\n"
    )
    assert _at(notes, 5) == []
    (found,) = _at(notes, 7)
    assert found[1] == VERIFIED, found
    causal = (
        "# Causal\n\nA causal 1-D convolution: $x \\in \\mathbb{R}^8$, a kernel of 3 taps, "
        "stride 1, padding 2 on the left only; $y$ has 8 entries.\n\n"
        "With $g_t = \\partial L / \\partial y_t$ (and $g_t = 0$ past $t = 7$):\n"
    )
    assert all(status != WRONG for _, status, _ in _at(causal, 5)), _at(causal, 5)
    assert not any(source.strip() in ("g_t = 0", "t = 7") for source, _, _ in _at(causal, 5))


def _transposed_side(h: int, k: int, s: int, p: int, op: int = 0) -> int:
    x = torch.zeros(1, 1, h, h)
    w = torch.zeros(1, 1, k, k)
    return int(F.conv_transpose2d(x, w, stride=s, padding=p, output_padding=op).shape[-1])


def test_what_another_answer_would_need_is_not_the_claims_setting() -> None:
    assert (_transposed_side(3, 3, 2, 1), _transposed_side(3, 3, 2, 1, op=1)) == (5, 6)
    notes = (
        "# Cards\n\n**Card 7.** Q: `ConvTranspose2d(1, 1, kernel_size=3, stride=2, "
        "padding=1)` on a 3×3 input: output side?\n\n"
        "A: $H_{out} = (3 - 1) \\cdot 2 - 2 \\cdot 1 + 3 = 5$\n\n"
        "Wrong answer I keep giving: ~~$H_{out} = 6$~~ (that needs `output_padding=1`).\n"
    )
    (struck,) = _at(notes, 7)
    assert struck[1] != VERIFIED, struck


def test_a_layer_with_its_height_set_by_letter() -> None:
    side = F.conv2d(torch.zeros(1, 1, 10, 10), torch.zeros(1, 1, 3, 3), stride=2, padding=1)
    assert side.shape[-1] == 5
    notes = (
        "# Quiz\n\nUnless a question says otherwise: $X$ is a $4 \\times 4$ input and $K$ a "
        "$3 \\times 3$ kernel.\n\n"
        "### Q3. A conv layer with $H = 10$, kernel 3, stride 2, padding 1. What is "
        "$H_{out}$?\n\n- (a) $H_{out} = 5$ **[correct]**\n- (b) $H_{out} = 6$\n"
    )
    ((_, right, _),) = _at(notes, 7)
    ((_, wrong, message),) = _at(notes, 8)
    assert (right, wrong) == (VERIFIED, WRONG), message
    assert "5, not 6" in message


def _weight_gradient(size: int, stride: int, right) -> bool:
    """Whether ``right(x, g)`` is dL/dW of a size x size input, 3x3 kernel, stride."""
    x = torch.randn(1, 1, size, size, dtype=torch.float64)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, stride=stride)
    g = torch.randn_like(y)
    (dw,) = torch.autograd.grad(y, w, g)
    value = right(x, g)
    return value.shape == dw.shape and bool(torch.allclose(value, dw))


def _dilate(g: torch.Tensor, s: int) -> torch.Tensor:
    out = torch.zeros(1, 1, (g.shape[-2] - 1) * s + 1, (g.shape[-1] - 1) * s + 1).to(g)
    out[..., ::s, ::s] = g
    return out


def test_a_claim_about_the_input_its_clause_names_is_judged_at_that_input() -> None:
    """ "para 6x6 también dL/dw = x ⋆ dilate_2(g)": false at 6x6 (torch), true at the notes'
    5x5; judged at the 6x6 its clause names (named_input.py), it is wrong, saying so."""

    def claim(x, g):
        return F.conv2d(x, _dilate(g, 2))

    assert _weight_gradient(5, 2, claim) and not _weight_gradient(6, 2, claim)
    notes = (
        "# Stride 2\n\nEntrada $x$ de $5 \\times 5$, filtro de $3 \\times 3$, paso 2, sin "
        "relleno.\n\n"
        "Con $6 \\times 6$ la última fila no la lee ninguna ventana; por ejemplo para "
        "$6 \\times 6$ también $\\frac{\\partial L}{\\partial w} = x \\star "
        "\\operatorname{dilate}_2(g)$.\n"
    )
    (found,) = _at(notes, 5)
    assert found[1] == WRONG and "6x6 input" in found[2], found


def test_a_rotation_a_1x1_map_hides_is_not_verified_there() -> None:
    """dE/dw = a star rot180(delta) holds when delta is 1x1 (a 3x3 input and 3x3 kernel),
    and at no larger size: those sizes do not check the rotation."""

    def rotated(x, g):
        return F.conv2d(x, torch.flip(g, (-2, -1)))

    assert _weight_gradient(3, 1, rotated) and not _weight_gradient(6, 1, rotated)
    notes = (
        "# Pesos\n\nEntrada $a$ de $3 \\times 3$, filtro $w$ de $3 \\times 3$, paso 1, sin "
        "relleno: la salida es $1 \\times 1$.\n\n"
        "$$\\frac{\\partial E}{\\partial w} = a \\star \\operatorname{rot}_{180}(\\delta)$$\n"
    )
    (found,) = _at(notes, 5)
    assert found[1] != VERIFIED and "do not check what it writes" in found[2], found
