package dev.tessera.io.ogb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CsvFieldsTest {
    private static float parse(String s) {
        byte[] b = ("#" + s + "#").getBytes(StandardCharsets.UTF_8);
        float v = CsvFields.parseFloat(b, 1, b.length - 1);
        if (!s.contains(",")) {
            // The one-pass field parser must agree, and stop at the comma ending the field.
            byte[] f = ("#" + s + ",9").getBytes(StandardCharsets.UTF_8);
            long packed = CsvFields.parseFloatField(f, 1, f.length);
            assertEquals(f.length - 2, (int) packed, s);
            assertEquals(Float.floatToRawIntBits(v), (int) (packed >>> 32), s);
            long last = CsvFields.parseFloatField(b, 1, b.length - 1);
            assertEquals(b.length - 1, (int) last, s);
            assertEquals(Float.floatToRawIntBits(v), (int) (last >>> 32), s);
        }
        return v;
    }

    private static int parseInt(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return CsvFields.parseInt(b, 0, b.length);
    }

    private static int parseLabel(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return CsvFields.parseLabel(b, 0, b.length);
    }

    @Test
    void fastPathsAgreeWithFloatParseFloat() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 50_000; i++) {
            String s = switch (i % 5) {
                case 0 -> Integer.toString(rnd.nextInt(-20_000_000, 20_000_000));
                case 1 -> Long.toString(rnd.nextLong());
                case 2 -> String.format(Locale.ROOT, "%." + rnd.nextInt(1, 11) + "f", rnd.nextDouble(-100, 100));
                case 3 -> Float.toString(Float.intBitsToFloat(rnd.nextInt(0, 0x7f800000)));
                default -> "0." + Integer.toString(rnd.nextInt(0, 16_777_216));
            };
            assertEquals(Float.floatToRawIntBits(Float.parseFloat(s)), Float.floatToRawIntBits(parse(s)), s);
        }
        for (String s : new String[] {"0", "-0", "-0.0", "1.", ".5", "+3", " 7 ", "1e-3", "1E5", "16777217", "0.1", "123456789012345678901"}) {
            assertEquals(Float.floatToRawIntBits(Float.parseFloat(s)), Float.floatToRawIntBits(parse(s)), s);
        }
    }

    @Test
    void rejectsNonNumbers() {
        for (String s : new String[] {"", "x", "1,5", "nan", "NaN", "-inf", "Infinity", "1e40", "."}) {
            assertThrows(NumberFormatException.class, () -> parse(s), s);
            if (!s.contains(",")) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                assertThrows(NumberFormatException.class, () -> CsvFields.parseFloatField(b, 0, b.length), s);
            }
        }
    }

    @Test
    void parsesIntsAndLabels() {
        assertEquals(-12, CsvFields.parseInt("a,-12,b".getBytes(StandardCharsets.UTF_8), 2, 5));
        assertEquals(Integer.MAX_VALUE, parseInt("2147483647"));
        assertEquals(Integer.MIN_VALUE, parseInt("-2147483648"));
        assertEquals(5, parseInt(" 5 "));
        assertThrows(NumberFormatException.class, () -> parseInt("2147483648"));
        assertThrows(NumberFormatException.class, () -> parseInt("1.0"));
        assertThrows(NumberFormatException.class, () -> parseInt("-"));
        assertThrows(NumberFormatException.class, () -> parseInt(""));
        assertEquals(3, parseLabel("3.0"));
        assertEquals(-1, parseLabel("nan"));
        assertEquals(-1, parseLabel("NaN"));
        assertEquals(-1, parseLabel("-1"));
        assertThrows(NumberFormatException.class, () -> parseLabel("0.5"));
        assertThrows(NumberFormatException.class, () -> parseLabel("x"));
        assertEquals(3, CsvFields.columns("1,,3".getBytes(StandardCharsets.UTF_8), 0, 4));
        assertEquals(1, CsvFields.columns(new byte[0], 0, 0));
    }
}
