"""symconv: derive, prove, print and run the mathematics of convolutional networks."""

from .errors import BudgetError, SpecError, SymconvError
from .network import Network, lenet5, load_network

__version__ = "0.1.0"

__all__ = ["BudgetError", "Network", "SpecError", "SymconvError", "__version__", "lenet5",
           "load_network"]
