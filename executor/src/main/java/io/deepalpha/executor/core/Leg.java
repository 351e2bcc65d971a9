package io.deepalpha.executor.core;

/** Which order of a signal: the two arbitrage legs and the unwind that may follow one of them. */
public enum Leg {
  BUY('b'),
  SELL('s'),
  UNWIND('u');

  private final char code;

  Leg(char code) {
    this.code = code;
  }

  /** The character that ends the client order id of this leg. */
  public char code() {
    return code;
  }
}
