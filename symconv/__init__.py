"""symconv: derive, prove, print and run the mathematics of convolutional networks."""

from .errors import BudgetError, SpecError, SymconvError
from .network import Network, lenet5, load_network

__version__ = "0.1.0"

__all__ = ["BudgetError", "Model", "Network", "SpecError", "SymconvError", "__version__",
           "from_torch", "lenet5", "load_network", "to_torch"]

# Imported on first use: the Model prints its kernels with SymPy, and the torch bridge is
# for users who have torch; ``import symconv`` needs neither.
_LAZY = {"Model": "symconv.model", "from_torch": "symconv.torch_bridge",
         "to_torch": "symconv.torch_bridge"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'symconv' has no attribute {name!r}")
