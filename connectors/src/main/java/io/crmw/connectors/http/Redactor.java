package io.crmw.connectors.http;

import io.crmw.connectors.spi.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scrubs credentials from text before it reaches a log line or an exception message: Authorization header
 * values, bearer tokens, {@code access_token}/{@code refresh_token}/{@code client_secret}/{@code password}
 * (and similar) values in JSON, form bodies and query strings, and the literal values of the source's secrets.
 */
public final class Redactor {

    public static final String MASK = "***";

    private static final Pattern AUTH_HEADER = Pattern.compile("(?i)(authorization\\s*[:=]\\s*\"?)[^\"\\r\\n,}]+");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=\\-]+");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)(\"?(?:access_token|refresh_token|id_token|client_secret|password|api_key|apikey|hapikey|token)\"?\\s*[:=]\\s*\"?)"
                    + "([^\"&\\s,}]+)");

    private final List<String> literals;

    public Redactor(Collection<String> secretValues) {
        List<String> values = new ArrayList<>();
        for (String v : secretValues) {
            if (v != null && v.length() >= 4) {
                values.add(v);
            }
        }
        values.sort(Comparator.comparingInt(String::length).reversed()); // longest first: a secret may contain another
        this.literals = List.copyOf(values);
    }

    public static Redactor of(Collection<Secret> secrets) {
        return new Redactor(secrets.stream().map(Secret::reveal).toList());
    }

    /** A copy that also hides {@code value} (e.g. a rotated token learned at run time). */
    public Redactor with(String value) {
        List<String> values = new ArrayList<>(literals);
        values.add(value);
        return new Redactor(values);
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String literal : literals) {
            out = out.replace(literal, MASK);
        }
        out = replace(AUTH_HEADER, out);
        out = replace(BEARER, out);
        out = replace(KEY_VALUE, out);
        return out;
    }

    private static String replace(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + MASK));
    }
}
