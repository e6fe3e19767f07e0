package io.spanvault.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version the build stamped into the jar. */
final class Version {
    private Version() {
    }

    static String current() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
