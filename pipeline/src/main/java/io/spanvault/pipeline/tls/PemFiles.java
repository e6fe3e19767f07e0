package io.spanvault.pipeline.tls;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * Key and trust material from PEM files (certificate chains, PKCS#8 keys), in the JDK's types so netty,
 * grpc-netty-shaded and the JDK HTTP client all take it. Every failure names the config key of the file.
 */
public final class PemFiles {
    private static final String BEGIN_KEY = "-----BEGIN PRIVATE KEY-----";
    private static final String END_KEY = "-----END PRIVATE KEY-----";

    private PemFiles() {
    }

    /** A key manager presenting the chain in {@code certFile} with the key in {@code keyFile}. */
    public static X509KeyManager keyManager(String certKey, String certFile, String keyKey, String keyFile) {
        Collection<? extends Certificate> chain = certificates(certKey, certFile);
        PrivateKey key = privateKey(keyKey, keyFile);
        requireMatch(chain.iterator().next(), key, certKey, certFile, keyFile);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setKeyEntry("key", key, new char[0], chain.toArray(new Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, new char[0]);
            return (X509KeyManager) factory.getKeyManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidConfigException(certKey, "cannot use '" + certFile + "' with '" + keyFile + "': "
                    + e.getMessage());
        }
    }

    /**
     * Fails unless {@code key} is the private key of {@code leaf}, as Go's {@code tls.X509KeyPair} does: the
     * JDK would take any pair and fail each handshake later, so a rotation that has written the new
     * certificate but not yet its key would break every new connection instead of keeping the old pair.
     */
    private static void requireMatch(Certificate leaf, PrivateKey key, String certKey, String certFile,
            String keyFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = "spanvault key pair check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new InvalidConfigException(certKey, "the private key in '" + keyFile
                    + "' does not match the certificate in '" + certFile + "'");
        }
    }

    /** A trust manager trusting exactly the certificates in {@code caFile}. */
    public static X509TrustManager trustManager(String key, String caFile) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : certificates(key, caFile)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return (X509TrustManager) factory.getTrustManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidConfigException(key, "cannot use '" + caFile + "': " + e.getMessage());
        }
    }

    static Collection<? extends Certificate> certificates(String key, String file) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new InvalidConfigException(key, "'" + file + "' holds no PEM certificate");
            }
            return certs;
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidConfigException(key, "cannot read '" + file + "': " + e.getMessage());
        }
    }

    static PrivateKey privateKey(String key, String file) {
        String pem;
        try {
            pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidConfigException(key, "cannot read '" + file + "': " + e.getMessage());
        }
        int begin = pem.indexOf(BEGIN_KEY);
        int end = pem.indexOf(END_KEY);
        if (begin < 0 || end < begin) {
            throw new InvalidConfigException(key, "'" + file
                    + "' must hold a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert with openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN_KEY.length(), end));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(key, "'" + file + "' is not valid PEM: " + e.getMessage());
        }
        List<String> tried = new ArrayList<>();
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                tried.add(algorithm);
            }
        }
        throw new InvalidConfigException(key, "'" + file + "' is not an " + String.join("/", tried) + " key");
    }
}
