package io.crmw.app.config;

import io.crmw.connectors.extract.Connectors;
import io.crmw.connectors.spi.ConfigException;
import io.crmw.connectors.spi.RateLimit;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads and validates the {@code crmw:} section of a YAML config. Every problem becomes one
 * {@link ConfigException} line naming the file, the key and what to do; secret values never appear in it.
 */
public final class ConfigLoader {
    /** Keys whose values are credentials: only from ${ENV} references or from {@code <key>-file}. */
    static final Set<String> SECRET_KEYS = Set.of("token", "client-secret", "refresh-token", "password", "api-key", "private-key");
    private static final Set<String> SOURCE_KEYS = Set.of("name", "type", "base-url", "streams", "rate-limit", "schedule");
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}");

    private final Connectors connectors;
    private final UnaryOperator<String> env;

    public ConfigLoader(Connectors connectors, UnaryOperator<String> env) {
        this.connectors = connectors;
        this.env = env;
    }

    public ConfigLoader(Connectors connectors) {
        this(connectors, System::getenv);
    }

    public CrmwConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " not found; pass --config FILE or set CRMW_CONFIG");
        }
        Object root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + firstLine(e.getMessage()));
        }
        return parse(file, root);
    }

    CrmwConfig parse(Path file, Object root) {
        Node top = new Node(file, "", root);
        Node crmw = top.child("crmw").required();
        Path warehouse = Path.of(crmw.child("warehouse").text().orElse("data/warehouse.duckdb"));
        Path published = crmw.child("published").text().map(Path::of)
                .orElse(warehouse.toAbsolutePath().getParent().resolve("published").resolve(warehouse.getFileName()));
        String currency = crmw.child("reporting-currency").text().orElse("USD");
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw crmw.child("reporting-currency").error("'" + currency + "' is not an ISO 4217 currency code (e.g. USD, EUR)");
        }
        ZoneId zone;
        String zoneText = crmw.child("reporting-time-zone").text().orElse("UTC");
        try {
            zone = ZoneId.of(zoneText);
        } catch (RuntimeException e) {
            throw crmw.child("reporting-time-zone").error("'" + zoneText + "' is not a time zone id (e.g. Europe/Berlin, UTC)");
        }
        Path referenceDir = Path.of(crmw.child("reference-dir").text().orElse("config/reference"));
        Optional<String> transformSchedule = crmw.child("transform-schedule").text();
        transformSchedule.ifPresent(cron -> checkCron(crmw.child("transform-schedule"), cron));

        List<CrmwConfig.ScheduledSource> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Node> sourceNodes = crmw.child("sources").list();
        for (Node node : sourceNodes) {
            CrmwConfig.ScheduledSource source = source(node);
            if (!names.add(source.config().name())) {
                throw node.child("name").error("source name '" + source.config().name() + "' is used twice; names must be unique");
            }
            sources.add(source);
        }
        return new CrmwConfig(file, warehouse, published, currency, zone, referenceDir, transformSchedule, sources);
    }

    private CrmwConfig.ScheduledSource source(Node node) {
        String name = node.child("name").required().text().orElseThrow();
        if (!SOURCE_NAME.matcher(name).matches()) {
            throw node.child("name").error("'" + name + "' is not a valid source name; use lower-case letters, digits and '-', starting with a letter");
        }
        Node typeNode = node.child("type").required();
        String type = typeNode.text().orElseThrow();
        if (!connectors.knows(type)) {
            throw typeNode.error("unknown source type '" + type + "'; known types: " + String.join(", ", connectors.types()));
        }
        Node urlNode = node.child("base-url").required();
        URI baseUrl = url(urlNode, resolve(urlNode, urlNode.text().orElseThrow()));

        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, Secret> secrets = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : node.children().entrySet()) {
            String key = entry.getKey();
            Node value = entry.getValue();
            if (SOURCE_KEYS.contains(key)) {
                continue;
            }
            if (SECRET_KEYS.contains(key)) {
                secrets.put(key, secretFromEnv(value));
            } else if (key.endsWith("-file") && SECRET_KEYS.contains(key.substring(0, key.length() - 5))) {
                secrets.put(key.substring(0, key.length() - 5), secretFromFile(value));
            } else {
                settings.put(key, resolve(value, value.scalar()));
            }
        }
        if (settings.containsKey("reconcile-every-days") && !settings.get("reconcile-every-days").matches("\\d{1,4}")) {
            throw node.child("reconcile-every-days").error("'" + settings.get("reconcile-every-days")
                    + "' is not a whole number of days (0 = only on first loads and --full-refresh)");
        }
        List<String> streams = node.child("streams").list().stream().map(n -> n.text().orElseThrow()).toList();
        Optional<RateLimit> rateLimit = rateLimit(node.child("rate-limit"));
        Optional<String> schedule = node.child("schedule").text();
        schedule.ifPresent(cron -> checkCron(node.child("schedule"), cron));
        SourceConfig config = new SourceConfig(name, type, baseUrl, settings, secrets, streams, rateLimit);
        try {
            connectors.forType(type).validate(config);
        } catch (ConfigException e) {
            throw node.error(e.getMessage());
        }
        return new CrmwConfig.ScheduledSource(config, schedule);
    }

    private Optional<RateLimit> rateLimit(Node node) {
        if (node.absent()) {
            return Optional.empty();
        }
        int requests = node.child("requests").required().integer();
        int perSeconds = node.child("per-seconds").absent() ? 1 : node.child("per-seconds").integer();
        if (requests <= 0 || perSeconds <= 0) {
            throw node.error("'requests' and 'per-seconds' must be positive");
        }
        return Optional.of(new RateLimit(requests, Duration.ofSeconds(perSeconds)));
    }

    private Secret secretFromEnv(Node node) {
        String raw = node.scalar();
        Matcher m = ENV_REF.matcher(raw.trim());
        if (!m.matches()) {
            throw node.error("credentials must come from an environment variable (" + node.leaf() + ": ${MY_VAR}) or a file ("
                    + node.leaf() + "-file: /path), never written in the config");
        }
        String value = env.apply(m.group(1));
        if (value == null || value.isBlank()) {
            value = m.group(2);
        }
        if (value == null || value.isBlank()) {
            throw node.error("environment variable " + m.group(1) + " is not set; export " + m.group(1) + "=<value> before running crmw");
        }
        return new Secret("${" + m.group(1) + "}", value.trim());
    }

    private Secret secretFromFile(Node node) {
        Path path = Path.of(resolve(node, node.scalar()));
        try {
            String value = Files.readString(path).trim();
            if (value.isEmpty()) {
                throw node.error("file " + path + " is empty; put the credential in it");
            }
            return new Secret(path.toString(), value);
        } catch (IOException e) {
            throw node.error("file " + path + " cannot be read (" + e.getClass().getSimpleName() + "); check the path and its permissions");
        }
    }

    /** Expands ${VAR} and ${VAR:-default} in a non-secret value. */
    private String resolve(Node node, String raw) {
        Matcher m = ENV_REF.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw node.error("environment variable " + m.group(1) + " is not set; export it or give a default as ${" + m.group(1) + ":-value}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static URI url(Node node, String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw node.error("'" + text + "' is not an http(s) URL with a host, e.g. https://api.hubapi.com");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw node.error("'" + text + "' is not a valid URL (" + e.getReason() + "), e.g. https://api.hubapi.com");
        }
    }

    private static void checkCron(Node node, String cron) {
        if (!CronExpression.isValidExpression(cron)) {
            throw node.error("'" + cron + "' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week), e.g. '0 0 2 * * ?'");
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** A position in the YAML tree, so that errors can name the key. */
    private record Node(Path file, String path, Object value) {

        boolean absent() {
            return value == null;
        }

        String leaf() {
            int dot = path.lastIndexOf('.');
            return dot < 0 ? path : path.substring(dot + 1);
        }

        Node required() {
            if (value == null) {
                throw error("is required but missing");
            }
            return this;
        }

        Node child(String key) {
            if (value == null) {
                return new Node(file, join(key), null);
            }
            if (!(value instanceof Map<?, ?> map)) {
                throw error("must be a mapping of keys to values");
            }
            return new Node(file, join(key), map.get(key));
        }

        Map<String, Node> children() {
            Map<String, Node> out = new LinkedHashMap<>();
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> out.put(String.valueOf(k), new Node(file, join(String.valueOf(k)), v)));
            }
            return out;
        }

        List<Node> list() {
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> items)) {
                throw error("must be a list");
            }
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                out.add(new Node(file, path + "[" + i + "]", items.get(i)));
            }
            return out;
        }

        String scalar() {
            if (value instanceof Map<?, ?> || value instanceof List<?>) {
                throw error("must be a single value");
            }
            return String.valueOf(value);
        }

        Optional<String> text() {
            if (value == null) {
                return Optional.empty();
            }
            String s = scalar().trim();
            if (s.isEmpty()) {
                throw error("is empty");
            }
            return Optional.of(s);
        }

        int integer() {
            try {
                return Integer.parseInt(scalar().trim());
            } catch (NumberFormatException e) {
                throw error("'" + value + "' is not a whole number");
            }
        }

        ConfigException error(String problem) {
            return new ConfigException(file + ": " + path + ": " + problem);
        }

        private String join(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }
    }
}
