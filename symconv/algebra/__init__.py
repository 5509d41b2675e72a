"""Exact algebra: variables as interned integers, exact polynomials (``terms.Poly``), arrays of
them stored for NumPy (``termarray``) and symbolic tensors with printable names (``tensors``)."""
