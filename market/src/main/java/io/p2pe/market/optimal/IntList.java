package io.p2pe.market.optimal;

import java.util.Arrays;

/** A growable {@code int} array (no boxing in the hot paths of the network builders). */
final class IntList {
    private int[] items = new int[8];
    private int size;

    void add(int value) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = value;
    }

    int size() {
        return size;
    }

    int[] toArray() {
        return Arrays.copyOf(items, size);
    }

    int[] toSortedArray() {
        int[] a = toArray();
        Arrays.sort(a);
        return a;
    }
}
