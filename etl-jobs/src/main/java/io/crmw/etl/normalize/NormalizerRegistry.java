package io.crmw.etl.normalize;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The CRM normalizers by source type; a new CRM plugs in by adding its {@link CrmNormalizer} here. */
public final class NormalizerRegistry {

    private final Map<String, CrmNormalizer> byType = new LinkedHashMap<>();

    public NormalizerRegistry(List<? extends CrmNormalizer> normalizers) {
        for (CrmNormalizer n : normalizers) {
            if (byType.putIfAbsent(n.sourceType(), n) != null) {
                throw new IllegalArgumentException("two normalizers for source type '" + n.sourceType() + "'");
            }
        }
    }

    /** The built-in CRMs. */
    public static NormalizerRegistry defaults() {
        return new NormalizerRegistry(List.of(new io.crmw.etl.normalize.hubspot.HubspotNormalizer(),
                new io.crmw.etl.normalize.salesforce.SalesforceNormalizer()));
    }

    public Optional<CrmNormalizer> find(String sourceType) {
        return Optional.ofNullable(byType.get(sourceType));
    }

    public CrmNormalizer require(String sourceType) {
        return find(sourceType).orElseThrow(() -> new IllegalArgumentException(
                "no normalizer for source type '" + sourceType + "'; known types: " + byType.keySet()));
    }
}
