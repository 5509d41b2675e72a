"""``symconv check`` with no options on notes it was not written against, with an answer key.

tests/data/check/unseen/SET/ holds notes in varied styles (NAME.md) and their answer keys
(NAME.key.toml, the format of answer_key.py), written by someone other than the checker's
authors; the keys are verified numerically in test_unseen_dev_key.py.  Every note of a set is
checked exactly as a user would, with no options, and matched to its key by line and rank.
Issue 16's bar: no false alarm, no miss (a mistake let through), at least 95% of the correct
claims verified and 95% of the mistakes caught, at most 5% not understood.

The figures of each set are pinned as floors below, so a change that reads less fails here.
SETS lists the sets measured: ``dev`` is the one the checker is developed against; a held-out
set is added by the lead only, and no one developing the checker opens it.
"""

from __future__ import annotations

import functools
from pathlib import Path

import answer_key
import pytest

from symconv.checker.runner import check_file

UNSEEN = Path(__file__).resolve().parent.parent / "data" / "check" / "unseen"
SETS = ("dev", "holdout", *(f"fresh{k}" for k in range(1, 47)))

# Floors per set (measured with no options); a set without an entry is held only to
# "no false alarm, no miss".
# - dev: 175 claims (104 correct, 71 mistakes); before issue 16's dev work 95 were
#   understood, 32 verified, 42 caught, with 28 false alarms and 2 misses.
# - holdout: 182 claims (112 correct, 70 mistakes), written by someone who never saw the
#   checker; sealed until 2026-12-04 (124 understood, 64 verified, 44 caught, 24 false
#   alarms, 2 misses), then development data.
# - fresh1 (96 claims, 55 correct, 41 mistakes) and fresh2 (96 claims, 59 correct, 37
#   mistakes): written on 2026-12-04 by writers who never saw the checker.  Sealed first
#   measurement: fresh1 38 understood, 21 verified, 13 caught, 17 false alarms, 1 miss;
#   fresh2 50, 23, 18, 9 false alarms, 3 misses.  Development data from 2026-12-05.
# - fresh3 (111 claims, 69/42), fresh4 (109, 67/42), fresh5 (112, 72/40): written on
#   2026-12-05 by three more writers who never saw the checker.  Sealed first measurement
#   (main at 222f719): fresh3 53 understood, 22 verified, 14 caught, 16 false alarms,
#   3 misses; fresh4 59, 22, 18, 15, 4; fresh5 39, 9, 8, 26, 3.  The lead then developed
#   against fresh3 and looked at one of fresh4's false alarms (a regression of its own);
#   fresh5 is sealed: no one developing the checker has read it.
# - fresh6 (109 claims, 68/41) and fresh7 (112, 70/42): written on 2026-12-05 (second
#   session) by two writers who never saw the checker; sealed (no one developing the
#   checker has read them).  First measurement, the checker as the session began (main at
#   b70c180's checker): fresh6 44 understood, 20 verified, 14 caught, 13 false alarms,
#   0 misses; fresh7 27, 12, 9, 9, 1.  The session's fixers worked on fresh3-fresh5 only.
# - fresh8 (131 claims, 91/40) and fresh9 (117, 79/38): written at the end of that session
#   by two more writers who never saw the checker, sealed; first measured with the
#   session's final checker: fresh8 53 understood, 20 verified, 13 caught, 21 false
#   alarms, 0 misses; fresh9 29, 15, 12, 2, 0.
# - fresh10 (112 claims, 69/43) and fresh11 (112, 72/40): written at the start of the third
#   session of 2026-12-05 by two more writers who never saw the checker; first measurement
#   with the checker as that session began: fresh10 36 understood, 11 verified, 14 caught,
#   13 false alarms, 3 misses; fresh11 18, 10, 7, 2, 1.  The session's fixers worked on
#   fresh3-fresh8 only; at its end the lead opened the four misses (fresh10's three,
#   fresh11's one; only those claims) and closed them.
# - The session's fixers developed against fresh6-fresh8 (unsealed that session).
# - fresh12 (109 claims, 70/39) and fresh13 (112, 70/42): written at the start of the
#   fourth session of 2026-12-05 by helpers who never saw the checker; first measured
#   (main at 8725a48 merged, the checker as the session began): fresh12 33 understood,
#   20 verified, 10 caught, 3 false alarms, 0 misses; fresh13 39, 19, 15, 6, 0.  That
#   session's fixers developed against fresh9-fresh11 (unsealed then) and never opened
#   fresh12 or fresh13.
# - fresh14 (115 claims, 73/42) and fresh15 (114, 74/40): written at the start of the fifth
#   session of 2026-12-05 by helpers who never saw the checker.  First measurement, the
#   checker as the session began (f084406): fresh14 41 understood, 22 verified, 17 caught,
#   3 false alarms, 1 miss; fresh15 60, 38, 19, 3, 2.  With the lead's own fixes of that
#   session (before any fixer's merge): fresh14 42, 22, 17, 4, 1; fresh15 62, 38, 20, 4, 2.
#   The lead then opened only their false alarms and misses (fresh14: 1 miss, 3 false
#   alarms; fresh15: 2 misses, 4 false alarms) and closed all misses and 5 false alarms;
#   the rest of both sets stays unread.  The session's fixers developed against
#   fresh12-fresh13 (unsealed that session) and never opened fresh14 or fresh15.
# Sixth session (branch fixq, sizes and counts bound to the notes' layers): fresh3 54/32,
# fresh14 37/24, fresh15 58/29 (holdout's 66 caught measured too), every other set unchanged.
# - fresh16 (112 claims, 67/45) and fresh17 (110, 68/42): written at the start of the sixth
#   session of 2026-12-05 by helpers who never saw the checker.  First measurement, the
#   checker as the session began (c6bafc5): fresh16 55 understood, 30 verified, 17 caught,
#   6 false alarms, 2 misses; fresh17 56, 31, 16, 9, 2.  The lead opened only their false
#   alarms and misses and closed all of them (fresh16 then 37 verified, 24 caught; fresh17
#   44, 21; both 0 false alarms, 0 misses, before any fixer's merge); the rest of both sets
#   stays unread.  The session's fixers developed against fresh14-fresh15 (unsealed that
#   session) and never opened fresh16 or fresh17.
# Seventh session: five fixers developed against fresh16-fresh17 (unsealed then) and the
# old sets' silent not-understood; the lead closed 12 false alarms of fresh6-fresh13.  Some
# catches made under a misread layer are now not understood (fresh7 30 -> 28, fresh8 29 ->
# 26: a pooling or softmax claim judged under the default convolution standing in for a
# layer that could not be built), and so are verified claims under a guessed layer that a
# stride or padding the notes state for an earlier layer refutes (fresh10 38 -> 37).
# The im2col/D2L fixer's branch (s7m) was merged and then reverted: with the sizes-and-counts
# branch it turned a count under "For $k_h = k_w = 1$" into a false alarm
# (test_sizes_counts_spellings.py); its work waits for a merge that keeps both.  In the
# eighth session (f8m) it came back with the cause closed (a size claim whose letters the
# notes set to other values than the layer read is judged at the notes' values), and with
# im2col readings of fresh19's wiki page.  Merged with main at dc03011, against main
# alone: fresh5 41 -> 42 verified, fresh8 59 -> 60, fresh9 20 -> 21 caught, fresh11 33/21 ->
# 34/22, fresh16 52/33 -> 56/35, fresh17 55/34 -> 59/37, fresh19 45/24 -> 47/29; no false
# alarm or miss added.
# - fresh18 (111 claims, 71/40), fresh19 (110, 69/41), fresh20 (111, 69/42): written at the
#   start of the seventh session of 2026-12-05 by helpers who never saw the checker.  First
#   measurement, the checker at the end of that session's development (415f23d, every
#   fixer merged): fresh18 67 understood, 41 verified, 25 caught, 1 false alarm, 0 misses;
#   fresh19 43, 26, 12, 5, 1; fresh20 53, 30, 18, 4, 1 (the checker as the session began,
#   00e238f: fresh18 67, 40, 26, 1, 0; fresh19 46, 27, 12, 6, 2; fresh20 53, 30, 18, 4, 1).
#   The lead then opened only their 10 false alarms and 2 misses and closed all of them;
#   the rest of the three sets stays unread.
# Eighth session: five fixers developed against fresh18-fresh20 (unsealed then; f8s sizes
# and counts, f8g layer facts and general formulas, f8w worked numbers and pooling, f8o batch
# losses, transposed operators and activations, f8m im2col): fresh18 41/25 -> 59/32,
# fresh19 26/12 -> 47/29, fresh20 33/18 -> 56/39 (verified/caught), the older sets up by a
# few.  fresh16's caught went 35 -> 34: "P = 3 \cdot 16 \cdot 25 = 1200" was caught as
# "0, not 1200", P read as the padding, which the notes never call P; a correct count in
# its place was called wrong the same way (a false alarm), so P is not read as the padding
# where the notes do not use it so (tests/checker/test_check_read_in_order.py).
# - fresh21 (125 claims, 82/43) and fresh22 (123, 74/49): written at the start of the eighth
#   session by helpers who never saw the checker.  First measurement, the checker as the
#   session began (cd68d83): fresh21 69 understood, 43 verified, 21 caught, 4 false alarms,
#   1 miss; fresh22 46, 24, 13, 13 false alarms, 0 misses.  The lead then opened only their
#   false alarms and misses and closed all of them (test_check_read_in_order.py; fresh22's
#   ps2 key ranked "d \ge 2" as the relation it is); the rest of both sets stays unread and
#   no fixer opened them.  With the session's whole checker: fresh21 69, 48, 21, 0, 0;
#   fresh22 45, 30, 15, 0, 0.
# Ninth session: four fixers developed against fresh21-fresh22 (unsealed then), each alone
# from the eighth session's checker (verified/caught):
# - f9r (which layer a claim is about: a signal's paragraph inside an image's thread,
#   samples numbered from 1, code comments' shapes, a 1-D example's tuples): fresh3 54/33 ->
#   56/34, fresh6 51/25 -> 52/25, fresh10 38 -> 39, fresh14 59 -> 60, fresh20 56 -> 57,
#   fresh21 48/21 -> 57/27, fresh22 30/15 -> 38/20;
# - f9q (sizes and counts bound to the layer a PyTorch constructor near them writes,
#   constructor_claims.py; a network count judged where an erratum names the layer's bias):
#   fresh19 47/29 -> 47/31, fresh21 48/21 -> 53/29, fresh22 30/15 -> 36/21;
# - f9f (sizes with layer marks n_H^{[l]}, letter identities, a padded input named in code,
#   counts under more names): fresh13, fresh18 59/32 -> 62/35, fresh19, fresh21, fresh22 up;
# - f9m (dense layers, softmax with the batch index, matrices in numbers): fresh3 -> 59/38,
#   fresh5 -> 43/17, fresh21 -> 52/22, fresh22 -> 38/21.
#   Together: fresh21 48/21 -> 69/37 (69 -> 106 of 125 understood), fresh22 30/15 -> 53/32
#   (45 -> 85 of 123); no false alarm or miss added anywhere.
# - fresh23 (124 claims, 80/44) and fresh24 (123, 76/47): written at the start of the ninth
#   session by helpers who never saw the checker.  First measurement: fresh24 with the
#   checker as the session began (416eb02): 67 understood, 33 verified, 21 caught, 11 false
#   alarms, 2 misses; fresh23 with that checker plus the lead's first fix (a quoted display
#   formula, 5c26e7d, made on fresh24's false alarms): 59, 42, 14, 4 false alarms, 0 misses.
#   The lead opened only their false alarms and misses and closed all of them
#   (test_check_guards_ninth.py, test_check_pool_batch.py, test_check_quoted_formula.py); no
#   fixer opened them.  With the session's whole checker: fresh23 60, 45, 15, 0, 0; fresh24
#   67, 44, 23, 0, 0 -- the four fixers' work moved fresh23 by nothing, fresh24 by 2 catches.
# Tenth session, f10s (softmax worked chains with rounded values and the notes' class
# numbering, a quiz line's softmax, a batch mean at one entry, dense layers on the claim's
# line or with an unstated bias, a smaller worked example's numbers, sign(A) and decimal
# commas in activations, rounded decimals in arithmetic, lower-case kernel entries):
# fresh9 45 -> 46 verified, fresh13 31 -> 32 caught, fresh22 53 -> 54 verified, fresh23
# 45/15 -> 53/18, fresh24 44/23 -> 46/29; no false alarm or miss added.
# Tenth session, branch f10i (index runs with parentheses, maps of indices the notes define,
# counts set by an index letter's capital, spacing commands): fresh6 53/26, fresh11 35/22,
# fresh24 51/25; every other set unchanged.
# Tenth session, branch f10n (which declared layer a count's or size's formula is about, by its
# own numbers; Keras models and described networks as declared layers): fresh4 36/21, fresh9
# 45/22, fresh23 48/24 (from 45/15), fresh24 50/25 (from 44/23), every other set unchanged.
# - fresh25 (124 claims, 79/45) and fresh26 (121, 80/41): written at the start of the tenth
#   session by helpers who never saw the checker.  First measurement, the checker as the
#   session began (4f61c3b): fresh25 73 understood, 44 verified, 22 caught, 6 false alarms,
#   1 miss; fresh26 60, 38, 17, 6 false alarms, 0 misses.  The lead opened only their false
#   alarms and misses and closed all of them (test_check_guards_tenth.py); the lead's fixes
#   alone gave fresh25 72, 51, 21 and fresh26 55, 40, 15.  Of the fixers' merges f10s and f10i
#   moved neither set; f10n (which declared layer a count's or size's formula is about)
#   moved fresh25 to 77, 53, 24 and fresh26 to 57, 40, 17.
# - fresh8's verified went 61 -> 60: a claim verified under the default layer standing in
#   for one the notes' facts could not make (quiz_week6:45) is no longer verified
#   (contradicted_layer.unless_stand_in, after fresh25's miss verified the same way).
# Eleventh session, branch f11p (pooling worked examples and their definitions A = ReLU(Z),
# P = maxpool(A); pool windows from constructors; the pool a table row or sentence names;
# ReLU/pooling identities at random maps): fresh5 44/18, fresh16 57/34, fresh25 60/28 (from
# 53/24), fresh26 42/17 (from 40/17); every other set unchanged, no false alarm or miss added.
# The floors are the figures measured at the end of the tenth session, exactly: what the checker
# checks is bounded by counted work, not by time (tests/checker/test_check_work_bounds.py),
# so the figures are the same on any machine.  Only verified and caught are floors: a
# change that turns a false alarm or a miss into not-understood must pass.
# Eleventh session, branch f11o (matrix and operator notation: a dense definition ending in its
# shape, "$\Delta$ for $\partial L/\partial Z$", a batch mean's 1/N at stand-in sizes, d_in,
# shapes of another layer's section, \Delta_{n,:,:,f} slices, written-out matrices named below
# the claim or with a decorated name, vec forms, stride/padding letters and claims broken only
# by them): fresh25 53/24 -> 56/26 (77 -> 82 understood), fresh26 40/17 -> 49/22 (57 -> 71);
# fresh5 43/17, fresh17 59/37, fresh19 49/32 unchanged; every other set unchanged.
# Eleventh session, lead and merged (f11q, f11o, f11p, f11h), measured at 32581f4: every
# floor is the figure measured there, exactly.  fresh1 47 -> 48 verified, fresh7 55/28 ->
# 56/29, fresh8 60/27 -> 61/28, fresh10 39 -> 40 verified, fresh25 65/33 (98 of 124
# understood), fresh26 53/24 (77 of 121); fresh6's caught went 26 -> 25: item 9 of its
# cheat sheet was "caught" with X and K read as indices of the claim's entries ("differs at
# K = 0, X = 0"), a misreading now not understood (size_letter_index.py).
# - fresh27 (119 claims, 80/39), fresh28 (123, 80/43) and fresh29 (118, 81/37): written this
#   session by helpers who never saw the checker; sealed.  First measurement, the checker as
#   the session began (cb55c43): fresh27 45 understood, 27 verified, 11 caught, 7 false
#   alarms, 1 miss; fresh28 72, 41, 24, 7, 0; fresh29 39, 24, 7, 8, 0.  The lead opened only
#   their false alarms and misses and closed all of them (test_check_guards_eleventh.py).
#   At 32581f4: fresh27 43, 31, 12, 0, 0; fresh28 63, 43, 20, 0, 0; fresh29 31, 24, 7, 0, 0.
# Twelfth session (f12c, worked lists, operators on given numbers, size letters of
# memberships, wrapped sentences, two-kind titles, Greek indices), measured at its last
# commit: fresh10 40/28, fresh12 60/35, fresh13 55/34, fresh20 57/40, fresh22 56/33,
# fresh24 60/33, fresh27 38/17, fresh28 48/21, fresh29 28/9; every other set unchanged.
#   Twelfth session, f12b (sample losses, tagged matrix gradients, pair shapes, a softmax's
#   written sum range): fresh27 48, 34, 14, 0, 0; fresh29 34, 26, 8, 0, 0; fresh11 37/26.
# Twelfth session, f12a (sizes, counts and worked arithmetic): fresh26 53/24 -> 54/25,
# fresh27 31/12 -> 34/17 (51 of 119 understood), fresh29 24/7 -> 32/9 (41 of 118); every
# other set unchanged.
# At the twelfth session's end (all merges, e608fcb + the floors): fresh27 68 understood,
# 44, 24, 0, 0 (43, 31, 12 at its start); fresh28 69, 48, 21 (63, 43, 20); fresh29 50, 38, 12
# (31, 24, 7).
# - fresh30 (122 claims, 81/41) and fresh31 (120, 80/40): written this session by helpers
#   who never saw the checker; sealed.  First measurement, the checker as the session began
#   (3e35764): fresh30 50 understood, 31 verified, 13 caught, 3 false alarms, 3 misses;
#   fresh31 59, 32, 14, 18, 0.  The lead opened only their false alarms and misses and closed
#   all of them (test_check_guards_twelfth.py): fresh30 54, 36, 18, 0, 0 and fresh31 62, 46,
#   16, 0, 0 before the fixers' merges; 56, 38, 18 and 63, 47, 16 after them.
# Thirteenth session, f13a (answers below the exercises read under their own exercise, a
# layer as a settings table, "applied to a N x N map", parameters in the lexicon's languages,
# no size fitted to a layer its sentence contradicts, no total read as one layer's count),
# measured on top of 4ffada1: fresh24 60/33 -> 61/34, fresh31 47/16 -> 50/19 (63 -> 69
# understood); fresh30 44/20 as 4ffada1 measures it; every other set unchanged.
# Thirteenth session, f13h1 (a word of parameters closing the sentence before a claim is
# that sentence's; a claim's own stated kernel or stride; guesses of the layer's kind, its
# single filter and a notation's index letters): fresh24 60/33 -> 61/34 (practice_quiz5's
# line 9, two links, judged at its own layer); every other set unchanged.
# Thirteenth session, f13b (padded copies named in any language, sums over a written set,
# matrix shapes and the softmax in code blocks, written-out batch losses and Greek sample
# gradients, primed gradients of a section's layer): fresh30 38/18 -> 42/22 (64 understood),
# fresh31 47/16 -> 49/18 (67); every other set unchanged.
# - fresh32 (124 claims, 81/43) and fresh33 (124, 82/42): written this session by helpers
#   who never saw the checker; sealed.  First measurement, the checker as the session began
#   (0859f7e): fresh32 52 understood, 38 verified, 12 caught, 4 false alarms, 1 miss; fresh33
#   45, 27, 16, 2, 0.  The lead opened only their false alarms and misses and closed all of
#   them (test_check_guards_thirteenth.py): fresh32 49, 38, 11, 0, 0 and fresh33 44, 28, 16,
#   0, 0 before the fixers' and hunters' merges; 49, 38, 11 and 43, 28, 15 after them.
# Fourteenth session, f14a (worked examples: an entry written as a formula in numbered
# entries then its number, a 1-D example's tuples, a loss that adds the outputs up, slices of
# several channels or filters given as matrices, the softmax's true-class indicator and a
# class given by number): fresh32 38/11 -> 45/14 (59 understood), fresh33 28/15 -> 37/18 (55),
# fresh7 56 -> 57 verified, fresh11 37/26 -> 38/27, fresh12 60 -> 61 verified, fresh18 62/35
# -> 63/36, fresh20 57 -> 59 verified, fresh21 69/37 -> 72/39, fresh25 65/33 -> 66/35, fresh27
# 44 -> 46 verified, fresh28 48/21 -> 52/22; no false alarm or miss added.
# Fourteenth session, branch f14c (implied sums, matrix typesetting, code shape letters):
# fresh32 40/13 (38/11 before), fresh33 32/15 (28/15), every other set unchanged.
# At the thirteenth session's end (every merge): fresh30 73 understood, 49/24 (56, 38/18 at
# its start); fresh31 73, 52/21 (63, 47/16).
# - fresh34 (126 claims, 84/42) and fresh35 (122, 79/43): written in the fourteenth session by
#   helpers who never saw the checker; sealed.  First reading, the checker as the session
#   began (917df7a): fresh34 47 understood, 36 verified, 7 caught, 1 false alarm, 3 misses;
#   fresh35 42, 30, 9, 5 false alarms, 0 misses.  Their false alarms and misses were read
#   (by the lead and two helpers acting for it, fa14a / fa14b) and closed; the merges of the
#   session's fixers and hunters then made one false alarm (fresh34, a Polish padding in
#   words) and one miss (fresh35, a formula verified at a guessed kernel), both closed
#   (test_check_guards_fourteenth.py).  End of session: fresh34 52, 41, 11, 0, 0; fresh35
#   42, 32, 10, 0, 0.  fresh32 / fresh33 (development data this session) rose from 38/11 and
#   28/15 to 55/21 and 41/19.
# Fifteenth session, f15c (a worked chain's middle side with some tensors' numbers put in; a
# 1-D layer in words: taps, coefficients, weights, zeros on each side, Polish lengths and
# dilations; output sizes named by the words before them, CJK and Polish transposed layers;
# the notes' own letter for dL/dA in an activation claim; "the filter has one scalar bias";
# remarks about the next post or a comparison set no layer; a pooling's routed gradient as a
# matrix, and one under an upstream of ones), measured with s15 (10ecbff) merged: fresh34
# 41/10 (fa9818b) -> 49/15, fresh35 32/10 -> 38/16, fresh30 49/24 (its floor) -> 56/25 (a
# Polish homework's layer read in full); every other set at its floor, no false alarm or
# miss beyond the ceilings.
# - Fifteenth session, f15a (operator-level and matrix statements, on s15 fd6d7b7): fresh34
#   52, 41/11 -> 58, 44/14; fresh35 42, 32/10 -> 45, 35/10; fresh4 verified 36 -> 37, fresh10
#   40 -> 41 (test_check_fifteenth_operators.py).
# Fifteenth session, branch f15b (sizes and counts tied to the layer the notes mean: numbered
# table rows, a solution heading, list items with their own constructor, letters set together
# in code, weight-shape letters, numbered lists): fresh34 41/10 -> 45/13, fresh35 32/10 ->
# 34/11, fresh3 61 -> 62 and fresh8 61 -> 62 verified (counts in letters the notes value),
# fresh21 39 -> 40 caught and fresh29 38 -> 40 verified (a constructor's default stride 1).
# - fresh36 (120 claims, 79/41) and fresh37 (124, 83/41): written in the fifteenth session by
#   helpers who never saw the checker; sealed then.  First reading (main as that session
#   began): fresh36 58 understood, 40 verified, 15 caught, 3 false alarms, 0 misses; fresh37
#   53, 35, 14, 4, 1.  Their false alarms and misses were closed by fa15; at that session's
#   end fresh36 56, 42/14, fresh37 53, 38/15, no false alarm or miss.  Development data from
#   the sixteenth session (fixers f16a-f16c).
# - f16c (sixteenth session): softmax claims as notes write them (a slash derivative, sums to
#   the logits' length, decimal commas, numbered examples with exact numbers, Jacobian
#   entries in numbers, a temperature, dl/dp), a sigmoid's binary cross-entropy, a flatten's
#   length: fresh37 38/15 -> 53/19.
# Sixteenth session, every branch merged (f16a: 1-D layers with one index, grouped counts in
# letters, layer-numbered dense definitions; f16b: mean-loss deltas marked by sample,
# channels marked above the letter, pooling windows in words; f16c; fa16a / fa16b: the new
# sealed sets' false alarms; the lead: table cells with their own relation, a defining
# chain's tail): fresh36 56, 42/14 -> 71, 52/19; fresh37 53, 38/15 -> 98, 69/29; fresh4
# 37/21 -> 40/23, fresh8 62/28 -> 62/29, fresh28 52 -> 53 verified, fresh30 56/25 -> 57/26,
# fresh32 21 -> 22 caught, fresh33 41/19 -> 42/20; no false alarm or miss beyond the
# ceilings.
# - fresh38 (150 claims, 109/41) and fresh39 (143, 105/38): written in the sixteenth session
#   by helpers who never saw the checker, sealed then.  First reading: fresh38 65, 44/14, 8
#   false alarms; fresh39 65, 45/12, 9; at that session's end 72, 56/16, 0 and 63, 50/13, 1.
#   Development data from the seventeenth session.
# Seventeenth session, every branch merged (f17a: pooling worked examples with marked maps
#   and a second upstream G', a zero bias stated, the shortest input and output padding in
#   words, operators on lists; f17b: a lone size that is a choice, groups in words, bracket
#   entries and slices, a constructor in the claim's sentence, 'same' padding per side; fa17a /
#   fa17b: the new sealed sets' false alarms and misses; the lead: a cost "for the whole
#   batch"): fresh38 72, 56/16 -> 88, 68/20; fresh39 63, 50/13, 1 false alarm -> 77, 61/16,
#   none; fresh3 39 -> 40 caught, fresh6 53 -> 54, fresh11 38/27 -> 42/28, fresh27 46 -> 47,
#   fresh28 22 -> 23, fresh33 42 -> 44, fresh34 49/15 -> 56/21, fresh35 38/16 -> 43/17,
#   fresh36 52 -> 54 (floors raised to what the merged checker measures).
# - fresh40 (146 claims, 110/36) and fresh41 (132, 96/36): written in the seventeenth session
#   by helpers who never saw the checker, sealed then.  First reading: fresh40 67, 51/13, 4
#   false alarms; fresh41 67, 48/12, 5 false alarms and 2 misses; at that session's end
#   73, 58/15 and 70, 55/15, none.  Development data from the eighteenth session.
# Eighteenth session, every merged branch (f18a: table rows read under their header, Keras
#   summaries' Param # column, a model's code defaults and its input below the code, 'same'
#   padding in letters, output names H_o / W_o; the lead: a parameter set through the letter
#   the notes name it with, a forward size formula in notes on the transposed layer and the
#   other way round, a zero-outside convention is no upstream value): fresh40 73, 58/15 ->
#   75, 59/16; fresh41 70, 55/15 -> 92, 68/24; every older set unchanged.
# - fresh42 (176 claims, 124/52) and fresh43 (151, 111/40): written in the eighteenth session
#   by helpers who never saw the checker, sealed then.  First reading: fresh42 62, 35/13, 14
#   false alarms; fresh43 60, 51/9, 1 false alarm; at that session's end 51, 40/11 and 60,
#   51/9, none.  Development data from the nineteenth session.
# Nineteenth session, every merged branch (f19a: global average pooling read as a layer;
#   f19b: counts named by the code's layer variables, Keras BatchNormalization rows, grouped
#   variants, a 2-D kernel stated by its side; f19c: worked conv -> ReLU -> pool pipelines;
#   h19a / h19b / h19c: the sealed fresh44 / fresh45 false alarms; the lead: an accented
#   letter is another tensor, a \delta tuple is G, tuples size later sections, Vietnamese
#   pooling words): fresh7 57/29 -> 58/30, fresh10 41 -> 44, fresh12 61/35 -> 65/36, fresh24
#   61 -> 62, fresh33 44/20 -> 51/22, fresh41 68/24 -> 71/25, fresh42 40/11 -> 60/19, fresh43
#   51/9 -> 59/15; every other set unchanged.
# Twenty-first session, h20b (a slide's numbered title starts a section; a list item's case
#   is not inherited; ceil_mode formulas judged in ceil mode): fresh10 44/28 -> 46/29.
# - fresh44 (180 claims, 138/42) and fresh45 (179, 137/42): written in the nineteenth session
#   by helpers who never saw the checker, sealed then (first: fresh44 93, 67/15, 10 false
#   alarms, 1 miss; fresh45 76, 62/12, 4 false alarms).  Development data from the twentieth
#   session (its fixers f20a / f20b and the lead; f20c's branch was merged and reverted: it
#   made a false alarm in test_defined_names.py): fresh44 72/18 -> 81/27, fresh45 62/13 -> 85/24;
#   f20c's readings brought back in the twenty-first session (f21b, its false alarms closed):
#   fresh44 -> 90/29, fresh45 -> 94/24.  Twenty-second session (f22a, f21b + f21a back on
#   main): fresh44 -> 90/28 (a catch dropped: klausurloesung_dilatierte_faltung:28 was
#   caught as 'missing dL/dY', which called its right variant wrong too; a side with no dL/dY
#   entry is no verdict unless the notes' loss sets it), fresh46 52/14 -> 76/19; with them
#   fresh22 56/33 -> 57/34, fresh41 72/26 -> 75/27 (measured, no false alarm or miss).
PINNED: dict[str, dict[str, int]] = {
    "dev": {"verified": 99, "caught": 69},
    "holdout": {"verified": 108, "caught": 67},
    "fresh1": {"verified": 48, "caught": 39},
    "fresh2": {"verified": 47, "caught": 30},
    "fresh3": {"verified": 62, "caught": 40},
    # fresh4 caught 23 -> 22 (h22c): lecture11_two_layer_chain:15's network count (dense biases
    # forgotten) was "caught" as the pooling section's window 3x3 = 9 parameters, a count a
    # pooling does not have; the correct 25 got the same "9, not 25" (sizes.PoolSizes)
    "fresh4": {"verified": 40, "caught": 22},
    "fresh5": {"verified": 44, "caught": 18},
    "fresh6": {"verified": 54, "caught": 25},
    "fresh7": {"verified": 58, "caught": 30},
    "fresh8": {"verified": 62, "caught": 29},
    "fresh9": {"verified": 47, "caught": 22},
    "fresh10": {"verified": 46, "caught": 29},
    "fresh11": {"verified": 42, "caught": 28},
    "fresh12": {"verified": 65, "caught": 36},
    "fresh13": {"verified": 55, "caught": 34},
    "fresh14": {"verified": 60, "caught": 34},
    "fresh15": {"verified": 66, "caught": 36},
    "fresh16": {"verified": 57, "caught": 34},
    "fresh17": {"verified": 59, "caught": 37},
    "fresh18": {"verified": 63, "caught": 36},
    "fresh19": {"verified": 49, "caught": 32},
    "fresh20": {"verified": 59, "caught": 40},
    "fresh21": {"verified": 72, "caught": 40},
    "fresh22": {"verified": 57, "caught": 34},
    "fresh23": {"verified": 56, "caught": 28},
    "fresh24": {"verified": 62, "caught": 35},
    "fresh25": {"verified": 66, "caught": 35},
    "fresh26": {"verified": 54, "caught": 25},
    "fresh27": {"verified": 47, "caught": 24},
    "fresh28": {"verified": 53, "caught": 23},
    "fresh29": {"verified": 40, "caught": 12},
    "fresh30": {"verified": 57, "caught": 26},
    "fresh31": {"verified": 52, "caught": 21},
    "fresh32": {"verified": 55, "caught": 22},
    "fresh33": {"verified": 51, "caught": 22},
    "fresh34": {"verified": 56, "caught": 21},
    "fresh35": {"verified": 43, "caught": 17},
    "fresh36": {"verified": 54, "caught": 19},
    "fresh37": {"verified": 70, "caught": 29},
    "fresh38": {"verified": 68, "caught": 20},
    "fresh39": {"verified": 61, "caught": 16},
    "fresh40": {"verified": 59, "caught": 16},
    "fresh41": {"verified": 75, "caught": 27},
    "fresh42": {"verified": 60, "caught": 19},
    "fresh43": {"verified": 59, "caught": 16},
    "fresh44": {"verified": 90, "caught": 28},
    "fresh45": {"verified": 94, "caught": 24},
    # fresh46 (164 claims, 124 correct / 40 mistakes): written in the nineteenth session,
    # sealed first (71 understood, 43 verified, 16 caught, 12 false alarms, 2 misses); its
    # false alarm and miss lines closed in the twentieth, developed against from the
    # twenty-first; f22a's readings (bracketed worked entries, code arrays over lines) 52/14
    # -> 76/19
    "fresh46": {"verified": 76, "caught": 19},
}
# Issue 16's bar is no false alarm and no miss.  A set that does not meet it yet would be
# listed here with its counts as ceilings, so that a change adding one fails; since the
# twenty-second session (fresh2's and fresh11's last false alarms closed) every set must
# have none.
CEILINGS: dict[str, dict[str, int]] = {}


# Each set is an xdist group of its own (README's command, tests/conftest.py): checking every
# set takes about four minutes of CPU, too much for one worker while the other waits.  A set's
# two tests stay together; the pinned one checks every note of the set (slow).
BY_SET = [pytest.param(which, marks=pytest.mark.xdist_group(f"unseen-{which}")) for which in SETS]
SLOW_BY_SET = [
    pytest.param(which, marks=[pytest.mark.xdist_group(f"unseen-{which}"), pytest.mark.slow])
    for which in SETS
]


def names(which: str) -> list[str]:
    return sorted(p.stem for p in (UNSEEN / which).glob("*.md"))


@functools.cache
def measured(which: str) -> tuple[dict[str, dict[str, int]], dict[str, list[str]]]:
    """Per note: the figures, and the claims neither verified nor caught."""
    rows, notes = {}, {}
    for name in names(which):
        path = UNSEEN / which / f"{name}.md"
        verdicts = check_file(str(path)).verdicts
        rows[name], notes[name] = answer_key.figures(
            verdicts,
            answer_key.load_key(UNSEEN / which, name),
            note=(path.read_text(encoding="utf-8"), str(path)),
        )
    return rows, notes


@pytest.mark.parametrize("which", BY_SET)
def test_every_note_has_a_key_of_known_verdicts(which):
    found = names(which)
    assert found, f"no notes in {UNSEEN / which}"
    for name in found:
        key = answer_key.load_key(UNSEEN / which, name)
        lines = (UNSEEN / which / f"{name}.md").read_text(encoding="utf-8").split("\n")
        for claim in key["claim"]:
            assert claim["verdict"] in answer_key.VERDICTS, (name, claim)
            assert 1 <= claim["line"] <= len(lines) and lines[claim["line"] - 1].strip(), (
                name,
                claim["line"],
            )
            assert claim.get("expect", "size-specific") == "size-specific", (name, claim)


@pytest.mark.parametrize("which", SLOW_BY_SET)
def test_no_false_alarm_no_miss_and_the_pinned_figures(which):
    rows, notes = measured(which)
    total = {k: sum(f[k] for f in rows.values()) for k in answer_key.FIELDS}
    print(f"\nset {which}\n" + answer_key.table(rows))
    correct = sum(
        1
        for name in rows
        for _, _, c in answer_key.claims(answer_key.load_key(UNSEEN / which, name))
        if c["verdict"] == "correct"
    )
    mistakes = total["claims"] - correct
    print(
        f"verified {total['verified']}/{correct}, caught {total['caught']}/{mistakes}, "
        f"not understood {total['claims'] - total['understood']}/{total['claims']}"
    )
    for name, lines in notes.items():
        for line in lines:
            print(f"  {name}:{line}")
    bad = [
        f"{n}:{line}"
        for n, lines in notes.items()
        for line in lines
        if " false_alarm: " in line or " miss: " in line
    ]
    ceiling = CEILINGS.get(which, {"false_alarms": 0, "misses": 0})
    assert total["false_alarms"] <= ceiling["false_alarms"], bad
    assert total["misses"] <= ceiling["misses"], bad
    for field, floor in PINNED.get(which, {}).items():
        assert total[field] >= floor, (field, total[field], floor)
