package io.crmw.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class StreamCursorTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final Instant SINCE = Instant.parse("2024-05-01T00:00:00Z");
    private static final Instant SEEN = Instant.parse("2024-05-20T14:03:11Z");
    private static final Instant START = Instant.parse("2024-05-21T08:00:00Z");
    private static final Duration LOOKBACK = Duration.ofMinutes(10);

    @Test
    void roundTripsThroughJsonWithRfc3339Instants() {
        StreamCursor cursor = new StreamCursor(2, "eyJmaWVsZCI6InVwZGF0ZV90aW1lIiwiaWQiOjgxMn0", SINCE, SEEN, START);

        String json = cursor.toJson();

        assertThat(StreamCursor.parse(json)).isEqualTo(cursor);
        assertThat(MAPPER.readTree(json).path("since").asString()).isEqualTo("2024-05-01T00:00:00Z");
        assertThat(MAPPER.readTree(json).path("maxSeen").asString()).isEqualTo("2024-05-20T14:03:11Z");
        assertThat(MAPPER.readTree(json).path("phase").asInt()).isEqualTo(2);
    }

    @Test
    void anAbsentCursorIsAFirstLoad() {
        assertThat(StreamCursor.parse(null)).isEqualTo(StreamCursor.fromScratch());
        assertThat(StreamCursor.parse(" ")).isEqualTo(new StreamCursor(0, null, null, null, null));
        assertThat(StreamCursor.parse(StreamCursor.fromScratch().toJson())).isEqualTo(StreamCursor.fromScratch());
    }

    @Test
    void thePassStartIsSetOnceAndKeptAcrossPagesAndPhases() {
        StreamCursor started = StreamCursor.fromScratch().started(START);
        assertThat(started.passStart()).isEqualTo(START);
        assertThat(started.started(START.plusSeconds(60)).passStart()).isEqualTo(START);

        StreamCursor page2 = started.nextPage("c1", SEEN.minusSeconds(60));
        StreamCursor phase2 = page2.nextPhase(null);
        assertThat(page2).isEqualTo(new StreamCursor(0, "c1", null, SEEN.minusSeconds(60), START));
        assertThat(phase2).isEqualTo(new StreamCursor(1, null, null, SEEN.minusSeconds(60), START));
        assertThat(phase2.nextPage(null, SEEN).maxSeen()).isEqualTo(SEEN);
        assertThat(phase2.nextPage(null, SINCE).maxSeen()).isEqualTo(SEEN.minusSeconds(60));
    }

    @Test
    void theNextRunStartsALookbackBeforeTheGreatestChangeSeen() {
        StreamCursor done = new StreamCursor(2, null, SINCE, SEEN, START);
        assertThat(done.nextRun(LOOKBACK)).isEqualTo(new StreamCursor(0, null, SEEN.minus(LOOKBACK), null, null));
    }

    @Test
    void changesStampedAfterThePassStartedAreReadAgainFromThePassStart() {
        // a record stamped later than the pass start (clock skew, or changed while paging) must not push since past it
        StreamCursor done = new StreamCursor(1, null, SINCE, START.plusSeconds(3600), START);
        assertThat(done.nextRun(LOOKBACK).since()).isEqualTo(START.minus(LOOKBACK));
    }

    @Test
    void theNextRunNeverStartsBeforeThisPassesSince() {
        StreamCursor seenJustAfterSince = new StreamCursor(0, null, SEEN.minusSeconds(60), SEEN, START);
        assertThat(seenJustAfterSince.nextRun(LOOKBACK).since()).isEqualTo(SEEN.minusSeconds(60));

        StreamCursor nothingSeen = new StreamCursor(0, null, SINCE, null, START);
        assertThat(nothingSeen.nextRun(LOOKBACK)).isEqualTo(new StreamCursor(0, null, SINCE, null, null));
    }

    @Test
    void aFirstLoadThatSawNothingStaysAFirstLoad() {
        assertThat(StreamCursor.fromScratch().started(START).nextRun(LOOKBACK)).isEqualTo(StreamCursor.fromScratch());
    }
}
