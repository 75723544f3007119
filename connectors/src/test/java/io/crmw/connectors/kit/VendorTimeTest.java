package io.crmw.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class VendorTimeTest {

    private static final Instant AT = Instant.parse("2024-05-20T14:03:11Z");

    @Test
    void readsIsoInstantsWithZOrAnOffsetWithOrWithoutColon() {
        assertThat(VendorTime.parse("2024-05-20T14:03:11Z")).contains(AT);
        assertThat(VendorTime.parse("2024-05-20T14:03:11z")).contains(AT);
        assertThat(VendorTime.parse("2024-05-20T14:03:11+0000")).contains(AT);
        assertThat(VendorTime.parse("2024-05-20T14:03:11+00:00")).contains(AT);
        assertThat(VendorTime.parse("2024-05-20T16:03:11+02:00")).contains(AT);
        assertThat(VendorTime.parse("2024-05-20T16:03:11+0200")).contains(AT);
        assertThat(VendorTime.parse("2024-05-20T09:03:11-05:00")).contains(AT);
        assertThat(VendorTime.parse(" 2024-05-20T14:03:11Z ")).contains(AT);
    }

    @Test
    void keepsFractionsOfAnyLength() {
        assertThat(VendorTime.parse("2024-05-14T11:30:36.551Z")).contains(Instant.parse("2024-05-14T11:30:36.551Z"));
        assertThat(VendorTime.parse("2024-05-20T14:03:11.000+0000")).contains(AT);
        assertThat(VendorTime.parse("2024-05-20T14:03:11.5+00:00")).contains(Instant.parse("2024-05-20T14:03:11.500Z"));
        assertThat(VendorTime.parse("2024-05-20T14:03:11.123456789Z"))
                .contains(Instant.parse("2024-05-20T14:03:11.123456789Z"));
    }

    @Test
    void readsPipedriveV1WallTimesWithoutZoneAsUtc() {
        assertThat(VendorTime.parse("2024-05-20 14:03:11")).contains(AT);
        assertThat(VendorTime.parse("2024-05-20T14:03:11")).contains(AT);
    }

    @Test
    void readsPlainDatesAsMidnightUtc() {
        assertThat(VendorTime.parse("2024-07-15")).contains(Instant.parse("2024-07-15T00:00:00Z"));
    }

    @Test
    void readsEpochMilliseconds() {
        assertThat(VendorTime.parse("1716213791000")).contains(AT);
        assertThat(VendorTime.epochMillis("1716213791000", -1)).isEqualTo(AT.toEpochMilli());
    }

    @Test
    void garbageNullAndBlankAreEmptyNotAnException() {
        assertThat(VendorTime.parse(null)).isEmpty();
        assertThat(VendorTime.parse("")).isEmpty();
        assertThat(VendorTime.parse("   ")).isEmpty();
        assertThat(VendorTime.parse("yesterday")).isEmpty();
        assertThat(VendorTime.parse("2024-13-45")).isEmpty();
        assertThat(VendorTime.parse("2024-05-20T25:03:11Z")).isEmpty();
        assertThat(VendorTime.parse("2024-05-20T14:03:11Zjunk")).isEmpty();
        assertThat(VendorTime.parse("99999999999999999999999")).isEmpty();
        assertThat(VendorTime.epochMillis("yesterday", -1)).isEqualTo(-1);
    }

    @Test
    void writesRfc3339InUtcToTheSecond() {
        assertThat(VendorTime.rfc3339(Instant.parse("2024-05-20T14:03:11.987Z"))).isEqualTo("2024-05-20T14:03:11Z");
    }

    @Test
    void laterToleratesNulls() {
        Instant earlier = AT.minusSeconds(1);
        assertThat(VendorTime.later(null, AT)).isEqualTo(AT);
        assertThat(VendorTime.later(AT, null)).isEqualTo(AT);
        assertThat(VendorTime.later(earlier, AT)).isEqualTo(AT);
        assertThat(VendorTime.later(AT, earlier)).isEqualTo(AT);
        assertThat(VendorTime.later(null, null)).isNull();
    }
}
