package io.crmw.etl.normalize;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The CRM normalizers by source type. A CRM plugs in by listing its {@link CrmNormalizer} (public, no-argument
 * constructor) in {@code META-INF/services/io.crmw.etl.normalize.CrmNormalizer}, as connectors list theirs;
 * no CRM is named here.
 */
public final class NormalizerRegistry {

    private final Map<String, CrmNormalizer> byType = new LinkedHashMap<>();

    public NormalizerRegistry(List<? extends CrmNormalizer> normalizers) {
        for (CrmNormalizer n : normalizers) {
            if (byType.putIfAbsent(n.sourceType(), n) != null) {
                throw new IllegalArgumentException("two normalizers for source type '" + n.sourceType() + "'");
            }
        }
    }

    /** The normalizers on the class path (found with {@link ServiceLoader}). */
    public static NormalizerRegistry defaults() {
        return new NormalizerRegistry(ServiceLoader.load(CrmNormalizer.class).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    /** The source types that have a normalizer, in registration order. */
    public Set<String> types() {
        return java.util.Collections.unmodifiableSet(byType.keySet());
    }

    public Optional<CrmNormalizer> find(String sourceType) {
        return Optional.ofNullable(byType.get(sourceType));
    }

    public CrmNormalizer require(String sourceType) {
        return find(sourceType).orElseThrow(() -> new IllegalArgumentException(
                "no normalizer for source type '" + sourceType + "'; known types: " + byType.keySet()));
    }
}
