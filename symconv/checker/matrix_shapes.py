"""The sizes of a matrix formula's operands: a union of size classes (a product's inner
sizes are one class, a sum's operands share both), each fixed by a number the notes state,
named by a size they write symbolically (``CK^2``), or left free.

A product whose inner sizes are two different stated values does not multiply; that is
recorded (``conflicts``), not raised, so the claim's side that does not multiply can be
named in the verdict.
"""

from __future__ import annotations

from itertools import product

from symconv.checker.matrix_parse import Node, Num, Ones, Ref, Unread

Key = tuple


class Sizes:
    """Union-find over size keys; a class's value is an int, a symbol (str) or None."""

    def __init__(self) -> None:
        self.parent: dict[Key, Key] = {}
        self.value: dict[Key, int | str | None] = {}
        self.conflicts: list[str] = []
        self.fresh = 0

    def find(self, key: Key) -> Key:
        self.parent.setdefault(key, key)
        self.value.setdefault(key, None)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def new(self) -> Key:
        self.fresh += 1
        return ("fresh", self.fresh)

    def fix(self, key: Key, value: int | str | None, why: str = "") -> None:
        root = self.find(key)
        old = self.value[root]
        if value is None or old == value:
            return
        if old is None or (isinstance(old, str) and isinstance(value, int)):
            self.value[root] = value
        elif not (isinstance(old, int) and isinstance(value, str)):
            self.conflicts.append(why or f"{old} is not {value}")

    def union(self, a: Key, b: Key, why: str = "") -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        va, vb = self.value[ra], self.value[rb]
        if (
            va is not None
            and vb is not None
            and va != vb
            and (isinstance(va, int) == isinstance(vb, int))
        ):  # two stated sizes that differ: recorded, the classes kept apart
            self.conflicts.append(why or f"{va} is not {vb}")
            return
        self.parent[rb] = ra
        self.value[ra] = None
        self.fix(ra, va, why)
        self.fix(ra, vb, why)

    def copy(self) -> Sizes:
        out = Sizes()
        out.parent, out.value = dict(self.parent), dict(self.value)
        out.conflicts, out.fresh = list(self.conflicts), self.fresh
        return out

    def show(self, key: Key) -> str:
        value = self.value[self.find(key)]
        return "?" if value is None else str(value)

    def assignments(
        self, keys: list[Key], vectors: frozenset = frozenset(), limit: int = 40
    ) -> list[dict[Key, int]]:
        """Every concrete size assignment of the classes of ``keys``: stated numbers as
        stated, symbolic or free classes over a few sizes (the stated ones and two more,
        so a shape that fits only by coincidence shows); a free class in ``vectors`` (the
        second size of a lower-case name, which notes mostly mean as a column) takes 1 too."""
        roots = sorted({self.find(k) for k in keys}, key=repr)
        stated = sorted({v for r in roots if isinstance(v := self.value[r], int) and v > 1})
        free = [r for r in roots if not isinstance(self.value[r], int)]
        candidates = sorted(set(stated[:3]) | {2, 3} | ({4} if len(free) > 1 else set()))
        out = []
        vectors = frozenset(self.find(k) for k in vectors)
        lists = [([1] if r in vectors else []) + candidates for r in free]
        for combo in product(*lists):
            chosen = dict(zip(free, combo, strict=True))
            out.append({r: chosen.get(r, self.value[r]) for r in roots})  # type: ignore[misc]
            if len(out) >= limit:
                break
        return out


class ShapePass:
    """The shape keys of every node of a formula (``keys[id(node)]``), unifying as it goes."""

    def __init__(self, sizes: Sizes, resolve, letters: dict[str, int]):
        self.sizes = sizes
        self.resolve = resolve  # Ref -> the world name whose shape it has, or None (scalar)
        self.letters = letters
        self.keys: dict[int, tuple[Key, Key] | None] = {}
        self.failed: str | None = None

    def shape(self, node) -> tuple[Key, Key] | None:
        out = self._shape(node)
        self.keys[id(node)] = out
        return out

    def _shape(self, node):
        if isinstance(node, Num):
            return None
        if isinstance(node, Ones):
            rows = self.sizes.new()
            if node.length is not None:
                length = self.letters.get(node.length, node.length)
                self.sizes.fix(rows, int(length) if str(length).isdigit() else str(length))
            one = ("one",)
            self.sizes.fix(one, 1)
            return rows, one
        if isinstance(node, Ref):
            if node.indices:
                return None
            name = self.resolve(node)
            if name is None:
                return None  # a size letter, a scalar
            return (name, 0), (name, 1)
        assert isinstance(node, Node)
        if node.kind == "T":
            inner = self.shape(node.args[0])
            return None if inner is None else (inner[1], inner[0])
        if node.kind == "prod":
            current = None
            for arg in node.args:
                shape = self.shape(arg)
                if shape is None:
                    continue
                if current is not None:
                    before = len(self.sizes.conflicts)
                    self.sizes.union(current[1], shape[0])
                    if len(self.sizes.conflicts) > before and self.failed is None:
                        self.failed = (
                            f"{self.show(current)} times {self.show(shape)} does not multiply"
                        )
                    current = (current[0], shape[1])
                else:
                    current = shape
            return current
        if node.kind == "add":
            shapes = [s for s in (self.shape(a) for a in node.args) if s is not None]
            if shapes and len(shapes) != len(node.args):
                raise Unread("a scalar added to a matrix")
            vectors = [s for s in shapes if self._stated_column(s)]
            wide = [s for s in shapes if self._wide(s)]
            if vectors and wide:  # Z = WX + b: b added to each column (or row), not unified
                shapes = [s for s in shapes if s not in vectors]
            for other in shapes[1:]:
                before = len(self.sizes.conflicts)
                self.sizes.union(shapes[0][0], other[0])
                self.sizes.union(shapes[0][1], other[1])
                if len(self.sizes.conflicts) > before and self.failed is None:
                    self.failed = f"{self.show(shapes[0])} plus {self.show(other)} do not add"
            return shapes[0] if shapes else None
        if node.kind == "div":
            if self.shape(node.args[0]) is not None or self.shape(node.args[1]) is not None:
                raise Unread("a matrix in a fraction")
            return None
        if node.kind == "sum":
            return self.shape(node.args[0])
        if node.kind == "col2im":
            self.shape(node.args[0])
            return ("col2im", 0), ("col2im", 1)
        if node.kind == "entry":
            self.shape(node.args[0])
            return None
        raise Unread(f"{node.kind} is not read")

    def _stated_column(self, shape: tuple[Key, Key]) -> bool:
        """A vector the notes state (``b \\in \\mathbb{R}^3``, "a row vector 1 × 3"): one
        of its sizes is 1."""
        if shape[0][0] == "fresh":
            return False
        return 1 in (
            self.sizes.value[self.sizes.find(shape[0])],
            self.sizes.value[self.sizes.find(shape[1])],
        )

    def _wide(self, shape: tuple[Key, Key]) -> bool:
        """A matrix with both sizes known and neither 1."""
        values = [self.sizes.value[self.sizes.find(k)] for k in shape]
        return all(v is not None and v != 1 for v in values)

    def show(self, shape: tuple[Key, Key]) -> str:
        return f"{self.sizes.show(shape[0])}×{self.sizes.show(shape[1])}"
