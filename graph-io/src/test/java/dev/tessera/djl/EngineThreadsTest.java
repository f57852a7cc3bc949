package dev.tessera.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The recorded thread setting and the count Java kernels derive from it. */
class EngineThreadsTest {
    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(EngineThreads.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(EngineThreads.PROPERTY);
        } else {
            System.setProperty(EngineThreads.PROPERTY, saved);
        }
    }

    @Test
    void unsetIsDefaultAndTheFallback() {
        System.clearProperty(EngineThreads.PROPERTY);
        assertEquals("default", EngineThreads.setting());
        assertEquals(3, EngineThreads.count(3));
        assertEquals(1, EngineThreads.count(0));
    }

    @Test
    void aCountIsRecordedAndUsed() {
        System.setProperty(EngineThreads.PROPERTY, " 2 ");
        assertEquals("2", EngineThreads.setting());
        assertEquals(2, EngineThreads.count(8));
    }

    @Test
    void somethingElseIsRecordedAsGivenButNotUsedAsACount() {
        System.setProperty(EngineThreads.PROPERTY, "many");
        assertEquals("many", EngineThreads.setting());
        assertEquals(4, EngineThreads.count(4));
        System.setProperty(EngineThreads.PROPERTY, "0");
        assertEquals(4, EngineThreads.count(4));
    }
}
