package io.j8s.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource quantity as upstream's {@code resource.Quantity}: an exact decimal value and the
 * notation it was written in ("128Mi" is binary SI, "500m" decimal SI, "1e3" an exponent), which
 * decides how it is written back ({@link #toString()} is upstream's canonical form: "0.5" → "500m",
 * "1024Mi" → "1Gi").
 */
public record Quantity(BigDecimal value, Format format) implements Comparable<Quantity> {

    /** How a quantity was written, and so how its canonical form is spelled. */
    public enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

    /** Upstream's message for a string that is not a quantity at all. */
    public static final String FORMAT_ERROR =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    /** Upstream's message for a number with a suffix it does not know. */
    public static final String SUFFIX_ERROR = "unable to parse quantity's suffix";

    private static final Pattern SYNTAX = Pattern.compile("^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$");
    private static final Map<String, Integer> DECIMAL = Map.of(
            "n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<String, Integer> BINARY = Map.of(
            "Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);
    private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final BigDecimal KI = BigDecimal.valueOf(1024);

    public Quantity {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(format, "format");
        // Upstream keeps nano precision and rounds anything finer up (away from zero).
        if (value.scale() > 9) value = value.setScale(9, RoundingMode.UP);
    }

    /** Parses {@code s} or throws {@link IllegalArgumentException} with upstream's message. */
    public static Quantity parse(String s) {
        if (s == null || s.isEmpty()) throw new IllegalArgumentException("quantities must be non-empty"); // upstream: ErrFormatWrong
        Matcher m = SYNTAX.matcher(s.trim());
        if (!m.matches()) throw new IllegalArgumentException(FORMAT_ERROR);
        String number = m.group(1);
        String suffix = m.group(2);
        BigDecimal n;
        try {
            n = new BigDecimal(number.startsWith("+") ? number.substring(1) : number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(FORMAT_ERROR);
        }
        if (DECIMAL.containsKey(suffix)) {
            return new Quantity(n.scaleByPowerOfTen(DECIMAL.get(suffix)), Format.DECIMAL_SI);
        }
        if (BINARY.containsKey(suffix)) {
            return new Quantity(n.multiply(new BigDecimal(BigInteger.TWO.pow(BINARY.get(suffix)))), Format.BINARY_SI);
        }
        if ((suffix.startsWith("e") || suffix.startsWith("E")) && suffix.length() > 1) {
            try {
                int exp = Integer.parseInt(suffix.substring(1));
                return new Quantity(n.scaleByPowerOfTen(exp), Format.DECIMAL_EXPONENT);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(SUFFIX_ERROR);
            }
        }
        throw new IllegalArgumentException(SUFFIX_ERROR);
    }

    /** {@code null} when {@code s} is not a quantity. */
    public static Quantity parseOrNull(String s) {
        try {
            return parse(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public int signum() {
        return value.signum();
    }

    public Quantity plus(Quantity other) {
        return new Quantity(value.add(other.value), format);
    }

    /** Rounded up to milli precision, as upstream defaults every ResourceList. */
    public Quantity roundUpToMilli() {
        return value.scale() > 3 ? new Quantity(value.setScale(3, RoundingMode.UP), format) : this;
    }

    @Override
    public int compareTo(Quantity o) {
        return value.compareTo(o.value);
    }

    /** Two quantities are equal when their values are, as upstream's {@code Cmp} (1Gi == 1024Mi). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity q && value.compareTo(q.value) == 0;
    }

    @Override
    public int hashCode() {
        return value.stripTrailingZeros().hashCode();
    }

    /** Upstream's canonical spelling (what the API server writes back). */
    @Override
    public String toString() {
        if (value.signum() == 0) return "0";
        if (format == Format.BINARY_SI && value.abs().compareTo(KI) >= 0 && isInteger(value)) {
            BigDecimal mantissa = value;
            int k = 0;
            while (k < BINARY_SUFFIXES.length - 1) {
                BigDecimal[] qr = mantissa.divideAndRemainder(KI);
                if (qr[1].signum() != 0) break;
                mantissa = qr[0];
                k++;
            }
            return mantissa.toBigInteger() + BINARY_SUFFIXES[k];
        }
        // Decimal: an integer mantissa and the largest exponent that is a multiple of 3.
        BigDecimal stripped = value.stripTrailingZeros();
        BigInteger unscaled = stripped.unscaledValue();
        int exponent = -stripped.scale();
        int adjust = Math.floorMod(exponent, 3);
        unscaled = unscaled.multiply(BigInteger.TEN.pow(adjust));
        exponent -= adjust;
        if (format == Format.DECIMAL_EXPONENT) {
            return unscaled + (exponent == 0 ? "" : "e" + exponent);
        }
        String suffix = switch (exponent) {
            case -9 -> "n";
            case -6 -> "u";
            case -3 -> "m";
            case 0 -> "";
            case 3 -> "k";
            case 6 -> "M";
            case 9 -> "G";
            case 12 -> "T";
            case 15 -> "P";
            case 18 -> "E";
            default -> null;
        };
        if (suffix != null) return unscaled + suffix;
        // Beyond exa: keep the largest suffix and a bigger mantissa.
        return unscaled.multiply(BigInteger.TEN.pow(exponent - 18)) + "E";
    }

    private static boolean isInteger(BigDecimal v) {
        return v.signum() == 0 || v.scale() <= 0 || v.stripTrailingZeros().scale() <= 0;
    }
}
