/**
 * Vendor-neutral normalization raw → core, as Spring Batch chunk steps.
 *
 * <p>Per raw stream: {@link io.crmw.etl.normalize.RawRecordReader} streams the latest version per {@code _id}
 * above the {@code meta.normalize_state} watermark in {@code _seq} order → the CRM's pure
 * {@link io.crmw.etl.normalize.RecordMapper} (wrapped by {@link io.crmw.etl.normalize.MappingProcessor}) →
 * {@link io.crmw.etl.normalize.CoreMergeWriter}, which appends the chunk into temp staging tables and merges
 * them into {@code core.*} (delete by key, insert) together with the watermark in the same DuckDB transaction, which
 * spans several chunks (committed every 100,000 records or 10 s, and at the end of the step).
 * A stream whose mapper is a pure field mapping may also declare it as SQL ({@link io.crmw.etl.normalize.SetBasedMapping}:
 * a parse of the new raw rows' JSON, then per core table a select of its rows); its step is then one
 * {@link io.crmw.etl.normalize.SetBasedMappingTasklet} that replaces the rows of every new record and moves the
 * watermark in one transaction (1.4–3.3× faster than the chunk step for HubSpot deals); the Java mapper stays as the
 * reference a test compares it with row for row ({@code -Dcrmw.normalize.java-mappers=true} runs the Java mappers everywhere).
 * The SQL reads values with the macros of {@code normalize/fields.sql}, the SQL twins of {@code Fields},
 * {@code Vocabulary} and {@code CoreIds}.
 * {@link io.crmw.etl.normalize.NormalizationSteps#stepsFor} lists the steps of a source; a CRM plugs in with a
 * {@link io.crmw.etl.normalize.CrmNormalizer} listed for {@link java.util.ServiceLoader} (see
 * {@link io.crmw.etl.normalize.NormalizerRegistry}).
 *
 * <p>The kit every CRM builds on, one place per idea: {@link io.crmw.etl.normalize.Fields} (lenient typed reads,
 * the one parser of vendor times), {@link io.crmw.etl.normalize.Vocabulary} (vendor values → core vocabulary),
 * {@link io.crmw.etl.normalize.Derivations} (vendor-neutral finishing SQL: core columns derived from other core
 * rows) and {@link io.crmw.etl.normalize.Tombstones} (thin tombstones skipped by the mapper, flagged set-based).
 *
 * <p>Core ids are {@code <source_system>:<entity>:<source_id>} ({@link io.crmw.etl.normalize.CoreIds}); the row
 * records in {@code core} mirror the {@code V002__core.sql} columns by name.
 */
package io.crmw.etl.normalize;
