"""Relations of an article: the hand-written rules (one module per relationship family) find
what they can, then the trained model (model.py) decides over every candidate pair
(candidates.py), with the rules' findings among its features."""
from __future__ import annotations

from kg.ontology import LOCATED_IN, REGION, SETTLED_IN, SYMMETRIC

from ..resolve import SETTLED_BY_NAME
from . import achievements, affiliation, chains, cooperation, events, focus, ranking, settlement, tabular
from .base import Context, Mention, Relation
from .candidates import Candidate, candidates
from .model import RelationModel

RULES = (
    settlement.settled_in,
    settlement.located_in,
    chains.has_chain,
    chains.in_chain,
    affiliation.by_name_prefix,
    affiliation.by_parallel_lists,
    affiliation.by_cue,
    cooperation.cooperates_with,
    ranking.ranked_in,
    tabular.table_rows,
    ranking.published,
    events.held_in,
    achievements.released,
    achievements.won,
)


def extract_relations(ctx: Context, model: RelationModel) -> list[Relation]:
    """The relations of an article: its rules' findings, then the model over its candidate pairs."""
    rules = rule_relations(ctx)
    return decide(ctx, model, rules, candidates(ctx, rules))


def decide(ctx: Context, model: RelationModel, rules: list[Relation], cands: list[Candidate]) -> list[Relation]:
    """The model's relations over the candidate pairs, and the rules' findings it does not decide
    (`_rules_alone`): still one relation per pair, the rule's where a name settles it."""
    own = [r for r in rules if _rules_alone(ctx, r)]
    settled = {frozenset((r.source, r.target)) for r in own}
    found = [r for r in model.decide(ctx, cands, rules) if frozenset((r.source, r.target)) not in settled]
    return sorted([*found, *own], key=lambda r: (r.evidence, r.type, r.source, r.target))


def _rules_alone(ctx: Context, r: Relation) -> bool:
    """A place (Region) is no candidate, so relations with a Region end are the rules'; and a name
    that begins with its parent's says itself what it belongs to, for the pairs of
    SETTLED_BY_NAME (the parent named elsewhere or only there, nested, and so no candidate)."""
    src, dst = ctx.entities[r.source], ctx.entities[r.target]
    if r.method == affiliation.NAME_PREFIX:
        return (src.type, dst.type) in SETTLED_BY_NAME
    return REGION in (src.type, dst.type)


def rule_relations(ctx: Context) -> list[Relation]:
    """Every rule's relations, one per (source, type, target): the most trusted, with all properties.
    Resolves the article's focal park and anaphora first (ctx changes)."""
    ctx.focal_park = focus.focal_park(ctx)
    if ctx.focal_park is None:
        ctx.focal_park = settlement.home_park(ctx)
    focus.resolve_anaphora(ctx)
    best: dict[tuple[int, str, int], Relation] = {}
    for rule in RULES:
        for r in rule(ctx):
            if r.source == r.target:
                continue
            a, b = (min(r.source, r.target), max(r.source, r.target)) if r.type in SYMMETRIC else (r.source, r.target)
            key = (a, r.type, b)
            old = best.get(key)
            if old is None or r.confidence > old.confidence:
                if old is not None:
                    r.properties = {**old.properties, **r.properties}
                best[key] = r
            else:
                old.properties = {**r.properties, **old.properties}
    settled = {(r.source, r.target) for r in best.values() if r.type == SETTLED_IN}
    kept = [r for r in best.values() if not (r.type == LOCATED_IN and (r.source, r.target) in settled)]
    return sorted(kept, key=lambda r: (r.evidence, r.type))


__all__ = ["Candidate", "Context", "Mention", "Relation", "RelationModel", "candidates", "decide", "extract_relations", "rule_relations"]
