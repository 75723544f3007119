package io.crmw.connectors.http;

import io.crmw.connectors.spi.RateLimit;
import io.crmw.connectors.spi.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The shared HTTP client of one source: one OkHttp client (connection pool, transparent gzip), one {@link Auth},
 * one general {@link RateLimiter} plus the vendor's named budgets, all shared by its streams; counters per stream.
 * Every attempt acquires the budget(s), is logged at DEBUG, and is retried (WARN) on 429, retryable 5xx/vendor
 * statuses, I/O errors and malformed JSON bodies, honouring {@code Retry-After} up to {@code maxServerWait}
 * (a longer requested wait stops the call with a resumable {@link SourceException} naming the wait, instead of
 * sleeping for it). A call timeout bounds each attempt as a whole, however slowly the server sends. Messages go
 * through the {@link Redactor}.
 */
public final class OkHttpSourceHttp implements SourceHttp {

    private static final Logger log = LoggerFactory.getLogger(OkHttpSourceHttp.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final String source;
    private final HttpUrl baseUrl;
    private final Auth auth;
    private final VendorRules rules;
    private final RetryPolicy retry;
    private final RateLimiter general;
    private final Map<String, RateLimiter> budgets;
    private final Redactor redactor;
    private final Sleeper sleeper;
    private final Ticker ticker;
    private final Clock clock;
    private final RandomGenerator random;
    private final Duration maxServerWait;
    private final Duration callTimeout;
    private final OkHttpClient client;

    private OkHttpSourceHttp(Builder b) {
        this.source = b.source;
        this.baseUrl = Objects.requireNonNull(HttpUrl.parse(b.baseUrl), "base URL");
        this.auth = b.auth;
        this.rules = b.rules;
        this.retry = b.retry.withRetryable(b.rules.extraRetryableStatuses());
        this.sleeper = b.sleeper;
        this.ticker = b.ticker;
        this.clock = b.clock;
        this.random = b.random;
        this.redactor = b.redactor;
        this.maxServerWait = b.maxServerWait;
        this.callTimeout = b.callTimeout;
        this.general = new RateLimiter(source, b.rateLimit, ticker, sleeper);
        Map<String, RateLimiter> named = new HashMap<>();
        b.extraBudgets.forEach((name, limit) -> named.put(name, new RateLimiter(source + "/" + name, limit, ticker, sleeper)));
        this.budgets = Map.copyOf(named);
        this.client = new OkHttpClient.Builder()
                .connectTimeout(b.connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(b.readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(b.callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false) // our retry loop counts and spaces every attempt
                .build();
    }

    public static Builder builder(String source, String baseUrl, Auth auth) {
        return new Builder(source, baseUrl, auth);
    }

    @Override
    public StreamHttp forStream(String stream) {
        return new View(stream);
    }

    /** Where the auth keeps an OAuth refresh token the vendor rotates (no-op for auths without one). */
    public void keepRefreshTokensIn(RefreshTokenStore store) {
        if (auth instanceof RotatesRefreshToken rotating) {
            rotating.keepRefreshTokenIn(store, source);
        }
    }

    /** The general budget of this source (for tests and metrics). */
    public RateLimiter generalBudget() {
        return general;
    }

    /** Releases the connection pool and dispatcher threads. */
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private final class View implements StreamHttp {
        private final String stream;
        private final AtomicLong calls = new AtomicLong();
        private final AtomicLong retries = new AtomicLong();
        private final AtomicLong throttled = new AtomicLong();

        View(String stream) {
            this.stream = stream;
        }

        @Override
        public JsonNode get(String pathAndQuery) throws IOException {
            return execute(this, "GET", pathAndQuery, null, true);
        }

        @Override
        public JsonNode get(String pathAndQuery, Map<String, String> headers) throws IOException {
            return execute(this, "GET", pathAndQuery, null, true, "application/json", headers,
                    (status, response) -> parse(status, response.body()));
        }

        @Override
        public JsonNode post(String path, JsonNode body) throws IOException {
            byte[] bytes = MAPPER.writeValueAsBytes(body);
            return execute(this, "POST", path, RequestBody.create(bytes, JSON), true);
        }

        @Override
        public JsonNode postForm(String url, Map<String, String> form) throws IOException {
            return execute(this, "POST", url, formBody(form), false);
        }

        @Override
        public TextResponse getText(String pathAndQuery, String accept) throws IOException {
            return execute(this, "GET", pathAndQuery, null, true, accept, Map.of(),
                    (status, response) -> new TextResponse(readText(response.body()), response.headers()));
        }

        @Override
        public CallStats stats() {
            return new CallStats(calls.get(), retries.get(), throttled.get());
        }
    }

    private static RequestBody formBody(Map<String, String> form) {
        FormBody.Builder fb = new FormBody.Builder();
        form.forEach(fb::add);
        return fb.build();
    }

    private JsonNode execute(View view, String method, String target, RequestBody body, boolean authenticated)
            throws IOException {
        return execute(view, method, target, body, authenticated, "application/json", Map.of(),
                (status, response) -> parse(status, response.body()));
    }

    /** Reads a successful response; a {@link JacksonException} or {@link IOException} makes the attempt retried. */
    @FunctionalInterface
    private interface BodyReader<T> {
        T read(int status, Response response) throws IOException;
    }

    private <T> T execute(View view, String method, String target, RequestBody body, boolean authenticated,
                          String accept, Map<String, String> headers, BodyReader<T> reader) throws IOException {
        HttpUrl url = resolve(target);
        String where = "source '" + source + "', stream '" + view.stream + "': " + method + " " + display(url);
        List<RateLimiter> limiters = new ArrayList<>();
        limiters.add(general);
        rules.budgetFor(method, url.encodedPath()).map(budgets::get).ifPresent(limiters::add);
        TokenEndpoint tokens = (tokenUrl, form) -> execute(view, "POST", tokenUrl, formBody(form), false);
        boolean reauthenticated = false;
        int attempt = 0;
        while (true) {
            attempt++;
            List<RateLimiter.Permit> permits = new ArrayList<>(limiters.size());
            try {
                for (RateLimiter limiter : limiters) {
                    // a token call is made inside an authenticated call, which holds its own slot in flight
                    permits.add(authenticated ? limiter.acquire() : limiter.acquireWhileHolding());
                }
            } catch (InterruptedException e) {
                permits.forEach(RateLimiter.Permit::close);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(where + ": interrupted while waiting for the rate budget");
            }
            Request.Builder rb = new Request.Builder().header("Accept", accept);
            headers.forEach(rb::header);
            rb.method(method, body);
            if (authenticated) {
                auth.apply(rb, tokens);
                // the first token may have taught the base URL (Salesforce instance_url)
                HttpUrl current = resolve(target);
                if (!current.equals(url)) {
                    url = current;
                    where = "source '" + source + "', stream '" + view.stream + "': " + method + " " + display(url);
                }
            }
            rb.url(url);
            view.calls.incrementAndGet();
            long started = ticker.nanos();
            String failure;
            Duration retryAfter = null;
            try (Response response = client.newCall(rb.build()).execute()) {
                int status = response.code();
                // answered: the vendor has counted the call; its slot is stamped now, and its count taken in
                rules.budgetRemaining(response.headers()).ifPresent(left -> general.observeRemaining(permits.get(0), left));
                permits.forEach(RateLimiter.Permit::close);
                log.debug("{} {} {} -> {} in {} ms", source + "/" + view.stream, method,
                        redactor.redact(display(url)), status, (ticker.nanos() - started) / 1_000_000);
                Duration pause = rules.pauseAfter(status, response.headers());
                if (pause.compareTo(maxServerWait) > 0) {
                    // a vendor interval header is a courtesy hold after an answered call: hold at most maxServerWait
                    log.warn("{}: vendor asks to hold calls for {} ms; holding {} ms (retry-max-millis)", source,
                            pause.toMillis(), maxServerWait.toMillis());
                    pause = maxServerWait;
                }
                if (pause.compareTo(Duration.ZERO) > 0) {
                    general.pauseFor(pause);
                    log.debug("{}: vendor budget exhausted, holding calls for {} ms", source, pause.toMillis());
                }
                if (response.isSuccessful() || status == 304) { // 304: the answer to a conditional GET
                    try {
                        return reader.read(status, response);
                    } catch (JacksonException e) {
                        failure = e.getCause() instanceof IOException io
                                ? ioFailure(io) // the body stopped arriving: not the vendor's JSON at fault
                                : "malformed JSON in the " + status + " response (" + e.getOriginalMessage() + ")";
                    }
                } else {
                    String text = readLimited(response.body());
                    JsonNode errorBody = tryParse(text);
                    String vendorMessage = redactor.redact(rules.errorMessage(errorBody, text));
                    Optional<String> stop = rules.stopReason(status, response.headers(), errorBody);
                    if (status == 429 || stop.isPresent()) {
                        view.throttled.incrementAndGet();
                    }
                    if (stop.isPresent()) {
                        throw new SourceException(redactor.redact(where + " -> " + status + ": " + stop.get()), true);
                    }
                    if (status == 401 && authenticated && !reauthenticated && auth.onUnauthorized()) {
                        reauthenticated = true;
                        view.retries.incrementAndGet();
                        attempt--; // the re-authenticated retry is the one extra try, not a backoff attempt
                        log.warn("{} -> 401 ({}); refreshing credentials and retrying once", redactor.redact(where),
                                vendorMessage);
                        continue;
                    }
                    if (!retry.retryable(status)) {
                        throw new SourceException(redactor.redact(where + " -> " + status + " " + advice(status,
                                authenticated) + (vendorMessage.isBlank() ? "" : " Vendor said: " + vendorMessage)), false);
                    }
                    failure = "HTTP " + status + (vendorMessage.isBlank() ? "" : " (" + vendorMessage + ")");
                    retryAfter = parseRetryAfter(response.header("Retry-After"));
                    if (retryAfter != null && retryAfter.compareTo(maxServerWait) > 0) {
                        throw new SourceException(redactor.redact(where + " -> " + status + ": the server asks to wait "
                                + humanDuration(retryAfter) + " (Retry-After), longer than retry-max-millis ("
                                + maxServerWait.toMillis() + " ms); stopped instead of waiting. Retry after "
                                + clock.instant().plus(retryAfter).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                + "; the next run resumes from the stored cursor."), true);
                    }
                    if (retryAfter == null) {
                        retryAfter = rules.retryDelay(status, errorBody, attempt)
                                .map(d -> d.compareTo(maxServerWait) > 0 ? maxServerWait : d).orElse(null);
                    }
                }
            } catch (IOException e) {
                failure = ioFailure(e);
            } finally {
                permits.forEach(RateLimiter.Permit::close); // a failed call may have been counted: stamped too
            }
            if (attempt >= retry.maxAttempts()) {
                throw new SourceException(redactor.redact(where + " failed after " + attempt + " attempts; last error: "
                        + failure + ". The vendor may be overloaded or down; the next run resumes from the stored cursor."),
                        true);
            }
            Duration wait = retryAfter != null ? retryAfter : retry.backoff(attempt, random != null ? random : java.util.concurrent.ThreadLocalRandom.current());
            view.retries.incrementAndGet();
            log.warn("{}: {}; retry {}/{} in {} ms", redactor.redact(where), redactor.redact(failure), attempt,
                    retry.maxAttempts() - 1, wait.toMillis());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(where + ": interrupted during backoff");
            }
        }
    }

    private String advice(int status, boolean authenticated) {
        return switch (status) {
            case 401 -> authenticated
                    ? "token rejected (401); check/set the variable named in the config (" + auth.credentialHint() + ")."
                    : "token endpoint rejected the credentials (401); check the client id, client secret and "
                            + auth.credentialHint() + ".";
            case 400 -> authenticated
                    ? "request rejected as invalid (400)."
                    : "token endpoint rejected the refresh (400); the refresh token may be revoked: re-authorize and set "
                            + auth.credentialHint() + ".";
            case 403 -> "forbidden (403): the credentials lack a required scope/permission; grant it to the app and "
                    + "re-issue the token (" + auth.credentialHint() + ").";
            case 404 -> "not found (404); check the base URL and that the object type exists in this account.";
            case 414 -> "URI too long (414): the request's query string is too long (too many properties?); "
                    + "this is a connector bug, please report it.";
            default -> "(" + status + ") is not retryable.";
        };
    }

    private HttpUrl resolve(String target) {
        HttpUrl absolute = HttpUrl.parse(target);
        if (absolute != null) {
            return absolute;
        }
        HttpUrl base = auth.baseUrlOverride().orElse(baseUrl);
        String prefix = base.toString();
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        HttpUrl url = HttpUrl.parse(prefix + (target.startsWith("/") ? target : "/" + target));
        if (url == null) {
            throw new IllegalArgumentException("not a valid path: " + redactor.redact(target));
        }
        return url;
    }

    /** Path and (shortened) query for logs and messages; run through the redactor by callers. */
    private static String display(HttpUrl url) {
        String query = url.encodedQuery();
        if (query == null) {
            return url.encodedPath();
        }
        return url.encodedPath() + "?" + (query.length() > 200 ? query.substring(0, 200) + "…" : query);
    }

    /** The JSON body; {@link MissingNode} for 204 No Content and 304 Not Modified (no body, and not malformed). */
    private static JsonNode parse(int status, ResponseBody body) {
        if (status == 204 || status == 304) {
            return MissingNode.getInstance();
        }
        if (body == null) {
            return MAPPER.createObjectNode();
        }
        try (InputStream in = body.byteStream()) {
            JsonNode node = MAPPER.readTree(in);
            if (node == null || node instanceof MissingNode) {
                throw new IOException("empty body");
            }
            return node;
        } catch (IOException e) {
            throw tools.jackson.core.exc.JacksonIOException.construct(e);
        }
    }

    private static String readText(ResponseBody body) throws IOException {
        return body == null ? "" : body.string();
    }

    private static String readLimited(ResponseBody body) {
        if (body == null) {
            return "";
        }
        try (InputStream in = body.byteStream()) {
            return new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static JsonNode tryParse(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JacksonException e) {
            return MissingNode.getInstance();
        }
    }

    /** An I/O failure for messages; OkHttp's call timeout is a bare {@link InterruptedIOException}. */
    private String ioFailure(IOException e) {
        return e.getClass() == InterruptedIOException.class && !Thread.currentThread().isInterrupted()
                ? "no complete answer within " + callTimeout.toSeconds() + " s (call-timeout-seconds)"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String humanDuration(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? s + " s (" + (s / 3600) + " h " + (s % 3600 / 60) + " min)"
                : s >= 60 ? s + " s (" + (s / 60) + " min)" : d.toMillis() + " ms";
    }

    /** {@code Retry-After}: delta-seconds or an HTTP date; null when absent or unreadable. */
    Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            double seconds = Double.parseDouble(v);
            if (Double.isNaN(seconds)) {
                return null;
            }
            return Duration.ofMillis(Math.max(0, (long) Math.min(seconds * 1000, Long.MAX_VALUE / 2)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notDate) {
                return null;
            }
        }
    }

    /** Configuration of one source's client. */
    public static final class Builder {
        private final String source;
        private final String baseUrl;
        private final Auth auth;
        private VendorRules rules = VendorRules.NONE;
        private RateLimit rateLimit = new RateLimit(100, Duration.ofSeconds(10));
        private Map<String, RateLimit> extraBudgets = Map.of();
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private Duration callTimeout = Duration.ofSeconds(120);
        private Duration maxServerWait = Duration.ofSeconds(60);
        private Redactor redactor = new Redactor(List.of());
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Ticker ticker = Ticker.SYSTEM;
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random; // null = ThreadLocalRandom (RandomGenerator.getDefault() scans the classpath)

        private Builder(String source, String baseUrl, Auth auth) {
            this.source = source;
            this.baseUrl = baseUrl;
            this.auth = auth;
        }

        public Builder rules(VendorRules v) { this.rules = v; return this; }
        public Builder rateLimit(RateLimit v) { this.rateLimit = v; return this; }
        public Builder extraBudgets(Map<String, RateLimit> v) { this.extraBudgets = Map.copyOf(v); return this; }
        public Builder retry(RetryPolicy v) { this.retry = v; return this; }
        public Builder connectTimeout(Duration v) { this.connectTimeout = v; return this; }
        public Builder readTimeout(Duration v) { this.readTimeout = v; return this; }
        public Builder callTimeout(Duration v) { this.callTimeout = v; return this; }
        /** The longest server-requested wait ({@code Retry-After}, vendor holds) that is obeyed. */
        public Builder maxServerWait(Duration v) { this.maxServerWait = v; return this; }
        public Builder redactor(Redactor v) { this.redactor = v; return this; }
        public Builder sleeper(Sleeper v) { this.sleeper = v; return this; }
        public Builder ticker(Ticker v) { this.ticker = v; return this; }
        public Builder clock(Clock v) { this.clock = v; return this; }
        public Builder random(RandomGenerator v) { this.random = v; return this; }

        public OkHttpSourceHttp build() {
            return new OkHttpSourceHttp(this);
        }
    }
}
