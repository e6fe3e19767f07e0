package io.spanvault.receiver.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed EC certificates made with the JDK's keytool (one process per key pair, run in parallel) and
 * written as PEM files: a server certificate for 127.0.0.1/localhost, a client certificate the server
 * trusts, and a stranger's client certificate it does not.
 */
final class TestCertificates {
    private static final String PASSWORD = "changeit";

    final Path serverCert;
    final Path serverKey;
    final Path clientCert;
    final Path clientKey;
    final Path strangerCert;
    final Path strangerKey;

    private TestCertificates(Path dir) throws Exception {
        List<Process> keytools = new ArrayList<>();
        keytools.add(keytool(dir, "server", "CN=localhost", "san=ip:127.0.0.1,dns:localhost"));
        keytools.add(keytool(dir, "client", "CN=trusted-client", null));
        keytools.add(keytool(dir, "stranger", "CN=stranger", null));
        for (Process p : keytools) {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: "
                        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        serverCert = writeCert(dir, "server");
        serverKey = writeKey(dir, "server");
        clientCert = writeCert(dir, "client");
        clientKey = writeKey(dir, "client");
        strangerCert = writeCert(dir, "stranger");
        strangerKey = writeKey(dir, "stranger");
    }

    static TestCertificates generate(Path dir) throws Exception {
        return new TestCertificates(dir);
    }

    private static Process keytool(Path dir, String name, String dname, String extension) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> command = new ArrayList<>(List.of(java, "-genkeypair", "-alias", name, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", dname, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", dir.resolve(name + ".p12").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (extension != null) {
            command.addAll(List.of("-ext", extension));
        }
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static KeyStore load(Path dir, String name) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static Path writeCert(Path dir, String name) throws Exception {
        Certificate cert = load(dir, name).getCertificate(name);
        return write(dir.resolve(name + ".crt"), "CERTIFICATE", cert.getEncoded());
    }

    private static Path writeKey(Path dir, String name) throws Exception {
        Key key = load(dir, name).getKey(name, PASSWORD.toCharArray());
        return write(dir.resolve(name + ".key"), "PRIVATE KEY", key.getEncoded());
    }

    private static Path write(Path file, String type, byte[] der) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        return Files.writeString(file, pem);
    }
}
