"""A batch loss defined from the samples' losses, and a loss defined entry by entry.

- ``J = \\frac{1}{B}\\sum_i J_i``: claims relating dJ/dV, dJ/dh_i and the samples' dJ_i/d(.)
  are judged by the definition (batch_loss.py), and so are the reductions J_sum, J_mean;
- ``E = \\frac{1}{2M}\\sum_m\\sum_k (y_{mk} - t_{mk})^2``: a claim about dE/dy_{mk} is judged
  by differentiating the one term of the sum at (m, k) (entry_loss.py);
- ``\\partial E_k / \\partial y[k][f][i][j]`` written as in code, under a mean: the sample's
  own tensor, so N times the batch loss's gradient (per_sample_loss.py).

Truth: torch autograd on random tensors (each sample's loss differentiated on its own).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _status(text: str, piece: str) -> str:
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)
    found = [v.status for v in check_text(text, "notes.md").verdicts if v.line == line]
    assert len(found) == 1, found
    return found[0]


def _batch_gradients(batch: int, mean: bool):
    """dJ/dV, dJ/dh and each sample's dJ_i/dV, dJ_i/dh_i for h_i = V u_i + c."""
    torch.manual_seed(3)
    v = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
    c = torch.randn(2, dtype=torch.float64)
    u = torch.randn(batch, 3, dtype=torch.float64)
    target = torch.randn(batch, 2, dtype=torch.float64)

    def sample_loss(i: int, h_i: torch.Tensor) -> torch.Tensor:
        return ((h_i - target[i]) ** 2).sum() + h_i.prod()

    h = (u @ v.T + c).detach().requires_grad_(True)
    each = [sample_loss(i, h[i]) for i in range(batch)]
    total = sum(each) / (batch if mean else 1)
    dj_dh = torch.autograd.grad(total, h)[0]
    hs = u @ v.T + c
    total_v = sum(sample_loss(i, hs[i]) for i in range(batch)) / (batch if mean else 1)
    dj_dv = torch.autograd.grad(total_v, v)[0]
    per_v, per_h = [], []
    for i in range(batch):
        hi = u[i] @ v.T + c
        per_v.append(torch.autograd.grad(sample_loss(i, hi), v)[0])
        hi2 = h[i].detach().requires_grad_(True)
        per_h.append(torch.autograd.grad(sample_loss(i, hi2), hi2)[0])
    return dj_dv, dj_dh, torch.stack(per_v), torch.stack(per_h)


MEAN_NOTES = """# Averaging over the mini-batch

We train on batches of $B = 16$ images. Image $i$ has its own loss $J_i$, and the batch
loss is their mean, $J = \\frac{1}{B} \\sum_{i=1}^{B} J_i$. The last layer computes
$h_i = V u_i + c$ for every image.

The shared weights collect every image's part:

$$\\frac{\\partial J}{\\partial V} = \\frac{1}{B} \\sum_{i=1}^{B} \
\\frac{\\partial J_i}{\\partial V}$$

Students often drop the mean here:

$$\\frac{\\partial J}{\\partial V} = \\sum_{i=1}^{B} \\frac{\\partial J_i}{\\partial V}$$

For one image, the output's gradient carries the factor too:

$$\\frac{\\partial J}{\\partial h_i} = \\frac{1}{B}\\, \\frac{\\partial J_i}{\\partial h_i}$$

and not simply

$$\\frac{\\partial J}{\\partial h_i} = \\frac{\\partial J_i}{\\partial h_i}$$

Summing instead of averaging scales the gradient up:

$$\\nabla_V J_{\\text{sum}} = B\\, \\nabla_V J_{\\text{mean}}$$

$$\\nabla_V J_{\\text{mean}} = B\\, \\nabla_V J_{\\text{sum}}$$
"""


def test_the_truth_of_the_mean_notes():
    batch = 4
    dj_dv, dj_dh, per_v, per_h = _batch_gradients(batch, mean=True)
    assert torch.allclose(dj_dv, per_v.sum(0) / batch)
    assert not torch.allclose(dj_dv, per_v.sum(0))
    assert torch.allclose(dj_dh, per_h / batch)
    assert not torch.allclose(dj_dh, per_h)
    sum_v = _batch_gradients(batch, mean=False)[0]
    assert torch.allclose(sum_v, batch * dj_dv)
    assert not torch.allclose(dj_dv, batch * sum_v)


def test_claims_under_a_mean_of_the_samples_losses():
    notes = MEAN_NOTES
    assert _status(notes, "\\frac{1}{B} \\sum_{i=1}^{B} \\frac{\\partial J_i}") == VERIFIED
    assert _status(notes, "= \\sum_{i=1}^{B} \\frac{\\partial J_i}") == WRONG
    assert _status(notes, "= \\frac{1}{B}\\, \\frac{\\partial J_i}{\\partial h_i}") == VERIFIED
    assert _status(notes, "h_i} = \\frac{\\partial J_i}{\\partial h_i}$$") == WRONG
    assert _status(notes, "J_{\\text{sum}} = B") == VERIFIED
    assert _status(notes, "J_{\\text{mean}} = B") == WRONG


SUM_NOTES = """## Summed batch loss

With $J = \\sum_{i=1}^{B} J_i$ over the batch of $B = 8$ samples, one sample's output gradient
is its own loss's:

$$\\frac{\\partial J}{\\partial h_i} = \\frac{\\partial J_i}{\\partial h_i}$$

$$\\frac{\\partial J}{\\partial V} = \\frac{1}{B} \\sum_{i} \\frac{\\partial J_i}{\\partial V}$$
"""


def test_claims_under_a_sum_of_the_samples_losses():
    dj_dv, dj_dh, per_v, per_h = _batch_gradients(4, mean=False)
    assert torch.allclose(dj_dh, per_h) and not torch.allclose(dj_dv, per_v.sum(0) / 4)
    assert _status(SUM_NOTES, "h_i} = \\frac{\\partial J_i}") == VERIFIED
    assert _status(SUM_NOTES, "\\frac{1}{B} \\sum_{i}") == WRONG


def test_a_factor_in_a_letter_the_definition_does_not_bound_is_not_read():
    notes = SUM_NOTES.replace("\\sum_{i=1}^{B} J_i", "\\sum_{i} J_i")
    assert _status(notes, "\\frac{1}{B} \\sum_{i}") == NOT_UNDERSTOOD


def test_a_claim_with_two_tensors_is_left_to_other_readers():
    notes = MEAN_NOTES + (
        "\n$$\\frac{\\partial J}{\\partial V} = \\frac{1}{B} \\sum_{i=1}^{B} "
        "\\frac{\\partial J_i}{\\partial h_i} u_i^T$$\n"
    )
    assert _status(notes, "\\partial h_i} u_i^T") != VERIFIED


ENTRY_NOTES = """### Regression head

The head outputs $Y$ with $M = 5$ rows and $K = 3$ columns, the targets are $T$, and the
loss is the halved squared error averaged over the rows,
$E = \\frac{1}{2M} \\sum_{m} \\sum_{k} (y_{mk} - t_{mk})^2$. Its gradient at one entry:

$$\\frac{\\partial E}{\\partial y_{mk}} = \\frac{y_{mk} - t_{mk}}{M}$$

A common slip keeps the 2 of the half:

$$\\frac{\\partial E}{\\partial y_{mk}} = \\frac{y_{mk} - t_{mk}}{2M}$$
"""


def test_the_truth_of_the_entry_loss():
    torch.manual_seed(5)
    y = torch.randn(5, 3, dtype=torch.float64, requires_grad=True)
    t = torch.randn(5, 3, dtype=torch.float64)
    (grad,) = torch.autograd.grad(((y - t) ** 2).sum() / (2 * 5), y)
    assert torch.allclose(grad, (y - t) / 5)
    assert not torch.allclose(grad, (y - t) / 10)


def test_a_loss_defined_entry_by_entry():
    assert _status(ENTRY_NOTES, "t_{mk}}{M}$$") == VERIFIED
    assert _status(ENTRY_NOTES, "t_{mk}}{2M}$$") == WRONG


def test_an_entry_loss_whose_terms_overlap_is_not_judged():
    notes = ENTRY_NOTES.replace("(y_{mk} - t_{mk})^2", "(y_{mk} - y_{m,k+1})^2")
    assert _status(notes, "t_{mk}}{M}$$") != VERIFIED


CODE_NOTES = """# Conv backward, the code way

A single-channel input `x` of size 4×4 and a 2×2 kernel `w`, stride 1, no padding, bias
`b`: the output `y` is 3×3, and we index like NumPy, from 0.

$$y[i][j] = \\sum_{m=0}^{1} \\sum_{n=0}^{1} w[m][n] \\, x[i+m][j+n] + b$$

## A batch

With a minibatch of $B = 2$ images `x[k][i][j]` and the mean loss $E = \\frac{1}{B}\\sum_k E_k$:

$$\\frac{\\partial E}{\\partial b} = \\sum_{k=0}^{B-1} \\sum_{i=0}^{2} \\sum_{j=0}^{2} \
\\frac{\\partial E_k}{\\partial y[k][i][j]}$$
"""


def test_the_truth_of_the_code_notes():
    torch.manual_seed(7)
    x = torch.randn(2, 1, 4, 4, dtype=torch.float64)
    w = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, b)
    each = [(y[k] ** 3).sum() for k in range(2)]
    (db,) = torch.autograd.grad(sum(each) / 2, b)
    per_sample = sum(3 * y[k] ** 2 for k in range(2)).sum()  # sum_k sum_ij dE_k/dy[k][i][j]
    assert not torch.allclose(db, per_sample.reshape(1))
    assert torch.allclose(db, per_sample.reshape(1) / 2)


def test_a_sample_loss_by_its_own_tensor_indexed_as_in_code():
    assert _status(CODE_NOTES, "\\partial y[k][i][j]") == WRONG


STEP_NOTES = (
    MEAN_NOTES
    + """
Switching to the summed loss and keeping the same SGD step needs a smaller rate:

$$\\eta_{\\text{sum}} = \\eta_{\\text{mean}} / B$$

(not $\\eta_{\\text{sum}} = B \\, \\eta_{\\text{mean}}$, which makes the step $B^2$ times larger)
"""
)


def test_the_truth_of_the_step_scaling():
    batch = 4
    torch.manual_seed(6)
    v0 = torch.randn(2, 3, dtype=torch.float64)
    u = torch.randn(batch, 3, dtype=torch.float64)

    def step(reduction: str, rate: float) -> torch.Tensor:
        v = v0.clone().requires_grad_(True)
        each = ((u @ v.T) ** 2).sum(1)
        loss = each.mean() if reduction == "mean" else each.sum()
        (grad,) = torch.autograd.grad(loss, v)
        return v0 - rate * grad

    assert torch.allclose(step("mean", 0.1), step("sum", 0.1 / batch))
    assert not torch.allclose(step("mean", 0.1), step("sum", 0.1 * batch))


def test_the_rate_that_keeps_the_step_across_reductions():
    assert _status(STEP_NOTES, "= \\eta_{\\text{mean}} / B$$") == VERIFIED
    assert _status(STEP_NOTES, "(not $\\eta_{\\text{sum}}") == WRONG
    no_step = STEP_NOTES.replace("keeping the same SGD step", "keeping everything")
    assert _status(no_step, "= \\eta_{\\text{mean}} / B$$") == NOT_UNDERSTOOD
