"""Relations: trigger words matched on the dependency parse, with their arguments.

Fourth step of extraction. Each frame of ``ingest/data/triggers.toml`` is a
trigger word and its light noun or complement on the dependency parse, found
by ``FrameIndex``; for every match the frame's
argument slots are read off the parse (subjects inherited through control
verbs and coordination, passives turned around, prepositional and n-ary
arguments), coordinated actors multiply the relation, and one record per
(subject, object, item) goes to ``doc._.relations`` for the modality and
time components to complete.
"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from geokg.errors import VocabularyError
from geokg.graph.vocabulary import predicate as vocabulary_predicate
from geokg.ingest.extraction.items import ItemReader, load_item_lexicon
from geokg.ingest.extraction.paragraphs import sentence_of

RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})
OBJECT_DEPS = ("dobj", "attr", "oprd", "nsubjpass")
MODIFIER_DEPS = ("poss", "amod", "compound", "nmod")
RELATIONAL_NOUNS = frozenset(
    {
        "ally",
        "enemy",
        "adversary",
        "partner",
        "neighbour",
        "neighbor",
        "rival",
        "critic",
        "opponent",
        "foe",
        "friend",
        "backer",
        "proxy",
        "response",
    }
)
"""Nouns whose possessor is not the agent: "Ukraine's allies" are not Ukraine."""
TITLE_NOUNS = RELATIONAL_NOUNS | {"member", "state", "country", "nation", "neighbor"}
"""Nouns written before an actor's name: "NATO ally Turkey", "EU member Ireland"."""
USER_VERBS = frozenset({"use", "receive", "deploy", "operate", "fire", "launch", "employ"})
PLACE_PREDICATES = frozenset(
    {"ATTACKS", "DEPLOYS_TO", "VISITS", "MOBILIZES", "WITHDRAWS_FROM"}
)
GROUP_NOUNS = frozenset(
    """rebel militia militiaman paramilitary paramilitaries insurgent insurgency militant
    fighter guerrilla separatist faction movement opposition group jihadist gunman
    extremist""".split()
)
"""Nouns whose state modifier is a host, not the agent: "Sudan's RSF", "Congolese rebels"."""
COMPANY_NOUNS = frozenset(
    """company firm corporation conglomerate manufacturer maker giant contractor exporter
    supplier business enterprise shipbuilder producer carrier airline operator
    subsidiary media medium press journalist reporter newspaper outlet broadcaster
    lender investor""".split()
)
"""Nouns whose state modifier is not the actor: companies are not their state."""
PRESS_PEOPLE = frozenset({"journalist", "reporter"})
"""Press nouns that are a state's nationals when held or freed ("an American journalist")."""
NATIONAL_TARGETS = frozenset({"SEIZES", "CONCEDES", "SANCTIONS"})
"""Predicates whose object may be a state's journalists or carriers, standing for the state."""
CARRIER_NOUNS = frozenset({"airline", "carrier", "flight"})
"""Carriers stand for their state as the target of a ban ("closed its airspace to Indian
airlines")."""
PLACE_NOUNS = frozenset(
    """site target position base facility area infrastructure city town village camp border
    frontier territory region province district coast waters airspace soil outpost
    installation depot port airport airfield hideout stronghold capital headquarters
    vessel ship boat plane aircraft drone convoy embassy consulate refinery plant factory
    terminal pipeline bridge dam substation warehouse barracks checkpoint post hospital
    school market neighbourhood neighborhood suburb island oilfield""".split()
)
"""Nouns that stand for what lies in or belongs to a place: "sites in Pakistan"."""
MOVABLE_NOUNS = frozenset("vessel ship boat plane aircraft drone convoy".split())
"""Place nouns that are not places one captures: seizing a vessel is no assault."""
PLACE_PREPS = frozenset({"in", "of", "including", "near", "across", "inside", "along", "with"})
AGENT_NOUNS = frozenset(
    """leader president minister government delegation head army force troop military navy
    official representative envoy ambassador authority counterpart spokesperson spokesman
    ministry chief member people cabinet administration parliament coast guard trio duo pair
    quartet country nation state junta regime neighbour neighbor ruler commander general
    diplomat negotiator delegate soldier warplane jet warship side intelligence hacker
    persona""".split()
)
"""Nouns that stand for the actor they belong to: "the leaders of Egypt and Eritrea"."""
GOVERNING_NOUNS = frozenset(
    """leader government junta regime authority official ruler administration cabinet
    parliament ministry president minister general commander""".split()
)
"""Agent nouns for which "in X" names X's own actor ("the authorities in Kyiv"); troops or
diplomats "in X" are only located there."""
NOT_AGENT_PREPS = frozenset(
    """after before since following over about amid despite regarding concerning""".split()
)
"""Prepositions that put an act noun outside its governing verb's agency."""
OBJECT_CONTROL = frozenset(
    """urge ask tell order force help assist push press pressure persuade convince encourage
    invite allow enable permit want need expect call compel require instruct direct warn
    advise authorize authorise get leave lead cause prompt""".split()
)
"""Verbs whose object does what the infinitive says ("urged Iran to stop"); elsewhere the
infinitive is the subject's purpose ("sanctioned two firms to pressure Moscow")."""
OWNER_WORDS = frozenset(
    {"owned", "flagged", "operated", "registered", "run", "controlled", "linked", "bound",
     "affiliated", "chartered"}
)
PARTY_VERBS = frozenset(
    {"be", "remain", "engage", "involve", "embroil", "wage", "wag", "fight"}
)  # "waging" is lemmatised "wag"
"""Verbs whose subject is a party to the war or conflict they govern."""
OWNED_TARGETS = frozenset({"ATTACKS", "SEIZES"})
ANSWERING = frozenset(
    {"CRITICIZES", "PROTESTS", "REJECTS", "DEMANDS", "SUPPORTS", "THREATENS"}
)
"""Predicates aimed at whoever did the act they answer ("condemned the strikes by Israel")."""
"""Predicates whose object may be a thing standing for its owner ("a Vietnamese vessel")."""
ANSWERED_NOUNS = frozenset(
    """proposal offer plan demand accusation allegation claim charge request call ultimatum
    initiative resolution criticism idea terms condition counterproposal counter-proposal""".split()
)
"""What a rejection answers: "rejected the proposal" answers whoever made it."""
QUANTITY_NOUNS = frozenset(
    """dozen hundred thousand million number batch wave contingent handful couple series
    fleet flotilla squadron""".split()
)
"""Nouns that count what follows "of": "dozens of Russian instructors"."""


def counted(token: Token) -> Token:
    """What a quantity noun counts ("dozens of instructors" -> instructors), else the token."""
    if (
        token.lemma_.lower() in QUANTITY_NOUNS
        or token.lower_ in ("some", "many", "most", "several")
        or token.pos_ == "NUM"  # "one of its drones"
    ):
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return token
HYPHEN_RELATIONS = {
    "back": ("SUPPORTS", "object"),
    "support": ("SUPPORTS", "object"),
    "sponsor": ("SUPPORTS", "object"),
    "fund": ("PROVIDES_AID", "object"),
    "finance": ("PROVIDES_AID", "object"),
    "arm": ("SUPPLIES", "object"),
    "train": ("TRAINS", "object"),
    "make": ("SUPPLIES", "item"),
    "build": ("SUPPLIES", "item"),
    "manufacture": ("SUPPLIES", "item"),
    "supply": ("SUPPLIES", "item"),
    "design": ("SUPPLIES", "item"),
    "produce": ("SUPPLIES", "item"),
    "broker": ("MEDIATES", "agreement"),
    "mediate": ("MEDIATES", "agreement"),
}
"""Relations carried by "X-backed rebels", "Iranian-made drones", "a Qatar-brokered truce"."""
MEDIATION_XCOMPS = frozenset(
    {"reach", "resolve", "end", "agree", "negotiate", "settle", "find", "bridge", "overcome",
     "de-escalate", "defuse", "ease", "return", "resume"}
)
HOSTING_VERBS = frozenset(
    {"host", "mediate", "broker", "facilitate", "organise", "organize", "convene", "sponsor",
     "chair", "arrange", "oversee", "co-host", "co-organise", "co-organize", "co-chair",
     "co-sponsor", "cohost"}
)
"""Who hosts or brokers talks is a mediator, not a party: no MEETS between co-hosts."""
"""Predicates whose object may be a city standing for its state ("shelled Kharkiv")."""
LOCATION_NOUNS = frozenset(
    {"summit", "meeting", "conference", "talks", "forum", "ceremony", "headquarters"}
)

# How firmly an argument was found; feeds the claim's confidence.
STRENGTH = {
    "direct": 1.0,  # a syntactic argument of the trigger
    "inherited": 0.9,  # through a control verb, coordination or a governing verb
    "coref": 0.8,  # through a pronoun, "both countries", "the agreement"
    "location": 0.75,  # a place standing in for the target ("struck targets in Iran")
    "nearby": 0.6,  # the nearest actor named beside the trigger, when the parse gave none
}
NEARBY_WINDOW = 8
"""How many tokens from its trigger a nearby argument may be."""


@dataclass(frozen=True)
class Frame:
    """One entry of the trigger lexicon."""

    key: str
    predicate: str
    verbs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    light: tuple[str, ...] = ()
    xcomp: tuple[str, ...] = ()
    governors: frozenset[str] = frozenset()
    not_governors: frozenset[str] = frozenset()
    complement: bool = False
    subject: tuple[str, ...] = ("subj",)
    object: tuple[str, ...] = ("obj",)
    item: tuple[str, ...] = ()
    require_item: bool = False
    object_types: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    modality: str | None = None
    personnel: frozenset[str] = frozenset()
    switch: tuple[tuple[str, str], ...] = ()
    exclude_objects: frozenset[str] = frozenset()
    object_heads: frozenset[str] = frozenset()
    places_only: bool = False
    mutual: bool = False
    subject_heads: frozenset[str] = frozenset()
    not_subject_heads: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    not_particles: frozenset[str] = frozenset()
    with_nouns: frozenset[str] = frozenset()
    not_with_nouns: frozenset[str] = frozenset()
    transitive: bool | None = None
    passive: bool = False
    aid_objects: bool = False
    reversed_by: frozenset[str] = frozenset()
    symmetric: bool = False

    @property
    def is_noun(self) -> bool:
        return bool(self.nouns)

    @property
    def light_forms(self) -> frozenset[str]:
        """The light nouns as they may be written (plurals included)."""
        return frozenset(f for noun in self.light for f in _noun_forms(noun))


def _noun_forms(noun: str) -> set[str]:
    forms = {noun, noun + "s", noun + "es", noun.capitalize(), noun.capitalize() + "s"}
    if noun.endswith("y"):
        forms.add(noun[:-1] + "ies")
    return {f.lower() for f in forms}


@dataclass(frozen=True)
class Lexicon:
    frames: tuple[Frame, ...]
    cues: dict[str, Any] = field(default_factory=dict)


def _data(name: str) -> str:
    return resources.files("geokg.ingest").joinpath("data", name).read_text("utf-8")


@cache
def load_lexicon() -> Lexicon:
    """Frames of ``triggers.toml``, checked against the predicate vocabulary."""
    frames = []
    for n, spec in enumerate(tomllib.loads(_data("triggers.toml")).get("frame", [])):
        name = spec["predicate"]
        try:
            pred = vocabulary_predicate(name)
        except VocabularyError as exc:
            raise VocabularyError(f"triggers.toml frame {n + 1}: {exc}") from None
        frames.append(
            Frame(
                key=f"{name}:{n}",
                predicate=name,
                verbs=tuple(spec.get("verbs", ())),
                nouns=tuple(spec.get("nouns", ())),
                light=tuple(spec.get("light", ())),
                xcomp=tuple(spec.get("xcomp", ())),
                governors=frozenset(spec.get("governors", ())),
                not_governors=frozenset(spec.get("not_governors", ())),
                complement=bool(spec.get("complement", False)),
                subject=_subject_slots(spec),
                object=tuple(spec.get("object", ("obj",))),
                item=tuple(spec.get("item", ())),
                require_item=bool(spec.get("require_item", False)),
                object_types=frozenset(spec.get("object_types", ())),
                modifiers=frozenset(spec.get("modifiers", ())),
                modality=spec.get("modality"),
                personnel=frozenset(spec.get("personnel", ())),
                switch=tuple(sorted(spec.get("switch", {}).items())),
                exclude_objects=frozenset(spec.get("exclude_objects", ())),
                object_heads=frozenset(spec.get("object_heads", ())),
                places_only=bool(spec.get("places_only", False)),
                mutual=bool(spec.get("mutual", False)),
                subject_heads=frozenset(spec.get("subject_heads", ())),
                not_subject_heads=frozenset(spec.get("not_subject_heads", ())),
                particles=frozenset(spec.get("particles", ())),
                not_particles=frozenset(spec.get("not_particles", ())),
                with_nouns=frozenset(spec.get("with_nouns", ())),
                not_with_nouns=frozenset(spec.get("not_with_nouns", ())),
                transitive=spec.get("transitive"),
                passive=bool(spec.get("passive", False)),
                aid_objects=bool(spec.get("aid_objects", False)),
                reversed_by=frozenset(spec.get("reversed_by", ())),
                symmetric=pred.symmetric,
            )
        )
    cues = tomllib.loads(_data("cues.toml"))
    return Lexicon(frames=tuple(frames), cues=cues)


def _subject_slots(spec: dict[str, Any]) -> tuple[str, ...]:
    """A noun frame's agent may also come with "by": "strikes by the US on the Houthis"."""
    slots = tuple(spec.get("subject", ("subj",)))
    if spec.get("nouns") and not any(s.startswith("prep:by") for s in slots):
        slots = (*slots[:-1], "prep:by", slots[-1]) if slots else ("prep:by",)
    return slots


class FrameIndex:
    """The frames a document's words trigger: a trigger verb or noun, with its light noun
    (the verb's object or attribute) or open complement where the frame names them.

    Every frame is a one- or two-token pattern on the parse, so a lookup by lemma (verbs) or
    by written form (nouns) finds them; spaCy's ``DependencyMatcher`` did the same with one
    pattern per frame and, at a hundred frames, cost 40 % of extraction (bench/RESULTS.md).
    """

    def __init__(self, frames: tuple[Frame, ...]):
        self.verbs: dict[str, list[Frame]] = {}
        self.nouns: dict[str, list[Frame]] = {}
        for frame in frames:
            if frame.is_noun:
                for form in sorted({f for noun in frame.nouns for f in _noun_forms(noun)}):
                    self.nouns.setdefault(form, []).append(frame)
            else:
                for verb in frame.verbs:
                    self.verbs.setdefault(verb, []).append(frame)

    def __call__(self, doc: Doc) -> list[tuple[Frame, Token, Token | None]]:
        """(frame, trigger, light noun or complement) for each match, in text order."""
        found: list[tuple[Frame, Token, Token | None]] = []
        for token in doc:
            if token.pos_ in ("NOUN", "PROPN") or (
                token.tag_ == "VBZ"
                and (token.dep_ in NOUN_DEPS or token.lemma_ not in self.verbs)
            ):  # "US airstrikes on Yemen continued": a plural noun tagged as a verb
                found.extend((frame, token, None) for frame in self.nouns.get(token.lower_, ()))
            if token.pos_ not in ("VERB", "AUX"):
                continue
            frames = self.verbs.get(token.lemma_, ())
            if not frames and token.lemma_ + "e" in self.verbs and token.lower_.startswith(
                token.lemma_
            ):
                frames = self.verbs[token.lemma_ + "e"]  # "staged" lemmatised "stag"
            particles = {
                c.lower_
                for c in token.children
                if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in ADVERB_PARTICLES)
            } if frames else set()
            for frame in frames:
                if frame.particles and not frame.particles & particles:
                    continue  # "lashed out at": the frame needs its particle
                if frame.not_particles & particles:
                    continue  # "hit out at" is not a strike
                if frame.transitive is not None and frame.transitive != _transitive(token):
                    continue  # "flew aid to Turkey" supplies, "flew to Turkey" visits
                if frame.passive and not any(
                    c.dep_ in ("auxpass", "nsubjpass") for c in token.children
                ):
                    continue  # "soldiers were trained in Germany", not "troops trained in"
                if frame.with_nouns or frame.not_with_nouns:
                    instruments = {
                        p.lemma_.lower()
                        for w in token.children
                        if w.dep_ == "prep" and w.lower_ == "with"
                        for p in w.children
                        if p.dep_ == "pobj"
                    }
                    if frame.with_nouns and not frame.with_nouns & instruments:
                        continue  # "slapped Minsk with sanctions" needs the sanctions
                    if frame.not_with_nouns & instruments:
                        continue  # "hit Caracas with sanctions" is no strike
                if frame.light:
                    forms = frame.light_forms
                    found.extend(
                        (frame, token, c)
                        for c in token.children
                        if c.dep_ in OBJECT_DEPS and c.lower_ in forms
                    )
                    if token.lemma_ in PREPOSITIONAL_LIGHT_VERBS:
                        found.extend(  # "agreed to a ceasefire", "agreed on a truce"
                            (frame, token, p)
                            for c in token.children
                            if c.dep_ == "prep" and c.lower_ in ("to", "on", "upon")
                            for p in c.children
                            if p.dep_ == "pobj" and p.lower_ in forms
                        )
                elif frame.xcomp:
                    found.extend(
                        (frame, token, c)
                        for c in token.children
                        if c.dep_ == "xcomp" and c.lemma_ in frame.xcomp
                    )
                else:
                    found.append((frame, token, None))
        return found


AID_WORDS = frozenset(
    """aid relief humanitarian food foodstuff ration flour rice medicine medication medical
    vaccine assistance tent blanket""".split()
)
"""Goods that make a delivery humanitarian aid (codebook: PROVIDES_AID, not SUPPLIES)."""
BORDER_NOUNS = frozenset({"border", "frontier", "boundary", "borderland"})
"""Where forces sent up to another state mass against it (MOBILIZES), not deploy into it."""


MILITARY_WORDS = frozenset(
    {"military", "security", "defence", "defense", "lethal", "weapons", "arms"}
)


def _aid_name(name: str) -> bool:
    """"aid", "humanitarian aid" are aid; "military aid" is materiel."""
    words = name.lower().split()
    return bool(words) and words[-1] in AID_WORDS and not set(words) & MILITARY_WORDS


def _humanitarian(tokens: list[Token]) -> bool:
    """"relief supplies", "a convoy of aid trucks", "the donation of vaccines": aid."""
    todo = [(t, 0) for t in tokens]
    while todo:
        tok, depth = todo.pop()
        if tok.lemma_.lower() in AID_WORDS or tok.lower_ in AID_WORDS:
            return True
        for child in tok.children:
            if child.dep_ in ("amod", "compound", "nmod") and (
                child.lemma_.lower() in AID_WORDS or child.lower_ in AID_WORDS
            ):
                return True
            if depth < 2 and child.dep_ == "prep" and child.lower_ == "of":
                todo.extend((p, depth + 1) for p in child.children if p.dep_ == "pobj")
            if depth < 2 and child.dep_ == "conj":
                todo.append((child, depth + 1))
    return False


def _reversed(noun: Token, undoing: frozenset[str]) -> bool:
    """The noun is what an undoing word acts on: its object, "the X of" it, "X relief"."""
    head = noun.head
    if any(c.dep_ == "acl" and c.tag_ == "VBN" for c in noun.children):
        return False  # "condemned the sanctions imposed by the US on Cuba": imposed all the same
    if noun.dep_ in ("dobj", "conj") and head.pos_ in ("VERB", "AUX"):
        return head.lemma_.lower() in undoing
    if noun.dep_ == "pobj" and head.lower_ in ("of", "for"):
        return head.head.lemma_.lower() in undoing or head.head.lower_ in undoing
    if noun.dep_ == "compound":
        return head.lemma_.lower() in undoing
    return False


def _at_border(trigger: Token, light: Token | None) -> bool:
    """Forces sent near, along or up to a state's border, not into it."""
    anchors = [t for t in (trigger, light) if t is not None]
    for anchor in anchors:
        for prep in (c for c in anchor.children if c.dep_ == "prep"):
            if prep.lower_ in ("near", "along", "alongside"):
                return True
            if prep.lower_ in ("to", "on", "at", "toward", "towards", "close") and any(
                p.dep_ == "pobj" and p.lemma_.lower() in BORDER_NOUNS for p in prep.children
            ):
                return True
    return False


def prep_objects(token: Token, words: tuple[str, ...]) -> list[Token]:
    """The objects of the prepositions ``words`` on ``token`` ("a request from the US")."""
    return [
        pobj
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ in words
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def _transitive(verb: Token) -> bool:
    """The verb has a direct object or a by-agent ("were trained by British instructors")."""
    return any(c.dep_ in ("dobj", "agent") for c in verb.children)


def is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    # "the coalition bombed Yemen" is often parsed as an acl; an object says it is active.
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(
        c.dep_ == "dobj" for c in verb.children
    )


def surface_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return child
    for aux in verb.children:
        if aux.dep_ in ("aux", "auxpass"):
            for child in aux.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    return child
    return None


def subject_tokens(verb: Token, depth: int = 0) -> tuple[list[Token], str]:
    """Who does what ``verb`` says, and how it was found (direct or inherited)."""
    if depth > 6:
        return [], "direct"
    how = "direct" if depth == 0 else "inherited"
    if is_passive(verb):
        agents = [
            pobj
            for child in verb.children
            if child.dep_ == "agent"
            for pobj in child.children
            if pobj.dep_ == "pobj"
        ]
        return agents, how
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        # The small model sometimes hangs the subject on the auxiliary ("X are mediating").
        subj = next(
            (s for a in verb.children if a.dep_ == "aux" for s in a.children if s.dep_ == "nsubj"),
            None,
        )
    if subj is not None:
        if subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return [verb.head], how
        return [subj, *comitatives(subj, verb)], how
    head = verb.head
    if head.i == verb.i:
        return [], how
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp":
        head = head.head  # "Iran is likely to sell": the subject of "is"
    if verb.dep_ == "xcomp":
        controller = next((c for c in head.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if controller is not None and (
            head.lemma_.lower() in OBJECT_CONTROL or controller.dep_ == "nsubjpass"
        ):
            return [controller], "inherited"  # "urged Iran to stop": Iran stops
        return subject_tokens(head, depth + 1)[0], "inherited"
    if verb.dep_ in ("conj", "advcl") or (verb.dep_ == "attr" and head.pos_ in ("AUX", "VERB")):
        # "Qatar is mediating" is sometimes parsed with the participle as an attribute
        surface = surface_subject(head)
        if surface is not None:
            return [surface], "inherited"
        if is_passive(head):
            return [], "inherited"  # "are backed by Rwanda, advanced on": not Rwanda's advance
        return subject_tokens(head, depth + 1)[0], "inherited"
    if verb.dep_ == "pcomp":
        governor = head.head
        while governor.pos_ in ("NOUN", "PROPN") and governor.head.i != governor.i:
            governor = governor.head
        if governor.pos_ in ("VERB", "AUX"):
            dobj = next((c for c in governor.children if c.dep_ == "dobj"), None)
            if head.lower_ == "for":
                # "retaliate against Finland for joining", "imposed sanctions on Iran for
                # supplying": the one punished did it
                punished = [
                    pobj
                    for anchor in (governor, dobj)
                    if anchor is not None
                    for pobj in prep_objects(anchor, ("against", "on"))
                ]
                if punished:
                    return ([dobj] if dobj is not None else []) + punished, "inherited"
            if dobj is not None and head.lower_ in ("of", "for"):
                return [dobj], "inherited"  # "accused Iran of supplying", "criticised X for"
            return subject_tokens(governor, depth + 1)[0], "inherited"
    if verb.dep_ in ("acl", "relcl"):
        if verb.dep_ == "acl" and head.pos_ == "NOUN" and _infinitive(verb):
            # "the decision by Mali to withdraw", "Russia's plan to deploy": the noun's agent
            agents = [c for c in head.children if c.dep_ == "poss" and c.tag_ != "PRP$"] + [
                pobj
                for prep in head.children
                if prep.dep_ in ("prep", "agent") and prep.lower_ == "by"
                for pobj in prep.children
                if pobj.dep_ == "pobj"
            ]
            if agents:
                return agents, "inherited"
            verb_of_noun, _ = governing_verb(head)
            if verb_of_noun is not None and head.dep_ == "dobj":
                # "Mali announced its decision to withdraw": who decided is who announced
                return subject_tokens(verb_of_noun, depth + 1)[0], "inherited"
        if verb.dep_ == "acl" and head.lemma_.lower() in STATEMENT_NOUNS and head.dep_ == "dobj":
            # "Manila issued a statement condemning ...": who issued it says it
            return subject_tokens(head.head, depth + 1)[0], "inherited"
        return [head], "inherited"
    return [], how


RELATION_NOUNS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # noun: (predicate, "holder" if the described actor is the subject else "owner", the
    # owner's actor types (empty: any))
    "ally": ("ALLIES_WITH", "holder", ()),
    "partner": ("COOPERATES_WITH", "holder", ()),
    "proxy": ("SUPPORTS", "owner", ()),
    "backer": ("SUPPORTS", "holder", ()),
    "patron": ("SUPPORTS", "holder", ()),
    "sponsor": ("SUPPORTS", "holder", ()),
    "supporter": ("SUPPORTS", "holder", ()),
    "supplier": ("SUPPLIES", "holder", ()),
    "member": ("JOINS", "holder", ("Organization",)),
    "creditor": ("PROVIDES_AID", "holder", ()),
    "lender": ("PROVIDES_AID", "holder", ()),
}
"""What "X, Y's ally" / "X, a member of Y" / "X is Y's main backer" says of X and Y."""
PRESENCE_NOUNS = frozenset(
    """troop soldier force personnel peacekeeper adviser advisor mercenary instructor garrison
    contingent marine base""".split()
)
"""Forces whose being "in" another state is a deployment there."""
NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos"})
"""Where a token stands in for a noun, whatever its tag."""
RECEIVE_VERBS = frozenset({"receive", "get", "obtain", "accept", "secure", "win"})
ACT_PARTICIPLES = frozenset(
    """impose announce carry conduct launch sign supply deliver send provide deploy agree
    reach conclude strike make adopt level introduce unveil extend pledge approve fire mount
    stage order issue sell ship transfer grant give""".split()
)
"""Participles that carry out the act of the noun they describe ("sanctions imposed on X by
Y", "strikes carried out by Y"): their arguments are the act's."""
TRADE_NOUNS = frozenset(
    """import export shipment product good commodity produce seafood cargo""".split()
)
"""Goods whose origin ("from Japan", "of Japanese seafood") names the state they belong to."""
EXCHANGE_VERBS = frozenset({"exchange", "swap", "trade"})
PREPOSITIONAL_LIGHT_VERBS = frozenset({"agree", "consent", "commit", "accede", "adhere"})
"""Verbs whose light noun comes with a preposition: "agreed to a ceasefire"."""
ADVERB_PARTICLES = frozenset({"back", "home", "away"})
"""Adverbs the parser often leaves as advmod where they act as particles ("ordered its
ambassador back from Oslo"); frames may require them, and their prepositions count."""
COMITATIVE_ADVERBS = frozenset({"together", "along"})


def comitatives(subj: Token, verb: Token) -> list[Token]:
    """Actors set beside a subject: "Chad, together with Niger, signed", "Mali, along with
    its allies Burkina Faso and Niger, recalled", "Chad, alongside Niger, condemned".
    Only between the subject and its verb: "fought alongside Russian troops" after the verb
    is company in the act, not a second subject."""
    found: list[Token] = []
    for head in (subj, verb):
        for prep in head.children:
            if prep.dep_ != "prep" or not subj.i < prep.i < verb.i:
                continue
            if prep.lower_ == "alongside":
                found.extend(c for c in prep.children if c.dep_ == "pobj")
            elif prep.lower_ == "with" and any(
                c.dep_ == "advmod" and c.lower_ in COMITATIVE_ADVERBS for c in prep.children
            ):
                found.extend(c for c in prep.children if c.dep_ == "pobj")
            elif prep.lower_ in COMITATIVE_ADVERBS:
                found.extend(
                    pobj
                    for w in prep.children
                    if w.dep_ == "prep" and w.lower_ == "with"
                    for pobj in w.children
                    if pobj.dep_ == "pobj"
                )
    return found


ACCUSING_VERBS = frozenset({"accuse", "blame", "suspect", "charge"})


def accuser(noun: Token) -> list[Token]:
    """Who accuses, when ``noun`` is the object of the act an accusation names ("Chad
    accused Sudan of shooting down its drone": Chad, whose drone it was)."""
    tok = noun
    targeted = _targeted(noun)
    for _ in range(5):
        if tok.head.i == tok.i:
            return []
        if tok.dep_ == "pcomp" and tok.head.lower_ in ("of", "for"):
            verb = tok.head.head
            if verb.lemma_.lower() in ACCUSING_VERBS:
                return subject_tokens(verb)[0]
            return []
        if (
            tok.dep_ == "pobj"
            and tok.head.lower_ in ("of", "for")
            and tok.head.head.lemma_.lower() in ACCUSING_VERBS
        ):
            return subject_tokens(tok.head.head)[0]  # "blamed X for the sinking of its ship"
        if targeted and tok.dep_ == "ccomp" and tok.head.lemma_.lower() in SAYING_VERBS:
            # "Manila said a Chinese vessel fired at one of its boats": the speaker's boat
            return subject_tokens(tok.head)[0]
        tok = tok.head
    return []


NAMING_VERBS = frozenset({"call", "describe", "term", "dub", "label", "brand"})
"""'condemned what they called provocations': the naming verb's complement is the object."""
ENTRY_VERBS = frozenset({"enter", "travel", "visit", "land", "fly", "dock", "cross"})
"""Barring someone from these is a travel ban (SANCTIONS), not a demand."""
CONSEQUENCE_VERBS = frozenset({"pay", "face", "regret", "suffer", "rue"})
"""What a warned party will do: "X will pay a price", "will face consequences"."""
SAYING_VERBS = frozenset(
    """say report claim state announce allege complain confirm add tell warn deny admit
    acknowledge insist maintain""".split()
)


def _targeted(noun: Token) -> bool:
    """The noun is what an act is aimed at: "fired at one of its boats", "attacks on its
    troops"."""
    tok = noun
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NUM":
        tok = tok.head.head  # "one of its boats"
    if tok.dep_ == "dobj":
        return tok.head.lemma_.lower() in STRIKING_VERBS  # "rammed one of its boats"
    if tok.dep_ == "nsubj" and tok.head.dep_ == "ccomp":
        return True  # "Beijing denied that its coast guard had rammed ...": the speaker's
    return tok.dep_ == "pobj" and tok.head.lower_ in ("at", "on", "against", "toward", "towards")


STRIKING_VERBS = frozenset(
    """attack strike hit ram shell bomb target harass intercept sink shoot seize board detain
    capture raid ambush""".split()
)


ACT_NOUNS: dict[str, frozenset[str]] = {
    predicate: frozenset(words.split())
    for predicate, words in {
        "ATTACKS": "attack strike assault launch test firing bombing shelling raid incursion "
        "offensive barrage airstrike attacks strikes",
        "SEIZES": "seizure detention arrest capture boarding",
        "SANCTIONS": "sanction measure penalty tariff restriction ban embargo",
        "EXPELS": "expulsion",
        "CUTS_RELATIONS": "recall rupture",
        "MOBILIZES": "drill exercise buildup build-up deployment manoeuvre maneuver",
        "DEPLOYS_TO": "deployment",
        "THREATENS": "threat warning ultimatum",
        "WITHDRAWS_FROM": "withdrawal exit pullout",
        "CRITICIZES": "accusation allegation charge claim criticism condemnation",
        "DEMANDS": "demand call request ultimatum",
    }.items()
}
"""Nouns that name an act of each kind when it is referred back to ("condemned the launch")."""
GENERIC_ACTS = frozenset({"move", "decision", "step", "action", "incident", "act"})
"""Nouns that name whatever act was last reported ("denounced the move")."""
RESPONSES = frozenset(
    {"CUTS_RELATIONS", "EXPELS", "SANCTIONS", "PROTESTS", "CRITICIZES", "THREATENS",
     "WITHDRAWS_FROM"}
)
RESPONSE_NOUNS = frozenset({"protest", "response", "retaliation", "reaction", "reprisal"})


def _in_response(trigger: Token, light: Token | None) -> bool:
    """"recalled its ambassador in protest", "in retaliation": an answer to an act."""
    anchors = [t for t in (trigger, light) if t is not None]
    anchors += [c for c in trigger.children if c.dep_ == "dobj"]  # "its ambassador in protest"
    return any(
        prep.dep_ == "prep"
        and prep.lower_ == "in"
        and any(p.dep_ == "pobj" and p.lemma_.lower() in RESPONSE_NOUNS for p in prep.children)
        for anchor in anchors
        for prep in anchor.children
    )
TRAINER_NOUNS = frozenset({"instructor", "trainer", "adviser", "advisor", "mentor"})
"""Personnel whose deployment is training: instructors sent to a state train its forces."""
MEANS_NOUNS = frozenset(
    "telephone phone call videoconference video-conference video link line sidelines".split()
)
"""How two spoke: "spoke by telephone with", "on the sidelines of"."""
STATEMENT_NOUNS = frozenset(
    """statement communique communiqué declaration letter note message resolution post
    tweet video speech address""".split()
)
"""What a speaker issues: "issued a statement condemning" is the speaker's condemnation."""


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def governing_verb(noun: Token) -> tuple[Token | None, Token | None]:
    """The verb a noun trigger hangs from, and the preposition on the way (if any)."""
    tok = noun
    for _ in range(4):
        if tok.dep_ in OBJECT_DEPS or tok.dep_ in ("appos",):
            return (tok.head, None) if tok.head.pos_ in ("VERB", "AUX") else (None, None)
        if tok.dep_ == "pobj":
            prep = tok.head
            gov = prep.head
            if gov.pos_ in ("VERB", "AUX"):
                return gov, prep
            if gov.pos_ in ("NOUN", "PROPN") and gov.i != prep.i:
                tok = gov
                continue
            if gov.pos_ == "NUM" and prep.lower_ in ("in", "of"):
                tok = gov  # "pledged $500 million in aid"
                continue
            return None, None
        if tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
            continue
        return None, None
    return None, None


def governor_words(noun: Token, steps: int = 3) -> set[str]:
    words: set[str] = set()
    tok = noun
    for _ in range(steps):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        words.add(tok.lemma_.lower())
        words.add(tok.lower_)
    return words


class ArgumentReader:
    """Reads a frame's argument slots off one match."""

    def __init__(self, doc: Doc, index: dict[int, dict[str, Any]], items: ItemReader, cues: dict):
        self.doc = doc
        self.index = index
        self.items = items
        self.victims = frozenset(cues.get("victim_governors", ()))
        self.agreement_memory: list[tuple[Token, dict[str, Any] | None, list[dict[str, Any]]]] = []
        self.places_ok = False
        self.nationals_ok = False
        self.pair_actors: list[dict[str, Any]] = []
        self.acts: dict[str, list[dict[str, Any]]] = {}

    def mention(self, i: int) -> dict[str, Any] | None:
        """The mention at token i; a city only where a place may stand for its state."""
        found = self.index.get(i)
        if found is not None and found["kind"] == "city" and not self.places_ok:
            return None
        return found

    # -- actors ------------------------------------------------------------------
    def actors_of(self, token: Token, *, materiel: bool = True) -> list[dict[str, Any]]:
        """Actors a token names: itself, its actor modifiers, its conjuncts.

        With ``materiel=False`` a weapon's maker is not read as an actor: the
        object of "supplying Russian weapons" is not Russia.
        """
        found: dict[str, dict[str, Any]] = {}
        for tok in self._coordinated(token):
            for actor in self._actors_one(tok, materiel):
                found.setdefault(actor["id"], actor)
        return list(found.values())

    def _coordinated(self, token: Token) -> list[Token]:
        """A token and the actors listed with it: conjuncts, and appositive list members
        ("Mali, Burkina Faso and Niger" is often parsed Mali <-appos- Faso <-conj- Niger)."""
        seen = {token.i: token}
        todo = [token]
        while todo:
            tok = todo.pop()
            linked = list(tok.conjuncts) + [
                c for c in tok.children if c.dep_ == "appos" and c.i in self.index
            ]
            if tok.dep_ == "appos" and tok.head.i in self.index:
                linked.append(tok.head)
            for other in linked:
                if other.i not in seen:
                    seen[other.i] = other
                    todo.append(other)
        return [seen[i] for i in sorted(seen)]

    def _actors_one(
        self, token: Token, materiel: bool = True, depth: int = 0
    ) -> list[dict[str, Any]]:
        mention = self.mention(token.i)
        if mention is not None:
            return list(mention["actors"])
        if token.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
            return []
        if counted(token) is not token and depth < 2:
            return self._actors_one(counted(token), materiel, depth + 1)
        if token.pos_ not in ("NOUN", "PROPN"):
            return []
        lemma = token.lemma_.lower()
        if depth < 2:
            # "NATO ally Turkey", "its neighbour, Rwanda": the appositive names the actor.
            for child in token.children:
                if child.dep_ == "appos":
                    found_appos = self._actors_one(child, materiel, depth + 1)
                    if found_appos:
                        return found_appos
        if token.dep_ == "appos" and depth == 0:
            # "the Africa Corps, a Kremlin-backed paramilitary group": the group is its head.
            head = self.mention(token.head.i)
            if head is not None and head["kind"] != "city":
                return list(head["actors"])
        if lemma in TITLE_NOUNS and token.i + 1 < len(self.doc):
            # "sanctions on NATO ally Turkey" (often misparsed: Turkey hangs elsewhere)
            following = self.mention(token.i + 1)
            if following is not None and following["kind"] != "city":
                return list(following["actors"])
        if lemma in RELATIONAL_NOUNS:
            # "Ukraine's allies" are not Ukraine, but "its Russian and Chinese allies" are
            # Russia and China
            allies: list[dict[str, Any]] = []
            for child in token.children:
                if child.dep_ in ("amod", "compound", "nmod"):
                    for tok in [child, *child.conjuncts]:
                        mention = self.mention(tok.i)
                        if mention is not None and mention["kind"] != "city":
                            allies.extend(mention["actors"])
            if not allies and depth == 0:
                allies = self._the_other_of_pair(token)
            return allies
        if self.items.is_agreement(token):
            return []
        if not materiel and lemma in self.items.lexicon.heads and lemma != "intelligence":
            # (not "blamed Russian intelligence": the service, not what it gathers)
            return []
        for child in token.children:
            if child.dep_ == "acl" and child.lower_ == "led" and depth < 2:
                # "rebel forces, led by HTS": the leader's
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                        led = [a for t in self._coordinated(pobj)
                               for a in self._actors_one(t, materiel, depth + 1)]
                        if led:
                            return led
            if child.lower_ == "led" or child.lower_ in OWNER_WORDS:
                # "the Saudi-led coalition" is Saudi Arabia; "a US-owned ship" is the US's
                leader = self.hyphen_actor(child)
                if leader:
                    return leader
        found: list[dict[str, Any]] = []
        if lemma in BORDER_NOUNS and depth < 2:
            # "its border with Armenia" is Armenia's, not the speaker's
            across = [
                a
                for pobj in prep_objects(token, ("with",))
                for tok in self._coordinated(pobj)
                for a in self._actors_one(tok, materiel, depth + 1)
            ]
            if across:
                return across
        if lemma in PLACE_NOUNS - MOVABLE_NOUNS and depth < 2:
            # "the breakaway Somali region of Somaliland": the place named by "of" comes first
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in (c for c in child.children if c.dep_ == "pobj"):
                        mention = self.mention(pobj.i)
                        if mention is not None and mention["kind"] != "city":
                            return list(mention["actors"])
        for child in token.children:
            if child.dep_ == "poss" and child.lower_ in ("its", "their") and depth < 2:
                # "Chad accused Sudan of downing its drone": the accuser's drone
                found.extend(a for t in accuser(token) for a in self._actors_one(t, materiel, 1))
            if child.dep_ in MODIFIER_DEPS:
                for tok in [child, *child.conjuncts, *self.hyphen_partners(child)]:
                    mention = self.mention(tok.i)
                    if mention is not None and mention["kind"] != "city":
                        found.extend(mention["actors"])
                    elif (
                        mention is None
                        and child.dep_ in ("poss", "compound")
                        and tok.lemma_.lower() in AGENT_NOUNS
                        and depth < 2
                    ):
                        # "the China Coast Guard's manoeuvres", "China Coast Guard cutters"
                        found.extend(self._actors_one(tok, materiel, depth + 1))
        if (lemma in PRESS_PEOPLE or lemma in CARRIER_NOUNS) and self.nationals_ok:
            return found  # "arrested an American journalist": a national of the US
        if lemma in GROUP_NOUNS or lemma in COMPANY_NOUNS:
            # "Sudan's RSF", "Congolese rebels", "Chinese firms": not the state.
            wanted = "Company" if lemma in COMPANY_NOUNS else "ArmedGroup"
            return [a for a in found if a["type"] in (wanted, "Organization") and lemma != "firm"]
        if not found and lemma in AGENT_NOUNS and depth < 2:
            for child in token.children:
                preps: tuple[str, ...] = ("of", "from", "as", "like", "including")
                if lemma in GOVERNING_NOUNS:
                    preps += ("in",)  # "the juntas in Mali", not "troops in Syria"
                if child.dep_ == "prep" and child.lower_ in preps:
                    for pobj in (c for c in child.children if c.dep_ == "pobj"):
                        for tok in self._coordinated(pobj):
                            found.extend(self._actors_one(tok, materiel, depth + 1))
        if not found and lemma in TRADE_NOUNS and depth < 2:
            # "a ban on imports from Japan", "banned imports of Japanese seafood": whose goods
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("from", "of"):
                    for pobj in (c for c in child.children if c.dep_ == "pobj"):
                        found.extend(self._actors_one(pobj, materiel, depth + 1))
        if not found and lemma in PLACE_NOUNS and depth < 2:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            for tok in [pobj, *pobj.conjuncts]:
                                found.extend(self._actors_one(tok, materiel, depth + 1))
        return found

    def _the_other_of_pair(self, token: Token) -> list[dict[str, Any]]:
        """"Somalia accused its neighbour of meddling", after Kenya and Somalia were named
        together: the one of the pair that is not the clause's subject."""
        if token.tag_ != "NN" or not any(
            c.dep_ == "poss" and c.lower_ in ("its", "their") for c in token.children
        ):
            return []
        pair = self.doc._.pairs.get(sentence_of(token).start, [])
        if len(pair) != 2:
            return []
        verb = token.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subjects = {
            _principal(a)
            for t in subject_tokens(verb)[0]
            for a in self.actors_of(t)
        }
        others = [a for a in pair if _principal(a) not in subjects]
        return others if subjects and len(others) == 1 else []

    def hyphen_partners(self, token: Token) -> list[Token]:
        """Actors joined to a modifier by a hyphen: "US-Iran talks", "Thai-Cambodian border"."""
        here = self.index.get(token.i)
        if here is None:
            return []
        out = []
        for c in token.children:
            there = self.index.get(c.i)
            if c.dep_ not in ("compound", "amod", "nmod") or there is None or there is here:
                continue
            gap = there["end"]
            if gap + 1 == here["start"] and self.doc[gap].text in ("-", "\u2010", "\u2011"):
                out.append(c)
        return out

    def hyphen_actor(self, token: Token) -> list[dict[str, Any]]:
        """The actor before "X-" in a compound like "Rwanda-backed" or "US-led"."""
        i = token.i
        if i < 2 or self.doc[i - 1].text not in ("-", "\u2010", "\u2011"):
            return []
        if self.doc[i - 2].whitespace_ or self.doc[i - 1].whitespace_:
            return []
        mention = self.index.get(i - 2)
        if mention is None or mention["kind"] == "city":
            return []
        return list(mention["actors"])

    def nearest(
        self, trigger: Token, *, before: bool, exclude: list[dict[str, Any]],
        any_role: bool = False,
    ) -> list[dict[str, Any]]:
        """The actor named nearest the trigger on one side, within its sentence and clause."""
        sent = sentence_of(trigger)
        skip = {a["id"] for a in exclude} | {_principal(a) for a in exclude}
        if before:
            span = range(trigger.i - 1, max(sent.start, trigger.i - NEARBY_WINDOW) - 1, -1)
        else:
            span = range(trigger.i + 1, min(sent.end, trigger.i + NEARBY_WINDOW + 1))
        for i in span:
            tok = self.doc[i]
            if tok.lower_ in (";", ":", "said", "says", "according", "while", "but", "whereas"):
                break
            mention = self.mention(i)
            if mention is None or mention["kind"] == "coref":
                continue
            if not any_role and not self._nearby_ok(tok, trigger, before):
                continue
            actors = [
                a for a in mention["actors"] if a["id"] not in skip and _principal(a) not in skip
            ]
            if actors:
                return self.actors_of(self.doc[mention["end"] - 1]) or actors
        return []

    @staticmethod
    def _nearby_ok(tok: Token, trigger: Token, before: bool) -> bool:
        """A nearby subject heads a clause subject; a nearby object lies under the trigger."""
        under = any(a.i == trigger.i for a in tok.ancestors)
        if not before:
            # not the maker of a thing ("received Russian weapons"), only an argument
            return under and not (
                tok.dep_ in ("amod", "compound", "nmod")
                and tok.head.lemma_.lower() not in AGENT_NOUNS | PLACE_NOUNS
            )
        head = tok.head if tok.dep_ in ("poss", "amod", "compound", "nmod") else tok
        return head.dep_ in ("nsubj", "nsubjpass") or (trigger.pos_ == "NOUN" and under)

    def mention_kind(self, token: Token) -> str | None:
        mention = self.mention(token.i)
        return mention["kind"] if mention else None

    # -- slots -------------------------------------------------------------------
    def slot(
        self, name: str, frame: Frame, trigger: Token, light: Token | None
    ) -> tuple[list[Token], str]:
        """Candidate tokens for one slot, and how they were found."""
        if name == "subj":
            if frame.is_noun:
                if any(c.dep_ == "poss" and c.tag_ != "PRP$" for c in trigger.children):
                    return (
                        [],
                        "inherited",
                    )  # "its transfer": the possessor is the agent, not the verb's subject
                verb, prep = governing_verb(trigger)
                if (
                    verb is not None
                    and prep is not None
                    and prep.lower_ in ("for", "of", "over")
                    and verb.lemma_.lower() in ACCUSING_VERBS
                ):
                    # "blamed Russian intelligence for a cyberattack": the blamed did it
                    blamed = [c for c in verb.children if c.dep_ == "dobj"]
                    if blamed:
                        return blamed, "inherited"
                if verb is None or verb.lemma_.lower() in self.victims:
                    return [], "inherited"
                if trigger.dep_ == "pobj" and trigger.head.lower_ in NOT_AGENT_PREPS:
                    # "protested after the assault", "alarm over the attack": whoever protests
                    # or is alarmed did not attack
                    return [], "inherited"
                tokens, _ = subject_tokens(verb)
                return tokens, "inherited"
            return subject_tokens(trigger)
        if name == "obj":
            deps = ("nsubjpass",) if is_passive(trigger) else ("dobj",)
            objs = [c for c in trigger.children if c.dep_ in deps]
            if not objs:
                # "attacked neighbouring Lebanon", parsed as a clause "neighbouring Lebanon"
                objs = [
                    o
                    for c in trigger.children
                    if c.dep_ == "xcomp" and c.lower_ in ("neighboring", "neighbouring")
                    for o in c.children
                    if o.dep_ == "dobj"
                ]
            if not objs:
                # "condemned what they called Turkish provocations": what was named so
                objs = [
                    o
                    for c in trigger.children
                    if c.dep_ in ("ccomp", "xcomp") and c.lemma_.lower() in NAMING_VERBS
                    and any(w.tag_ == "WP" for w in c.children)
                    for o in c.children
                    if o.dep_ in ("oprd", "attr")
                ]
            if not objs and trigger.dep_ == "acl" and is_passive(trigger):
                # "the M23, backed by Rwanda, took Goma": the noun the participle describes
                return [trigger.head], "direct"
            if not objs and is_passive(trigger) and trigger.dep_ == "ccomp":
                # "the rebels, who Kinshasa says are backed by Rwanda": the relative clause's
                # antecedent, through the reporting verb
                says = trigger.head
                if says.dep_ == "relcl" and any(
                    c.lower_ in RELATIVE_PRONOUNS for c in [*says.children, *trigger.children]
                ):
                    return [says.head], "direct"
            # "M23, which is backed by Rwanda": the relative pronoun is its antecedent.
            return [
                trigger.head if o.lower_ in RELATIVE_PRONOUNS and trigger.dep_ == "relcl" else o
                for o in objs
            ], "direct"
        if name == "xobj":
            # "threatened to break ties with Israel", "threatened sanctions against Ankara"
            found: list[Token] = []
            comps = [trigger, *(c for c in trigger.children if c.dep_ in ("xcomp", "ccomp"))]
            if light is not None:  # "reserved the right to respond to ...": the noun's clause
                comps += [c for c in light.children if c.dep_ == "acl"]
            comps += [  # "threatened to retaliate by launching rockets at Haifa"
                g
                for comp in comps[1:]
                for prep in comp.children
                if prep.dep_ == "prep" and prep.lower_ in ("by", "with")
                for g in prep.children
                if g.dep_ == "pcomp"
            ]
            for comp in comps:
                if comp is not trigger and comp.lemma_.lower() in CONSEQUENCE_VERBS:
                    # "Iran will pay a heavy price, Israel warned": who will pay is threatened
                    found.extend(c for c in comp.children if c.dep_ == "nsubj")
                anchors = [comp, *(c for c in comp.children if c.dep_ in ("dobj",))]
                for anchor in anchors:
                    if anchor is not trigger and anchor.dep_ == "dobj" and comp is not trigger:
                        found.append(anchor)
                    preps = ("on", "against", "to") if frame.predicate == "ATTACKS" else (
                        "with", "on", "against", "to", "at")
                    for prep in anchor.children:
                        if prep.dep_ == "prep" and prep.lower_ in preps:
                            found.extend(c for c in prep.children if c.dep_ == "pobj")
            return found, "direct"
        if name in ("pair", "counterpart"):
            # the two sides named before this sentence; "counterpart": the one that is not
            # the subject ("Hamas rejected the proposal" after Israel's offer)
            pair = self.doc._.pairs.get(sentence_of(trigger).start, [])
            if name == "pair":
                self.pair_actors = pair
            elif not any(
                c.dep_ == "dobj" and c.lemma_.lower() in ANSWERED_NOUNS for c in trigger.children
            ):
                self.pair_actors = []
            else:
                subjects = {
                    a["id"] for s in subject_tokens(trigger)[0] for a in self.actors_of(s)
                }
                self.pair_actors = [a for a in pair if a["id"] not in subjects]
                if len(self.pair_actors) != 1:
                    self.pair_actors = []
            return [], "coref"
        if name == "party_subj":
            # "Ukraine, which has been at war with Russia", "engaged in a conflict with"
            return _governing_subject(trigger, PARTY_VERBS), "inherited"
        if name == "between":
            for tok in sentence_of(trigger):
                if tok.lower_ == "between" and tok.dep_ == "prep":
                    return [c for c in tok.children if c.dep_ == "pobj"], "direct"
            return [], "direct"
        if name == "theme":
            themes = [c for c in trigger.children if c.dep_ == "nsubjpass"]
            if not themes and trigger.dep_ == "acl" and trigger.tag_ == "VBN":
                themes = [trigger.head]  # "Indian personnel stationed in the Maldives"
            return themes, "inherited"
        if name == "dative":
            return [c for c in trigger.children if c.dep_ == "dative" and c.pos_ != "ADP"], "direct"
        if name.startswith("prep:"):
            return self._prep_objects(trigger, light, frame, set(name[5:].split("|")))
        if name == "poss":
            possessors = [c for c in (light or trigger).children if c.dep_ == "poss"]
            if any(o.tag_ == "PRP$" for o in possessors):
                # "Burundi supports DR Congo in its battle": the nearest actor named before;
                # "his/her" a person's ("Modi's visit to Kyiv came after his trip to Moscow")
                personal = any(o.lower_ in ("his", "her") for o in possessors)
                first = sentence_of(trigger).start
                before = [i for i in self.index if first <= i < trigger.i]
                people = [i for i in before if self.index[i]["actors"][0]["type"] == "Person"]
                if personal and people:
                    before = people  # else an official named by title ("Kenya's president")
                mention = self.index[max(before)] if before else None
                if mention is not None and mention["kind"] != "city":
                    return [self.doc[mention["end"] - 1]], "coref"
                return [], "direct"
            if not possessors and frame.is_noun:
                # "Israel's launch of a war", "Russia's start of the invasion"
                tok = trigger
                while (
                    tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN"
                ):
                    tok = tok.head.head
                    possessors = [
                        c for c in tok.children if c.dep_ == "poss" and c.tag_ != "PRP$"
                    ]
                    if possessors:
                        break
            return possessors, "direct"
        if name == "mod":
            anchor = light if light is not None else trigger
            mods = [
                c
                for c in anchor.children
                if c.dep_ in ("amod", "compound", "nmod") and c.i in self.index
            ]
            # "Turkish drone strikes": the actor modifies the noun's compound
            mods += [
                g
                for c in anchor.children
                if c.dep_ == "compound" and c.i not in self.index
                for g in c.children
                if g.dep_ in ("amod", "compound", "nmod") and g.i in self.index
            ]
            if anchor.pos_ == "VERB":
                # "US airstrikes on Yemen" parsed as a verb with "US" its subject
                mods += [c for c in anchor.children if c.dep_ == "nsubj" and c.i in self.index]
            return [*mods, *(p for c in mods for p in self.hyphen_partners(c))], "direct"
        if name == "xsubj":
            return [
                s
                for c in trigger.children
                if c.dep_ in ("ccomp", "xcomp")
                for s in c.children
                if s.dep_ == "nsubj"
            ], "direct"
        if name == "item_owner":
            owners: list[Token] = []
            item_tokens = self._item_tokens(frame, trigger, light)
            item_tokens += [  # "its first batch of J-10C fighters from China"
                pobj
                for tok in item_tokens
                if tok.lemma_.lower() in QUANTITY_NOUNS or tok.like_num
                for pobj in prep_objects(tok, ("of",))
            ]
            for tok in item_tokens:
                owners.extend(
                    c
                    for c in tok.children
                    if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i in self.index
                )
                owners.extend(  # "batteries from Russia"
                    pobj
                    for prep in tok.children
                    if prep.dep_ == "prep" and prep.lower_ == "from"
                    for pobj in prep.children
                    if pobj.dep_ == "pobj"
                )
            return owners, "direct"
        if name == "item_user":
            users: list[Token] = []
            for tok in self._item_tokens(frame, trigger, light):
                for rel in tok.children:
                    if rel.dep_ == "relcl" and rel.lemma_.lower() in USER_VERBS:
                        users.extend(s for s in rel.children if s.dep_ == "nsubj")
            return users, "inherited"
        if name == "receiver":
            # "Egypt receives $1.3 billion in US military aid": who receives it
            return _governing_subject(trigger, RECEIVE_VERBS), "inherited"
        if name == "under_subj":
            # "Eritrea had been under US arms sanctions": who is under them
            if trigger.dep_ == "pobj" and trigger.head.lower_ == "under":
                verb = trigger.head.head
                if verb.pos_ in ("VERB", "AUX"):
                    return subject_tokens(verb)[0], "inherited"
            return [], "inherited"
        if name == "governor_subj":
            head = trigger.head if trigger.dep_ in ("acl", "relcl") else trigger
            if head.pos_ in ("NOUN", "PROPN"):
                verb, _ = governing_verb(head)
                if verb is not None:
                    tokens, _ = subject_tokens(verb)
                    return tokens, "inherited"
            return [], "inherited"
        return [], "direct"

    def _prep_objects(
        self, trigger: Token, light: Token | None, frame: Frame, preps: set[str]
    ) -> tuple[list[Token], str]:
        anchors = [trigger]
        if light is not None:
            anchors.append(light)
        if not frame.is_noun:
            anchors.extend(c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass"))
            anchors.extend(  # "ordered its envoy back from Oslo", "pulled out of Mali"
                c
                for c in trigger.children
                if (c.dep_ == "advmod" and c.lower_ in ADVERB_PARTICLES)
                or (c.dep_ == "prep" and c.lower_ in ("out", "away", "back"))
            )
            # "spoke by telephone with Putin", "talked in a call with Modi": a means in between
            anchors.extend(
                pobj
                for prep in trigger.children
                if prep.dep_ == "prep" and prep.lower_ in ("by", "in", "over", "via", "on")
                for pobj in prep.children
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in MEANS_NOUNS
            )
        else:
            tok = trigger
            # "a package of military aid for Kyiv, including ...": climb through "of".
            while tok.dep_ == "pobj" and (
                (tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN")
                or (tok.head.lower_ in ("of", "in") and tok.head.head.pos_ == "NUM")
            ):  # "... of military aid", "$500 million in aid to Sudan"
                tok = tok.head.head
                anchors.append(tok)
            if tok.dep_ in ("dobj",) and tok.head.pos_ == "VERB":
                anchors.append(tok.head)  # "approved the sale of tanks to Taiwan"
            elif tok.dep_ == "pobj" and tok.head.head.lemma_.lower() in PARTY_VERBS:
                anchors.append(tok.head.head)  # "has been at war with Russia"
            elif tok.dep_ == "pobj" and not any(c.dep_ == "prep" for c in trigger.children):
                anchors.append(tok.head.head)  # "attacks in solidarity with Hamas" (misattached)
            # "sanctions imposed on Minsk by the bloc", "strikes carried out by Israel on ...":
            # the participle that describes the act carries its arguments
            # (only participles that carry out the act: "brokered by Qatar" names a mediator)
            anchors.extend(
                c
                for c in trigger.children
                if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in ACT_PARTICIPLES
            )
        found: list[Token] = []
        for anchor in anchors:
            for child in anchor.children:
                if child.dep_ == "acl" and child.lemma_.lower() in preps:
                    found.extend(c for c in child.children if c.dep_ == "dobj")  # "targeting"
                    continue
                if child.dep_ not in ("prep", "dative", "agent"):
                    continue
                if child.lower_ not in preps and child.lemma_.lower() not in preps:
                    continue
                found.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
            if found and any(self.actors_of(t) for t in found):
                break  # the nearest anchor that names an actor ("cut ties ... with immediate
                # effect": the light noun's "with Ukraine", not the verb's "with effect")
        how = "location" if preps <= {"in"} else "direct"
        return found, how

    def _item_tokens(self, frame: Frame, trigger: Token, light: Token | None) -> list[Token]:
        tokens: list[Token] = []
        for slot in frame.item:
            if slot == "agreement":
                continue
            if slot == "subj_tree":
                subj, _ = subject_tokens(trigger) if not frame.is_noun else ([], "")
                for s in subj:
                    for child in s.children:
                        if child.dep_ == "acl":
                            tokens.extend(c for c in child.children if c.dep_ == "dobj")
                continue
            if slot == "mod":
                tokens.extend(c for c in trigger.children if c.dep_ in ("compound", "nmod", "amod"))
                continue
            candidates, _ = self.slot(slot, frame, trigger, light)
            tokens.extend(candidates)
        return tokens

    # -- items -------------------------------------------------------------------
    def items_for(
        self, frame: Frame, trigger: Token, light: Token | None
    ) -> list[dict[str, Any] | None]:
        if "agreement" in frame.item:
            noun = self._agreement_noun(trigger, light, frame)
            if noun is None:
                return [None]
            if self.items.is_anaphor(noun) or noun.lemma_.lower() == "document":
                remembered = self._remembered(noun)
                return [remembered[0] if remembered else None]
            return [self.items.agreement(noun)]
        found: list[dict[str, Any] | None] = []
        for tok in self._item_tokens(frame, trigger, light):
            if tok.i in self.index:
                continue
            for item in self.items.items(tok):
                if item not in found:
                    found.append(item)
        return found or [None]

    def _agreement_noun(self, trigger: Token, light: Token | None, frame: Frame) -> Token | None:
        if frame.is_noun:
            return trigger
        if light is not None:
            return light
        theme = self._theme(trigger)
        if theme is not None and (
            self.items.is_agreement(theme) or theme.lemma_.lower() in self.items.lexicon.anaphors
        ):
            return theme
        return None

    def _theme(self, verb: Token) -> Token | None:
        """What is signed: the object, the passive subject, or (via "which") its antecedent."""
        for child in verb.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                    return verb.head
                return child
        if is_passive(verb) and verb.dep_ == "conj":
            return surface_subject(verb.head)
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head
        return None

    def _remembered(self, noun: Token) -> tuple[dict[str, Any] | None, list[dict[str, Any]]] | None:
        for token, item, parties in reversed(self.agreement_memory):
            if token is noun or token.i < noun.i:
                return item, parties
        return None

    def agreement_parties(
        self, frame: Frame, trigger: Token, light: Token | None
    ) -> list[dict[str, Any]]:
        noun = self._agreement_noun(trigger, light, frame)
        if noun is None:
            return []
        for token, _, parties in reversed(self.agreement_memory):
            if token is noun:
                return parties
        if self.items.is_anaphor(noun) or noun.lemma_.lower() == "document":
            remembered = self._remembered(noun)
            return remembered[1] if remembered else []
        return []

    def remember_agreement(
        self,
        frame: Frame,
        trigger: Token,
        light: Token | None,
        item: dict[str, Any] | None,
        parties: list[dict[str, Any]],
    ) -> None:
        noun = self._agreement_noun(trigger, light, frame)
        if noun is not None and item is not None and len(parties) >= 2:
            self.agreement_memory.append((noun, item, parties))

    def actors_of_agreement(self, noun: Token) -> list[dict[str, Any]]:
        """The parties of a deal or truce: "between A and B", its signers, or remembered."""
        found: dict[str, dict[str, Any]] = {}
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("between", "with"):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    for actor in self.actors_of(pobj):
                        found.setdefault(actor["id"], actor)
        if not found:
            verb, _ = governing_verb(noun)
            if verb is not None:
                for subj in subject_tokens(verb)[0]:
                    for actor in self.actors_of(subj):
                        found.setdefault(actor["id"], actor)
        if not found:
            remembered = self._remembered(noun)
            if remembered:
                for actor in remembered[1]:
                    found.setdefault(actor["id"], actor)
        return list(found.values())

    def host_state(self, trigger: Token) -> dict[str, Any] | None:
        """The state a meeting takes place in: "talks in Moscow" -> Russia."""
        anchors = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
        if trigger.dep_ == "dobj" and trigger.head.pos_ == "VERB":
            anchors.append(trigger.head)  # "held talks in Sochi"
        for child in (c for a in anchors for c in a.children):
            if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                for pobj in child.children:
                    mention = self.index.get(pobj.i)
                    if pobj.dep_ == "pobj" and mention and mention["actors"][0]["type"] == "State":
                        return dict(mention["actors"][0])
        return None

    def location(self, trigger: Token, light: Token | None, used: set[str]) -> str | None:
        """Where it happened: "at the BRICS summit", "in the Kremlin"."""
        for anchor in (trigger, light):
            if anchor is None:
                continue
            for child in anchor.children:
                if child.dep_ != "prep" or child.lower_ not in ("at", "in"):
                    continue
                for pobj in child.children:
                    if pobj.dep_ != "pobj" or pobj.ent_type_ in ("DATE", "TIME"):
                        continue
                    mention = self.index.get(pobj.i)
                    if mention is not None and {a["id"] for a in mention["actors"]} & used:
                        continue
                    if (
                        mention is not None
                        or pobj.lemma_.lower() in LOCATION_NOUNS
                        or pobj.ent_type_ in ("GPE", "LOC", "FAC")
                    ):
                        words = [t for t in pobj.subtree if t.dep_ != "det"]
                        if words:
                            return self.doc[words[0].i : words[-1].i + 1].text
        return None


class RelationMatcher:
    """Component: trigger frames -> relation records in ``doc._.relations``."""

    def __init__(self, vocab: Vocab, lexicon: Lexicon | None = None, nearby: bool = False):
        self.nearby = nearby
        self.lexicon = lexicon or load_lexicon()
        self.frames = {frame.key: frame for frame in self.lexicon.frames}
        self.matcher = FrameIndex(self.lexicon.frames)
        self.item_lexicon = load_item_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        index = {i: m for m in doc._.mentions for i in range(m["start"], m["end"])}
        items = ItemReader(doc, set(index), self.item_lexicon)
        reader = ArgumentReader(doc, index, items, self.lexicon.cues)
        matches = sorted(self.matcher(doc), key=lambda m: (m[1].i, m[2] is not None))
        records: list[dict[str, Any]] = []
        seen: dict[tuple, dict[str, Any]] = {}
        found: list[dict[str, Any]] = []
        for frame, trigger, light in matches:
            read = self._read(frame, trigger, light, reader)
            for record in read:
                # "China launched drills ... Taiwan condemned the drills": whose act it was
                for word in (trigger, light):
                    if word is not None and word.pos_ == "NOUN":
                        reader.acts.setdefault(word.lemma_.lower(), []).append(record["subject"])
            found.extend(read)
        found.extend(self._hyphen_relations(doc, reader))
        found.extend(self._relational_nouns(doc, reader))
        hostile = {
            frozenset((_principal(r["subject"]), _principal(r["object"])))
            for r in found
            if r["predicate"] == "ATTACKS"
        }
        found.extend(  # forces in a state the owner is fighting are no deployment there
            r
            for r in self._presence(doc, reader)
            if frozenset((_principal(r["subject"]), _principal(r["object"]))) not in hostile
        )
        if found:
            for record in found:
                key = (
                    record["subject"]["id"],
                    record["predicate"],
                    record["object"]["id"],
                    (record["item"] or {}).get("name"),
                    record["sentence"][0],
                )
                if vocabulary_predicate(record["predicate"]).symmetric and key[2] < key[0]:
                    key = (key[2], key[1], key[0], key[3], key[4])
                if key in seen:
                    kept = seen[key]
                    for field_name in ("location", "modality_hint"):
                        kept[field_name] = kept[field_name] or record[field_name]
                    kept["strength"] = max(kept["strength"], record["strength"])
                    if record["trigger"] != kept["trigger"]:
                        kept["also_triggers"].append(record["trigger"])
                    continue
                seen[key] = record
                records.append(record)
        doc._.relations = records
        return doc

    def _hyphen_relations(self, doc: Doc, reader: ArgumentReader) -> list[dict[str, Any]]:
        """Relations inside a modifier: "Rwanda-backed M23", "Iranian-made drones"."""
        out: list[dict[str, Any]] = []
        for token in doc:
            spec = HYPHEN_RELATIONS.get(token.lemma_.lower())
            if spec is None or token.tag_ not in ("VBN", "VBD", "JJ"):
                continue
            agents = reader.hyphen_actor(token)
            if not agents:
                continue
            predicate, role = spec
            noun = token.head
            if noun.pos_ not in ("NOUN", "PROPN") or noun.i < token.i:
                continue
            items: list[dict[str, Any] | None] = [None]
            if role == "object":
                targets = reader.actors_of(noun)
            elif role == "item":
                items = reader.items.items(noun) or [None]
                if items == [None]:
                    continue
                verb, _ = governing_verb(noun)
                users = subject_tokens(verb)[0] if verb is not None else []
                if verb is None or verb.lemma_.lower() not in USER_VERBS:
                    users = [c for c in noun.children if c.dep_ == "poss"]
                targets = [a for u in users for a in reader.actors_of(u, materiel=False)]
            else:
                targets = reader.actors_of_agreement(noun)
            for agent in agents:
                for target in targets:
                    if _principal(agent) == _principal(target):
                        continue
                    for item in items:
                        out.append(
                            _record(predicate, agent, target, item, token, "hyphen", 1.0, None)
                        )
        return out

    def _relational_nouns(self, doc: Doc, reader: ArgumentReader) -> list[dict[str, Any]]:
        """What an actor is said to be to another: "Belarus, Russia's closest ally",
        "Serbia, a longtime ally of Moscow", "Turkey, a NATO member", "Iran, the main backer
        of Hezbollah", "Belarus is Russia's closest ally" (background stated as fact)."""
        out: list[dict[str, Any]] = []
        for noun in doc:
            spec = RELATION_NOUNS.get(noun.lemma_.lower())
            if spec is None or noun.pos_ != "NOUN":
                continue
            described: list[Token] = []
            if noun.dep_ == "appos" and noun.head.i in reader.index:
                described = [noun.head]  # "Belarus, Russia's closest ally,"
            elif noun.dep_ == "attr" and noun.head.lemma_ in ("be", "remain", "become"):
                described = subject_tokens(noun.head)[0]  # "Belarus is Russia's ally"
            described += [c for c in noun.children if c.dep_ == "appos" and c.i in reader.index]
            owners = [
                c
                for c in noun.children
                if (c.dep_ == "poss" and c.tag_ != "PRP$")
                or (c.dep_ in ("compound", "amod", "nmod") and c.i in reader.index)
            ] + [
                pobj
                for prep in noun.children
                if prep.dep_ == "prep" and prep.lower_ in ("of", "to", "with")
                for pobj in prep.children
                if pobj.dep_ == "pobj"
            ]
            owners = [t for t in owners if not _negated_prefix(t)]  # "a non-NATO ally"
            predicate, direction, owner_types = spec
            holders = [a for t in described for a in reader.actors_of(t)]
            targets = [
                a
                for t in owners
                for a in reader.actors_of(t)
                if not owner_types or a["type"] in owner_types
            ]
            if not owners and noun.tag_ == "NNS" and vocabulary_predicate(predicate).symmetric:
                # "Cuba and Venezuela, two close allies,": each other's
                out.extend(
                    _record(predicate, a, b, None, noun, "relational", 0.8, None)
                    for a, b in itertools.combinations(holders, 2)
                    if _principal(a) != _principal(b)
                )
            for holder in holders:
                for target in targets:
                    if _principal(holder) == _principal(target):
                        continue
                    subject, obj = (holder, target) if direction == "holder" else (target, holder)
                    out.append(_record(predicate, subject, obj, None, noun, "relational", 0.8,
                                       None))  # fmt: skip
        return out

    def _presence(self, doc: Doc, reader: ArgumentReader) -> list[dict[str, Any]]:
        """Forces of a state said to be in another: "Russian troops in Syria", "the presence
        of Rwandan troops in Congo", "some 900 US troops in Syria" (codebook: DEPLOYS_TO)."""
        out: list[dict[str, Any]] = []
        for noun in doc:
            if noun.lemma_.lower() not in PRESENCE_NOUNS or noun.pos_ != "NOUN":
                continue
            owners = [
                a
                for c in noun.children
                if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i in reader.index
                for a in reader.actors_of(c)
                if a["type"] == "State"
            ]
            if not owners:
                continue
            hosts = [
                a
                for prep in noun.children
                if prep.dep_ == "prep" and prep.lower_ in ("in", "inside")
                for pobj in prep.children
                if pobj.dep_ == "pobj"
                for a in reader.actors_of(pobj)
                if a["type"] == "State"
            ]
            for owner in owners:
                for host in hosts:
                    if _principal(owner) != _principal(host):
                        out.append(_record("DEPLOYS_TO", owner, host, None, noun, "presence",
                                           0.6, None))  # fmt: skip
        return out

    def _read(
        self, frame: Frame, trigger: Token, light: Token | None, reader: ArgumentReader
    ) -> list[dict[str, Any]]:
        if frame.governors and not (governor_words(trigger) & frame.governors):
            return []
        if frame.not_governors and governor_words(trigger) & frame.not_governors:
            return []
        if frame.reversed_by and _reversed(trigger, frame.reversed_by):
            return []  # "lifted sanctions on Syria", "the easing of sanctions": undone
        if frame.complement and not any(
            c.dep_ == "xcomp" or (c.dep_ == "ccomp" and _infinitive(c)) for c in trigger.children
        ):
            return []  # "told Canada to withdraw" demands; "told reporters that" does not
        subjects, s_how = self._fill(frame.subject, frame, trigger, light, reader)
        reader.places_ok = frame.predicate in PLACE_PREDICATES or "xobj" in frame.object
        reader.nationals_ok = frame.predicate in NATIONAL_TARGETS
        objects, o_how = self._fill(frame.object, frame, trigger, light, reader)
        reader.nationals_ok = False
        if frame.object_types:
            objects = [o for o in objects if o["type"] in frame.object_types]
        if o_how == "coref" and objects and subjects and {_principal(o) for o in objects} <= {
            _principal(a) for a in subjects
        }:
            # "Turkey delayed Sweden's bid, accusing the country of ...": "the country" is not
            # the subject itself but the other state named before it in the sentence
            other = reader.nearest(trigger, before=True, exclude=subjects, any_role=True)
            if other and all(a["type"] == "State" for a in objects):
                objects = [a for a in other if a["type"] == "State"]
        if self.nearby and not (
            frame.governors or frame.places_only or frame.modifiers or frame.mutual
        ):
            if not subjects and objects and _open_subject(trigger, frame):
                subjects, s_how = reader.nearest(trigger, before=True, exclude=objects), "nearby"
            elif subjects and not objects and not (frame.symmetric and len(subjects) >= 2):
                objects, o_how = reader.nearest(trigger, before=False, exclude=subjects), "nearby"
                if frame.object_types:
                    objects = [o for o in objects if o["type"] in frame.object_types]
        reader.places_ok = False
        hyphen_pair = frame.is_noun and len(subjects) >= 2 and any(
            reader.hyphen_partners(c) for c in trigger.children if c.i in reader.index
        )  # "the Russian-Iranian partnership" names both parties
        if frame.modifiers and not objects and not hyphen_pair:
            mods = {c.lower_ for c in (light or trigger).children if c.dep_ in ("amod", "compound")}
            # "joint air force exercises": "joint" may hang on a compound of the noun
            mods |= {
                g.lower_
                for c in (light or trigger).children
                if c.dep_ == "compound"
                for g in c.children
                if g.dep_ == "amod"
            }
            if not mods & frame.modifiers:
                return []
        items = reader.items_for(frame, trigger, light)
        if frame.require_item and items == [None]:
            return []
        predicate = frame.predicate
        indirect = predicate == "MEETS" and any(
            c.lower_ in ("indirect", "proximity", "shuttle")
            for t in (trigger, light)
            if t is not None
            for c in t.children
        )  # "indirect negotiations between Israel and Hamas": they do not meet
        if frame.subject_heads and not frame.subject_heads & {
            counted(t).lemma_.lower() for t in subject_tokens(trigger)[0]
        }:
            return []  # "warships arrived in Cuba" deploys; "the minister arrived" visits
        subject_heads = {counted(t).lemma_.lower() for t in subject_tokens(trigger)[0]}
        if frame.not_subject_heads & subject_heads:
            return []
        obj_tokens = reader.slot("obj", frame, trigger, light)[0]
        obj_heads = {counted(t).lemma_.lower() for t in obj_tokens}
        if frame.exclude_objects & obj_heads:
            return []  # "invited Iran to send a delegation" supplies nothing
        if frame.is_noun and frame.object_heads:
            # a noun frame's object is its first object slot's ("recognition of Palestine")
            obj_tokens = reader.slot(frame.object[0], frame, trigger, light)[0]
            obj_heads = {counted(t).lemma_.lower() for t in obj_tokens}
        if frame.object_heads and not frame.object_heads & obj_heads:
            named = "@actor" in frame.object_heads and any(
                reader.mention(t.i) is not None for t in obj_tokens
            )
            if not named:
                # "blocked the bid" rejects; "blocked the strait" is another frame's;
                # "recognised Palestine" (@actor: the object names an actor itself), not
                # "recognised Russia's concerns"
                return []
        if frame.places_only and not self._place_object(trigger, reader):
            return []
        if (
            frame.predicate == "SEIZES"
            and not frame.is_noun
            and self._place_object(trigger, reader)
        ):
            return []  # "captured Damascus" is an assault on a place (ATTACKS), not a seizure
        if frame.personnel and frame.personnel & obj_heads:
            predicate, items = "DEPLOYS_TO", [None]
        for head, switched in frame.switch:
            if head in obj_heads:
                predicate, items = switched, [None]
        if frame.aid_objects and _humanitarian([trigger] * frame.is_noun + obj_tokens):
            predicate = "PROVIDES_AID"  # "flew relief supplies to Turkey" gives aid
            items = [i for i in items if i is None or not _aid_name(i["name"])] or [None]
        if predicate == "PROVIDES_AID" and self._military(trigger, items):
            predicate = "SUPPLIES"
        if predicate == "DEMANDS" and trigger.lemma_.lower() in ("ban", "bar") and any(
            p.dep_ == "pcomp" and p.lemma_.lower() in ENTRY_VERBS
            for prep in trigger.children
            if prep.dep_ == "prep" and prep.lower_ == "from"
            for p in prep.children
        ):
            predicate = "SANCTIONS"  # "barred UN officials from entering": a travel ban
        if predicate == "DEPLOYS_TO" and _at_border(trigger, light):
            predicate, items = "MOBILIZES", [None]  # "moved tanks to its border with Armenia"
        mediator = self._mediating(frame, trigger, objects)
        if mediator:
            # Who hosts, brokers or helps "the two sides" mediates between them.
            predicate = "MEDIATES"
        exchange = _exchanging(trigger)
        if (not objects or exchange) and _reciprocal(trigger, light):
            # "Thailand and Cambodia blamed each other", "expelled each other's diplomats";
            # "Russia swapped prisoners with Ukraine": each gives to the other
            group = subjects if len(subjects) >= 2 else list(trigger.doc._.pairs.get(
                sentence_of(trigger).start, []))
            if exchange and objects:
                group = list({a["id"]: a for a in [*subjects, *objects]}.values())
            pairs = [
                (a, b)
                for a, b in itertools.permutations(group, 2)
                if _principal(a) != _principal(b)
            ]
        else:
            pairs = self._pairs(
                frame, subjects, objects, symmetric_subjects=not mediator,
                between=_between(trigger, light),
            )
        if indirect and not mediator:
            return []
        if frame.predicate == "MEETS" and mediator and len(objects) >= 2:
            meets = [] if indirect else list(itertools.combinations(objects, 2))
        elif predicate == "VISITS":
            meets = list(pairs)  # an official visit is also a meeting with the host (codebook 4)
        else:
            meets = []
        if "agreement" in frame.item and items != [None]:
            parties = {a["id"]: a for pair in pairs for a in pair}
            reader.remember_agreement(frame, trigger, light, items[0], list(parties.values()))
        strength = min(STRENGTH[s_how], STRENGTH[o_how]) if pairs else 0.0
        used = {a["id"] for pair in pairs for a in pair}
        location = reader.location(trigger, light, used)
        predicates = [predicate]
        if predicate == "SIGNS_AGREEMENT" and any(reader.items.implies_alliance(i) for i in items):
            predicates.append("ALLIES_WITH")
        if predicate == "DEPLOYS_TO" and (subject_heads | obj_heads) & TRAINER_NOUNS:
            predicates.append("TRAINS")  # "Russian military instructors arrived in Niger"
        visits: list[tuple[dict[str, Any], dict[str, Any]]] = []
        host = reader.host_state(trigger) if predicate in ("MEETS", "SIGNS_AGREEMENT") else None
        if host is not None:
            # Those who meet in a state they do not belong to are visiting it.
            participants = {a["id"]: a for pair in pairs for a in pair}
            visits = [(a, host) for a in participants.values() if _principal(a) != host["id"]]
        out = []
        if subjects and not pairs and predicate in RESPONSES and _in_response(trigger, light):
            # "Somalia recalled its ambassador in protest": against whoever acted last
            earlier = [
                a for a in reader.acts.get("act", [])[-1:]
                if all(_principal(a) != _principal(s) for s in subjects)
            ]
            pairs = [(s, a) for s in subjects for a in earlier]
            strength = STRENGTH["coref"]
        if subjects:
            # "North Korea fired a missile. Tokyo condemned the launch.": remember whose act
            # it was, under the nouns that may name it later, target or none
            keys = {*ACT_NOUNS.get(frame.predicate, ()), *GENERIC_ACTS}
            if frame.predicate in ACT_NOUNS:
                keys.add(trigger.lemma_.lower())
            for key in keys:
                reader.acts.setdefault(key, []).append(subjects[0])
        extra = [("VISITS", visits), ("MEETS", meets)]
        for pred, pred_pairs in [*((p, pairs) for p in predicates), *extra]:
            for subject, obj in pred_pairs:
                for item in items if pred in (predicate, "SIGNS_AGREEMENT") else [None]:
                    out.append(
                        _record(pred, subject, obj, item, trigger, frame.key, strength, location,
                                modality_hint=frame.modality)
                    )
        return out

    def _fill(
        self,
        slots: tuple[str, ...],
        frame: Frame,
        trigger: Token,
        light: Token | None,
        reader: ArgumentReader,
    ) -> tuple[list[dict[str, Any]], str]:
        for slot in slots:
            if slot == "agreement":
                parties = reader.agreement_parties(frame, trigger, light)
                if parties:
                    return parties, "coref"
                continue
            tokens, how = reader.slot(slot, frame, trigger, light)
            if slot == "mod" and frame.is_noun and frame.predicate == "MEETS" and len(tokens) < 2:
                continue  # "US-Iran talks" names the parties; "the G7 summit" names the forum
            if slot in ("pair", "counterpart"):
                if reader.pair_actors:
                    return list(reader.pair_actors), "coref"
                continue
            actors: dict[str, dict[str, Any]] = {}
            for tok in tokens:
                kind = reader.mention_kind(tok)
                if kind == "coref":
                    how = "coref"
                elif kind == "city":
                    how = "location"
                # The maker of what is supplied is not its receiver ("supplying Russian
                # weapons"); the owner of what is attacked or seized is its target.
                materiel = slot not in ("obj", "dative") or frame.predicate in OWNED_TARGETS
                found = reader.actors_of(tok, materiel=materiel)
                if (
                    not found
                    and slots is frame.object
                    and tok.lower_ in ("it", "them")
                    and tok.dep_ in ("dobj", "pobj")
                ):
                    # "accused it of ...": the actor named last before, other than the subject
                    subjects_now = self._fill(frame.subject, frame, trigger, light, reader)[0]
                    found = reader.nearest(trigger, before=True, exclude=subjects_now,
                                           any_role=True)
                    how = "coref"
                if not found and frame.predicate in ANSWERING and slots is frame.object:
                    # "concern over manoeuvres by Chinese vessels": the act's agent answers;
                    # "condemned the flow of US military assistance": whose assistance
                    found = [a for t in _by_agents(tok) for a in reader.actors_of(t)] or [
                        a for t in _of_objects(tok) for a in reader.actors_of(t)
                    ]
                    if not found and any(
                        c.dep_ == "det" and c.lower_ in ("the", "these", "this", "those")
                        for c in tok.children
                    ):
                        # "condemned the drills": whoever was last said to hold them
                        earlier = reader.acts.get(tok.lemma_.lower(), [])
                        found = earlier[-1:]
                        how = "coref"
                for actor in found:
                    actors.setdefault(actor["id"], actor)
            if actors:
                return list(actors.values()), how
        return [], "direct"

    @staticmethod
    def _mediating(frame: Frame, trigger: Token, objects: list[dict[str, Any]]) -> bool:
        """A host or helper of talks between others, not a party to them."""
        lemma = trigger.lemma_.lower()
        if frame.predicate == "SUPPORTS" and lemma in ("help", "assist", "aid"):
            goals = {c.lemma_.lower() for c in trigger.children if c.dep_ in ("xcomp", "ccomp")}
            return bool(goals & MEDIATION_XCOMPS)
        if frame.predicate == "MEETS":
            if lemma in HOSTING_VERBS:
                # "hosted talks" mediates, and so does "hosted Araghchi and Witkoff" (two
                # sides); "hosted Erdogan" meets him
                return not objects or len({_principal(o) for o in objects}) >= 2
            if frame.is_noun:
                verb, prep = governing_verb(trigger)
                # "Qatar hosted the talks" mediates; "leaders convened for a summit" meet
                return verb is not None and prep is None and verb.lemma_.lower() in HOSTING_VERBS
        return False

    @staticmethod
    def _place_object(trigger: Token, reader: ArgumentReader) -> bool:
        """The object is a place ("captured Goma", "seized the town of Bunagana")."""
        for obj in (c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")):
            kind = reader.mention_kind(obj)
            lemma = obj.lemma_.lower()
            if kind in ("city", "capital", "seat") or lemma in PLACE_NOUNS - MOVABLE_NOUNS:
                return True
        return False

    @staticmethod
    def _pairs(
        frame: Frame,
        subjects: list[dict[str, Any]],
        objects: list[dict[str, Any]],
        *,
        symmetric_subjects: bool = True,
        between: bool = False,
    ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
        if frame.mutual:
            # "the war between A and B", "A's conflict with B": each fights the other.
            group = {a["id"]: a for a in [*subjects, *objects]}
            candidates = list(itertools.permutations(group.values(), 2))
        elif (
            frame.symmetric
            and not subjects
            and len(objects) >= 2
            and symmetric_subjects
            and between
        ):
            candidates = list(itertools.combinations(objects, 2))  # "a truce between A and B"
        elif objects:
            candidates = list(itertools.product(subjects, objects))
        elif frame.symmetric and len(subjects) >= 2 and symmetric_subjects:
            candidates = list(itertools.combinations(subjects, 2))
        else:
            candidates = []
        for subject, obj in candidates:
            if _principal(subject) == _principal(obj):
                continue
            pairs.append((subject, obj))
        return pairs

    @staticmethod
    def _military(trigger: Token, items: list[dict[str, Any] | None]) -> bool:
        words = {c.lower_ for c in trigger.children if c.dep_ in ("amod", "compound")}
        if words & MILITARY_WORDS:
            return True
        return any(
            i is not None and i["type"] not in ("Goods", "Agreement") and not _aid_name(i["name"])
            for i in items
        )


def _between(trigger: Token, light: Token | None) -> bool:
    """Are the parties named by "between" or "among" ("a truce between A and B")?"""
    return any(
        c.dep_ == "prep" and c.lower_ in ("between", "among", "amongst")
        for t in (trigger, light)
        if t is not None
        for c in t.children
    )


def _of_objects(noun: Token) -> list[Token]:
    """What an act noun is of: "the flow of US assistance" -> assistance."""
    if noun.pos_ != "NOUN":
        return []
    return [
        pobj
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj" and pobj.pos_ == "NOUN"
    ]


def _by_agents(noun: Token) -> list[Token]:
    """The agent of an act noun: "manoeuvres by Chinese vessels" -> vessels."""
    if noun.pos_ != "NOUN":
        return []
    holders = [noun]
    if noun.dep_ == "dobj" and not is_passive(noun.head):
        holders.append(noun.head)  # "condemned the strikes by Russia": "by" hangs on the verb
    elif noun.dep_ == "pobj" and noun.head.head.pos_ == "NOUN":
        holders.append(noun.head.head)  # "concern over manoeuvres by Chinese vessels"
    agents = [
        pobj
        for holder in holders
        for prep in holder.children
        if prep.dep_ in ("prep", "agent") and prep.lower_ == "by"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]
    if not agents and noun.lemma_.lower() in ANSWERED_NOUNS:
        agents = prep_objects(noun, ("from",))  # "turned down a request from the US"
    return agents


def _governing_subject(noun: Token, verbs: frozenset[str]) -> list[Token]:
    """The subject of the verb a noun trigger hangs from, when that verb is one of these."""
    verb, _ = governing_verb(noun)
    if verb is not None and verb.lemma_.lower() in verbs:
        return subject_tokens(verb)[0]
    return []


def _negated_prefix(token: Token) -> bool:
    """"non-NATO": the word is negated by a "non-" prefix."""
    doc = token.doc
    return token.lower_.startswith("non-") or (
        token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "non"
    )


def _exchanging(trigger: Token) -> bool:
    return trigger.lemma_.lower() in EXCHANGE_VERBS or (
        trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in EXCHANGE_VERBS
    )


def _reciprocal(trigger: Token, light: Token | None) -> bool:
    """Does the object say "each other" or "one another" (also "each other's diplomats")?
    Exchanging is mutual too: "exchanged fire", "swapped prisoners", "traded accusations"."""
    if _exchanging(trigger):
        return True
    near = [c for t in (trigger, light) if t is not None for c in t.children]
    near += [g for c in list(near) if c.dep_ in ("dobj", "prep") for g in c.children]
    # "on each other's goods": one level further down
    near += [g for c in list(near) if c.dep_ == "pobj" for g in c.children]
    for tok in near:
        words = {c.lower_ for c in tok.children}
        if (tok.lower_ == "other" and "each" in words) or (
            tok.lower_ == "one" and "another" in words
        ):
            return True
    return False


def _open_subject(trigger: Token, frame: Frame) -> bool:
    """May a subject be looked for nearby? Not where the parse names one that is no actor
    ("the diplomat left"), nor for a clause whose subject is its head ("firms selling arms")."""
    if frame.is_noun:
        return True
    if trigger.dep_ in ("acl", "relcl", "pcomp", "xcomp", "amod"):
        return False
    return not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in trigger.children)


def _record(
    predicate: str,
    subject: dict[str, Any],
    obj: dict[str, Any],
    item: dict[str, Any] | None,
    trigger: Token,
    frame: str,
    strength: float,
    location: str | None,
    *,
    modality_hint: str | None = None,
) -> dict[str, Any]:
    """One relation record, as the later components (modality, time) expect it."""
    sent = sentence_of(trigger)
    return {
        "predicate": predicate,
        "subject": subject,
        "object": obj,
        "item": item,
        "trigger": trigger.i,
        "also_triggers": [],
        "trigger_text": trigger.text,
        "frame": frame,
        "strength": strength,
        "location": location,
        "sentence": [sent.start_char, sent.end_char],
        "modality_hint": modality_hint,
        "modality": None,
        "attributed_to": None,
        "time": None,
    }


def _principal(actor: dict[str, Any]) -> str:
    if actor.get("type") in ("Person", "Unit") and actor.get("country"):
        return str(actor["country"])
    return str(actor["id"])


@Language.factory("geokg_relations", default_config={"nearby": False})
def make_relations(nlp: Language, name: str, nearby: bool) -> RelationMatcher:
    """``nearby``: fill a trigger's missing argument with the nearest actor in its clause.

    Off by default: on the tune half of the corpus it added recall 0.25 -> 0.28 but cost
    precision 0.78 -> 0.69 (bench/RESULTS.md); turn it on with
    ``nlp.add_pipe("geokg_relations", config={"nearby": True})`` for recall-first work.
    """
    return RelationMatcher(nlp.vocab, nearby=nearby)


if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=[])
