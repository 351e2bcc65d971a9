package io.deepalpha.executor.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Derives the client order id of a leg from the signal id: "da" + 24 base32 characters of
 * SHA-256(signalId) + the leg's character, 27 characters of [a-z2-7]. Deterministic, so a restarted
 * executor that re-reads a signal asks the venue about the same order instead of placing a new one,
 * and the venue rejects a duplicate. Fits Binance (36, [.A-Z:/a-z0-9_-]) and OKX (32,
 * alphanumeric). Not thread-safe: one instance per thread; no allocation per id.
 */
public final class ClientOrderIds {
  public static final int LENGTH = 27;
  private static final byte[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".getBytes();

  private final MessageDigest sha256;
  private final byte[] input = new byte[1024];
  private final byte[] digest = new byte[32];

  public ClientOrderIds() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /** Writes the id of {@code leg} of {@code signalId} into {@code out[0..27)}; returns 27. */
  public int derive(CharSequence signalId, Leg leg, byte[] out) {
    int n = 0;
    for (int i = 0, len = Math.min(signalId.length(), input.length / 2); i < len; i++) {
      char c = signalId.charAt(i);
      if (c < 0x80) {
        input[n++] = (byte) c;
      } else {
        input[n++] = (byte) (0x80 | (c >>> 8));
        input[n++] = (byte) c;
      }
    }
    sha256.update(input, 0, n);
    try {
      sha256.digest(digest, 0, digest.length);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException(e);
    }
    out[0] = 'd';
    out[1] = 'a';
    // 15 bytes = 120 bits = 24 base32 characters.
    int o = 2;
    for (int i = 0; i < 15; i += 5) {
      long bits =
          ((digest[i] & 0xffL) << 32)
              | ((digest[i + 1] & 0xffL) << 24)
              | ((digest[i + 2] & 0xffL) << 16)
              | ((digest[i + 3] & 0xffL) << 8)
              | (digest[i + 4] & 0xffL);
      for (int shift = 35; shift >= 0; shift -= 5) {
        out[o++] = BASE32[(int) (bits >>> shift) & 31];
      }
    }
    out[o++] = (byte) leg.code();
    return o;
  }

  /** Convenience for tests, recovery and tools (allocates). */
  public String derive(CharSequence signalId, Leg leg) {
    byte[] out = new byte[LENGTH];
    derive(signalId, leg, out);
    return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
