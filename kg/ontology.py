"""The graph's vocabulary, transcribed once from ONTOLOGY.md.

Every other module imports these names, so a renamed label or relationship type is a
one-line change here rather than a hunt through extractors, stores and queries.
"""
from __future__ import annotations

from typing import Final

PARK: Final = "Park"
CHAIN: Final = "Chain"
LAB: Final = "Lab"
INSTITUTE: Final = "Institute"
ENTERPRISE: Final = "Enterprise"
UNIVERSITY: Final = "University"
ORGANIZATION: Final = "Organization"
EVENT: Final = "Event"
REPORT: Final = "Report"
AWARD: Final = "Award"
PRODUCT: Final = "Product"
REGION: Final = "Region"

ENTITY_TYPES: Final = (
    PARK, CHAIN, LAB, INSTITUTE, ENTERPRISE, UNIVERSITY, ORGANIZATION,
    EVENT, REPORT, AWARD, PRODUCT, REGION,
)

SETTLED_IN: Final = "SETTLED_IN"
LOCATED_IN: Final = "LOCATED_IN"
HAS_CHAIN: Final = "HAS_CHAIN"
IN_CHAIN: Final = "IN_CHAIN"
AFFILIATED_WITH: Final = "AFFILIATED_WITH"
COOPERATES_WITH: Final = "COOPERATES_WITH"
RANKED_IN: Final = "RANKED_IN"
PUBLISHED: Final = "PUBLISHED"
HELD_IN: Final = "HELD_IN"
RELEASED: Final = "RELEASED"
WON: Final = "WON"

RELATION_TYPES: Final = (
    SETTLED_IN, LOCATED_IN, HAS_CHAIN, IN_CHAIN, AFFILIATED_WITH, COOPERATES_WITH,
    RANKED_IN, PUBLISHED, HELD_IN, RELEASED, WON,
)

#: Relationships whose direction carries no meaning (stored and compared unordered).
SYMMETRIC: Final = frozenset({COOPERATES_WITH})

#: Organisations that can take part in a cooperation (ONTOLOGY.md, COOPERATES_WITH row).
COOPERATING_TYPES: Final = frozenset({ENTERPRISE, PARK, INSTITUTE, UNIVERSITY, LAB})

#: Things that can settle in or be located in a park.
RESIDENT_TYPES: Final = frozenset({LAB, INSTITUTE, ENTERPRISE, UNIVERSITY})

#: Which entity types each relationship joins (ONTOLOGY.md's "from → to" column, Regions left out:
#: they are context, not scored). The trained relation stage pairs only mentions that fit one.
SIGNATURES: Final = {
    SETTLED_IN: frozenset((s, PARK) for s in RESIDENT_TYPES),
    LOCATED_IN: frozenset({*((s, PARK) for s in RESIDENT_TYPES), (PARK, PARK)}),
    HAS_CHAIN: frozenset({(PARK, CHAIN)}),
    IN_CHAIN: frozenset({(ENTERPRISE, CHAIN)}),
    AFFILIATED_WITH: frozenset({(LAB, INSTITUTE), (LAB, UNIVERSITY), (LAB, ENTERPRISE), (INSTITUTE, INSTITUTE),
                                (INSTITUTE, UNIVERSITY)}),
    COOPERATES_WITH: frozenset((a, b) for a in COOPERATING_TYPES for b in COOPERATING_TYPES),
    RANKED_IN: frozenset({(PARK, REPORT), (ENTERPRISE, REPORT), (UNIVERSITY, REPORT)}),
    PUBLISHED: frozenset({(ORGANIZATION, REPORT), (INSTITUTE, REPORT)}),
    HELD_IN: frozenset({(EVENT, PARK)}),
    RELEASED: frozenset({(ENTERPRISE, PRODUCT)}),
    WON: frozenset({(ENTERPRISE, AWARD), (UNIVERSITY, AWARD), (INSTITUTE, AWARD), (LAB, AWARD)}),
}
