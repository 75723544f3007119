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
 * asks for a URL it fetched itself (a malformed answer asked for again) fetches it anew; every caller gets its own
 * copy, so a transform may change what it is given.
 */
final class SharedListings {

    private record Answer(StreamHttp fetchedBy, CompletableFuture<JsonNode> json) {}

    private final Set<String> paths; // paths without query whose GETs are shared
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

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

    private JsonNode get(StreamHttp view, String url) throws IOException {
        if (!paths.contains(pathOf(url))) {
            return view.get(url);
        }
        Answer mine = new Answer(view, new CompletableFuture<>());
        Answer prior = answers.putIfAbsent(url, mine);
        if (prior != null && prior.fetchedBy() != view) {
            try {
                return prior.json().join().deepCopy();
            } catch (RuntimeException failedElsewhere) {
                return view.get(url); // the other stream's failure is its own; this one asks for itself
            }
        }
        if (prior != null) {
            answers.put(url, mine); // asked again by the stream that fetched it: fetched again
        }
        try {
            JsonNode json = view.get(url);
            mine.json().complete(json);
            return json.deepCopy();
        } catch (IOException | RuntimeException e) {
            answers.remove(url, mine);
            mine.json().completeExceptionally(e);
            throw e;
        }
    }

    private final class Shared implements StreamHttp {
        private final StreamHttp view;

        Shared(StreamHttp view) {
            this.view = view;
        }

        @Override
        public JsonNode get(String pathAndQuery) throws IOException {
            return SharedListings.this.get(view, pathAndQuery);
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
