package io.crmw.connectors.kit;

import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.spi.SourceException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every record of a small paged listing read within one page of a stream (field metadata, a deal's products or
 * changelog): each answer validated like a stream page, the same token twice refused.
 */
public final class Listings {

    private Listings() {}

    /**
     * @param what      names the source and stream for messages, e.g. {@code source 'pd' stream 'deals'}
     * @param path      path and fixed query of the listing
     * @param recordsAt JSON pointer of the records array
     */
    public static List<ObjectNode> all(String what, StreamHttp http, String path, String recordsAt, Paginator paginator)
            throws IOException {
        return all(what, http, path, recordsAt, null, paginator);
    }

    /** {@link #all} of a listing whose records sit in envelopes, each at {@code itemPointer} (Sell's {@code /data}). */
    public static List<ObjectNode> all(String what, StreamHttp http, String path, String recordsAt, String itemPointer,
                                       Paginator paginator) throws IOException {
        List<ObjectNode> items = new ArrayList<>();
        String token = null;
        do {
            StringBuilder url = new StringBuilder(path);
            for (Map.Entry<String, String> p : paginator.params(token).entrySet()) {
                url.append(url.indexOf("?") < 0 ? '?' : '&').append(p.getKey()).append('=')
                        .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            }
            String target = url.toString();
            String asked = token;
            String where = what + ": GET " + (path.indexOf('?') < 0 ? path : path.substring(0, path.indexOf('?')));
            token = Answers.validated(where, () -> http.get(target), answer -> {
                List<ObjectNode> found = RecordSelector.select(answer, recordsAt, itemPointer);
                items.addAll(found);
                return paginator.next(answer, found.size());
            });
            if (token != null && token.equals(asked)) {
                throw new SourceException(where + ": the vendor answered the page token it was asked with; stopped to "
                        + "avoid an endless loop", false);
            }
        } while (token != null);
        return items;
    }
}
