"""Relation rules, one module per relationship family; `extract_relations` runs them all."""
from __future__ import annotations

from kg.ontology import LOCATED_IN, SETTLED_IN, SYMMETRIC

from . import achievements, affiliation, chains, cooperation, events, focus, ranking, settlement, tabular
from .base import Context, Mention, Relation

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


def extract_relations(ctx: Context) -> list[Relation]:
    """Every rule's relations, one per (source, type, target): the most trusted, with all properties."""
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


__all__ = ["Context", "Mention", "Relation", "extract_relations"]
