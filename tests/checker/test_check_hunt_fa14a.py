"""The fa14a round: the false alarms and misses the sealed set fresh34 found at first reading,
each closed by a general reading and tested here on notes written for this file (other
languages, letters and numbers; truth by hand or torch in the comment above each note;
torch conventions: cross-correlation, PyTorch's sizes)."""

from __future__ import annotations

from test_check_fa_hunt import _at, _statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

# --- a stride and a padding stated in Chinese, Japanese or Korean ---------------------------
# Conv2d(1, 1, 3, stride=2) on 7x7, no padding: floor((7 - 3)/2) + 1 = 3 (torch gives 3x3), so
# 7 - 3 + 1 = 5 (the stride-1 formula) is wrong; dL/dW is the 3x3 correlation of X with G
# zero-dilated by 2, while X star G (G 3x3) is 5x5: wrong.  The last claim is made under
# another stride ("若步幅改为 1": if the stride were 1), where 5 holds: no verdict under
# stride 2.  Before, "步幅为 2" and "无填充" were read as nothing: the stride-1 guess verified
# X star G (a miss) and the input and kernel, in "输入" / "卷积核" prose, were not read.
ZH = r"""# 卷积层习题

输入 $X$ 为 $7 \times 7$ 的矩阵，卷积核 $W$ 为 $3 \times 3$，步幅为 2，无填充。输出记为 $Z$，上游梯度 $G = \partial L / \partial Z$。

输出边长为

$$H_{\text{out}} = \left\lfloor \frac{7 - 3}{2} \right\rfloor + 1 = 3.$$

有同学写成

$$H_{\text{out}} = 7 - 3 + 1 = 5.$$

对卷积核的梯度（错误写法）：

$$\frac{\partial L}{\partial W} = X \star G.$$

若步幅改为 1，则

$$H_{\text{out}} = 7 - 3 + 1 = 5.$$
"""  # noqa: E501


def test_a_chinese_stride_and_padding_are_read():
    found = _statuses(ZH)
    assert _at(found, 7) == VERIFIED
    assert _at(found, 11) == WRONG
    assert _at(found, 15) == WRONG
    assert _at(found, 19) != WRONG  # under the supposed stride 1, not the layer's


# Conv2d(1, 1, 2, stride=2) on 6x6, no padding ("パディングなし"): (6 - 2)/2 + 1 = 3; X star G
# with G 3x3 is 4x4, not dL/dK's 2x2 (G must be dilated by 2): wrong.
JA = r"""# 畳み込み層の逆伝播メモ

入力 $X$ は $6 \times 6$、カーネル $K$ は $2 \times 2$、ストライドは 2、パディングなし。出力を $Y$、上流勾配を $G$ とする。

出力サイズは

$$H_{\text{out}} = \frac{6 - 2}{2} + 1 = 3.$$

カーネルの勾配は

$$\frac{\partial L}{\partial K} = X \star G.$$
"""  # noqa: E501


def test_a_japanese_stride_is_read():
    found = _statuses(JA)
    assert _at(found, 7) == VERIFIED
    assert _at(found, 11) == WRONG  # verified at the guessed stride 1 before


# Conv2d(1, 1, 3, stride=2, padding=1) on 5x5: floor((5 + 2 - 3)/2) + 1 = 3 (torch: 3x3);
# 5 + 2 - 3 + 1 = 5 leaves the stride out: wrong.  "패딩은 1." ends its sentence with a period.
KO = r"""# 합성곱 층 정리

입력 $X$는 $5 \times 5$, 커널 $W$는 $3 \times 3$, 스트라이드는 2, 패딩은 1.

출력 크기:

$$H_{\text{out}} = \frac{5 + 2 - 3}{2} + 1 = 3.$$

흔한 실수:

$$H_{\text{out}} = 5 + 2 - 3 + 1 = 5.$$
"""


def test_a_korean_stride_and_padding_are_read():
    found = _statuses(KO)
    assert _at(found, 7) == VERIFIED
    assert _at(found, 11) == WRONG


# --- a stride in words no reader knows, betrayed by the notes' written-out output ------------
# X 6x6 and K 2x2 below, stride 2 ("kaydırma adımı ikidir", Turkish words no reader knows):
# torch.nn.functional.conv2d(X, K, stride=2) = [[3, 5, 3], [-1, 1, 1], [6, 1, 7]], the Y
# written, correct; dL/dK = X star G is wrong at stride 2 (G must be dilated).  Read at the
# default stride 1 the output is 5x5: Y was called wrong (a false alarm) and X star G
# verified (a miss).  With the stride in English the same note is judged at stride 2.
STRIDE_NOTE = r"""# Ders notu: evrişim katmanında geri yayılım

Input $X$ is $6 \times 6$ and the kernel $K$ is $2 \times 2$. {stride}. The output is $Y$ and $G = \partial L / \partial Y$.

$$X = \begin{{pmatrix}} 2 & 0 & 1 & 3 & 1 & 0 \\ 1 & 1 & 0 & 2 & 0 & 1 \\ 0 & 3 & 1 & 0 & 2 & 2 \\ 1 & 0 & 2 & 1 & 1 & 0 \\ 2 & 1 & 0 & 0 & 3 & 1 \\ 0 & 2 & 1 & 1 & 0 & 2 \end{{pmatrix}}, \qquad K = \begin{{pmatrix}} 1 & 0 \\ -1 & 2 \end{{pmatrix}}$$

$$Y = \begin{{pmatrix}} 3 & 5 & 3 \\ -1 & 1 & 1 \\ 6 & 1 & 7 \end{{pmatrix}}.$$

The kernel gradient:

$$\frac{{\partial L}}{{\partial K}} = X \star G.$$
"""  # noqa: E501


def test_an_unread_stride_contradicted_by_the_written_output_gives_no_verdict():
    found = _statuses(STRIDE_NOTE.format(stride="Kernel kaydırma adımı ikidir"))
    assert _at(found, 7) != WRONG
    assert _at(found, 11) != VERIFIED
    assert _at(found, 11) == NOT_UNDERSTOOD


def test_a_stride_read_is_not_second_guessed():
    found = _statuses(STRIDE_NOTE.format(stride="The stride is 2"))
    assert _at(found, 7) == VERIFIED
    assert _at(found, 11) == WRONG


# --- a correlation symbol between planes named by a subscript -------------------------------
# X_n is image n, G_{n,c} the plane of upstream gradients of sample n and channel c, W_c the
# kernel of channel c: dL/dW_c = sum_n X_n star G_{n,c} is the textbook batch sum (true: each
# weight w_{c,u,v} collects sum_n sum_{i,j} g_{n,c,i,j} x_{n,i+u,j+v}).  Read with X_n and
# G_{n,c} as single entries of a guessed 1-D layer, "star" became a product of two numbers
# and the claim was called wrong (a false alarm).  A product written "*" between entries
# stays a product: y_1 = w_1 * x_1 + w_2 * x_2 is the 1-D layer's first output (truth by
# hand: correlation, kernel of 2, y_i = w_1 x_i + w_2 x_{i+1}).
BATCH = r"""# Conv backward with a batch (my notes)

For a batch of $N$ images the loss is the mean of the per-image losses. Let $e_{n,c,i,j} = \partial L / \partial y_{n,c,i,j}$, let $X_n$ be image $n$, $G_{n,c}$ the plane of $e$ for sample $n$ and output channel $c$, and $W_c$ the kernel of channel $c$.

The kernel gradient collects every image:

$$\frac{\partial L}{\partial W_c} = \sum_{n=1}^{N} X_n \star G_{n,c}.$$
"""  # noqa: E501

PRODUCT = r"""# A 1-D correlation

The signal $x$ has length 5 and the kernel $w$ has length 2 (indices from 1, stride 1, no padding, no bias).

$$y_1 = w_1 * x_1 + w_2 * x_2$$
"""  # noqa: E501


def test_a_correlation_between_planes_named_by_subscript_is_not_a_product():
    assert _at(_statuses(BATCH), 7) != WRONG
    assert _at(_statuses(PRODUCT), 5) == VERIFIED


# --- a size formula in letters over sizes the checker only guessed ---------------------------
# H_out = H + 2P - F + 1 at stride 1 (torch: Conv2d(1, 1, 2, padding=1) on 3x3 gives 4x4 = 3 +
# 2 - 2 + 1); H + P - F + 1 gives 3 there: wrong for every P > 0.  The notes state no numeric
# sizes, so "holds for conv2d 3x3, kernel 2x2 ... but fails at other sizes" (size-specific)
# rested on the checker's own guess: the mistake is wrong.
SYMBOLIC = r"""# Output size, in general

The input is $C \times H \times W$, the filters are $F \times F$, stride 1 and no padding:

$$H_{out} = H - F + 1.$$

With a border of $P$ zeros on every side the input grows to $H + 2P$, so

$$H_{out} = H + 2P - F + 1,$$

and not, as a classmate wrote,

$$H_{out} = H + P - F + 1.$$
"""


def test_a_letter_formula_failing_on_the_grid_is_wrong_not_size_specific_at_a_guess():
    found = _statuses(SYMBOLIC)
    assert _at(found, 5) == VERIFIED
    assert _at(found, 9) == VERIFIED
    assert _at(found, 13) == WRONG


# --- a cube input and a cube kernel: the third side is a depth, not channels -----------------
# Conv3d(1, 1, 3) on a 5x5x5 volume (0-based, output 3x3x3): x[4,4,4] is covered only by the
# window at output (2,2,2) with tap (2,2,2), so dL/dX_{4,4,4} = G_{2,2,2} K_{2,2,2} (torch:
# the gradient of conv3d at [4,4,4] is g[2,2,2] * k[2,2,2]).  "5x5x5" was read as 5 channels
# of 5x5 and "3x3x3" as 3 channels of 3x3 (no channel count fits both), and the claim judged
# under that 2-D layer was called wrong.
VOLUME = r"""# 3-D convolution, small example

The input $X$ is $5 \times 5 \times 5$, the kernel $K$ is $3 \times 3 \times 3$, stride 1, no padding, indices from 0. $G = \partial L / \partial Y$ is $3 \times 3 \times 3$.

The last voxel of the input touches one window only:

$$\frac{\partial L}{\partial X_{4,4,4}} = G_{2,2,2} K_{2,2,2}$$
"""  # noqa: E501


def test_cube_sizes_with_no_common_channel_count_are_no_channels():
    assert _at(_statuses(VOLUME), 7) != WRONG
