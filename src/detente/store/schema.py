"""Tables of the event store, in SQL that SQLite and PostgreSQL both accept.

JSON columns are TEXT. A store written by an older version is brought up to
`SCHEMA_VERSION` by the `MIGRATIONS` when it is opened. Article rows are keyed by the hash of their text, so
ingesting the same text twice adds nothing; events by a hash of article,
sentence, trigger and type.
"""

SCHEMA_VERSION = 3

TABLES = [
    """CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS articles (
        hash TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        section TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        published TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        text TEXT NOT NULL,
        path TEXT NOT NULL DEFAULT '',
        n_events INTEGER NOT NULL DEFAULT 0,
        duplicate_of TEXT,
        ingested_at TEXT NOT NULL,
        language TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE IF NOT EXISTS events (
        id TEXT PRIMARY KEY,
        article_hash TEXT NOT NULL REFERENCES articles(hash),
        doc_id TEXT NOT NULL,
        date TEXT NOT NULL DEFAULT '',
        event TEXT NOT NULL,
        mode TEXT NOT NULL DEFAULT '',
        context TEXT NOT NULL DEFAULT '[]',
        cameo TEXT NOT NULL DEFAULT '',
        quad INTEGER NOT NULL DEFAULT 0,
        goldstein REAL NOT NULL DEFAULT 0,
        modality TEXT NOT NULL,
        sentence_index INTEGER NOT NULL,
        sentence TEXT NOT NULL,
        sent_start INTEGER NOT NULL,
        sent_end INTEGER NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        trigger_text TEXT NOT NULL,
        confidence REAL NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        place TEXT NOT NULL DEFAULT '',
        date_precision TEXT NOT NULL DEFAULT 'day',
        speaker TEXT,
        actor_codes TEXT NOT NULL DEFAULT '',
        recipient_codes TEXT NOT NULL DEFAULT '',
        place_country TEXT NOT NULL DEFAULT '',
        place_adm1 TEXT NOT NULL DEFAULT '',
        place_lat REAL,
        place_lon REAL,
        place_precision INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE IF NOT EXISTS event_actors (
        event_id TEXT NOT NULL REFERENCES events(id),
        role TEXT NOT NULL,
        position INTEGER NOT NULL,
        code TEXT NOT NULL,
        sector TEXT NOT NULL DEFAULT '',
        entity_text TEXT NOT NULL DEFAULT '',
        entity_id TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL DEFAULT '',
        org TEXT NOT NULL DEFAULT '',
        start_char INTEGER NOT NULL DEFAULT -1,
        end_char INTEGER NOT NULL DEFAULT -1,
        reason TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (event_id, role, position))""",
    """CREATE TABLE IF NOT EXISTS event_dyads (
        event_id TEXT NOT NULL REFERENCES events(id),
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        PRIMARY KEY (event_id, source, target))""",
    # analysis: reports -> events (detente.analysis.dedup), recomputed after each ingest
    """CREATE TABLE IF NOT EXISTS event_clusters (
        id TEXT PRIMARY KEY,
        event TEXT NOT NULL,
        mode TEXT NOT NULL DEFAULT '',
        modality TEXT NOT NULL,
        date TEXT NOT NULL DEFAULT '',
        seed_event_id TEXT NOT NULL,
        actor_codes TEXT NOT NULL DEFAULT '',
        recipient_codes TEXT NOT NULL DEFAULT '',
        num_reports INTEGER NOT NULL,
        num_sources INTEGER NOT NULL,
        num_articles INTEGER NOT NULL,
        first_seen TEXT NOT NULL DEFAULT '',
        last_seen TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE IF NOT EXISTS event_cluster_members (
        event_id TEXT PRIMARY KEY,
        cluster_id TEXT NOT NULL)""",
    # analysis: consistency flags and attributed claims per article (detente.analysis.check)
    """CREATE TABLE IF NOT EXISTS flags (
        id TEXT PRIMARY KEY,
        article_hash TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        message TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '[]')""",
    """CREATE TABLE IF NOT EXISTS claims (
        id TEXT PRIMARY KEY,
        article_hash TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        sentence_index INTEGER NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        cue TEXT NOT NULL DEFAULT '',
        speaker TEXT NOT NULL DEFAULT '{}',
        speaker_text TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE IF NOT EXISTS checked_articles (
        article_hash TEXT PRIMARY KEY,
        n_flags INTEGER NOT NULL DEFAULT 0,
        n_claims INTEGER NOT NULL DEFAULT 0,
        checked_at TEXT NOT NULL)""",
    # `detente watch`: what each feed said last (its HTTP validators, or a file's hash)
    """CREATE TABLE IF NOT EXISTS feeds (
        source TEXT PRIMARY KEY,
        etag TEXT NOT NULL DEFAULT '',
        last_modified TEXT NOT NULL DEFAULT '',
        checked_at TEXT NOT NULL)""",
]

INDEXES = [
    "CREATE INDEX IF NOT EXISTS events_date ON events(date)",
    "CREATE INDEX IF NOT EXISTS events_event ON events(event, date)",
    "CREATE INDEX IF NOT EXISTS events_article ON events(article_hash)",
    # What the event filters and sorts of `detente.store.query` use, created on open so
    # that older stores get them too. Modality leads: nearly every question has it (default
    # asserted), so one index both narrows and covers; with ANALYZE's statistics SQLite
    # skip-scans them when the modality is "all".
    # The other filter columns trail, so that counting a combination reads no event rows.
    "CREATE INDEX IF NOT EXISTS events_modality_date "
    "ON events(modality, date, event, quad, confidence)",
    "CREATE INDEX IF NOT EXISTS events_modality_event "
    "ON events(modality, event, date, quad, confidence)",
    "CREATE INDEX IF NOT EXISTS events_modality_quad "
    "ON events(modality, quad, date, event, confidence)",
    "CREATE INDEX IF NOT EXISTS events_modality_confidence "
    "ON events(modality, confidence, date, event, quad)",
    "CREATE INDEX IF NOT EXISTS events_modality_goldstein ON events(modality, goldstein)",
    "CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id)",
    # the filter columns by id: counting an actor's events reads no event rows
    "CREATE INDEX IF NOT EXISTS events_id_filters "
    "ON events(id, modality, date, quad, event, confidence)",
    "CREATE INDEX IF NOT EXISTS articles_source ON articles(source)",
    # An actor's events straight from the index (no row lookups); replace event_actors_code
    # and event_actors_entity, which held no event_id.
    "CREATE INDEX IF NOT EXISTS event_actors_code_event ON event_actors(code, role, event_id)",
    "CREATE INDEX IF NOT EXISTS event_actors_entity_event ON event_actors(entity_id, role, event_id)",
    "CREATE INDEX IF NOT EXISTS event_dyads_pair ON event_dyads(source, target)",
    "CREATE INDEX IF NOT EXISTS events_place_country ON events(place_country, place_adm1)",
    "CREATE INDEX IF NOT EXISTS events_place_point ON events(place_lat, place_lon)",
    "CREATE INDEX IF NOT EXISTS articles_doc ON articles(doc_id)",
    "CREATE INDEX IF NOT EXISTS articles_url ON articles(url)",
    "CREATE INDEX IF NOT EXISTS articles_language ON articles(language)",
    "CREATE INDEX IF NOT EXISTS event_cluster_members_cluster ON event_cluster_members(cluster_id)",
    "CREATE INDEX IF NOT EXISTS event_clusters_reports ON event_clusters(modality, num_reports)",
    "CREATE INDEX IF NOT EXISTS flags_article ON flags(article_hash)",
    "CREATE INDEX IF NOT EXISTS claims_article ON claims(article_hash)",
]

# Steps that bring a store of the previous version up to each version, run in order
# when an older store is opened (the tables above already have the new shape).
MIGRATIONS: dict[int, list[str]] = {
    # 2: the detected language of each article; "" for articles stored before
    2: ["ALTER TABLE articles ADD COLUMN language TEXT NOT NULL DEFAULT ''"],
    # 3: the geocoded place of each event (`place` holds its JSON object); events stored
    # before keep their "text|ISO3" string, whose country fills place_country
    3: [
        "ALTER TABLE events ADD COLUMN place_country TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE events ADD COLUMN place_adm1 TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE events ADD COLUMN place_lat REAL",
        "ALTER TABLE events ADD COLUMN place_lon REAL",
        "ALTER TABLE events ADD COLUMN place_precision INTEGER NOT NULL DEFAULT 0",
        "UPDATE events SET place_country = SUBSTR(place, LENGTH(place) - 2), place_precision = 3 "
        "WHERE LENGTH(place) > 4 AND SUBSTR(place, LENGTH(place) - 3, 1) = '|'",
    ],
}

# Indexes of earlier versions that a later one covers: dropped when a store is opened.
DROPPED_INDEXES = ["events_modality", "event_actors_code", "event_actors_entity"]

SQLITE_EXTRA = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(
        sentence, content='events', content_rowid='rowid')""",
]

# The analyst's loop (detente.loop): runs of `ingest` and `recode`, what each changed, and
# which run coded each article. Created if missing, so no version bump.
LOOP_TABLES = [
    """CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL DEFAULT '',
        version TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT '{}',
        kb_layer TEXT NOT NULL DEFAULT '{}',
        counts TEXT NOT NULL DEFAULT '{}',
        options TEXT NOT NULL DEFAULT '{}')""",
    """CREATE TABLE IF NOT EXISTS run_changes (
        run_id INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        article_hash TEXT NOT NULL,
        before TEXT,
        after TEXT,
        PRIMARY KEY (run_id, event_id))""",
    """CREATE TABLE IF NOT EXISTS article_runs (
        article_hash TEXT PRIMARY KEY,
        run_id INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS run_changes_event ON run_changes(event_id, run_id)",
    "CREATE INDEX IF NOT EXISTS article_runs_run ON article_runs(run_id)",
]
