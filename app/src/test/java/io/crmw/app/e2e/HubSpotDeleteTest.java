package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Contact;
import io.crmw.sandbox.hubspot.HubSpotSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A HubSpot hard delete (GDPR delete) in a 1,000-record stream is found by listing ids only, not by re-reading it. */
class HubSpotDeleteTest {
    private static final String CONTACTS = "/crm/v3/objects/contacts";

    @TempDir
    Path dir;

    /** The sandbox's HubSpot account with only the contacts stream, so the test times one stream. */
    private static SourceConfig contactsOnly(Sandbox sandbox) {
        return new SourceConfig(PipelineHarness.SOURCE, "hubspot", URI.create(sandbox.hubspot().baseUrl()),
                PipelineHarness.FAST_RETRIES, Map.of("token", new Secret("test", sandbox.hubspot().token())),
                List.of("contacts"), Optional.empty());
    }

    private static List<Object> deletedIds(PipelineHarness h) throws Exception {
        return h.rows("select source_id from core.contact where is_deleted order by source_id").stream()
                .map(row -> row.get(0)).toList();
    }

    private static long lastRun(PipelineHarness h, String column) throws Exception {
        return h.count("select " + column + " from meta.stream_run where stream = 'contacts' order by started_at desc limit 1");
    }

    @Test
    void aHardDeleteIsFoundByTheIdsOnlyListingAndTheStreamIsNotReadAgain() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(53).withSize(5).withSearchPerSecond(25));
             PipelineHarness h = new PipelineHarness(sandbox, dir, List.of(contactsOnly(sandbox)))) {
            HubSpotSimulator hubspot = sandbox.hubspot();
            var business = sandbox.business();
            long live = sandbox.groundTruth().liveContacts();
            assertThat(live).isBetween(900L, 1_100L);

            assertThat(h.sync().status()).isEqualTo("succeeded");
            long firstRunSearches = hubspot.requests("POST", CONTACTS + "/search");
            assertThat(lastRun(h, "records")).isGreaterThanOrEqualTo(live);
            assertThat(h.count("select count(*) from core.contact where not is_deleted")).isEqualTo(live);
            List<Object> deletedBefore = deletedIds(h);

            List<Contact> liveContacts = business.contacts().stream().filter(c -> !c.archived())
                    .sorted(Comparator.comparing(Contact::id)).toList();
            Contact doomed = liveContacts.get(liveContacts.size() / 2);
            // records within the lookback window (10 min before the high-water mark) are read again, by design
            Instant mark = liveContacts.stream().map(Contact::updatedAt).max(Comparator.naturalOrder()).orElseThrow()
                    .minus(Duration.ofMinutes(10));
            long overlap = liveContacts.stream().filter(c -> c != doomed && !c.updatedAt().isBefore(mark)).count();
            hubspot.hardDelete("contacts", doomed.id());
            long archivedListed = sandbox.groundTruth().archivedCount("contacts") - 1; // the purged one is in no listing
            hubspot.resetRequestLog();

            long started = System.nanoTime();
            assertThat(h.sync().status()).isEqualTo("succeeded");
            double seconds = (System.nanoTime() - started) / 1e9;

            // the warehouse flags exactly that id deleted and holds the vendor's live count
            List<Object> deletedAfter = new java.util.ArrayList<>(deletedIds(h));
            deletedAfter.removeAll(deletedBefore);
            assertThat(deletedAfter).containsExactly(doomed.id());
            assertThat(h.count("select count(*) from core.contact where not is_deleted")).isEqualTo(live - 1)
                    .isEqualTo(sandbox.groundTruth().liveContacts());
            assertThat(lastRun(h, "vendor_count")).isEqualTo(live - 1);
            assertThat(lastRun(h, "warehouse_count")).isEqualTo(live - 1);
            assertThat(lastRun(h, "tombstones")).isEqualTo(1);
            // only the overlap window was landed again, no full record of the stream
            assertThat(lastRun(h, "records")).isEqualTo(overlap).isLessThan(10);

            // ids listed page by page (100 per page) plus the archived listing; searches: one page of changes and the
            // vendor count before and after the ids pass (a pass from scratch would be 5 pages)
            long idPages = (live - 1 + 99) / 100;
            long archivedPages = Math.max(1, (archivedListed + 99) / 100);
            long searches = hubspot.requests("POST", CONTACTS + "/search");
            System.out.printf("HubSpotDeleteTest: %d live contacts, %d archived; second run %.1f s, %d records, "
                            + "%d GET %s (ids + archived), %d searches (first run %d), %s%n", live, archivedListed,
                    seconds, lastRun(h, "records"), hubspot.requests("GET", CONTACTS), CONTACTS, searches,
                    firstRunSearches, hubspot.requestLog());
            assertThat(hubspot.requests("GET", CONTACTS)).isEqualTo(idPages + archivedPages);
            // (the first load listed every contact and searched once, for the count; the GETs above are id pages and
            // the archived listing only, so no contact was read again)
            assertThat(searches).isLessThanOrEqualTo(3);
            assertThat(hubspot.requests("POST", CONTACTS + "/batch/read")).isLessThanOrEqualTo(1);
            assertThat(hubspot.requests()).isLessThanOrEqualTo(idPages + archivedPages + searches + 4);
        }
    }
}
