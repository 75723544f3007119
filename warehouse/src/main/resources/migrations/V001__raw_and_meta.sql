-- Raw landing and run bookkeeping. raw.<source>__<stream> tables are created on first landing
-- (see RawLanding) with the columns documented in ARCHITECTURE.md; only the schema is made here.
create schema if not exists raw;
create schema if not exists meta;
create schema if not exists core;
create schema if not exists reports;

-- one row per (source, stream): where the next run starts
create table if not exists meta.sync_state (
    source            varchar not null,
    stream            varchar not null,
    cursor            varchar,            -- opaque, owned by the stream; null = start from scratch
    pass_started_at   timestamptz,        -- start of the current full-refresh pass (key-set reconciliation)
    last_success_at   timestamptz,        -- last time a pass over the stream completed
    records_landed    bigint not null default 0,
    updated_at        timestamptz not null
);

-- one row per pipeline run of a source
create table if not exists meta.sync_run (
    run_id        varchar not null,
    source        varchar not null,
    trigger       varchar not null,       -- cli | schedule | demo | test
    full_refresh  boolean not null,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    status        varchar not null,       -- running | succeeded | failed | stopped
    pages         bigint not null default 0,
    records       bigint not null default 0,
    http_calls    bigint not null default 0,
    retries       bigint not null default 0,
    throttled     bigint not null default 0,
    error         varchar
);

-- one row per stream of a run
create table if not exists meta.stream_run (
    run_id           varchar not null,
    source           varchar not null,
    stream           varchar not null,
    started_at       timestamptz not null,
    finished_at      timestamptz,
    status           varchar not null,    -- running | succeeded | failed | stopped
    pages            bigint not null default 0,
    records          bigint not null default 0,
    tombstones       bigint not null default 0,
    http_calls       bigint not null default 0,
    retries          bigint not null default 0,
    throttled        bigint not null default 0,
    vendor_count     bigint,              -- the vendor's own count of live records, when the API gives one
    warehouse_count  bigint,              -- live records in the warehouse after the stream
    cursor_before    varchar,
    cursor_after     varchar,
    error            varchar
);

-- normalization watermark per raw table: raw rows with _seq above it are not yet in core
create table if not exists meta.normalize_state (
    source      varchar not null,
    stream      varchar not null,
    last_seq    bigint not null,
    updated_at  timestamptz not null
);

-- one row per transform (model build) run
create table if not exists meta.transform_run (
    run_id        varchar not null,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    status        varchar not null,       -- running | succeeded | failed
    models_built  integer not null default 0,
    tests_run     integer not null default 0,
    tests_failed  integer not null default 0,
    error         varchar
);
