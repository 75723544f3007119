package io.crmw.warehouse.model;

import io.crmw.warehouse.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the last successful builds left in {@code meta.model_build} and {@code meta.model_source}, and what changed
 * in the core tables since: the rows synced after the newest {@code synced_at} recorded for their table and source
 * system (a source's rows carry its extraction time, and sources sync apart). A table that is not tracked per deal and
 * was synced again counts as unchanged when its rows hash to the same sum as before without {@code synced_at}
 * (full-refresh streams and lookback overlaps bring the same owners, stages and pipelines every run). Changes to the
 * deal-keyed tables ({@link #DEAL_KEYED}) become deal ids in the temp table {@code changed_deal}, which incremental
 * models rebuild; a change anywhere else, or rows of a deal-keyed table that vanished without a newer row taking
 * their place, makes every model reading that table rebuild in full.
 */
final class BuildState {

    /** How a model's (or source table's) rows changed in this build, in the order of how much downstream must redo. */
    enum Change { NONE, SLICED, REBUILT }

    /** The core tables whose changes are tracked per deal: each has a deal_id column. */
    static final Set<String> DEAL_KEYED = Set.of("core.deal", "core.deal_stage_history", "core.deal_contact",
            "core.line_item");

    record Built(String hash, Instant fullBuiltAt) {}

    /** Rows, newest synced_at and (when it was taken) the sum of the rows' hashes without synced_at. */
    private record Seen(long rows, Instant maxSyncedAt, java.math.BigInteger content) {}

    private final Map<String, Built> built = new HashMap<>();
    /** Per table, per source system: what the last successful build saw. */
    private final Map<String, Map<String, Seen>> recorded = new HashMap<>();
    private final Map<String, Map<String, Seen>> now = new LinkedHashMap<>();
    private final Map<String, Change> sourceChanges = new HashMap<>();

    static BuildState read(Statement st) throws SQLException {
        BuildState s = new BuildState();
        try (ResultSet rs = st.executeQuery("select model, sql_hash, full_built_at from meta.model_build")) {
            while (rs.next()) {
                s.built.put(rs.getString(1), new Built(rs.getString(2), rs.getObject(3, java.time.OffsetDateTime.class)
                        .toInstant()));
            }
        }
        try (ResultSet rs = st.executeQuery("select source_table, source_system, row_count, max_synced_at,"
                + " content_hash::varchar from meta.model_source")) {
            while (rs.next()) {
                var max = rs.getObject(4, java.time.OffsetDateTime.class);
                s.recorded.computeIfAbsent(rs.getString(1), t -> new HashMap<>())
                        .put(rs.getString(2), new Seen(rs.getLong(3), max == null ? null : max.toInstant(),
                                rs.getString(5) == null ? null : new java.math.BigInteger(rs.getString(5))));
            }
        }
        return s;
    }

    Built built(String model) {
        return built.get(model);
    }

    /**
     * Compares each source table with what the last build saw and fills {@code changed_deal} (a temp table) with the
     * deals whose deal-keyed rows were synced since; returns the number of changed deals.
     */
    long detectChanges(Statement st, Set<String> sources) throws SQLException {
        st.execute("create or replace temp table changed_deal (deal_id varchar)");
        Set<String> withSyncedAt = new java.util.HashSet<>();
        Set<String> withSourceSystem = new java.util.HashSet<>();
        try (ResultSet rs = st.executeQuery("select table_schema || '.' || table_name, column_name from information_schema.columns"
                + " where column_name in ('synced_at', 'source_system')")) {
            while (rs.next()) {
                (rs.getString(2).equals("synced_at") ? withSyncedAt : withSourceSystem).add(rs.getString(1).toLowerCase());
            }
        }
        for (String table : sources) {
            if (!withSyncedAt.contains(table)) {
                sourceChanges.put(table, Change.REBUILT); // no way to tell what changed: whoever reads it rebuilds
                continue;
            }
            // each source system against its own newest synced_at: sources sync apart, and a slow one lands older rows
            String system = withSourceSystem.contains(table) ? "coalesce(source_system, '')" : "''";
            Map<String, Seen> current = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("select " + system + ", count(*), max(synced_at) from " + table
                    + " group by all")) {
                while (rs.next()) {
                    var max = rs.getObject(3, java.time.OffsetDateTime.class);
                    current.put(rs.getString(1), new Seen(rs.getLong(2), max == null ? null : max.toInstant(), null));
                }
            }
            if (current.isEmpty()) {
                current.put("", new Seen(0, null, null)); // an empty table is recorded too, so that it stays "unchanged"
            }
            now.put(table, current);
            Map<String, Seen> then = recorded.get(table);
            if (then == null) {
                if (!DEAL_KEYED.contains(table) && current.values().stream().mapToLong(Seen::rows).sum()
                        <= ModelRunner.COMPARED_ROWS) {
                    now.put(table, withContent(st, table, system, current)); // to compare with next time
                }
                sourceChanges.put(table, Change.REBUILT);
                continue;
            }
            StringBuilder since = new StringBuilder("case " + system);
            for (Map.Entry<String, Seen> e : then.entrySet()) {
                since.append(" when ").append(Sql.literal(e.getKey())).append(" then ").append(e.getValue().maxSyncedAt()
                        == null ? "true" : "synced_at > " + Sql.literal(e.getValue().maxSyncedAt().toString()) + "::timestamptz");
            }
            since.append(" else true end");
            long fresh;
            try (ResultSet rs = st.executeQuery("select count(*) from " + table + " where " + since)) {
                rs.next();
                fresh = rs.getLong(1);
            }
            long rowsNow = current.values().stream().mapToLong(Seen::rows).sum();
            long rowsThen = then.values().stream().mapToLong(Seen::rows).sum();
            long kept = rowsNow - fresh;
            if (fresh == 0 && rowsNow == rowsThen) {
                sourceChanges.put(table, Change.NONE);
                now.put(table, withContent(current, then)); // the same rows: the hashes taken before still hold
            } else if (!DEAL_KEYED.contains(table)) {
                // synced again; a full-refresh stream or a lookback overlap brings the same values every run. A table
                // that grew or shrank changed; it is still hashed (when small) so that its next same-values resync
                // compares equal instead of rebuilding its readers once more
                boolean sameCounts = current.keySet().equals(then.keySet()) && current.entrySet().stream()
                        .allMatch(e -> e.getValue().rows() == then.get(e.getKey()).rows());
                Map<String, Seen> hashed = sameCounts || rowsNow <= ModelRunner.COMPARED_ROWS
                        ? withContent(st, table, system, current) : current;
                now.put(table, hashed);
                sourceChanges.put(table, sameCounts && sameContent(hashed, then) ? Change.NONE : Change.REBUILT);
            } else if (rowsThen - kept > fresh) {
                // untracked, or more rows left than newer rows came in: something vanished without trace
                sourceChanges.put(table, Change.REBUILT);
            } else {
                sourceChanges.put(table, Change.SLICED);
                st.execute("insert into changed_deal select distinct deal_id from " + table + " where " + since
                        + " and deal_id is not null");
            }
        }
        st.execute("create or replace temp table changed_deal as select distinct deal_id from changed_deal");
        try (ResultSet rs = st.executeQuery("select count(*) from changed_deal")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The current counts with the hashes recorded for them, for the source systems that hold as many rows as then (no
     * row newer than then: those rows are the same ones); a system whose count moved keeps no hash.
     */
    private static Map<String, Seen> withContent(Map<String, Seen> current, Map<String, Seen> then) {
        Map<String, Seen> out = new LinkedHashMap<>();
        current.forEach((system, seen) -> {
            Seen before = then.get(system);
            out.put(system, new Seen(seen.rows(), seen.maxSyncedAt(),
                    before != null && before.rows() == seen.rows() ? before.content() : null));
        });
        return out;
    }

    /** The current counts with each source system's sum of row hashes, every column but synced_at. */
    private static Map<String, Seen> withContent(Statement st, String table, String system, Map<String, Seen> current)
            throws SQLException {
        Map<String, Seen> out = new LinkedHashMap<>(current);
        try (ResultSet rs = st.executeQuery("select " + system + ", sum(hash(*columns(* exclude (synced_at)))::hugeint)"
                + "::varchar from " + table + " group by all")) {
            while (rs.next()) {
                Seen seen = current.get(rs.getString(1));
                if (seen != null && rs.getString(2) != null) {
                    out.put(rs.getString(1), new Seen(seen.rows(), seen.maxSyncedAt(), new java.math.BigInteger(
                            rs.getString(2))));
                }
            }
        }
        return out;
    }

    /** True when every source system holds as many rows with the same hash sum as the last build saw. */
    private static boolean sameContent(Map<String, Seen> now, Map<String, Seen> then) {
        if (!now.keySet().equals(then.keySet())) {
            return false;
        }
        for (Map.Entry<String, Seen> e : now.entrySet()) {
            Seen before = then.get(e.getKey());
            if (e.getValue().content() == null || before.content() == null || e.getValue().rows() != before.rows()
                    || !e.getValue().content().equals(before.content())) {
                return false;
            }
        }
        return true;
    }

    Change sourceChange(String table) {
        return sourceChanges.getOrDefault(table, Change.REBUILT);
    }

    /** True when the model was last built in full longer ago than {@code every} (null: no schedule). */
    boolean fullRebuildDue(String model, Duration every, Instant at) {
        Built b = built.get(model);
        return every != null && b != null && b.fullBuiltAt().plus(every).isBefore(at);
    }

    /** Records this build's hashes and what it saw of the sources; runs in the build's transaction. */
    void record(Statement st, String runId, Map<String, String> hashes, Map<String, String> how) throws SQLException {
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            String model = e.getKey();
            String kind = how.get(model);
            String fullAt = kind.equals("full") || built.get(model) == null ? "now()"
                    : Sql.literal(built.get(model).fullBuiltAt().toString()) + "::timestamptz";
            st.execute("insert or replace into meta.model_build (model, sql_hash, built_run_id, built_how, built_at,"
                    + " full_built_at) values (" + Sql.literal(model) + ", " + Sql.literal(e.getValue()) + ", "
                    + Sql.literal(runId) + ", " + Sql.literal(kind) + ", now(), " + fullAt + ")");
        }
        st.execute("delete from meta.model_source");
        for (Map.Entry<String, Map<String, Seen>> table : now.entrySet()) {
            for (Map.Entry<String, Seen> e : table.getValue().entrySet()) {
                Instant max = e.getValue().maxSyncedAt();
                java.math.BigInteger content = e.getValue().content();
                st.execute("insert into meta.model_source (source_table, source_system, row_count, max_synced_at,"
                        + " seen_run_id, content_hash) values (" + Sql.literal(table.getKey()) + ", " + Sql.literal(e.getKey())
                        + ", " + e.getValue().rows() + ", " + (max == null ? "null" : Sql.literal(max.toString())
                        + "::timestamptz") + ", " + Sql.literal(runId) + ", " + (content == null ? "null"
                        : Sql.literal(content.toString()) + "::hugeint") + ")");
            }
        }
    }
}
