package io.crmw.connectors.spi;

import java.util.List;

/**
 * One page of an ids-only listing (see {@link Stream#readIds}).
 *
 * @param ids  the vendor ids of live records on the page
 * @param next the token of the next page; null when this was the last
 */
public record IdPage(List<String> ids, String next) {
    public IdPage {
        ids = List.copyOf(ids);
    }
}
