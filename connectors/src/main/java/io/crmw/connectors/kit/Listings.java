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

    /** What a parent record has below it, e.g. a deal's stage history. */
    @FunctionalInterface
    public interface Children {
        List<ObjectNode> of(ObjectNode parent) throws IOException;
    }

    /**
     * One record per parent holding its children: {@code {<copied fields>, "data": [<children>]}}; {@code copied} names
     * pairs of a field of the record and the parent's field it takes, e.g. {@code "deal_id", "id"}.
     */
    public static List<ObjectNode> perParent(List<ObjectNode> parents, Children children, String... copied)
            throws IOException {
        List<ObjectNode> out = new ArrayList<>(parents.size());
        for (ObjectNode parent : parents) {
            ObjectNode holder = parent.objectNode();
            for (int i = 0; i + 1 < copied.length; i += 2) {
                holder.set(copied[i], parent.path(copied[i + 1]));
            }
            holder.putArray("data").addAll(children.of(parent));
            out.add(holder);
        }
        return out;
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
