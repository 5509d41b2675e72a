"""Softmax cross-entropy claims in the forms notes write them (softmax_claims.py,
softmax_notes.py, softmax_sides.py): the derivative with a slash (``\\partial p_i /
\\partial z_j``), a sum over the classes from 1 to the letter of ``z \\in \\mathbb{R}^{K}``,
decimal commas (``0{,}766``) with semicolons between a vector's entries, ``p =
\\operatorname{softmax}(z) \\approx (...)`` (the definition, then its numbers), the loss
written only on the claim's own line, ``\\partial \\ell / \\partial p_k`` (the loss's
derivative in the probabilities: -y_k / p_k) and a temperature, ``p =
\\operatorname{softmax}(z/T)`` (the gradient is (p - y)/T).

Truth: torch's softmax and autograd of F.cross_entropy (below); each reading has a wrong
variant that must be caught.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

# French, decimal commas, classes from 1 by the claim's own sum to K (z in R^K)
FRENCH = """# TD 4 : softmax et entropie croisée

Logits $z \\in \\mathbb{R}^{K}$, $p = \\operatorname{softmax}(z)$, étiquette one-hot $y$, \
perte $\\ell = -\\sum_{k} y_k \\log p_k$.

Jacobienne : $\\partial p_i / \\partial z_j = p_i(\\delta_{ij} - p_j)$.

Faux : $\\partial p_i / \\partial z_j = p_i(1 - p_j)$.

$$\\frac{\\partial \\ell}{\\partial z_j} = -\\sum_{i=1}^{K} \\frac{y_i}{p_i}\\, p_i\\,\
(\\delta_{ij} - p_j) = p_j - y_j$$

$$\\frac{\\partial \\ell}{\\partial z_j} = -\\sum_{i=1}^{K} y_i\\,(\\delta_{ij} - p_j) = y_j - p_j$$

Exemple : $z = (1{,}5;\\ 0;\\ -1)$, classe correcte la première, $y = (1,\\ 0,\\ 0)$. Alors \
$p = \\operatorname{softmax}(z) \\approx (0{,}766;\\ 0{,}171;\\ 0{,}063)$ et \
$\\partial \\ell / \\partial z = p - y \\approx (-0{,}234;\\ 0{,}171;\\ 0{,}063)$.

Faux : $p = \\operatorname{softmax}(z) \\approx (0{,}766;\\ 0{,}063;\\ 0{,}171)$.
"""

# Spanish: the loss written only on the claim's line, dl/dp, and a temperature
SPANISH = """# Apuntes: la última capa

Logits $z = (1{,}5;\\ 0;\\ -1)$ y la clase 1 es la correcta, $y = (1,\\ 0,\\ 0)$. Así \
$p = \\operatorname{softmax}(z) \\approx (0{,}766;\\ 0{,}171;\\ 0{,}063)$ y la pérdida es \
$\\ell = -\\log p_1 \\approx 0{,}266$.

Mal: $\\ell = -\\log p_2 \\approx 0{,}266$.

En $p$: $\\partial \\ell / \\partial p_k = -y_k / p_k$ para todo $k$.

Mal: $\\partial \\ell / \\partial p_k = -1/p_k$ para todo $k$.

Con temperatura $T$, es decir $p = \\operatorname{softmax}(z/T)$: \
$\\partial \\ell / \\partial z = (p - y)/T$.

Mal: con temperatura $T$, $p = \\operatorname{softmax}(z/T)$, \
$\\partial \\ell / \\partial z = p - y$.

Con $p = \\operatorname{softmax}(2z)$ no se lee: $\\partial \\ell / \\partial z = p - y$.
"""


def _truth(logits: list[float], label: int, temperature: float = 1.0):
    z = torch.tensor([logits], dtype=torch.float64, requires_grad=True)
    loss = F.cross_entropy(z / temperature, torch.tensor([label]))
    (grad,) = torch.autograd.grad(loss, z)
    return torch.softmax(z / temperature, dim=1)[0].detach(), grad[0], float(loss.detach())


def test_the_truth_of_the_notes():
    p, g, loss = _truth([1.5, 0.0, -1.0], 0)
    assert [round(float(v), 3) for v in p] == [0.766, 0.171, 0.063]
    assert [round(float(v), 3) for v in g] == [-0.234, 0.171, 0.063]
    assert round(loss, 3) == 0.266 and round(-float(torch.log(p[1])), 3) != 0.266
    # the Jacobian: p_i (delta_ij - p_j), not p_i (1 - p_j) off the diagonal
    z = torch.tensor([1.5, 0.0, -1.0], dtype=torch.float64)
    jac = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, 0), z)
    assert torch.allclose(jac, torch.diag(p) - torch.outer(p, p))
    assert not torch.allclose(jac, p[:, None] * (1 - p[None, :]))
    # dl/dp_k of -sum y log p: -y_k / p_k (zero off the true class)
    q = p.clone().requires_grad_(True)
    (dq,) = torch.autograd.grad(-torch.log(q[0]), q)
    assert torch.allclose(dq, torch.tensor([-1 / p[0], 0.0, 0.0], dtype=torch.float64))
    # a temperature divides the gradient by T
    for temperature in (0.5, 2.0, 3.0):
        pt, gt, _ = _truth([1.5, 0.0, -1.0], 1, temperature)
        onehot = torch.tensor([0.0, 1.0, 0.0], dtype=torch.float64)
        assert torch.allclose(gt, (pt - onehot) / temperature)
        assert not torch.allclose(gt, pt - onehot)


def test_the_jacobian_with_a_slash():
    assert statuses(FRENCH, "Jacobienne") == [VERIFIED]
    assert statuses(FRENCH, "Faux : $\\partial p_i") == [WRONG]


def test_a_sum_over_the_classes_to_the_logits_length():
    assert statuses(FRENCH, "= p_j - y_j$$") == [VERIFIED]
    assert statuses(FRENCH, "= y_j - p_j$$") == [WRONG]


def test_decimal_commas_and_semicolons():
    assert statuses(FRENCH, "Exemple")[-2:] == [VERIFIED, VERIFIED]
    assert statuses(FRENCH, "Faux : $p =") == [WRONG]


def test_the_loss_written_on_the_claims_line():
    assert statuses(SPANISH, "Logits")[-2:] == [VERIFIED, VERIFIED]
    assert statuses(SPANISH, "Mal: $\\ell") == [WRONG]


def test_the_loss_differentiated_in_the_probabilities():
    assert statuses(SPANISH, "En $p$") == [VERIFIED]
    assert statuses(SPANISH, "= -1/p_k$") == [WRONG]


def test_a_temperature():
    assert statuses(SPANISH, "Con temperatura")[-1] == VERIFIED
    assert statuses(SPANISH, "Mal: con temperatura")[-1] == WRONG
    assert statuses(SPANISH, "softmax}(2z)")[-1] in (NOT_UNDERSTOOD,)


# two worked examples numbered by a subscript, exact numbers (softmax_examples.py)
ENGLISH_EXAMPLES = """# Recitation 6: two examples by hand

Logits $z \\in \\mathbb{R}^{C}$, $p = \\operatorname{softmax}(z)$, one-hot $y$, and
$\\ell = -\\sum_{c=1}^{C} y_c \\log p_c$.

Example 1: $z_1 = (0,\\ \\ln 3)$, class 2. So $p_1 = (\\tfrac14,\\ \\tfrac34)$ and \
$\\ell_1 = \\ln 4 - \\ln 3$.

$$\\frac{\\partial \\ell_1}{\\partial z_1} = \\left(\\tfrac14,\\ -\\tfrac14\\right)$$

Example 2: $z_2 = (\\ln 2,\\ 0,\\ \\ln 5)$, class 1. So \
$p_2 = (\\tfrac14,\\ \\tfrac18,\\ \\tfrac58)$ and \
$\\dfrac{\\partial \\ell_2}{\\partial z_2} = \\left(\\tfrac34,\\ \\tfrac18,\\ \\tfrac58\\right)$.

Wrong on purpose: $p_1 = (\\tfrac34,\\ \\tfrac14)$ and $\\ell_2 = \\ln 2$.
"""

# Portuguese, classes from 0 (the sum says so), and p_1 = a number: a class's entry
PORTUGUESE_EXAMPLES = """# Lista 3: exemplos numerados

Seja $p = \\operatorname{softmax}(z)$ e $\\ell = -\\sum_{k=0}^{K-1} y_k \\ln p_k$.

Exemplo 1: $z_1 = (\\ln 2,\\ \\ln 2,\\ 0)$, classe 0. Então $p_1 = (\\tfrac25,\\ \\tfrac25,\\ \
\\tfrac15)$ e $\\ell_1 = \\ln 5 - \\ln 2$.

Errado: $\\dfrac{\\partial \\ell_1}{\\partial z_1} = \\left(\\tfrac25,\\ \\tfrac25,\\ \
\\tfrac15\\right)$.

Certo: $\\dfrac{\\partial \\ell_1}{\\partial z_1} = \\left(-\\tfrac35,\\ \\tfrac25,\\ \
\\tfrac15\\right)$.

Aqui $p_1 = 0.4$ é uma entrada.
"""


def test_the_truth_of_the_numbered_examples():
    ln = math.log
    p, g, loss = _truth([0.0, ln(3)], 1)
    assert torch.allclose(p, torch.tensor([0.25, 0.75], dtype=torch.float64))
    assert torch.allclose(g, torch.tensor([0.25, -0.25], dtype=torch.float64))
    assert abs(loss - (ln(4) - ln(3))) < 1e-12
    logits = [ln(2), 0.0, ln(5)]
    p, g, loss = _truth(logits, 0)
    assert torch.allclose(p, torch.tensor([0.25, 0.125, 0.625], dtype=torch.float64))
    assert not torch.allclose(g, torch.tensor([0.75, 0.125, 0.625], dtype=torch.float64))
    assert abs(loss - ln(4)) < 1e-12 and abs(loss - ln(2)) > 0.1  # ln 4, not ln 2
    p, g, loss = _truth([ln(2)] * 2 + [0.0], 0)
    assert torch.allclose(p, torch.tensor([0.4, 0.4, 0.2], dtype=torch.float64))
    assert torch.allclose(g, torch.tensor([-0.6, 0.4, 0.2], dtype=torch.float64))
    assert abs(loss - (ln(5) - ln(2))) < 1e-12


def test_numbered_examples():
    assert statuses(ENGLISH_EXAMPLES, "Example 1")[-2:] == [VERIFIED, VERIFIED]
    assert statuses(ENGLISH_EXAMPLES, "\\partial \\ell_1") == [VERIFIED]
    assert statuses(ENGLISH_EXAMPLES, "Example 2")[-2:] == [VERIFIED, WRONG]
    assert statuses(ENGLISH_EXAMPLES, "Wrong on purpose") == [WRONG, WRONG]
    assert statuses(PORTUGUESE_EXAMPLES, "Exemplo 1")[-2:] == [VERIFIED, VERIFIED]
    assert statuses(PORTUGUESE_EXAMPLES, "Errado") == [WRONG]
    assert statuses(PORTUGUESE_EXAMPLES, "Certo") == [VERIFIED]
    # p_1 = 0.4 after z_1 = (...): class 1's entry, not read as example 1's vector
    assert WRONG not in statuses(PORTUGUESE_EXAMPLES, "Aqui")


# a formula of the logits differentiated: the log-sum-exp's gradient is the softmax
LOG_SUM_EXP = """# Hoja de fórmulas

- $p_i = \\dfrac{e^{z_i}}{\\sum_{c=1}^{C} e^{z_c}}$, $\\quad \\ell = -\\sum_{i=1}^{C} y_i \\log p_i$
- $\\dfrac{\\partial}{\\partial z_i} \\log \\sum_{c=1}^{C} e^{z_c} = p_i$
- $\\dfrac{\\partial}{\\partial z_i} \\log \\sum_{c=1}^{C} e^{z_c} = 1 - p_i$
- $\\dfrac{\\partial}{\\partial z_i} \\sum_{c=1}^{C} e^{z_c} = e^{z_i}$
"""


def test_the_truth_of_the_log_sum_exp():
    z = torch.tensor([0.3, -1.2, 2.0, 0.5], dtype=torch.float64, requires_grad=True)
    (grad,) = torch.autograd.grad(torch.logsumexp(z, 0), z)
    p = torch.softmax(z, 0).detach()
    assert torch.allclose(grad, p) and not torch.allclose(grad, 1 - p)
    (grad,) = torch.autograd.grad(torch.exp(z).sum(), z)
    assert torch.allclose(grad, torch.exp(z).detach())


def test_a_formula_of_the_logits_differentiated():
    assert statuses(LOG_SUM_EXP, "= p_i$") == [VERIFIED]
    assert statuses(LOG_SUM_EXP, "= 1 - p_i$") == [WRONG]
    assert statuses(LOG_SUM_EXP, "= e^{z_i}$") == [VERIFIED]


# single entries of the Jacobian, by the classes' numbers, at an example's logits
JACOBIAN_ENTRIES = (
    ENGLISH_EXAMPLES
    + """
In example 1, $\\partial p_1 / \\partial z_2 = -p_1 p_2 = -\\tfrac{3}{16}$ and \
$\\partial p_2 / \\partial z_2 = p_2 (1 - p_2) = \\tfrac{3}{16}$.

Wrong: in example 1, $\\partial p_1 / \\partial z_2 = p_1 p_2 = \\tfrac{3}{16}$.
"""
)

FRENCH_ENTRIES = (
    FRENCH
    + """
Dans cet exemple, $\\partial p_1 / \\partial z_1 = p_1 (1 - p_1) \\approx 0{,}179$.

Faux : $\\partial p_1 / \\partial z_2 \\approx 0{,}131$.
"""
)


def test_the_truth_of_the_jacobian_entries():
    z = torch.tensor([0.0, math.log(3)], dtype=torch.float64)
    jac = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, 0), z)
    assert abs(jac[0, 1] + 3 / 16) < 1e-12 and abs(jac[1, 1] - 3 / 16) < 1e-12
    z = torch.tensor([1.5, 0.0, -1.0], dtype=torch.float64)
    jac = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, 0), z)
    assert round(float(jac[0, 0]), 3) == 0.179 and round(float(jac[0, 1]), 3) == -0.131


def test_jacobian_entries_in_numbers():
    assert statuses(JACOBIAN_ENTRIES, "In example 1") == [VERIFIED, VERIFIED]
    assert statuses(JACOBIAN_ENTRIES, "Wrong: in example 1") == [WRONG]
    assert statuses(FRENCH_ENTRIES, "Dans cet exemple") == [VERIFIED]
    assert statuses(FRENCH_ENTRIES, "Faux : $\\partial p_1 / \\partial z_2") == [WRONG]


# the softmax defined in code with its arguments: no other function of the logits
CODED = """# TP 3: softmax and cross-entropy over a batch

```python
P = softmax(Z, axis=1)
loss = -np.log(P[np.arange(N), y]).mean()
```

The loss is $L = -\\frac{1}{N} \\sum_{n=1}^{N} \\sum_{k} Y_{nk} \\log P_{nk}$.

$$\\frac{\\partial P_{nk}}{\\partial Z_{nj}} = P_{nk} (\\delta_{kj} - P_{nj})$$
"""


def test_a_code_call_with_arguments_is_no_temperature():
    assert statuses(CODED, "\\delta_{kj}") == [VERIFIED]
