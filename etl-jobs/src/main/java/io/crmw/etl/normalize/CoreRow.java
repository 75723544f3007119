package io.crmw.etl.normalize;

/**
 * Marker for a Java record that is one row of a {@code core.*} table. Its component names, in snake case,
 * are the table's column names ({@code sourceSystem} → {@code source_system}); columns of the table that the
 * record lacks are written as null (see {@link RowLayout}).
 */
public interface CoreRow {}
