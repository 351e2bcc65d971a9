package io.deepalpha.executor.venue.binance;

import io.deepalpha.executor.venue.http.AsciiOut;
import io.deepalpha.executor.venue.http.HmacSha256;

/**
 * Binance's HMAC-SHA256 request signature: "the query string concatenated without separator to the
 * HTTP body", hex encoded. Non-ASCII characters must be percent-encoded before signing (the caller
 * passes the encoded text). No allocation.
 */
public final class BinanceSigner {
  private final HmacSha256 hmac;
  private final byte[] mac = new byte[HmacSha256.LENGTH];

  public BinanceSigner(byte[] secret) {
    this.hmac = new HmacSha256(secret);
  }

  /** Appends the 64 hex characters of the signature of query + body to {@code out}. */
  public void sign(
      byte[] query, int qOff, int qLen, byte[] body, int bOff, int bLen, AsciiOut out) {
    hmac.sign(query, qOff, qLen, body, bOff, bLen, mac, 0);
    out.putHex(mac, 0, mac.length);
  }
}
