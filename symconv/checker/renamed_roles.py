"""A default letter the notes give another meaning once they name the role otherwise.

The reader takes z and y for the layer's output and x for its input unless the notes say
otherwise.  When the notes name the output P ("max pooling of $A$ gives $P$", names p=Z)
and also write ``A = \\operatorname{ReLU}(Z)``, their Z is the argument of an activation
upstream of the pool, not its output: reading ``\\partial L/\\partial z_{ij}`` as the pool's
upstream gradient would judge a claim about the pre-activation (which passes through the
ReLU mask) as one about the pool's output.  Such a default letter is dropped: claims with
it are not understood, never judged under the wrong role.
"""

from __future__ import annotations

import dataclasses

from symconv.checker.gradient_names import activation_arguments, activation_results


def unseat_defaults(notation, names: str, document: str):
    """``notation`` without the default letters of a role ``names`` gives another letter,
    where the notes make that default letter (in either case: Z and its entries z_{ij})
    an activation's argument or result."""
    named = {tuple(pair.strip().partition("=")[::2]) for pair in names.split(",")}
    activated = {
        letter.lower() for letter in activation_arguments(document) | activation_results(document)
    }
    letters = dict(notation.letters)
    for letter, role in named:
        for default, its_role in notation.letters.items():
            if (
                its_role == role
                and default.lower() != letter.lower()
                and default.lower() in activated
                and (default, role) not in named
            ):
                letters.pop(default, None)
    return dataclasses.replace(notation, letters=letters)
