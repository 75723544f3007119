package io.crmw.etl.normalize;

import io.crmw.warehouse.Warehouse;
import java.sql.Connection;
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
 */
public final class FinishSqlTasklet implements Tasklet {

    private final Warehouse warehouse;
    private final List<String> statements;

    private final String source;

    private final String stream;

    public FinishSqlTasklet(Warehouse warehouse, String source, String stream, List<String> templates) {
        this.warehouse = warehouse;
        this.source = source;
        this.stream = stream;
        String rawTable = RawTables.qualified(source, stream);
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
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                for (String sql : statements) {
                    String resolved = resolveOtherRawTables(conn, sql);
                    if (resolved != null) {
                        st.execute(resolved);
                    }
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
