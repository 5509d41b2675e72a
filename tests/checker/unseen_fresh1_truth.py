"""Independent numeric truth for every correct/mistake claim of tests/data/check/unseen/fresh1
(never imports symconv): TRUTH maps (note, line, rank) to a check that returns, per size tried,
whether the two sides of the claim agree. See unseen_fresh1_base for the conventions."""

from __future__ import annotations

import unseen_fresh1_conv_notes  # noqa: F401  (registers notes 1-2)
import unseen_fresh1_other_notes  # noqa: F401  (registers notes 5-7)
import unseen_fresh1_size_notes  # noqa: F401  (registers notes 3-4)
from unseen_fresh1_base import TRUTH

__all__ = ["TRUTH"]
