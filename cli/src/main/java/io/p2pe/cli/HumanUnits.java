package io.p2pe.cli;

import java.math.BigDecimal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Options in the units people use, converted exactly to the ledger's integers: kWh to Wh, JPY/kWh
 * to ticks of 0.01 JPY/kWh. A value with more decimals than the ledger's unit holds is refused
 * rather than rounded, so what is submitted is what was typed.
 */
final class HumanUnits {
    private HumanUnits() {
    }

    /** {@code 1.5} kWh → 1500 Wh. */
    static final class Kwh implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return exact(value, 3, "kWh", "Wh");
        }
    }

    /** {@code 21.50} JPY/kWh → 2150 ticks. */
    static final class JpyPerKwh implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return exact(value, 2, "JPY/kWh", "0.01 JPY/kWh");
        }
    }

    /** {@code value × 10^scale}, refused unless it is a whole number of the ledger's unit within 64 bits. */
    static long exact(String value, int scale, String unit, String ledgerUnit) {
        BigDecimal d;
        try {
            d = new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number of " + unit);
        }
        try {
            return d.movePointRight(scale).longValueExact();
        } catch (ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' " + unit + " is not a whole number of " + ledgerUnit
                    + " within the ledger's range (at most " + scale + " decimals)");
        }
    }
}
