"""Public entry points: ``prove_general(kind, case)`` and the case lists of the CLI."""

from __future__ import annotations

import time
from collections.abc import Callable

from symconv.errors import SymconvError
from symconv.layers.base import Identity
from symconv.proofs.general.cases import CONV_CASES, VARIANTS, config_for, split_case
from symconv.proofs.general.prover import GeneralProof, prove_identity
from symconv.proofs.general.size_config import SymConfig
from symconv.proofs.general.steps import escape_text, steps_to_latex
from symconv.proofs.proof import NOT_PROVED, Proof

REQUIRED = ("a", "b", "c", "d")  # the cases issue 6 requires for conv2d
CASES: dict[str, tuple[str, ...]] = {
    "conv2d": (*CONV_CASES,),
    "avgpool2d": ("avgpool",),
    "dense": ("dense",),
    "maxpool2d": ("maxpool",),
    "conv_transpose2d": ("conv_transpose", "conv_transpose_high"),
}
GRADIENTS = ("dL/dW", "dL/dX", "dL/db")


Build = Callable[..., list[Identity]]


def prove_general(
    kind: str,
    case: str | None = None,
    identities: tuple[str, ...] | None = None,
    with_steps: bool = True,
    build: Build | None = None,
) -> list[GeneralProof]:
    """Every identity of one layer kind and case for symbolic sizes (the forward "Z" too).

    ``kind`` is ``conv2d`` (cases ``a``-``d``, ``all``, ``convolution``), ``avgpool2d``,
    ``dense`` or ``maxpool2d`` (not covered: reported 'not proved').  ``identities``
    restricts the list (e.g. ``("dL/dW",)``).  ``build(spec, input_shape)`` gives the
    identities to prove (default: the layer's own, ``cfg.build``); the prover calls it at
    both templates of the case, so a test can hand it deliberately wrong closed forms.
    """
    if kind not in CASES:
        raise SymconvError(
            f"general proofs of {kind!r} are not available; the rule: one of {', '.join(CASES)}"
        )
    case = case or CASES[kind][0]
    base, variants = split_case(case)
    if base not in CASES[kind] or (
        variants and (kind != "conv2d" or not set(variants) <= VARIANTS.keys())
    ):
        raise SymconvError(
            f"case {case!r} is not a general case of {kind}; the rule: one of "
            f"{', '.join(CASES[kind])}"
        )
    if case == "maxpool":
        return [_maxpool()]
    cfg = config_for(case)
    return [
        _prove(cfg, identity, twin, with_steps)
        for identity, twin in built_pairs(cfg, build)
        if identities is None or identity.name in identities
    ]


def built_pairs(cfg: SymConfig, build: Build | None = None) -> list[tuple[Identity, Identity]]:
    """The identities built at the case's two templates, paired by name."""
    make = build or cfg.build
    assert make is not None and cfg.site is not None
    at_a = make(*cfg.site(dict(cfg.env)))
    at_b = {i.name: i for i in make(*cfg.site(dict(cfg.twin_env)))}
    missing = [i.name for i in at_a if i.name not in at_b]
    if missing:
        raise ValueError(f"identities {missing} exist at one template only")
    return [(i, at_b[i.name]) for i in at_a]


def _prove(cfg: SymConfig, identity: Identity, twin: Identity, with_steps: bool) -> GeneralProof:
    proof = prove_identity(cfg, identity, twin)
    if with_steps and proof.derived is not None and proof.closed is not None:
        from symconv.proofs.general.narrate import (
            narrate,  # printing is only needed when steps are wanted
        )

        start = time.perf_counter()
        proof.steps = narrate(cfg, identity, proof)
        proof.seconds += time.perf_counter() - start
    return proof


def _maxpool() -> GeneralProof:
    return GeneralProof(
        layer="maxpool2d",
        identity="dL/dX",
        statement="dL/dX[t] = sum of G[o] over the windows o whose arg-max is t (all sizes)",
        config={"kind": "maxpool2d", "case": "maxpool"},
        status=NOT_PROVED,
        case="maxpool",
        note=(
            "not covered: max pooling is piecewise linear (the arg-max depends on the values "
            "of X), not a polynomial index sum, so it has no closed form of this kind; it is "
            "proved at concrete sizes only (symconv prove maxpool2d)"
        ),
    )


def prove_cases(
    cases: tuple[str, ...], progress: Callable[[str], None] | None = None
) -> dict[str, list[Proof]]:
    """The proofs of several cases, by case name (conv2d cases, avgpool, dense, maxpool)."""
    kind_of = {case: kind for kind, cs in CASES.items() for case in cs}
    out: dict[str, list[Proof]] = {}
    for case in cases:
        if progress is not None:
            progress(case)
        out[case] = list(prove_general(kind_of[case], case))  # a list of Proof
    return out


def general_latex(
    kind: str = "conv2d",
    case: str = "all",
    lang: str = "en",
    identities: tuple[str, ...] | None = None,
) -> str:
    """The printed proofs of one case as a LaTeX fragment (one subsection per identity).

    For ``symconv derive <kind> --general``: embed the fragment in a document that loads
    ``amsmath`` and ``amssymb`` (and Spanish babel for ``lang="es"``).
    """
    parts = []
    for proof in prove_general(kind, case, identities):
        title = proof.identity.replace("/", "/")
        parts.append(f"\\subsection*{{${_title_tex(title)}$}}\n")
        parts.append(
            steps_to_latex(proof.steps, lang)
            if proof.steps
            else f"\\texttt{{{proof.status}: {escape_text(proof.note)}}}\n"
        )
    return "\n".join(parts)


def _title_tex(identity: str) -> str:
    if identity == "Z":
        return "Z"
    _, of = identity.split("/d")
    return rf"\partial L / \partial {of}"
