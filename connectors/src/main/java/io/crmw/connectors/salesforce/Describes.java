package io.crmw.connectors.salesforce;

import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.spi.SourceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The describes of every sObject a source syncs, read once per session: the first stream that needs one asks for all
 * of them in Composite calls of up to 25 describes each (one call for the usual 18 objects instead of one per
 * object), so field metadata costs a call per run, not a call per stream.
 */
final class Describes {

    private final String source;
    private final String apiVersion;
    private final List<String> objects;
    private final Map<String, Describe> known = new ConcurrentHashMap<>();
    private final Map<String, Composite.Answer> failed = new ConcurrentHashMap<>();

    Describes(String source, String apiVersion, List<String> objects) {
        this.source = source;
        this.apiVersion = apiVersion;
        this.objects = List.copyOf(objects);
    }

    /** The describe of {@code object}, read (with all others not read yet) through {@code http} when first asked. */
    synchronized Describe of(String object, String stream, StreamHttp http) throws IOException {
        Describe d = known.get(object);
        if (d == null && !failed.containsKey(object)) {
            readAll(object, stream, http);
            d = known.get(object);
        }
        if (d == null && failed.get(object).status() >= 500) {
            // a server error inside the composite is not retried there: ask for this one alone, with retries
            d = Describe.of(http.get(url(object)));
            known.put(object, d);
            failed.remove(object);
        }
        if (d == null) {
            throw new SourceException("source '" + source + "' stream '" + stream + "': describe of " + object
                    + " failed: " + failed.get(object).error() + "; check that the integration user can read "
                    + object, false);
        }
        return d;
    }

    private String url(String object) {
        return "/services/data/" + apiVersion + "/sobjects/" + object + "/describe";
    }

    private void readAll(String asked, String stream, StreamHttp http) throws IOException {
        List<String> pending = new ArrayList<>();
        pending.add(asked);
        objects.stream().filter(o -> !o.equals(asked) && !known.containsKey(o) && !failed.containsKey(o))
                .forEach(pending::add);
        for (int i = 0; i < pending.size(); i += Composite.MAX_SUBREQUESTS) {
            Map<String, String> urls = new LinkedHashMap<>();
            for (String o : pending.subList(i, Math.min(pending.size(), i + Composite.MAX_SUBREQUESTS))) {
                urls.put(o, url(o));
            }
            Map<String, Composite.Answer> answers = Composite.get(http, apiVersion, urls,
                    "source '" + source + "' stream '" + stream + "': describes");
            answers.forEach((o, a) -> {
                if (a.ok()) {
                    known.put(o, Describe.of(a.body()));
                } else {
                    failed.put(o, a);
                }
            });
        }
    }
}
