package io.crmw.etl.normalize;

import io.crmw.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Runs a stream's set-based finishing statements ({@link StreamNormalizer#finishSql()}) in one transaction.
 * They are idempotent and run on every pipeline run, so a crash before them heals on the next run.
 *
 * <p>A statement may name {@value #NEW_RAW}: the stream's raw rows (every version) landed since the last time this
 * step finished, so that it redoes only what they touch instead of everything ever landed. Up to where it finished is
 * kept as the watermark {@code <stream>}{@value #FINISHED} in {@code meta.normalize_state}, moved in the statements'
 * transaction: a crash leaves both as they were, and the next run sees the same rows again. A migration that
 * re-normalizes the stream resets it with the stream's own watermark, so everything is redone once. Raw retention
 * deletes no version this step has not seen yet.
 */
public final class FinishSqlTasklet implements Tasklet {

    private final Warehouse warehouse;
    private final List<String> statements;

    private final String source;

    private final String rawTable;

    private final String stream;

    /** What a statement names for the raw rows landed since the step last finished. */
    public static final String NEW_RAW = "{new_raw}";

    /** Suffix of the stream name under which the step's watermark is kept. */
    public static final String FINISHED = "#finished";

    public FinishSqlTasklet(Warehouse warehouse, String source, String stream, List<String> templates) {
        this.warehouse = warehouse;
        this.source = source;
        this.stream = stream;
        this.rawTable = RawTables.qualified(source, stream);
        String sourceLiteral = "'" + source.replace("'", "''") + "'";
        this.statements = templates.stream()
                .map(t -> t.replace("{source}", sourceLiteral).replace("{raw_table}", rawTable))
                .toList();
    }

    public List<String> statements() {
        return statements;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws SQLException {
        try (Connection conn = warehouse.connect()) {
            if (!RawTables.exists(conn, source, stream)) {
                return RepeatStatus.FINISHED;
            }
            boolean sinceLast = statements.stream().anyMatch(sql -> sql.contains(NEW_RAW));
            long from = sinceLast ? warehouse.syncState().normalizedUpTo(source, stream + FINISHED) : 0;
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                long to = from;
                if (sinceLast) {
                    try (ResultSet rs = st.executeQuery("select coalesce(max(_seq), 0) from " + rawTable)) {
                        rs.next();
                        to = rs.getLong(1);
                    }
                }
                String newRaw = "(select * from " + rawTable + " where _seq > " + from + " and _seq <= " + to + ")";
                boolean skippedNewRows = false;
                for (String sql : statements) {
                    String resolved = resolveOtherRawTables(conn, sql);
                    if (resolved != null) {
                        st.execute(resolved.replace(NEW_RAW, newRaw));
                    } else {
                        // another stream's raw table is missing: these rows wait for a run where the statement runs
                        skippedNewRows |= sql.contains(NEW_RAW);
                    }
                }
                if (sinceLast && to > from && !skippedNewRows) {
                    warehouse.syncState().markNormalized(conn, source, stream + FINISHED, to);
                }
                conn.commit();
            } catch (SQLException e) {
                conn.rollback();
                throw e;
            }
        }
        return RepeatStatus.FINISHED;
    }

    /** Replaces {@code {raw:<stream>}} by that stream's raw table; null (skip) when it was never landed. */
    private String resolveOtherRawTables(Connection conn, String sql) throws SQLException {
        Matcher m = StreamNormalizer.OTHER_RAW.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (!RawTables.exists(conn, source, m.group(1))) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(RawTables.qualified(source, m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
