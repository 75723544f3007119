package io.crmw.warehouse.runs;

import io.crmw.warehouse.ConnectionSource;
import io.crmw.warehouse.Sql;
import io.crmw.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Run history in {@code meta.sync_run}, {@code meta.stream_run} and {@code meta.transform_run}. Rows are
 * written as runs start, so a run left {@code running} by a crash stays readable; the next start of the
 * same source marks it {@code failed} ("interrupted").
 */
public final class RunHistory {

    public static final String INTERRUPTED = "interrupted";

    private final ConnectionSource connections;

    public RunHistory(ConnectionSource connections) {
        this.connections = connections;
    }

    /** Records a new run of {@code source}; earlier runs of it still {@code running} become failed/interrupted. */
    public void startRun(String runId, String source, String trigger, boolean fullRefresh) {
        inTransaction("start run " + runId, c -> {
            update(c, "update meta.stream_run set status = 'failed', finished_at = now(), error = '" + INTERRUPTED
                    + "' where status = 'running' and source = ?", source);
            update(c, "update meta.sync_run set status = 'failed', finished_at = now(), error = '" + INTERRUPTED
                    + "' where status = 'running' and source = ?", source);
            try (PreparedStatement ps = c.prepareStatement("insert into meta.sync_run"
                    + " (run_id, source, trigger, full_refresh, started_at, status) values (?, ?, ?, ?, now(), 'running')")) {
                ps.setString(1, runId);
                ps.setString(2, source);
                ps.setString(3, trigger);
                ps.setBoolean(4, fullRefresh);
                ps.executeUpdate();
            }
        });
    }

    /** Ends a run with status succeeded | failed | stopped and sums its streams' counters into it. */
    public void finishRun(String runId, String status, String error) {
        inTransaction("finish run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    update meta.sync_run r set
                        status = ?, error = ?, finished_at = now(),
                        pages = s.pages, records = s.records, http_calls = s.http_calls,
                        retries = s.retries, throttled = s.throttled
                    from (select coalesce(sum(pages), 0) as pages, coalesce(sum(records), 0) as records,
                                 coalesce(sum(http_calls), 0) as http_calls, coalesce(sum(retries), 0) as retries,
                                 coalesce(sum(throttled), 0) as throttled
                          from meta.stream_run where run_id = ?) s
                    where r.run_id = ?""")) {
                ps.setString(1, status);
                ps.setString(2, error);
                ps.setString(3, runId);
                ps.setString(4, runId);
                if (ps.executeUpdate() == 0) {
                    throw new SQLException("no run " + runId + " was started");
                }
            }
        });
    }

    public void startStream(String runId, String source, String stream, String cursorBefore) {
        inTransaction("start stream " + stream + " of run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into meta.stream_run"
                    + " (run_id, source, stream, started_at, status, cursor_before) values (?, ?, ?, now(), 'running', ?)")) {
                ps.setString(1, runId);
                ps.setString(2, source);
                ps.setString(3, stream);
                ps.setString(4, cursorBefore);
                ps.executeUpdate();
            }
        });
    }

    public void finishStream(String runId, String stream, StreamRunResult r) {
        inTransaction("finish stream " + stream + " of run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    update meta.stream_run set finished_at = now(), status = ?, pages = ?, records = ?, tombstones = ?,
                        http_calls = ?, retries = ?, throttled = ?, vendor_count = ?, warehouse_count = ?,
                        cursor_after = ?, error = ?
                    where run_id = ? and stream = ?""")) {
                ps.setString(1, r.status());
                ps.setLong(2, r.pages());
                ps.setLong(3, r.records());
                ps.setLong(4, r.tombstones());
                ps.setLong(5, r.httpCalls());
                ps.setLong(6, r.retries());
                ps.setLong(7, r.throttled());
                ps.setObject(8, r.vendorCount());
                ps.setObject(9, r.warehouseCount());
                ps.setString(10, r.cursorAfter());
                ps.setString(11, r.error());
                ps.setString(12, runId);
                ps.setString(13, stream);
                if (ps.executeUpdate() == 0) {
                    throw new SQLException("stream " + stream + " of run " + runId + " was not started");
                }
            }
        });
    }

    /** The latest run of every (source, stream), ordered by source and stream. */
    public List<StreamStatus> latestPerStream() {
        List<StreamStatus> out = new ArrayList<>();
        try (Connection c = connections.connect();
             PreparedStatement ps = c.prepareStatement("""
                     select source, stream, run_id, epoch_us(started_at) as started_at,
                            epoch_us(finished_at) as finished_at, status, pages, records, tombstones,
                            vendor_count, warehouse_count, cursor_before, cursor_after, error
                     from meta.stream_run
                     qualify row_number() over (partition by source, stream order by started_at desc, run_id desc) = 1
                     order by source, stream""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StreamStatus(rs.getString("source"), rs.getString("stream"), rs.getString("run_id"),
                        Sql.instantFromMicros(rs, "started_at"), Sql.instantFromMicros(rs, "finished_at"),
                        rs.getString("status"), rs.getLong("pages"), rs.getLong("records"), rs.getLong("tombstones"),
                        Sql.nullableLong(rs, "vendor_count"), Sql.nullableLong(rs, "warehouse_count"),
                        rs.getString("cursor_before"), rs.getString("cursor_after"), rs.getString("error")));
            }
            return out;
        } catch (SQLException e) {
            throw new WarehouseException("cannot read meta.stream_run: " + e.getMessage(), e);
        }
    }

    /** The most recently started run of {@code source}, finished or not. */
    public Optional<RunSummary> lastRun(String source) {
        List<RunSummary> runs = runs(" where source = ? order by started_at desc, run_id desc limit 1", source);
        return runs.stream().findFirst();
    }

    /** A run by id. */
    public Optional<RunSummary> run(String runId) {
        return runs(" where run_id = ?", runId).stream().findFirst();
    }

    /** The most recent runs of every source, newest first. */
    public List<RunSummary> recentRuns(int limit) {
        return runs(" order by started_at desc, run_id desc limit " + Math.max(0, limit));
    }

    private List<RunSummary> runs(String whereOrder, String... params) {
        List<RunSummary> out = new ArrayList<>();
        try (Connection c = connections.connect();
             PreparedStatement ps = c.prepareStatement("select run_id, source, trigger, full_refresh,"
                     + " epoch_us(started_at) as started_at, epoch_us(finished_at) as finished_at, status, pages,"
                     + " records, http_calls, retries, throttled, error from meta.sync_run" + whereOrder)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunSummary(rs.getString("run_id"), rs.getString("source"), rs.getString("trigger"),
                            rs.getBoolean("full_refresh"), Sql.instantFromMicros(rs, "started_at"),
                            Sql.instantFromMicros(rs, "finished_at"), rs.getString("status"), rs.getLong("pages"),
                            rs.getLong("records"), rs.getLong("http_calls"), rs.getLong("retries"),
                            rs.getLong("throttled"), rs.getString("error")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new WarehouseException("cannot read meta.sync_run: " + e.getMessage(), e);
        }
    }

    /** Records a model build; a build still {@code running} from a crash becomes failed/interrupted. */
    public void startTransform(String runId) {
        inTransaction("start transform " + runId, c -> {
            update(c, "update meta.transform_run set status = 'failed', finished_at = now(), error = '"
                    + INTERRUPTED + "' where status = 'running' and run_id <> ?", runId);
            update(c, "insert into meta.transform_run (run_id, started_at, status) values (?, now(), 'running')", runId);
        });
    }

    /** Ends a model build with status succeeded | failed. */
    /** The warnings of a successful transform ({@code -- warn} tests with rows), kept with its run. */
    public void transformWarnings(String runId, String warnings) {
        inTransaction("record transform warnings " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "update meta.transform_run set warnings = ? where run_id = ?")) {
                ps.setString(1, warnings);
                ps.setString(2, runId);
                ps.executeUpdate();
            }
        });
    }

    public void finishTransform(String runId, String status, int modelsBuilt, int testsRun, int testsFailed,
                                String error) {
        inTransaction("finish transform " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement("update meta.transform_run set finished_at = now(),"
                    + " status = ?, models_built = ?, tests_run = ?, tests_failed = ?, error = ? where run_id = ?")) {
                ps.setString(1, status);
                ps.setInt(2, modelsBuilt);
                ps.setInt(3, testsRun);
                ps.setInt(4, testsFailed);
                ps.setString(5, error);
                ps.setString(6, runId);
                ps.executeUpdate();
            }
        });
    }

    /** The most recently started model build. */
    public Optional<TransformRunSummary> lastTransform() {
        return transforms(" order by started_at desc, run_id desc limit 1").stream().findFirst();
    }

    public Optional<TransformRunSummary> transform(String runId) {
        return transforms(" where run_id = ?", runId).stream().findFirst();
    }

    /**
     * One report build's summary as SQL: when it ended, how long it took, its models and how the runner built them (by
     * the changed deals only, in full, kept as they were: {@code meta.model_build} records each model's way with the
     * run), its data tests and error. {@code which} picks the run from {@code meta.transform_run}: {@code "order by
     * started_at desc limit 1"} for the last.
     */
    public static String buildSummarySql(String which) {
        return """
                select t.finished_at, t.status, round(epoch(t.finished_at - t.started_at), 1) as seconds,
                       t.models_built as models,
                       count(*) filter (where b.built_how = 'incremental') as by_changed_deals,
                       count(*) filter (where b.built_how = 'full') as in_full,
                       count(*) filter (where b.built_how = 'unchanged') as kept,
                       t.tests_run as data_tests, t.tests_failed as failed, left(coalesce(t.error, ''), 200) as error
                from (select * from meta.transform_run %s) t
                left join meta.model_build b on b.built_run_id = t.run_id
                group by all""".formatted(which);
    }

    /** How a build's models were built, for a summary line: "21 by the changed deals only, 12 in full, 20 kept". */
    public String modelsBuiltHow(String runId) {
        try (Connection c = connections.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(buildSummarySql("where run_id = " + Sql.literal(runId)))) {
            return rs.next() ? rs.getLong("by_changed_deals") + " by the changed deals only, " + rs.getLong("in_full")
                    + " in full, " + rs.getLong("kept") + " kept" : "not recorded";
        } catch (SQLException e) {
            throw new WarehouseException("cannot read meta.model_build: " + e.getMessage(), e);
        }
    }

    private List<TransformRunSummary> transforms(String whereOrder, String... params) {
        List<TransformRunSummary> out = new ArrayList<>();
        try (Connection c = connections.connect();
             PreparedStatement ps = c.prepareStatement("select run_id, epoch_us(started_at) as started_at,"
                     + " epoch_us(finished_at) as finished_at, status, models_built, tests_run, tests_failed, error"
                     + " from meta.transform_run" + whereOrder)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TransformRunSummary(rs.getString("run_id"), Sql.instantFromMicros(rs, "started_at"),
                            Sql.instantFromMicros(rs, "finished_at"), rs.getString("status"),
                            rs.getInt("models_built"), rs.getInt("tests_run"), rs.getInt("tests_failed"),
                            rs.getString("error")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new WarehouseException("cannot read meta.transform_run: " + e.getMessage(), e);
        }
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(String what, Work work) {
        try (Connection c = connections.connect()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new WarehouseException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private static void update(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
