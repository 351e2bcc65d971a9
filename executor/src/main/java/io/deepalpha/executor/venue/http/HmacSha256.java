package io.deepalpha.executor.venue.http;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA256 (RFC 2104) over a reused {@link MessageDigest}: signing writes into the caller's
 * array and allocates nothing, which javax.crypto.Mac does not promise (its doFinal allocates the
 * inner digest). Verified against javax.crypto.Mac and the venues' documented vectors in tests. Not
 * thread-safe.
 */
public final class HmacSha256 {
  public static final int LENGTH = 32;
  private static final int BLOCK = 64;

  private final MessageDigest sha256;
  private final byte[] innerPad = new byte[BLOCK];
  private final byte[] outerPad = new byte[BLOCK];
  private final byte[] inner = new byte[LENGTH];

  public HmacSha256(byte[] key) {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
    byte[] k = key.length > BLOCK ? sha256.digest(key) : key;
    for (int i = 0; i < BLOCK; i++) {
      byte b = i < k.length ? k[i] : 0;
      innerPad[i] = (byte) (b ^ 0x36);
      outerPad[i] = (byte) (b ^ 0x5c);
    }
  }

  /** Signs the concatenation of up to two ranges (Binance: query string + body). */
  public void sign(
      byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen, byte[] out, int outOff) {
    try {
      sha256.update(innerPad, 0, BLOCK);
      sha256.update(a, aOff, aLen);
      if (bLen > 0) {
        sha256.update(b, bOff, bLen);
      }
      sha256.digest(inner, 0, LENGTH);
      sha256.update(outerPad, 0, BLOCK);
      sha256.update(inner, 0, LENGTH);
      sha256.digest(out, outOff, LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
  }

  public void sign(byte[] msg, int off, int len, byte[] out, int outOff) {
    sign(msg, off, len, msg, 0, 0, out, outOff);
  }
}
