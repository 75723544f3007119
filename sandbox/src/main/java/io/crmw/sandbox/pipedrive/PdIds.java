package io.crmw.sandbox.pipedrive;

import io.crmw.sandbox.business.Activity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Pipedrive-style ids for the business's records: small integers, the business id minus the generator's base for
 * the kind (deal 18000000123 → 123), so they are stable while records are added; leads get a uuid, custom fields a
 * 40-character hex key. Ids below the base (hand-made businesses) are kept as they are.
 */
final class PdIds {

  static final long DEAL = 18_000_000_000L;
  static final long ORGANIZATION = 7_000_000_000L;
  static final long PERSON = 500_000L;
  static final long USER = 91_234_000L;
  static final long PRODUCT = 1_190_000_000L;
  static final long DEAL_PRODUCT = 3_300_000_000L;
  private static final long ACTIVITY = 41_000_000_000L;

  private PdIds() {
  }

  static long of(String businessId, long base) {
    long v = Long.parseLong(businessId);
    return v > base ? v - base : v;
  }

  static Long ofNullable(String businessId, long base) {
    return businessId == null ? null : of(businessId, base);
  }

  /** The business id of a Pipedrive id, or of an id kept as it was. */
  static String businessId(long pipedriveId, long base) {
    return Long.toString(pipedriveId + base);
  }

  /** Each activity type has its own id block in the generator; each gets ten million ids here. */
  static long activity(Activity a) {
    long base = ACTIVITY + 1_000_000_000L * a.type().ordinal();
    long v = Long.parseLong(a.id());
    return v > base ? 10_000_000L * a.type().ordinal() + (v - base) : v;
  }

  static String lead(String contactId) {
    return UUID.nameUUIDFromBytes(("lead:" + contactId).getBytes(StandardCharsets.UTF_8)).toString();
  }

  static String uuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** A custom field's key, as Pipedrive's 40-character hex hash. */
  static String fieldKey(String entity, String name) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest((entity + ":" + name).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
