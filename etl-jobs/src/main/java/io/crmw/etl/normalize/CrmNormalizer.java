package io.crmw.etl.normalize;

import java.util.List;

/** Everything the generic normalization machinery needs to know about one CRM type. */
public interface CrmNormalizer {

    /** The source type as configured, e.g. {@code hubspot}. */
    String sourceType();

    /** The streams this CRM normalizes, in dependency order (owners and pipelines before deals). */
    List<StreamNormalizer> streams();
}
