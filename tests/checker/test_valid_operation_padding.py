# ruff: noqa: E501  (the notes' sentences are kept as people write them)
"""The words "a valid cross-correlation with no padding" gloss what "valid" means for an
operation (prose.py _VALID_OPERATION); they state no padding of the layer.  Read as padding 0, it
overrode the padding the notes state for the layer (``padding=1`` with a 2x2 kernel: full
padding), and the correct dL/dX = G \\star rot180(W), which holds exactly when p = k - 1,
was called wrong ("missing full padding").  The truth: torch autograd's input gradient of
conv2d(padding=k-1) equals the valid correlation of G with the rotated kernel.  The same
notes' slip (the kernel not rotated) is still wrong; a sentence that gives the layer no
padding ("a convolution without padding on a 5x5 input") still sets padding 0.  English
and French notes."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.prose import prose_facts
from tests.checker.line_verdicts import statuses


def test_torch_full_padding_gradient_is_the_valid_correlation() -> None:
    """The claim's truth at random numbers: conv2d with p = k - 1, its input gradient."""
    torch.manual_seed(0)
    x = torch.randn(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    y = F.conv2d(x, w, padding=1)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    assert x.grad is not None
    rotated = torch.flip(w, dims=(2, 3))
    assert torch.allclose(x.grad, F.conv2d(g, rotated))  # G \star rot180(W), valid
    assert not torch.allclose(x.grad, F.conv2d(g, w))  # the slip: W not rotated


def test_the_gloss_gives_no_padding_fact() -> None:
    for sentence in (
        "With $p = k - 1$, cropping is the same as a valid cross-correlation with no padding.",
        "Ici, rogner revient à calculer une corrélation valide sans remplissage.",
        "Das ist eine gültige Korrelation ohne Padding.",
    ):
        assert not [f for f in prose_facts(sentence) if f[0] == "padding"], sentence
    # the layer's own padding, said in words, is still read
    facts = prose_facts("We apply a 3x3 convolution without padding to a 5x5 input.")
    assert ("padding", "0", "prose") in facts


_EN = """# Homework 3 solutions: a convolution with full padding

Indices start at 0; $\\star$ is the valid cross-correlation (no kernel flip), as in PyTorch.

## The layer

We use `nn.Conv2d(1, 1, kernel_size=2, stride=1, padding=1)` on a $3 \\times 3$ input $X$, kernel $W$, upstream gradient $G = \\partial L / \\partial Y$.

## Gradient with respect to the input

With $p = k - 1$, cropping the padded gradient is the same as a valid cross-correlation with no padding: $\\frac{\\partial L}{\\partial X} = G \\star \\operatorname{rot}_{180}(W)$.

A common slip forgets the rotation: $\\frac{\\partial L}{\\partial X} = G \\star W$.
"""


def test_english_notes() -> None:
    assert statuses(_EN, "cropping the padded gradient") == ["verified"]
    assert statuses(_EN, "A common slip") == ["wrong"]


_FR = """# Corrigé du TP 2 : gradient d'une convolution à padding complet

Indices à partir de 0 ; $\\star$ est la corrélation croisée valide, sans retournement du noyau.

## La couche

On prend `nn.Conv2d(1, 1, kernel_size=3, padding=2)` sur une entrée $X$ de taille $5 \\times 5$, de noyau $W$ ; on note $G = \\partial L / \\partial Y$.

## Gradient par rapport à l'entrée

Puisque $p = k - 1$, il suffit d'une corrélation valide sans padding : $\\frac{\\partial L}{\\partial X} = G \\star \\operatorname{rot}_{180}(W)$.

Erreur fréquente, le noyau non retourné : $\\frac{\\partial L}{\\partial X} = G \\star W$.
"""


def test_french_notes() -> None:
    assert statuses(_FR, "il suffit d'une") == ["verified"]
    assert statuses(_FR, "le noyau non retourné") == ["wrong"]
