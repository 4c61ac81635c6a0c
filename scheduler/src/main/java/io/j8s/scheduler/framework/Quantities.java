package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Kubernetes quantities ("100m", "1.5Gi", "2e3") as longs, rounded up as upstream's Value/MilliValue do. */
public final class Quantities {

    private Quantities() {}

    /** The value in thousandths (cpu in millicores). */
    public static long milliValue(Quantity q) {
        return q == null ? 0 : toLong(parse(q).movePointRight(3));
    }

    /** The value in units (bytes, counts). */
    public static long value(Quantity q) {
        return q == null ? 0 : toLong(parse(q));
    }

    /** In thousandths for cpu, in units for everything else: how upstream's Resource keeps each. */
    public static long forResource(String name, Quantity q) {
        return "cpu".equals(name) ? milliValue(q) : value(q);
    }

    private static long toLong(BigDecimal d) {
        BigDecimal up = d.setScale(0, RoundingMode.CEILING);
        return up.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : up.longValue();
    }

    static BigDecimal parse(Quantity q) {
        String amount = q.getAmount() == null ? "" : q.getAmount().trim();
        String format = q.getFormat() == null ? "" : q.getFormat().trim();
        if (format.isEmpty()) {
            // the client may have kept the whole string in the amount: "1e3" is an exponent, "2E" exa
            int i = amount.length();
            while (i > 0 && Character.isLetter(amount.charAt(i - 1))) i--;
            format = amount.substring(i);
            amount = amount.substring(0, i);
        }
        if (amount.isEmpty()) return BigDecimal.ZERO;
        BigDecimal n = new BigDecimal(amount);
        return switch (format) {
            case "" -> n;
            case "n" -> n.movePointLeft(9);
            case "u" -> n.movePointLeft(6);
            case "m" -> n.movePointLeft(3);
            case "k" -> n.movePointRight(3);
            case "M" -> n.movePointRight(6);
            case "G" -> n.movePointRight(9);
            case "T" -> n.movePointRight(12);
            case "P" -> n.movePointRight(15);
            case "E" -> n.movePointRight(18);
            case "Ki" -> n.multiply(BigDecimal.valueOf(1L << 10));
            case "Mi" -> n.multiply(BigDecimal.valueOf(1L << 20));
            case "Gi" -> n.multiply(BigDecimal.valueOf(1L << 30));
            case "Ti" -> n.multiply(BigDecimal.valueOf(1L << 40));
            case "Pi" -> n.multiply(BigDecimal.valueOf(1L << 50));
            case "Ei" -> n.multiply(BigDecimal.valueOf(1L << 60));
            default -> {
                // a decimal exponent: "1e3" arrives as amount 1, format e3
                if (format.length() > 1 && (format.charAt(0) == 'e' || format.charAt(0) == 'E')) {
                    yield n.movePointRight(Integer.parseInt(format.substring(1)));
                }
                throw new IllegalArgumentException("not a quantity: " + q.getAmount() + q.getFormat());
            }
        };
    }
}
