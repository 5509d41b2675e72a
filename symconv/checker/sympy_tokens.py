"""The shared half of the small recursive readers that turn a claim's side into a SymPy
expression (the softmax notes', the layer activations', a sigmoid loss's): tokens, numbers,
brackets and sums of terms.

A reader supplies ``term()`` (its products, powers and atoms) and ``what`` (its name in the
messages); ``expr`` reads an optional sign and terms joined by + and -, ``whole`` a side that
must end there.
"""

from __future__ import annotations

import re

import sympy

from symconv.checker.limits import NotUnderstood


class SympyTokens:
    what = "claim"

    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.at = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, want: str | None = None) -> str:
        token = self.peek()
        if token is None or (want is not None and token != want):
            raise NotUnderstood(f"{self.what}: expected {want or 'more'} near {token!r}")
        self.at += 1
        return token

    def argument_tokens(self) -> list[str]:
        """The tokens of a braced group, or the one token written without braces."""
        if self.peek() != "{":
            return [self.take()]
        self.take("{")
        found = []
        while self.peek() != "}":
            found.append(self.take())
        self.take("}")
        return found

    def number_or_group(self, token: str) -> sympy.Expr | None:
        """A written number (exact: 0.5 is 1/2), or the sum a bracket or brace opened by
        ``token`` holds; None for any other token (the reader's own atoms)."""
        if re.fullmatch(r"\d*\.?\d+", token):
            return sympy.Rational(token)
        if token in ("(", "{"):
            value = self.expr()
            self.take(")" if token == "(" else "}")
            return value
        return None

    def whole(self) -> sympy.Expr:
        value = self.expr()
        if self.peek() is not None:
            raise NotUnderstood(f"{self.what}: {self.peek()!r} is not read")
        return value

    def expr(self) -> sympy.Expr:
        sign = -1 if self.peek() == "-" else 1
        if self.peek() in ("-", "+"):
            self.take()
        value = sign * self.term()
        while self.peek() in ("+", "-"):
            sign = -1 if self.take() == "-" else 1
            value += sign * self.term()
        return value

    def term(self) -> sympy.Expr:
        raise NotImplementedError
