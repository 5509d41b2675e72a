"""Claims of notes about a softmax output with the cross-entropy loss, in their letters:
the logit gradient, the softmax Jacobian, the gradient's entries summing to zero, and the
worked numbers at given logits.  Truth: torch autograd (the gradient of the cross-entropy,
the Jacobian of softmax) and torch's softmax / log at the notes' logits, never symconv."""

from __future__ import annotations

import math

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

SETTINGS = {
    "en": "One example has logits $z$, $p = \\operatorname{{softmax}}(z)$, a one-hot "
    "label $y$ and the cross-entropy loss $\\ell = -\\sum_{{k={b}}}^{{{t}}} y_k \\log p_k$.",
    "es": "Para un ejemplo, $p = \\mathrm{{softmax}}(z)$ con etiqueta one-hot $y$; la "
    "pérdida es la entropía cruzada $\\ell = -\\sum_{{k={b}}}^{{{t}}} y_k \\ln p_k$.",
    "batch": "The layer is $Z = XW + b$, then $P = \\operatorname{{softmax}}(Z)$ row by row, $Y$ "
    "holds the one-hot labels, and each example's loss is $\\ell = -\\sum_{{k={b}}}^{{{t}}} "
    "y_k \\log p_k$.",
}


def _notes(setting: str, base: int, claims: str) -> str:
    words = SETTINGS[setting].format(b=base, t=3 + base)
    return f"# Output layer\n\n{words}\n\n{claims}\n"


def _gradient_forms():  # type: ignore[no-untyped-def]
    """(written right side at entry k, value from p, y at entry k)."""
    return {
        "p-y": ("p_k - y_k", lambda p, y: p - y),
        "y-p": ("y_k - p_k", lambda p, y: y - p),
        "p(1-y)": ("p_k (1 - y_k)", lambda p, y: p * (1 - y)),
        "frac": ("\\frac{1}{1} (p_k - y_k)", lambda p, y: p - y),
    }


def _gradient_truth(form) -> bool:  # type: ignore[no-untyped-def]
    for seed in range(3):
        z = torch.randn(4, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
        for label in range(4):
            z1 = z.clone().requires_grad_()
            torch.nn.functional.cross_entropy(z1[None], torch.tensor([label])).backward()
            p = torch.softmax(z, 0)
            for k in range(4):
                if not math.isclose(
                    form(p[k].item(), float(k == label)), z1.grad[k].item(), abs_tol=1e-12
                ):
                    return False
    return True


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize("base", [0, 1])
@pytest.mark.parametrize("form", list(_gradient_forms()))
def test_the_logit_gradient(setting, base, form):
    written, value = _gradient_forms()[form]
    text = _notes(setting, base, f"$$\\frac{{\\partial \\ell}}{{\\partial z_k}} = {written}$$")
    verdict = check_text(text).verdicts[-1]
    expected = VERIFIED if _gradient_truth(value) else WRONG
    assert verdict.status == expected, verdict.message


JACOBIANS = {
    "delta": ("p_k\\,(\\delta_{kj} - p_j)", lambda p, k, j: p[k] * ((k == j) - p[j])),
    "expanded": ("\\delta_{kj} p_k - p_k p_j", lambda p, k, j: (k == j) * p[k] - p[k] * p[j]),
    "swapped": ("p_j\\,(1 - p_k)", lambda p, k, j: p[j] * (1 - p[k])),
    "off_only": ("-p_k p_j", lambda p, k, j: -p[k] * p[j]),
}


def _jacobian_truth(form) -> bool:  # type: ignore[no-untyped-def]
    z = torch.randn(4, generator=torch.Generator().manual_seed(5), dtype=torch.float64)
    jac = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, 0), z)
    p = torch.softmax(z, 0).tolist()
    return all(
        math.isclose(form(p, k, j), jac[k, j].item(), abs_tol=1e-12)
        for k in range(4)
        for j in range(4)
    )


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize("form", list(JACOBIANS))
def test_the_softmax_jacobian(setting, form):
    written, value = JACOBIANS[form]
    text = _notes(setting, 1, f"$$\\frac{{\\partial p_k}}{{\\partial z_j}} = {written}$$")
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if _jacobian_truth(value) else WRONG), verdict.message


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize("total", ["0", "1"])
def test_the_gradient_entries_sum(setting, total):
    z = torch.randn(4, dtype=torch.float64, requires_grad=True)
    torch.nn.functional.cross_entropy(z[None], torch.tensor([2])).backward()
    truth = z.grad.sum().item()
    text = _notes(
        setting, 1, f"$$\\sum_{{k=1}}^{{4}} \\frac{{\\partial \\ell}}{{\\partial z_k}} = {total}$$"
    )
    verdict = check_text(text).verdicts[-1]
    holds = math.isclose(truth, float(total), abs_tol=1e-12)
    assert verdict.status == (VERIFIED if holds else WRONG), verdict.message


CLASS_WORDS = {
    "first": ("true class the first one", 0),
    "second": ("the true class is the second", 1),
    "number": ("the correct class is 3", 2),
}


def _decimals(values: list[float], shift: float = 0.0) -> str:
    return ",\\ ".join(f"{v + shift:.3f}" for v in values)


@pytest.mark.parametrize("words", list(CLASS_WORDS))
@pytest.mark.parametrize("shift", [0.0, 0.01])
def test_worked_numbers_at_the_given_logits(words, shift):
    phrase, label = CLASS_WORDS[words]
    z = torch.tensor([2.0, 1.0, 0.0], dtype=torch.float64, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(z[None], torch.tensor([label]))
    loss.backward()
    p = torch.softmax(z.detach(), 0).tolist()
    grad = z.grad.tolist()
    claims = (
        f"One example, $z = (2, 1, 0)$, {phrase}. Then, to three decimals,\n\n"
        f"$$p = ({_decimals(p, shift)})$$\n\n"
        f"$$\\frac{{\\partial \\ell}}{{\\partial z}} = p - y = ({_decimals(grad, shift)})$$\n\n"
        f"$$\\ell = -\\ln p_{{{label + 1}}} = {loss.item() + shift:.3f}$$\n"
    )
    verdicts = [v for v in check_text(_notes("en", 1, claims)).verdicts if v.line > 4]
    statuses = [v.status for v in verdicts if v.status in (VERIFIED, WRONG)]
    expected = VERIFIED if shift == 0.0 else WRONG
    assert statuses == [expected] * 3, [v.message for v in verdicts]


def test_a_loss_read_at_the_wrong_class():
    claims = "One example, $z = (2, 1, 0)$, true class the first one.\n\n$$\\ell = -\\ln p_2$$\n"
    verdict = check_text(_notes("en", 1, claims)).verdicts[-1]
    z = torch.tensor([[2.0, 1.0, 0.0]], dtype=torch.float64)
    truth = torch.nn.functional.cross_entropy(z, torch.tensor([0])).item()
    assert not math.isclose(truth, -math.log(torch.softmax(z[0], 0)[1].item()))
    assert verdict.status == WRONG, verdict.message
