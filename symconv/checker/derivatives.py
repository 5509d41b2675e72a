"""Derivatives as written: ``\\frac{\\partial L}{\\partial w_{0,1}}``, ``\\frac{dy}{dw}``,
``\\frac{\\partial z_{r,c}}{\\partial w_{a',b'}}`` and the operator
``\\frac{\\partial}{\\partial v}[...]``.

The loss differentiated by an entry is that entry's gradient: G for an output (the given
upstream gradient), the chain-rule result of the derivation for X, W and b.  Anything else
is differentiated exactly, as a polynomial, with respect to one variable (an entry) or all
the entries of a tensor (a Jacobian, in numerator layout as seed 004 writes it out; labelled
so that ``∂y/∂w · ∂L/∂y`` contracts over y whatever the layout).
"""

from __future__ import annotations

import numpy as np

from symconv.checker.algebra import Arr, Poly, Value, array, size_of
from symconv.checker.items import derivative_parts, is_d, items_of, loss_text
from symconv.checker.limits import NotUnderstood
from symconv.checker.refs import Ref, is_loss, resolve
from symconv.checker.sample_loss_terms import (
    SAMPLE_LOSS_KIND,
    restrict_to_sample,
    sample_letter,
    sample_subscript,
    sample_superscript,
    sample_value,
)
from symconv.checker.syntax import Frac, Group
from symconv.checker.vec import is_vec, jacobian, vec_argument


def _gradient_of(den_ref: Ref) -> Ref:
    """The loss's gradient with respect to ``den_ref``, as written with a fraction."""
    return Ref(
        den_ref.role,
        True,
        den_ref.letter,
        den_ref.indices,
        den_ref.flags | {"frac"},
        den_ref.compact,
        den_ref.func,
    )


class Derivatives:
    """Mixin of :class:`~symconv.checker.meaning.Evaluator` (which supplies the rest)."""

    def fraction(self, node: Frac) -> Value:
        # read once per fraction: the same lists at every index value, so the denominator's
        # reference below is resolved once too
        parts = self.memo("parts", node, lambda: derivative_parts(node))
        if parts is None and is_d((items_of(node.den) or [None])[0]):
            raise NotUnderstood(
                "a fraction over ∂… whose numerator does not start with ∂: "
                "not a derivative as written"
            )
        if parts is None:
            num = self.factor_body(node.num)
            den = self.factor_body(node.den)
            if not isinstance(den, Poly) or not den.constant():
                raise NotUnderstood("a fraction whose denominator is not a nonzero number")
            return self.combine("/", num, den)
        num_items, den_items = parts
        if not num_items:
            raise NotUnderstood("∂/∂v without anything to differentiate")
        return self.derivative(num_items, den_items)

    def apply_derivative(self, node: Frac, rest: list) -> Value:
        parts = self.memo("parts", node, lambda: derivative_parts(node))
        assert parts is not None
        if not rest:
            raise NotUnderstood("∂/∂v has nothing after it to differentiate")
        return self.derivative(rest, parts[1])

    def derivative(self, num: list, den: list) -> Value:
        if num and is_vec(num[0]):  # ∂vec(Z)/∂vec(W): the Jacobian as a matrix
            value = self.factor(vec_argument(num))
            inner = items_of(Group("brace", vec_argument(den).body))
            return jacobian(
                self.differentiate(value, self._den_ref(inner), None),
                len(getattr(value, "shape", ())),
            )
        den_ref = self.memo("den", den, lambda: self._den_ref(den))
        sampled = sample_superscript(num[0]) if len(num) == 1 else None
        if sampled is not None:  # \partial L^{(n)} / \partial W: sample n's loss
            self.loss_name = "L"
            return self.sample_loss_gradient(sampled, den_ref)
        if len(num) == 1 and is_loss(num[0]):
            self.loss_name = loss_text(num[0])
            sub = sample_subscript(num[0])
            if sub is not None:  # \partial \ell_n / \partial W: sample n's terms only
                return self.sample_loss_gradient(sub, den_ref)
            return self.reference(self.memo("gradient", den_ref, lambda: _gradient_of(den_ref)))
        if den_ref.grad or den_ref.role not in ("X", "W", "b"):
            raise NotUnderstood(
                f"∂/∂{den_ref.letter}: only the loss is differentiated with respect to outputs"
            )
        value = self.term(tuple(num))
        num_ref = resolve(num[0], self.notation) if len(num) == 1 else None
        return self.differentiate(value, den_ref, num_ref)

    def sample_loss_gradient(self, sub, den_ref: Ref) -> Value:
        """``\\partial \\ell_n / \\partial T``: the batch gradient's sample-n terms, scaled
        as the notes define the batch loss (sample_loss_terms.py)."""
        # the loss's sample letter indexes the batch axis wherever it comes first (z_{i,t});
        # a claim that indexes no sample otherwise ("for one image, dl_n/dW = X * G") is
        # about that one image's tensors: judged with one sample, as the loss's own
        self.sample_letters = getattr(self, "sample_letters", frozenset()) | sample_letter(sub)
        sample = sample_value(self, sub)
        whole = self.reference(self.memo("gradient", den_ref, lambda: _gradient_of(den_ref)))
        value, changed = restrict_to_sample(whole, self.model, sample)
        if changed and SAMPLE_LOSS_KIND.get() is None:
            raise NotUnderstood(
                "a sample's loss differentiated by a tensor the samples share, and the notes "
                "do not define the batch's loss from the samples' (a sum or a mean)"
            )
        return value

    def _den_ref(self, den: list) -> Ref:
        ref = resolve(den[0], self.notation) if den else None
        if ref is None:
            raise NotUnderstood("the derivative is not taken with respect to a tensor entry")
        rest = den[1:]
        if len(rest) == 1 and self._applies(rest[0], ref.indices is None, tensor=True):
            return ref.with_indices(self.arguments(rest[0]), func=True)
        if rest:
            raise NotUnderstood("cannot read the denominator of the derivative")
        return ref

    def differentiate(self, value: Value, den: Ref, num: Ref | None) -> Value:
        variables = self.variables_of(den)
        # each entry of the value is differentiated by each variable: count its terms
        self.budget.tick(size_of(value) * max(1, getattr(variables, "size", 1)))
        if isinstance(variables, np.ndarray) and not variables.shape and isinstance(value, Poly):
            return value.diff(int(variables[()]))
        if isinstance(variables, int):
            if isinstance(value, Poly):
                return value.diff(variables)
            return Arr(array(value.shape, lambda i: value.data[i].diff(variables)))
        shape = variables.shape
        whole_num = num is not None and num.indices is None
        if isinstance(value, Poly):
            return Arr(array(shape, lambda j: value.diff(variables[j])))
        lead = len(value.shape)
        out = array(value.shape + shape, lambda k: value.data[k[:lead]].diff(variables[k[lead:]]))
        label = (num.role, den.role) if whole_num and num is not None else None
        return Arr(out, label, len(value.shape) if label else 0)
