"""A network layer's activation claims (A = σ(Z), dZ = dA ⊙ σ'(Z)) are judged exactly.

The truth the verdicts are compared with is torch autograd of the activation at sample
points, independent of the SymPy derivative the checker uses.
"""

from __future__ import annotations

import pytest
import torch

from symconv.checker.layer_activation import judge_layer_activation
from symconv.checker.limits import NotUnderstood
from symconv.checker.runner import check_text

_TORCH = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu}


def _network(tmp_path, kind: str) -> str:
    path = tmp_path / "net.toml"
    path.write_text(
        f'name = "tiny"\ninput = [6, 6, 1]\n\n[[layers]]\nname = "C1"\n'
        f'kind = "conv2d"\nout_channels = 2\nkernel = 3\nactivation = "{kind}"\n'
    )
    return str(path)


def _doc(network: str, *claims: str) -> str:
    body = "\n\n".join(f"$$\n{c}\n$$" for c in claims)
    return (
        f"---\nnetwork: {network}\nnotation: superscript\n---\n\n# Notes\n\n## Layer C1\n\n{body}\n"
    )


def _slope_at(kind: str, value: float) -> float:
    x = torch.tensor(value, dtype=torch.float64, requires_grad=True)
    _TORCH[kind](x).backward()
    return float(x.grad)


# each written derivative, and whether autograd agrees with it at the sample points
_SLOPES = {
    "tanh": [
        (r"\left(1 - \tanh^{2}{\left(Z^{[1]} \right)}\right)", lambda a, z: 1 - a * a),
        (r"\left(1 - A^{[1]}\right)", lambda a, z: 1 - a),
        (r"\left(- \tanh^{2}{\left(Z^{[1]} \right)} + 1\right)", lambda a, z: 1 - a * a),
    ],
    "sigmoid": [
        (r"A^{[1]} \left(1 - A^{[1]}\right)", lambda a, z: a * (1 - a)),
        (r"\frac{e^{-Z^{[1]}}}{\left(1 + e^{-Z^{[1]}}\right)^{2}}", lambda a, z: a * (1 - a)),
        (r"\left(1 - A^{[1]}\right)", lambda a, z: 1 - a),
    ],
}


@pytest.mark.parametrize("kind", sorted(_SLOPES))
def test_backward_claims_agree_with_autograd(tmp_path, kind):
    net = _network(tmp_path, kind)
    for written, formula in _SLOPES[kind]:
        claim = rf"dZ^{{[1]}} = dA^{{[1]}} \odot {written}"
        (verdict,) = check_text(_doc(net, claim)).verdicts
        points = (-1.5, -0.3, 0.4, 2.0)
        truth = all(
            abs(
                formula(float(_TORCH[kind](torch.tensor(p, dtype=torch.float64))), p)
                - _slope_at(kind, p)
            )
            < 1e-12
            for p in points
        )
        assert verdict.status == ("verified" if truth else "wrong"), (claim, verdict)


@pytest.mark.parametrize(
    "kind,written,holds",
    [
        ("tanh", r"\tanh{\left(Z^{[1]} \right)}", True),
        ("tanh", r"\frac{e^{Z^{[1]}} - e^{-Z^{[1]}}}{e^{Z^{[1]}} + e^{-Z^{[1]}}}", True),
        ("sigmoid", r"\tanh{\left(Z^{[1]} \right)}", False),
        ("sigmoid", r"\frac{1}{1 + e^{-Z^{[1]}}}", True),
        ("relu", r"\max\left(0, Z^{[1]}\right)", True),
        ("relu", r"Z^{[1]}", False),
    ],
)
def test_forward_claims_agree_with_torch(tmp_path, kind, written, holds):
    (verdict,) = check_text(_doc(_network(tmp_path, kind), rf"A^{{[1]}} = {written}")).verdicts
    assert verdict.status == ("verified" if holds else "wrong"), verdict


def test_forward_wrong_value_is_torchs():
    found = judge_layer_activation(r"A = \frac{1}{1 + e^{Z}}", "sigmoid", "1")
    assert found["status"] == "wrong"
    # the message names a point and the layer's true value there: sigmoid(z) from torch
    point = _fraction(found["message"])
    expected = float(torch.sigmoid(torch.tensor(point, dtype=torch.float64)))
    assert f"{expected:.6f}"[:7] in found["message"]


def _fraction(message: str) -> float:
    written = message.split("at Z = ")[1].split(":")[0]
    top, _, bottom = written.partition("/")
    return int(top) / int(bottom or 1)


def test_another_layers_mark_is_not_judged():
    with pytest.raises(NotUnderstood, match=r"layer \[2\] is not this layer \[1\]"):
        judge_layer_activation(r"A^{[1]} = \tanh{\left(Z^{[2]} \right)}", "tanh", "1")


def test_other_forms_are_left_to_the_layer():
    assert judge_layer_activation(r"Z^{[1]} = X W + b", "tanh", "1") is None
    assert judge_layer_activation(r"dZ^{[1]} = dA^{[1]} + Z^{[1]}", "tanh", "1") is None


def test_lenet_claims_are_verified():
    doc = _doc(
        "lenet",
        r"A^{[1]} = \tanh{\left(Z^{[1]} \right)}",
        r"dZ^{[1]} = dA^{[1]} \odot \left(- \tanh^{2}{\left(Z^{[1]} \right)} + 1\right)",
        r"dZ^{[1]} = dA^{[1]} \odot \left(1 + \tanh^{2}{\left(Z^{[1]} \right)}\right)",
    )
    assert [v.status for v in check_text(doc).verdicts] == ["verified", "verified", "wrong"]
