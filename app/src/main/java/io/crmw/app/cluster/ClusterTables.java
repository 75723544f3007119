package io.crmw.app.cluster;

import java.util.List;

/**
 * The cluster's own tables and lock keys in the shared PostgreSQL database, next to Quartz's and Spring Batch's.
 * Advisory locks are session locks: PostgreSQL releases them when the holding node's connection ends, so a node killed
 * with SIGKILL gives up its sources and the transform at once.
 */
public final class ClusterTables {
    /** Transaction lock taken while the schema is created at start (two nodes starting together). */
    public static final String SCHEMA_LOCK = "4244, 0";
    /** {@code pg_try_advisory_lock(SOURCE_LOCKS, hashtext(source))}: the node holding it may open the source's store. */
    static final int SOURCE_LOCKS = 4242;
    /** {@code pg_try_advisory_lock(TRANSFORM_LOCK, 0)}: the node holding it builds the reports. */
    static final int TRANSFORM_LOCK = 4243;

    public static final List<String> DDL = List.of(
            // one row per cron fire of a source: the primary key makes a second run of one fire impossible
            """
            create table if not exists crmw_fire (
                source              varchar(200) not null,
                scheduled_fire_time timestamptz not null,
                fire_instance_id    varchar(200) not null,
                node_id             varchar(200) not null,
                fired_at            timestamptz not null default now(),
                run_id              varchar(100),
                primary key (source, scheduled_fire_time))""",
            // transforms asked for and built: a node that finished a sync raises `wanted`; the lock holder builds
            // until `built` caught up, so a cycle's syncs end in one build rather than one per node
            """
            create table if not exists crmw_transform_state (
                id        integer primary key,
                wanted    bigint not null,
                built     bigint not null,
                built_at  timestamptz,
                built_by  varchar(200))""",
            "insert into crmw_transform_state (id, wanted, built) values (1, 0, 0) on conflict (id) do nothing");

    private ClusterTables() {}
}
