"""Claims with symbolic sizes: judged at typical and corner sizes, closed forms for all sizes.

The general documents (derivations/006_general_*) state every gradient for symbolic sizes;
their closed forms must come out ``verified-for-all-sizes`` (the general prover's proof),
their steps ``verified`` at concrete sizes, nothing wrong.  Deliberately wrong closed forms
(the mistakes students make) must not be verified, each with its verdict and the sizes of
a counterexample.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import checked_file

from symconv.checker.allsizes_eval import Evaluator, instances
from symconv.checker.allsizes_parse import parse
from symconv.checker.report import ALL_SIZES, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text

ROOT = Path(__file__).resolve().parent.parent.parent
GENERAL_DOCS = sorted((ROOT / "derivations").glob("006_general_*.md"))

FWD = (
    r"Z_{n,F_{g} \gamma + \phi,i,j} = \left[\operatorname{corr}\left(\operatorname{pad}"
    r"\left(X\right), W, \left(s_{h}, s_{w}\right), \left(d_{h}, d_{w}\right)\right) + b"
    r"\right]_{n,F_{g} \gamma + \phi,i,j}"
)
DX = (
    r"\frac{\partial L}{\partial X_{n',C_{g} \gamma' + \kappa',t,u}} = \left["
    r"\operatorname{crop}\left(\operatorname{full}\left(%s \ast %s, \left(d_{h}, d_{w}"
    r"\right)\right)\right)\right]_{n',C_{g} \gamma' + \kappa',t,u}"
)
DILATED_G = r"\operatorname{dilate}\left(G, \left(s_{h}, s_{w}\right)\right)"
ROT_W = r"\operatorname{rot}_{180^\circ}\left(W\right)"
DW = (
    r"\frac{\partial L}{\partial W_{F_{g} \gamma' + \phi',c',a',b'}} = \left["
    r"\operatorname{corr}_{w}\left(%s, %s, \left(d_{h}, d_{w}\right)\right)\right]_{F_{g} "
    r"\gamma' + \phi',c',a',b'}"
)
PAD_X = r"\operatorname{pad}\left(X\right)"
DB = (
    r"\frac{\partial L}{\partial b_{F_{g} \gamma' + \phi'}} = \left[\sum_{%s} G\right]_{F_{g}"
    r" \gamma' + \phi'}"
)
PADDED = (
    r"\frac{\partial L}{\partial X_{n',C_{g} \gamma' + \kappa',t,u}} = \left["
    r"\operatorname{crop}\left(\operatorname{pad}\left(" + DILATED_G + r", \left(%s\right)"
    r"\right) \star \operatorname{rot}_{180}\left(W\right)\right)\right]_{n',C_{g} "
    r"\gamma' + \kappa',t,u}"
)


def _display_blocks(path: Path) -> list[str]:
    return re.findall(r"^\$\$\n(.*?)\n\$\$$", path.read_text(encoding="utf-8"), re.S | re.M)


def _judge(claim: str, forward: bool = True):
    """The verdict of ``claim`` in notes whose forward (the layer) is stated first."""
    text = (f"$$\n{FWD}\n$$\n\n" if forward else "") + f"$$\n{claim}\n$$\n"
    return check_text(text).verdicts[-1]


# ---------------------------------------------------------------------- the documents
@pytest.fixture(scope="module")
def reports():
    """Checked once per session (conftest.checked_file): test_check_roundtrip reads them too."""
    return {p.name: checked_file(p) for p in GENERAL_DOCS}


def test_there_are_general_documents():
    assert [p.name for p in GENERAL_DOCS] == ["006_general_conv2d.md", "006_general_conv2d_en.md"]


@pytest.mark.slow  # checking the two documents (the session fixture) takes about 30 s of CPU
@pytest.mark.xdist_group("derivations")  # on test_check_roundtrip's worker: checked once
@pytest.mark.parametrize("name", ["006_general_conv2d.md", "006_general_conv2d_en.md"])
def test_general_document_figures(reports, name):
    counts = reports[name].summary()
    total = sum(counts.values())
    assert counts["wrong"] == 0 and counts["size-specific"] == 0
    assert counts["not-understood"] <= 0.05 * total
    # 4 closed forms stated, proved, concluded (3 times each): all proved for all sizes
    assert counts[ALL_SIZES] == 12
    assert counts["verified"] >= 20  # the steps: chain rule, derivatives, bounds


@pytest.mark.slow  # the same documents
@pytest.mark.xdist_group("derivations")
@pytest.mark.parametrize("name", ["006_general_conv2d.md", "006_general_conv2d_en.md"])
def test_every_closed_form_of_the_documents_is_verified_for_all_sizes(reports, name):
    # a closed form is stated of an entry (Z_{...} = [...]); a row starting with the closed
    # form indexed ([...]_{...} = Σ ...) is a step of the index-level proof
    closed = [
        v
        for v in reports[name].verdicts
        if "\\begin" not in v.source
        and any(
            op in v.source
            for op in ("\\operatorname{corr}", "\\star", "\\operatorname{crop}", "\\sum_{n,i,j}")
        )
        and not v.source.startswith("\\left[")
    ]
    assert len(closed) == 12  # 4 closed forms, each stated, concluded and summed up
    for verdict in closed:
        assert verdict.status == ALL_SIZES, (verdict.line, verdict.message)


# ---------------------------------------------------------------------- correct claims
@pytest.mark.parametrize(
    "claim",
    [FWD, DX % (DILATED_G, ROT_W), DW % (PAD_X, DILATED_G), DB % "n,i,j"],
    ids=["Z", "dX", "dW", "db"],
)
def test_correct_closed_forms_are_verified_for_all_sizes(claim):
    verdict = _judge(claim)
    assert verdict.status == ALL_SIZES, verdict.message
    assert "general prover proved" in verdict.message


# ---------------------------------------------------------------------- round trip
# The printer's closed forms at symbolic sizes are the reader's test data: one notation.
# (Case "convolution" is left out: its forward rotates the kernel, and notes that do not say
# so are read as a correlation layer.)
LEFT = {
    "Z": "Z_{n,f,i,j}",
    "dL/dW": r"\frac{\partial L}{\partial W_{f,c,a,b}}",
    "dL/dX": r"\frac{\partial L}{\partial X_{n,c,t,u}}",
    "dL/db": r"\frac{\partial L}{\partial b_{f}}",
}
INDEX = {"Z": "n,f,i,j", "dL/dW": "f,c,a,b", "dL/dX": "n,c,t,u", "dL/db": "f"}


def _printed(case: str) -> dict[str, str]:
    """Each closed form the general prover proves in ``case``, printed at symbolic sizes
    by the printer's rules, as a claim about the entry it gives."""
    from symconv.proofs.general import prove_general
    from symconv.proofs.general.cases import config_for
    from symconv.proofs.general.form_names import node_tex

    cfg, out = config_for(case), {}
    for proof in prove_general("conv2d", case, with_steps=False):
        assert proof.status == "proved", proof.identity
        tex = node_tex(proof.closed.node, cfg)
        out[proof.identity] = (
            rf"{LEFT[proof.identity]} = \left[{tex}\right]_"
            rf"{{{INDEX[proof.identity]}}}"
        )
    return out


def _without(claim: str, op: str) -> str:
    """``claim`` with the operator ``op`` (and its subscript) dropped, its argument kept."""
    k = claim.index(op)
    end = k + len(op)
    if claim[end] == "_":
        depth, end = 0, end + 1
        while True:
            depth += {"{": 1, "}": -1}.get(claim[end], 0)
            end += 1
            if depth == 0:
                break
    return claim[:k] + claim[end:]


def _in_notes(claims: dict[str, str], claim: str):
    """The verdict of ``claim`` in notes that state the printed forward first."""
    return check_text(f"$$\n{claims['Z']}\n$$\n\n$$\n{claim}\n$$\n").verdicts[-1]


@pytest.mark.parametrize("case", ["a", "b", "c", "d", "all"])
def test_the_printers_closed_forms_read_back_as_verified_for_all_sizes(case):
    claims = _printed(case)
    assert sorted(claims) == ["Z", "dL/dW", "dL/dX", "dL/db"]
    for name, claim in claims.items():
        verdict = _in_notes(claims, claim)
        assert verdict.status == ALL_SIZES, (name, claim, verdict.message)
        assert f"the general prover proved {name} = " in verdict.message


@pytest.mark.parametrize("case", ["a", "b", "c", "d", "all"])
def test_the_printers_closed_forms_mutated_are_wrong(case):
    claims = _printed(case)
    mutated = [(_without(claims["dL/dX"], r"\operatorname{rot}"), "drop rot180")]
    if "dilate" in claims["dL/dX"]:  # G is dilated only when the stride is symbolic
        mutated += [
            (_without(claims[name], r"\operatorname{dilate}"), "drop dilate")
            for name in ("dL/dW", "dL/dX")
        ]
    assert len(mutated) == (3 if case in ("b", "all") else 1)
    for claim, what in mutated:
        verdict = _in_notes(claims, claim)
        assert verdict.status == WRONG, (what, claim, verdict.message)
        assert "false for all sizes" in verdict.message


# ---------------------------------------------------------------------- wrong claims
# mistake -> (claim, the hint the verdict starts with)
WRONG_CLAIMS = {
    "missing rot180": (DX % (DILATED_G, "W"), "missing rot180 of the kernel"),
    "stride not dilated": (DX % ("G", ROT_W), "G must be zero-dilated by the stride"),
    "pad k instead of k-1": (
        PADDED % (r"d_{h} k_{h}, d_{h} k_{h}, d_{w} k_{w}, d_{w} k_{w}"),
        "pad by d(k-1) on every side",
    ),
    "X and G swapped in dW": (DW % (DILATED_G, PAD_X), "the operands are exchanged"),
    "db not summed over the batch": (DB % "i,j", "sum over the batch n too"),
}


@pytest.mark.parametrize("mistake", list(WRONG_CLAIMS))
def test_wrong_closed_forms_are_wrong_with_a_counterexample(mistake):
    claim, hint = WRONG_CLAIMS[mistake]
    verdict = _judge(claim)
    assert verdict.status == WRONG, verdict.message
    assert verdict.message.startswith(hint), verdict.message
    assert "; false for all sizes: with H=" in verdict.message
    sizes = verdict.counterexample["sizes"]
    assert sizes["s_h"] > 1 and sizes["d_h"] > 1 and sizes["g"] > 1  # a typical layer


def test_floor_where_a_ceiling_is_needed_is_wrong():
    doc = ROOT / "derivations" / "006_general_conv2d_en.md"
    bounds = next(b for b in _display_blocks(doc) if "\\tag{14}" in b)
    assert _judge(bounds).status == VERIFIED
    floored = bounds.replace(r"\left\lceil", r"\left\lfloor", 1).replace(
        r"\right\rceil", r"\right\rfloor", 1
    )
    verdict = _judge(floored)
    assert verdict.status == WRONG
    assert "outside its" in verdict.message  # the extra i reads X above its first row


DX_BOUNDS = (
    r"\frac{\partial L}{\partial X_{n,c,t,u}} = \sum_{f=0}^{F-1} \sum_{a=\max\left("
    r"0, t + p_{t} - H_{o} + 1\right)}^{%s} \sum_{b=\max\left(0, u + p_{l} - W_{o} + 1"
    r"\right)}^{\min\left(k_{w} - 1, u + p_{l}\right)} G_{n,f,t + p_{t} - a,u + p_{l} "
    r"- b} W_{f,c,a,b}"
)


def test_clipped_bounds_of_the_input_gradient_hold():
    verdict = _judge(DX_BOUNDS % r"\min\left(k_{h} - 1, t + p_{t}\right)", forward=False)
    assert verdict.status == VERIFIED, verdict.message


def test_a_bound_right_only_when_the_output_is_as_large_as_the_kernel_is_size_specific():
    # min(..., H_o - 1) cuts the kernel's rows only when the output is smaller than it
    claim = DX_BOUNDS % r"\min\left(k_{h} - 1, t + p_{t}, H_{o} - 1\right)"
    verdict = _judge(claim, forward=False)
    assert verdict.status == SIZE_SPECIFIC, verdict.message
    sizes = verdict.counterexample["sizes"]
    assert sizes["H_o"] < sizes["k_h"]
    assert "missing W[" in verdict.message


def test_a_full_padding_written_per_side_is_proved_and_its_slip_is_not():
    # pad by k-1 on every side, then crop the layer's padding: the stride-1 input gradient;
    # the general prover reads k_h - 1, k_w - 1 as the full correlation's padding (a role of
    # its own since the twentieth session), so it proves the form for all sizes, and the
    # same form padded by k is not proved
    claim = (
        r"\frac{\partial L}{\partial X_{n,c,t,u}} = \left[\operatorname{crop}\left("
        r"\operatorname{pad}\left(G, \left(k_{h} - %s, k_{h} - %s, k_{w} - %s, k_{w} - %s"
        r"\right)\right) \star \operatorname{rot}_{180}\left(W\right)\right)\right]_{n,c,t,u}"
    )
    verdict = _judge(claim % (1, 1, 1, 1), forward=False)
    assert verdict.status == ALL_SIZES, verdict.message
    slip = _judge(claim % (0, 0, 0, 0), forward=False)
    assert slip.status not in (ALL_SIZES, VERIFIED), slip.message


@pytest.mark.parametrize(
    "prose",
    [
        r"a = k_{h} - 1 - \tilde{a}",
        r"\pm 1",
        r"C_{g}, F_{g}, H, H_{o}",
        r"F_{g} \gamma + \phi = F_{g} "
        r"\gamma' + \phi'",
    ],
)
def test_index_substitutions_are_prose_not_claims(prose):
    report = check_text(f"$$\n{FWD}\n$$\n\nThe change $${prose}$$ is a bijection.\n")
    assert len(report.verdicts) == 1


def test_the_declared_layer_is_one_of_the_sizes():
    layer = {"layer": "conv2d", "input": "5x6", "kernel": "2x3", "stride": "2", "padding": "1"}
    verdict = check_text(f"$$\n{FWD}\n$$\n", settings=layer).verdicts[-1]
    assert verdict.status == ALL_SIZES
    assert "(the declared layer among them)" in verdict.message


# ---------------------------------------------------------------------- outputs
def test_the_new_verdict_flows_through_every_output():
    report = check_text(f"$$\n{FWD}\n$$\n")
    assert report.human().endswith(
        "0 verified, 0 wrong, 0 size-specific, 0 not-understood, 1 verified-for-all-sizes"
    )
    data = json.loads(report.to_json())
    assert data["equations"][0]["status"] == "verified-for-all-sizes"
    assert data["summary"]["verified-for-all-sizes"] == 1
    assert (
        "::notice file=<text>,line=2,title=symconv check::verified-for-all-sizes: "
        in report.github()
    )
    assert report.exit_code == 0


# ---------------------------------------------------------------------- truth
def test_the_concrete_truth_is_torch_autograd():
    """dL/dX of the typical strided, dilated, grouped layer, read as the evaluator reads
    ``\\partial L/\\partial X``, equals torch's gradient at random integer values."""
    torch = pytest.importorskip("torch")
    inst = instances({"stride", "dilation", "groups"}, False)[0]
    s, layer = inst.sizes, inst.layer
    rng = np.random.default_rng(5)
    values = {}
    tensors = {}
    for tag in ("X", "W", "b", "G"):
        ids = layer.tensors[tag].ids
        data = rng.integers(-3, 4, size=ids.shape)
        values.update(zip(ids.reshape(-1).tolist(), data.reshape(-1).tolist(), strict=True))
        tensors[tag] = torch.tensor(data, dtype=torch.float64)
    x = tensors["X"].clone().requires_grad_(True)
    z = torch.nn.functional.conv2d(
        torch.nn.functional.pad(x, (s["p_l"], s["p_r"], s["p_t"], s["p_b"])),
        tensors["W"],
        tensors["b"],
        stride=(s["s_h"], s["s_w"]),
        dilation=(s["d_h"], s["d_w"]),
        groups=s["g"],
    )
    (z * tensors["G"]).sum().backward()
    read = parse(r"\frac{\partial L}{\partial X_{n,c,t,u}}")
    ev = Evaluator(inst)
    for n, c, t, u in [(0, 0, 0, 0), (1, 1, 3, 4), (0, 1, 7, 8), (1, 0, 5, 2)]:
        got = ev.value(read, {"n": n, "c": c, "t": t, "u": u}).value(values)
        assert got == int(x.grad[n, c, t, u])
