package io.deepalpha.executor.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.executor.venue.http.AsciiOut;
import io.deepalpha.executor.venue.http.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The documented vectors of ../shared/data/venues/FACTS.md section 1 (Binance rest-api.md). */
class BinanceSignerTest {
  static final String SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

  private static String sign(String query, String body) {
    BinanceSigner signer = new BinanceSigner(SECRET.getBytes(StandardCharsets.US_ASCII));
    byte[] q = query.getBytes(StandardCharsets.US_ASCII);
    byte[] b = body.getBytes(StandardCharsets.US_ASCII);
    AsciiOut out = new AsciiOut(64);
    signer.sign(q, 0, q.length, b, 0, b.length, out);
    return new String(out.bytes, 0, out.position, StandardCharsets.US_ASCII);
  }

  @Test
  void vectorAQueryStringOrBody() {
    String payload =
        "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000"
            + "&timestamp=1499827319559";
    String expected = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71";
    assertThat(sign(payload, "")).isEqualTo(expected);
    assertThat(sign("", payload)).isEqualTo(expected);
  }

  @Test
  void vectorBNonAsciiSymbolPercentEncodedBeforeSigning() {
    String payload =
        "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT"
            + "&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    assertThat(sign(payload, ""))
        .isEqualTo("e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
  }

  @Test
  void vectorCQueryStringConcatenatedWithoutSeparatorToTheBody() {
    assertThat(
            sign(
                "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
                "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"))
        .isEqualTo("0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77");
  }

  @Test
  void handWrittenHmacMatchesTheJdkForKeysAndMessagesOfEveryLength() throws Exception {
    Random random = new Random(42);
    for (int keyLength : new int[] {0, 1, 32, 63, 64, 65, 200}) {
      byte[] key = new byte[keyLength];
      random.nextBytes(key);
      for (int msgLength : new int[] {0, 1, 55, 64, 1000}) {
        byte[] msg = new byte[msgLength];
        random.nextBytes(msg);
        byte[] ours = new byte[32];
        new HmacSha256(key).sign(msg, 0, msg.length, ours, 0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keyLength == 0 ? new byte[1] : key, "HmacSHA256"));
        if (keyLength == 0) {
          continue; // SecretKeySpec refuses empty keys; covered by the other lengths
        }
        assertThat(HexFormat.of().formatHex(ours))
            .as("key %d msg %d", keyLength, msgLength)
            .isEqualTo(HexFormat.of().formatHex(mac.doFinal(msg)));
      }
    }
  }

  @Test
  void fixedPointPricesAreWrittenAsPlainDecimalsWithoutTrailingZeros() {
    AsciiOut out = new AsciiOut(64);
    out.putFixed(650_000_000L, 4).put(' ').putFixed(100_000L, 8).put(' ').putFixed(0, 4);
    out.put(' ').putFixed(1_2345_0000L, 8).put(' ').putFixed(-5_0000L, 4);
    assertThat(new String(out.bytes, 0, out.position)).isEqualTo("65000 0.001 0 1.2345 -5");
  }
}
