"""symconv: derive, prove, print and run the mathematics of convolutional networks.

The verbs of the command line are functions here (:mod:`symconv.api.verbs`)::

    symconv.shapes("lenet"); symconv.prove("conv2d", kernel=3); symconv.derive("conv2d")
    symconv.check("notes.md"); symconv.export("lenet", "k.py"); symconv.derivation(...)

The package's parts, in the order of the pipeline: ``spec`` (layers, networks, options),
``algebra`` (exact polynomials, symbolic tensors), ``ops`` (the closed-form nodes, each
defined once), ``layers`` (each kind's element-by-element derivation), ``proofs`` (the chain
rule, concrete and general proofs, kernel identities), ``printing`` and ``notes`` (LaTeX,
MathML, lecture notes), ``checker`` (hand derivations), ``runtime`` (NumPy kernels, models,
export, training), ``api`` (these verbs and their results) and ``cli``.
"""

from symconv.errors import BudgetError, SpecError, SymconvError
from symconv.spec.network import Network, lenet5, load_network

__version__ = "0.1.0"

VERBS = ("shapes", "prove", "derive", "derivation", "check", "export")

__all__ = [
    "BudgetError",
    "Model",
    "Network",
    "SpecError",
    "SymconvError",
    "__version__",
    "from_torch",
    "lenet5",
    "load_network",
    "to_torch",
    *VERBS,
]

# Imported on first use: the verbs and the Model print with SymPy, and the torch bridge is
# for users who have torch; ``import symconv`` needs neither.  No module of the package is
# named like a verb, so importing one never replaces a verb on the package.
_LAZY = {
    "Model": "symconv.runtime.model",
    "from_torch": "symconv.runtime.torch_bridge",
    "to_torch": "symconv.runtime.torch_bridge",
    **{verb: "symconv.api.verbs" for verb in VERBS},
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'symconv' has no attribute {name!r}")
