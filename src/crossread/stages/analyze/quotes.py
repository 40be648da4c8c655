"""quotes: quotations with speaker, cue verb, span and date said.

Needs the spaCy parse (tagger, parser, NER) of ``document.text`` and, when the
dates pass found any, its ``DateMention``s. Adds ``Quote``s, found in this order:

1. quoted spans: quote marks paired per paragraph (curly, and straight marks
   told apart as opening or closing by the characters around them); a paragraph
   that closes a quote it never opened (scrapers drop the mark) starts it at the
   paragraph start, and one left open is continued by the next quote paragraph;
2. direct and split quotes: a cue verb with a subject right after or right
   before the quoted span (``“…,” X said`` / ``X said: “…”`` / ``“…,” X said, “…”``);
   a quote closed by a full stop does not take the ``X said`` of the next sentence;
3. signed quotes: a quote paragraph followed by a ``– Name, date`` line, a quote
   signed ``“…” ― Name`` on its line, and embedded tweets (``… — Name (@handle) date``);
4. uncued quotes that are a paragraph of their own, or continue a cued quote
   nearby, take the speaker of the attribution just before (none: dropped);
   headline and transcript paragraphs ``Name: …`` are direct quotes of that person;
5. reported speech from the dependency parse: a speech or cognition verb with
   a subject and a clausal complement (``X said (that) …``, ``…, X said``), a
   stance verb with its object (``X praised the plan``), ``according to X, …``
   and ``… was voiced by X``; quoted words in the object of a named actor's verb are that
   actor's (``X branded the plan “a disaster”``); a verb no lexicon lists is a cue when the model
   learned from PolNeAR train (``crossread.stages.analyze.cues``) scores its
   clause report above its threshold (``X reminded voters that …``);
   a reported clause that is mostly one quoted span is left to the direct quote;
6. speakers (``crossread.stages.analyze.speakers``): the subject phrase as written, and
   who it is — a person by full name (gender from titles and first names,
   pronouns to the latest compatible person), an organisation, a group, or a
   role speaking for a principal ("Mr. Strzok's lawyer" → role of Peter Strzok).

Split quotes are returned as one ``Quote`` per quoted part (kind ``split``),
so that every ``text`` is ``document.text[start:end]``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter

import numpy as np
from spacy.attrs import DEP, HEAD, LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import ADJ, NOUN, VERB
from spacy.tokens import Doc, Span, Token

from crossread.model import DateMention, Document, Quote, QuoteKind, SpeakerKind
from crossread.stages.analyze.cues import shipped_cues
from crossread.stages.analyze.speakers import (
    NOT_SPEAKERS,
    Context,
    People,
    Speaker,
    collect_people,
    entity_of,
    quoted_speaker,
    resolve,
    speaker_span,
    subject_of,
)


def _lexicon(words: str) -> frozenset[str]:
    """A word list written as one space-separated string."""
    return frozenset(words.split())


# Speech verbs (lemmas) that introduce a quotation: common attribution cues, extended
# with the verb cues most often missed on PolNeAR train ("continue"), and "quote" for "the paper
# quoted X as saying" (whose speaker is X: see `_inner_cue`); "read" ("“…,” the letter reads"), "yell",
# "scream" and "chant": PolNeAR dev 2 of 2 and train-200 7 of 9 new attributions right. "answer", "bark",
# "retort", "snap", "exclaim" (``“Denver,” he answered``): PolNeAR train-250 4 new right, 1 new wrong, dev unchanged.
SPEECH_VERBS = _lexicon(
    "say tell add state stress note explain claim argue insist warn announce report write tweet ask reply respond "
    "suggest acknowledge admit deny declare emphasize emphasise confirm comment remark recall predict promise vow "
    "urge caution contend maintain observe concede complain testify assert allege charge joke quip conclude reiterate "
    "repeat reveal disclose indicate mention boast brag agree speculate voice express recount shout post signal hint "
    "proclaim pledge threaten demand wonder question point lament accuse estimate continue quote read yell scream chant "
    "answer bark retort snap exclaim"
)
# Cognition verbs: PolNeAR counts beliefs and expectations as attributions. "think" is left
# out: its reports were right 3 times in 13 on PolNeAR train (first 200 articles); "feel" too:
# 3 times in 23 (PolNeAR dev + full train).
COGNITION_VERBS = _lexicon(
    "believe hope fear expect know worry doubt suspect assume realize realise guess imagine figure "
    "recognize reckon understand predict wish"
)
CUE_VERBS = SPEECH_VERBS | COGNITION_VERBS
# Speech verbs that things do as often as people ("the heat threatens to ignite fires", "a decline
# in cases signals the wave is ebbing", "the wave continues to spread"): a cue only for a subject
# that can speak (``_speaker_like``). Seen on unlabelled AllSides briefs (stop 28 audit).
THING_VERBS = frozenset({"threaten", "signal", "continue"})
# Nouns for people who speak, for the verbs above (a named or pronoun subject always can).
PEOPLE_NOUNS = frozenset({
    "official", "officer", "spokesman", "spokeswoman", "spokesperson", "aide", "adviser", "advisor", "expert",
    "analyst", "economist", "scientist", "researcher", "doctor", "lawmaker", "senator", "legislator", "leader",
    "minister", "president", "governor", "mayor", "lawyer", "attorney", "source", "critic", "supporter",
    "member", "resident", "witness", "voter", "worker", "executive", "chief", "director", "secretary",
    "administration", "government", "police", "prosecutor", "judge", "court", "agency", "company", "spokespeople",
    "people", "man", "woman", "person", "team", "campaign", "party", "group", "union",
})  # fmt: skip
# Verbs measured and left out of the lexicons above, which the learned cues (``cues``) do not take back.
LEFT_OUT_VERBS = frozenset({"think", "feel"})
# Cognition verbs that in the past tense narrate a state of mind ("she knew that I had won") rather
# than attribute one: such reports were right 7 times in 23 (PolNeAR dev + full train).
NARRATED_STATES = frozenset({"know", "believe"})
# Cues whose subject is a text ("the letter reads"); with a pronoun subject ("It read:") they are
# no cue, and the quote takes the speaker before it (who posted or wrote the text).
TEXT_VERBS = frozenset({"read"})
# Speech verbs that ask for something rather than report it ("… and asked him to condemn …"): a
# conjoined one is not split off as the speaker's next report (PolNeAR train-250: 0 of 2 right).
REQUEST_VERBS = frozenset({"ask", "urge", "demand"})
# Verbs of a relative clause on the speaker that say how the words were given ("who spoke on condition
# of anonymity", "who requested anonymity", "who declined to be named").
SPEAKING_VERBS = frozenset({"speak", "request", "decline", "ask"})
# Verbs whose object (not a clause) is what the subject said or judged ("X praised the plan",
# "X urged voters to stay home"). Of the 90 verbs tried, only those whose object reports had a
# PolNeAR train speaker precision of at least 0.7 (over 5+ cases, first 200 train articles) are
# kept: the others ("call", "want", "support", "tell" + object) were right about half the time,
# and a wrong attribution is worse than none. "blast", "slam" and "condemn" ("X blasted the plan as
# …"): PolNeAR dev + train-200 10 of 12 right; tried and left out on the same articles: "cite" 15
# of 27, "criticize" 16 of 24, "attack" 8 of 17, "accuse" 2 of 15, "dismiss" 3 of 7, "tout" 5 of 7.
# "agree" ("agreed to lend him $5 million"): PolNeAR dev 3 of 4 new right, train-250 1 of 1; "mention"
# ("has mentioned refinancing loans"), tried and left out: dev 4 of 7, train-250 14 of 21. Swept one at
# a time on PolNeAR dev + train-250 (new right / new wrong, net of lost): kept "encourage" 9 / 2,
# "denounce" 8 / 1, "applaud" 4 / 1, "hail" 3 / 1, "reference" 5 / 1; left out "endorse" 22 / 12,
# "propose" 12 / 6, "offer" 16 / 14, "highlight" 8 / 4, "discuss" 20 / 13, "seek" 12 / 20, "back" 6 / 11,
# "mock" 5 / 3, "question" 7 / 6, "reject" 4 / 7, "echo" 3 / 4, "promote" 4 / 3, "challenge" 3 / 10.
# "tweet" + object ("tweeted a photograph of …", "tweeted her thanks"): train-250 9 new right, 1 wrong
# once embedded-tweet markup is no report (``_is_markup``); dev unchanged. Left out on dev + train-250:
# "confirm" + object 6 / 6 (the Senate confirms judges), "announce" + object 9 / 7 ("announced his candidacy").
# "oppose" left out: "opposed the move" is a stand taken, which an analyst audit of 12 AllSides briefs judged
# no quote; PolNeAR dev 2 of 2 and train 30 of 43 such reports right (0.70, below the precision asked).
# "express" + object ("expressed concern about …", "expressed support for …"): full PolNeAR train 29 new
# right, 10 wrong, dev 3 / 2 (dev speaker exact P 0.865 -> 0.864, F1 0.649 -> 0.650). Swept on full train
# with every listed speech verb's object and left out (new right / new wrong): "announce" 36 / 16,
# "mention" 29 / 15, "question" 19 / 7 (dev 4 / 4), "acknowledge" 10 / 6, "say" 39 / 25, "tell" 15 / 55.
STANCE_VERBS = _lexicon(
    "note praise defend thank describe blame vow urge blast slam condemn agree encourage denounce applaud hail reference tweet "
    "express"
)
# Stance verbs whose to-infinitive is a deed, not words ("the Senate agreed to take up the bill": an analyst
# audit of 12 AllSides briefs judged it no quote); "agreed that …" still reports its clause.
DEED_INFINITIVE_VERBS = frozenset({"agree"})
# Cues whose passive subject is what was said ("the move was first reported by MSNBC", "such a view was
# voiced by X"). Other passive cues take a person or a deed as subject ("women were being threatened by
# adult men", "Europe's borders were defended by …", "Cain was asked by a caller"): an audit saw "women or
# children" listed as a quote. All passive reports on PolNeAR dev + train: 9 right in 19; with these verbs,
# 6 right in 6 ("report" 5, "describe" 1).
PASSIVE_CUES = frozenset({"report", "voice", "express", "describe", "state"})
# One-word answers that "say" reports (``_short_answer``).
SHORT_ANSWERS = frozenset({"yes", "no", "so"})
# Measured on full PolNeAR train and dev (new right / new wrong) and left out (issue 13, session 38):
# "see / view / regard X as Y" reporting "X as Y": train 39 / 22 (37 / 17 without wh- objects), dev 4 / 2;
# a promise, hope or claim reporting its to-infinitive ("pledged to cut taxes": promise pledge threaten hope
# expect claim demand ask wish vow agree): train 62 / 60, dev 7 / 7 ("pledge" 12 / 23, "hope" 10 / 15);
# "in a poll" after the verb reporting the verb's clause ("led by 5 points in a CNN poll"): train 9 / 42;
# "tell" with an addressee before an infinitive, as ``_asks_someone`` does for "ask": train 2 / 4, dev 1 / 1.
# Participles that report their object when hung on a speech cue (``…, X said, citing …``): see
# ``_participle_report``.
CITING_PARTICIPLES = frozenset({"cite"})
# What is cited as where the words came from, not as what was said ("Politico reported, citing interviews with
# 22 aides"): an analyst audit saw the interviews listed as Politico's quote.
CITED_SOURCES = _lexicon("interview source official people person aide document record email")
# Verbs that report only with a preposition after them: "called for new rules", "called on
# Congress to act" (not "called a meeting", "called him"). Verb -> its prepositions. On PolNeAR
# "call for/on" reports were right 35 times in 45 (dev and first 200 train articles); "call X Y"
# ("called the plan a disgrace") only 45 in 72, so it is left out unless what it was called is in quote
# marks ("called his supporters “deplorables”": dev + train-200 32 of 41 right; not "what X called …").
NAMING_VERBS: dict[str, frozenset[str]] = {"call": frozenset({"for", "on"})}
# Verbs of speaking whose prepositional object is what was spoken about ("warned against hackers from
# …", "complained about his mic", "asked him about his tax returns"): PolNeAR annotates the object as
# content, the verb and preposition as cue. Verb -> its prepositions. On PolNeAR dev + train-250 these
# added 14 reports, 13 right. Measured and left out on the same articles (new right / new wrong):
# "speak of/about" 10 / 7, "talk about" 10 / 7, "point to" 7 / 5, "rail against" 2 / 2 (the talk is
# often narrated, "came on the program to talk about …", and the gold content runs past the object).
PREPOSITION_CUES: dict[str, frozenset[str]] = {
    "warn": frozenset({"against", "about", "of"}),
    "complain": frozenset({"about", "of"}),
    "boast": frozenset({"about", "of"}),
    "brag": frozenset({"about"}),
    "ask": frozenset({"about"}),
}
# Dependents of a verb that reports nothing else whose words in quote marks the verb's subject said
# ("branded the plan “a disaster”", "pointed to the “rosy picture”", "cited the “exceptional
# seriousness”": see ``_quoted_object_report``). With the rest of the finder as it ships, switching it
# off takes AllSides dev quote recall 0.777 -> 0.705 (accuracy 0.931 -> 0.924); on PolNeAR it adds
# dev 32 reports, 23 right (speaker exact P 0.861 -> 0.857, R 0.506 -> 0.517), train-250 88, 52 right:
# PolNeAR leaves many such quoted phrases unannotated, or annotates a longer content.
QUOTING_DEPS = frozenset({"dobj", "oprd", "dative", "prep", "xcomp", "ccomp", "acomp"})
# Verbs of having, doing and moving whose quoted object is someone else's words or a name ("bought a
# “philanthropub”", "has his “concerns”", "sent its “national enterprise reporter”"): on PolNeAR dev
# they took 8 wrong reports and 1 right. Measured and not kept: "launch", "cast", "force", "clash"
# ("launches border wall project with 'down payment'"): 4 not-speech items fewer in the AllSides dev
# judged sample, but the AllSides quote labels take such quoted words as the actor's (dev speaker
# accuracy 0.931 -> 0.929, recall 0.777 -> 0.759); PolNeAR dev + train-250 1 wrong fewer.
NOT_QUOTING_VERBS = _lexicon("have do make take buy sell send install close need get give put hold own run")
# Words before a quotation that make it a scare quote ("the so-called “bridge to nowhere”").
SCARE_QUOTE_MARKERS = ("so-called", "so called", "dubbed", "nicknamed", "known as")
# Entity types of a subject that may have said the words it "brands", "cites" or "points to"; a
# singular NORP ("the top Republican on the committee") is an unnamed person, not a group.
QUOTING_SUBJECT_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Nouns of what someone said that report the that-clause after them, with their possessor as speaker
# ("Trump's claim that …", "his argument that …"): PolNeAR dev 3 of 3 new right, train-250 4 of 7.
CLAIM_NOUNS = _lexicon(
    "claim assertion argument contention insistence statement suggestion promise pledge warning belief view "
    "accusation allegation charge prediction complaint position"
)
# Adjectives after "be" that hold the clause after them as the subject's belief ("are afraid that …",
# "was sure Trump would …"): PolNeAR dev 1 of 1 new right, train-250 3 of 5.
ATTITUDE_ADJECTIVES = _lexicon("sure certain confident convinced afraid worried concerned hopeful optimistic skeptical aware")
# Possessors that are no speaker of a claim noun ("its claim that …" is often a document's or a law's):
# with them, PolNeAR dev + train-250 had 3 more claims, none right.
NOT_CLAIMANTS = frozenset({"its", "their"})
# Subjects that "show" or "find" something are sources too ("a poll shows …", "the study found …"),
# and any noun that shows or finds a clause ("the records show that …": PolNeAR train 14 of 19).
EVIDENCE_VERBS = _lexicon("show find")
# What a sentence opened by "in" quotes as its source ("In a CBS News poll, she led …"): ``_in_poll``.
POLL_NOUNS = _lexicon("poll polls survey surveys")
EVIDENCE_NOUNS = POLL_NOUNS | _lexicon("study studies report analysis data video footage transcript review audit")
# Dependents of a stance verb that make up what was said (its object, its complement).
OBJECT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "oprd", "dative"})
# Prepositions after a stance verb that carry the content ("called for X", "pushed for X", "cited X as Y").
OBJECT_PREPOSITIONS = frozenset({"for", "as"})
PERSON_PRONOUNS = frozenset({"he", "she"})
# Parts of speech of a speaker phrase's head.
SPEAKER_POS = frozenset({"PROPN", "NOUN", "PRON"})
# Words still to come (``_not_said_yet``): "to announce" after these.
PLAN_HEADS = frozenset({"plan", "expect", "intend", "schedule", "set"})
QUOTE_OPENERS = "“«"
QUOTE_CLOSERS = "”»"
STRAIGHT_QUOTE = '"'
# Two apostrophes stand for a quote mark in some archives (``''Yes,'' he said``: PolNeAR's New
# York Times texts).
DOUBLED_APOSTROPHE = "''"
_QUOTE_MARK = re.compile("|".join([DOUBLED_APOSTROPHE, *QUOTE_OPENERS, *QUOTE_CLOSERS, STRAIGHT_QUOTE]))
# Single quote marks (headlines; British style): an opening mark after a space, a bracket, a dash or a
# colon and before a letter, closed by the first closing mark after a non-space and before a space or
# punctuation, so apostrophes ("they've", "Harris’ words", "’90s") neither open nor close one.
_SINGLE_QUOTED = re.compile(r"(?:^|(?<=[\s(\[—–:-]))[‘'](?=[^\W\d_])(?P<content>[^\n]+?)(?<=\S)[’'](?=[\s.,;:!?)\]—–-]|$)")
# How an excerpt cut mid-sentence ends (AllSides excerpts: most of them).
EXCERPT_ELLIPSES = ("...", "…")
# A quote without a cue shorter than this many words is a title or scare quote
# ("so-called “reset”"); PolNeAR train false positives were mostly 1-3-word titles.
MIN_UNCUED_WORDS = 4
# ... unless it is a sentence of its own continuing a cued quote of its paragraph (``“They sue,” he
# said. “Everybody sues.”``): then two words are speech.
MIN_CONTINUED_WORDS = 2
# A quoted span of at most this many capitalised words is a title or slogan ("The Steve Harvey
# Morning Show", "Sunday Morning Futures"); function words in such titles stay lower case.
MAX_TITLE_WORDS = 6
TITLE_FUNCTION_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from"})
# A quoted span covering at least this share of a reported clause's own words makes it a
# direct quote rather than a mixed (partly quoted) report. Hand-set, not swept.
DIRECT_SHARE_OF_CLAUSE = 0.8
# Reported clauses shorter than this many tokens are objects, not content ("said so").
MIN_REPORTED_TOKENS = 3
# Words between a report's object and the colon before its quotation ("stuff like this: “…”", "as follows:").
MAX_POINTER_WORDS = 3
# Longest addressee between a cue and its quote ("told Breitbart News Daily host Matt Boyle, “…”").
MAX_ADDRESSEE_TOKENS = 14
# Longest embedded tweet (characters) looked back from its signature: 280 plus links and markup.
MAX_TWEET_CHARS = 400
# Capitalised labels before a colon that announce a section, not a speaker.
NOT_SPEAKER_LABELS = frozenset(
    {"UPDATE", "BREAKING", "NOTE", "EDITOR'S NOTE", "WATCH", "READ MORE", "RELATED", "VIDEO", "PHOTOS", "CORRECTION", "Q", "A",
     # headline kickers (an analyst audit saw "EXPLAINER: What was the outcome …?" quoted from "Explainer")
     "EXPLAINER", "ANALYSIS", "EXCLUSIVE", "OPINION", "FACT CHECK", "EDITORIAL", "COMMENTARY", "LIVE", "LIVE UPDATES",
     "PERSPECTIVE", "REVIEW", "OP ED", "FIRST ON CNN", "SCOOP"}
)  # fmt: skip
# Section labels that open a paragraph in Axios-style briefs ("Why it matters: The ruling could …, the Post
# reports"): the writer's signpost, never part of what the source said (an analyst audit saw one quoted).
SECTION_LABELS = re.compile(
    r"(?:why it matters|the big picture|driving the news|between the lines|yes,? but|what they'?’?re saying|"
    r"(?:the )?bottom line|zoom in|zoom out|go deeper|state of play|by the numbers|what'?’?s next|the backstory|"
    r"flashback|catch up quick|reality check|the other side|what we'?’?re watching|details|context|be smart|"
    r"the intrigue|what to watch|the latest|worth noting|for the record|the fine print)\s*:\s+",
    re.IGNORECASE,
)
# Nouns of someone's words whose possessor across a headline's colon said the quote ("‘…’: X’s letter to Congress").
SPOKEN_TEXTS = _lexicon(
    "statement memo letter email note message release post tweet video ad op-ed essay word words remark remarks speech "
    "interview testimony warning plea answer reply response retort"
)
# Words of a headline label before its colon ("NY Daily News: …"); longer is a sentence, not a source.
MAX_HEADLINE_LABEL_WORDS = 5
# Dashes after a headline's kicker ("EXCLUSIVE – Roger Stone: …"), and the prepositions a name or a
# title holds ("Secretary of State", "Bank of America"): other prepositions end a headline label's speaker.
DATELINE_MARKS = frozenset({"–", "—", "-", "--"})
NAME_PREPOSITIONS = frozenset({"of", "de", "van", "von", "al", "bin", "for"})
# A first paragraph of at most this many words, not ended by a full stop, is a headline: its quoted
# words are its person's ("Mayor Ruiz Slams Budget, Demands Board ‘Start Over’").
MAX_HEADLINE_WORDS = 25
# Speech verbs of a headline whose quoted words are said by the person the headline opens with, and how
# many words that opening name may have ("Trump to sue …, says …", "Gov. Ana Ruiz warns …").
HEADLINE_CUES = frozenset({"says", "say", "tells", "warns", "claims", "insists", "vows", "admits", "calls"})
MAX_HEADLINE_OPENER_WORDS = 3
# An uncued quote takes the last speaker only within this many characters of that speaker's
# quote: captions and "related stories" debris between them break the chain. Hand-set on the
# giveme5w1h dev labels (a long quote paragraph is about 400 characters).
MAX_INHERIT_GAP_CHARS = 400
# Most characters between a reported clause's end and a quotation that continues it (a space, or a
# closing mark and a space).
MAX_GAP_TO_QUOTE = 3
# Words allowed between a cue verb and an opening quote mark ("said in a statement:").
MAX_HEAD_GAP_TOKENS = 6
# An epigraph attribution line ("– Secretary Michael Pompeo, July 3, 2019") has at most this many words.
MAX_EPIGRAPH_WORDS = 15
# A quote is a whole paragraph when it covers this share of the paragraph's characters
# (the rest is marks and a trailing "he said"-less full stop). Hand-set.
WHOLE_PARAGRAPH_SHARE = 0.85
# Marks that set off a parenthetical cue (", X said, …"); a closing quote mark before a clause
# ("told “Morning Joe” that nobody …") does not.
PARENTHETICAL_MARKS = frozenset({",", "—", "–", "--", "-", "(", ";", ":"})
# Dependents of a reported clause that, before a parenthetical cue, link it to the text before
# rather than belong to what was said ("But, X added, …"). An opening clause or phrase ("While …,
# she added, …", "Too often, he said, …") is PolNeAR content: leaving advcl, prep, advmod and
# npadvmod out too cost PolNeAR dev + train-200 9 exact contents (with the cue cut out of the span).
SCENE_DEPS = frozenset({"cc", "intj"})
# Conjunctions that join a report to the sentence before it, not part of what was said. "But" opening a
# reported sentence is PolNeAR content ("But that is not good enough, he said"): keeping it gave PolNeAR
# train content exact +12 / -5, dev +1 / -0 (speakers unchanged).
# Fewest words of a clause that opens the sentence of a "…, X said, “…”" quotation and is part of
# what was said ("The reality is, he said, “…”"); two words are a scene ("Eyebrows raised, he said").
MIN_LEAD_CLAUSE_WORDS = 3
# Tags of a verb that has its own tense (not a participle or infinitive).
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
# The writer's own voice in an aside ("As I mentioned above, …", "as we reported").
WRITER_PRONOUNS = frozenset({"i", "we"})
OPENING_CONJUNCTIONS = frozenset({"and", "yet", "so", "or"})
SENTENCE_ENDS = frozenset({".", "!", "?"})
CONCESSIVE_MARKS = frozenset({"though", "although", "while"})
# Words opening a participle after a report that tells when it was made ("…,” when asked whether …).
OCCASION_WORDS = frozenset({"when", "after", "once", "if"})
# Connectives that open a reported sentence with a comma after them ("In fact, …", "Still, …");
# PolNeAR content spans leave them out.
OPENING_CONNECTIVES = (
    ("however",),
    ("still",),
    ("in", "fact"),
    ("in", "contrast"),
    ("even", "so"),
    ("in", "addition"),
    ("meanwhile",),
    ("moreover",),
    ("instead",),
    ("indeed",),
)
_CONNECTIVE_WORDS = max(len(connective) for connective in OPENING_CONNECTIVES)
# A token's position, as a sort key (no Python frame per token, unlike a lambda).
_position = attrgetter("i")
# Longest bracketed label between a name and its cue ("(D-Md.)", "(R-S.C.)").
MAX_LABEL_TOKENS = 8
# Parts of speech of a speaker's name phrase after a quote ("Rep. Elijah E. Cummings (D-Md.)").
NAME_PHRASE_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "NUM", "ADV"})
ANAPHORIC_DETERMINERS = frozenset({"such", "this", "that", "these", "those"})
ANAPHORIC_PRONOUNS = frozenset({"this", "that", "it"})

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WORD = re.compile(r"\w")
_ACCORDING = get_string_id("according")
_IN = get_string_id("in")
_ACL, _CCOMP, _ACOMP = get_string_id("acl"), get_string_id("ccomp"), get_string_id("acomp")
_EPIGRAPH_LINE = re.compile(r"^\s*[–—―-]{1,2}\s*(?P<who>[^,\n]+?)\s*(?:,\s*(?P<when>[^\n]*?))?\s*$")
# A signature right after a closing mark, on the same line: ``“…” ― Name`` (reader comments,
# blockquotes) or an embedded tweet's ``— Name (@handle) July 3, 2019``; spaces may be no-break spaces.
_SIGNATURE = re.compile(
    r"[^\S\n]*[–—―-]{1,2}[^\S\n]*(?P<who>(?:[A-Z][\w.'’-]*[^\S\n]?){1,5})(?:[^\S\n]*\(@\w+\))?(?P<when>[^\n]{0,40})[^\S\n]*(?:\n|$)"
)
# "Name: statement" at a paragraph start (headlines, interview transcripts).
# A transcript paragraph may open with a quote mark before the label (``"WALLACE: …``).
_LABELLED = re.compile(r"[\"“]?(?P<who>[^:\n\"“]{2,60}?):\s+(?P<what>\S[^\n]*\s\S[^\n]*\s\S)")
# A digest paragraph ``HEADLINE - Name: “…”`` (HuffPollster): the label is what follows the last dash.
_DASHED_LABEL = re.compile(r"[^\n]*\s[-–—]\s+(?P<who>[^:\n\"“\-–—]{2,60}?):\s+(?P<what>[“\"][^\n]*\s\S[^\n]*\s\S)")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# An embedded tweet's sign-off: ``… text — Name (@handle) November 8, 2016``.
_TWEET_SIGNATURE = re.compile(
    rf"[ \t]*(?:--|[–—―])[ \t]*(?P<who>[^\n()—–]{{1,60}}?)[ \t]*(?P<handle>\(@\w+\))"
    rf"[ \t]*(?P<when>(?:{_MONTHS})\.? \d{{1,2}}, \d{{4}})"
)
# What every sign-off holds (its handle), looked for before the pattern.
_TWEET_HANDLE = "(@"
# Where a tweet's text starts: a line start, the previous tweet's date, or the end of the markup
# a scraper left around it (``datetime="…">``).
_TWEET_START = re.compile(r"\n|\d{4}(?:</tweet>)?\.?\s+|\">")
_DATE_FORMS = (
    (re.compile(rf"\b(?:{_MONTHS})\.? \d{{1,2}},? \d{{4}}\b"), ("%B %d, %Y", "%B %d %Y")),
    (re.compile(rf"\b\d{{1,2}} (?:{_MONTHS}),? \d{{4}}\b"), ("%d %B %Y", "%d %B, %Y")),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), ("%Y-%m-%d",)),
)
_FULL_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class _Quoted:
    """A span between quote marks: ``start``..``end`` is the content, ``outer_*`` includes the marks."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    paragraph: tuple[int, int]


@dataclass(slots=True)
class _Candidate:
    """A quotation found but not yet resolved to a named speaker."""

    start: int
    end: int
    kind: QuoteKind
    cue: str | None = None
    cue_token: Token | None = None
    speaker: tuple[int, int] | None = None
    speaker_head: Token | None = None
    speaker_name: str | None = None
    speaker_kind: SpeakerKind | None = None
    speaker_of: str | None = None
    inherit: bool = False
    said_on: str | None = None
    said_on_evidence: str | None = None


def find_quotes(doc: Doc, document: Document, dates: Sequence[DateMention], ents: Sequence[Span] | None = None) -> list[Quote]:
    """Direct, split, reported and epigraph quotations, with speakers resolved to full names (``ents``: ``doc.ents``,
    when the caller has them)."""
    text = document.text
    paragraphs = _paragraphs(text)
    quoted = _quoted_spans(text, paragraphs)
    people = collect_people(doc, [(q.start, q.end) for q in quoted], text, ents)
    candidates = _direct_candidates(doc, text, quoted, paragraphs)
    candidates += _reported_candidates(doc, text, quoted, candidates)
    _speak_for_the_outer_report(candidates)
    # no report, so no cover for a headline label's words ("Lee: Bell doesn't know what he's talking about")
    candidates = [c for c in candidates if not (_not_its_report(c) or _not_known(c))]
    candidates += _labelled_paragraphs(doc, text, paragraphs, people, candidates)
    candidates += _headline_quotes(doc, text, quoted, paragraphs, people, candidates)
    candidates += _tweets(text, candidates)
    candidates.sort(key=lambda c: (c.start, c.end))
    for candidate in candidates:
        _speaker_outside_quotes(candidate, text, quoted)
    _resolve_speakers(candidates, people, paragraphs, text)
    # an uncued quote no speaker could be carried to is a title or a scare quote more often than speech
    candidates = [c for c in candidates if not (c.inherit and c.speaker_name is None and c.speaker_kind is None)]
    candidates = [c for c in candidates if not _evidence_of_no_one(c)]
    headline_end = paragraphs[0][1] if paragraphs and _is_headline(text, paragraphs[0]) else 0
    for candidate in candidates:
        _cut_before_speaker(candidate, text)
        _cut_section_label(candidate, text)
        if candidate.end <= headline_end:
            _cut_at_own_closing_mark(candidate, text)
    _attach_dates(candidates, dates)
    return [_to_quote(c, document) for c in candidates]


# What a verb does to its own object after it ("calls changes a milestone", "will add two seats"), and the
# verbs whose object is who hears the words ("told reporters"), not what they are.
OWN_OBJECT_DEPS = frozenset({"dobj", "oprd", "xcomp"})
HEARER_OBJECT_VERBS = frozenset({"tell", "inform", "assure", "warn", "remind", "notify", "brief", "advise", "caution", "urge"})
# Verbs of knowing and believing: negated, they tell what someone did not know, never words of theirs.
COGNITION_LEMMAS = frozenset({"aware", "know", "believe", "think", "realize", "realise", "be"})


def _not_its_report(candidate: _Candidate) -> bool:
    """A clause before a verb that has its own object is not what that verb reports: "Restrictions
    lifted, Cuomo calls changes a 'milestone'", "Census counts 331 million, Texas will add two seats"
    (an audit saw both as quotes of the clause). PolNeAR dev figures unchanged."""
    cue = candidate.cue_token
    if cue is None or candidate.kind != "reported" or candidate.end > cue.idx:
        return False
    hearer = cue.lemma_.lower() in HEARER_OBJECT_VERBS  # "…, the mayor told reporters": the object hears
    return not hearer and any(c.dep_ in OWN_OBJECT_DEPS and c.i > cue.i for c in cue.children)


def _not_known(candidate: _Candidate) -> bool:
    """A negated verb of knowing as the cue: "many women are not even aware that they are pregnant"
    reports what they do not know (an audit saw it as their quote). PolNeAR dev figures unchanged."""
    cue = candidate.cue_token
    if cue is None or candidate.kind != "reported" or cue.lemma_.lower() not in COGNITION_LEMMAS:
        return False
    heads = [cue, *(c for c in cue.children if c.dep_ == "acomp")]
    return any(c.dep_ == "neg" for head in heads for c in head.children)


def _cut_before_speaker(candidate: _Candidate, text: str) -> None:
    """Words never run on into who said them: "“We have been failed,” Olympic medalist X, widely
    considered …, said" was a report of everything before "said" (an audit saw the speaker inside
    the quote). The content ends at the closing mark before the speaker, a direct quotation."""
    speaker = candidate.speaker
    if speaker is None or not candidate.start < speaker[0] < candidate.end:
        return
    close = max(text.rfind(mark, candidate.start, speaker[0]) for mark in QUOTE_CLOSERS)
    if close <= candidate.start:
        return
    end = close
    while end > candidate.start and text[end - 1] in ",;: ":
        end -= 1
    opened = candidate.start > 0 and text[candidate.start - 1] in QUOTE_OPENERS
    candidate.end = end
    if opened and candidate.kind == "reported":
        candidate.kind = "direct"


def _cut_section_label(candidate: _Candidate, text: str) -> None:
    """A content opens after a section label of the writer's ("Why it matters: …", "The big picture: …")."""
    label = SECTION_LABELS.match(text, candidate.start, candidate.end)
    if label is not None and label.end() < candidate.end:
        candidate.start = label.end()


# The mark that closes a quotation opened by each mark.
CLOSER_OF = {"\u201c": "\u201d", "\u2018": "\u2019", '"': '"', "'": "'", "\u00ab": "\u00bb"}


def _cut_at_own_closing_mark(candidate: _Candidate, text: str) -> None:
    """A headline's report that opens at a quotation mark holds only the quoted words: "Senate
    Republicans block 'rotten' election reform bill" quoted "rotten' election reform bill in Senate"
    (an audit). In body text PolNeAR's reports run on past the mark (dev: 2 right lost), so only there."""
    if candidate.kind != "reported" or candidate.start == 0:
        return
    closer = CLOSER_OF.get(text[candidate.start - 1])
    if closer is None:
        return
    close = text.find(closer, candidate.start, candidate.end)
    if close > candidate.start and text[close + 1 : candidate.end].strip(" ,.;:!?"):
        candidate.end = close
        candidate.kind = "direct"


def _evidence_of_no_one(candidate: _Candidate) -> bool:
    """A "show" report whose subject is neither someone nor a document: "The attack showed how
    exposed the grid is" is the writer's inference, not a source speaking (an audit saw it listed as
    a quote of no one). "The records show …" (a document) and "the inquiry found …" stay."""
    cue = candidate.cue_token
    unresolved = candidate.speaker_name is None and candidate.speaker_kind is None
    return unresolved and cue is not None and cue.lemma_.lower() == "show" and candidate.kind == "reported"


# 1. quoted spans ---------------------------------------------------------------------------


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The content spans (marks excluded) of the text's quote-mark quotations, as the finder pairs them."""
    return [(q.start, q.end) for q in _quoted_spans(text, _paragraphs(text))]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: text between blank lines, without surrounding whitespace."""
    spans = []
    start = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            left = start + chunk.index(stripped[0])
            spans.append((left, left + len(stripped)))
        start = match.end() if match else len(text)
    return spans


def _quoted_spans(text: str, paragraphs: Iterable[tuple[int, int]]) -> list[_Quoted]:
    """Pair quote marks within each paragraph; see the module docstring for unbalanced marks."""
    found: list[_Quoted] = []
    for para in paragraphs:
        double = _quoted_in_paragraph(text, para)
        found.extend(double or _single_quoted(text, para))
    return [q for q in found if text[q.start : q.end].strip()]


def _single_quoted(text: str, para: tuple[int, int]) -> list[_Quoted]:
    """Spans in single quote marks, in a paragraph without double ones (headlines, British style).

    Where double marks quote, single marks are a quote inside a quote (the outer speaker's)
    or a title, and a scraped paragraph with unpaired double marks is left as it was.
    """
    found = _SINGLE_QUOTED.finditer(text, para[0], para[1])
    return [_trimmed(text, m.start() + 1, m.end() - 1, m.start(), m.end(), para) for m in found]


def _quoted_in_paragraph(text: str, para: tuple[int, int]) -> list[_Quoted]:
    spans: list[_Quoted] = []
    open_at: int | None = None
    opened_width = 1
    for mark in _QUOTE_MARK.finditer(text, para[0], para[1]):
        i, width = mark.start(), len(mark.group())
        role = _mark_role(text, i, width, open_at is not None)
        content_start = open_at + opened_width if open_at is not None else i
        if role == "open" and open_at is not None and len(text[content_start:i].split()) >= MIN_UNCUED_WORDS:
            # a quote paragraph without its closing mark, continued by the next one ("… "…")
            spans.append(_trimmed(text, content_start, i, open_at, i, para))
        if role == "open":
            open_at, opened_width = i, width
        elif role == "close" and open_at is not None:
            spans.append(_trimmed(text, content_start, i, open_at, i + width, para))
            open_at = None
        elif role == "close" and not spans:
            spans.append(_trimmed(text, para[0], i, para[0], i + width, para))
    cut = _cut_off_at(text, para)
    if open_at is not None and (cut is not None or len(text[open_at + opened_width : para[1]].split()) >= MIN_UNCUED_WORDS):
        end = para[1] if cut is None else cut
        spans.append(_trimmed(text, open_at + opened_width, end, open_at, para[1], para))
    return spans


def _cut_off_at(text: str, para: tuple[int, int]) -> int | None:
    """Where an excerpt that stops mid-sentence (``… “With all...``: the text ends in an ellipsis) was
    cut, when ``para`` is its last paragraph; the quotation left open there is speech however short."""
    end = len(text.rstrip())
    if para[1] != end:
        return None
    for ellipsis in EXCERPT_ELLIPSES:
        if text.endswith(ellipsis, 0, end):
            return end - len(ellipsis)
    return None


def _mark_role(text: str, i: int, width: int, is_open: bool) -> str | None:
    """``open``, ``close`` or None for the mark of ``width`` characters at ``i``. A straight mark
    opens after a space or bracket and before a word, closes after a word and before a space or
    punctuation, and otherwise toggles (scraped texts that lost their paragraph breaks leave
    unpaired marks)."""
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if char in QUOTE_OPENERS:
        return "open"
    if char in QUOTE_CLOSERS:  # ``”Mr. Trump …”``: a closing mark typed where a quote opens
        return "open" if not is_open and before.isspace() and after.isalnum() else "close"
    if char != STRAIGHT_QUOTE and width == 1:
        return None
    if (before.isspace() or before in "([{—–-") and not (after.isspace() or after in ".,;:"):
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]—–-"):
        return "close"
    return "close" if is_open else "open"


def _trimmed(text: str, start: int, end: int, outer_start: int, outer_end: int, para: tuple[int, int]) -> _Quoted:
    """Content without edge whitespace and the comma that English puts inside the closing mark."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return _Quoted(start, end, outer_start, outer_end, para)


# 2.-4. direct, split, epigraph and uncued quotes ----------------------------------------------


def _direct_candidates(doc: Doc, text: str, quoted: list[_Quoted], paragraphs: list[tuple[int, int]]) -> list[_Candidate]:
    """A candidate for each quoted span with a cue, an epigraph line, or a whole paragraph to itself."""
    result: list[_Candidate] = []
    previous: _Candidate | None = None
    for index, span in enumerate(quoted):
        if _names_a_work(doc, text, span) or _describes_the_speaker(previous, span):
            continue
        following = quoted[index + 1] if index + 1 < len(quoted) else None
        continues = previous is not None and quoted[index - 1].paragraph == span.paragraph
        continues = continues and previous is not None and (previous.cue is not None or _adjacent(text, quoted[index - 1], span))
        candidate = _cued(doc, text, span, following, previous)
        candidate = candidate or _signed(text, span) or _epigraph(doc, text, span, paragraphs) or _cut_quote(doc, text, span)
        candidate = candidate or _uncued(text, span, continues, continues and _opens_sentence(doc, span))
        if candidate is not None:
            result.append(candidate)
        previous = candidate
    return result


def _names_a_work(doc: Doc, text: str, span: _Quoted) -> bool:
    """``he said on “Meet the Press.” “But …”`` / a paragraph ``'Legend in the Coal Fields.'``: a title
    inside a sentence names a show or a book, and one standing as a paragraph heads a section; neither
    is speech nor ends the quotation around it (``“We're America.”``, a short title-case sentence of
    its own, is speech). PolNeAR dev content exact +3; train-300 content exact +7 and 2 lost (fragments
    now continuing a cued quote), speaker exact +6."""
    if not _is_title(text[span.start : span.end]):
        return False
    return not _opens_sentence(doc, span) or _is_whole_paragraph(text, span)


def _adjacent(text: str, before: _Quoted, after: _Quoted) -> bool:
    """Nothing but space between two quoted spans: one quotation over several paragraphs."""
    return before.end <= after.start and not text[before.outer_end : after.outer_start].strip()


def _cued(doc: Doc, text: str, span: _Quoted, following: _Quoted | None, previous: _Candidate | None) -> _Candidate | None:
    """A direct (or split) quote whose cue verb sits right after or right before the quoted span."""
    if previous is not None and previous.kind == "split" and previous.cue_token is not None and previous.start < span.start:
        tail_end = previous.cue_token.sent.end_char
        # a quote in the next paragraph has its own cue or none: spaCy's sentence may run on over the break
        same_paragraph = "\n" not in text[previous.end : span.outer_start]
        if previous.cue_token.idx < span.outer_start <= tail_end + 1 and same_paragraph:
            return _candidate(span, "split", previous.cue_token)
    if _is_title(text[span.start : span.end]):
        return None  # said on “The Steve Harvey Morning Show”
    short = len(text[span.start : span.end].split()) < MIN_UNCUED_WORDS
    cue = _tail_cue(doc, text, span) if not short or _opens_sentence(doc, span) else None
    if cue is not None:
        is_split = (
            following is not None
            and following.paragraph == span.paragraph
            and _only_attribution_between(doc, cue, span.outer_end, following.outer_start)
            and not _cued_on_its_own(doc, text, cue, following)
        )
        candidate = _candidate(span, "split" if is_split else "direct", cue)
        lead = _sentence_lead(doc, span)
        if lead is not None:  # mixed: the reporter's words too; a split quote's parts stay split
            candidate.start, candidate.kind = lead, candidate.kind if is_split else "reported"
        return candidate
    cue = None if short else _head_cue(doc, text, span)
    if cue is None:
        return None
    start = _clause_start(doc, cue, span)
    start = _parenthetical_lead(doc, cue, span) if start == span.start else start
    candidate = _candidate(span, "direct" if start == span.start else "reported", cue)  # mixed: the reporter's words too
    candidate.start = start
    return candidate


def _describes_the_speaker(previous: _Candidate | None, span: _Quoted) -> bool:
    """``“…,” said X, whose book features interviews with “rebellious” people. “…”``: words in quote marks
    inside the phrase naming a split quote's speaker describe the speaker; they are no part of the
    quotation, which goes on after them. With the split quote kept to its paragraph (``_cued``):
    PolNeAR dev content exact +2, speaker exact +1; train-250 +2 / +1; none lost."""
    if previous is None or previous.kind != "split" or previous.cue_token is None:
        return False
    cue = previous.cue_token
    subject = subject_of(cue)
    if subject is None:
        return False
    last = subject.right_edge
    return subject.left_edge.idx <= span.outer_start and span.outer_end <= last.idx + len(last.text) + 1


def _sentence_lead(doc: Doc, span: _Quoted) -> int | None:
    """``Clinton “is the only candidate …,” X said``: words of the quote's own sentence before the
    opening mark belong to what was reported (PolNeAR content spans start with the sentence)."""
    inside = _tokens_between(doc, span.start, span.end)
    if inside is None or inside[0].i == 0:
        return None
    sent = inside[0].sent
    before = [t for t in doc[sent.start : inside[0].i] if t.idx < span.outer_start]
    lead = [t for t in before if not (t.is_punct or t.is_space)]
    if not lead or any(t.is_punct or _is_cue(t) or "\n" in t.whitespace_ for t in before):
        return None
    return lead[0].idx


def _parenthetical_lead(doc: Doc, cue: Token, span: _Quoted) -> int:
    """``That, the commission said, “would be helpful …”`` / ``If whites were moving his way, Cohn wrote,
    “…”``: a noun phrase or clause that opens the cue's sentence, set off by a comma right before the
    speaker, is what was said, the quotation going on after ``X said,`` (PolNeAR content is both parts;
    a scene, "In a statement,", is not). The quotation's start, or where the lead starts. PolNeAR content
    exact dev unchanged (997), train 7,900 -> 7,908 (8 new right, none lost); speaker exact train -1."""
    between = _tokens_between(doc, cue.idx + len(cue.text), span.outer_start)
    subject = subject_of(cue)
    if between is None or [t.text for t in between] != [","] or subject is None or subject.right_edge.i + 1 != cue.i:
        return span.start  # "X said in a statement, “…”" / "…, X said: “…”": kept to the quotation
    lead = doc[cue.sent.start : subject.left_edge.i]
    if len(lead) < 2 or lead[-1].text != "," or subject.tag_ in ("WDT", "WP"):
        return span.start  # "…, which said, “…”"
    if lead[-2].pos_ in ("ADP", "CCONJ", "SCONJ") or lead[-2].tag_ == "VBG":
        return span.start  # "…, including, he said, “…”"
    if any(t.is_quote or _is_report_verb(t) or "\n" in t.whitespace_ for t in lead) or not _says_something(lead[:-1]):
        return span.start
    return lead[0].idx


def _says_something(lead: Span) -> bool:
    """A clause with its own subject (``If whites were moving his way``) or a noun phrase (``An economic
    downturn``), not a scene (``In a statement``, ``Holding open a book``) or a connective (``Still``)."""
    roots = [t for t in lead if not (lead.start <= t.head.i < lead.end) or t.head.i == t.i]
    if len(roots) != 1:
        return False
    root = roots[0]
    if root.pos_ in ("VERB", "AUX"):
        if len(lead) < MIN_LEAD_CLAUSE_WORDS or any(t.lemma_.lower() in SPEAKING_VERBS for t in lead):
            return False  # "Eyebrows raised", "While he was speaking with the press"
        finite = root.tag_ in FINITE_TAGS or any(c.dep_ in ("aux", "auxpass") for c in root.children)
        return finite and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children)
    scene = root.dep_ in ("pobj", "npadvmod") or root.ent_type_ in ("DATE", "TIME")  # "The next day,"
    return root.pos_ in ("NOUN", "PROPN", "PRON") and not scene


def _clause_start(doc: Doc, cue: Token, span: _Quoted) -> int:
    """``X said that voter fraud “would be …”``: a quotation that ends the clause the cue reports
    starts where that clause does (PolNeAR content spans hold the whole complement, "that" included)."""
    inside = _tokens_between(doc, span.start, span.end)
    if inside is None:
        return span.start
    for child in cue.rights:
        if child.dep_ not in ("ccomp", "xcomp") or inside[0].i not in {t.i for t in child.subtree}:
            continue
        first = child.left_edge
        if cue.i < first.i and first.idx < span.outer_start:
            return first.idx
    return span.start


def _is_title(quoted: str) -> bool:
    """``“The Steve Harvey Morning Show”``, ``“Make America Great Again”``: a few capitalised words
    without a sentence's punctuation name a show, paper or slogan; they are not what someone said."""
    bare = quoted.rstrip(".")
    words = bare.split()
    if not 2 <= len(words) <= MAX_TITLE_WORDS or any(mark in bare for mark in ",;:.!?"):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w in TITLE_FUNCTION_WORDS for w in words) and words[0][:1].isupper()


def _opens_sentence(doc: Doc, span: _Quoted) -> bool:
    """``“Absolutely,” he said.``: a short quote is speech only when it opens its sentence;
    ``told “Good Morning America”`` names a show."""
    inside = _tokens_between(doc, span.outer_start, span.outer_end)
    if inside is None:
        return False
    first = inside[0]
    before = doc[first.i - 1] if first.i > 0 else None  # the parser may leave the opening mark on the sentence before
    return bool(first.is_sent_start) or before is None or before.text in SENTENCE_ENDS or "\n" in before.whitespace_


def _candidate(span: _Quoted, kind: QuoteKind, cue: Token) -> _Candidate:
    according = cue.lower_ == "according"
    speaker = _according_source(cue) if according else subject_of(cue)
    return _Candidate(
        span.start,
        span.end,
        kind,
        cue="according to" if according else _cue_text(cue),
        cue_token=cue,
        speaker=speaker_span(speaker, cue) if speaker is not None else None,
        speaker_head=speaker,
    )


def _according_source(token: Token) -> Token | None:
    """X of "according to X"."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None


def _tokens_between(doc: Doc, start: int, end: int) -> Span | None:
    span = doc.char_span(start, end, alignment_mode="contract")
    return span if span is not None and len(span) else None


def _tail_cue(doc: Doc, text: str, span: _Quoted) -> Token | None:
    """``“…,” X said`` / ``“…,” said X``: a cue whose words fill the text after the closing mark.
    A quote closed by a full stop ends its sentence: the ``X said`` after it is the next one's."""
    tail = _tokens_between(doc, span.outer_end, span.paragraph[1])
    if tail is None or text[span.end - 1 : span.end] == "." or _QUOTE_MARK.match(text, span.outer_end):
        return None  # a quote left open runs into the next one: what follows is that quote, not a tail
    tail = doc[tail.start : min(tail.end, tail[0].sent.end)]
    lead = [t for t in tail[:3] if not t.is_punct]
    if lead and lead[0].lower_ == "according" and _according_source(lead[0]) is not None:
        return lead[0]  # "“…,” according to X."
    for token in tail:
        if _is_cue(token) and subject_of(token) is not None:
            if token.i + 1 < len(doc) and doc[token.i + 1].text == ":":
                return None  # "“…?” The Branch said: “…”": the cue introduces the next quotation
            gap = doc[tail.start : token.i]
            if _goes_on_after(token, span) or not _is_attribution_gap(gap, token):
                return None
            return _inner_cue(token)
    return None


def _goes_on_after(cue: Token, span: _Quoted) -> bool:
    """``X said that there is “…,” adding that …``: a participle after the closing mark whose subject
    comes before the opening mark is the speaker going on; the quote belongs to the verb before it
    (found by ``_head_cue``, with the words of its clause before the mark). PolNeAR train-300: content
    exact +1, speaker exact +2, none lost; dev unchanged."""
    subject = subject_of(cue)
    return cue.tag_ == "VBG" and subject is not None and subject.idx < span.outer_start and quoted_speaker(cue) is None


def _inner_cue(cue: Token) -> Token:
    """``“…,” the paper quoted Anna Smith as saying``: the speech participle whose speaker is the
    outer verb's object stands for the cue (see ``speakers.quoted_speaker``)."""
    inner = (t for t in cue.subtree if t.i > cue.i and t.tag_ == "VBG" and _is_cue(t) and quoted_speaker(t) is not None)
    return next(inner, cue)


def _head_cue(doc: Doc, text: str, span: _Quoted) -> Token | None:
    """``X said: “…”``: the last cue before the opening mark, with few words between."""
    head = _tokens_between(doc, span.paragraph[0], span.outer_start) or _introducing_line(doc, text, span)
    if head is None:
        return None
    sent_start = doc[head.end - 1].sent.start
    for token in reversed(doc[max(head.start, sent_start) : head.end]):
        if token.text in QUOTE_CLOSERS or token.text == DOUBLED_APOSTROPHE:
            return None
        if _is_cue(token) and subject_of(token) is not None:
            gap = doc[token.i + 1 : head.end]
            near = len(gap) <= MAX_HEAD_GAP_TOKENS or _only_addressee(gap, token) or _reported_lead(gap, token, span)
            return _inner_cue(token) if near else None
    return None


def _introducing_line(doc: Doc, text: str, span: _Quoted) -> Span | None:
    """``Caddell continued:`` as a paragraph of its own, with the quote as the next paragraph:
    the introducing paragraph, up to its colon, stands where the words before the mark would."""
    if span.outer_start != span.paragraph[0]:
        return None
    before = text[: span.paragraph[0]].rstrip()
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    sent = colon[0].sent
    return doc[sent.start : colon[0].i + 1]


def _reported_lead(gap: Span, cue: Token, span: _Quoted) -> bool:
    """``X said the plan the council drew up last spring “would …”``: a longer gap is fine when it
    opens the clause the cue reports, no other cue in it, and the quotation ends it."""
    inside = _tokens_between(gap.doc, span.start, span.end)
    if inside is None:
        return False
    for child in cue.rights:
        subtree = {t.i for t in child.subtree}
        if child.dep_ == "ccomp" and inside[0].i in subtree and all(t.i in subtree or t.is_punct for t in gap):
            return not any(_is_report_verb(t) or t.lemma_.lower() in NAMING_VERBS for t in gap)  # "…, calling it “…”"
    return False


def _only_addressee(gap: Span, cue: Token) -> bool:
    """``X told the Associated Press (AP), “…”``: a longer gap is fine when it is only whom the
    words were told to (the cue's object or prepositional phrase), without another verb."""
    if len(gap) > MAX_ADDRESSEE_TOKENS:
        return False
    allowed = {t.i for c in cue.rights if c.dep_ in ("dobj", "dative", "prep", "npadvmod") for t in c.subtree}
    return all((t.i in allowed and t.pos_ not in ("VERB", "AUX")) or t.is_punct for t in gap)


def _is_cue(token: Token) -> bool:
    if token.pos_ != "VERB" or token.lemma_.lower() not in CUE_VERBS:
        return False
    if token.lemma_.lower() in TEXT_VERBS:  # "It read: “…”": the text's writer, carried from before, speaks
        return not any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in token.children)
    return True


def _is_report_verb(token: Token) -> bool:
    """A cue verb, a stance verb, or "show"/"find" with a poll or study as subject."""
    if token.pos_ != "VERB":
        return False
    lemma = token.lemma_.lower()
    if lemma in CUE_VERBS or lemma in STANCE_VERBS:
        return True
    if lemma in NAMING_VERBS:
        return _names_something(token, NAMING_VERBS[lemma]) or _names_in_quotes(token)
    if lemma in PREPOSITION_CUES:
        return _speaks_about(token)
    subject = subject_of(token) if lemma in EVIDENCE_VERBS else None
    if subject is None:
        return False
    with_clause = any(c.dep_ == "ccomp" for c in token.children)  # "the data show that …"
    return subject.lemma_.lower() in EVIDENCE_NOUNS or (with_clause and subject.pos_ in ("NOUN", "PROPN"))


def _speaks_about(verb: Token) -> bool:
    """``spoke of …`` / ``railed against …``: one of the verb's ``PREPOSITION_CUES`` follows it with an object.
    A preposition left without its object (``the experts I spoke to about the plan``) marks a relative
    clause on who was spoken to, not a report."""
    parts = PREPOSITION_CUES.get(verb.lemma_.lower(), frozenset())
    preps = [c for c in verb.rights if c.dep_ == "prep"]
    if any(not any(True for _ in c.children) for c in preps):
        return False
    return any(c.lower_ in parts and any(g.dep_ in ("pobj", "pcomp") for g in c.children) for c in preps)


def _names_in_quotes(verb: Token) -> bool:
    """``called half of his supporters “deplorables”``: what something was called, in quote marks, in a
    main clause (``what he called “…”`` and ``as the paper called them “…”`` name, they do not report)."""
    if verb.dep_ == "relcl" or any(c.tag_ in ("WP", "WDT") or c.dep_ == "mark" for c in verb.children):
        return False
    return any(c.dep_ in OBJECT_DEPS and any(t.is_quote for t in c.subtree) for c in verb.rights)


def _names_something(verb: Token, parts: frozenset[str]) -> bool:
    """``called for …`` / ``called on X to …``: one of the prepositions ``parts`` follows the verb
    (``on`` only with a to-clause: "called on Monday" is when)."""
    rights = list(verb.rights)
    to_clause = any(t.dep_ == "xcomp" for c in rights for t in c.subtree)
    return any(c.dep_ in ("prep", "prt") and c.lower_ in parts and (c.lower_ != "on" or to_clause) for c in rights)


def _is_attribution_gap(gap: Span, cue: Token) -> bool:
    """Words between a closing mark and its cue may only be the speaker, adverbs and punctuation."""
    speaker = subject_of(cue)
    if speaker is not None and speaker.i < gap.start:  # the parser took quoted words for the subject:
        return all(t.is_punct or t.pos_ in NAME_PHRASE_POS or t.tag_ == "POS" for t in gap)  # a name ("Obama's aide")
    allowed = set() if speaker is None else {t.i for t in speaker.subtree}
    return all(t.i in allowed or t.is_punct or t.pos_ in ("ADV", "AUX", "PART") for t in gap)


def _only_attribution_between(doc: Doc, cue: Token, start: int, end: int) -> bool:
    """True when the text between two quoted spans is only ``X said,``: the quote is split."""
    between = _tokens_between(doc, start, end)
    if between is None:
        return False
    speaker = subject_of(cue)
    allowed = {cue.i} | ({t.i for t in speaker.subtree} if speaker is not None else set())
    return cue.i in range(between.start, between.end) and all(
        t.i in allowed or t.is_punct or t.pos_ in ("ADV", "AUX", "PART", "CCONJ") for t in between
    )


def _cued_on_its_own(doc: Doc, text: str, cue: Token, following: _Quoted) -> bool:
    """``“…,” said X. “…,” added Y``: a full stop after the speaker and a cue of the next quote's own
    end the quotation; the next quote is Y's, not the second part of X's."""
    between = _tokens_between(doc, cue.idx, following.outer_start)
    if between is None or not any(t.text in SENTENCE_ENDS for t in between):
        return False
    own = _tail_cue(doc, text, following)  # not one inside a quotation after it (``“…” “I wish …”``)
    return own is not None and _QUOTE_MARK.search(text, following.outer_end, own.idx) is None


def _epigraph(doc: Doc, text: str, span: _Quoted, paragraphs: list[tuple[int, int]]) -> _Candidate | None:
    """A whole-paragraph quote followed by a ``– Name, date`` line."""
    if not _is_whole_paragraph(text, span):
        return None
    following = [p for p in paragraphs if p[0] >= span.paragraph[1]]
    if not following:
        return None
    line_start, line_end = following[0]
    line = text[line_start:line_end]
    match = _EPIGRAPH_LINE.match(line)
    if match is None or len(line.split()) > MAX_EPIGRAPH_WORDS:
        return None
    who_start = line_start + match.start("who")
    who_end = line_start + match.end("who")
    name = _person_in(doc, who_start, who_end) or _trailing_capitalised(match.group("who"))
    candidate = _Candidate(span.start, span.end, "epigraph", speaker=(who_start, who_end), speaker_name=name)
    when = match.group("when")
    value = _parse_date(when) if when else None
    if value is not None:
        candidate.said_on = value
        candidate.said_on_evidence = f"attribution line under the quote: {line.strip()!r}"
    return candidate


def _signed(text: str, span: _Quoted) -> _Candidate | None:
    """``“…” ― Name`` / ``“…” — Name (@handle) date`` at the end of the quote's line."""
    match = _SIGNATURE.match(text, span.outer_end)
    if match is None or len(text[span.start : span.end].split()) < MIN_UNCUED_WORDS:
        return None
    who_start, who_end = match.span("who")
    while who_end > who_start and (text[who_end - 1].isspace() or text[who_end - 1] == "."):
        who_end -= 1
    name = text[who_start:who_end]
    candidate = _Candidate(span.start, span.end, "epigraph", cue=None, speaker=(who_start, who_end), speaker_name=name)
    value = _parse_date(match.group("when"))
    if value is not None:
        candidate.said_on = value
        candidate.said_on_evidence = f"signature under the quote: {match.group(0).strip()!r}"
    return candidate


def _is_whole_paragraph(text: str, span: _Quoted) -> bool:
    size = len(text[span.paragraph[0] : span.paragraph[1]].strip())
    return size > 0 and (span.end - span.start) / size >= WHOLE_PARAGRAPH_SHARE


def _person_in(doc: Doc, start: int, end: int) -> str | None:
    names = [e.text for e in doc.ents if e.label_ == "PERSON" and start <= e.start_char and e.end_char <= end]
    return names[-1] if names else None


def _trailing_capitalised(words: str) -> str | None:
    """The last two capitalised words ("Secretary Michael Pompeo" -> "Michael Pompeo")."""
    capitalised = [w for w in words.split() if w[:1].isupper()]
    return " ".join(capitalised[-2:]) or None


def _parse_date(value: str) -> str | None:
    """ISO date of the first full date (day, month and year) in ``value``."""
    for pattern, formats in _DATE_FORMS:
        match = pattern.search(value)
        if match is None:
            continue
        written = match.group(0).replace(".", "")
        for form in formats:
            try:
                return datetime.strptime(written, form).date().isoformat()
            except ValueError:
                continue
    return None


def _cut_quote(doc: Doc, text: str, span: _Quoted) -> _Candidate | None:
    """``… he said. / “Today we are...``: a quotation that opens a sentence and runs to where the excerpt
    was cut is speech, however short; it takes the previous speaker. (One opened inside a sentence,
    ``called for a “timely …``, is that sentence's report.)"""
    if span.end != _cut_off_at(text, span.paragraph) or not _opens_sentence(doc, span):
        return None
    return _Candidate(span.start, span.end, "direct", inherit=True)


def _uncued(text: str, span: _Quoted, continues: bool, sentence: bool) -> _Candidate | None:
    """A quote without a cue, kept when it is a paragraph of its own or continues a cued quote
    of the same paragraph (``“…,” X said at a rally. “…”``; a shorter one when it is a ``sentence``
    of its own); it takes the previous speaker."""
    words = len(text[span.start : span.end].split())
    if sentence and words >= MIN_CONTINUED_WORDS:
        return _Candidate(span.start, span.end, "direct", inherit=True)
    if words < MIN_UNCUED_WORDS or not (continues or _is_whole_paragraph(text, span)):
        return None
    return _Candidate(span.start, span.end, "direct", inherit=True)


def _labelled_paragraphs(
    doc: Doc, text: str, paragraphs: list[tuple[int, int]], people: People, found: list[_Candidate]
) -> list[_Candidate]:
    """Headline and transcript style ``Name: what they said`` paragraphs; an uncued quote that
    is the paragraph's content (``Jeffrey M. Jones: “…”``, also after a digest headline and a dash:
    ``STATES SHIFT - Jeffrey M. Jones: “…”``) takes the label as its speaker."""
    result = []
    for start, end in paragraphs:
        covered = [c for c in found if c.start < end and start < c.end]
        if any(not c.inherit for c in covered):
            continue
        match = _LABELLED.match(text, start, end)
        labelled = None if match is None else _label_speaker(doc, match, start, start == paragraphs[0][0], people)
        dashed = _DASHED_LABEL.match(text, start, end) if labelled is None else None
        if dashed is not None:  # "HEADLINE - Name: “…”": the label after the dash (PolNeAR train-250 +2, dev none)
            match, labelled = dashed, _label_speaker(doc, dashed, start, False, people)
        if match is None or labelled is None:
            continue
        speaker, name = labelled
        if start == paragraphs[0][0]:
            speaker, name = _headline_label_name(doc, speaker, name, people)
        for candidate in covered:  # the label is who speaks, not the last speaker
            candidate.inherit, candidate.cue, candidate.speaker, candidate.speaker_name = False, ":", speaker, name
            candidate.start = max(candidate.start, match.start("what"))  # a quote opened before the label
        if not covered and not (start == paragraphs[0][0] and _a_thing_not_a_person(doc, text, speaker, name)):
            kind = _label_kind(doc, speaker)
            result.append(
                _Candidate(match.start("what"), end, "direct", cue=":", speaker=speaker, speaker_name=name, speaker_kind=kind)
            )
    return result


def _label_kind(doc: Doc, speaker: tuple[int, int] | None) -> SpeakerKind | None:
    """A label naming no person is an organisation ("Federal Appeals Court:") or a document ("Poll:"), never a
    person (an analyst audit saw a court typed as one); None leaves a person's label to be typed later."""
    words = None if speaker is None else doc.char_span(*speaker, alignment_mode="expand")
    if words is None or any(t.ent_type_ == "PERSON" for t in words):
        return None
    if words[-1].lemma_.lower() in EVIDENCE_NOUNS:
        return "document"
    return "organisation" if any(t.ent_type_ == "ORG" for t in words) else None


def _a_thing_not_a_person(doc: Doc, text: str, speaker: tuple[int, int] | None, name: str | None) -> bool:
    """Is a headline label NER calls a person written elsewhere after "the" ("Pandora Papers: A simple
    guide …" beside "the Pandora Papers leak")? No one's name takes an article: the label is a topic
    and the line its description, not someone's words (an audit saw the leak made a speaker)."""
    if speaker is None or not name:
        return False
    span = doc.char_span(*speaker, alignment_mode="expand")
    person = span is not None and any(t.ent_type_ == "PERSON" for t in span)
    return person and re.search(rf"\bthe\s+{re.escape(name)}\b", text, re.IGNORECASE) is not None


def _headline_quotes(
    doc: Doc, text: str, quoted: list[_Quoted], paragraphs: list[tuple[int, int]], people: People, found: list[_Candidate]
) -> list[_Candidate]:
    """Quoted words of a headline without a cue: a headline names who it quotes. The speaker is the
    person the parse ties the quote to (``_headline_speaker``); its title-case words fool the
    tagger, so only a person the story itself names counts (``_story_person``)."""
    if not paragraphs or not _is_headline(text, paragraphs[0]):
        return []
    result = []
    for span in (q for q in quoted if q.paragraph == paragraphs[0]):
        if any(c.start < span.end and span.start < c.end and not c.inherit for c in found):
            continue
        speaker = _headline_speaker(doc, span, paragraphs[0][1], people) or _headline_opener(doc, paragraphs[0], people)
        if speaker is not None:
            entity, found_name = speaker
            where, name = _headline_label_name(doc, (entity.start_char, entity.end_char), found_name, people)
            result.append(
                _Candidate(
                    span.start, span.end, "direct", cue="headline", speaker=where, speaker_name=name, speaker_kind="person"
                )
            )
    return result


def _headline_speaker(doc: Doc, span: _Quoted, headline_end: int, people: People) -> tuple[Span, str] | None:
    """Up the parse from the quoted words, the first person who is the subject, the possessor or
    the name-modifier of a word it hangs on: "X Opens Fund, Demands Y ‘…’" (the subject of the
    verbs), "X rejects Y call for ‘…’" (whose call), "X’s letter ‘…’" (whose letter)."""
    words = doc.char_span(span.start, span.end, alignment_mode="expand")
    if words is None:
        return None
    token: Token | None = words.root
    seen = set(range(words.start, words.end))
    while token is not None:
        for child in token.children:
            if child.i in seen or child.dep_ not in ("nsubj", "poss", "compound"):
                continue
            entity = entity_of(child)
            name = _story_person(doc, entity, headline_end, people) if entity is not None else None
            if entity is not None and name:
                return entity, name
        seen.add(token.i)
        token = token.head if token.head.i != token.i else None
    return _across_colon(doc, span, headline_end, people)


def _headline_opener(doc: Doc, headline: tuple[int, int], people: People) -> tuple[Span, str] | None:
    """``Trump to sue Facebook …, says they've ‘ceased to be private’``: a headline with a speech verb
    and no subject the parse can find is said by the person it opens with, when the story names that
    person (title-case headlines fool the tagger: "Trump" parsed as a verb)."""
    words = doc.char_span(headline[0], headline[1], alignment_mode="expand")
    if words is None or not any(t.lower_ in HEADLINE_CUES for t in words):
        return None
    opener = [t for t in words[:MAX_HEADLINE_OPENER_WORDS] if t.text[:1].isupper() and t.is_alpha]
    opener = opener[: next((i for i, t in enumerate(opener) if t.i != words.start + i), len(opener))]
    while opener and not people.knows(opener[-1].text):
        opener.pop()
    if not opener:
        return None
    name = people.full_name(" ".join(t.text for t in opener))
    return (doc[opener[0].i : opener[-1].i + 1], name) if len(name.split()) > 1 else None


def _across_colon(doc: Doc, span: _Quoted, headline_end: int, people: People) -> tuple[Span, str] | None:
    """ "X’s emails: ‘…’" / "‘…’: X’s three words": a quote set off by a colon is said by the
    person named on the colon's other side."""
    text = doc.text
    after_colon = text[span.paragraph[0] : span.outer_start].rstrip().endswith(":")
    before_colon = text[span.outer_end : span.paragraph[1]].lstrip().startswith(":")
    if after_colon:
        side = (span.paragraph[0], span.outer_start)
    elif before_colon:
        side = (span.outer_end, span.paragraph[1])
    else:
        return None
    words = doc.char_span(*side, alignment_mode="contract")
    if words is None:
        return None
    whole = [e for e in doc.ents if e.label_ == "PERSON" and (e.start_char, e.end_char) == _stripped(text, side)]
    for token in words:
        if not (whole or _tied_to_words(token, words)):
            continue
        entity = entity_of(token) or _unlabelled_surname(doc, token, headline_end)
        name = _story_person(doc, entity, headline_end, people) if entity is not None else None
        if entity is not None and name:
            return entity, name
    return None


def _stripped(text: str, side: tuple[int, int]) -> tuple[int, int]:
    """``side`` without the spaces, colon and marks around its words."""
    start, end = side
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _tied_to_words(token: Token, side: Span) -> bool:
    """Is ``token`` who the other side of a headline's colon says spoke: the subject of its verb ("‘…’: Ana
    Ruiz turns the tables on Tom Bell") or whose text it names ("‘…’: Joe Biden’s letter")? A name
    there the parse ties to no speaking ("‘…’: Ana Ruiz’s office rife with dissent", "… on Tom Bell")
    is a topic: an analyst audit saw the quote given to the senator it was said to, and to the vice
    president whose staff said it."""
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX") and token.head in side:
        return True
    owner = token.head if token.dep_ == "compound" else token
    return owner.dep_ == "poss" and owner.head.lemma_.lower() in SPOKEN_TEXTS


def _unlabelled_surname(doc: Doc, token: Token, headline_end: int) -> Span | None:
    """A headline word NER left untagged ("Fauci turns tables …") that is the surname of a person the story names."""
    if token.pos_ != "PROPN":
        return None
    surnames = {e.text.split()[-1].lower() for e in doc.ents if e.label_ == "PERSON" and e.start_char >= headline_end}
    return Span(doc, token.i, token.i + 1, label="PERSON") if token.lower_ in surnames else None


def _story_person(doc: Doc, entity: Span, headline_end: int, people: People) -> str | None:
    """A headline PERSON's full name when the story's text names that person too (a title-case
    "Ruiz Clashes" is Ana Ruiz, named "Mayor Ana Ruiz" below it; "Ruiz-endorsed" is nobody): the
    longest run of the entity's first words that is a person's surname in the text."""
    if entity.label_ != "PERSON":
        return None
    surnames = {e.text.split()[-1].lower() for e in doc.ents if e.label_ == "PERSON" and e.start_char >= headline_end}
    words = re.sub(r"[’']s?$", "", entity.text).split()
    while words and words[-1].lower() not in surnames:
        words.pop()
    return people.full_name(" ".join(words)) if words else None


def _is_headline(text: str, paragraph: tuple[int, int]) -> bool:
    """Short and not ended like a sentence (a closing quote mark aside: "… in a clip of ‘The Show.’")."""
    words = text[paragraph[0] : paragraph[1]].split()
    return 0 < len(words) <= MAX_HEADLINE_WORDS and text[paragraph[0] : paragraph[1]].rstrip("’'”\"")[-1:] not in ".!?"


def _label_speaker(
    doc: Doc, match: re.Match[str], start: int, is_first: bool, people: People
) -> tuple[tuple[int, int], str | None] | None:
    """The label's span and name when it names who speaks: a person ("Philip Bump:", "Frank
    Newport and Jim Harter:"), a transcript speaker in capitals ("FALLIN:"), or a person named
    again in the story heading the first paragraph ("Graham: Trump's …")."""
    who_start, who_end = match.span("who")
    label = match.group("who").strip()
    words = label.split()
    if label.upper().replace("-", " ") in NOT_SPEAKER_LABELS:  # a kicker NER may tag ("EXPLAINER:", "Analysis:")
        return None
    persons = [
        e for e in people.entities or doc.ents if e.label_ == "PERSON" and who_start <= e.start_char and e.end_char <= who_end
    ]
    if persons and len(words) <= MAX_HEADLINE_LABEL_WORDS + 1 and all(_is_label_word(w) for w in words):
        name = people.full_name(persons[0].text) if len(persons) == 1 else label
        if is_first and len(persons) == 1:  # a title-case headline: "Ruiz Clashes With …" is Ana Ruiz
            name = _story_person(doc, persons[0], match.end(), people) or name
        return (who_start, who_end), name
    if label.isupper() and 0 < len(words) <= 3 and label not in NOT_SPEAKER_LABELS and all(w.isalpha() for w in words):
        return (who_start, who_end), people.full_name(label.title())
    if is_first and _is_headline_label(label) and people.knows(words[-1]):
        return (who_start, who_end), people.full_name(label)
    if is_first and _is_headline_label(label) and _is_source_label(doc, who_start, who_end, words):
        return (who_start, who_end), label
    return None


def _headline_label_name(
    doc: Doc, speaker: tuple[int, int], name: str | None, people: People
) -> tuple[tuple[int, int], str | None]:
    """``Carly Fiorina Endorses Ted Cruz: …`` / ``Clinton Wades In: …`` / ``CNN President On Trump: …`` /
    ``EXCLUSIVE – Roger Stone: …``: a headline label may tell what its speaker did before the colon; the
    speaker ends before a title-case verb ("Endorses": a capitalised word in -s the story never writes
    again, not the label's last: "NY Daily News") or a preposition after a name ("A lesson from …" names
    no one before it), and starts after a spaced dash."""
    words = doc.char_span(speaker[0], speaker[1], alignment_mode="expand")
    if words is None:
        return speaker, name
    tokens = list(words)
    dash = next((i for i, t in enumerate(tokens) if i > 0 and t.text in DATELINE_MARKS and tokens[i - 1].whitespace_), None)
    if dash is not None and dash + 1 < len(tokens):
        tokens = tokens[dash + 1 :]
    cut = next(
        (
            i
            for i, t in enumerate(tokens[:-1])
            if i > 0 and any(n.ent_type_ for n in tokens[:i]) and not _inside_organisation(t) and _ends_headline_name(t)
        ),
        len(tokens),
    )
    tokens = tokens[:cut]
    if not tokens or (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)) == speaker:
        return speaker, name
    span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
    return span, people.full_name(doc.text[span[0] : span[1]])


def _inside_organisation(token: Token) -> bool:
    """ "Appeals" in "Federal Appeals Court": a word inside an organisation's name (NER's persons in title-case
    headlines run on into the verb, "Fauci Clashes")."""
    return token.ent_iob_ == "I" and token.ent_type_ != "PERSON"


def _ends_headline_name(token: Token) -> bool:
    """A title-case verb ("Wades", "Endorses", "Debunks") or a preposition ("On") inside a headline label."""
    if token.pos_ == "ADP" and token.lower_ not in NAME_PREPOSITIONS:
        return True
    word = token.text
    if len(word) <= 3 or not word[:1].isupper() or not word.endswith("s") or word.endswith("ss"):
        return False
    body = token.doc.text[token.sent.end_char :]
    return re.search(rf"\b{re.escape(word)}\b", body) is None  # "Breitbart News Daily": the story says "News" too


def _is_source_label(doc: Doc, start: int, end: int, words: list[str]) -> bool:
    """ "Poll:", "IG report:", "Politifact:": a headline label naming a study or an organisation."""
    if words[-1].lower() in EVIDENCE_NOUNS:
        return True
    return any(e.label_ == "ORG" and e.start_char <= start and end <= e.end_char + 1 for e in doc.ents)


def _is_label_word(word: str) -> bool:
    return word[:1].isupper() or word in ("and", "de", "van", "von", "bin", "al")


def _is_headline_label(label: str) -> bool:
    """ "Graham", "Clinton camp", "NY Daily News", "Poll": a short capitalised label before a colon
    in a headline is who says the rest."""
    words = label.split()
    return 0 < len(words) <= MAX_HEADLINE_LABEL_WORDS and words[0][:1].isupper() and not label.rstrip().endswith(".")


def _tweets(text: str, found: list[_Candidate]) -> list[_Candidate]:
    """Embedded tweets: the text before a ``— Name (@handle) date`` sign-off, back to the line
    start or the previous tweet, is the named account's, said on that date. A text without a
    handle's "(@" holds no sign-off: it is not scanned (the pattern, which may open on spaces,
    is tried at every position: 0.07 s of CPU a pass over 1,349 bench texts)."""
    result: list[_Candidate] = []
    if _TWEET_HANDLE not in text:
        return result
    for match in _TWEET_SIGNATURE.finditer(text):
        window_start = max(0, match.start() - MAX_TWEET_CHARS)
        starts = [m.end() for m in _TWEET_START.finditer(text, window_start, match.start())]
        start = max(starts, default=window_start if window_start == 0 else -1)
        if start < 0:
            continue
        while start < match.start() and text[start].isspace():
            start += 1
        end = match.start()
        words = len(text[start:end].split())
        if words < MIN_UNCUED_WORDS or any(c.start < end and start < c.end for c in found):
            continue
        speaker = (match.start("who"), match.end("handle"))  # the account as signed: "Name (@handle)"
        candidate = _Candidate(start, end, "epigraph", speaker=speaker, speaker_name=match.group("who").strip())
        candidate.said_on = _parse_date(match.group("when"))
        candidate.said_on_evidence = f"tweet signature: {match.group(0).strip()!r}" if candidate.said_on else None
        result.append(candidate)
    return result


# 5. reported speech -----------------------------------------------------------------------------


def _reported_candidates(doc: Doc, text: str, quoted: list[_Quoted], direct: list[_Candidate]) -> list[_Candidate]:
    """Reported speech from the parse; a clause that is mostly quoted stays a direct quote."""
    found: list[_Candidate] = []
    index = _QuoteIndex.of(quoted)
    markup = _MARKUP in text  # no span of a text without it is markup: its spans' words are not read
    for token in _possible_cues(doc):
        if index.covers(token.idx):  # a report inside a quotation is the quoted speaker's, not looked at
            continue
        candidate = _reported_from(doc, token, markup) or _quoted_object_report(token, text, quoted, index)
        if candidate is None:
            continue
        if _quoted_with_a_cue(candidate, direct) and _mostly_quoted(candidate, index):  # the cheap test first
            continue
        candidate.end = _quotation_ending_clause(candidate, text, quoted)
        found.append(candidate)
    return _outermost(_without_overlap(found, direct, text))


@dataclass(frozen=True, slots=True)
class _QuoteIndex:
    """The quotations' starts, sorted, and the character ranges they cover, merged: per-token lookups
    by bisection (``_inside_quote`` reads every quotation per token)."""

    starts: list[int]
    covered_from: list[int]
    covered_to: list[int]

    @classmethod
    def of(cls, quoted: list[_Quoted]) -> _QuoteIndex:
        merged: list[list[int]] = []
        for start, end in sorted((q.start, q.end) for q in quoted if q.start < q.end):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return cls(sorted(q.start for q in quoted), [m[0] for m in merged], [m[1] for m in merged])

    def covers(self, offset: int) -> bool:
        """``_inside_quote``: some quotation holds ``offset``."""
        i = bisect_right(self.covered_from, offset) - 1
        return i >= 0 and offset < self.covered_to[i]

    def opens_within(self, lo: int, hi: int) -> bool:
        """Some quotation starts at ``lo`` or after it and before ``hi``."""
        i = bisect_left(self.starts, lo)
        return i < len(self.starts) and self.starts[i] < hi


def _possible_cues(doc: Doc) -> Iterable[Token]:
    """The tokens that may cue a report, found from the parse's arrays (a Token is built only for them,
    not for every word: it was most of this pass): a verb, "according", a noun with a clause (``acl``,
    ``ccomp``) as a child (``_claim_of`` reports nothing else) and an adjective complement (``_attitude_of``)."""
    attrs = doc.to_array([POS, LOWER, DEP, HEAD]).astype(np.int64)  # HEAD: offsets, negative ones wrapped
    pos, deps = attrs[:, 0], attrs[:, 2]
    clauses = np.flatnonzero((deps == _ACL) | (deps == _CCOMP))
    has_clause = np.zeros(len(pos), dtype=bool)
    has_clause[clauses + attrs[clauses, 3]] = True
    wanted = (pos == VERB) | (attrs[:, 1] == _ACCORDING) | ((pos == NOUN) & has_clause) | ((pos == ADJ) & (deps == _ACOMP))
    wanted |= attrs[:, 1] == _IN  # "In a CNN poll, …" (``_in_poll``)
    return (doc[int(i)] for i in np.flatnonzero(wanted))


def _quotation_ending_clause(candidate: _Candidate, text: str, quoted: list[_Quoted]) -> int:
    """End of a report right of its cue, taking in the quotation that ends the reported sentence when
    the clause stops at its opening mark or inside it, and the words after a quotation the clause
    stops at (``_words_after_quotation``).

    ``X said the media are to blame for focusing on “he said this, he tweeted that.”``: the parser
    hangs a quotation that holds verbs of its own on the cue rather than on the clause, so the clause
    stops at the opening mark (or after the quote's first clause); ``X said that “the plan would
    help. I think it will.”``: the parser ends the sentence inside the quotation. The quoted words
    are what was said too, and PolNeAR content holds them (dev content exact +3, speaker exact +1;
    train-300 content exact +9, speaker exact +5; none lost).
    """
    cue = candidate.cue_token
    if cue is None or candidate.start < cue.idx:
        return candidate.end
    for q in quoted:
        if q.outer_end <= candidate.start or q.outer_start > candidate.end + MAX_GAP_TO_QUOTE:
            continue
        gap = text[candidate.end : q.outer_start]
        opens_after = candidate.end < q.outer_start and gap.isspace() and "\n" not in gap  # not the next paragraph
        stops_inside = candidate.start < q.start <= candidate.end and _WORD.search(text, candidate.end, q.end) is not None
        if (opens_after or stops_inside) and _closes_sentence(cue.doc, text, q):
            return q.end
        if q.start < candidate.end <= q.end and _WORD.search(text, candidate.end, q.end) is None:
            return _words_after_quotation(cue, q, candidate.end)
    return candidate.end


def _words_after_quotation(cue: Token, q: _Quoted, end: int) -> int:
    """``X told a town hall that waterboarding is “peanuts,” compared to what …``: after a closing
    mark the parser hangs the rest of the reported sentence on the cue (or higher), and the clause
    stops at the mark; the rest is still what was said unless it holds another attribution (a cue,
    a quotation, "according to"), a verb conjoined to the cue (``…, but stopped short of …``: the
    speaker's next act), the clause the cue hangs from (``…, Mr. Kasich differed``) or a semicolon.
    PolNeAR dev content exact +2; train-300 content exact +7 and 1 lost, speaker exact +2 and 1 lost."""
    rest = [t for t in cue.sent if t.idx >= q.outer_end]
    words = [t for t in rest if not (t.is_punct or t.is_space)]
    outer = {a.i for a in cue.ancestors}
    if not words or any(_ends_the_report(t, cue, outer) for t in rest):
        return end
    return words[-1].idx + len(words[-1].text)


def _closes_sentence(doc: Doc, text: str, q: _Quoted) -> bool:
    """No word follows the quotation's closing mark in the sentence where it closes (the parser may
    end a sentence inside the quotation: ``that “the plan would help. I think it will.”``)."""
    inside = _tokens_between(doc, q.start, q.end)
    if inside is None:
        return False
    sentence_end = max(inside[-1].sent.end_char, q.outer_end)
    return _WORD.search(text, q.outer_end, sentence_end) is None  # text, not doc.text: rebuilt on each access


def _ends_the_report(token: Token, cue: Token, outer: set[int]) -> bool:
    """Whether ``token``, after a quotation, starts something other than the rest of what was said."""
    if token.i in outer or token.text == ";" or token.is_quote or token.lower_ == "according":
        return True
    if token.dep_ == "conj" and token.pos_ in ("VERB", "AUX"):
        return True
    return token.i != cue.i and _is_report_verb(token)


def _quoted_with_a_cue(candidate: _Candidate, direct: list[_Candidate]) -> bool:
    """A mostly quoted report gives way to its quotation when that found a cue of its own; one whose
    quote did not (``“… jail time” for criminal behavior, she said``) is the report."""
    return any(d.start < candidate.end and candidate.start < d.end and (d.cue is not None or d.inherit) for d in direct)


def _reports_around(outer: _Candidate, cue: Token, head: Token) -> bool:
    """``The Post says both parties will argue …, warning …``: the outer cue comes first; in ``Fauci wrote
    to an official, acknowledging “…”, a report revealed`` the participle is Fauci's."""
    around = outer.cue_token is not None and outer.cue_token in cue.ancestors and outer.start <= head.idx < outer.end
    return around and outer.cue_token is not None and outer.cue_token.i < cue.i


def _speak_for_the_outer_report(found: list[_Candidate]) -> None:
    """``The Post says both parties will argue …, warning it will …``: a participle cue left out of
    another report as an aside speaks for that report's speaker, not for a subject inside it."""
    for inner in found:
        cue, head = inner.cue_token, inner.speaker_head
        if cue is None or head is None or cue.tag_ != "VBG":
            continue
        outer = next((o for o in found if o.kind == "reported" and _reports_around(o, cue, head)), None)
        if outer is not None:
            inner.speaker_head, inner.speaker = outer.speaker_head, outer.speaker


def _reported_from(doc: Doc, token: Token, markup: bool = True) -> _Candidate | None:
    """The report ``token`` cues, if any. Runs on every token: string ids are compared, not strings.
    ``markup``: whether the text may hold markup (``_report_of``)."""
    if token.lower == _ACCORDING:
        return _according_to(doc, token)
    if token.lower == _IN:
        return _in_poll(token)
    if token.pos == NOUN:
        return _claim_of(token)
    if token.pos == ADJ:
        return _attitude_of(token)
    if token.pos != VERB:
        return None
    if not _is_report_verb(token):
        return _participle_report(token) or _learned_report(token, markup)
    if _not_said_yet(token):
        return None
    if any(c.dep_ == "auxpass" for c in token.children):
        return _passive_report(doc, token)
    if token.lemma_.lower() in THING_VERBS and not _speaker_like(subject_of(token)):
        return None  # "the heat threatens to ignite fires", "a decline in cases signals …"
    return _report_of(token, _takes_object(token), markup)


def _not_said_yet(verb: Token) -> bool:
    """``Pelosi to announce whether …``, ``plans to call on …``: words to come are not words said.

    An audit found a headline's plan ("Pelosi to announce whether she will create …") given as
    Pelosi's words.
    """
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    # "to announce" as a headline's verb, or after a plan ("plans to call on", "is expected to
    # announce", "is going to say"); not after "appeared to", "took to Twitter to", "went on to",
    # "was forced to", which tell of words said, nor "wants to know" (PolNeAR annotates those;
    # "will" is left alone: "I'll tell you, …" is said as it is written).
    head = verb.head
    planned = head.lemma_.lower() in PLAN_HEADS or (head.lower_ == "going" and verb.dep_ == "xcomp")
    return verb.dep_ == "ROOT" or (planned and head.i != verb.i)


def _participle_report(token: Token) -> _Candidate | None:
    """``“…,” McCain said, citing low growth and unemployment``: "citing" hung on a speech cue reports what
    the cue's speaker cited (PolNeAR annotates it as an attribution of its own). PolNeAR dev 2 of 2 new
    right, train-250 3 of 4. So does "citing" hung on the clause a cue reports (``X said that …, citing
    …``; the clause's own subject cites when it can speak: "said the CDC had turned down the request,
    citing …"), which the clause's report then leaves out: PolNeAR speaker exact dev 1,077 -> 1,078, train
    8,508 -> 8,509 (none lost); content exact dev 998 -> 1,000, train 7,915 -> 7,917. Measured and left
    out: "referring to" on a speech cue, dev 0 of 1, train-250 4 of 7 ("referring to the country by its
    official name" is how, not what, it was said)."""
    if token.lemma_.lower() not in CITING_PARTICIPLES or token.tag_ != "VBG" or token.dep_ not in ("advcl", "xcomp"):
        return None
    cue = token.head if _is_cue(token.head) else token.head.head  # "X said that …, citing …": the clause's cue
    if not _is_cue(cue) or (cue.i != token.head.i and token.head.dep_ != "ccomp"):
        return None
    speaker = subject_of(cue)
    if cue.i != token.head.i:
        own = subject_of(token.head)  # "… said the CDC has turned down the request, citing …": the CDC cites
        speaker = own if own is not None and _speaker_like(own) else speaker
    objects = [c for c in token.rights if c.dep_ == "dobj"]
    if any(c.lemma_.lower() in CITED_SOURCES for c in objects):
        return None
    content = _content_span([t for c in objects for t in c.subtree])
    if speaker is None or content is None:
        return None
    return _Candidate(content[0], content[1], "reported", _cue_text(token), token, speaker_span(speaker, cue), speaker)


def _speaker_like(subject: Token | None) -> bool:
    """A subject that can speak: an actor by name or pronoun (``_is_actor``), "they"/"we"/"I", or
    a noun for people ("officials", "the spokeswoman")."""
    if subject is None:
        return True  # no subject found: the report's own rules decide
    if _is_actor(subject) or subject.ent_type_ in QUOTING_SUBJECT_ENTITIES:
        return True  # "One Republican threatened to …" (a singular group member)
    return subject.lower_ in ("they", "we", "i", "you") or subject.lemma_.lower() in PEOPLE_NOUNS


def _claim_of(noun: Token) -> _Candidate | None:
    """``Trump's claim that there have been …`` / ``the argument by X that …``: a speech noun with its
    speaker as possessor (or after "by") and a that-clause (not a relative clause: "the claim that he
    made") reports that clause."""
    if noun.lemma_.lower() not in CLAIM_NOUNS:
        return None
    by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    owners = [c for c in noun.children if c.dep_ == "poss"] + [c for c in (by.children if by else ()) if c.dep_ == "pobj"]
    clause = next((c for c in noun.rights if c.dep_ in ("acl", "ccomp") and _opens_with_that(c)), None)
    if not owners or clause is None or owners[0].lower_ in NOT_CLAIMANTS:
        return None
    content = _content_span(list(clause.subtree))
    if content is None:
        return None
    return _Candidate(content[0], content[1], "reported", noun.text, noun, speaker_span(owners[0]), owners[0])


def _attitude_of(adjective: Token) -> _Candidate | None:
    """``Many Democrats are afraid that …`` / ``She was sure Trump would win``: a subject that "is" sure,
    afraid or confident of a clause holds that clause as a belief (PolNeAR attributes it)."""
    verb = adjective.head
    if adjective.dep_ != "acomp" or adjective.lemma_.lower() not in ATTITUDE_ADJECTIVES or verb.lemma_ != "be":
        return None
    clause = next((c for c in adjective.children if c.dep_ == "ccomp"), None)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if clause is None or subject is None or subject.lower_ in ("it", "this", "that"):
        return None
    content = _content_span(list(clause.subtree))
    if content is None:
        return None
    cue = verb.doc[verb.i : adjective.i + 1].text
    return _Candidate(content[0], content[1], "reported", cue, verb, speaker_span(subject, verb), subject)


def _opens_with_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _quoted_object_report(token: Token, text: str, quoted: list[_Quoted], index: _QuoteIndex) -> _Candidate | None:
    """``X branded the remarks “disappointing”`` / ``X pointed to the “rosy picture”``: a verb that reports
    nothing else reports the words in quote marks of its object (or of a phrase after it, up to the last
    one holding a quotation) when its subject is an actor — a named person, organisation, place or group,
    or "he"/"she" — and no cue above it reports the clause it sits in. Readers take such quoted
    fragments in narration as the actor's words (the AllSides labels do)."""
    if token.pos != VERB or not _quotation_right_of(token, index) or any(c.dep_ == "auxpass" for c in token.children):
        return None
    if token.lemma_.lower() in LEFT_OUT_VERBS | NOT_QUOTING_VERBS or token.lemma_.lower() in NAMING_VERBS:
        return None  # "call" has its own rules ("what she called “…”" names, it does not report)
    subject = subject_of(token)
    if subject is None or not _is_actor(subject) or any(_is_cue(a) for a in token.ancestors):
        return None  # "… quoted an official saying that the US was making a “big mistake”": the official's words
    parts = [c for c in token.rights if c.dep_ in QUOTING_DEPS]
    holding = [i for i, c in enumerate(parts) if _holds_quotation(c, text, [q for q in quoted if not _cued_below(token, q)])]
    if not holding:
        return None
    parts = parts[: holding[-1] + 1]  # "criticized X as a “crazy system” during a stop in …": not the scene after it
    content = _content_span([t for c in parts for t in c.subtree])
    if content is None:
        return None
    return _Candidate(content[0], content[1], "reported", _cue_text(token), token, speaker_span(subject, token), subject)


def _quotation_right_of(verb: Token, index: _QuoteIndex) -> bool:
    """Whether a quoted span opens in the words the verb heads: checked first, as most verbs have none
    (the subject lookup it spares was a fifth of the quotes step on the bench texts)."""
    last = verb.right_edge
    return index.opens_within(verb.left_edge.idx, last.idx + len(last.text))


def _cued_below(verb: Token, q: _Quoted) -> bool:
    """``granted the request … and denied …, saying “…”``: a quotation in the clause of a speech cue below
    ``verb`` is that cue's words, not ``verb``'s object (the audit found "granted" given as the quote's cue)."""
    inside = _tokens_between(verb.doc, q.start, q.end)
    if inside is None:
        return False
    for ancestor in inside.root.ancestors:
        if ancestor.i == verb.i:
            return False
        if _is_cue(ancestor):
            return True
    return False


def _holds_quotation(part: Token, text: str, quoted: list[_Quoted]) -> bool:
    """Whether a quoted span (not a title: ``watched “The Steve Harvey Show”``) opens inside ``part``'s phrase."""
    lo, hi = part.left_edge.idx, part.right_edge.idx + len(part.right_edge.text)
    return any(
        lo <= q.start < hi and not _is_title(text[q.start : q.end]) and not _scare_quoted(text, q)
        for q in quoted  # “… freedom.”: the full stop inside the mark is no word of the phrase
    )


def _scare_quoted(text: str, quoted: _Quoted) -> bool:
    """``visited the so-called “bridge to nowhere”``: words a writer sets off as someone's name for a
    thing, not the sentence's subject's words."""
    return text[: quoted.outer_start].rstrip().lower().endswith(SCARE_QUOTE_MARKERS)


def _is_actor(subject: Token) -> bool:
    """Who can say something: a person, organisation, place or group by name, or "he"/"she"."""
    if subject.ent_type_ == "NORP":  # "Republicans", not "the top Republican on the committee" (someone unnamed)
        return subject.tag_ in ("NNPS", "NNS")
    return subject.lower_ in PERSON_PRONOUNS or subject.ent_type_ in QUOTING_SUBJECT_ENTITIES


def _learned_report(token: Token, markup: bool = True) -> _Candidate | None:
    """A verb the lexicons leave out, kept as a cue when the learned model scores it (``cues``); the
    report is built only for a verb that passes (``_report_of`` is the costly part)."""
    model = shipped_cues()
    if not model.may_be_cue(token) or token.lemma_.lower() in LEFT_OUT_VERBS or any(c.dep_ == "auxpass" for c in token.children):
        return None
    subject = subject_of(token)  # an unlisted verb never goes on for another cue's speaker (``_reporter_goes_on``)
    return _report_of(token, True, markup) if subject is not None and model.is_cue(token, subject) else None


def _takes_object(verb: Token) -> bool:
    """Whether the verb's object (not only its clause) is what was said: stance and naming verbs, and
    "show"/"find" with a poll or study as subject, whose object is everything right of the verb (the
    parser hangs "with 46 percent" on the verb). PolNeAR speaker exact right / predicted, dev 1,078 /
    1,244 -> 1,081 / 1,248, train 8,508 / 10,388 -> 8,535 / 10,426 (27 new right, 11 new wrong: the
    gold source runs on "A Fox News poll, conducted jointly with …"); content exact dev 1,000 -> 1,003,
    train 7,925 -> 7,956. The object alone ("showed Trump" for "showed Trump with 44 percent"): train
    15 new right in 38. Measured and not kept: the participle on a poll ("a new poll showing X ahead"),
    train 4 new right in 8, dev none."""
    lemma = verb.lemma_.lower()
    if lemma in EVIDENCE_VERBS:  # "a poll showed a slimmer lead for X …": PolNeAR takes what a poll or study shows
        subject = subject_of(verb)
        return subject is not None and subject.lemma_.lower() in EVIDENCE_NOUNS
    return lemma in STANCE_VERBS or lemma in NAMING_VERBS or (lemma in PREPOSITION_CUES and _speaks_about(verb))


def _report_of(token: Token, takes_object: bool, markup: bool = True) -> _Candidate | None:
    """The report ``token`` would make as a cue: its speaker and its clause (or object when it ``takes_object``).
    ``markup``: False when the document's text holds no ``="`` (its words then need no reading)."""
    speaker = subject_of(token.head.head) if _reporter_goes_on(token) else subject_of(token)
    if speaker is None or (speaker.lower_ == "it" and token.lemma_.lower() not in SPEECH_VERBS):
        return None  # "it says …" is a document or a body speaking (PolNeAR dev + train-200: 4 of 4 right)
    content = _clause_of(token) or (_object_of(token) if takes_object else None) or _short_answer(token)
    if content is None or _narrated_knowledge(token):
        return None
    who = speaker_span(speaker, token)
    if markup and (_is_markup(_span_text(token.doc, *content)) or _is_markup(_span_text(token.doc, *who))):
        return None  # <tweet author="…" timestamp="…">: an embed's attributes, not a report
    return _Candidate(content[0], content[1], "reported", _cue_text(token), token, who, speaker)


# What an embed's attributes hold (``author="…"``) and words said do not.
_MARKUP = '="'


def _short_answer(cue: Token) -> tuple[int, int] | None:
    """``46 percent said yes``, ``half said so``, ``61 percent say the same of Smith``: "say" with a
    one-word answer right after it, or "the same", reports it (too short for ``MIN_REPORTED_TOKENS``);
    "said no to the war" is a stance taken, not an answer (with it: 3 more wrong). PolNeAR speaker exact
    train 15 new right, none wrong; dev 1 new right."""
    if cue.lemma_.lower() != "say" or cue.i + 1 >= len(cue.doc):
        return None
    word = cue.doc[cue.i + 1]
    if word.lower_ in SHORT_ANSWERS and word.head.i == cue.i:
        follows = cue.doc[word.i + 1].lower_ if word.i + 1 < len(cue.doc) else ""
        return None if follows == "to" else (word.idx, word.idx + len(word.text))  # "said no to the war": a stance
    same = word.head if word.lower_ == "the" else word
    if same.lower_ != "same" or same.dep_ != "dobj" or same.head.i != cue.i:
        return None
    after = [c for c in cue.rights if c.i > same.i and c.dep_ == "prep" and c.lower_ in ("of", "about", "for")]
    last = (after[0] if after else same).right_edge
    return word.idx, last.idx + len(last.text)


def _is_markup(words: str) -> bool:
    return _MARKUP in words


def _span_text(doc: Doc, start: int, end: int) -> str:
    """The text of tokens from ``start`` to ``end`` (char offsets on token edges). ``doc.text`` joins every
    token again on each access: read per report, it was three quarters of the quotes step (PolNeAR, 200
    articles: 4.7 -> 1.2 CPU s)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return "" if span is None else span.text


def unlisted_reports(doc: Doc) -> list[tuple[Token, _Candidate]]:
    """Each active verb outside quotes that no lexicon lists, with the report it would make as a cue
    (its clause, else its object): the cases ``eval/train_cues.py`` learns from."""
    quoted = _quoted_spans(doc.text, _paragraphs(doc.text))
    found = []
    for token in doc:
        if token.pos_ != "VERB" or _is_report_verb(token) or any(c.dep_ == "auxpass" for c in token.children):
            continue
        candidate = None if _inside_quote(token, quoted) else _report_of(token, takes_object=True)
        if candidate is not None and candidate.speaker is not None:
            found.append((token, candidate))
    return found


def _narrated_knowledge(verb: Token) -> bool:
    """``she knew that I had won`` / ``he believed the plan would …``: see ``NARRATED_STATES``.
    Measured and not kept: dropping a cognition verb with a wh- clause ("understands why people are
    upset", 2 not-speech items of the AllSides dev judged sample): PolNeAR dev 2 right and 1 wrong
    fewer, train-250 7 right and 8 wrong fewer."""
    return verb.tag_ == "VBD" and verb.lemma_.lower() in NARRATED_STATES


def _clause_of(cue: Token) -> tuple[int, int] | None:
    """What the cue reports: its clausal complement, or the clause it follows (``…, X said``).
    A participle (``X toured the site, saying …``) reports only its own complement: the clause it
    hangs from is what X did (PolNeAR train: 86 fewer predictions, 1 fewer right). Measured and not
    kept: a finite adverbial clause with its own subject right of a speech verb as its clause ("said
    after the convention he would not …"): PolNeAR dev 2 new right, 4 wrong ("said when …"); without
    wh- and prepositional openers nothing was gained."""
    clauses = [c for c in cue.children if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and (_has_subject(c) or _asks_someone(cue, c)))]
    clauses = [c for c in clauses if not _closed_off_before(c, cue)] or _clause_on_addressee(cue)
    if clauses:
        # "said Trump has “enormous respect” for … and his comment was …": the parser may hang the
        # rest of a reported sentence on the cue as a second clause; it is still what was said
        kept = _clauses_after(clauses, cue)
        kept += _reported_conjuncts(cue, kept)
        kept += _reported_reason(cue, kept)
        tokens = [t for c in kept for t in _without_asides(c)]
        tokens = _before_semicolon(tokens, cue)
        return _content_span(tokens + _addressee_before(cue, clauses[0]))
    aside = _as_aside(cue)
    if aside is not None:
        return aside
    if cue.dep_ == "ROOT":
        return _misparsed_lead(cue)
    head = cue.head
    if cue.dep_ not in ("parataxis", "ccomp", "advcl") or cue.tag_ == "VBG" or head.pos_ not in ("VERB", "AUX"):
        return None  # tested before the cue's subtree is read (a root cue's is its whole sentence)
    if any(c.dep_ == "mark" and c.lower_ != "as" for c in cue.children):
        return None  # subordinate: "after the interview concluded, …"
    edge = min((t.i for t in cue.subtree if not t.is_punct), default=cue.i)
    if not (edge > 0 and _sets_off(cue.doc, edge - 1)):  # not set off: ", X said" / "This, he says, is …"
        return None
    inside = {t.i for t in cue.subtree} | _scene_before(head, cue)
    return _content_span([t for t in head.subtree if t.i not in inside])


def _misparsed_lead(cue: Token) -> tuple[int, int] | None:
    """``People who take on debt struggle, he said.``: a sentence that ends ``…, X said.`` reports all
    before the comma, even when the parser, finding no verb it trusts there, hangs those words on the cue as
    a noun (``dep``, ``npadvmod``, ``dobj``) rather than as its clause. Only a cue that is the sentence's
    root, with its subject right before it, the comma right before the subject, nothing but the full stop
    after it and no clause of its own."""
    subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.right_edge.i + 1 != cue.i or cue.tag_ not in FINITE_TAGS:
        return None
    doc, sent = cue.doc, cue.sent
    comma = subject.left_edge.i - 1
    after = [t for t in doc[cue.i + 1 : sent.end] if not t.is_space]
    if comma <= 0 or doc[comma].text != "," or [t.text for t in after] not in (["."], [".", "”"], [".", '"']):
        return None
    start = doc[comma - 1].sent.start  # the parser may end the sentence before ", he said."
    if start < sent.start and (doc[comma - 1].text in SENTENCE_ENDS or "\n" in doc[start:comma].text):
        return None
    lead = list(doc[start:comma])
    if any(t.head.i == cue.i and t.dep_ in ("ccomp", "parataxis", "advcl") for t in lead):
        return None  # parsed as a clause: read as one already
    return _content_span(lead)


def _as_aside(cue: Token) -> tuple[int, int] | None:
    """``As X noted, …`` / ``given that, as X reported, …``: a cue opened by "as", with no clause or
    object of its own and set off by a comma (or opening the sentence), reports the clause it hangs
    from, less the aside (the whole sentence when the parser hangs it on a noun). Not inside a report
    already, not the writer's ("As I mentioned above"). PolNeAR speaker exact right / predicted, dev
    1,077 / 1,242 -> 1,077 / 1,243 (content exact 996 -> 997), train 8,496 / 10,376 -> 8,504 / 10,384."""
    left = cue.left_edge
    if left.lower_ != "as" or left.head.i != cue.i or any(c.dep_ in OBJECT_DEPS for c in cue.children):
        return None
    doc, sent = cue.doc, cue.sent
    right = cue.right_edge.i + 1
    opens = left.i == sent.start or _sets_off(doc, left.i - 1)
    if not (opens and right < sent.end and doc[right].text == ","):
        return None
    if any(c.dep_ == "nsubj" and c.lower_ in WRITER_PRONOUNS for c in cue.children):
        return None  # "As I mentioned above, …": the writer pointing back, not a report
    if any(t.dep_ == "ccomp" for t in cue.ancestors):
        return None  # "said that the result, as he later explained, was …": inside a report already
    inside = {t.i for t in cue.subtree}
    head = cue.head
    if head.pos_ not in ("VERB", "AUX") or head.i == cue.i:
        return _content_span([t for t in sent if t.i not in inside])  # hung on a noun: the whole sentence
    inside.update(c.i for c in head.children if c.dep_ == "mark" and c.i < left.i)  # "given that, as X reported, …"
    return _content_span([t for t in head.subtree if t.i not in inside])


def _reported_conjuncts(cue: Token, kept: list[Token]) -> list[Token]:
    """``X said that it was too early to tell, and there was no evidence yet that …``: the parser hangs
    the second half of a reported sentence on the cue as a conjunct; one right after the report that is
    no report of its own and either has a subject that is not a person pronoun or, without one, a modal,
    is still what was said. PolNeAR dev content exact +4 (speakers unchanged), train-250 +3 (speaker
    exact +1). Joined by "but" it was the writer's contrast in 3 of 4 dev cases ("…, but that wasn't
    the case"), so a "but" conjunct goes on the report only with quoted words, or when it opens with a
    "that" of its own (``…, but that he would not support …``: a second reported clause; PolNeAR train
    speaker exact 8,564 -> 8,567, content exact 7,981 -> 7,985, none lost; dev unchanged)."""
    if not kept or kept[0].i < cue.i:
        return []
    found: list[Token] = []
    for conj in cue.rights:
        if conj.dep_ != "conj" or conj.i < kept[-1].right_edge.i or _is_report_verb(conj) or conj.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [c for c in conj.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in conj.children)
        joined = {c.lower_ for c in cue.children if c.dep_ == "cc" and kept[-1].i < c.i < conj.i}
        quoted = any(t.is_quote for t in conj.subtree)
        adds = joined == {"and"} or (joined == {"but"} and quoted)
        that = joined <= {"and", "but"} and any(c.dep_ == "mark" and c.lower_ == "that" for c in conj.children)
        if that or (adds and ((subjects and all(s.lower_ not in PERSON_PRONOUNS for s in subjects)) or (not subjects and modal))):
            found.append(conj)
        break
    return found


def _reported_reason(cue: Token, kept: list[Token]) -> list[Token]:
    """``X said that claim smacked of hypocrisy, because Democrats had …``: a "because" clause the parser
    hangs on the cue right after the report gives the speaker's reason, and PolNeAR content takes it in.
    PolNeAR dev content exact +1, speaker exact +1; train-250 +3 / +2; none lost on either."""
    if not kept or kept[0].i < cue.i:
        return []
    for clause in cue.rights:
        if clause.dep_ == "advcl" and clause.i > kept[-1].right_edge.i:
            return [clause] if any(m.dep_ == "mark" and m.lower_ == "because" for m in clause.children) else []
    return []


def _asks_someone(cue: Token, clause: Token) -> bool:
    """``asked the network to donate the profits``: "ask" with its addressee before an infinitive (PolNeAR
    content: addressee and infinitive). Dev 3 new right, 1 wrong; train-250 6 new right, 2 wrong ("demand"
    too added "demanded a referendum to secede": a thing, not an addressee; "urge" reports its object already)."""
    return cue.lemma_.lower() == "ask" and any(c.dep_ == "dobj" and c.i < clause.i for c in cue.children)


def _closed_off_before(clause: Token, cue: Token) -> bool:
    """``We have been here before: X declared war …`` / ``It is unlikely; X's team says she'll …``: a
    clause left of the cue and closed off by a colon or semicolon before the cue's sentence is the
    writer's, not what was said (the parser hangs it on the cue)."""
    if clause.i > cue.i:
        return False
    between = cue.doc[clause.right_edge.i + 1 : cue.left_edge.i if cue.left_edge.i > clause.right_edge.i else cue.i]
    return any(t.text in (":", ";") for t in between)


def _clause_on_addressee(cue: Token) -> list[Token]:
    """``he told a meeting of island leaders that few people understood the stakes``: the parser may hang
    the reported clause on the addressee as a relative clause; one whose "that" fills no gap (the clause
    has its own subject and object) is what was told. PolNeAR dev 1 of 1 new right; train-250 3 new right,
    1 lost, 1 new wrong, 1 wrong lost."""
    if cue.lemma_.lower() not in SPEECH_VERBS:
        return []
    addressees = [c for c in cue.rights if c.dep_ in ("dobj", "dative")]
    for token in (t for a in addressees for t in a.subtree):
        if token.dep_ not in ("relcl", "acl") or token.head.i < cue.i:
            continue
        deps = {c.dep_ for c in token.children}
        that = any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)
        if that and "nsubj" in deps and deps & {"dobj", "ccomp", "attr", "acomp"}:
            return [token]
    return []


def _without_asides(clause: Token) -> list[Token]:
    """The clause's tokens less its trailing narration and asides (each found once per clause, not per token)."""
    subtree = list(clause.subtree)  # walked once (spaCy walks a subtree through every child's)
    left_out = _trailing_narration(clause, subtree) | _trailing_asides(clause, subtree)
    return [t for t in subtree if t.i not in left_out]


def _trailing_asides(clause: Token, subtree: list[Token] | None = None) -> set[int]:
    """Tokens of a comma-set aside that ends the reported clause and is not what was said: a
    participle cue (``…, calling them “boring”``: an attribution of its own), a concession
    (``…, though she noted …``) or a "who" clause on the clause's last person (``…, who has …``).
    PolNeAR dev + train-200: content exact +12, speaker +4; the "who" clause: dev speaker exact +1,
    full train +12. An apposition with a clause of its own (``…, one that will likely dominate …``,
    ``…, the existing military alliance that includes …``) is the writer's gloss: PolNeAR speaker exact dev 1,086 ->
    1,087, train 8,567 -> 8,570; content exact dev 1,009 -> 1,012, train 7,985 -> 7,989. Other
    participles, appositions and "which" clauses end PolNeAR content as often as not (full train and
    dev, each within ±15 either way), and stay. ``subtree``: the clause's tokens, when the caller has them."""
    end = clause.right_edge.i
    while end > clause.i and clause.doc[end].is_punct:
        end -= 1
    dropped: set[int] = set()
    for token in clause.subtree if subtree is None else subtree:
        if token.right_edge.i < end:  # nor can a child of it be: its subtree ends before the clause's end
            continue
        for child in token.rights:
            if child.right_edge.i < end:  # not at the clause's end (checked first: it is the cheap test)
                continue
            comma = _comma_before(child)
            if comma is not None and _is_aside(child):
                dropped.update(t.i for t in child.subtree)
                dropped.add(comma.i)
    return dropped


def _comma_before(child: Token) -> Token | None:
    """The comma that sets ``child`` off: right before it, or before a closing quote mark (``“We’ll see,” when …``)."""
    doc, i = child.doc, child.left_edge.i - 1
    if i > 0 and doc[i].is_quote and doc[i - 1].text == ",":
        return doc[i - 1]
    return doc[i] if i >= 0 and doc[i].text == "," else None


def _is_aside(child: Token) -> bool:
    if child.dep_ == "appos" and any(c.dep_ in ("relcl", "acl") for c in child.children):
        return True  # "…, one that will likely dominate …": the writer's gloss on the report
    if child.dep_ == "relcl" and child.left_edge.lower_ == "who":  # "…, who has been battered by …"
        return True
    if child.dep_ == "advcl" and child.tag_ == "VBN" and child.left_edge.lower_ in OCCASION_WORDS:
        return True  # "…, when asked whether he would …": the occasion of the words, not the words
    if child.tag_ == "VBG" and child.dep_ in ("advcl", "xcomp", "acl"):
        lemma = child.lemma_.lower()
        return _is_report_verb(child) or lemma in NAMING_VERBS or lemma in CITING_PARTICIPLES
    marks = {m.lower_ for m in child.children if m.dep_ == "mark"}
    return child.dep_ == "advcl" and bool(marks & CONCESSIVE_MARKS)


def _before_semicolon(tokens: list[Token], cue: Token) -> list[Token]:
    """``X said the timing was not intentional; they only learned …``: a report right of its cue ends at a semicolon."""
    ordered = sorted(tokens, key=_position)
    if not ordered or ordered[0].i < cue.i:
        return tokens
    cut = next((t.i for t in ordered if t.text == ";"), None)
    return [t for t in ordered if cut is None or t.i < cut]


def _addressee_before(cue: Token, clause: Token) -> list[Token]:
    """``asked the candidates to make …``: whom an infinitive report is addressed to belongs to
    what was said (PolNeAR content spans start with the object)."""
    if clause.dep_ != "xcomp":
        return []
    objects = [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < clause.i]
    return [t for o in objects for t in o.subtree]


def _clauses_after(clauses: list[Token], cue: Token) -> list[Token]:
    """The first clause, and the clauses right of the cue that follow it without a word or mark between.
    A clause right after the cue (``X said he …``) is the report even when the parser hangs a clause
    before it on the cue too (an aside or opening clause: "Inside the mosque - which looks like a church
    - X said he …", "… losses she has faced - in fact, she said it …"). PolNeAR speaker exact right /
    predicted dev 1,081 / 1,248 -> 1,086 / 1,249, train 8,543 / 10,429 -> 8,562 / 10,429; content exact
    dev 1,003 -> 1,008, train 7,964 -> 7,979."""
    first = clauses[0]
    right_after = [c for c in clauses[1:] if c.left_edge.i == cue.i + 1]
    if first.i < cue.i and right_after:
        first, clauses = right_after[0], right_after
    elif first.i < cue.i:
        return [first, *_resumed_after(clauses[1:], cue)]
    kept = [first]
    for clause in clauses[1:]:
        gap = cue.doc[kept[-1].right_edge.i + 1 : clause.left_edge.i]
        verb = clause.pos_ in ("VERB", "AUX")
        if verb and not len(gap) and not clause.left_edge.is_punct and not _second_speaker(clause):
            kept.append(clause)
    return kept


def _resumed_after(clauses: list[Token], cue: Token) -> list[Token]:
    """``China had resisted …, but the pollution had become so bad, Mr. Obama noted, that …``: a report
    the cue interrupts goes on in a clause right after the cue and its comma (PolNeAR content is both
    parts; ``crossread.evaluation.attribution`` cuts the speaker and cue out of the span)."""
    for clause in clauses:
        gap = cue.doc[cue.i + 1 : clause.left_edge.i]
        if clause.i > cue.i and len(gap) and all(t.text == "," for t in gap):
            return [clause]
    return []


def _sets_off(doc: Doc, i: int) -> bool:
    """A comma or dash at ``i`` (or a closing quote mark right after one: ``“…,” she said, …``)."""
    if doc[i].text in PARENTHETICAL_MARKS:
        return True
    return i > 0 and doc[i].is_quote and doc[i - 1].text in PARENTHETICAL_MARKS


def _scene_before(head: Token, cue: Token) -> set[int]:
    """``But, Carson added, …``: a connective that opens the sentence before a parenthetical cue
    links it to the text before; the report starts after it."""
    if cue.i > head.i:
        return set()
    dropped: set[int] = set()
    for child in head.lefts:
        if child.dep_ in SCENE_DEPS and child.right_edge.i < cue.left_edge.i:
            dropped.update(t.i for t in child.subtree)
    return dropped


def _object_of(verb: Token) -> tuple[int, int] | None:
    """What a verb's object says: its object and complements right of it ("criticized the plan
    as reckless", "called for new rules", "wants to cut taxes"), without trailing clauses.
    Measured and not kept: leaving out a trailing date or "during …" / "in a statement" / "on … show"
    phrase (when and where it was said): PolNeAR dev and train-250 content exact +1 each, speakers
    unchanged, while the AllSides reader had judged such longer spans right ("hails X for audit at
    Phoenix rally"), and a date on a verb of the content is what a vow is for. A second object the parser
    hangs on the verb as its conjunct ("called X “…” and someone who …") is taken, and a dangling "and"
    never ends the span: PolNeAR speaker exact train 8,562 -> 8,564, content exact dev 1,008 -> 1,009,
    train 7,979 -> 7,981 (dev speakers unchanged); a conjunct after "but" is the writer going on."""
    if verb.lemma_.lower() in PREPOSITION_CUES:
        return _spoken_about(verb)
    if verb.lemma_.lower() in EVIDENCE_VERBS:  # "showed X with 46 percent": the figures hang on the verb
        return _content_span([t for c in verb.rights if c.dep_ not in ("punct", "cc", "conj") for t in c.subtree])
    tokens: list[Token] = []
    for child in verb.rights:
        prep = child.dep_ in ("prep", "prt") and (
            child.lower_ in OBJECT_PREPOSITIONS or child.lower_ in NAMING_VERBS.get(verb.lemma_.lower(), ())
        )
        if child.dep_ == "xcomp" and verb.lemma_.lower() in DEED_INFINITIVE_VERBS:
            continue
        second = child.dep_ == "conj" and child.pos_ in SPEAKER_POS and bool(tokens) and _joined_by_and(verb, child)
        if child.dep_ in OBJECT_DEPS or prep or second:
            # "called for new rules": a preposition right after the verb is part of the cue, not of what was said
            tokens.extend(t for t in child.subtree if not (prep and t.i == child.i == verb.i + 1))
    words = [t for t in tokens if not (t.is_punct or t.is_space)]
    while words and words[-1].pos_ == "CCONJ":
        words.pop()
    if not words or (len(words) == 1 and words[0].pos_ == "PRON"):
        return None
    first = min(words, key=_position)
    last = max(words, key=_position)
    return first.idx, last.idx + len(last.text)


def _joined_by_and(verb: Token, conj: Token) -> bool:
    """The words between ``verb``'s last object and its conjunct ``conj`` are only "and" (and marks)."""
    between = [t for t in verb.doc[conj.left_edge.i - 3 : conj.left_edge.i] if not (t.is_punct or t.is_space)]
    return bool(between) and between[-1].lower_ == "and"


def _spoken_about(verb: Token) -> tuple[int, int] | None:
    """``spoke emotionally of his flights``, ``asked him about his tax returns``: the objects of the
    verb's ``PREPOSITION_CUES`` (not the addressee, not the preposition: PolNeAR counts both as cue)."""
    parts = PREPOSITION_CUES.get(verb.lemma_.lower(), frozenset())
    preps = [c for c in verb.rights if c.dep_ == "prep" and c.lower_ in parts]
    return _content_span([t for p in preps for g in p.children if g.dep_ in ("pobj", "pcomp") for t in g.subtree])


def _has_subject(verb: Token) -> bool:
    """An xcomp with a subject below it is a misparsed clause ("said legalizing it could …")."""
    return any(t.dep_ == "nsubj" for t in verb.subtree)


def _trailing_narration(clause: Token, subtree: list[Token] | None = None) -> set[int]:
    """Tokens of ``…, and he railed against …``: a conjoined clause whose subject is a pronoun
    is the writer going on, not part of what was reported. ``subtree``: the clause's tokens, when the caller has them."""
    dropped: set[int] = set()
    for child in clause.children:
        if child.dep_ != "conj":
            continue  # tested before the child's own children are read: most children are no conjunct
        second_report = any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)  # "… and that she …"
        if not second_report and (
            any(c.dep_ == "nsubj" and c.lower_ in PERSON_PRONOUNS for c in child.children)
            or _second_speaker(child)
            or _reporter_goes_on(child)
        ):
            dropped.update(t.i for t in child.subtree)
            dropped.update(t.i for t in clause.children if t.dep_ in ("cc", "punct") and t.i < child.i and t.i > clause.i)
    if clause.head.tag_ != "VBD":
        return dropped  # ``_misattached_report`` needs a cue in the past tense: no token of the clause is one
    tokens = clause.subtree if subtree is None else subtree
    for conj in [t for t in tokens if t.i not in dropped and _misattached_report(t, clause)]:
        dropped.update(t.i for t in conj.subtree)
        dropped.update(t.i for t in conj.head.children if t.dep_ == "cc" and t.i < conj.i)
    return dropped


def _misattached_report(conj: Token, clause: Token) -> bool:
    """``X warned that the town was short of water - now set for June 8 - and urged the council to act``: a
    subjectless finite speech verb in the cue's tense, conjoined to a subjectless participle inside the reported clause,
    is the speaker's next act, which the parser hung on the participle (an analyst audit saw "and urged
    Congress to act" inside what Yellen warned)."""
    cue = clause.head
    return (
        conj.dep_ == "conj"
        and conj.head.i != clause.i
        and conj.tag_ == "VBD"
        and cue.tag_ == "VBD"
        and conj.head.tag_ in ("VBN", "VBG")
        and conj.lemma_.lower() in SPEECH_VERBS
        and not any(c.dep_ in ("nsubj", "nsubjpass") for t in (conj, conj.head) for c in t.children)
    )


def _reporter_goes_on(conj: Token) -> bool:
    """``X said he would order a review and warned that …``: a subjectless speech verb conjoined to
    the reported clause is the speaker's next report (the parser hangs it on the clause), with the
    outer cue's subject; it is cut out of the first report. PolNeAR dev 7 of 7 new right, train-250
    speaker exact +7 on 5 fewer predictions. So is a finite stance or naming verb with its object
    (``_goes_on_judging``): PolNeAR train speaker exact 8,503 -> 8,508 (none lost), content exact
    7,908 -> 7,915; dev content exact 997 -> 998."""
    clause = conj.head
    return (
        conj.dep_ == "conj"
        and clause.dep_ == "ccomp"
        and _is_cue(clause.head)
        and ((_is_cue(conj) and conj.lemma_.lower() in SPEECH_VERBS - REQUEST_VERBS) or _goes_on_judging(conj))
        and not any(c.dep_ in ("nsubj", "nsubjpass", "neg") for c in conj.children)
    )


def _goes_on_judging(conj: Token) -> bool:
    """``X said the economy would rebound and praised the Fed``: a finite stance or naming verb with its
    object (``… condoning and encouraging violence`` is still what was reported)."""
    lemma = conj.lemma_.lower()
    if conj.tag_ not in FINITE_TAGS or not (lemma in STANCE_VERBS or lemma in NAMING_VERBS):
        return False
    return any(c.dep_ in ("dobj", "prep") for c in conj.children)


def _second_speaker(conj: Token) -> bool:
    """``… said they were worried, and more than 4 in 10 said Trump would …``: a conjoined report
    with a subject of its own is another attribution, not part of the first."""
    return _is_cue(conj) and any(c.dep_ == "nsubj" for c in conj.children)


def _content_span(tokens: list[Token]) -> tuple[int, int] | None:
    """Char span of ``tokens`` without edge punctuation and a dangling or opening "and"/"but"; None
    when too short to be content."""
    words = sorted((t for t in tokens if not (t.is_punct or t.is_space)), key=_position)
    while words and words[-1].pos_ == "CCONJ":
        words.pop()
    while words and words[0].lower_ in OPENING_CONJUNCTIONS:  # "And the goal is …, according to X"
        words.pop(0)
    words = _without_connective(words)
    if len(words) < MIN_REPORTED_TOKENS or not words:
        return None
    first, last = words[0], words[-1]  # in text order
    return first.idx, last.idx + len(last.text)


def _without_connective(words: list[Token]) -> list[Token]:
    """``In fact, neither plan would …, X said``: a connective set off by a comma at the start links
    the report to the text before; it is the writer's, not the speaker's."""
    opening = tuple(t.lower_ for t in words[:_CONNECTIVE_WORDS])  # read once, not once per connective
    for connective in OPENING_CONNECTIVES:
        n = len(connective)
        if len(words) > n and opening[:n] == connective:
            after = words[n - 1].doc[words[n - 1].i + 1]
            if after.text == ",":
                return words[n:]
    return words


def _according_to(doc: Doc, token: Token) -> _Candidate | None:
    """``According to X, …`` / ``…, according to X``: the rest of the clause is the content, an
    unquoted report in it included (``Y said that …, according to X``: PolNeAR annotates the outer
    attribution only; dev speaker exact +3, full train +19 on 14 more predictions). A quotation
    in it keeps its own speaker. Set off by commas inside its sentence after words with no finite verb
    of their own, both sides are the content (``Fundraising, according to the campaign, has surged``):
    PolNeAR content exact train 7,917 -> 7,925, dev unchanged, speakers unchanged. Measured and not kept:
    a source the parser read as a verb phrase
    ("according to show insiders": "show" a verb) taken from that verb: PolNeAR dev 1 new right,
    train-250 1 new wrong (a sentence cut after "Jan.")."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if to is None or source is None:
        return None
    phrase = {t.i for t in token.subtree}
    sent = token.sent
    before = [t for t in sent if t.i < token.left_edge.i]
    subject = _subject_taken_by(token, source, before)
    if subject is not None:
        phrase -= {t.i for t in subject.subtree} | {subject.left_edge.i - 1}
    after = [t for t in sent if t.i > max(phrase)]
    side = after if len(after) >= len(before) else before
    if _set_off_inside(doc, token.left_edge.i, max(phrase), before, after):
        side = before + after  # "Fundraising, according to the campaign, has surged": both sides
    marks = [t.i for t in side if _QUOTE_MARK.fullmatch(t.text)]
    if marks and any(_is_cue(t) and subject_of(t) is not None for t in _outside_marks(side, marks)):
        return None  # "“…,” she said, according to the Post": the Post reports, she speaks
    content = _content_span(side)
    if content is None:
        return None
    cue_text = doc[token.i : to.i + 1].text
    who = speaker_span(source) if subject is None else speaker_span(source, doc[subject.left_edge.i - 1])
    return _Candidate(content[0], content[1], "reported", cue_text, token, who, source)


def _in_poll(token: Token) -> _Candidate | None:
    """``In a CNN poll released Monday, Clinton held a 24-point lead``: a sentence opened by "in" and a
    poll or survey, set off by a comma, reports the rest of the sentence with the poll as its source
    (PolNeAR annotates it like "according to"); a report inside it keeps its own speaker ("In an online
    poll …, Democracy Corp found that …"). PolNeAR speaker exact: train-420 3 new right, dev 2, held-out
    train 420-840 8, none wrong."""
    if not token.is_sent_start or token.dep_ != "prep":
        return None
    source = next((c for c in token.children if c.dep_ == "pobj"), None)
    if source is None or source.lemma_.lower() not in POLL_NOUNS:
        return None
    doc = token.doc
    comma = token.right_edge.i + 1
    if comma >= len(doc) or doc[comma].text != ",":
        return None
    rest = [t for t in token.sent if t.i > comma]
    if any((_is_cue(t) or _is_report_verb(t)) and subject_of(t) is not None for t in rest):
        return None  # "In an online poll …, Democracy Corp found that …": the pollster reports
    content = _content_span(rest)
    if content is None:
        return None
    last = source.right_edge  # the whole phrase: "the previous Post-ABC poll, conducted in early September"
    who = (source.left_edge.idx, last.idx + len(last.text))
    return _Candidate(content[0], content[1], "reported", token.text, token, who, source)


def _subject_taken_by(according: Token, source: Token, before: list[Token]) -> Token | None:
    """``According to a 2013 study by X, the Great Recession is partly to blame …``: opening its sentence,
    the phrase may take the clause's subject as an apposition or conjunct of its source (the verb after
    it has no subject of its own); that noun phrase, right after a comma and right before the verb, is
    the clause's. PolNeAR train speaker exact 8,535 -> 8,540 and content exact 7,956 -> 7,961 (5 wrong
    reports now right, none lost), dev unchanged (no such sentence)."""
    verb = according.head
    if any(not t.is_punct for t in before) or verb.pos_ not in ("VERB", "AUX") or verb.i < according.i:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children):
        return None
    doc = according.doc
    for noun in source.subtree:
        if noun.dep_ not in ("appos", "conj") or doc[noun.left_edge.i - 1].text != ",":
            continue
        following = doc[noun.right_edge.i + 1] if noun.right_edge.i + 1 < len(doc) else None
        if following is None:
            continue
        if following.i == verb.i or (following.head.i == verb.i and following.dep_ in ("aux", "neg", "advmod")):
            return noun
    return None


def _outside_marks(tokens: list[Token], marks: list[int]) -> list[Token]:
    """``tokens`` not between the first and last of the quote marks at ``marks`` (token indices, in order):
    "According to X, “… she wouldn't have time to say anything …”" has no cue outside the quotation (a
    sentence may hold only the closing mark of its quotation, so marks are not paired). A cue anywhere
    in a quoting clause used to drop the report: PolNeAR train speaker exact 8,540 -> 8,543 on 3 more
    predictions (all right), content exact 7,961 -> 7,964; dev unchanged."""
    return [t for t in tokens if not marks[0] < t.i < marks[-1]]


def _set_off_inside(doc: Doc, first: int, last: int, before: list[Token], after: list[Token]) -> bool:
    """A phrase between commas inside its sentence, the words before it without a finite verb of their own."""
    if not before or not after or doc[first - 1].text != "," or last + 1 >= len(doc) or doc[last + 1].text != ",":
        return False
    return not any(t.tag_ in FINITE_TAGS or t.tag_ == "MD" for t in before)


def _passive_report(doc: Doc, cue: Token) -> _Candidate | None:
    """``… was voiced by X``: the subject is the content (for ``PASSIVE_CUES`` only); an anaphoric one
    ("such a position") stands for the sentence before it in the paragraph."""
    if cue.lemma_.lower() not in PASSIVE_CUES:
        return None
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    source = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    subject = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    if source is None or subject is None:
        return None
    content = _content_span(list(subject.subtree))
    if _is_anaphoric(subject):
        content = _previous_sentence(doc, cue.sent)
    if content is None:
        return None
    return _Candidate(content[0], content[1], "reported", _cue_text(cue), cue, speaker_span(source), source)


def _is_anaphoric(subject: Token) -> bool:
    if subject.lower_ in ANAPHORIC_PRONOUNS:
        return True
    return any(c.lower_ in ANAPHORIC_DETERMINERS and c.dep_ in ("det", "predet") for c in subject.children)


def _previous_sentence(doc: Doc, sent: Span) -> tuple[int, int] | None:
    """The sentence before ``sent`` when no blank line separates them."""
    if sent.start == 0:
        return None
    before = doc[sent.start - 1].sent
    # Sentences are contiguous: what lies between them is the last token's trailing whitespace
    # (read from the token, not from doc.text, which is rebuilt from every token on each access).
    if "\n\n" in doc[sent.start - 1].whitespace_:
        return None
    return _content_span(list(before))


def _mostly_quoted(candidate: _Candidate, index: _QuoteIndex) -> bool:
    """True when the clause's words, apart from the attribution itself (``X said``), are quoted."""
    cue = candidate.cue_token
    if cue is None:
        return False
    attribution = {cue.i} | ({t.i for t in candidate.speaker_head.subtree} if candidate.speaker_head is not None else set())
    words = [t for t in cue.doc.char_span(candidate.start, candidate.end, alignment_mode="expand") or () if not t.is_punct]
    own = [t for t in words if t.i not in attribution]
    covered = [t for t in own if index.covers(t.idx)]
    return bool(own) and len(covered) / len(own) >= DIRECT_SHARE_OF_CLAUSE


def _inside_quote(token: Token, quoted: list[_Quoted]) -> bool:
    return any(q.start <= token.idx < q.end for q in quoted)


def _without_overlap(found: list[_Candidate], direct: list[_Candidate], text: str) -> list[_Candidate]:
    """A reported clause that holds a quoted span replaces it (mixed quote); other overlaps lose."""
    kept = []
    for candidate in found:
        if any(_introduced_by_colon(candidate, d, text) for d in direct):
            continue
        inner = [d for d in direct if candidate.start <= d.start and _ends_within(text, d.end, candidate.end)]
        for d in inner:
            direct.remove(d)
            candidate.end = max(candidate.end, d.end)
        if not any(d.start < candidate.end and candidate.start < d.end for d in direct):
            kept.append(candidate)
    return kept


def _introduced_by_colon(candidate: _Candidate, direct: _Candidate, text: str) -> bool:
    """``X declared the need for …: “Change the world …,” she said``: a quotation after a colon inside the
    clause its own cue hangs on is that cue's; the words before the colon lead in to it and are no report
    (nor is an object that ends at the colon: an analyst audit saw "stuff like this" listed as a quote)."""
    lead = text[candidate.start : direct.start].rstrip(" “\"'‘")
    same_cue = direct.cue_token is not None and candidate.cue_token is not None and direct.cue_token.i == candidate.cue_token.i
    cue_first = candidate.cue_token is not None and candidate.cue_token.idx < candidate.start
    if same_cue and cue_first and candidate.end <= direct.start:  # "tweets out stuff like this: “…”": a pointer
        gap = text[candidate.end : direct.start].strip(" “\"'‘")
        return gap.endswith(":") and len(gap.split()) <= MAX_POINTER_WORDS
    return same_cue and candidate.start < direct.start < candidate.end and lead.endswith(":")


def _ends_within(text: str, end: int, clause_end: int) -> bool:
    """``end`` is inside the clause, or past it only by punctuation (``…woman.”``)."""
    return end <= clause_end or not re.search(r"\w", text[clause_end:end])


def _outermost(found: list[_Candidate]) -> list[_Candidate]:
    """One attribution per token (as PolNeAR annotates): drop reports whose cue is inside another's
    content, unless that content opens with the cue (``continued to call for …``, ``went on to
    explain …``): the outer verb then only says that the speaking went on, and gives way."""
    wrappers = {id(o) for o in found for c in found if o is not c and _opens_with_cue(o, c)}
    kept = [o for o in found if id(o) not in wrappers]
    return [
        c for c in kept if not any(o is not c and c.cue_token is not None and o.start <= c.cue_token.idx < o.end for o in kept)
    ]


def _opens_with_cue(outer: _Candidate, inner: _Candidate) -> bool:
    cue = inner.cue_token
    if cue is None or not outer.start <= cue.idx < outer.end:
        return False
    lead = [t for t in cue.doc.char_span(outer.start, cue.idx + len(cue.text), alignment_mode="expand") or () if t.i < cue.i]
    return all(t.lower_ == "to" or t.dep_ == "aux" for t in lead)


# 6. speakers ------------------------------------------------------------------------------------


def _speaker_outside_quotes(candidate: _Candidate, text: str, quoted: list[_Quoted]) -> None:
    """``“Like Oakland. Or Ferguson,” Trump said``: the parser may take quoted words for the cue's
    subject; the speaker is then the name between the quote and the cue (or right after the cue),
    and none when there is no such name."""
    head, cue = candidate.speaker_head, candidate.cue_token
    if head is None or cue is None:
        return
    if head.lower_ in NOT_SPEAKERS:  # the words stay a quotation, without a speaker
        candidate.speaker_head, candidate.speaker = None, None
        return
    if _inside_quote(head, quoted):
        head = _name_next_to(cue, quoted)
        candidate.speaker_head = head
        candidate.speaker = speaker_span(head) if head is not None else None
    if candidate.speaker is not None and candidate.speaker_head is not None:
        candidate.speaker = _clipped_to_unquoted(candidate.speaker, text, quoted)
        candidate.speaker = _without_reporting_relative(candidate.speaker, candidate.speaker_head)


def _without_reporting_relative(span: tuple[int, int], head: Token) -> tuple[int, int]:
    """``said Mr. Kamin, who emphasized that …``: a comma-set relative clause in the speaker's phrase
    that reports something itself is an attribution of its own, and one that says how the speaker
    spoke (``who spoke on condition of anonymity``) is the writer's; the speaker ends before it."""
    for token in head.subtree:
        for child in token.rights:
            comma = head.doc[child.left_edge.i - 1]
            inside = span[0] < comma.idx < span[1]
            if child.dep_ == "relcl" and comma.text == "," and inside and (_is_report_verb(child) or _tells_how_spoken(child)):
                return span[0], comma.idx
    return span


def _tells_how_spoken(verb: Token) -> bool:
    return verb.lemma_.lower() in SPEAKING_VERBS


def _clipped_to_unquoted(span: tuple[int, int], text: str, quoted: list[_Quoted]) -> tuple[int, int]:
    """A speaker phrase whose subtree reaches back into the quote (``…,” Sarandon, 69, told``)
    starts after the closing mark."""
    start, end = span
    for q in quoted:
        if q.start <= start < q.outer_end < end:
            start = q.outer_end
    while start < end and (text[start].isspace() or not text[start].isalnum()):
        start += 1
    return start, end


def _name_next_to(cue: Token, quoted: list[_Quoted]) -> Token | None:
    """The head of the unquoted noun phrase right before the cue (and its bracketed label), else
    right after it."""
    doc = cue.doc
    i = cue.i - 1
    if i > 0 and doc[i].text == ")":  # "Rep. X (D-Md.) said": the name before the party label
        while i > 0 and doc[i].text != "(" and cue.i - i <= MAX_LABEL_TOKENS:
            i -= 1
        i -= 1
    before = doc[i] if i >= 0 else None
    after = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
    for token in (before, after):
        if token is not None and token.pos_ in SPEAKER_POS and not _inside_quote(token, quoted):
            while token.head.i != token.i and token.head.pos_ in SPEAKER_POS and token.head.i != cue.i:
                if _inside_quote(token.head, quoted):
                    break
                token = token.head
            return token
    return None


def _cue_text(cue: Token) -> str:
    particle = next((c for c in cue.children if c.dep_ == "prt"), None)
    return f"{cue.text} {particle.text}" if particle is not None and particle.i == cue.i + 1 else cue.text


def _resolve_speakers(candidates: list[_Candidate], people: People, paragraphs: list[tuple[int, int]], text: str) -> None:
    """Type and name every speaker, in document order, so that pronouns and uncued quotes can
    fall back on the last speaker. An uncued quote that no named speaker may pass on to, in the
    paragraph of a cued quotation whose speaker has no name (``“…,” she said, describing …. “…”``,
    "she" naming no one found), takes that speaker's words: it was dropped, and PolNeAR annotates
    both parts as one attribution of "she" (speaker exact train-420 4,348 -> 4,351 right, predictions
    unchanged; dev 1,089 -> 1,088; held-out train 420-840 +7 right; AllSides and giveme5w1h speaker figures
    unchanged)."""
    last: _Candidate | None = None
    unnamed: _Candidate | None = None  # the last cued quotation whose speaker has no name ("he" alone)
    for candidate in candidates:
        if (
            candidate.inherit
            and last is not None
            and _may_pass_on(last, text)
            and _within_previous_paragraph(last, candidate, paragraphs)
        ):
            candidate.speaker, candidate.speaker_name = last.speaker, last.speaker_name
            candidate.speaker_kind, candidate.speaker_of = last.speaker_kind, last.speaker_of
        elif candidate.inherit and unnamed is not None and _same_paragraph(unnamed, candidate, paragraphs):
            candidate.speaker, candidate.inherit = unnamed.speaker, False
        elif candidate.speaker_head is not None:
            previous = _speaker_of_candidate(last)
            context = Context(people, paragraphs, previous, last.start if last is not None else -1)
            found = resolve(candidate.speaker_head, context)
            if found is not None:
                candidate.speaker_name, candidate.speaker_kind, candidate.speaker_of = found.name, found.kind, found.of
        elif candidate.speaker_name is not None and candidate.speaker_kind in ("organisation", "document"):
            pass  # a headline label naming an organisation or a study (``_label_kind``)
        elif candidate.speaker_name is not None:
            candidate.speaker_name = people.full_name(candidate.speaker_name)
            candidate.speaker_kind = "person"
        if candidate.speaker_name is not None or candidate.speaker_kind == "role":
            last, unnamed = candidate, None
        elif candidate.kind != "reported" and candidate.speaker is not None and not candidate.inherit:
            unnamed = candidate


def _may_pass_on(last: _Candidate, text: str) -> bool:
    """Whether an uncued quote after ``last`` may take its speaker: a quotation's speaker may, and a
    person's reported speech may (``Smith said the plan would fail.`` + a quote paragraph); the
    report of a newspaper, group or organisation introduces excerpts of a text more often than
    speech (PolNeAR dev + train-200: such inherited speakers were right 0 times in 6), unless that
    report itself quotes its speaker (``… contradicts “…,” the company's ads team said.`` + a quote
    paragraph: AllSides dev +1, PolNeAR dev unchanged)."""
    quoting = _QUOTE_MARK.search(text, last.start, last.end) is not None  # a mixed report quotes its speaker
    return last.kind != "reported" or last.speaker_kind == "person" or quoting


def _speaker_of_candidate(candidate: _Candidate | None) -> Speaker | None:
    if candidate is None or candidate.speaker_kind is None:
        return None
    return Speaker(candidate.speaker_name, candidate.speaker_kind, candidate.speaker_of)


def _within_previous_paragraph(last: _Candidate, current: _Candidate, paragraphs: list[tuple[int, int]]) -> bool:
    """The uncued quote follows the last attributed one closely: in the same or the next
    paragraph, and (texts that lost their paragraph breaks) not far after it."""
    index = _paragraph_index(current.start, paragraphs)
    near = current.start - last.end <= MAX_INHERIT_GAP_CHARS
    return index - _paragraph_index(last.start, paragraphs) <= 1 and near


def _same_paragraph(last: _Candidate, current: _Candidate, paragraphs: list[tuple[int, int]]) -> bool:
    """Whether the uncued quote starts in the paragraph of the last cued one."""
    return _paragraph_index(current.start, paragraphs) == _paragraph_index(last.start, paragraphs)


def _paragraph_index(offset: int, paragraphs: list[tuple[int, int]]) -> int:
    return max((i for i, p in enumerate(paragraphs) if p[0] <= offset), default=0)


# dates and output ---------------------------------------------------------------------------


def _attach_dates(candidates: list[_Candidate], dates: Sequence[DateMention]) -> None:
    """``said on Monday``: a full date in the cue's own clause (outside the content) is when it was said."""
    for candidate in candidates:
        if candidate.cue_token is None or candidate.said_on is not None:
            continue
        clause = candidate.cue_token
        lo, hi = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge.text)
        for date in dates:
            outside = date.end <= candidate.start or date.start >= candidate.end
            if outside and lo <= date.start and date.end <= hi and _FULL_ISO.match(date.value):
                candidate.said_on = date.value
                candidate.said_on_evidence = f"{date.text!r} in the clause of the cue {candidate.cue!r}"
                break


def _to_quote(candidate: _Candidate, document: Document) -> Quote:
    text = document.text
    speaker = candidate.speaker
    return Quote(
        doc_id=document.id,
        start=candidate.start,
        end=candidate.end,
        text=text[candidate.start : candidate.end],
        kind=candidate.kind,
        speaker_text=text[speaker[0] : speaker[1]] if speaker else None,
        speaker_start=speaker[0] if speaker else None,
        speaker_end=speaker[1] if speaker else None,
        speaker_name=candidate.speaker_name,
        speaker_kind=candidate.speaker_kind,
        speaker_of=candidate.speaker_of,
        cue=candidate.cue,
        said_on=candidate.said_on,
        said_on_evidence=candidate.said_on_evidence,
    )
