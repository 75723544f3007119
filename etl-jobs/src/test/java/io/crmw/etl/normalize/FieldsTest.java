package io.crmw.etl.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FieldsTest {

    private static Fields fields(String json) {
        var node = JsonMapper.builder().build().readTree(json);
        return new Fields(new RawRow("src", "stream", "1", false, Instant.EPOCH, 1, node), node);
    }

    @Test
    void instantsParseWithAnyFractionOffsetsEpochMillisAndBareDates() {
        assertThat(Fields.parseInstant("2024-05-20T14:03:11Z")).isEqualTo(Instant.parse("2024-05-20T14:03:11Z"));
        assertThat(Fields.parseInstant("2024-05-20T14:03:11.5Z")).isEqualTo(Instant.parse("2024-05-20T14:03:11.500Z"));
        assertThat(Fields.parseInstant("2024-05-20T14:03:11.501Z")).isEqualTo(Instant.parse("2024-05-20T14:03:11.501Z"));
        assertThat(Fields.parseInstant("2024-05-20T14:03:11.123456789Z"))
                .isEqualTo(Instant.parse("2024-05-20T14:03:11.123456789Z"));
        assertThat(Fields.parseInstant("2024-05-20T16:03:11+02:00")).isEqualTo(Instant.parse("2024-05-20T14:03:11Z"));
        assertThat(Fields.parseInstant("1721052000000")).isEqualTo(Instant.ofEpochMilli(1721052000000L));
        assertThat(Fields.parseInstant("2024-05-20")).isEqualTo(Instant.parse("2024-05-20T00:00:00Z"));
        assertThat(Fields.parseInstant("2024-05-20 14:03:11")).isEqualTo(Instant.parse("2024-05-20T14:03:11Z"));
        assertThat(Fields.parseInstant("2024-02-30T00:00:00Z")).isNull();
        assertThat(Fields.parseInstant("yesterday")).isNull();
    }

    @Test
    void emptyAndMalformedValuesAreNull() {
        Fields f = fields("""
                {"blank":"  ","n":"12.0","bad":"1O","b":"TRUE","d":"2024-07-15T00:00:00Z","big":"99999999999"}""");

        assertThat(f.text("blank")).isNull();
        assertThat(f.text("missing")).isNull();
        assertThat(f.integer("n")).isEqualTo(12);
        assertThat(f.integer("bad")).isNull();
        assertThat(f.integer("big")).isNull();
        assertThat(f.whole("big")).isEqualTo(99_999_999_999L);
        assertThat(f.decimal("bad", 2)).isNull();
        assertThat(f.bool("b")).isTrue();
        assertThat(f.bool("n")).isNull();
        assertThat(f.date("d")).isEqualTo(LocalDate.of(2024, 7, 15));
    }
}
