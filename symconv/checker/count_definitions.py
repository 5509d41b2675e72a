"""A letter set to a whole number and followed by what it counts: "a batch of $N = 2$
images", "$F = 4$ filters $\\mathbf{K}$ of size $3\\times 3$", "$m = 5$ examples", "con
$C = 3$ canales".  The letter names a count the notes define there, not a tensor: read as a
tensor (F, K and W often name the kernel) it would be "a scalar where a 4×6×6 array is
expected", a false alarm.  Such a statement is a definition, with no verdict.
"""

from __future__ import annotations

import re

_DEFINED = re.compile(r"^\s*(?:\\(?:mathbf|mathit|mathrm)\s*\{\s*)?[A-Za-z]\s*\}?\s*=\s*\d+\s*$")
_COUNTED = re.compile(
    r"^[\s$,]*(?:\\[a-z]+\s*)?(?:input\s+|output\s+|hidden\s+|de\s+entrada\s+)?"
    r"(?:filters?|kernels?|images?|examples?|samples?|channels?|feature\s+maps?|maps?|units?|"
    r"neurons?|features?|classes|outputs?|inputs?|layers?|"
    r"filtros?|núcleos?|imágenes|imagen|ejemplos?|muestras?|canales|canal|mapas?|unidades|"
    r"neuronas?|capas?|clases|entradas|salidas)\b",
    re.IGNORECASE,
)


def defines_count(source: str, after: str) -> bool:
    """``source`` is ``F = 4`` and the prose right after it names what is counted."""
    return bool(_DEFINED.match(source)) and bool(_COUNTED.match(after))
