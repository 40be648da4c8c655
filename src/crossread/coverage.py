"""What each source alone carries and what it leaves out: one rule for compare and for corrections.

Pure over claims (no parse, no store), so an analyst's correction recomputes the
lists exactly as compare made them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from crossread.model import Claim, ClaimStatus, ClaimUnit

# A claim one source alone carries is single-source when no claim of another source scores this close
# to it (the matcher's pair score; 0 when nothing is related): the matcher's ``related`` floor. See
# ``alone_status``.
#
# Measured and not kept (s36, branch s36-solo): a logistic model over a lone claim's best pair score, the share of
# its content words other sources use (story-rare words weighing more), its length and whether it is a headline,
# fitted on the 294 dev claims the floor leaves undecided below 0.3, promoting at 0.9: dev / devx / devy / devz
# 51 @ 0.941 -> 55 @ 0.945, 23 @ 0.913 -> 25 @ 0.920, 26 @ 0.885 -> 28 @ 0.893, 42 @ 0.929 -> 48 @ 0.896 (under
# its gate; promoted items that cover no labelled fact also pushed three "labelled facts" gates down). Cross-fitted
# on dev the plain floor 0.13 gave more claims at equal pooled precision (186 @ 0.919 against 155 @ 0.916) but devy
# 0.871. Twenty other features (embedding cosines of unit, window and document, entity / figure / date shares,
# cover by other sources' leads, quotes, position, relative length) and gradient boosting did no better: claims
# just past the floor are only here 88% of the time, and most of the rest are readers' loose partial links to
# another source's headline ("The vote was 11 to 0." / "voted unanimously").
SINGLE_SOURCE_BELOW = 0.1


def alone_status(units: Sequence[ClaimUnit], closest: float) -> ClaimStatus:
    """The status of a claim that one source alone carries: ``single_source`` only when nothing elsewhere is related.

    Most of what the matcher leaves unpaired is there in other words: on the
    labelled dev stories 39% of the claims then called "single source" were
    carried by another outlet (single-source precision 0.61). A claim is called
    single-source only when it is checkable and no claim of another source is
    even related to it (precision 0.94 on the same stories); otherwise it is
    ``unmatched`` — no verdict, which a careful reader never has to reject.
    ``closest``: the best pair score of a claim of another source to this one.
    """
    return "single_source" if any(u.checkable for u in units) and closest < SINGLE_SOURCE_BELOW else "unmatched"


def coverage(claims: Sequence[Claim], doc_id: str, chains: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """What one source alone carries and what it leaves out (claim ids).

    Only checkable claims count (``ClaimUnit.checkable``: "We are working on it."
    is no fact to carry or omit). *Only here*: carried by this source alone, with
    nothing related in another source either (a related claim may be the same fact
    in words the matcher could not pair). *Omits*: carried by other sources, and
    this source carries nothing related to it either — most supported first. On the
    dev stories the second condition took omits precision from 0.71 to 0.96: most
    of what the matcher does not pair is there in other words.
    """
    chain = chains.get(doc_id, doc_id)
    carried = {c.id for c in claims if any(chains.get(u.doc_id, u.doc_id) == chain for u in c.units)}
    near = {r for c in claims if c.id in carried for r in c.related}
    checkable = [c for c in claims if any(u.checkable for u in c.units)]
    only_here = [c.id for c in checkable if c.id in carried and len(c.sources) == 1 and c.status == "single_source"]
    missing = [c for c in checkable if c.id not in carried and c.id not in near and not carried & set(c.related)]
    return only_here, [c.id for c in sorted(missing, key=lambda c: -len(c.sources))]
