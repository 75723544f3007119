package io.crmw.connectors.http;

import java.util.Locale;

/** Plain http is accepted only towards the machine itself (the sandbox, a local proxy); credentials cross networks on https. */
public final class Loopback {
    private Loopback() {}

    /** True for {@code localhost}, 127.0.0.0/8 and ::1 (literal names only: no DNS lookup decides it). */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
                || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** True when credentials may be sent to {@code scheme://host}: https, or http on loopback. */
    public static boolean secureEnough(String scheme, String host) {
        return "https".equalsIgnoreCase(scheme) || ("http".equalsIgnoreCase(scheme) && isLoopback(host));
    }
}
