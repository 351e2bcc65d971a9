package io.deepalpha.executor.config;

import java.util.Arrays;

/** A secret value that never prints itself: toString and logs see only whether it is set. */
public final class Secret {
  private final byte[] value;

  private Secret(byte[] value) {
    this.value = value;
  }

  static Secret of(String text) {
    return new Secret(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public boolean isSet() {
    return value.length > 0;
  }

  /** A copy of the bytes, for the signer or comparator that needs them. */
  public byte[] bytes() {
    return value.clone();
  }

  /** Constant-time comparison, for bearer tokens. */
  public boolean matches(byte[] candidate) {
    return isSet() && java.security.MessageDigest.isEqual(value, candidate);
  }

  @Override
  public String toString() {
    return isSet() ? "<set>" : "<unset>";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && Arrays.equals(value, s.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }
}
