"""Light coreference: phrases that point back to actors named earlier.

Third step of extraction, after the gazetteer: "the two countries" and
"both sides" take the last pair of actors named together (else the last two
named), "the alliance" or "the bloc" the last organisation, "the rebels" or
"the militia" the last armed group, "the junta", "the kingdom" or "the
government" the last state that was a sentence's subject, a subject pronoun
in a reported clause ("Argentina said it would not join") the reporter, and a
sentence-opening "it" or "they" the previous sentence's subject. Each
resolved phrase becomes a mention of kind "coref" in ``doc._.mentions``.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from geokg.ingest.extraction.paragraphs import sentence_of

PAIR_NOUNS = frozenset(
    {"country", "nation", "side", "state", "capital", "government", "power", "party", "enemy",
     "rival", "neighbour", "neighbor", "foe", "adversary", "belligerent", "camp", "leader"}
)
PAIR_WORDS = frozenset({"both", "two"})
ORG_NOUNS = frozenset({"alliance", "bloc", "organisation", "organization", "grouping"})
PRONOUNS = frozenset({"it", "they", "he", "she"})
SPEAKER_PRONOUNS = frozenset({"we", "i"})
SPEECH_VERBS = frozenset(
    {"say", "tell", "write", "add", "state", "declare", "announce", "insist", "stress",
     "note", "post", "warn"}
)
GROUP_NOUNS = frozenset(
    {"rebel", "militia", "group", "militant", "insurgent", "paramilitary", "movement",
     "fighter", "jihadist", "insurgency", "guerrilla", "force"}
)
GROUP_DESCRIPTORS = frozenset(
    {"armed", "rebel", "militant", "jihadist", "insurgent", "islamist", "extremist",
     "terrorist", "separatist", "paramilitary"}
)
HEAD_NOUNS = frozenset(
    """spokesperson spokesman spokeswoman minister ministry president premier official envoy
    ambassador court tribunal council commission parliament assembly army military navy
    guard agency chief commander general delegation""".split()
)
"""Heads that a later "the spokesperson", "the court" repeats for the same actor."""
STATE_NOUNS = frozenset(
    {"junta", "regime", "kingdom", "government", "administration", "authority", "republic",
     "emirate", "country", "nation", "state", "cabinet", "leadership", "ministry"}
)


OWNED_NOUNS = STATE_NOUNS | {"army", "military", "force", "troop", "navy", "people"}
"""Nouns that a possessive pronoun gives to an actor named before: "her government"."""
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their"})


def _state_of(actors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A person's state ("Ruto said his government ..."); other actors as they are."""
    from geokg.ingest.extraction.gazetteer import actor_record, load_gazetteer

    found: dict[str, dict[str, Any]] = {}
    for actor in actors:
        if actor["type"] == "Person" and actor.get("country"):
            try:
                actor = actor_record(load_gazetteer().actor(actor["country"]))
            except KeyError:
                continue
        found.setdefault(actor["id"], actor)
    return list(found.values())


def _owner(token: Token, index: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Whose "his government", "her country", "its army" it is: in a reported clause the
    speaker ("Congo's minister said her government would ..."), else the actor named last
    before it in the sentence (a person for his/her, a state or group for its/their)."""
    verb = token.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SPEECH_VERBS:
        for subj in verb.head.children:
            if subj.dep_ in ("nsubj", "nsubjpass") and subj.i < token.i:
                found = _actors_of(subj, index) or _of_actors(subj, index)
                if found:
                    return _state_of(found)
    personal = any(c.lower_ in ("his", "her") for c in token.children if c.dep_ == "poss")
    for i in range(token.i - 1, sentence_of(token).start - 1, -1):
        mention = index.get(i)
        if mention is None or mention["kind"] == "city":
            continue
        actors = [a for a in mention["actors"] if (a["type"] == "Person") == personal]
        if personal and not actors and mention["kind"] in ("demonym", "alias", "name"):
            continue  # "his": a person, or an official named by title (below)
        if actors:
            return _state_of(actors)
    return []


def _actors_of(token: Token, index: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Actors named by a token or by the actor words modifying it ("Argentina's government")."""
    mention = index.get(token.i)
    if mention is not None:
        return list(mention["actors"])
    found: list[dict[str, Any]] = []
    for child in token.children:
        if child.dep_ in ("poss", "amod", "compound") and child.i in index:
            found.extend(index[child.i]["actors"])
    return found


def _of_actors(token: Token, index: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Actors named by "of": "the president of Brazil"."""
    return [
        actor
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj" and pobj.i in index and index[pobj.i]["kind"] != "city"
        for actor in index[pobj.i]["actors"]
    ]


class Coreference:
    """Component: adds mentions for anaphoric phrases to ``doc._.mentions``."""

    def __call__(self, doc: Doc) -> Doc:
        mentions = list(doc._.mentions)
        index = {i: m for m in mentions for i in range(m["start"], m["end"])}
        added: list[dict[str, Any]] = []
        context = _Context()
        before: dict[int, list[dict[str, Any]]] = {}
        for sent in doc.sents:
            before[sent.start] = list(context.pair())
            subjects: list[dict[str, Any]] = []
            for token in sent:
                if token.i in index:
                    mention = index[token.i]
                    if mention["kind"] == "city":
                        continue
                    actor = mention["actors"][0]
                    context.saw(actor)
                    if token.lemma_.lower() in HEAD_NOUNS and not (
                        token.head.i in index and index[token.head.i] is mention
                    ):
                        # "the UN International Court of Justice": a later "the court"
                        context.heads[token.lemma_.lower()] = list(mention["actors"])
                    if token.dep_ in ("nsubj", "nsubjpass") or (
                        token.head.dep_ in ("nsubj", "nsubjpass")
                        and token.dep_ in ("poss", "amod", "compound")
                    ):
                        subjects.append(actor)
                    group = self._coordinated_states(token, index)
                    if len(group) >= 2 and token.i == mention["end"] - 1:
                        context.last_pair = group
                    continue
                lemma = token.lemma_.lower()
                if lemma in HEAD_NOUNS and token.pos_ in ("NOUN", "PROPN"):
                    owners = _actors_of(token, index) or _of_actors(token, index)
                    if owners:
                        # "China's Foreign Ministry spokesperson": a later "the spokesperson"
                        context.heads[lemma] = owners
                        continue
                resolved = self._resolve(token, index, context)
                if resolved:
                    mention = {
                        "start": token.i,
                        "end": token.i + 1,
                        "text": token.text,
                        "kind": "coref",
                        "actors": resolved,
                    }
                    added.append(mention)
                    index[token.i] = mention
                    if token.dep_ in ("nsubj", "nsubjpass"):
                        subjects.extend(resolved)
            context.pair_before = context.last_pair
            if subjects:
                context.subjects = subjects
                states = [a for a in subjects if a["type"] == "State"]
                if states:
                    context.subject_state = states[0]
        doc._.mentions = sorted(mentions + added, key=lambda m: m["start"])
        doc._.pairs = before
        return doc

    @staticmethod
    def _coordinated_states(token: Token, index: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
        group: dict[str, dict[str, Any]] = {}
        for tok in [token, *token.conjuncts]:
            mention = index.get(tok.i)
            if mention is None or mention["kind"] == "city":
                continue
            for actor in mention["actors"]:
                if actor["type"] in ("State", "ArmedGroup", "Organization"):
                    group.setdefault(actor["id"], actor)
        return list(group.values())

    @staticmethod
    def _resolve(
        token: Token, index: dict[int, dict[str, Any]], context: _Context
    ) -> list[dict[str, Any]]:
        lemma = token.lemma_.lower()
        modifiers = {c.lower_ for c in token.children if c.dep_ in ("det", "predet", "nummod")}
        own_modifiers = any(
            c.dep_ in ("poss", "amod", "compound") and c.i in index for c in token.children
        )
        if lemma in PAIR_NOUNS and token.tag_ in ("NNS", "NNPS") and modifiers & PAIR_WORDS:
            return list(context.pair())
        if lemma in HEAD_NOUNS and not own_modifiers and token.dep_ in ("nsubj", "nsubjpass"):
            # "China's foreign ministry said ... A ministry spokesperson urged": the ministry's
            for c in token.children:
                if c.dep_ == "compound" and c.lemma_.lower() in context.heads:
                    return list(context.heads[c.lemma_.lower()])
        if (
            lemma in context.heads
            and "the" in modifiers
            and not own_modifiers
            and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
        ):
            return list(context.heads[lemma])
        if own_modifiers or "the" not in modifiers or token.pos_ not in ("NOUN", "PROPN"):
            pass
        elif lemma in ORG_NOUNS and context.last_org is not None:
            return [context.last_org]
        elif (
            lemma in GROUP_NOUNS
            and context.last_group is not None
            and not any(
                c.dep_ in ("compound", "amod") and c.lower_ not in GROUP_DESCRIPTORS
                for c in token.children
            )
        ):
            # "the rebels", "the armed group"; not "the border force", "the joint force"
            return [context.last_group]
        elif (
            lemma in STATE_NOUNS
            and token.tag_ in ("NN", "NNP")
            and context.subject_state is not None
        ):
            return [context.subject_state]
        if (
            token.pos_ == "NOUN"
            and lemma in OWNED_NOUNS
            and any(c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS for c in token.children)
        ):
            return _owner(token, index)
        if token.lower_ in SPEAKER_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            # "'We condemn this action,' the US ambassador said": the speaker's side
            verb = token.head
            if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SPEECH_VERBS:
                for subj in verb.head.children:
                    if subj.dep_ in ("nsubj", "nsubjpass"):
                        found = _actors_of(subj, index) or _of_actors(subj, index)
                        if found:
                            return found
        if token.lower_ in PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            verb = token.head
            if verb.dep_ == "ccomp" and verb.head.pos_ in ("VERB", "AUX"):
                for subj in verb.head.children:
                    if subj.dep_ in ("nsubj", "nsubjpass"):
                        found = _actors_of(subj, index)
                        if found:
                            return found
            if token.lower_ != "they" and verb.dep_ in ("relcl", "advcl", "conj"):
                # "Yeltsin visited Lisbon, where he met ...": the subject of the main clause.
                root = verb
                while root.dep_ != "ROOT" and root.head.i != root.i:
                    root = root.head
                for subj in root.children:
                    if subj.dep_ in ("nsubj", "nsubjpass") and subj.i < token.i:
                        found = _actors_of(subj, index)
                        if len(found) == 1:
                            return found
            if token.lower_ == "they" and context.last_pair:
                return list(context.last_pair)
            if token.i == sentence_of(token).start and context.subjects:
                people = token.lower_ in ("he", "she")
                if len(context.subjects) == 1 and people == (
                    context.subjects[0]["type"] == "Person"
                ) and token.lower_ != "they":
                    return list(context.subjects)
                if token.lower_ == "they" and len(context.subjects) >= 2:
                    return list(context.subjects)
                if token.lower_ == "they" and context.subjects[0]["type"] == "ArmedGroup":
                    return list(context.subjects)  # "The Houthis ... They launched"
        return []


class _Context:
    """What earlier sentences named, for the phrases that point back."""

    def __init__(self) -> None:
        self.last_pair: list[dict[str, Any]] = []
        self.pair_before: list[dict[str, Any]] = []
        self.last_org: dict[str, Any] | None = None
        self.last_group: dict[str, Any] | None = None
        self.subject_state: dict[str, Any] | None = None
        self.subjects: list[dict[str, Any]] = []
        self.recent: list[dict[str, Any]] = []
        self.heads: dict[str, list[dict[str, Any]]] = {}

    def saw(self, actor: dict[str, Any]) -> None:
        if actor["type"] == "Organization":
            self.last_org = actor
        elif actor["type"] == "ArmedGroup":
            self.last_group = actor
        if actor["type"] in ("State", "ArmedGroup", "Organization"):
            self.recent = [a for a in self.recent if a["id"] != actor["id"]] + [actor]

    def pair(self) -> list[dict[str, Any]]:
        """The last actors named together before this sentence, else the last two named."""
        if self.pair_before:
            return self.pair_before
        if self.last_pair:
            return self.last_pair
        return self.recent[-2:] if len(self.recent) >= 2 else []


@Language.factory("geokg_coreference")
def make_coreference(nlp: Language, name: str) -> Coreference:
    return Coreference()


if not Doc.has_extension("pairs"):
    # sentence start -> the last two actors named together (or named last) before it
    Doc.set_extension("pairs", default={})
