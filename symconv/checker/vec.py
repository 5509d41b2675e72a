"""``\\operatorname{vec}``: a tensor flattened to a column, as the notes' Jacobian section
writes it.

``vec(A)`` is the column of A's entries in the order the notation writes them (row-major
over the axes shown, as the printer lists them); ``∂vec(Z)/∂vec(W)`` is the Jacobian in
numerator layout (one row per entry of Z, one column per entry of W), so
``vec(∂L/∂W) = (∂vec(Z)/∂vec(W))^T vec(∂L/∂Z)`` is a matrix product of exact polynomials.
"""

from __future__ import annotations

from math import prod

import numpy as np

from symconv.checker.algebra import Arr, Poly, Value
from symconv.checker.limits import NotUnderstood
from symconv.checker.syntax import Group, Node, Text

VEC = "vec"


def is_vec(item: Node) -> bool:
    return isinstance(item, Text) and item.content.replace(" ", "") == VEC


def column(value: Value) -> Arr:
    """vec(A): the entries of A, row-major, as an n x 1 column."""
    if isinstance(value, Poly):
        data = np.empty((1, 1), dtype=object)
        data[0, 0] = value
        return Arr(data)
    return Arr(value.data.reshape((value.data.size, 1)))


def jacobian(value: Value, lead: int) -> Arr:
    """∂vec(A)/∂vec(B) from the derivative array of shape A.shape + B.shape (``lead`` =
    A's rank): rows the entries of A, columns those of B."""
    if not isinstance(value, Arr):
        raise NotUnderstood("∂vec(...)/∂vec(...) of a scalar")
    shape = value.data.shape
    return Arr(value.data.reshape((prod(shape[:lead]), prod(shape[lead:]))))


def vec_argument(items: list) -> Group:
    """The bracket after vec in ``∂ vec(A)``."""
    if (
        len(items) != 2
        or not is_vec(items[0])
        or not isinstance(items[1], Group)
        or items[1].kind != "paren"
    ):
        raise NotUnderstood("vec is read only as vec(A) of one tensor")
    return items[1]
