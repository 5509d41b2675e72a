"""One sample's loss differentiated by a shared or an own tensor, and a letter for a sample
loss's gradient under a mean (sample_loss_terms.py, per_sample_loss.py).

Truth: torch autograd on a 2-D convolution with a batch, each sample's loss differentiated
on its own (``per_sample``), the batch loss as their sum or mean.
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


def _per_sample(mean: bool):
    """dL/dW, each sample's d ell_n/dW and d ell_n/db, and dL/dY of a conv2d with padding 1
    (2 samples, 2 channels in, 3 out, 3x3 kernel, 4x4 input)."""
    torch.manual_seed(11)
    x = torch.randn(2, 2, 4, 4, dtype=torch.float64)
    w = torch.randn(3, 2, 3, 3, dtype=torch.float64, requires_grad=True)
    b = torch.randn(3, dtype=torch.float64, requires_grad=True)
    target = torch.randn(2, 3, 4, 4, dtype=torch.float64)

    def losses():
        y = F.conv2d(x, w, b, padding=1)
        return y, [((y[n] - target[n]) ** 2 * (n + 1)).sum() for n in range(2)]

    y, each = losses()
    total = sum(each) / (2 if mean else 1)
    dw, db = torch.autograd.grad(total, (w, b), retain_graph=True)
    (g,) = torch.autograd.grad(total, y)
    per_w = [torch.autograd.grad(losses()[1][n], w)[0] for n in range(2)]
    per_b = [torch.autograd.grad(losses()[1][n], b)[0] for n in range(2)]
    return x, g, dw, db, per_w, per_b


def test_the_truth_of_the_per_sample_gradients():
    for mean in (False, True):
        x, g, dw, db, per_w, per_b = _per_sample(mean)
        scale = 2 if mean else 1  # d ell_n / dY_n = scale dL/dY_n
        for n in range(2):
            # d ell_n/dW_{f,c} = pad_1(X_{n,c}) * (scale G_{n,f}): the correlation
            own = F.conv2d(
                F.pad(x[n : n + 1], (1, 1, 1, 1)).transpose(0, 1),
                (scale * g[n : n + 1]).transpose(0, 1),
            ).transpose(0, 1)
            assert torch.allclose(per_w[n], own)
            assert torch.allclose(per_b[n], scale * g[n].sum((1, 2)))
            assert not torch.allclose(per_w[n], dw)  # the batch's differs from the sample's
        assert torch.allclose(sum(per_w) / scale, dw)
        assert torch.allclose(sum(per_b) / scale, db)


SUM_NOTES = """# Per-example gradients

A convolution with $C = 2$ input channels and $F = 3$ filters of size $3 \\times 3$, stride
1, zero padding 1, on inputs of size 4x4, over a mini-batch of $N = 2$ images (index from 0):

$$Y_{n,f} = b_f + \\sum_{c=0}^{C-1} \\operatorname{pad}_1(X_{n,c}) \\star W_{f,c}$$

The batch loss adds the samples' losses, $L = \\sum_{n=0}^{N-1} \\ell_n$, and clipping needs
every sample's own gradient:

$$\\frac{\\partial \\ell_n}{\\partial W_{f,c}} = \\operatorname{pad}_1(X_{n,c}) \\star \
\\frac{\\partial L}{\\partial Y_{n,f}}$$

$$\\frac{\\partial \\ell_n}{\\partial b_f} = \\sum_{i=0}^{3} \\sum_{j=0}^{3} \
\\left(\\frac{\\partial L}{\\partial Y_{n,f}}\\right)_{i,j}$$

A wrong one sums the batch in:

$$\\frac{\\partial \\ell_n}{\\partial W_{f,c}} = \\sum_{m=0}^{N-1} \
\\operatorname{pad}_1(X_{m,c}) \\star \\frac{\\partial L}{\\partial Y_{m,f}}$$
"""


def test_a_samples_gradient_of_a_shared_weight_under_a_sum():
    assert _status(SUM_NOTES, "Y_{n,f}}$$") == VERIFIED
    assert _status(SUM_NOTES, "\\partial b_f} = \\sum_{i=0}^{3}") == VERIFIED
    assert _status(SUM_NOTES, "\\sum_{m=0}^{N-1}") == WRONG


def test_without_a_definition_a_shared_tensor_is_not_read():
    notes = SUM_NOTES.replace("$L = \\sum_{n=0}^{N-1} \\ell_n$", "the total")
    assert _status(notes, "Y_{n,f}}$$") == NOT_UNDERSTOOD
    assert _status(notes, "\\sum_{m=0}^{N-1}") == NOT_UNDERSTOOD


MEAN_NOTES = """## Averaged loss, one-based

Layer: conv2d, input 4x4, 2 input channels, 3 output channels, kernel 3x3, padding 1; the
batch holds $B = 2$ images, indices start at 1. The cost is
$\\mathcal{L} = \\frac{1}{B} \\sum_{i=1}^{B} L_i$.

$$\\frac{\\partial L_i}{\\partial w_{f,c,u,v}} = B \\sum_{p=1}^{4} \\sum_{q=1}^{4} \
\\frac{\\partial \\mathcal{L}}{\\partial y_{i,f,p,q}}\\, x_{i,c,p+u-2,q+v-2}$$

$$\\frac{\\partial L_i}{\\partial w_{f,c,u,v}} = \\sum_{p=1}^{4} \\sum_{q=1}^{4} \
\\frac{\\partial \\mathcal{L}}{\\partial y_{i,f,p,q}}\\, x_{i,c,p+u-2,q+v-2}$$
"""


def test_a_samples_gradient_under_a_mean_carries_the_batch_size():
    assert _status(MEAN_NOTES, "= B \\sum_{p=1}^{4}") == VERIFIED
    assert _status(MEAN_NOTES, "v}} = \\sum_{p=1}^{4}") == WRONG


LETTER_NOTES = """# Question

A conv layer with $C = 2$ input channels, $F = 3$ filters of size $3 \\times 3$, stride 1,
padding 1, input 4x4, on a mini-batch of $N = 2$ images:

$$Y_{n,f} = b_f + \\sum_{c=0}^{C-1} \\operatorname{pad}_1(X_{n,c}) \\star W_{f,c}$$

The loss is the batch mean $L = \\frac{1}{N}\\sum_{n=0}^{N-1} \\ell_n$ and
$\\Delta_{n,f} = \\partial \\ell_n / \\partial Y_{n,f}$.

$$\\frac{\\partial L}{\\partial W_{f,c}} = \\frac{1}{N} \\sum_{n=0}^{N-1} \
\\operatorname{pad}_1(X_{n,c}) \\star \\Delta_{n,f}$$

$$\\frac{\\partial L}{\\partial b_f} = \\sum_{n=0}^{N-1} \\sum_{i=0}^{3} \\sum_{j=0}^{3} \
(\\Delta_{n,f})_{i,j}$$
"""


def test_a_letter_for_a_samples_loss_gradient_under_a_mean():
    assert _status(LETTER_NOTES, "\\star \\Delta_{n,f}$$") == VERIFIED
    assert _status(LETTER_NOTES, "(\\Delta_{n,f})_{i,j}$$") == WRONG  # the 1/N forgotten


def test_a_letter_also_defined_by_the_batch_loss_is_not_read():
    notes = LETTER_NOTES.replace(
        "\n$$\\frac{\\partial L}{\\partial W",
        "\nLater $\\Delta = \\partial L / \\partial Y$.\n\n$$\\frac{\\partial L}{\\partial W",
        1,
    )
    assert _status(notes, "\\star \\Delta_{n,f}$$") == NOT_UNDERSTOOD


def _conv1d_per_sample():
    """Each example's dL^(i)/db and dL^(i)/dw of a conv1d (input 5, kernel 2, bias) and
    dJ/dz for J the mean of the two examples' losses."""
    torch.manual_seed(2)
    x = torch.randn(2, 1, 5, dtype=torch.float64)
    w = torch.randn(1, 1, 2, dtype=torch.float64, requires_grad=True)
    b = torch.randn(1, dtype=torch.float64, requires_grad=True)

    def each():
        z = F.conv1d(x, w, b)
        return z, [(z[i] ** 3).sum() for i in range(2)]

    z, losses = each()
    (dz,) = torch.autograd.grad(sum(losses) / 2, z)
    per = [torch.autograd.grad(each()[1][i], (w, b)) for i in range(2)]
    return x, dz, per


def test_the_truth_of_the_superscript_notes():
    x, dz, per = _conv1d_per_sample()
    for i in range(2):
        dw, db = per[i]
        # dL^(i)/db = m sum_t dJ/dz_{i,t}; dL^(i)/dw_k = m sum_t dJ/dz_{i,t} x_{i,t+k-1}
        assert torch.allclose(db, 2 * dz[i].sum().reshape(1))
        for k in range(2):
            assert torch.allclose(dw[0, 0, k], 2 * (dz[i, 0] * x[i, 0, k : k + 4]).sum())


SUPERSCRIPT_NOTES = """<!-- symconv: layer=conv1d input=5 kernel=2 -->

## Cost over examples

One channel, no padding, stride 1, with bias; indices start at 1. A batch of $m = 2$
examples, example $i$'s input $x_{i,t}$ and output $z_{i,t}$. The cost is
$J = \\frac{1}{m} \\sum_{i=1}^{m} L^{(i)}$.

$$\\frac{\\partial L^{(i)}}{\\partial b} = m \\sum_{t=1}^{4} \
\\frac{\\partial J}{\\partial z_{i,t}}$$

$$\\frac{\\partial L^{(i)}}{\\partial b} = \\sum_{t=1}^{4} \
\\frac{\\partial J}{\\partial z_{i,t}}$$

$$\\frac{\\partial L^{(i)}}{\\partial w_k} = m \\sum_{t=1}^{4} \
\\frac{\\partial J}{\\partial z_{i,t}} x_{i,t+k-1}$$
"""


def test_a_samples_loss_written_with_a_superscript():
    assert _status(SUPERSCRIPT_NOTES, "b} = m \\sum") == VERIFIED
    assert _status(SUPERSCRIPT_NOTES, "b} = \\sum_{t=1}") == WRONG
    assert _status(SUPERSCRIPT_NOTES, "w_k} = m") == VERIFIED


def test_a_sample_letter_that_indexes_another_axis_is_not_read():
    # read as a 2-D layer, z_{i,t} is row i, column t: i is no sample there
    notes = SUPERSCRIPT_NOTES.replace(
        "layer=conv1d input=5 kernel=2", "layer=conv2d input=5x5 kernel=2"
    )
    assert _status(notes, "b} = \\sum_{t=1}") == NOT_UNDERSTOOD


ONE_IMAGE = """# One image

A convolution with one input channel and one filter of size $3 \\times 3$, stride 1, no
padding, on inputs of size 5x5 (index from 0). Over a batch the loss adds the images'
losses, $L = \\sum_{n} \\ell_n$; for one image, with $G = \\partial \\ell_n / \\partial Y$:

$$\\frac{\\partial \\ell_n}{\\partial W_{u,v}} = \\sum_{i=0}^{2} \\sum_{j=0}^{2} \
G_{i,j} X_{i+u,j+v}$$

$$\\frac{\\partial \\ell_n}{\\partial b} = \\sum_{i=0}^{2} \\sum_{j=0}^{2} G_{i,j}$$
"""


def test_a_claim_about_one_image_names_that_images_tensors():
    # X and G without a sample index are the one image's: dl_n/dW = corr(X_n, G_n) holds
    # (the torch truth above, per sample, at scale 1)
    assert _status(ONE_IMAGE, "\\partial W_{u,v}}") == VERIFIED
    assert _status(ONE_IMAGE, "\\partial b}") == VERIFIED


OUTPUT_UNITS = """# Output units

A dense layer with 3 inputs and 2 outputs, $z = W x + b$, indices from 1. The error is $E$,
and we write $\\delta_k = \\partial E / \\partial z_k$.

$$\\frac{\\partial E_k}{\\partial b_k} = \\delta_k$$
"""


def test_a_subscript_that_numbers_no_sample_keeps_the_losss_name():
    # no batch loss defined from the terms, and k is no letter notes number samples with
    # (here it numbers the output units): E_k is read as the notes' loss E, as before, and
    # dE/db_k = delta_k by the definition of delta (by hand: z_k = sum_j w_kj x_j + b_k)
    assert _status(OUTPUT_UNITS, "E_k}{\\partial b_k}") == VERIFIED
