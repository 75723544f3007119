package io.crmw.etl.normalize;

/** A raw record after mapping: its core writes plus the raw {@code _seq} it came from (for the watermark). */
public record MappedRecord(long seq, Normalized normalized) {}
