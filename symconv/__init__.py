"""symconv: derive, prove, print and run the mathematics of convolutional networks.

The verbs of the command line are functions here (:mod:`symconv.api.verbs`)::

    symconv.shapes("lenet"); symconv.prove("conv2d", kernel=3); symconv.derive("conv2d")
    symconv.check("notes.md"); symconv.export("lenet", "k.py"); symconv.derivation(...)
"""

import sys
import types

from symconv.errors import BudgetError, SpecError, SymconvError
from symconv.spec.network import Network, lenet5, load_network

__version__ = "0.1.0"

__all__ = ["BudgetError", "Model", "Network", "SpecError", "SymconvError", "__version__",
           "check", "derivation", "derive", "export", "from_torch", "lenet5", "load_network",
           "prove", "shapes", "to_torch"]

# Imported on first use: the Model prints its kernels with SymPy, and the torch bridge is
# for users who have torch; ``import symconv`` needs neither.
_LAZY = {"Model": "symconv.runtime.model", "from_torch": "symconv.runtime.torch_bridge",
         "to_torch": "symconv.runtime.torch_bridge", "shapes": "symconv.api.verbs", "derivation": "symconv.api.verbs"}

# Four verbs share their name with a module of the package (symconv/proofs/proof.py, derive.py,
# export.py, check/).  Importing a submodule sets it as the package's attribute, so a
# function of that name would be replaced by the module the first time anything imports
# it.  Instead the module itself is made callable: ``symconv.prove(...)`` calls
# ``symconv.api.verbs.prove`` and ``symconv.proofs.proof.Proof`` is still the module's class.
_VERB_MODULES = ("prove", "derive", "export", "check")


class _VerbModule(types.ModuleType):
    """A submodule that is also its verb: calling it calls :mod:`symconv.api.verbs`'s function."""

    def __call__(self, *args, **kwargs):
        from symconv.api import verbs as api

        return getattr(api, self.__name__.rsplit(".", 1)[1])(*args, **kwargs)


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value) -> None:
        if name in _VERB_MODULES and isinstance(value, types.ModuleType):
            value.__class__ = _VerbModule
        super().__setattr__(name, value)


def __getattr__(name: str):
    import importlib

    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name in _VERB_MODULES:  # importing sets the (callable) module as the attribute
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'symconv' has no attribute {name!r}")


sys.modules[__name__].__class__ = _Package
for _name in _VERB_MODULES:  # any already imported (none today) becomes callable too
    if f"{__name__}.{_name}" in sys.modules:
        setattr(sys.modules[__name__], _name, sys.modules[f"{__name__}.{_name}"])
