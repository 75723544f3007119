package io.crmw.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may read and who may sync. With an access token configured ({@code crmw.serve.token}, required when serve binds
 * to an address other than loopback) every page and API call carries it: {@code Authorization: Bearer <token>}, or
 * once as {@code ?token=} on a page, which sets an HttpOnly, SameSite=Strict session cookie (a digest of the token,
 * never the token) and redirects to the same address without it, so the token stays out of history and logs.
 * {@code /actuator/health} stays open for probes. Every request that changes something (only {@code POST …/sync})
 * must carry the {@code X-CSRF-Token} header equal to the {@code crmw_csrf} cookie the dashboard received
 * (double submit), and an {@code Origin}, when sent, must be this server.
 */
public final class AccessFilter extends OncePerRequestFilter {
    static final String SESSION_COOKIE = "crmw_session";
    static final String CSRF_COOKIE = "crmw_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<String> sessionValue; // sha-256 of the token, hex

    public AccessFilter(Optional<String> token) {
        this.sessionValue = token.map(AccessFilter::digest);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (sessionValue.isPresent() && !path.equals("/actuator/health")) {
            String presented = request.getParameter("token");
            if (presented != null && request.getMethod().equals("GET") && !path.startsWith("/api/")
                    && same(digest(presented), sessionValue.get())) {
                response.addHeader("Set-Cookie", SESSION_COOKIE + "=" + sessionValue.get()
                        + "; Path=/; HttpOnly; SameSite=Strict" + (request.isSecure() ? "; Secure" : ""));
                response.sendRedirect(withoutToken(request));
                return;
            }
            if (!authorized(request)) {
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                if (path.startsWith("/api/") || path.startsWith("/actuator/")) {
                    response.setContentType("application/json");
                    response.getWriter().write("{\"error\":\"an access token is required: send 'Authorization: Bearer <token>'"
                            + " (crmw.serve.token in the config)\"}");
                } else {
                    response.setContentType("text/html;charset=utf-8");
                    response.getWriter().write("<!doctype html><title>crmw</title><p>This dashboard needs its access token:"
                            + " open it once as <code>/?token=&lt;token&gt;</code> (the value of <code>crmw.serve.token</code>"
                            + " in the server's config).</p>");
                }
                return;
            }
        }
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            String problem = csrfProblem(request);
            if (problem != null) {
                response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                response.setContentType("application/json");
                response.getWriter().write("{\"error\":\"" + problem + "\"}");
                return;
            }
        } else if (csrfCookie(request) == null) {
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            // readable by the dashboard's script (it echoes it in X-CSRF-Token), never sent by another site
            response.addHeader("Set-Cookie", CSRF_COOKIE + "=" + HexFormat.of().formatHex(bytes)
                    + "; Path=/; SameSite=Strict" + (request.isSecure() ? "; Secure" : ""));
        }
        chain.doFilter(request, response);
    }

    private boolean authorized(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && same(digest(header.substring(7).strip()), sessionValue.get())) {
            return true;
        }
        if (request.getCookies() != null) {
            for (Cookie c : request.getCookies()) {
                if (c.getName().equals(SESSION_COOKIE) && same(c.getValue(), sessionValue.get())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String csrfProblem(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.equals("null")) {
            String host = request.getHeader("Host");
            if (host == null || !(origin.endsWith("://" + host))) {
                return "cross-site request refused: Origin " + origin.replace("\"", "") + " is not this server";
            }
        }
        String cookie = csrfCookie(request);
        String header = request.getHeader(CSRF_HEADER);
        if (cookie == null || header == null || !same(cookie, header)) {
            return "missing or wrong " + CSRF_HEADER + " header: send the value of the " + CSRF_COOKIE
                    + " cookie (set by any GET) in it";
        }
        return null;
    }

    private static String csrfCookie(HttpServletRequest request) {
        if (request.getCookies() != null) {
            for (Cookie c : request.getCookies()) {
                if (c.getName().equals(CSRF_COOKIE)) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    private static String withoutToken(HttpServletRequest request) {
        StringBuilder query = new StringBuilder();
        String raw = request.getQueryString();
        if (raw != null) {
            for (String part : raw.split("&")) {
                if (!part.startsWith("token=") && !part.isEmpty()) {
                    query.append(query.length() == 0 ? "?" : "&").append(part);
                }
            }
        }
        return request.getRequestURI() + query;
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("crmw-serve:" + token).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
