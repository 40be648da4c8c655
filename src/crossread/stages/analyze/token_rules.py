"""token_rules: spaCy's attribute ruler and rule lemmatizer, memoised per kind of token.

In ``en_core_web_sm`` the ``attribute_ruler`` (POS and morphology from the tag, a
few word exceptions) and the rule ``lemmatizer`` cost about a fifth of the
pipeline's CPU (2-core machine, 800 AllSides texts, warm caches: 0.68 s and 0.42 s
of 4.95 s): the ruler runs a ``Matcher`` of 179 patterns over every token, and both
set attributes one ``Token`` at a time. Their output for a token depends only on
what the patterns and the lemma rules read, so ``TokenRules`` computes it once per
kind of token and writes a document's attributes from arrays:

* a one-token pattern reads the token's LOWER, TAG, DEP and IS_SPACE through tests
  (equal, IN, NOT_IN, REGEX): what each test says of a value is found once per value,
  and the patterns a token matches once per combination of those answers;
* the few patterns of two tokens ("gon na", an expletive "there" before "is") run
  in a ``Matcher`` of their own, over a document one of whose tokens passes a
  pattern's first-token tests (about one paragraph in eighteen of the bench corpus);
* the matched patterns' attributes apply in the ruler's order (its pattern index),
  later ones over earlier ones, as ``AttributeRuler.set_annotations`` does;
* a lemma the ruler did not set comes from the lemmatizer's ``lemmatize`` for the
  token's (ORTH, POS, MORPH), the key spaCy's own lemma cache uses, on a copy of the
  lemmatizer whose word index is sets (``with_index_sets``).

The result is the same tokens, attributes and lemmas as the two components
(``tests/test_token_rules.py``; 1,707 AllSides and PolNeAR texts when it was written).
Pipelines without both components, or whose ruler reads more, are left as they are.
"""

import copy
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

__all__ = ["TOKEN_RULES", "TokenRules", "use_token_rules"]

TOKEN_RULES = "crossread_token_rules"
# What a one-token pattern of the ruler may read; a model whose patterns read more keeps its ruler.
KEY_ATTRIBUTES = frozenset({"LOWER", "TAG", "DEP", "IS_SPACE"})
# Attributes written from arrays; the ruler's rare DEP or TAG exceptions are set token by token.
ARRAY_ATTRIBUTES = (POS, MORPH, LEMMA)
# A token's result: POS, MORPH, LEMMA, the ruler's DEP/TAG exceptions, whether it may open a multi-token pattern.
Resolved = tuple[int, int, int, dict[int, int], bool]


class TokenRules:
    """The attribute ruler and the rule lemmatizer of one pipeline, as one memoised component."""

    def __init__(self, nlp: Language, ruler: Any, lemmatizer: Any) -> None:
        self.vocab = nlp.vocab
        self.ruler = ruler
        self.lemmatizer = with_index_sets(lemmatizer)
        self.pairs = Matcher(nlp.vocab, validate=False)
        # the one-token patterns: (pattern index, its tests as (attribute, index into that attribute's tests))
        self.single: list[tuple[int, list[tuple[str, int]]]] = []
        self.tests: dict[str, list[Callable[[Any], bool]]] = {name: [] for name in KEY_ATTRIBUTES}
        # per attribute, the tests a value passes by equality or IN (value -> test indices), the rest run one by one
        self.exact: dict[str, dict[Any, list[int]]] = {name: {} for name in KEY_ATTRIBUTES}
        self.other: dict[str, list[tuple[int, Callable[[Any], bool]]]] = {name: [] for name in KEY_ATTRIBUTES}
        # the first-token tests of each multi-token pattern (None: they read more, the Matcher runs on every document)
        self.pair_starts: list[list[tuple[str, int]]] | None = []
        for order, patterns in _ruler_patterns(ruler):
            if all(len(p) == 1 for p in patterns):
                for pattern in patterns:
                    self.single.append((order, [self._test(name, spec) for name, spec in pattern[0].items()]))
            else:
                self.pairs.add(str(order), patterns)
                nlp.vocab.strings.add(str(order))
                for pattern in patterns:
                    # matched after the one-token results (which set POS and MORPH): only patterns reading neither
                    if self.pair_starts is not None and all(_readable_token(token) for token in pattern):
                        self.pair_starts.append([self._test(name, spec) for name, spec in pattern[0].items()])
                    else:
                        self.pair_starts = None
        self.has_pairs = len(self.pairs) > 0
        # an attribute value (hash) -> what each test of that attribute says of it
        self.classes: dict[tuple[str, int], tuple[bool, ...]] = {}
        # what the tests say of a token -> the ruler's one-token patterns that match it, in order
        self.matched: dict[tuple[tuple[bool, ...], ...], tuple[tuple[int, ...], bool]] = {}
        # pattern indices -> the attributes they leave on a token
        self.folded: dict[tuple[int, ...], dict[int, int]] = {(): {}}
        # (orth, pos, morph) -> lemma hash
        self.lemmas: dict[tuple[int, int, int], int] = {}
        # (orth, tag, dep) of a token nothing set before -> (pos, morph, lemma, the ruler's DEP/TAG exceptions,
        # whether it may open a multi-token pattern)
        self.final: dict[tuple[int, int, int], Resolved] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        array = doc.to_array([ORTH, TAG, DEP, POS, MORPH, LEMMA])
        preset = bool(array[:, 3:].any())  # a component before set POS, MORPH or LEMMA: no memo of whole results
        columns = array.tolist()
        early = self.has_pairs and self.pair_starts is None  # patterns reading more: matched before anything is set
        extra = self._pair_matches(doc) if early else {}
        final = self.final
        results: list[Resolved] = []
        late: list[int] = []  # tokens with DEP/TAG exceptions
        may_pair = False
        for i, row in enumerate(columns):
            memo = not preset and i not in extra
            result = final.get((row[0], row[1], row[2])) if memo else None
            if result is None:
                result = self._resolve(doc, i, row, extra.get(i))
                if memo:
                    final[(row[0], row[1], row[2])] = result
            results.append(result)
            if result[3]:
                late.append(i)
            may_pair = may_pair or result[4]
        if may_pair and not early:
            # a token passes the first-token tests of a multi-token pattern: the Matcher over the document, and the
            # tokens its matches set resolved again with those patterns (never memoised)
            for i, orders in self._pair_matches(doc).items():
                results[i] = self._resolve(doc, i, columns[i], orders)
                late.append(i)
        arrays = numpy.asarray([result[:3] for result in results], dtype=numpy.uint64)
        doc.from_array(list(ARRAY_ATTRIBUTES), arrays)  # type: ignore[arg-type]
        for i in sorted(set(late)):
            if results[i][3]:
                _set_attributes(doc[i], results[i][3])
        return doc

    def _test(self, name: str, spec: Any) -> tuple[str, int]:
        """Register the test one pattern makes of one attribute; (attribute, the test's index)."""
        tests = self.tests[name]
        index = len(tests)
        tests.append(_predicate(spec))
        if not isinstance(spec, dict):
            self.exact[name].setdefault(spec, []).append(index)
        elif "IN" in spec:
            for member in set(spec["IN"]):
                self.exact[name].setdefault(member, []).append(index)
        else:
            self.other[name].append((index, tests[-1]))
        return name, index

    def _class(self, name: str, value: int, text: Any) -> tuple[bool, ...]:
        """What every test of attribute ``name`` says of ``value`` (``text``: the value as patterns read it)."""
        key = (name, value)
        found = self.classes.get(key)
        if found is None:
            answers = [False] * len(self.tests[name])
            for index in self.exact[name].get(text, ()):
                answers[index] = True
            for index, test in self.other[name]:
                answers[index] = test(text)
            found = tuple(answers)
            if not any(found):  # most words: one shared tuple, so the keys of ``matched`` stay few
                found = self.classes.setdefault((name, -1), found)
            self.classes[key] = found
        return found

    def _indices(self, token: Token, extra: list[int] | None) -> tuple[tuple[int, ...], bool]:
        """The ruler's patterns that set ``token``, in the ruler's order, and whether it may open a multi-token one."""
        classes = {
            "LOWER": self._class("LOWER", token.lower, token.lower_),
            "TAG": self._class("TAG", token.tag, token.tag_),
            "DEP": self._class("DEP", token.dep, token.dep_),
            "IS_SPACE": self._class("IS_SPACE", int(token.is_space), token.is_space),
        }
        key = tuple(classes.values())
        found = self.matched.get(key)
        if found is None:
            indices = tuple(sorted({o for o, tests in self.single if all(classes[n][t] for n, t in tests)}))
            starts = self.pair_starts
            opens = starts is None or any(all(classes[n][t] for n, t in tests) for tests in starts)
            found = self.matched[key] = (indices, self.has_pairs and opens)
        indices, opens = found
        return (tuple(sorted({*indices, *extra})) if extra else indices), opens

    def _resolve(self, doc: Doc, i: int, row: list[int], extra: list[int] | None) -> Resolved:
        """(POS, MORPH, LEMMA, the ruler's DEP/TAG exceptions) of token ``i`` after the ruler and the lemmatizer, and
        whether the token may open one of the ruler's multi-token patterns."""
        orth, _tag, _dep, pos, morph, lemma = row
        token = doc[i]
        indices, opens = self._indices(token, extra)
        attributes = self._attributes(indices)
        pos, morph, lemma = attributes.get(POS, pos), attributes.get(MORPH, morph), attributes.get(LEMMA, lemma)
        if not lemma or self.lemmatizer.overwrite:
            key = (orth, pos, morph)
            found = self.lemmas.get(key)
            if found is None:
                token.pos, token.morph = pos, _morph_analysis(self.vocab, morph)
                found = self.vocab.strings.add(self.lemmatizer.lemmatize(token)[0])
                self.lemmas[key] = found
            lemma = found
        return pos, morph, lemma, {k: v for k, v in attributes.items() if k in (DEP, TAG)}, opens

    def _attributes(self, indices: tuple[int, ...]) -> dict[int, int]:
        attributes = self.folded.get(indices)
        return attributes if attributes is not None else self._fold(indices)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _pair_matches(self, doc: Doc) -> dict[int, list[int]]:
        """Token index -> indices of the ruler's multi-token patterns that set it."""
        found: dict[int, list[int]] = {}
        for match_id, start, end in self.pairs(doc, allow_missing=True):
            order = int(self.vocab.strings[match_id])
            index = self.ruler.indices[order]
            target = (start if index >= 0 else end) + index
            if start <= target < end:
                found.setdefault(target, []).append(order)
        return found

    def _fold(self, indices: tuple[int, ...]) -> dict[int, int]:
        """The attributes the patterns ``indices`` leave, applied in order (later over earlier)."""
        attributes: dict[int, int] = {}
        for order in indices:
            for name, value in self.ruler.attrs[order].items():
                if isinstance(value, str):  # normalised attributes hold hashes; a string is hashed as the ruler would
                    value = self.vocab.morphology.add(value) if name == MORPH else self.vocab.strings.add(value)
                attributes[name] = value
        self.folded[indices] = attributes
        return attributes


def with_index_sets(lemmatizer: Any) -> Any:
    """A copy of ``lemmatizer`` whose ``lemma_index`` word lists are frozensets (the model's own is left as it is).

    spaCy's ``rule_lemmatize`` asks ``form in index`` of each form a suffix rule makes, and the index of a
    part of speech is a list (en_core_web_sm: 57,528 nouns, 20,993 and 8,700 for two others): a scan of the
    list for every word not met before, about 80 µs each, which was three quarters of this component's
    CPU while its memo fills (600 bench texts: 1.7 s of 2.2 s). A set answers the same membership at once.
    """
    lookups = getattr(lemmatizer, "lookups", None)
    if not isinstance(lookups, Lookups) or "lemma_index" not in lookups:
        return lemmatizer
    faster = copy.copy(lemmatizer)
    faster.lookups = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            words = {key: frozenset(value) if isinstance(value, list) else value for key, value in table.items()}
            table = Table(name=name, data=words)
        faster.lookups.set_table(name, table)
    faster.cache = {}
    faster.lemmatize = getattr(faster, f"{faster.mode}_lemmatize")  # bound to the copy, not to the model's own
    return faster


def _ruler_patterns(ruler: Any) -> Iterator[tuple[int, list[list[dict[str, Any]]]]]:
    """(pattern index, its token patterns) in the ruler's order."""
    for order in range(len(ruler.attrs)):
        patterns = ruler.matcher.get(ruler.vocab.strings[str(order)])[1]
        yield order, patterns


def _predicate(spec: Any) -> Callable[[Any], bool]:
    """A ``Matcher`` token test as a function of the attribute's value: equal, IN, NOT_IN or REGEX."""
    if not isinstance(spec, dict):
        return lambda value: bool(value == spec)
    ((operator, argument),) = spec.items()
    if operator == "IN":
        members = frozenset(argument)
        return lambda value: value in members
    if operator == "NOT_IN":
        outsiders = frozenset(argument)
        return lambda value: value not in outsiders
    pattern = re.compile(argument)
    return lambda value: pattern.search(value) is not None


def _morph_analysis(vocab: Any, morph: int) -> Any:
    from spacy.tokens import MorphAnalysis

    return MorphAnalysis(vocab, vocab.strings[morph]) if morph else MorphAnalysis(vocab, "")


def _set_attributes(token: Token, attributes: dict[int, int]) -> None:
    from spacy.tokens._retokenize import set_token_attrs

    set_token_attrs(token, attributes)


def _readable_token(token_pattern: dict[str, Any]) -> bool:
    """Does one token of a pattern read only LOWER, TAG, DEP and IS_SPACE, by the tests ``_predicate`` makes?"""
    for name, spec in token_pattern.items():
        if name not in KEY_ATTRIBUTES:
            return False
        if isinstance(spec, dict) and (len(spec) != 1 or next(iter(spec)) not in ("IN", "NOT_IN", "REGEX")):
            return False
    return True


def _readable_by_keys(ruler: Any) -> bool:
    """Do the ruler's one-token patterns read only LOWER, TAG, DEP and IS_SPACE, by the tests ``_predicate`` makes?"""
    return all(_readable_token(p[0]) for _order, patterns in _ruler_patterns(ruler) for p in patterns if len(p) == 1)


@Language.factory(TOKEN_RULES)
def make_token_rules(nlp: Language, name: str) -> TokenRules:
    """The component, built over the pipeline's own ruler and lemmatizer (added right after them)."""
    return TokenRules(nlp, nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


def use_token_rules(nlp: Language) -> Language:
    """Replace the pipeline's ``attribute_ruler`` and rule ``lemmatizer`` by one ``TokenRules`` (same output)."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names or TOKEN_RULES in names:
        return nlp
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or names.index("lemmatizer") != names.index("attribute_ruler") + 1:
        return nlp
    if not _readable_by_keys(ruler):
        return nlp
    nlp.add_pipe(TOKEN_RULES, after="lemmatizer")
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")
    return nlp
