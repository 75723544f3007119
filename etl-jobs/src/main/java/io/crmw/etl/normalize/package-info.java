/**
 * Vendor-neutral normalization raw → core, as Spring Batch chunk steps.
 *
 * <p>Per raw stream: {@link io.crmw.etl.normalize.RawRecordReader} streams the latest version per {@code _id}
 * above the {@code meta.normalize_state} watermark in {@code _seq} order → the CRM's pure
 * {@link io.crmw.etl.normalize.RecordMapper} (wrapped by {@link io.crmw.etl.normalize.MappingProcessor}) →
 * {@link io.crmw.etl.normalize.CoreMergeWriter}, which appends the chunk into temp staging tables and merges
 * them into {@code core.*} (delete by key, insert) together with the watermark in one DuckDB transaction.
 * {@link io.crmw.etl.normalize.NormalizationSteps#stepsFor} lists the steps of a source; a CRM plugs in with a
 * {@link io.crmw.etl.normalize.CrmNormalizer} in the {@link io.crmw.etl.normalize.NormalizerRegistry}.
 *
 * <p>Core ids are {@code <source_system>:<entity>:<source_id>} ({@link io.crmw.etl.normalize.CoreIds}); the row
 * records in {@code core} mirror the {@code V002__core.sql} columns by name.
 */
package io.crmw.etl.normalize;
