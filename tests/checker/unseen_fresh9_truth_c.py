"""Independent truth for the fresh9 unseen set, notes 3, 6, 7 (see unseen_fresh9_truth.py).

examen_resuelto (torch module shapes and parameter counts), pytorch_conv_notes (torch
conv2d / conv_transpose2d autograd) and my_derivation (1-based
formulas against torch conv2d + ReLU autograd).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh9_truth import (
    F64,
    TRIALS,
    Truth,
    agrees,
    at,
    close,
    conv,
    conv_out,
    numbers,
    params,
    rng,
    same,
    zat,
)

# --- examen_resuelto: 28x28x1 -> conv5 (8) -> maxpool2 -> conv3 p1 (16) -> avgpool2 -> dense 10


def examen_flatten() -> list[bool]:
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 5),
        torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, padding=1),
        torch.nn.AvgPool2d(2),
        torch.nn.Flatten(),
    )
    return [net(torch.zeros(1, 1, 28, 28)).shape[1] == 512]


def examen_flatten_same() -> list[bool]:
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 5, padding=2),
        torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, padding=1),
        torch.nn.AvgPool2d(2),
        torch.nn.Flatten(),
    )
    return [net(torch.zeros(1, 1, 28, 28)).shape[1] == 7 * 7 * 16 == 784]


def examen_total() -> list[bool]:
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 5), torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.Linear(576, 10)
    )
    return [params(net) == 208 + 1168 + 5770 == 7146]


def examen_bias_batch() -> list[bool]:
    res = []
    for t in range(TRIALS):
        r = rng(20 + t)
        x, w, g = (
            r.normal(size=(3, 8, 12, 12)),
            r.normal(size=(16, 8, 3, 3)),
            r.normal(size=(3, 16, 12, 12)),
        )
        out = conv(x, w, r.normal(size=16), g, padding=1)
        res.append(same(g.sum(axis=(0, 2, 3)), out["db"]))
    return res


EXAMEN: dict[tuple[int, int], Truth] = {
    (16, 1): lambda: [conv_out(28, 5, 1, 0) == (28 - 5) / 1 + 1 == 24],
    (17, 1): lambda: [params(torch.nn.Conv2d(1, 8, 5)) == 5 * 5 * 1 * 8 + 8 == 208],
    (18, 1): lambda: [conv_out(12, 3, 1, 1) == (12 + 2 * 1 - 3) / 1 + 1 == 12],
    (19, 1): lambda: [params(torch.nn.Conv2d(8, 16, 3, padding=1)) == 3 * 3 * 16 + 16],
    (20, 1): examen_flatten,
    (21, 1): lambda: [params(torch.nn.Linear(576, 10)) == 576 * 10 + 10 == 5770],
    (22, 1): examen_total,
    (24, 1): lambda: [conv_out(28, 5, 1, 0) == (28 - 5) / 2 + 1],
    (26, 2): lambda: [
        same(
            torch.autograd.grad(
                F.avg_pool2d(
                    x := torch.tensor([[[[1.0, 5.0], [3.0, 2.0]]]], dtype=F64, requires_grad=True),
                    2,
                ).sum()
                * 0.6,
                x,
            )[0].numpy(),
            np.full((1, 1, 2, 2), 0.15),
        )
    ],
    (28, 1): examen_bias_batch,
    (30, 1): lambda: [conv_out(28, 5, 1, 2) == (28 + 2 * 2 - 5) / 1 + 1 == 28],
    (30, 2): lambda: [F.max_pool2d(torch.zeros(1, 1, 28, 28), 2).shape[-1] == 28 // 2 == 14],
    (30, 3): lambda: [params(torch.nn.Conv2d(8, 16, 3, padding=1)) == 3 * 3 * 8 * 16 + 8],
    (30, 4): numbers(3 * 3 * 8 * 16 + 8, 1160),
    (30, 5): examen_flatten_same,
    (32, 1): lambda: [conv_out(28, 5, 2, 0) == (28 - 5) // 2 + 1 == 12],
    (32, 2): lambda: [conv_out(28, 5, 2, 0) == -(-(28 - 5) // 2) + 1],
}


# --- pytorch_conv_notes: X (2,3,6,6), W (4,3,3,3), stride 2, padding 1, Y (2,4,3,3) ----------


def _torch_case(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    r = rng(120 + seed)
    x, w, g = r.normal(size=(2, 3, 6, 6)), r.normal(size=(4, 3, 3, 3)), r.normal(size=(2, 4, 3, 3))
    return x, w, g, conv(x, w, r.normal(size=4), g, stride=2, padding=1)


def transposed(g: np.ndarray, w: np.ndarray, **kw: int) -> np.ndarray:
    return F.conv_transpose2d(torch.tensor(g, dtype=F64), torch.tensor(w, dtype=F64), **kw).numpy()


def torch_dx_transposed(output_padding: int) -> list[bool]:
    res = []
    for t in range(TRIALS):
        _, w, g, out = _torch_case(t)
        got = transposed(g, w, stride=2, padding=1, output_padding=output_padding)
        res.append(same(got, out["dx"]))
    return res


def torch_dx_elementwise() -> list[bool]:
    res = []
    for t in range(TRIALS):
        _, w, g, out = _torch_case(t)

        def fill(n: int, c: int, h: int, v_: int, g: np.ndarray = g, w: np.ndarray = w) -> float:
            total = 0.0
            for o in range(4):
                for u in range(3):
                    for v in range(3):
                        if (h + 1 - u) % 2 or (v_ + 1 - v) % 2:
                            continue  # not an integer index: dropped, as the note says
                        total += zat(g, n, o, (h + 1 - u) // 2, (v_ + 1 - v) // 2) * w[o, c, u, v]
            return total

        res.append(agrees(fill, (2, 3, 6, 6), out["dx"]))
    return res


def torch_dw(stride_inside: int) -> list[bool]:
    res = []
    for t in range(TRIALS):
        x, _, g, out = _torch_case(t)
        xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
        fill = lambda o, c, u, v, g=g, xp=xp, stride_inside=stride_inside: sum(  # noqa: E731
            g[n, o, i, j] * at(xp, n, c, stride_inside * i + u, stride_inside * j + v)
            for n in range(2)
            for i in range(3)
            for j in range(3)
        )
        res.append(agrees(fill, (4, 3, 3, 3), out["dw"]))
    return res


def stride_one_dy(flip: bool) -> list[bool]:
    """dY of conv2d(Y, V, padding=1) against conv2d(dZ, V^T (flipped), padding=1)."""
    res = []
    for t in range(TRIALS):
        r = rng(125 + t)
        y, v, gz = (
            r.normal(size=(2, 4, 3, 3)),
            r.normal(size=(5, 4, 3, 3)),
            r.normal(size=(2, 5, 3, 3)),
        )
        out = conv(y, v, None, gz, padding=1)
        kernel = v.transpose(1, 0, 2, 3)
        if flip:
            kernel = kernel[:, :, ::-1, ::-1]
        got = F.conv2d(torch.tensor(gz), torch.tensor(kernel.copy()), padding=1).numpy()
        res.append(same(got, out["dx"]))
    return res


PYTORCH: dict[tuple[int, int], Truth] = {
    (5, 1): lambda: [conv_out(6, 3, 2, 1) == (6 + 2 * 1 - 3) // 2 + 1],
    (5, 2): numbers((6 + 2 * 1 - 3) // 2 + 1, 3),
    (13, 1): lambda: torch_dx_transposed(0),
    (15, 1): lambda: [
        transposed(np.zeros((1, 4, 3, 3)), np.zeros((4, 3, 3, 3)), stride=2, padding=1).shape[-1]
        == (3 - 1) * 2 - 2 + 3
    ],
    (15, 2): numbers((3 - 1) * 2 - 2 + 3, 6),
    (19, 1): lambda: torch_dx_transposed(1),
    (23, 1): torch_dx_elementwise,
    (27, 1): lambda: torch_dw(2),
    (29, 1): lambda: torch_dw(1),
    (31, 1): lambda: [
        same(_torch_case(t)[2].sum(axis=(0, 2, 3)), _torch_case(t)[3]["db"]) for t in range(TRIALS)
    ],
    (35, 1): lambda: [params(torch.nn.Conv2d(3, 4, 3)) == 4 * 3 * 3 * 3 + 4 == 112],
    (35, 2): lambda: [params(torch.nn.ConvTranspose2d(4, 3, 3)) == 4 * 3 * 3 * 3 + 4],
    (39, 1): lambda: stride_one_dy(True),
    (39, 2): lambda: stride_one_dy(False),
    (41, 1): lambda: [_torch_case(0)[3]["z"].size * 3 * 3 * 3 == 2 * 4 * 9 * 3 * 9],
    (41, 2): numbers(2 * 4 * 9 * 3 * 9, 1944),
}


# --- my_derivation: 1-based, x 4x4, w 2x2, z 3x3, relu; E any function of a ---------------


def _student(seed: int) -> dict:
    r = rng(130 + seed)
    x, w, ga = r.normal(size=(4, 4)), r.normal(size=(2, 2)), r.normal(size=(3, 3))
    xt = torch.tensor(x, dtype=F64, requires_grad=True)
    wt = torch.tensor(w, dtype=F64, requires_grad=True)
    bt = torch.tensor([0.2], dtype=F64, requires_grad=True)
    z = F.conv2d(xt[None, None], wt[None, None], bt)[0, 0]
    z.retain_grad()
    a = torch.relu(z)
    (a * torch.tensor(ga, dtype=F64)).sum().backward()
    # 1-based views: pad index 0 with nothing by shifting in the formulas below
    return {
        "x": x,
        "w": w,
        "ga": ga,
        "z": z.detach().numpy(),
        "a": a.detach().numpy(),
        "delta": z.grad.numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": float(bt.grad[0]),
    }


def one(a: np.ndarray, *idx: int) -> float:
    """1-based strict indexing."""
    return at(a, *(i - 1 for i in idx))


def zone(a: np.ndarray, *idx: int) -> float:
    """1-based indexing, zero outside."""
    return zat(a, *(i - 1 for i in idx))


def each_trial(check: object) -> list[bool]:
    return [bool(check(_student(t))) for t in range(TRIALS)]  # type: ignore[operator]


def student_dw(shift: int) -> Truth:
    def check(s: dict) -> bool:
        d, x = s["delta"], s["x"]
        fill = lambda m, n, x=x, d=d, shift=shift: sum(  # noqa: E731
            one(d, i, j) * one(x, i + m + shift, j + n + shift)
            for i in range(1, 4)
            for j in range(1, 4)
        )
        return agrees(lambda m0, n0: fill(m0 + 1, n0 + 1), (2, 2), s["dw"])

    return lambda: each_trial(check)


def student_dx(sign: int) -> Truth:
    def check(s: dict) -> bool:
        d, w = s["delta"], s["w"]
        if sign > 0:
            term = lambda k, l, m, n: zone(d, k + m - 1, l + n - 1)  # noqa: E731,E741
        else:
            term = lambda k, l, m, n: zone(d, k - m + 1, l - n + 1)  # noqa: E731,E741
        fill = lambda k, l, w=w, term=term: sum(  # noqa: E731,E741
            term(k + 1, l + 1, m, n) * one(w, m, n) for m in (1, 2) for n in (1, 2)
        )
        return agrees(fill, (4, 4), s["dx"])

    return lambda: each_trial(check)


def student_entry(k: int, l: int, terms: list[tuple[int, int, int, int]]) -> Truth:  # noqa: E741
    """dE/dx_{kl} = sum of delta_{ij} w_{mn} over the listed (i, j, m, n), 1-based."""
    return lambda: each_trial(
        lambda s: close(
            one(s["dx"], k, l),
            sum(one(s["delta"], i, j) * one(s["w"], m, n) for i, j, m, n in terms),
        )
    )


def student_batch(mean: bool) -> list[bool]:
    res = []
    for t in range(TRIALS):
        r = rng(140 + t)
        x, w, ga = (
            r.normal(size=(3, 1, 4, 4)),
            r.normal(size=(1, 1, 2, 2)),
            r.normal(size=(3, 1, 3, 3)),
        )
        xt = torch.tensor(x, dtype=F64)
        wt = torch.tensor(w, dtype=F64, requires_grad=True)
        z = F.conv2d(xt, wt)
        z.retain_grad()
        per_example = (torch.relu(z) * torch.tensor(ga, dtype=F64)).sum(dim=(1, 2, 3))
        per_example.mean().backward()
        delta_p = z.grad.numpy()[:, 0] * 3  # dE_p/dz^(p): E_p enters the mean with weight 1/3
        dw = np.array(
            [
                [
                    sum(
                        delta_p[p, i, j] * x[p, 0, i + m, j + n]
                        for p in range(3)
                        for i in range(3)
                        for j in range(3)
                    )
                    for n in range(2)
                ]
                for m in range(2)
            ]
        )
        res.append(same(dw / 3 if mean else dw, wt.grad.numpy()[0, 0]))
    return res


def student_dx44_zero() -> list[bool]:
    """dE/dx_44 = delta_33 w_22 vanishes only when z_33 <= 0: test where x_44 is live."""
    live = [s for s in map(_student, range(40)) if s["z"][2, 2] > 0][:TRIALS]
    return [close(one(s["dx"], 4, 4), 0.0) for s in live]


STUDENT: dict[tuple[int, int], Truth] = {
    (7, 2): lambda: each_trial(lambda s: same(s["delta"], s["ga"] * s["a"])),
    (9, 1): student_dw(0),
    (11, 1): lambda: each_trial(lambda s: close(s["db"], s["delta"].sum())),
    (13, 1): student_dx(+1),
    (15, 1): student_entry(1, 1, [(1, 1, 1, 1)]),
    (15, 2): student_entry(4, 4, [(3, 3, 2, 2)]),
    (15, 3): student_entry(1, 2, [(1, 1, 1, 1), (1, 2, 1, 2)]),
    (17, 1): student_dx44_zero,
    (23, 1): lambda: each_trial(lambda s: same(s["delta"], s["ga"] * (s["z"] > 0))),
    (25, 1): student_dw(-1),
    (27, 1): student_dx(-1),
    (29, 1): student_entry(1, 2, [(1, 1, 1, 2), (1, 2, 1, 1)]),
    (29, 2): student_entry(2, 2, [(1, 1, 2, 2), (1, 2, 2, 1), (2, 1, 1, 2), (2, 2, 1, 1)]),
    (31, 3): lambda: student_batch(False),
    (31, 4): lambda: student_batch(True),
}


NOTES_C = {"examen_resuelto": EXAMEN, "pytorch_conv_notes": PYTORCH, "my_derivation": STUDENT}
