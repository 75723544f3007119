package io.crmw.sandbox.salesforce;

/**
 * Salesforce record ids: a 3-character key prefix naming the object, 12 base-62 digits of the business's numeric id,
 * then the 3-character case-safe checksum of the 18-character form. The digits run 0-9A-Za-z (ASCII order), so
 * comparing ids as strings orders them by number, which keeps {@code Id > '…'} keyset paging meaningful.
 */
public final class SfIds {

  private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String CHECKSUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

  private SfIds() {
  }

  /** The 18-character id of record {@code number} of the object with key prefix {@code prefix}. */
  public static String id(String prefix, long number) {
    char[] c = new char[12];
    long n = number;
    for (int i = 11; i >= 0; i--) {
      c[i] = DIGITS.charAt((int) (n % 62));
      n /= 62;
    }
    return to18(prefix + new String(c));
  }

  public static String id(String prefix, String number) {
    return number == null ? null : id(prefix, Long.parseLong(number));
  }

  /** The 18-character form of a 15-character id (18-character ids are returned unchanged). */
  public static String to18(String id15) {
    if (id15 == null || id15.length() != 15) {
      return id15;
    }
    StringBuilder sb = new StringBuilder(id15);
    for (int chunk = 0; chunk < 3; chunk++) {
      int flags = 0;
      for (int j = 0; j < 5; j++) {
        char ch = id15.charAt(chunk * 5 + j);
        if (ch >= 'A' && ch <= 'Z') {
          flags |= 1 << j;
        }
      }
      sb.append(CHECKSUM.charAt(flags));
    }
    return sb.toString();
  }

  /** The business's numeric id behind a Salesforce id, or -1 when it is not one of ours. */
  public static long number(String id) {
    if (id == null || (id.length() != 15 && id.length() != 18)) {
      return -1;
    }
    long n = 0;
    for (int i = 3; i < 15; i++) {
      int d = DIGITS.indexOf(id.charAt(i));
      if (d < 0) {
        return -1;
      }
      n = n * 62 + d;
    }
    return n;
  }

  public static String prefix(String id) {
    return id == null || id.length() < 3 ? "" : id.substring(0, 3);
  }
}
