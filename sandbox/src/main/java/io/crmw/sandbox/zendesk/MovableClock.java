package io.crmw.sandbox.zendesk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock, moved forward on demand, so tests see the export delay, token expiry, rate windows and event
 * retention pass without waiting.
 */
final class MovableClock extends Clock {

  private volatile Duration ahead = Duration.ZERO;

  synchronized void advance(Duration d) {
    ahead = ahead.plus(d);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(ahead);
  }

  @Override
  public long millis() {
    return instant().toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the simulator's clock is UTC");
  }
}
