"""The API's response shapes, with the examples the OpenAPI schema shows."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


def _example(example: dict) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [example]})


class ErrorBody(BaseModel):
    code: str = Field(description="machine-readable: not_found, unknown_entity, invalid_parameter, read_only, "
                                  "query_timeout, …")
    message: str
    parameter: str | None = Field(default=None, description="unknown_entity: the parameter that names no entity")
    suggestions: list[str] | None = Field(default=None, description="unknown_entity: the closest names in the graph")


class Error(BaseModel):
    model_config = _example({"error": {"code": "not_found", "message": "no entity 'Park:不存在园区'"}})
    error: ErrorBody


class Entity(BaseModel):
    model_config = _example({"id": "Park:西安科学园", "type": "Park", "name": "西安科学园", "aliases": []})
    id: str = Field(description="stable key: type and the name first stored")
    type: str
    name: str = Field(description="the most complete name seen")
    aliases: list[str]


class SearchResult(BaseModel):
    total: int = Field(description="matches ranked (at most 2000)")
    complete: bool = Field(description="false when more entities matched than were ranked")
    items: list[Entity]


class ArticleRef(BaseModel):
    id: str
    title: str | None = None
    date: str | None = None
    source: str | None = None


class Support(BaseModel):
    article: ArticleRef
    sentence: str = Field(description="the sentence asserting the fact")
    start: int = Field(description="offset of the sentence in the article text")
    end: int
    method: str = Field(description="the extraction rule")
    confidence: float


class Other(BaseModel):
    id: str
    name: str
    type: str


class Relationship(BaseModel):
    direction: str = Field(description="out: this entity is the source; in: the target")
    other: Other
    properties: dict[str, Any]
    confidence: float
    supports: list[Support]


class Card(Entity):
    model_config = _example({
        "id": "Park:西安科学园", "type": "Park", "name": "西安科学园", "aliases": [],
        "relationships": {"SETTLED_IN": [{
            "direction": "in",
            "other": {"id": "Lab:中国科学院黄土科学重点实验室", "name": "中国科学院黄土科学重点实验室", "type": "Lab"},
            "properties": {"date": "2024-11-01"}, "confidence": 0.9,
            "supports": [{"article": {"id": "f2a3de7659016397", "title": "西安科学园再添3家中国科学院重点实验室",
                                      "date": "2024-11-01", "source": "seed-page.txt"},
                          "sentence": "…中国科学院黄土科学重点实验室…签约入驻西安科学园。", "start": 0, "end": 120,
                          "method": "settle.verb", "confidence": 0.9}]}]},
        "articles": [{"id": "f2a3de7659016397", "title": "西安科学园再添3家中国科学院重点实验室",
                      "date": "2024-11-01", "source": "seed-page.txt"}]})
    relationships: dict[str, list[Relationship]] = Field(description="by relationship type")
    articles: list[ArticleRef] = Field(description="the articles behind these relationships, newest first")


class Node(Entity):
    pass


class Edge(BaseModel):
    source: str
    target: str
    type: str
    articles: int = Field(description="how many articles assert it")
    date: str | None = None
    rank: int | None = None
    year: int | None = None
    kind: str | None = None
    role: str | None = None


class Neighbourhood(BaseModel):
    center: str
    depth: int
    limit: int
    capped: bool = Field(description="true when more entities were in reach than `limit`")
    nodes: list[Node]
    edges: list[Edge]


class PathEdge(BaseModel):
    source: str
    target: str
    type: str
    properties: dict[str, Any]
    confidence: float
    supports: list[Support]


class Path(BaseModel):
    length: int
    nodes: list[Entity]
    edges: list[PathEdge]


class QueryParam(BaseModel):
    name: str
    type: str = Field(description="string, int, date (YYYY-MM-DD) or entity (a name or an alias, "
                                  "looked up as an entity of `entity_type` when given)")
    required: bool
    default: str | int
    description: str
    entity_type: str | None = None
    examples: list[str] = Field(description="values to try; the first is in the sample graph")


class QueryInfo(BaseModel):
    model_config = _example({"name": "settled_in_park", "description": "Labs, institutes, enterprises and "
                             "universities that settled in a park, by date.", "url": "/queries/settled_in_park",
                             "params": [{"name": "park", "type": "entity", "entity_type": "Park", "required": True, "default": "",
                                         "description": "the park's name or one of its aliases",
                                         "examples": ["西安科学园", "合肥高新区"]}]})
    name: str
    description: str
    url: str
    params: list[QueryParam]


class Rows(BaseModel):
    model_config = _example({"columns": ["name", "type", "date", "articles"], "truncated": False,
                             "rows": [{"name": "中国科学院黄土科学重点实验室", "type": "Lab", "date": "2024-11-01", "articles": 1}]})
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = Field(default=False, description="true when the row cap cut the answer short")


class AnswerGraph(Rows):
    model_config = _example({"columns": ["name", "type", "date", "articles"], "truncated": False,
                             "rows": [{"name": "中国科学院黄土科学重点实验室", "type": "Lab", "date": "2024-11-01", "articles": 1}],
                             "nodes": [{"id": "Park:西安科学园", "type": "Park", "name": "西安科学园", "aliases": []},
                                       {"id": "Lab:中国科学院黄土科学重点实验室", "type": "Lab",
                                        "name": "中国科学院黄土科学重点实验室", "aliases": []}],
                             "edges": [{"source": "Lab:中国科学院黄土科学重点实验室", "target": "Park:西安科学园",
                                        "type": "SETTLED_IN", "articles": 1, "date": "2024-11-01"}]})
    nodes: list[Node] = Field(description="the entities the parameters and the answer's cells name")
    edges: list[Edge] = Field(description="the relationships among them")


class ExportRequest(BaseModel):
    model_config = _example({"keys": ["Park:西安科学园", "Lab:中国科学院黄土科学重点实验室"], "format": "graphml"})
    keys: list[str] = Field(min_length=1, max_length=5000, description="entity ids")
    format: Literal["graphml", "json", "nodes.csv", "edges.csv"] = "graphml"


class CypherRequest(BaseModel):
    model_config = _example({"query": "MATCH (x:Entity)-[r:SETTLED_IN]->(p:Entity {name: $park}) RETURN x.name AS name, "
                             "r.date AS date", "params": {"park": "西安科学园"}})
    query: str = Field(min_length=1, max_length=20_000)
    params: dict[str, Any] = Field(default_factory=dict)


class Article(ArticleRef):
    ingested_at: str | None = None
    text: str


class Changes(BaseModel):
    articles_new: int
    articles_unchanged: int
    entities_added: int
    entities_updated: int
    relations_added: int
    relations_supported: int


class Ingested(BaseModel):
    extraction: list[dict[str, Any]] = Field(description="the articles as `kg extract` prints them (one per article)")
    changes: Changes


class Retracted(BaseModel):
    model_config = _example({"article": "f2a3de7659016397", "relations_deleted": 15, "relations_kept": 0,
                             "entities_deleted": 13})
    article: str
    relations_deleted: int
    relations_kept: int
    entities_deleted: int


class Stats(BaseModel):
    model_config = _example({"articles": 4, "supports": 40, "entities": {"Park": 5, "Lab": 4},
                             "relations": {"SETTLED_IN": 3, "HAS_CHAIN": 3}})
    articles: int
    supports: int
    entities: dict[str, int]
    relations: dict[str, int]
    version: str = Field("", description="the stored graph's version: every write sets it, and the embedded "
                                         "store's serving index answers from this version")


class Health(BaseModel):
    status: str
    store: str = Field(description="ladybug or neo4j")
    writable: bool = Field(description="whether POST/DELETE /articles are enabled (KG_API_KEY set)")
