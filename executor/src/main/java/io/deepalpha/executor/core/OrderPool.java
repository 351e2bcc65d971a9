package io.deepalpha.executor.core;

/** A fixed pool of {@link OrderSlot}s: acquiring and releasing never allocates. */
public final class OrderPool {
  private final OrderSlot[] slots;
  private final int[] free;
  private int freeCount;

  public OrderPool(int capacity) {
    slots = new OrderSlot[capacity];
    free = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      slots[i] = new OrderSlot(i);
      free[i] = capacity - 1 - i;
    }
    freeCount = capacity;
  }

  /** A cleared slot, or null when every slot is in flight. */
  public OrderSlot acquire() {
    if (freeCount == 0) {
      return null;
    }
    OrderSlot s = slots[free[--freeCount]];
    s.inUse = true;
    return s;
  }

  public void release(OrderSlot s) {
    s.clear();
    free[freeCount++] = s.index;
  }

  public int inFlight() {
    return slots.length - freeCount;
  }

  public int available() {
    return freeCount;
  }

  public OrderSlot get(int index) {
    return slots[index];
  }

  public int capacity() {
    return slots.length;
  }
}
