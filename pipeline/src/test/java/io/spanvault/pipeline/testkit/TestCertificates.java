package io.spanvault.pipeline.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * Self-signed EC certificates written as PEM files: a server certificate for 127.0.0.1/localhost, a client
 * certificate the server trusts, and a stranger's client certificate it does not. The JDK can sign but has
 * no public API to build a certificate, so the few DER structures of an X.509 v3 certificate are encoded
 * here; this takes milliseconds where keytool processes take seconds.
 */
public final class TestCertificates {
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    public final Path serverCert;
    public final Path serverKey;
    public final Path clientCert;
    public final Path clientKey;
    public final Path strangerCert;
    public final Path strangerKey;

    private TestCertificates(Path dir) throws Exception {
        Path[] server = write(dir, "server", "localhost", true);
        Path[] client = write(dir, "client", "trusted-client", false);
        Path[] stranger = write(dir, "stranger", "stranger", false);
        serverCert = server[0];
        serverKey = server[1];
        clientCert = client[0];
        clientKey = client[1];
        strangerCert = stranger[0];
        strangerKey = stranger[1];
    }

    public static TestCertificates generate(Path dir) throws Exception {
        return new TestCertificates(dir);
    }

    private static Path[] write(Path dir, String name, String commonName, boolean loopbackNames) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        byte[] cert = selfSigned(keys, commonName, loopbackNames);
        return new Path[] {
            pem(dir.resolve(name + ".crt"), "CERTIFICATE", cert),
            pem(dir.resolve(name + ".key"), "PRIVATE KEY", keys.getPrivate().getEncoded())};
    }

    private static byte[] selfSigned(KeyPair keys, String commonName, boolean loopbackNames) throws Exception {
        byte[] name = seq(set(seq(oid(COMMON_NAME), tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
        Instant now = Instant.now();
        byte[] extensions = loopbackNames
                ? tlv(0xa3, seq(seq(oid(SUBJECT_ALT_NAME), tlv(0x04, seq(
                        tlv(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)),
                        tlv(0x87, new byte[] {127, 0, 0, 1}))))))
                : new byte[0];
        byte[] tbs = seq(
                tlv(0xa0, integer(BigInteger.TWO)),
                integer(BigInteger.valueOf(now.toEpochMilli())),
                seq(oid(ECDSA_WITH_SHA256)),
                name,
                seq(time(now.minus(Duration.ofHours(1))), time(now.plus(Duration.ofDays(2)))),
                name,
                keys.getPublic().getEncoded(),
                extensions);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        return seq(tbs, seq(oid(ECDSA_WITH_SHA256)), tlv(0x03, bits));
    }

    private static byte[] time(Instant instant) {
        return tlv(0x17, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                out.write((int) ((arc >>> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, parts);
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, parts);
    }

    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        return Files.writeString(file, pem);
    }
}
