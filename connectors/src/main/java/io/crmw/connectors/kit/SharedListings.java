package io.crmw.connectors.kit;

import io.crmw.connectors.http.CallStats;
import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.http.TextResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Reference listings (field metadata) fetched once per source run and shared by every stream that asks for the same
 * URL: the stream landing them and the transforms naming fields by them spend one call between them. A stream that
 * asks for a URL a second time (a malformed answer asked for again) fetches it anew, and its answer replaces the
 * shared one; every caller gets its own copy, so a transform may change what it is given.
 */
final class SharedListings {

    private final Set<String> paths; // paths without query whose GETs are shared
    private final Map<String, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();

    SharedListings(Set<String> paths) {
        this.paths = Set.copyOf(paths);
    }

    /** The stream's view, answering GETs of shared paths from this run's answers. */
    StreamHttp over(StreamHttp view) {
        return paths.isEmpty() ? view : new Shared(view);
    }

    static String pathOf(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    /** {@code again}: this stream asked for {@code url} before in this run (a malformed answer asked for anew). */
    private JsonNode get(StreamHttp view, String url, boolean again) throws IOException {
        CompletableFuture<JsonNode> mine = new CompletableFuture<>();
        CompletableFuture<JsonNode> prior = again ? answers.put(url, mine) : answers.putIfAbsent(url, mine);
        if (prior != null && !again) {
            try {
                return prior.join().deepCopy();
            } catch (RuntimeException failedElsewhere) {
                return view.get(url); // the other stream's failure is its own; this one asks for itself
            }
        }
        try {
            JsonNode json = view.get(url);
            mine.complete(json);
            return json.deepCopy();
        } catch (IOException | RuntimeException e) {
            answers.remove(url, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private final class Shared implements StreamHttp {
        private final StreamHttp view;
        private final Set<String> asked = ConcurrentHashMap.newKeySet();

        Shared(StreamHttp view) {
            this.view = view;
        }

        @Override
        public JsonNode get(String pathAndQuery) throws IOException {
            return paths.contains(pathOf(pathAndQuery))
                    ? SharedListings.this.get(view, pathAndQuery, !asked.add(pathAndQuery)) : view.get(pathAndQuery);
        }

        @Override
        public JsonNode get(String pathAndQuery, Map<String, String> headers) throws IOException {
            return headers.isEmpty() ? get(pathAndQuery) : view.get(pathAndQuery, headers);
        }

        @Override
        public JsonNode post(String path, JsonNode body) throws IOException {
            return view.post(path, body);
        }

        @Override
        public JsonNode postForm(String url, Map<String, String> form) throws IOException {
            return view.postForm(url, form);
        }

        @Override
        public TextResponse getText(String pathAndQuery, String accept) throws IOException {
            return view.getText(pathAndQuery, accept);
        }

        @Override
        public CallStats stats() {
            return view.stats();
        }
    }
}
