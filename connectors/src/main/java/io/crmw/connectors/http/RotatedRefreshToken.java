package io.crmw.connectors.http;

import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The refresh token in use by one source: the configured one, or the one the vendor rotated it into. A rotation is
 * saved in the {@link RefreshTokenStore} before the new access token is used, so a crash right after cannot leave
 * only the revoked token behind. At the first use in a process the stored token wins, unless the configured token
 * changed since the rotation started (the user re-authorized): its fingerprint is stored beside the sealed token.
 * Thread-safe; never prints a token.
 */
public final class RotatedRefreshToken {
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Secret configured;
    private RefreshTokenStore store = RefreshTokenStore.NONE;
    private String source = "?";
    private String current;

    public RotatedRefreshToken(Secret configured) {
        this.configured = configured;
    }

    /** Where rotations are kept; read at the next {@link #current()}. */
    public synchronized void keepIn(RefreshTokenStore store, String source) {
        this.store = store;
        this.source = source;
        this.current = null;
    }

    /** The token to send now. */
    public synchronized String current() {
        if (current == null) {
            current = stored().orElse(configured.reveal());
        }
        return current;
    }

    /** The vendor answered with {@code token}: keep it durably, then use it. Throws when it cannot be kept. */
    public synchronized void rotated(String token) {
        if (token == null || token.isEmpty() || token.equals(current)) {
            return;
        }
        current = token; // the old one is most likely revoked already: use the new one in this process whatever happens
        try {
            store.save(source, new RefreshTokenStore.Entry(fingerprint(), seal(token)));
        } catch (RuntimeException e) {
            throw new SourceException("source '" + source + "': the vendor rotated the OAuth refresh token, but it "
                    + "could not be saved (" + e.getClass().getSimpleName() + "); the run stops so that a restart is not "
                    + "left with the revoked token only: check that the state database next to the warehouse is "
                    + "writable, or re-authorize and set " + configured.origin(), false);
        }
    }

    private Optional<String> stored() {
        Optional<RefreshTokenStore.Entry> entry = store.load(source);
        if (entry.isEmpty() || !MessageDigest.isEqual(bytes(entry.get().configuredFingerprint()), bytes(fingerprint()))) {
            return Optional.empty(); // none yet, or the configured token changed since: the configured one wins
        }
        return Optional.of(unseal(entry.get().sealedToken()));
    }

    private String fingerprint() {
        return Base64.getEncoder().encodeToString(sha256("crmw refresh-token fingerprint\0" + configured.reveal()));
    }

    private SecretKeySpec key() {
        return new SecretKeySpec(sha256("crmw refresh-token key\0" + configured.reveal()), "AES");
    }

    private String seal(String token) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, iv));
            byte[] sealed = aes.doFinal(bytes(token));
            byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the rotated refresh token: " + e.getClass().getSimpleName());
        }
    }

    private String unseal(String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, in, 0, IV_BYTES));
            return new String(aes.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SourceException("source '" + source + "': the saved rotated OAuth refresh token cannot be read "
                    + "(damaged state database?); re-authorize and set a new " + configured.origin(), false);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes(s));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
