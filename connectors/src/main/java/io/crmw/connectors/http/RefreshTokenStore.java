package io.crmw.connectors.http;

import java.util.Optional;

/**
 * Where an OAuth refresh token the vendor rotated is kept across processes, so a restart uses the new token rather
 * than the configured one the vendor has already revoked. Implementations store opaque values: the
 * {@link RotatedRefreshToken} seals the token (encrypted with a key only the configured token yields) and
 * fingerprints the configured token, so the store never holds a token in clear.
 */
public interface RefreshTokenStore {

    /**
     * What is kept for one source.
     *
     * @param configuredFingerprint a one-way fingerprint of the configured refresh token the rotation started from
     * @param sealedToken           the rotated token, encrypted
     */
    record Entry(String configuredFingerprint, String sealedToken) {
        @Override
        public String toString() {
            return "Entry[" + configuredFingerprint + "]";
        }
    }

    Optional<Entry> load(String source);

    /** Saves the entry durably (one transaction, flushed) before returning; throws when it cannot. */
    void save(String source, Entry entry);

    /** Keeps nothing: a rotated token lives in memory only (tests, connectors used outside a run). */
    RefreshTokenStore NONE = new RefreshTokenStore() {
        @Override
        public Optional<Entry> load(String source) {
            return Optional.empty();
        }

        @Override
        public void save(String source, Entry entry) {}
    };
}
