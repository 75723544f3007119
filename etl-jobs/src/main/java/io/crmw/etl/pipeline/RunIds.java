package io.crmw.etl.pipeline;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Run ids that sort by time and read well in logs: {@code 20261127T161530Z-3f9a}. */
public final class RunIds {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private RunIds() {}

    public static String next() {
        return FORMAT.format(Instant.now()) + "-" + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xefff));
    }
}
