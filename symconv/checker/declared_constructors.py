"""Parameter counts of layers built with the notes' own classes, whose signature the notes
state: a README's "### `Dense(in_features, out_features)`" and later "`Dense(64, 10)` has
$64 \\cdot 10 + 10 = 650$ parameters"; "`Conv1D(in_ch, out_ch, kernel, dilation=1)`" and
"`Conv1D(4, 8, 3)` has $8 \\cdot 4 \\cdot 3 + 8 = 104$ parameters".

The signature's parameter names say what each argument is (``in_features``/``in_ch``/
``n_in`` the inputs, ``out_features``/``out_ch``/``units`` the outputs, ``kernel``/
``kernel_size`` the kernel side); the class name says the kind (Dense/Linear/FC/Affine a
dense layer, Conv1D/Conv2D a convolution of that many dimensions; another name is not read).
The count is then the module's: a dense layer's n_in n_out weights, a convolution's
C_out C_in K^dims, plus one bias per output where the layer has a bias.

Whether it has one is read from the class's own section (its heading to the next heading):
"+ b", a bias, "db" or ``bias=True`` say yes, "no bias" or ``bias=False`` no.  Where the
section says neither, both counts stand: a value that is one of them is left open (None),
one that is neither is wrong under both.
"""

from __future__ import annotations

import dataclasses
import re

# a signature: a class name and parameter names (with defaults), in inline code
_SIGNATURE = re.compile(r"`\s*([A-Z][A-Za-z0-9]*)\s*\(((?:\s*[a-z_]\w*\s*(?:=\s*[^,()`]+)?,?)+)\)`")
_IN = re.compile(r"^(?:in_features|in_ch|in_channels|n_in|in_dim|input_dim|fan_in|c_in|d_in)$")
_OUT = re.compile(
    r"^(?:out_features|out_ch|out_channels|n_out|out_dim|output_dim|units|fan_out|c_out|"
    r"d_out|filters|n_filters)$"
)
_KERNEL = re.compile(r"^(?:kernel|kernel_size|k|ksize|kernel_width)$")
_DENSE = re.compile(r"^(?:Dense|Linear|FC|FullyConnected|Affine)\w*$")
_CONV = re.compile(r"^Conv([12])[Dd]$")
# what the class's section says of a bias
_BIAS_YES = re.compile(
    r"\+\s*\\?(?:mathbf\{)?b\b|\bbias(?:es)?\b(?!\s*=\s*False)|\\text\{db\}|`db`|\bdb\b", re.I
)
_BIAS_NO = re.compile(r"\bno bias|\bwithout (?:a )?bias|bias\s*=\s*False|\bbias-free", re.I)
_USE = r"`?\b{name}\s*\(([^()`]*)\)"


@dataclasses.dataclass(frozen=True)
class Declared:
    """A class the notes declare: its kind, its parameters' roles, where its section is."""

    name: str
    kind: str  # "dense", "conv1", "conv2"
    roles: tuple[str | None, ...]  # "in", "out", "kernel" or None, in signature order
    bias: bool | None  # None: the section does not say


def declared_classes(document: list[str]) -> dict[str, Declared]:
    """Every class whose signature the notes write, by name (a name declared twice with
    different signatures is dropped: which one a use means is a guess)."""
    found: dict[str, Declared] = {}
    dropped: set[str] = set()
    for number, line in enumerate(document):
        for m in _SIGNATURE.finditer(line):
            name = m.group(1)
            kind = "dense" if _DENSE.match(name) else None
            conv = _CONV.match(name)
            if conv is not None:
                kind = f"conv{conv.group(1)}"
            if kind is None:
                continue
            params = [p.split("=")[0].strip() for p in m.group(2).split(",") if p.strip()]
            roles = tuple(_role(p) for p in params)
            needed = {"in", "out"} | ({"kernel"} if kind != "dense" else set())
            if not needed <= {r for r in roles if r}:
                continue
            declared = Declared(name, kind, roles, _bias(document, number, m.group(2)))
            if name in found and found[name].roles != roles:
                dropped.add(name)
            found[name] = declared
    return {k: v for k, v in found.items() if k not in dropped}


def _role(param: str) -> str | None:
    if _IN.match(param):
        return "in"
    if _OUT.match(param):
        return "out"
    if _KERNEL.match(param):
        return "kernel"
    return None


def _bias(document: list[str], number: int, params: str) -> bool | None:
    if re.search(r"\bbias\s*=\s*True", params):
        return True
    if re.search(r"\bbias\s*=\s*False", params):
        return False
    section = [document[number]]
    for line in document[number + 1 :]:
        if re.match(r"\s*#", line):
            break
        section.append(line)
    text = "\n".join(section)
    if _BIAS_NO.search(text):
        return False
    return True if _BIAS_YES.search(text) else None


def declared_counts(sentence: str, document: list[str]) -> tuple[str, set[int]] | None:
    """(the layer as written, its possible parameter counts) for the one use of a declared
    class the sentence makes with numbers, or None."""
    classes = declared_classes(document)
    uses = [
        (declared, m)
        for declared in classes.values()
        for m in re.finditer(_USE.format(name=re.escape(declared.name)), sentence)
    ]
    if len(uses) != 1:
        return None
    declared, m = uses[0]
    values = _values(m.group(1), declared)
    if values is None:
        return None
    n_in, n_out = values["in"], values["out"]
    taps = 1 if declared.kind == "dense" else values["kernel"] ** int(declared.kind[-1])
    weights = n_out * n_in * taps
    counts = (
        {weights + n_out}
        if declared.bias
        else {weights}
        if declared.bias is False
        else {
            weights,
            weights + n_out,
        }
    )
    return m.group(0).strip("`"), counts


def _values(arguments: str, declared: Declared) -> dict[str, int] | None:
    parts = [p.strip() for p in arguments.split(",") if p.strip()]
    values: dict[str, int] = {}
    for k, part in enumerate(parts):
        key, eq, _ = part.partition("=")
        if eq:  # dilation=2, stride=2: no parameters; a role, a bias or groups by keyword
            if _role(key.strip()) is not None or key.strip() in ("bias", "groups"):
                return None
            continue
        if k >= len(declared.roles) or not re.fullmatch(r"\d+", key.strip()):
            return None
        role = declared.roles[k]
        if role is not None:
            values[role] = int(key)
    needed = {"in", "out"} | ({"kernel"} if declared.kind != "dense" else set())
    return values if needed <= values.keys() else None
