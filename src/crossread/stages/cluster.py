"""cluster: near-duplicate (syndication) detection over document texts.

Wire copies and re-posts of one text are one reporting chain: MinHash over
word shingles with an LSH index finds candidate copies without comparing all
pairs; candidates are confirmed on the estimated Jaccard similarity. A brief
counts chains, not URLs, as independent sources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH

from crossread.model import Document

# Word 5-shingles: long enough that two independent reports of one event share
# few, short enough that light edits of a wire copy keep most.
SHINGLE_WORDS = 5
NUM_PERM = 128
# Estimated Jaccard of shingle sets above which two texts are copies of one
# report; wire re-posts with a changed headline/byline score 0.6-0.95.
SYNDICATION_JACCARD = 0.5
WORD = re.compile(r"\w+", re.UNICODE)


def _minhash(text: str) -> MinHash:
    words = WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))}
    signature = MinHash(num_perm=NUM_PERM, seed=1)
    for shingle in shingles:
        signature.update(shingle.encode("utf-8"))
    return signature


def syndication_chains(documents: Sequence[Document]) -> dict[str, str]:
    """Document id -> chain id (the id of the earliest-listed copy in its chain)."""
    lsh = MinHashLSH(threshold=SYNDICATION_JACCARD, num_perm=NUM_PERM)
    signatures = {}
    chains: dict[str, str] = {}
    for document in documents:
        signature = _minhash(document.text)
        matches = [m for m in lsh.query(signature) if signatures[m].jaccard(signature) >= SYNDICATION_JACCARD]
        chains[document.id] = chains[str(matches[0])] if matches else document.id
        if document.id not in signatures:
            lsh.insert(document.id, signature)
            signatures[document.id] = signature
    return chains
