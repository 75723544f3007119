package io.crmw.app.config;

import io.crmw.connectors.extract.Connectors;
import io.crmw.connectors.spi.CommonSettings;
import io.crmw.connectors.spi.ConfigException;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.RateLimit;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.Setting;
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
import java.util.LinkedHashSet;
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
 *
 * <p>The keys a source accepts are {@link CommonSettings} plus its connector's {@link Connector#settings()}; any
 * other key is refused, naming the nearest known one. Declared whole numbers are range-checked here, so connectors
 * read them with {@link SourceConfig#wholeNumber}. A secret comes only from {@code ${ENV_VAR}} (no default) or
 * {@code <key>-file}; {@link #loadWithoutSecrets} checks their form but resolves none, for read-only commands.
 */
public final class ConfigLoader {
    /** The keys of the {@code crmw:} section. */
    static final List<String> CRMW_KEYS = List.of("warehouse", "published", "reporting-currency", "reporting-time-zone",
            "reference-dir", "transform-schedule", "raw-retention-days", "publish-raw", "serve", "cluster", "full-rebuild-days", "sources");
    static final List<String> CLUSTER_KEYS = List.of("database-url", "username", "password", "password-file", "node-id",
            "checkin-interval-ms");
    static final List<String> SERVE_KEYS = List.of("token", "token-file");
    /** Keys a source holds outside {@link SourceConfig#settings()} (they have fields of their own). */
    private static final Set<String> STRUCTURAL_KEYS = Set.of("name", "type", "base-url", "streams", "rate-limit", "schedule");
    private static final List<String> RATE_LIMIT_KEYS = List.of("requests", "per-seconds");
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}");
    private static final Set<String> SECRET_QUERY_NAMES = Set.of("key", "auth", "sig", "signature", "code", "session");
    private static final String FILE_SUFFIX = "-file";

    private final Connectors connectors;
    private final UnaryOperator<String> env;

    public ConfigLoader(Connectors connectors, UnaryOperator<String> env) {
        this.connectors = connectors;
        this.env = env;
    }

    public ConfigLoader(Connectors connectors) {
        this(connectors, System::getenv);
    }

    /** The config with every secret resolved: for commands that call the CRMs ({@code sync}, {@code serve}). */
    public CrmwConfig load(Path file) {
        return parse(file, read(file), true, true);
    }

    /**
     * The config checked exactly as {@link #load} does, except that no secret is resolved (no environment variable
     * read, no key file opened): the sources carry no secrets. For commands that call no CRM ({@code sql},
     * {@code report}, {@code status}, {@code connectors}, {@code transform}), so that an analyst needs no CRM credentials.
     */
    public CrmwConfig loadWithoutSecrets(Path file) {
        return parse(file, read(file), false, false);
    }

    /**
     * As {@link #loadWithoutSecrets}, but with the cluster database's password resolved: {@code crmw status} of a
     * cluster reads the nodes from that database, and still needs no CRM credentials.
     */
    public CrmwConfig loadWithClusterSecret(Path file) {
        return parse(file, read(file), false, true);
    }

    private static Object read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " not found; pass --config FILE or set CRMW_CONFIG");
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + firstLine(e.getMessage()));
        }
    }

    CrmwConfig parse(Path file, Object root) {
        return parse(file, root, true, true);
    }

    private CrmwConfig parse(Path file, Object root, boolean resolveSecrets, boolean resolveClusterSecret) {
        Node top = new Node(file, "", root);
        Node crmw = top.child("crmw").required();
        refuseUnknownKeys(crmw, CRMW_KEYS);
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
            CrmwConfig.ScheduledSource source = source(node, resolveSecrets);
            if (!names.add(source.config().name())) {
                throw node.child("name").error("source name '" + source.config().name() + "' is used twice; names must be unique");
            }
            sources.add(source);
        }
        return new CrmwConfig(file, warehouse, published, currency, zone, referenceDir, transformSchedule, sources,
                rawRetentionDays(crmw.child("raw-retention-days")), publishRaw(crmw.child("publish-raw")),
                serveToken(crmw.child("serve"), resolveSecrets), cluster(crmw.child("cluster"), resolveClusterSecret),
                fullRebuildDays(crmw.child("full-rebuild-days")));
    }

    /**
     * {@code cluster: database-url: jdbc:postgresql://…, username, password: ${CRMW_DB_PASSWORD} (or password-file),
     * node-id (default: the host name and process id), checkin-interval-ms (default 5000)}.
     */
    private Optional<CrmwConfig.Cluster> cluster(Node cluster, boolean resolveSecrets) {
        if (cluster.absent()) {
            return Optional.empty();
        }
        if (!(cluster.value() instanceof Map<?, ?>)) {
            throw cluster.error("must be a mapping (database-url: jdbc:postgresql://host:5432/crmw, username, password: ${CRMW_DB_PASSWORD})");
        }
        refuseUnknownKeys(cluster, CLUSTER_KEYS);
        Node urlNode = cluster.child("database-url");
        String url = resolve(urlNode, urlNode.required().text().orElseThrow()).strip();
        if (!url.startsWith("jdbc:postgresql://")) {
            throw urlNode.error("'" + url + "' is not a PostgreSQL JDBC url; cluster mode keeps Quartz and Spring Batch in "
                    + "PostgreSQL: jdbc:postgresql://host:5432/crmw");
        }
        Node userNode = cluster.child("username");
        String user = resolve(userNode, userNode.required().text().orElseThrow()).strip();
        Node password = cluster.child("password");
        Node passwordFile = cluster.child("password-file");
        if (!password.absent() && !passwordFile.absent()) {
            throw password.error("give either 'password-file' or 'password', not both");
        }
        if (password.absent() && passwordFile.absent()) {
            throw cluster.error("needs 'password: ${CRMW_DB_PASSWORD}' or 'password-file: /run/secrets/crmw-db'");
        }
        Secret secret = !password.absent() ? secretFromEnv(password, resolveSecrets) : secretFromFile(passwordFile, resolveSecrets);
        Node nodeIdNode = cluster.child("node-id");
        String nodeIdText = nodeIdNode.text().orElse("").strip();
        Matcher onlyVariable = ENV_REF.matcher(nodeIdText);
        // node-id: ${HOSTNAME} where the variable is not exported (a shell's own HOSTNAME is not): the default below
        boolean unsetVariable = onlyVariable.matches() && onlyVariable.group(2) == null
                && (env.apply(onlyVariable.group(1)) == null || env.apply(onlyVariable.group(1)).isBlank());
        String nodeId = nodeIdNode.absent() || unsetVariable ? "" : resolve(nodeIdNode, nodeIdText).strip();
        if (nodeId.isEmpty()) {
            nodeId = defaultNodeId();
        } else if (!nodeId.matches("[A-Za-z0-9._-]{1,60}")) {
            throw nodeIdNode.error("'" + nodeId + "' is not a node id: letters, digits, '.', '_' and '-', at most 60");
        }
        Node checkin = cluster.child("checkin-interval-ms");
        String checkinText = checkin.text().orElse("5000").strip();
        long checkinMs;
        try {
            checkinMs = Long.parseLong(checkinText);
        } catch (NumberFormatException e) {
            checkinMs = -1;
        }
        if (checkinMs < 500 || checkinMs > 600_000) {
            throw checkin.error("'" + checkinText + "' is not a number of milliseconds between 500 and 600000; a node "
                    + "silent for longer than this is declared dead and its syncs recovered elsewhere");
        }
        return Optional.of(new CrmwConfig.Cluster(url, user, secret, nodeId, java.time.Duration.ofMillis(checkinMs)));
    }

    private String defaultNodeId() {
        String host = env.apply("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "node";
            }
        }
        return (host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + ProcessHandle.current().pid());
    }

    /** {@code serve: token: ${CRMW_SERVE_TOKEN}} or {@code token-file: /path}: a credential like a source's. */
    private Optional<Secret> serveToken(Node serve, boolean resolveSecrets) {
        if (serve.absent()) {
            return Optional.empty();
        }
        if (!(serve.value() instanceof Map<?, ?>)) {
            throw serve.error("must be a mapping (token: ${CRMW_SERVE_TOKEN})");
        }
        refuseUnknownKeys(serve, SERVE_KEYS);
        Node token = serve.child("token");
        Node file = serve.child("token-file");
        if (!token.absent() && !file.absent()) {
            throw token.error("give either 'token-file' or 'token', not both");
        }
        Secret secret = !token.absent() ? secretFromEnv(token, resolveSecrets)
                : !file.absent() ? secretFromFile(file, resolveSecrets) : null;
        if (secret != null && resolveSecrets && secret.reveal().length() < 16) {
            throw (token.absent() ? file : token).error("the access token is shorter than 16 characters; use a random one, e.g. `openssl rand -hex 24`");
        }
        return Optional.ofNullable(secret);
    }

    private static int rawRetentionDays(Node node) {
        String text = node.text().orElse("30").strip();
        try {
            int days = Integer.parseInt(text);
            if (days >= 0 && days <= 36_500) {
                return days;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw node.error("'" + text + "' is not a number of days between 0 and 36500; raw versions older than this"
                + " are deleted (each id's latest version is always kept); remove the key for the default 30");
    }

    private static int fullRebuildDays(Node node) {
        String text = node.text().orElse(String.valueOf(CrmwConfig.DEFAULT_FULL_REBUILD_DAYS)).strip();
        try {
            int days = Integer.parseInt(text);
            if (days >= 0 && days <= 365) {
                return days;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw node.error("'" + text + "' is not a number of days between 0 and 365; a report model last built in full"
                + " this long ago is built in full again (0: every transform); remove the key for the default "
                + CrmwConfig.DEFAULT_FULL_REBUILD_DAYS);
    }

    private static boolean publishRaw(Node node) {
        String text = node.text().orElse("false").strip();
        if (!text.equals("true") && !text.equals("false")) {
            throw node.error("'" + text + "' is not true or false; true publishes the raw tables (vendor payloads) too");
        }
        return text.equals("true");
    }

    private CrmwConfig.ScheduledSource source(Node node, boolean resolveSecrets) {
        if (!(node.value() instanceof Map<?, ?>)) {
            throw node.error("must be a mapping of keys to values (name, type, base-url, ...)");
        }
        String name = node.child("name").required().text().orElseThrow();
        if (!SOURCE_NAME.matcher(name).matches()) {
            throw node.child("name").error("'" + name + "' is not a valid source name; use lower-case letters, digits and '-', starting with a letter");
        }
        Node typeNode = node.child("type").required();
        String type = typeNode.text().orElseThrow();
        if (!connectors.knows(type)) {
            throw typeNode.error("unknown source type '" + type + "'; known types: " + String.join(", ", connectors.types()));
        }
        Connector connector = connectors.forType(type);
        Map<String, Setting> declared = CommonSettings.of(connector);
        List<String> plainButSecretLooking = CommonSettings.secretLookingPlainKeys(connector);
        if (!plainButSecretLooking.isEmpty()) {
            throw typeNode.error("the " + type + " connector declares " + plainButSecretLooking + " as plain settings "
                    + "although they look like credentials; refused so that no credential is written in clear (connector bug)");
        }
        refuseUnknownKeys(node, knownSourceKeys(declared));

        Node urlNode = node.child("base-url");
        if (urlNode.absent() && declared.get("base-url").required()) {
            urlNode.required();
        }
        URI baseUrl = urlNode.absent() ? null : safeUrl(urlNode, resolve(urlNode, urlNode.text().orElseThrow()));

        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, Secret> secrets = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : node.children().entrySet()) {
            String key = entry.getKey();
            Node value = entry.getValue();
            Setting fileOf = fileFormOf(key, declared);
            if (fileOf != null) {
                if (!node.child(fileOf.key()).absent()) {
                    throw value.error("give either '" + fileOf.key() + "' or '" + key + "', not both");
                }
                secrets.put(fileOf.key(), secretFromFile(value, resolveSecrets));
                continue;
            }
            if (STRUCTURAL_KEYS.contains(key)) {
                continue;
            }
            Setting setting = declared.get(key);
            if (setting.secret()) {
                secrets.put(key, secretFromEnv(value, resolveSecrets));
                continue;
            }
            if (value.absent()) {
                throw value.error("has no value; give one or remove the key to use the default" + defaultHint(setting));
            }
            String text = resolve(value, value.scalar()).strip();
            if (text.isEmpty()) {
                throw value.error("is empty; remove the key to use the default" + defaultHint(setting));
            }
            if (setting.kind() == Setting.Kind.URL) {
                safeUrl(value, text); // before any message could repeat a URL holding credentials
            }
            Optional<String> problem = setting.problem(text);
            if (problem.isPresent()) {
                throw value.error(problem.get());
            }
            settings.put(key, text);
        }
        for (Setting setting : declared.values()) {
            if (setting.required() && !STRUCTURAL_KEYS.contains(setting.key()) && !settings.containsKey(setting.key())
                    && !secrets.containsKey(setting.key())) {
                throw node.child(setting.key()).error("is required but missing (" + setting.doc() + ")");
            }
        }
        List<String> streams = streams(node.child("streams"), connector);
        Optional<RateLimit> rateLimit = rateLimit(node.child("rate-limit"));
        Optional<String> schedule = node.child("schedule").text();
        schedule.ifPresent(cron -> checkCron(node.child("schedule"), cron));
        SourceConfig config = new SourceConfig(name, type, baseUrl, settings, secrets, streams, rateLimit);
        try {
            connector.validate(config);
        } catch (ConfigException e) {
            throw node.error(e.getMessage());
        }
        if (!resolveSecrets) {
            // checked with placeholders above; a read-only command never holds a credential
            config = new SourceConfig(name, type, baseUrl, settings, Map.of(), streams, rateLimit);
        }
        return new CrmwConfig.ScheduledSource(config, schedule);
    }

    /** Declared keys, plus {@code <key>-file} for each secret. */
    private static List<String> knownSourceKeys(Map<String, Setting> declared) {
        Set<String> known = new LinkedHashSet<>(declared.keySet());
        declared.values().stream().filter(Setting::secret).forEach(s -> known.add(s.key() + FILE_SUFFIX));
        return List.copyOf(known);
    }

    private static Setting fileFormOf(String key, Map<String, Setting> declared) {
        if (!key.endsWith(FILE_SUFFIX)) {
            return null;
        }
        Setting base = declared.get(key.substring(0, key.length() - FILE_SUFFIX.length()));
        return base != null && base.secret() ? base : null;
    }

    private static void refuseUnknownKeys(Node node, List<String> known) {
        for (String key : node.children().keySet()) {
            if (!known.contains(key)) {
                Optional<String> nearest = NearestKey.to(key, known);
                throw node.child(key).error("unknown key; " + nearest.map(k -> "did you mean '" + k + "'?")
                        .orElse("known keys: " + String.join(", ", known)));
            }
        }
    }

    private static String defaultHint(Setting setting) {
        return setting.defaultValue() == null ? "" : " (" + setting.defaultValue() + ")";
    }

    private static List<String> streams(Node node, Connector connector) {
        List<String> streams = new ArrayList<>();
        for (Node item : node.list()) {
            String stream = item.text().orElseThrow(() -> item.error("is empty"));
            if (!connector.streamNames().contains(stream)) {
                throw item.error("unknown stream '" + stream + "'; " + NearestKey.to(stream, connector.streamNames())
                        .map(s -> "did you mean '" + s + "'? ").orElse("") + connector.type() + " offers "
                        + String.join(", ", connector.streamNames()));
            }
            streams.add(stream);
        }
        return streams;
    }

    private Optional<RateLimit> rateLimit(Node node) {
        if (node.absent()) {
            return Optional.empty();
        }
        if (!(node.value() instanceof Map<?, ?>)) {
            throw node.error("must be a mapping, e.g. rate-limit: { requests: 100, per-seconds: 10 }");
        }
        refuseUnknownKeys(node, RATE_LIMIT_KEYS);
        long requests = wholeNumber(node.child("requests").required(), 1, 100_000);
        long perSeconds = node.child("per-seconds").absent() ? 1 : wholeNumber(node.child("per-seconds"), 1, 86_400);
        return Optional.of(new RateLimit((int) requests, Duration.ofSeconds(perSeconds)));
    }

    private long wholeNumber(Node node, long min, long max) {
        String text = resolve(node, node.scalar()).strip();
        Setting range = new Setting(node.leaf(), Setting.Kind.WHOLE_NUMBER, false, null, min, max, "");
        range.problem(text).ifPresent(problem -> {
            throw node.error(problem);
        });
        return Long.parseLong(text);
    }

    private Secret secretFromEnv(Node node, boolean resolveSecrets) {
        String raw = node.scalar();
        Matcher m = ENV_REF.matcher(raw.trim());
        if (!m.matches()) {
            throw node.error("credentials must come from an environment variable (" + node.leaf() + ": ${MY_VAR}) or a file ("
                    + node.leaf() + "-file: /path), never written in the config");
        }
        if (m.group(2) != null) {
            throw node.error("a credential cannot have a default value (${" + m.group(1) + ":-...}); use ${" + m.group(1)
                    + "} or " + node.leaf() + "-file: /path");
        }
        String origin = "${" + m.group(1) + "}";
        if (!resolveSecrets) {
            return new Secret(origin, "");
        }
        String value = env.apply(m.group(1));
        if (value == null || value.isBlank()) {
            throw node.error("environment variable " + m.group(1) + " is not set; export " + m.group(1) + "=<value> before running crmw");
        }
        return new Secret(origin, value.trim());
    }

    private Secret secretFromFile(Node node, boolean resolveSecrets) {
        String pathText = resolve(node, node.text().orElseThrow()).strip();
        Path path = Path.of(pathText);
        if (!resolveSecrets) {
            return new Secret(path.toString(), "");
        }
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

    /**
     * An http(s) URL with a host, no credentials in it (user info, secret-looking query parameters) and https unless
     * the host is a loopback address. Messages never repeat a URL that holds credentials.
     */
    private static URI safeUrl(Node node, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw node.error("'" + text + "' is not a valid URL (" + e.getReason() + "), e.g. https://api.hubapi.com");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            if (uri.getRawUserInfo() != null) {
                throw node.error("must not contain credentials (user:password@); give them as secrets");
            }
            throw node.error("'" + text + "' is not an http(s) URL with a host, e.g. https://api.hubapi.com");
        }
        if (uri.getRawUserInfo() != null) {
            throw node.error("must not contain credentials (user:password@host); remove them and give the credential "
                    + "as a secret key of the source, e.g. token: ${MY_TOKEN}");
        }
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String param = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                String lower = param.toLowerCase(java.util.Locale.ROOT);
                if (CommonSettings.looksSecret(lower) || SECRET_QUERY_NAMES.contains(lower)) {
                    throw node.error("must not carry a credential in its query ('" + param + "'); remove it and give "
                            + "the credential as a secret key of the source, e.g. token: ${MY_TOKEN}");
                }
            }
        }
        if (scheme.equals("http") && !loopback(uri.getHost())) {
            throw node.error("'" + text + "' uses plain http to a host that is not this machine; use https (plain http "
                    + "is accepted only for localhost / 127.0.0.1 / ::1)");
        }
        return uri;
    }

    private static boolean loopback(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127(\\.\\d{1,3}){3}");
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

        ConfigException error(String problem) {
            return new ConfigException(file + ": " + path + ": " + problem);
        }

        private String join(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }
    }
}
