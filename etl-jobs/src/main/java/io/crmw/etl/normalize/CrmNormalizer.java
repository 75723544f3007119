package io.crmw.etl.normalize;

import java.util.List;

/**
 * Everything the generic normalization machinery needs to know about one CRM type. An implementation has a public
 * no-argument constructor and is listed in {@code META-INF/services/io.crmw.etl.normalize.CrmNormalizer}; its
 * source type is a connector's type, and it reads only streams that connector lands.
 */
public interface CrmNormalizer {

    /** The source type as configured, e.g. {@code hubspot}. */
    String sourceType();

    /** The streams this CRM normalizes, in dependency order (owners and pipelines before deals). */
    List<StreamNormalizer> streams();
}
