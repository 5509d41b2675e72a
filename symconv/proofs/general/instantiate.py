"""A general result at one concrete configuration, entry by entry.

``layer_env(cfg, layer)`` gives every size symbol of a case its value in a concrete layer
of ``symconv.layers`` (ConvLayer, AvgPoolLayer, DenseLayer); ``entries(terms, cfg, of,
env)`` then yields, for every entry of the target tensor, its integer index and the value
of the general sum there, as a polynomial in the layer's own SymPy symbols.  The tests
compare these with ``layer.derivation().gradient(of, index)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import sympy
from sympy import Expr, Symbol

from symconv.layers.conv import ConvLayer
from symconv.layers.dense import DenseLayer
from symconv.layers.pool import AvgPoolLayer
from symconv.proofs.general.at_sizes import assignments, evaluate, to_sympy
from symconv.proofs.general.size_config import SymConfig
from symconv.proofs.general.sums import Term


def _conv_values(layer: ConvLayer) -> dict[str, int]:
    s = layer.spec
    _, h, w = layer.input_shape
    return {
        "H": h,
        "W": w,
        "k_h": s.kernel[0],
        "k_w": s.kernel[1],
        "s_h": s.stride[0],
        "s_w": s.stride[1],
        "d_h": s.dilation[0],
        "d_w": s.dilation[1],
        "p_t": s.padding[0],
        "p_b": s.padding[1],
        "p_l": s.padding[2],
        "p_r": s.padding[3],
        "N": layer.batch,
        "g": s.groups,
        "C_g": s.group_in,
        "F_g": s.group_out,
        "C": s.in_channels,
        "F": s.out_channels,
        "H_o": layer.ho,
        "W_o": layer.wo,
    }


def _pool_values(layer: AvgPoolLayer) -> dict[str, int]:
    s = layer.spec
    c, h, w = layer.input_shape
    return {
        "H": h,
        "W": w,
        "C": c,
        "N": layer.batch,
        "k_h": s.kernel[0],
        "k_w": s.kernel[1],
        "s_h": s.stride[0],
        "s_w": s.stride[1],
        "p_h": s.padding[0],
        "p_w": s.padding[1],
        "H_o": layer.output_shape[1],
        "W_o": layer.output_shape[2],
    }


def _dense_values(layer: DenseLayer) -> dict[str, int]:
    return {"N": layer.batch, "n_in": layer.spec.in_features, "n_out": layer.spec.out_features}


FIXED = {"stride": ("s_h", "s_w"), "dilation": ("d_h", "d_w"), "groups": ("g",)}


def layer_env(cfg: SymConfig, layer: ConvLayer | AvgPoolLayer | DenseLayer) -> dict[Symbol, int]:
    """Every size symbol of the case, valued from the concrete layer.

    A case whose fixed sizes (a stride of 1, one group) do not match the layer is refused.
    """
    # Each reader takes the layer class of its kind, which the checker cannot tie to
    # cfg.kind (a string): hence Any for the argument.
    readers: dict[str, Callable[[Any], dict[str, int]]] = {
        "conv2d": _conv_values,
        "avgpool2d": _pool_values,
        "dense": _dense_values,
    }
    values = readers[cfg.kind](layer)
    for role, keys in FIXED.items():
        fixed = cfg.roles.get(role, ())
        for key, e in zip(keys, fixed if isinstance(fixed, tuple) else (fixed,), strict=False):
            if sympy.sympify(e, strict=True).is_number and values.get(key, 1) != e:
                raise ValueError(
                    f"case {cfg.case} fixes {key} to {e}; the layer has {values.get(key)}"
                )
    return {s: values[s.name] for s in cfg.size_symbols()}


def entries(
    terms: list[Term],
    cfg: SymConfig,
    of: str,
    env: dict[Symbol, int],
    resolve: Callable[[str, tuple[int, ...]], Expr],
) -> Iterator[tuple[tuple[int, ...], Expr]]:
    """(index, value) for every entry of the target; ``resolve(tensor, index)`` names refs."""
    for index, point in assignments(cfg.free[of], env):
        yield index, to_sympy(evaluate(terms, {**env, **point}), resolve)
