package io.crmw.connectors.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settings every source takes, declared once (a connector's {@link Connector#settings()} adds its own and may
 * redeclare a common key, e.g. to make {@code base-url} optional). Validation, {@code crmw connectors} and the
 * README's settings tables read these declarations.
 */
public final class CommonSettings {

    public static final Setting NAME = Setting.text("name",
            "unique source name: lower-case letters, digits and '-', e.g. hubspot-main").asRequired();
    public static final Setting TYPE = Setting.text("type", "the CRM type, e.g. hubspot (see `crmw connectors`)")
            .asRequired();
    public static final Setting BASE_URL = Setting.url("base-url",
            "API base URL: the vendor's, a proxy's or `crmw sandbox`'s; https unless on a loopback host").asRequired();
    public static final Setting STREAMS = Setting.text("streams", "list of streams to sync, e.g. [deals, contacts]")
            .withDefault("all");
    public static final Setting RATE_LIMIT = Setting.text("rate-limit",
            "client-side budget { requests: N, per-seconds: S } (1..100000 requests per 1..86400 s); default: the vendor's");
    public static final Setting SCHEDULE = Setting.text("schedule",
            "Quartz cron of `crmw serve`, read in the reporting time zone, e.g. \"0 0 2 * * ?\"");
    public static final Setting RECONCILE_EVERY_DAYS = new Setting("reconcile-every-days", Setting.Kind.WHOLE_NUMBER,
            false, null, 0, 3650,
            "re-read every stream this often so hard deletes become tombstones; 0 = only first loads and --full-refresh; default: the connector's");
    public static final Setting MASS_DELETE_PERCENT = Setting.wholeNumber("mass-delete-percent", 10, 0, 100,
            "a pass that would tombstone more than this share of a stream's live records stops (--allow-mass-delete)");
    public static final Setting MAX_ATTEMPTS = Setting.wholeNumber("max-attempts", 6, 1, 100,
            "attempts per HTTP request, the first included");
    public static final Setting RETRY_BASE_MILLIS = Setting.wholeNumber("retry-base-millis", 500, 1, 600_000,
            "first backoff ceiling (exponential, full jitter)");
    public static final Setting RETRY_MAX_MILLIS = Setting.wholeNumber("retry-max-millis", 60_000, 1, 3_600_000,
            "longest wait between attempts; a server asking for longer (Retry-After) stops the stream, resumable");
    public static final Setting CONNECT_TIMEOUT_SECONDS = Setting.wholeNumber("connect-timeout-seconds", 10, 1, 600,
            "TCP/TLS connect timeout");
    public static final Setting READ_TIMEOUT_SECONDS = Setting.wholeNumber("read-timeout-seconds", 60, 1, 3600,
            "longest silence while reading a response");
    public static final Setting CALL_TIMEOUT_SECONDS = Setting.wholeNumber("call-timeout-seconds", 120, 1, 86_400,
            "longest time one HTTP call may take in all, however slowly the server sends");
    public static final Setting RUN_DEADLINE_MINUTES = Setting.wholeNumber("run-deadline-minutes", 240, 1, 10_080,
            "a run's extraction stops (resumable, at the last committed page) once it has run this long; `serve` "
                    + "health turns DOWN when a run outlasts it");

    /** Not common to every type, but declared once for the connectors that re-read a window behind the high-water mark. */
    public static final Setting LOOKBACK_MINUTES = Setting.wholeNumber("lookback-minutes", 10, 1, 10_080,
            "re-read records modified this long before the last high-water mark");

    public static final List<Setting> ALL = List.of(NAME, TYPE, BASE_URL, STREAMS, RATE_LIMIT, SCHEDULE,
            RECONCILE_EVERY_DAYS, MASS_DELETE_PERCENT, MAX_ATTEMPTS, RETRY_BASE_MILLIS, RETRY_MAX_MILLIS, CONNECT_TIMEOUT_SECONDS,
            READ_TIMEOUT_SECONDS, CALL_TIMEOUT_SECONDS, RUN_DEADLINE_MINUTES);

    /** Key fragments that mark a credential; a key containing one must be declared {@link Setting.Kind#SECRET}. */
    private static final Pattern SECRET_LOOKING =
            Pattern.compile("token|secret|password|passwd|api[-_]?key|private[-_]?key|credential");

    private CommonSettings() {}

    /** The common settings overlaid with the connector's own (same key: the connector's declaration wins), in order. */
    public static Map<String, Setting> of(Connector connector) {
        Map<String, Setting> all = new LinkedHashMap<>();
        ALL.forEach(s -> all.put(s.key(), s));
        connector.settings().forEach(s -> all.put(s.key(), s));
        return all;
    }

    /** True when {@code key} reads like a credential (token, secret, password, api key, private key). */
    public static boolean looksSecret(String key) {
        return SECRET_LOOKING.matcher(key.toLowerCase(java.util.Locale.ROOT)).find();
    }

    /**
     * Checks the declared settings present in a config built in code (the loader has checked YAML configs already):
     * whole numbers in range, URLs well-formed, {@code streams} among the connector's. Throws a
     * {@link ConfigException} naming the source and key.
     */
    public static void check(SourceConfig config, Connector connector) {
        Map<String, Setting> declared = of(connector);
        for (Map.Entry<String, String> e : config.settings().entrySet()) {
            Setting setting = declared.get(e.getKey());
            if (setting == null || setting.secret()) {
                continue;
            }
            Optional<String> problem = setting.problem(e.getValue());
            if (problem.isPresent()) {
                throw new ConfigException("source '" + config.name() + "': '" + e.getKey() + "' " + problem.get());
            }
        }
        requireKnownStreams(config, connector, STREAMS.key(), config.streams());
    }

    /** Refuses a stream name in setting {@code key} that the connector does not offer. */
    public static void requireKnownStreams(SourceConfig config, Connector connector, String key, List<String> streams) {
        for (String s : streams) {
            if (!connector.streamNames().contains(s)) {
                throw new ConfigException("source '" + config.name() + "': unknown stream '" + s + "' in '" + key
                        + "'; " + connector.type() + " offers " + connector.streamNames());
            }
        }
    }

    /**
     * A long-lived token under {@code tokenKey}, or else the three OAuth keys {@code client-id}, {@code client-secret}
     * and {@code refresh-token}; {@code tokenHint} says what the token is, e.g. {@code private app token, e.g. token:
     * ${HUBSPOT_TOKEN}}. Throws a {@link ConfigException} naming the missing key.
     */
    public static void requireTokenOrOAuth(SourceConfig config, String tokenKey, String tokenHint) {
        if (config.secret(tokenKey).isPresent()) {
            return;
        }
        if (config.setting("client-id").isEmpty() && config.secret("refresh-token").isEmpty()) {
            throw new ConfigException("source '" + config.name() + "': missing '" + tokenKey + "' (" + tokenHint
                    + ") or the OAuth keys 'client-id', 'client-secret', 'refresh-token'");
        }
        config.requireSecret("client-secret");
        config.requireSecret("refresh-token");
        if (config.setting("client-id").isEmpty()) {
            throw new ConfigException("source '" + config.name() + "': missing setting 'client-id' for OAuth");
        }
    }

    /** The source's value of a declared whole-number setting, else its declared default. */
    public static long wholeNumber(SourceConfig config, Setting setting) {
        return config.wholeNumber(setting.key(), Long.parseLong(setting.defaultValue()));
    }

    /** The source's {@link #LOOKBACK_MINUTES}, for the connectors that declare it. */
    public static Duration lookback(SourceConfig config) {
        return Duration.ofMinutes(wholeNumber(config, LOOKBACK_MINUTES));
    }

    /** Declared keys that look like credentials but are not declared secret (a connector bug; refused at load). */
    public static List<String> secretLookingPlainKeys(Connector connector) {
        List<String> out = new ArrayList<>();
        for (Setting s : of(connector).values()) {
            if (!s.secret() && looksSecret(s.key())) {
                out.add(s.key());
            }
        }
        return out;
    }
}
