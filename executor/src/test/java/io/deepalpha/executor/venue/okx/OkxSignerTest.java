package io.deepalpha.executor.venue.okx;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.executor.venue.http.AsciiOut;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * OKX documents the recipe but no numeric vector (FACTS.md section 2): the signature is checked
 * against the recipe computed with the JDK's Mac and Base64 over the documented example strings.
 */
class OkxSignerTest {
  @Test
  void signatureIsBase64HmacOfTimestampMethodPathAndBody() throws Exception {
    String secret = "22582BD0CFF14C41EDBF1AB98506286D";
    String prehash =
        "2020-12-08T09:08:57.715ZPOST/api/v5/account/set-leverage"
            + "{\"instId\":\"BTC-USDT\",\"lever\":\"5\",\"mgnMode\":\"isolated\"}";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        Base64.getEncoder().encodeToString(mac.doFinal(prehash.getBytes(StandardCharsets.UTF_8)));

    AsciiOut out = new AsciiOut(64);
    byte[] bytes = prehash.getBytes(StandardCharsets.UTF_8);
    new OkxSigner(secret.getBytes(StandardCharsets.UTF_8)).sign(bytes, bytes.length, out);
    assertThat(new String(out.bytes, 0, out.position, StandardCharsets.US_ASCII))
        .isEqualTo(expected)
        .hasSize(44);
  }

  @Test
  void timestampsAreIso8601UtcWithMilliseconds() {
    for (String iso :
        new String[] {
          "2020-12-08T09:08:57.715Z",
          "1970-01-01T00:00:00.000Z",
          "2024-02-29T23:59:59.999Z",
          "2026-11-22T00:41:07.001Z"
        }) {
      AsciiOut out = new AsciiOut(32);
      IsoMillis.write(Instant.parse(iso).toEpochMilli(), out);
      assertThat(new String(out.bytes, 0, out.position)).isEqualTo(iso);
    }
  }
}
