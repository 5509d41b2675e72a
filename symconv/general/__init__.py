"""General proofs: the gradient identities for symbolic sizes, printed as a lecturer's steps.

    >>> from symconv.general import prove_general
    >>> [p.status for p in prove_general("conv2d", "a", ("dL/dW",))]
    ['proved']

``prove_general(kind, case)`` returns :class:`symconv.prove.Proof` objects (subclass
:class:`GeneralProof`, with ``steps`` and ``checks``); ``steps_to_latex(steps, lang)``
prints the steps; ``symconv.general.cli.run_general(args)`` is the ``symconv prove ...
--general`` command.
"""

from .api import CASES, REQUIRED, general_latex, prove_cases, prove_general
from .prover import GeneralProof
from .steps import Step, steps_to_latex

__all__ = ["CASES", "REQUIRED", "GeneralProof", "Step", "general_latex", "prove_cases",
           "prove_general", "steps_to_latex"]
