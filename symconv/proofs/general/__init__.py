"""General proofs: the gradient identities for symbolic sizes, printed as a lecturer's steps.

    >>> from symconv.proofs.general import prove_general
    >>> [p.status for p in prove_general("conv2d", "a", ("dL/dW",))]
    ['proved']

``prove_general(kind, case)`` returns :class:`symconv.proofs.proof.Proof` objects (subclass
:class:`GeneralProof`, with ``steps`` and ``checks``); ``steps_to_latex(steps, lang)``
prints the steps; ``symconv.cli.prove_general.run_general(args)`` is the ``symconv prove ...
--general`` command.
"""

from symconv.proofs.general.api import CASES, REQUIRED, general_latex, prove_cases, prove_general
from symconv.proofs.general.prover import GeneralProof
from symconv.proofs.general.steps import Step, steps_to_latex

__all__ = [
    "CASES",
    "REQUIRED",
    "GeneralProof",
    "Step",
    "general_latex",
    "prove_cases",
    "prove_general",
    "steps_to_latex",
]
