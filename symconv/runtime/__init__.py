"""The NumPy side: vectorised primitives (``numeric``), kernels printed from the proved nodes
(``kernels``), any sequential network (``model``, ``model_graph``, ``parts``, ``workers``),
LeNet-5, the torch bridge, export and training."""
