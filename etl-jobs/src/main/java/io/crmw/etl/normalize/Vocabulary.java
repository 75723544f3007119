package io.crmw.etl.normalize;

import java.util.Locale;

/**
 * Vendor values → the core model's vocabulary (deal status and type, lead status, probability fractions, currency
 * codes, domains, billing periods), for the mappers of every CRM. Pure functions of one value; null in, null out.
 */
public final class Vocabulary {

    private Vocabulary() {}

    /** won if won, lost if closed and not won, open if not closed; null when the vendor sent neither flag. */
    public static String dealStatus(Boolean isClosed, Boolean isWon) {
        if (Boolean.TRUE.equals(isWon)) {
            return "won";
        }
        if (isClosed == null) {
            return null;
        }
        return isClosed ? "lost" : "open";
    }

    /**
     * A deal type label → new / existing / renewal: '…renew…' → renewal, 'New…' → new, 'Existing…' and upsells,
     * upgrades and expansions → existing; anything else null.
     */
    public static String dealType(String raw) {
        if (raw == null) {
            return null;
        }
        String v = raw.toLowerCase(Locale.ROOT);
        if (v.contains("renew")) {
            return "renewal";
        }
        if (v.startsWith("new")) {
            return "new";
        }
        if (v.startsWith("existing") || v.contains("upsell") || v.contains("upgrade") || v.contains("expansion")) {
            return "existing";
        }
        return null;
    }

    /**
     * A CRM's lead status label → new / working / nurturing / qualified / unqualified / converted, read by its words
     * (case, spaces and punctuation ignored), so HubSpot's {@code hs_lead_status} values, the Salesforce and Zoho
     * default picklists and most custom labels land in one vocabulary: a converted lead is 'converted' whatever its
     * label; 'Closed - Not Converted', unqualified, junk, lost, archived → unqualified; '…Converted' → converted;
     * nurturing, bad timing, contact in future, recycled → nurturing; new, 'Not Contacted' → new; qualified, pre-qualified,
     * open deal → qualified; working, contacted, attempted, in progress, connected, open → working; any other label
     * 'unknown'; no label (and not converted) null.
     */
    public static String leadStatus(String label, Boolean converted) {
        if (Boolean.TRUE.equals(converted)) {
            return "converted";
        }
        if (label == null || label.isBlank()) {
            return null;
        }
        String k = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        if (containsAny(k, "notconverted", "unqualified", "notqualified", "disqualified", "junk", "lost", "badfit",
                "archived")) {
            return "unqualified";
        }
        if (k.contains("converted")) {
            return "converted";
        }
        if (containsAny(k, "nurtur", "badtiming", "future", "recycl")) {
            return "nurturing";
        }
        if (k.startsWith("new") || k.contains("notcontacted")) {
            return "new";
        }
        if (containsAny(k, "qualified", "opendeal")) {
            return "qualified";
        }
        if (containsAny(k, "working", "contacted", "attempt", "inprogress", "connected") || k.equals("open")) {
            return "working";
        }
        return "unknown";
    }

    private static boolean containsAny(String s, String... parts) {
        for (String p : parts) {
            if (s.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** A percent (0–100) as a fraction 0–1; null when absent or out of range. */
    public static Double percentFraction(Double percent) {
        if (percent == null || percent < 0 || percent > 100) {
            return null;
        }
        return percent / 100.0;
    }

    /** A fraction 0–1 as is; a value above 1 (up to 100) is taken as a percent; anything else null. */
    public static Double fractionOrPercent(Double value) {
        if (value == null || value < 0) {
            return null;
        }
        return value > 1 ? (value <= 100 ? value / 100 : null) : value;
    }

    /** An ISO code in upper case ({@code eur} → {@code EUR}). */
    public static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }

    /**
     * A website or domain as the domain accounts match by: lower case, no scheme, no {@code www.}, no path, port,
     * query or trailing dot ({@code https://www.Acme.com/x} → {@code acme.com}).
     */
    public static String domain(String website) {
        if (website == null) {
            return null;
        }
        String d = website.trim().toLowerCase(Locale.ROOT);
        int scheme = d.indexOf("://");
        if (scheme >= 0) {
            d = d.substring(scheme + 3);
        }
        for (int i = 0; i < d.length(); i++) {
            if ("/?#: ".indexOf(d.charAt(i)) >= 0) {
                d = d.substring(0, i);
                break;
            }
        }
        if (d.startsWith("www.")) {
            d = d.substring(4);
        }
        while (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        return d.isEmpty() ? null : d;
    }

    /**
     * A billing frequency label → months between invoices (case, spaces, dashes and underscores ignored:
     * {@code per_six_months}, {@code Semi-Annually}); weekly, one-time and unknown labels → null.
     */
    public static Integer billingMonths(String frequency) {
        if (frequency == null) {
            return null;
        }
        return switch (frequency.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "")) {
            case "monthly" -> 1;
            case "quarterly" -> 3;
            case "persixmonths", "semiannual", "semiannually", "halfyearly" -> 6;
            case "annual", "annually", "yearly" -> 12;
            case "pertwoyears" -> 24;
            case "perthreeyears" -> 36;
            case "perfouryears" -> 48;
            case "perfiveyears" -> 60;
            default -> null;
        };
    }

    /** The first line of a (possibly HTML) text, tags removed, at most 200 characters: a subject for notes. */
    public static String firstLine(String body) {
        if (body == null) {
            return null;
        }
        String plain = body.replaceAll("<[^>]*>", " ").strip();
        int nl = plain.indexOf('\n');
        String line = (nl >= 0 ? plain.substring(0, nl) : plain).strip();
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
