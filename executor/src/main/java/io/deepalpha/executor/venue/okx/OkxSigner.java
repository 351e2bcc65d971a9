package io.deepalpha.executor.venue.okx;

import io.deepalpha.executor.venue.http.AsciiOut;
import io.deepalpha.executor.venue.http.HmacSha256;
import java.util.Base64;

/**
 * OKX v5 OK-ACCESS-SIGN: Base64(HMAC-SHA256(timestamp + method + requestPath + body, secret)), the
 * GET query string being part of requestPath. No allocation.
 */
public final class OkxSigner {
  private final HmacSha256 hmac;
  private final byte[] mac = new byte[HmacSha256.LENGTH];
  private final byte[] base64 = new byte[44];
  private final Base64.Encoder encoder = Base64.getEncoder();

  public OkxSigner(byte[] secret) {
    this.hmac = new HmacSha256(secret);
  }

  /** Appends the base64 signature of {@code prehash[0, length)} to {@code out}. */
  public void sign(byte[] prehash, int length, AsciiOut out) {
    hmac.sign(prehash, 0, length, mac, 0);
    int n = encoder.encode(mac, base64);
    out.put(base64, 0, n);
  }
}
