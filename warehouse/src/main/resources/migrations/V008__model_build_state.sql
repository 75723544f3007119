-- What the model runner needs to rebuild only what changed (incremental models): per model, the hash of the SQL it
-- was last built from (a changed hash forces a full rebuild of that model), and per core table read by the models and
-- source system, its size and newest synced_at at the last successful build (rows synced after it are the changes to apply).

create table if not exists meta.model_build (
    model          varchar not null primary key,   -- schema.table
    sql_hash       varchar not null,
    built_run_id   varchar not null,
    built_how      varchar not null,               -- full | incremental | unchanged
    built_at       timestamptz not null,
    full_built_at  timestamptz not null            -- the last full rebuild (a schedule may ask for one after a while)
);

create table if not exists meta.model_source (
    source_table   varchar not null,               -- core.<table>
    source_system  varchar not null,               -- each source has its own newest synced_at (they sync apart)
    row_count      bigint not null,
    max_synced_at  timestamptz,
    seen_run_id    varchar not null,
    primary key (source_table, source_system)
);
