package io.crmw.etl.normalize;

/**
 * A CRM's pure mapping of one raw record into core rows: no I/O, no state; bad fields become nulls plus a
 * warning (see {@link Fields}), never an exception for the whole run.
 */
@FunctionalInterface
public interface RecordMapper {

    Normalized map(RawRow raw);
}
