package io.crmw.etl.normalize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A stream mapped set-based: SQL over its new raw rows instead of a Java mapper per record, for a stream whose mapper
 * is a pure field mapping. The step ({@link SetBasedMappingTasklet}) takes the latest version per {@code _id} among
 * the raw rows above the watermark, materializes {@link #parsedSql} over them once, then, per {@link Target}, deletes
 * the core rows of every parsed record's key and inserts the target's rows, and moves the watermark, all in one
 * transaction: the same "rows of this key are now exactly these" a {@link CoreWrite} states, for all records at once.
 *
 * <p>Placeholders: {@code {source}} (a string literal of the source name), {@code {new_raw}} (in {@link #parsedSql}:
 * a subquery of the new raw rows with {@code _id, _deleted, _extracted_at, _seq, payload}), {@code {parsed}} (in a
 * target's SQL: the materialized parsed rows). The macros of {@code normalize/fields.sql} ({@code field_text},
 * {@code field_instant}, {@code core_id}, …) read values as {@link Fields}, {@link Vocabulary} and {@link CoreIds} do.
 * What they do not reproduce, so that a stream needing it keeps its Java mapper: {@code Fields}' WARN line per
 * unparsable value; Double.parseDouble's hexadecimal, NaN and Infinity forms (never finite anyway except hex);
 * instants ordered below the microsecond; JSON number values outside the range Jackson and DuckDB print alike
 * ({@code 1e-5}: {@code 1.0E-5} vs {@code 1e-05}); ISO years beyond four digits; a JSON object with a key twice.
 *
 * @param parsedSql a select over {@code {new_raw}}: each record's payload read once, one row per record
 * @param targets   the core tables written, in order
 */
public record SetBasedMapping(String parsedSql, List<Target> targets) {

    /** The macros every set-based mapping may use, in {@code normalize/fields.sql}. */
    static final String FIELDS_SQL = "normalize/fields.sql";

    /**
     * One core table a set-based mapping writes.
     *
     * @param table     the {@code core.<table>} written
     * @param keyColumn the column whose rows one record replaces ({@code source_id}, or a parent's {@code deal_id})
     * @param keySql    the key of each parsed record: an expression over {@code {parsed}}'s columns
     * @param rowsSql   a select over {@code {parsed}} whose column names are {@code core.<table>}'s (inserted by name)
     */
    public record Target(String table, String keyColumn, String keySql, String rowsSql) {}

    public SetBasedMapping {
        targets = List.copyOf(targets);
    }

    /**
     * A mapping whose SQL lives in a resource folder: {@code <folder>/parsed.sql} and one {@code <folder>/<table>.sql}
     * per target, each keyed by an expression over the parsed rows.
     *
     * @param keys per target, {@code table, keyColumn, keySql}, e.g. {@code "deal", "source_id", "source_id"}
     */
    public static SetBasedMapping fromResources(String folder, String... keys) {
        if (keys.length == 0 || keys.length % 3 != 0) {
            throw new IllegalArgumentException("keys come in threes: table, key column, key expression");
        }
        List<Target> targets = new java.util.ArrayList<>();
        for (int i = 0; i < keys.length; i += 3) {
            targets.add(new Target(keys[i], keys[i + 1], keys[i + 2], resource(folder + "/" + keys[i] + ".sql")));
        }
        return new SetBasedMapping(resource(folder + "/parsed.sql"), targets);
    }

    /** The same mapping with a placeholder of its own filled in everywhere, e.g. one engagement type of several. */
    public SetBasedMapping with(String placeholder, String value) {
        return new SetBasedMapping(parsedSql.replace(placeholder, value), targets.stream()
                .map(t -> new Target(t.table(), t.keyColumn(), t.keySql().replace(placeholder, value),
                        t.rowsSql().replace(placeholder, value)))
                .toList());
    }

    /** A SQL resource of the class path, e.g. {@code normalize/hubspot/deals/deal.sql}. */
    static String resource(String path) {
        try (InputStream in = SetBasedMapping.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + path + " on the class path");
            }
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
