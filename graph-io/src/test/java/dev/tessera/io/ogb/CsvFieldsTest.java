package dev.tessera.io.ogb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CsvFieldsTest {
    private static float parse(String s) {
        return CsvFields.parseFloat(s, 0, s.length());
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
        }
    }

    @Test
    void parsesIntsAndLabels() {
        assertEquals(-12, CsvFields.parseInt("a,-12,b", 2, 5));
        assertEquals(Integer.MAX_VALUE, CsvFields.parseInt("2147483647", 0, 10));
        assertThrows(NumberFormatException.class, () -> CsvFields.parseInt("2147483648", 0, 10));
        assertThrows(NumberFormatException.class, () -> CsvFields.parseInt("1.0", 0, 3));
        assertThrows(NumberFormatException.class, () -> CsvFields.parseInt("-", 0, 1));
        assertEquals(3, CsvFields.parseLabel("3.0", 0, 3));
        assertEquals(-1, CsvFields.parseLabel("nan", 0, 3));
        assertEquals(-1, CsvFields.parseLabel("NaN", 0, 3));
        assertEquals(-1, CsvFields.parseLabel("-1", 0, 2));
        assertThrows(NumberFormatException.class, () -> CsvFields.parseLabel("0.5", 0, 3));
        assertEquals(3, CsvFields.columns("1,,3"));
        assertEquals(1, CsvFields.columns(""));
    }
}
