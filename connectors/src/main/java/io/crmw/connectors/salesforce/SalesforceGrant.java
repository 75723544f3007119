package io.crmw.connectors.salesforce;

import io.crmw.connectors.spi.ConfigException;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The form of one Salesforce OAuth grant; {@link #hint()} names the credentials for messages, never their values. */
sealed interface SalesforceGrant {

    /** The token request's form; {@code rotatedRefreshToken} (may be null) replaces a configured refresh token. */
    Map<String, String> form(String rotatedRefreshToken);

    String hint();

    /** {@code grant_type=client_credentials}; runs as the connected app's "Run As" user (My Domain login URL). */
    record ClientCredentials(String clientId, Secret clientSecret) implements SalesforceGrant {
        @Override
        public Map<String, String> form(String rotatedRefreshToken) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "client_credentials");
            form.put("client_id", clientId);
            form.put("client_secret", clientSecret.reveal());
            return form;
        }

        @Override
        public String hint() {
            return "the setting 'client-id' and the secret 'client-secret' (" + clientSecret.origin() + ")";
        }
    }

    /** {@code grant_type=refresh_token}; a rotated refresh token in a response is used from then on (in memory). */
    record RefreshToken(String clientId, Secret clientSecret, Secret refreshToken) implements SalesforceGrant {
        @Override
        public Map<String, String> form(String rotatedRefreshToken) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "refresh_token");
            form.put("client_id", clientId);
            if (clientSecret != null) {
                form.put("client_secret", clientSecret.reveal());
            }
            form.put("refresh_token", rotatedRefreshToken != null ? rotatedRefreshToken : refreshToken.reveal());
            return form;
        }

        @Override
        public String hint() {
            return "the setting 'client-id' and the secrets 'client-secret'"
                    + (clientSecret == null ? "" : " (" + clientSecret.origin() + ")") + " and 'refresh-token' ("
                    + refreshToken.origin() + "); the refresh token may be revoked: re-authorize the connected app";
        }
    }

    /**
     * {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}: a JWT signed RS256 with the connected app's key,
     * {@code iss} = client id, {@code sub} = username, {@code aud} = login URL, {@code exp} = now + 3 minutes.
     */
    record JwtBearer(String clientId, String username, String audience, PrivateKey key, String keyFile, Clock clock)
            implements SalesforceGrant {

        @Override
        public Map<String, String> form(String rotatedRefreshToken) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
            form.put("assertion", assertion());
            return form;
        }

        String assertion() {
            long exp = clock.instant().getEpochSecond() + 180;
            String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
            String claims = "{\"iss\":" + quote(clientId) + ",\"sub\":" + quote(username) + ",\"aud\":"
                    + quote(audience) + ",\"exp\":" + exp + "}";
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            try {
                Signature rs256 = Signature.getInstance("SHA256withRSA");
                rs256.initSign(key);
                rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                return signingInput + "." + b64.encodeToString(rs256.sign());
            } catch (GeneralSecurityException e) {
                throw new SourceException("cannot sign the Salesforce JWT with the key in '" + keyFile + "': "
                        + e.getMessage(), false, e);
            }
        }

        @Override
        public String hint() {
            return "the settings 'client-id', 'username' and the key in 'private-key-file' (" + keyFile
                    + "); the user must be pre-authorized for the connected app";
        }

        private static String quote(String s) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }

        /** Reads a PEM RSA private key: PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). */
        static PrivateKey readPem(String source, String file) {
            String pem;
            try {
                pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("source '" + source + "': cannot read 'private-key-file' " + file + " ("
                        + e.getClass().getSimpleName() + "); it must be a PEM RSA private key readable by crmw");
            }
            return parsePem(source, new Secret(file, pem));
        }

        /** Parses a PEM RSA private key held as a secret (from {@code private-key-file}); messages name its origin only. */
        static PrivateKey parsePem(String source, Secret secret) {
            String file = secret.origin();
            String pem = secret.reveal();
            boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
            if (!pkcs1 && !pem.contains("BEGIN PRIVATE KEY")) {
                throw new ConfigException("source '" + source + "': 'private-key-file' " + file + " is not an "
                        + "unencrypted PEM private key (expected '-----BEGIN PRIVATE KEY-----' or "
                        + "'-----BEGIN RSA PRIVATE KEY-----')");
            }
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            try {
                byte[] der = Base64.getDecoder().decode(base64);
                return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? wrapPkcs1(der) : der));
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                throw new ConfigException("source '" + source + "': 'private-key-file' " + file
                        + " does not hold a valid RSA private key");
            }
        }

        /** PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, the key as an OCTET STRING). */
        private static byte[] wrapPkcs1(byte[] pkcs1) {
            byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
                    0x01, 0x01, 0x05, 0x00};
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(new byte[] {0x02, 0x01, 0x00});
            body.writeBytes(algorithm);
            body.write(0x04);
            body.writeBytes(derLength(pkcs1.length));
            body.writeBytes(pkcs1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0x30);
            out.writeBytes(derLength(body.size()));
            out.writeBytes(body.toByteArray());
            return out.toByteArray();
        }

        private static byte[] derLength(int length) {
            if (length < 0x80) {
                return new byte[] {(byte) length};
            }
            if (length < 0x100) {
                return new byte[] {(byte) 0x81, (byte) length};
            }
            if (length < 0x10000) {
                return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
            }
            return new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
        }
    }
}
