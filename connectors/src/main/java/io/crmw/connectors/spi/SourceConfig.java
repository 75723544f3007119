package io.crmw.connectors.spi;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One configured source, already validated and with {@code ${ENV}} references resolved.
 *
 * @param name      unique source name, e.g. {@code hubspot-main}; lower-case letters, digits and '-'
 * @param type      connector type, e.g. {@code hubspot}
 * @param baseUrl   API base URL (the vendor's, the sandbox's, a proxy's)
 * @param settings  vendor-specific settings by config key (e.g. {@code login-url}, {@code page-size})
 * @param secrets   credentials by config key (e.g. {@code token}, {@code client-secret}); never logged
 * @param streams   streams to sync; empty = all the connector offers
 * @param rateLimit overrides the connector's default budget when present
 */
public record SourceConfig(
        String name,
        String type,
        URI baseUrl,
        Map<String, String> settings,
        Map<String, Secret> secrets,
        List<String> streams,
        Optional<RateLimit> rateLimit) {

    public SourceConfig {
        settings = Map.copyOf(settings);
        secrets = Map.copyOf(secrets);
        streams = List.copyOf(streams);
    }

    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    public Optional<Secret> secret(String key) {
        return Optional.ofNullable(secrets.get(key));
    }

    /**
     * A whole-number setting, or {@code fallback} when absent. The config loader has already range-checked declared
     * settings; a value that is still not a number (a config built in code) ends with a {@link ConfigException}.
     */
    public long wholeNumber(String key, long fallback) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException("source '" + name + "': '" + key + "' must be a whole number, got '" + value + "'");
        }
    }

    /** The secret or a {@link ConfigException} naming the key. */
    public Secret requireSecret(String key) {
        return secret(key).orElseThrow(() -> new ConfigException(
                "source '" + name + "': missing '" + key + "'; set it in the source's config, e.g. " + key + ": ${ENV_VAR}"));
    }

    /** {@code path} (starting with {@code /}) under the base URL, whether or not the base URL ends with a slash. */
    public String urlOf(String path) {
        String base = baseUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
