"""The query API and the explorer page, thin over `kg`: every answer comes from `kg.browse`,
a named query, or the store's read-only session; nothing a client sends becomes Cypher text.

Writes (POST/DELETE /articles) need the key in KG_API_KEY, sent as the X-API-Key header;
without a key configured they are disabled and the store is opened read-only.
"""
import gc
import hmac
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio
import anyio.to_thread
import orjson
from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import APIKeyHeader
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg import browse, queries
from kg.cypher import QueryError
from kg.ontology import ENTITY_TYPES, RELATION_TYPES
from kg.store import FileAccessError, GraphStore, QueryTimeout, ReadOnlyError, StoreError, open_store

from . import schemas
from .serving import AccessLog

STATIC = Path(__file__).resolve().parent / "static"
MAX_UPLOAD = 50 << 20
CYPHER_ROWS = 10_000
CYPHER_SECONDS = 10.0


MAX_BODY = MAX_UPLOAD + (1 << 20)  # an upload and its form fields
#: Requests answered at once per server process; the rest wait their turn. Graph reads are
#: CPU-bound, so running more of them than there are cores only shares the CPU: with anyio's
#: default of 40 threads, each of 32 concurrent requests took ~16 times its own time, the
#: expensive ones most (docs/benchmarks.md). Researchers' own Cypher and article uploads, which
#: may run for seconds, have threads of their own so they never hold these up.
READ_THREADS = 2
SLOW_THREADS = 8


class BodyLimit:
    """Refuses a request body over `limit` bytes before it is read: at once when Content-Length
    says so, and as soon as a streamed (chunked) body passes it, so no client can make the
    server buffer gigabytes."""

    def __init__(self, app: Any, limit: int = MAX_BODY) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await self._refuse(scope, receive, send)
        received = 0
        answered = False  # by us: the app's own answer is then dropped

        async def counted() -> dict:
            nonlocal received, answered
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit and not answered:
                answered = True
                await self._refuse(scope, receive, send)
                return {"type": "http.disconnect"}  # the app stops reading, as if the client left
            return message

        async def unless_answered(message: dict) -> None:
            if not answered:
                await send(message)

        await self.app(scope, counted, unless_answered)

    async def _refuse(self, scope: dict, receive: Any, send: Any) -> None:
        await _error(413, "too_large", f"the request body is larger than {self.limit >> 20} MB")(scope, receive, send)


class Answer(Response):
    """A body `kg.browse` already shapes as the route's response model. Returned as a Response,
    FastAPI sends it as it is instead of validating it against the model first, which cost about
    as much as the query on a big entity card; tests/test_api_fuzz.py checks every answer against
    the schema. Written by orjson: on a 90 KB card, 0.08 ms against pydantic_core's 0.34."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _exported(g: Any, format: str) -> Response:
    """A networkx graph as a download in `format` (graphml, json, nodes.csv or edges.csv)."""
    from kg.export import as_csv, as_json, graphml

    if format == "graphml":
        body, media = graphml(g), "application/graphml+xml"
    elif format == "json":
        body, media = as_json(g), "application/json"
    else:
        body, media = as_csv(g)[format == "edges.csv"], "text/csv; charset=utf-8"
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="parkgraph.{format}"'})


def _error(status: int, code: str, message: str, **more: Any) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, **more}}, status_code=status)


_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": schemas.Error, "description": "unknown id"},
    422: {"model": schemas.Error, "description": "bad parameters"}}


async def _store(request: Request) -> GraphStore:
    """Async so FastAPI calls it on the event loop: a plain function dependency costs a trip to
    the thread pool of its own on every request, before the endpoint's trip there."""
    return request.app.state.store


Store = Annotated[GraphStore, Depends(_store)]
_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="the key set in KG_API_KEY")


def create_app(store_uri: str | None = None, *, api_key: str | None = None, database: str | None = None,
               query_timeout: float = CYPHER_SECONDS) -> FastAPI:
    """The app over the store at `store_uri` (Ladybug directory or bolt:// URI); `api_key`
    (default: KG_API_KEY) enables the write endpoints; `query_timeout` bounds POST /cypher."""
    key = api_key if api_key is not None else os.environ.get("KG_API_KEY") or None
    # Opened now, not at start-up, so a store that cannot be opened is a clear error before serving.
    graph = open_store(store_uri, read_only=key is None, database=database)
    graph.warm()
    # What warm() built lives as long as the server: out of the collector's sight, a full
    # collection no longer walks a million index entries while requests wait (~10% of a card).
    gc.freeze()
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = READ_THREADS
        try:
            yield
        finally:
            graph.close()

    app = FastAPI(title="园区链图 parkgraph", version="0.1.0", lifespan=lifespan,
                  description="Chinese industrial parks, chains, labs, institutes, enterprises and universities "
                              "as a knowledge graph built from news; every fact with the sentences and articles "
                              "that assert it.")

    app.add_middleware(BodyLimit)
    app.add_middleware(AccessLog)  # outermost: it logs the 413s BodyLimit answers too
    app.state.store = graph
    extractor_lock = threading.Lock()
    slow = anyio.CapacityLimiter(SLOW_THREADS)

    def extractor() -> Any:
        with extractor_lock:  # built once, on the first upload: loading the pipeline takes a second
            if "extractor" not in state:
                from extract.extractor import Extractor

                state["extractor"] = Extractor()
            return state["extractor"]

    def writer(sent: Annotated[str | None, Depends(_key_header)]) -> None:
        if key is None:
            raise ApiError(403, "writes_disabled", "writing is disabled on this server: start it with KG_API_KEY "
                                                   "set to enable POST/DELETE /articles")
        if not sent or not hmac.compare_digest(sent.encode(), key.encode()):
            raise ApiError(401, "unauthorized", "send the API key in the X-API-Key header")

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        parts = [f"{'.'.join(str(x) for x in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in exc.errors()]
        return _error(422, "invalid_parameter", "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(QueryError)
    async def query_error(_: Request, exc: QueryError) -> JSONResponse:
        if isinstance(exc, queries.UnknownQuery):
            return _error(404, "not_found", str(exc))
        if isinstance(exc, queries.UnknownEntity):
            return _error(404, "unknown_entity", str(exc), parameter=exc.param.name, suggestions=exc.suggestions)
        return _error(422, "invalid_parameter", str(exc))

    def found(value: Any, what: str) -> Any:
        if value is None:
            raise ApiError(404, "not_found", f"no {what}")
        return value

    @app.get("/health", response_model=schemas.Health, tags=["service"])
    def health(s: Store) -> dict:
        return {"status": "ok", "store": s.dialect, "writable": key is not None}

    @app.get("/stats", response_model=schemas.Stats, tags=["service"])
    def stats(s: Store) -> dict:
        return {**s.stats(), "version": s.version()}

    @app.get("/entities", response_model=schemas.SearchResult, tags=["entities"], responses=_ERRORS)
    def search(s: Store,
               q: Annotated[str, Query(min_length=1, max_length=100, description="part of a name or alias",
                                       examples=["科学园"])],
               type: Annotated[Literal[ENTITY_TYPES] | None, Query(description="one entity type")] = None,  # type: ignore[valid-type]
               limit: Annotated[int, Query(ge=1, le=100)] = 20,
               offset: Annotated[int, Query(ge=0, le=10_000)] = 0) -> Answer:
        """Search by name or alias (substring or prefix): exact names first, then prefixes."""
        return Answer(browse.search(s, q, type, limit, offset))

    @app.get("/entities/{id}", response_model=schemas.Card, tags=["entities"], responses=_ERRORS)
    def entity(s: Store, id: str) -> Answer:
        """An entity's aliases, its relationships by type, and the evidence sentences with their articles."""
        return Answer(found(browse.card(s, id), f"entity {id!r}"))

    @app.get("/entities/{id}/neighbors", response_model=schemas.Neighbourhood, tags=["entities"], responses=_ERRORS)
    def neighbors(s: Store, id: str,
                  depth: Annotated[int, Query(ge=1, le=3)] = 1,
                  types: Annotated[str | None, Query(description="relationship types, comma-separated",
                                                     examples=["SETTLED_IN,HAS_CHAIN"])] = None,
                  limit: Annotated[int, Query(ge=1, le=1000, description="entities at most")] = 200) -> Answer:
        """The neighbourhood as nodes and edges, capped at `limit` entities (`capped` says so)."""
        rel_types = RELATION_TYPES
        if types:
            rel_types = tuple(t.strip() for t in types.split(",") if t.strip())
            bad = [t for t in rel_types if t not in RELATION_TYPES]
            if bad:
                raise ApiError(422, "invalid_parameter", f"types: not relationship types: {', '.join(bad)}; "
                                                         f"use {', '.join(RELATION_TYPES)}")
        return Answer(found(browse.neighbours(s, id, depth, rel_types, limit), f"entity {id!r}"))

    @app.get("/paths", response_model=list[schemas.Path], tags=["entities"], responses=_ERRORS)
    def paths(s: Store,
              source: Annotated[str, Query(alias="from", examples=["Park:西安科学园"])],
              target: Annotated[str, Query(alias="to", examples=["Institute:中国科学院"])],
              max_hops: Annotated[int, Query(ge=1, le=4)] = 4,
              limit: Annotated[int, Query(ge=1, le=50)] = 10) -> Answer:
        """The shortest paths between two entities, each edge with its evidence."""
        return Answer(found(browse.paths(s, source, target, max_hops, limit), f"entity {source!r} or {target!r}"))

    @app.get("/queries", response_model=list[schemas.QueryInfo], tags=["queries"])
    def list_queries() -> list:
        """The named researcher queries (cypher/queries/) and their typed parameters."""
        return [{"name": q.name, "description": q.description, "url": f"/queries/{q.name}",
                 "params": [vars(p) for p in q.params]} for q in queries.catalog().values()]

    unknown_entity = {**_ERRORS, 404: {"model": schemas.Error, "description": "no such query, or an entity "
                                       "parameter that names no entity (`unknown_entity`, with `suggestions`)"}}

    @app.get("/queries/{name}", response_model=schemas.Rows, tags=["queries"], responses=unknown_entity)
    def run_query(s: Store, name: str, request: Request) -> Answer:
        """Run a named query; its parameters go in the query string (see GET /queries). An entity
        parameter naming no entity is a 404 (`unknown_entity`) with the closest names as `suggestions`."""
        rows = s.named_query(name, dict(request.query_params))
        return Answer({"columns": list(rows[0]) if rows else [], "rows": rows, "truncated": False})

    @app.get("/queries/{name}/graph", response_model=schemas.AnswerGraph, tags=["queries"], responses=unknown_entity)
    def run_query_as_graph(s: Store, name: str, request: Request) -> Answer:
        """A named query's answer as rows and as a graph: the entities its parameters and its cells
        name, with the relationships among them (the explorer draws a named query's answer so)."""
        return Answer(browse.answer(s, name, dict(request.query_params)))

    @app.post("/cypher", response_model=schemas.Rows, tags=["queries"],
              description=f"A read-only Cypher query of your own, with parameters. The database session is "
                          f"read-only (writes are refused with 403); at most {CYPHER_ROWS:,} rows and "
                          f"{query_timeout:g} s (408 after that).",
              responses={**_ERRORS, 400: {"model": schemas.Error, "description": "the query does not run"},
                         403: {"model": schemas.Error, "description": "the query tries to write"},
                         408: {"model": schemas.Error, "description": "the query ran too long"}})
    async def run_cypher(s: Store, body: schemas.CypherRequest) -> dict:
        try:
            got = await anyio.to_thread.run_sync(
                lambda: s.cypher_readonly(body.query, body.params, max_rows=CYPHER_ROWS, timeout=query_timeout),
                limiter=slow)
        except FileAccessError as exc:
            raise ApiError(403, "file_access", str(exc)) from None
        except ReadOnlyError as exc:
            raise ApiError(403, "read_only", str(exc)) from None
        except QueryTimeout as exc:
            raise ApiError(408, "query_timeout", str(exc)) from None
        except (StoreError, QueryError) as exc:
            raise ApiError(400, "invalid_query", str(exc)) from None
        return {"columns": list(got.rows[0]) if got.rows else [], "rows": got.rows, "truncated": got.truncated}

    @app.get("/articles/{id}", response_model=schemas.Article, tags=["articles"], responses=_ERRORS)
    def get_article(s: Store, id: str) -> dict:
        """An ingested article with its text (evidence offsets point into it)."""
        return found(browse.article(s, id), f"article {id!r}")

    @app.post("/articles", response_model=schemas.Ingested, tags=["articles"], dependencies=[Depends(writer)],
              responses={**_ERRORS, 401: {"model": schemas.Error}, 403: {"model": schemas.Error},
                         413: {"model": schemas.Error}})
    async def post_article(s: Store,
                           text: Annotated[str | None, Form(description="the page's text")] = None,
                           file: Annotated[UploadFile | None, File(description="or a file (UTF-8, GB18030, Big5…)")] = None,
                           source: Annotated[str | None, Form(max_length=500)] = None,
                           date: Annotated[str | None, Form(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None) -> dict:
        """Extract a page's articles and add them to the graph; returns the extraction and what changed."""
        from extract.normalize import InputError, decode
        from extract.version import extractor_version
        from kg.ingest import ingest

        if (text is None) == (file is None):
            raise ApiError(422, "invalid_parameter", "send exactly one of `text` or `file`")
        raw = text.encode("utf-8") if text is not None else await file.read(MAX_UPLOAD + 1)
        if len(raw) > MAX_UPLOAD:
            raise ApiError(413, "too_large", f"the page is larger than {MAX_UPLOAD >> 20} MB")
        name = source or (file.filename if file is not None else None) or "upload"

        def work() -> dict:
            lines = [a.to_dict() for a in extractor().extract(decode(raw), name, date)]
            return {"extraction": lines, "changes": vars(ingest(s, lines, extractor=extractor_version()))}

        try:
            return await anyio.to_thread.run_sync(work, limiter=slow)
        except InputError as exc:
            raise ApiError(422, "bad_input", str(exc)) from None

    @app.delete("/articles/{id}", response_model=schemas.Retracted, tags=["articles"], dependencies=[Depends(writer)],
                responses={**_ERRORS, 401: {"model": schemas.Error}, 403: {"model": schemas.Error}})
    def delete_article(s: Store, id: str) -> dict:
        """Retract an article: its support goes, and facts and entities nothing else supports."""
        r = s.retract(id)
        if not r.found:
            raise ApiError(404, "not_found", f"no article {id!r}")
        return {"article": id, "relations_deleted": r.relations_deleted, "relations_kept": r.relations_kept,
                "entities_deleted": r.entities_deleted}

    @app.get("/export", tags=["service"], responses={200: {"content": {"application/graphml+xml": {},
                                                                       "application/json": {}}}})
    def export(s: Store, format: Literal["graphml", "json"] = "json") -> Response:
        """The whole graph as GraphML or node-link JSON."""
        from kg.export import to_networkx

        return _exported(to_networkx(s), format)

    @app.post("/export", tags=["service"], responses={200: {"content": {
        "application/graphml+xml": {}, "application/json": {}, "text/csv": {}}}})
    def export_part(s: Store, body: schemas.ExportRequest) -> Response:
        """The entities of `keys` and the relationships among them, with their evidence, as GraphML,
        node-link JSON or one of the two CSV tables `kg export --format csv` writes (the explorer's
        downloads of the graph in view)."""
        from kg.export import to_networkx

        return _exported(to_networkx(s, body.keys, depth=0), body.format)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
