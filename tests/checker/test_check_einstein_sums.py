"""Sums the notes leave implied (einstein_sums.py): Einstein's convention declared in the
prose ("repeated indices are summed", "Convention d'Einstein"), or the summed letters named
in the clause after a display ("donde se suma sobre $s$, $i$ y $j$").

Notes written for these tests: an English one (0-based, batch and channels, comma-separated
indices), a French one (1-based, one channel) and a Spanish one (no convention, the sums
named after each display).  The truth is torch autograd of ``sum(conv2d(x, w) * R)`` (so the
upstream gradient is R); each claimed right side is computed with NumPy loops exactly as the
note writes it, summing the letters the note says are summed, and compared with it: equal
means the claim must be verified, different means it must be caught.  A denial of the
convention, or a convention declared only after the claim, adds no sum (not understood,
never a verdict).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from conv_truth import conv2d_autograd, input_gradient_loops, weight_gradient_loops
from line_verdicts import statuses

from symconv.checker.einstein_sums import convention_in_force, stated_letters
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG


def _expected(claimed, truth):
    same = claimed.shape == truth.shape and np.allclose(claimed, truth)
    return VERIFIED if same else WRONG


ENGLISH = r"""# Conv2d backward in index notation

We use the summation convention: repeated indices are summed over their whole range,
and all indices start at 0.

A mini-batch of $N = 2$ images with $C = 2$ channels of $6 \times 6$ pixels goes through
$F = 3$ filters $w_{o,c,r,s}$ of $2 \times 2$ (stride 1, no padding, no bias):

$$z_{b,o,p,q} = w_{o,c,r,s}\, x_{b,c,p+r,q+s}$$

Let $\delta_{b,o,p,q} = \partial L / \partial z_{b,o,p,q}$. Then

$$\frac{\partial L}{\partial w_{o,c,r,s}} = \delta_{b,o,p,q}\, x_{b,c,p+r,q+s}$$

$$\frac{\partial L}{\partial w_{o,c,r,s}} = \delta_{b,o,p,q}\, x_{b,c,p+s,q+r}$$

With $\delta$ taken as zero outside its range,

$$\frac{\partial L}{\partial x_{b,c,u,v}} = \delta_{b,o,u-r,v-s}\, w_{o,c,r,s}$$

$$\frac{\partial L}{\partial x_{b,c,u,v}} = \delta_{b,o,u+r,v+s}\, w_{o,c,r,s}$$
"""
ENGLISH_CLAIMS = [  # (piece of the claim's line, the claimed value as the note writes it)
    ("x_{b,c,p+r,q+s}$$", lambda t: (weight_gradient_loops(t), t["dW"])),
    ("x_{b,c,p+s,q+r}$$", lambda t: (weight_gradient_loops(t, swap=True), t["dW"])),
    ("\\delta_{b,o,u-r,v-s}", lambda t: (input_gradient_loops(t, -1), t["dX"])),
    ("\\delta_{b,o,u+r,v+s}", lambda t: (input_gradient_loops(t, +1), t["dX"])),
]


@pytest.mark.parametrize("piece, claimed", ENGLISH_CLAIMS)
def test_the_declared_convention_sums_the_repeated_indices(piece, claimed):
    value, truth = claimed(conv2d_autograd((2, 2, 6, 6), (3, 2, 2, 2), seed=5))
    assert statuses(ENGLISH, piece) == [_expected(value, truth)]


def test_both_verdicts_occur_in_the_english_note():
    t = conv2d_autograd((2, 2, 6, 6), (3, 2, 2, 2), seed=5)
    assert {_expected(*claimed(t)) for _, claimed in ENGLISH_CLAIMS} == {VERIFIED, WRONG}


FRENCH = r"""# Rétropropagation d'une convolution 2D

Convention d'Einstein : on somme sur les indices répétés. Les indices commencent à 1.

L'entrée $X$ est de taille $5 \times 5$, le noyau $K$ de taille $3 \times 3$,
pas 1, sans remplissage :

$$Y_{i,j} = K_{a,b}\, X_{i+a-1,\,j+b-1}$$

On note $G_{i,j} = \partial L / \partial Y_{i,j}$. Le gradient du noyau est

$$\frac{\partial L}{\partial K_{a,b}} = G_{i,j}\, X_{i+a-1,\,j+b-1}$$

et non pas

$$\frac{\partial L}{\partial K_{a,b}} = G_{i,j}\, X_{i+b-1,\,j+a-1}$$
"""


@pytest.mark.parametrize("piece, swap", [("X_{i+a-1,\\,j+b-1}$$", False), ("X_{i+b-1", True)])
def test_the_convention_in_french_one_based(piece, swap):
    t = conv2d_autograd((1, 1, 5, 5), (1, 1, 3, 3), seed=11)
    g, x = t["G"][0, 0], t["X"][0, 0]
    claimed = np.zeros((3, 3))
    for a, b in itertools.product(range(3), range(3)):  # 0-based a, b; i, j over 3 x 3
        for i, j in itertools.product(range(3), range(3)):
            claimed[a, b] += g[i, j] * (x[i + b, j + a] if swap else x[i + a, j + b])
    assert statuses(FRENCH, piece) == [_expected(claimed, t["dW"][0, 0])]


SPANISH = r"""# Apuntes: gradientes de una convolución con varios canales

Los índices empiezan en 0. Un lote de $N = 3$ imágenes de $C = 2$ canales de $5 \times 5$
entra en $F = 2$ filtros $w_{f,c,m,n}$ de $3 \times 3$ con sesgo $b_f$ (paso 1, sin relleno):

$$y_{s,f,i,j} = \sum_{c}\sum_{m}\sum_{n} w_{f,c,m,n}\, x_{s,c,i+m,j+n} + b_f$$

Sea $g_{s,f,i,j} = \partial L / \partial y_{s,f,i,j}$. El gradiente del sesgo es

$$\frac{\partial L}{\partial b_f} = g_{s,f,i,j}$$

donde se suma sobre $s$, $i$ y $j$. El de los pesos es

$$\frac{\partial L}{\partial w_{f,c,m,n}} = g_{s,f,i,j}\, x_{s,c,i+m,j+n}$$

con $s$, $i$, $j$ sumados. Un error frecuente es olvidar el lote:

$$\frac{\partial L}{\partial b_f} = g_{s,f,i,j} + 0$$

sumando sobre $i$ y $j$ solamente.
"""


def test_the_summed_letters_named_after_the_display():
    t = conv2d_autograd((3, 2, 5, 5), (2, 2, 3, 3), seed=17)
    bias = t["G"].sum(axis=(0, 2, 3))  # over s, i, j
    assert _expected(bias, t["db"]) == VERIFIED
    assert statuses(SPANISH, "g_{s,f,i,j}$$") == [VERIFIED]
    assert _expected(weight_gradient_loops(t), t["dW"]) == VERIFIED
    assert statuses(SPANISH, "x_{s,c,i+m,j+n}$$") == [VERIFIED]
    per_sample = t["G"].sum(axis=(2, 3))  # over i, j only: one value per (s, f)
    assert _expected(per_sample, t["db"]) == WRONG
    assert statuses(SPANISH, "g_{s,f,i,j} + 0$$") == [WRONG]


@pytest.mark.parametrize(
    "declaration",
    [
        "I write every index Einstein-style, but I do not use the summation convention.",
        "Repeated indices are **not** summed here (no Einstein convention).",
        "",  # no declaration at all
    ],
)
def test_no_sum_without_the_convention(declaration):
    note = ENGLISH.replace(
        "We use the summation convention: repeated indices are summed over their whole "
        "range,\nand all indices start at 0.",
        f"{declaration} All indices start at 0.",
    )
    assert "summation convention: repeated" not in note
    for piece, _ in ENGLISH_CLAIMS:
        assert statuses(note, piece) == [NOT_UNDERSTOOD], (declaration, piece)


def test_a_convention_declared_after_the_claim_does_not_reach_back():
    note = ENGLISH.replace(
        "We use the summation convention: repeated indices are summed over their whole "
        "range,\nand all indices start at 0.",
        "All indices start at 0.",
    )
    note += "\n## Later\n\nFrom here on we use Einstein's summation convention.\n"
    for piece, _ in ENGLISH_CLAIMS:
        assert statuses(note, piece) == [NOT_UNDERSTOOD]


@pytest.mark.parametrize(
    "sentence, declared",
    [
        ("Repeated indices are summed (Einstein convention).", True),
        ("An index that appears twice in a product is summed over.", True),
        ("Se usa el convenio de suma de Einstein.", True),
        ("Wir verwenden die Einsteinsche Summenkonvention.", True),
        ("По повторяющимся индексам подразумевается суммирование.", True),
        ("Einstein-style indices, but we do not use the summation convention.", False),
        ("Sans la convention d'Einstein : toutes les sommes sont écrites.", False),
        ("As Einstein said, keep it simple.", False),
        ("The loss is summed over the batch.", False),
    ],
)
def test_which_sentences_declare_the_convention(sentence, declared):
    assert convention_in_force([sentence, "$$a_{i} = b_{i}$$"], 2) is declared


@pytest.mark.parametrize(
    "clause, letters",
    [
        ("summed over $f$, $i$, $j$. Then", "fij"),
        ("with $n, i, j$ summed.", "ijn"),
        ("where $c$, $u$, $v$ are summed; since", "cuv"),
        ("wobei über $c$ und $k$ summiert wird.", "ck"),
        ("où l'on somme sur $p$ et $q$.", "pq"),
        ("(no summation over $k$ on the left)", ""),
        ("and the loss $L = t_{k} \\log s_{k}$ (summed over $n$ and $k$),", ""),
        ("The bias is summed over the batch.", ""),
    ],
)
def test_which_clauses_name_the_summed_letters(clause, letters):
    found = stated_letters(["$$a = b$$", clause], 1)
    assert "".join(sorted(found)) == letters
