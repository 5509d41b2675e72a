"""The receptive field of a stack of strided convolutions a sentence lists in order: "conv $3
\\times 3$ de pas 2 puis conv $3 \\times 3$ de pas 1 donnent $R = ...$", "a 5x5 conv with
stride 2 followed by a 3x3 conv with stride 1 gives RF = ...".

Why the truth holds: an output of layer l sees K_l consecutive positions of its input, and
consecutive positions of that input are j_{l-1} input pixels apart, where j_{l-1} is the
product of the strides below it (each stride-S layer makes one step of its output S steps of
its input).  So r_l = r_{l-1} + (K_l - 1) j_{l-1}, with r_0 = 1 and j_0 = 1.

Read only when every layer of the list states its kernel and its stride, and nothing but a
connective ("then", "puis", "followed by", a comma, an arrow) stands between two layers: a
pooling, a dilation or a layer without its stride is not read here.
"""

from __future__ import annotations

import re

_KIND = r"(?:conv\w*|couche|layer|capa|Faltung\w*|camada|strato)"
_SIZE = r"(\d+)\s*(?:x|×|\\times)\s*\d+"
# "conv 3 x 3 de pas 2", "a 5 x 5 conv with stride 2", "3x3-Faltung mit Schrittweite 2"
_LAYER = re.compile(
    rf"(?:{_KIND}\s+(?:de\s+|of\s+)?{_SIZE}|{_SIZE}\s*-?\s*{_KIND})\s*,?\s*"
    r"(?:(?:de|with|con|avec|mit|com|a|di)\s+)?(?:pas|stride|paso|passo|Schrittweite)\s*"
    r"(?:=\s*|de\s+|of\s+)?(\d+)",
    re.IGNORECASE,
)
_JOIN = re.compile(
    r"^(?:\s*(?:,|;|->|→|\\to|then|followed by|puis|et|ensuite|suivie? d'une?|luego|"
    r"después|seguida de|dann|gefolgt von|poi|seguita da|depois|seguida por|and|y|und|e)"
    r"(?![\w']))*\s*(?:(?:a|an|une?|una?|eine?|uma?)\s+)?$",
    re.IGNORECASE,
)


def strided_stack(words: str) -> tuple[int, str] | None:
    """(receptive field, how) of the last list of strided layers in ``words``, or None."""
    plain = re.sub(r"\$", " ", words)
    layers = list(_LAYER.finditer(plain))
    run: list[re.Match] = []
    for m in layers:
        if run and not _JOIN.match(plain[run[-1].end() : m.start()]):
            run = []
        run.append(m)
    if len(run) < 2 or re.search(r"pool|dilat", plain[run[0].start() :], re.IGNORECASE):
        return None
    field, jump, steps = 1, 1, []
    for m in run:
        k, s = int(m.group(1) or m.group(2)), int(m.group(3))
        steps.append(f"({k} - 1)·{jump}")
        field, jump = field + (k - 1) * jump, jump * s
    how = f"{len(run)} strided layers in order see 1 + {' + '.join(steps)} = {field}"
    return field, how
