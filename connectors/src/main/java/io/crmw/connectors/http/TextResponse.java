package io.crmw.connectors.http;

import okhttp3.Headers;

/** A successful non-JSON response: its body as text and its headers (e.g. a CSV page and its paging header). */
public record TextResponse(String body, Headers headers) {

    /** The header's value, or null when absent. */
    public String header(String name) {
        return headers.get(name);
    }
}
