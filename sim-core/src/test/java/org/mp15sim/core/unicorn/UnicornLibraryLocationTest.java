package org.mp15sim.core.unicorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UnicornLibraryLocationTest {
    @Test
    void bundledLibraryIsExtractedIntoAContentAddressedCache() throws Exception {
        String old = System.clearProperty(UnicornLibrary.PATH_PROPERTY);
        try {
            Path p = UnicornLibrary.locate();
            assertTrue(Files.isRegularFile(p), p.toString());
            String hash = p.getParent().getFileName().toString();
            assertEquals(64, hash.length(), "SHA-256 folder name: " + p);
            assertEquals(p, UnicornLibrary.locate(), "second lookup reuses the extracted file");
        } finally {
            if (old != null) {
                System.setProperty(UnicornLibrary.PATH_PROPERTY, old);
            }
        }
    }

    @Test
    void overridePathMustExist() {
        String old = System.getProperty(UnicornLibrary.PATH_PROPERTY);
        System.setProperty(UnicornLibrary.PATH_PROPERTY, "/nonexistent/libunicorn.so");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, UnicornLibrary::locate);
            assertTrue(e.getMessage().contains("/nonexistent/libunicorn.so"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(UnicornLibrary.PATH_PROPERTY);
            } else {
                System.setProperty(UnicornLibrary.PATH_PROPERTY, old);
            }
        }
    }

    @Test
    void overridePathIsUsedWhenItExists() {
        Path bundled = UnicornLibrary.get().path();
        String old = System.getProperty(UnicornLibrary.PATH_PROPERTY);
        System.setProperty(UnicornLibrary.PATH_PROPERTY, bundled.toString());
        try {
            assertEquals(bundled, UnicornLibrary.locate());
        } finally {
            if (old == null) {
                System.clearProperty(UnicornLibrary.PATH_PROPERTY);
            } else {
                System.setProperty(UnicornLibrary.PATH_PROPERTY, old);
            }
        }
    }
}
