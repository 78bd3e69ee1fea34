package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void kwh() {
        assertEquals("1.500", Units.kwh(1500));
        assertEquals("0.001", Units.kwh(1));
        assertEquals("0.000", Units.kwh(0));
        assertEquals("-12.345", Units.kwh(-12_345));
    }

    @Test
    void jpyPerKwh() {
        assertEquals("21.50", Units.jpyPerKwh(2150));
        assertEquals("-0.05", Units.jpyPerKwh(-5));
        assertEquals("100000.00", Units.jpyPerKwh(10_000_000));
    }

    @Test
    void jpy() {
        assertEquals("1.23456", Units.jpy(123_456));
        assertEquals("-0.00001", Units.jpy(-1));
        assertEquals("-92233720368547.75808", Units.jpy(Long.MIN_VALUE));
        assertEquals("92233720368547.75807", Units.jpy(Long.MAX_VALUE));
    }
}
