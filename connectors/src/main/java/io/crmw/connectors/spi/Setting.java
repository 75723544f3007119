package io.crmw.connectors.spi;

import java.net.URI;
import java.util.Optional;

/**
 * One declared source setting (think Kafka Connect's {@code ConfigDef}): validation, {@code crmw connectors} and the
 * README's settings tables all come from these declarations, so a key exists only where it is declared.
 *
 * @param key          the config key, e.g. {@code lookback-minutes}
 * @param kind         how the value is read and checked
 * @param required     true when a source of this type cannot run without it
 * @param defaultValue the value used when the key is absent (null: none)
 * @param min          smallest accepted value of a {@link Kind#WHOLE_NUMBER}
 * @param max          largest accepted value of a {@link Kind#WHOLE_NUMBER}
 * @param doc          one line for users: what it is, an example
 */
public record Setting(String key, Kind kind, boolean required, String defaultValue, long min, long max, String doc) {

    /** How a setting's value is read. */
    public enum Kind {
        TEXT,
        URL,
        WHOLE_NUMBER,
        /** A credential: only from {@code ${ENV_VAR}} or a file named by {@code <key>-file}; never logged. */
        SECRET
    }

    public static Setting text(String key, String doc) {
        return new Setting(key, Kind.TEXT, false, null, 0, 0, doc);
    }

    public static Setting url(String key, String doc) {
        return new Setting(key, Kind.URL, false, null, 0, 0, doc);
    }

    public static Setting secret(String key, String doc) {
        return new Setting(key, Kind.SECRET, false, null, 0, 0, doc);
    }

    public static Setting wholeNumber(String key, long defaultValue, long min, long max, String doc) {
        return new Setting(key, Kind.WHOLE_NUMBER, false, Long.toString(defaultValue), min, max, doc);
    }

    public Setting asRequired() {
        return new Setting(key, kind, true, defaultValue, min, max, doc);
    }

    public Setting withDefault(String value) {
        return new Setting(key, kind, required, value, min, max, doc);
    }

    public boolean secret() {
        return kind == Kind.SECRET;
    }

    /** What is wrong with {@code value} for this setting (one phrase, no secret in it), or empty when it is fine. */
    public Optional<String> problem(String value) {
        return switch (kind) {
            case WHOLE_NUMBER -> {
                try {
                    long n = Long.parseLong(value.strip());
                    yield n < min || n > max
                            ? Optional.of("must be between " + min + " and " + max + ", got " + n)
                            : Optional.empty();
                } catch (NumberFormatException e) {
                    yield Optional.of("must be a whole number between " + min + " and " + max + ", got '" + value + "'");
                }
            }
            case URL -> {
                try {
                    URI uri = new URI(value.strip());
                    boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
                    yield web && uri.getHost() != null ? Optional.empty()
                            : Optional.of("'" + value + "' is not an http(s) URL with a host");
                } catch (java.net.URISyntaxException e) {
                    yield Optional.of("'" + value + "' is not a valid URL (" + e.getReason() + ")");
                }
            }
            default -> Optional.empty();
        };
    }
}
