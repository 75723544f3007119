package io.crmw.etl.normalize;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one raw stream of a CRM becomes core rows.
 *
 * @param stream    the raw stream name, e.g. {@code deals}
 * @param mapper    the pure per-record mapping
 * @param finishSql set-based statements run once after the step's last chunk (and on every run, so that
 *                  a crash between the last chunk and them heals itself): derivations that need other
 *                  core tables, e.g. a deal's status from its stage. Placeholders: {@code {source}} (a
 *                  string literal of the source name), {@code {raw_table}} (this stream's qualified raw table),
 *                  {@code {raw:<stream>}} (another stream's raw table; the statement is skipped if it was never landed).
 * @param setBased  the same mapping as SQL over the raw rows, run instead of {@code mapper} when present
 *                  ({@link SetBasedMapping}); null for a stream mapped in Java only
 */
public record StreamNormalizer(String stream, RecordMapper mapper, List<String> finishSql, SetBasedMapping setBased) {

    /** A finishing statement's reference to another stream's raw table: {@code {raw:<stream>}}. */
    static final Pattern OTHER_RAW = Pattern.compile("\\{raw:([a-z0-9_]+)}");

    public StreamNormalizer {
        finishSql = List.copyOf(finishSql);
    }

    public StreamNormalizer(String stream, RecordMapper mapper, List<String> finishSql) {
        this(stream, mapper, finishSql, null);
    }

    /** This stream mapped set-based by {@code mapping}; the Java mapper stays its reference and fallback. */
    public StreamNormalizer mappedInSql(SetBasedMapping mapping) {
        return new StreamNormalizer(stream, mapper, finishSql, mapping);
    }

    /** The raw streams this step reads: its own, then those its finishing SQL names. */
    public Set<String> rawStreamsRead() {
        Set<String> streams = new LinkedHashSet<>();
        streams.add(stream);
        for (String sql : finishSql) {
            Matcher m = OTHER_RAW.matcher(sql);
            while (m.find()) {
                streams.add(m.group(1));
            }
        }
        return streams;
    }

    public static StreamNormalizer of(String stream, RecordMapper mapper, String... finishSql) {
        return new StreamNormalizer(stream, mapper, List.of(finishSql));
    }
}
