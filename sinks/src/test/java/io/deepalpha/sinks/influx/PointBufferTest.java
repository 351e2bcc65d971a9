package io.deepalpha.sinks.influx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PointBufferTest {

  @Test
  void floatsAlwaysCarryADecimalPointAndIntegersAnISuffix() {
    PointBuffer b = new PointBuffer(64);

    b.start("m").tag("venue", "OKX").field("f", 3.0).field("g", 2.5).field("n", 3L).end(17);

    assertThat(b.text()).isEqualTo("m,venue=OKX f=3.0,g=2.5,n=3i 17\n");
    assertThat(b.lines()).isEqualTo(1);
  }

  @Test
  void specialCharactersAreEscapedPerPosition() {
    PointBuffer b = new PointBuffer(64);

    b.start("my m,x")
        .tag("pair", "A B=C,D")
        .field("reason", "vol \"61\" \\ bps")
        .field("k=1", 1L)
        .end(1);

    assertThat(b.text())
        .isEqualTo("my\\ m\\,x,pair=A\\ B\\=C\\,D reason=\"vol \\\"61\\\" \\\\ bps\",k\\=1=1i 1\n");
  }

  @Test
  void nonFiniteFieldsAndEmptyTagsAreLeftOutAndAPointWithoutFieldsIsDropped() {
    PointBuffer b = new PointBuffer(64);

    b.start("m").tag("venue", null).tag("x", "").field("nan", Double.NaN).field("v", 1.5).end(5);
    boolean kept = b.start("m").field("inf", Double.POSITIVE_INFINITY).end(6);

    assertThat(kept).isFalse();
    assertThat(b.text()).isEqualTo("m v=1.5 5\n");
    assertThat(b.skippedFields()).isEqualTo(2);
    assertThat(b.skippedPoints()).isEqualTo(1);
    assertThat(b.lines()).isEqualTo(1);
  }

  @Test
  void clearEmptiesTheBufferForTheNextBatch() {
    PointBuffer b = new PointBuffer(8);
    b.start("m").field("v", 1L).end(1);

    b.clear();
    b.start("m").field("v", 2L).end(2);

    assertThat(b.text()).isEqualTo("m v=2i 2\n");
    assertThat(b.lines()).isEqualTo(1);
  }
}
