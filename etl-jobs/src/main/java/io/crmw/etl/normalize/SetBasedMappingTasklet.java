package io.crmw.etl.normalize;

import io.crmw.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The step of a stream with a {@link SetBasedMapping}: its new raw rows (above the watermark, up to the highest
 * {@code _seq} when the step starts; the latest version per {@code _id}) parsed once, each target's rows replaced per
 * key, and the watermark moved, in one DuckDB transaction per {@value #MAX_RAW_ROWS} raw rows ({@code _seq} range):
 * a crash leaves each range all mapped or not at all, and the next run maps the rest. A record with versions in two
 * ranges is mapped twice, the later replacing the earlier, which ends as mapping only its latest.
 */
public final class SetBasedMappingTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(SetBasedMappingTasklet.class);

    /** Raw rows per transaction: a million deals mapped in one took 28 s here, off the JVM heap. */
    public static final long MAX_RAW_ROWS = 1_000_000;

    /** Overrides {@link #MAX_RAW_ROWS} (read when the step runs), e.g. to test ranges of a few rows. */
    public static final String MAX_RAW_ROWS_PROPERTY = "crmw.normalize.set-based.max-raw-rows";

    private static final List<String> FIELD_MACROS =
            List.of(SetBasedMapping.resource(SetBasedMapping.FIELDS_SQL).split(";\\s*\\n"));

    private final Warehouse warehouse;
    private final String source;
    private final String stream;
    private final SetBasedMapping mapping;
    private final String rawTable;
    private final String sourceLiteral;

    public SetBasedMappingTasklet(Warehouse warehouse, String source, String stream, SetBasedMapping mapping) {
        this.warehouse = warehouse;
        this.source = source;
        this.stream = stream;
        this.mapping = mapping;
        this.rawTable = RawTables.qualified(source, stream);
        this.sourceLiteral = "'" + source.replace("'", "''") + "'";
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws SQLException {
        try (Connection conn = warehouse.connect()) {
            if (!RawTables.exists(conn, source, stream)) {
                return RepeatStatus.FINISHED; // nothing landed yet
            }
            long from = warehouse.syncState().normalizedUpTo(source, stream);
            long last = from;
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("select max(_seq) from " + rawTable + " where _seq > " + from)) {
                if (rs.next() && rs.getObject(1) != null) {
                    last = rs.getLong(1);
                }
            }
            conn.setAutoCommit(false);
            long rangeRows = Math.max(1, Long.getLong(MAX_RAW_ROWS_PROPERTY, MAX_RAW_ROWS));
            while (from < last) {
                long to = Math.min(last, from + rangeRows);
                contribution.incrementWriteCount(mapRange(conn, from, to));
                from = to;
            }
        }
        return RepeatStatus.FINISHED;
    }

    /** Maps the raw rows with {@code from < _seq <= to} and moves the watermark to {@code to}, in one transaction. */
    private long mapRange(Connection conn, long from, long to) throws SQLException {
        try (Statement st = conn.createStatement()) {
            long t0 = System.nanoTime();
            for (String macro : FIELD_MACROS) {
                if (!macro.isBlank()) {
                    st.execute(macro);
                }
            }
            String parsed = "parsed__" + RawTables.tableName(source, stream);
            String newRaw = "(select _id, _deleted, _extracted_at, _seq, payload from " + rawTable
                    + " where _seq > " + from + " and _seq <= " + to
                    + " qualify row_number() over (partition by _id order by _seq desc) = 1)";
            st.execute("create or replace temp table " + parsed + " as "
                    + resolve(mapping.parsedSql(), parsed).replace("{new_raw}", newRaw));
            long records;
            try (ResultSet rs = st.executeQuery("select count(*) from " + parsed)) {
                rs.next();
                records = rs.getLong(1);
            }
            long parsedMs = (System.nanoTime() - t0) / 1_000_000;
            StringBuilder timings = new StringBuilder();
            for (SetBasedMapping.Target t : mapping.targets()) {
                long ts = System.nanoTime();
                st.execute("delete from core." + t.table() + " as c using (select distinct "
                        + resolve(t.keySql(), parsed) + " as key from " + parsed + ") as k"
                        + " where c.source_system = " + sourceLiteral + " and c." + t.keyColumn() + " = k.key");
                st.execute("insert into core." + t.table() + " by name " + resolve(t.rowsSql(), parsed));
                timings.append(", ").append(t.table()).append(' ').append((System.nanoTime() - ts) / 1_000_000)
                        .append(" ms");
            }
            warehouse.syncState().markNormalized(conn, source, stream, to);
            long tc = System.nanoTime();
            conn.commit();
            long commitMs = (System.nanoTime() - tc) / 1_000_000;
            st.execute("drop table if exists " + parsed);
            log.debug("{}/{}: mapped {} records up to _seq {} set-based in {} ms (parse {} ms{}, commit {} ms)",
                    source, stream, records, to, (System.nanoTime() - t0) / 1_000_000, parsedMs, timings, commitMs);
            return records;
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        }
    }

    private String resolve(String sql, String parsed) {
        return sql.replace("{source}", sourceLiteral).replace("{parsed}", parsed);
    }
}
