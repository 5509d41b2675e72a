"""A softmax cross-entropy worked example written as a chain of a quantity, a formula and its
rounded value (softmax_sides.py, softmax_notes.py): "$q_2 = \\frac{e^3}{...} \\approx 0.831$",
"$\\frac{\\partial \\ell}{\\partial u_1} = q_1 - 1 \\approx -0.888$" (a wrong formula whose
arithmetic is right), with the label's letter read from the cross-entropy the notes write
(-\\sum_k t_k \\log s_k) or from "one-hot $t = (1, 0, 0)$", and the classes' first number
from "class 2 (one-hot $y = (0, 1, 0, 0)$)".  Where the notes do not say where their class
numbers start, a claim naming a class by number is judged only if both readings agree.

Truth: torch's softmax and autograd of F.cross_entropy at the notes' logits (below).
"""

from __future__ import annotations

import answer_key
import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

# one-based, the probabilities q of logits u, the true class named "class 2"
ENGLISH = """# Lecture 9: the classifier's last layer

The network ends in four logits $u$, and $q = \\operatorname{softmax}(u)$ with the loss \
$\\ell = -\\sum_{j} y_j \\ln q_j$.

Worked example: logits $u = (1, 3, 0, -1)$, the true class is class 2 (one-hot \
$y = (0, 1, 0, 0)$). Then

$$q_2 = \\frac{e^3}{e + e^3 + 1 + e^{-1}} \\approx 0.831$$

$$\\frac{\\partial \\ell}{\\partial u_2} = q_2 - 1 \\approx -0.169$$

$$\\frac{\\partial \\ell}{\\partial u_1} = q_1 - 1 \\approx -0.888$$

$$\\frac{\\partial \\ell}{\\partial u_3} = q_3 \\approx 0.041$$

$$q_1 \\approx 0.21$$
"""

# zero-based, letters s, o, t, the label named by the cross-entropy and "Klasse 0"
GERMAN = """# Übung 5: Softmax und Kreuzentropie

Für drei Klassen sei $s = \\operatorname{softmax}(o)$ und $E = -\\sum_{k} t_k \\log s_k$ die \
Kreuzentropie.

Beispiel: $o = (0.5, -1, 2)$, richtige Klasse 0 (one-hot $t = (1, 0, 0)$).

$$s_0 = \\frac{e^{0.5}}{e^{0.5} + e^{-1} + e^{2}} = 0.175$$

$$\\frac{\\partial E}{\\partial o_0} = s_0 - 1 = -0.825$$

$$\\frac{\\partial E}{\\partial o_2} = s_2 - 1 = -0.214$$

$$s = (0.175, 0.039, 0.786)$$
"""

# nothing says whether p_1 is the first class or the second
UNSAID = """# Notes

Let $p = \\operatorname{softmax}(z)$ with the cross-entropy $L = -\\sum_k y_k \\log p_k$, and \
take $z = (2, 1, 0)$ with the one-hot label $y = (1, 0, 0)$.

$$p_1 \\approx 0.665$$

$$p_1 \\approx 0.245$$

$$p_0 \\approx 0.665$$

$$p = (0.665, 0.245, 0.090)$$
"""

# a quiz line with no definition: the sentence names softmax, its logits and the target
QUIZ = """# Quiz 3, my answers

1. **(b)** `nn.Conv2d(3, 4, 3)` on $8 \\times 8$: $H_{out} = 8 - 3 + 1 = 6$.
2. **(a)** Softmax + cross-entropy, logits $z = (1, 1, 1)$, one-hot target $y = (0, 0, 1)$, \
so $p = (0.333, 0.333, 0.333)$ and $\\dfrac{\\partial L}{\\partial z} = p - y = (0.333, 0.333, \
-0.667)$.
3. **(c)** Softmax + cross-entropy, logits $z = (1, 1, 1)$, one-hot target $y = (0, 0, 1)$, \
so $\\dfrac{\\partial L}{\\partial z} = y - p = (-0.333, -0.333, 0.667)$.
"""


def _truth(logits, label):
    z = torch.tensor([logits], dtype=torch.float64, requires_grad=True)
    (grad,) = torch.autograd.grad(F.cross_entropy(z, torch.tensor([label])), z)
    return torch.softmax(z, dim=1)[0].detach(), grad[0]


def test_the_truth_of_the_notes():
    q, g = _truth([1.0, 3.0, 0.0, -1.0], 1)  # class 2 of 1-based notes: index 1
    e = torch.e
    assert abs(q[1] - e**3 / (e + e**3 + 1 + e**-1)) < 1e-12 and round(float(q[1]), 3) == 0.831
    assert round(float(g[1]), 3) == -0.169 and abs(g[1] - (q[1] - 1)) < 1e-12
    assert abs(g[0] - q[0]) < 1e-12 and round(float(q[0] - 1), 3) == -0.888  # not q_1 - 1
    assert round(float(g[2]), 3) == 0.041 and abs(round(float(q[0]), 2) - 0.21) > 0.05
    s, h = _truth([0.5, -1.0, 2.0], 0)
    assert round(float(s[0]), 3) == 0.175 and round(float(h[0]), 3) == -0.825
    assert abs(h[2] - s[2]) < 1e-12 and round(float(s[2] - 1), 3) == -0.214  # not s_2 - 1
    assert [round(float(v), 3) for v in s] == [0.175, 0.039, 0.786]
    p, _ = _truth([2.0, 1.0, 0.0], 0)
    assert [round(float(v), 3) for v in p] == [0.665, 0.245, 0.090]
    p, g = _truth([1.0, 1.0, 1.0], 2)
    assert [round(float(v), 3) for v in g] == [0.333, 0.333, -0.667]


def _links(text: str, piece: str) -> list[str]:
    """The status of each link of the chain on the line holding ``piece``, as the unseen
    sets' keys count them (a = b ≈ c is two claims)."""
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)
    verdicts = check_text(text, "notes.md").verdicts
    return [link.status for link in answer_key.statement_links(text, "n.md", verdicts)[line]]


def test_one_based_notes_that_name_the_class():
    assert _links(ENGLISH, "q_2 = \\frac{e^3}") == [VERIFIED, VERIFIED]
    assert _links(ENGLISH, "u_2} = q_2 - 1") == [VERIFIED, VERIFIED]
    # the formula is wrong (y_1 = 0), its arithmetic right
    assert _links(ENGLISH, "u_1} = q_1 - 1") == [WRONG, VERIFIED]
    assert _links(ENGLISH, "u_3} = q_3") == [VERIFIED, VERIFIED]
    assert statuses(ENGLISH, "q_1 \\approx 0.21") == [WRONG]


def test_zero_based_notes_with_their_own_letters():
    assert _links(GERMAN, "s_0 = \\frac") == [VERIFIED, VERIFIED]
    assert _links(GERMAN, "o_0} = s_0 - 1") == [VERIFIED, VERIFIED]
    assert _links(GERMAN, "o_2} = s_2 - 1") == [WRONG, VERIFIED]
    assert statuses(GERMAN, "s = (0.175") == [VERIFIED]
    # the same notes numbering their classes from 1 make s_0 no class of theirs
    wrong = GERMAN.replace("Klasse 0", "Klasse 2").replace("t = (1, 0, 0)", "t = (0, 1, 0)")
    assert statuses(wrong, "o_0} = s_0 - 1") in ([NOT_UNDERSTOOD], [])


def test_where_the_class_numbers_start_is_not_said():
    assert statuses(UNSAID, "p_1 \\approx 0.665") == [NOT_UNDERSTOOD]
    assert statuses(UNSAID, "p_1 \\approx 0.245") == [NOT_UNDERSTOOD]
    assert statuses(UNSAID, "p_0 \\approx 0.665") == [VERIFIED]  # a class 0: numbered from 0
    assert statuses(UNSAID, "p = (0.665") == [VERIFIED]


def test_a_quiz_line_without_a_definition():
    assert statuses(QUIZ, "2. **(a)**")[-2:] == [VERIFIED, VERIFIED]  # p, and dL/dz = p - y
    assert _links(QUIZ, "2. **(a)**")[-3:] == [VERIFIED, VERIFIED, VERIFIED]
    links = _links(QUIZ, "3. **(c)**")
    assert links[-2] == WRONG and links[-1] != WRONG  # y - p: the sign; its numbers agree


# a batch given as a number, the claim at one entry (sample, class): Keras' mean reduction
KERAS = """# What the tape computes

`CategoricalCrossentropy(from_logits=True)` averages over the batch, \
$L = \\frac{1}{4} \\sum_{n=0}^{3} \\ell_n$ with $p_n = \\operatorname{softmax}(s_n)$ for the \
logits $s_n$. With $y_n$ the one-hot encoding of the label of image $n$,

$$\\frac{\\partial L}{\\partial s_{n,k}} = \\frac{p_{n,k} - y_{n,k}}{4}$$

and not

$$\\frac{\\partial L}{\\partial s_{n,k}} = p_{n,k} - y_{n,k}$$
"""

# the same with samples numbered from 1, a calligraphic loss and run-together indices
CALLIGRAPHIC = """# Mini-batch of sixteen

The loss is the mean $\\mathcal{L} = \\frac{1}{16} \\sum_{b=1}^{16} \\ell_b$, with \
$q_b = \\operatorname{softmax}(o_b)$ and the cross-entropy $\\ell_b = -\\log q_{b c_b}$; \
$t_b$ is the one-hot target of sample $b$.

$$\\frac{\\partial \\mathcal{L}}{\\partial o_{bk}} = \\frac{1}{16} (q_{bk} - t_{bk})$$

$$\\frac{\\partial \\mathcal{L}}{\\partial o_{bk}} = \\frac{1}{16} (t_{bk} - q_{bk})$$
"""


def test_the_truth_of_a_mean_over_the_batch():
    torch.manual_seed(5)
    for size in (4, 16):
        s = torch.randn(size, 3, dtype=torch.float64, requires_grad=True)
        labels = torch.randint(0, 3, (size,))
        (grad,) = torch.autograd.grad(F.cross_entropy(s, labels), s)
        onehot = F.one_hot(labels, 3).to(torch.float64)
        p = torch.softmax(s, dim=1).detach()
        assert torch.allclose(grad, (p - onehot) / size)
        assert not torch.allclose(grad, p - onehot)
        assert not torch.allclose(grad, (onehot - p) / size)


def test_one_entry_of_a_batch_given_as_a_number():
    assert statuses(KERAS, "= \\frac{p_{n,k} - y_{n,k}}{4}$$") == [VERIFIED]
    assert statuses(KERAS, "= p_{n,k} - y_{n,k}$$") == [WRONG]
    assert statuses(CALLIGRAPHIC, "(q_{bk} - t_{bk})$$") == [VERIFIED]
    assert statuses(CALLIGRAPHIC, "(t_{bk} - q_{bk})$$") == [WRONG]
