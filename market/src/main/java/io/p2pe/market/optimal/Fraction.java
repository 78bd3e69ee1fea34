package io.p2pe.market.optimal;

import java.math.BigInteger;

/** An exact rational {@code num / den} in lowest terms with {@code den > 0}. */
record Fraction(BigInteger num, BigInteger den) implements Comparable<Fraction> {
    static final Fraction ZERO = new Fraction(BigInteger.ZERO, BigInteger.ONE);
    static final Fraction ONE = new Fraction(BigInteger.ONE, BigInteger.ONE);

    Fraction {
        if (den.signum() == 0) {
            throw new ArithmeticException("zero denominator");
        }
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger g = num.gcd(den);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            num = num.divide(g);
            den = den.divide(g);
        }
        if (num.signum() == 0) {
            den = BigInteger.ONE;
        }
    }

    static Fraction of(long value) {
        return new Fraction(BigInteger.valueOf(value), BigInteger.ONE);
    }

    boolean isInteger() {
        return den.equals(BigInteger.ONE);
    }

    /** The largest integer ≤ this. */
    BigInteger floor() {
        BigInteger[] qr = num.divideAndRemainder(den);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    /** The smallest integer ≥ this. */
    BigInteger ceil() {
        return floor().add(isInteger() ? BigInteger.ZERO : BigInteger.ONE);
    }

    /** {@code this − floor(this)}, in {@code [0, 1)}. */
    Fraction fractionalPart() {
        return new Fraction(num.subtract(floor().multiply(den)), den);
    }

    Fraction add(Fraction o) {
        return new Fraction(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    Fraction subtract(Fraction o) {
        return new Fraction(num.multiply(o.den).subtract(o.num.multiply(den)), den.multiply(o.den));
    }

    Fraction multiply(BigInteger factor) {
        return new Fraction(num.multiply(factor), den);
    }

    @Override
    public int compareTo(Fraction o) {
        return num.multiply(o.den).compareTo(o.num.multiply(den));
    }

    @Override
    public String toString() {
        return isInteger() ? num.toString() : num + "/" + den;
    }
}
