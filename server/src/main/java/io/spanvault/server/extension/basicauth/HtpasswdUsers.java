package io.spanvault.server.extension.basicauth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.spanvault.pipeline.auth.Secrets;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users of htpasswd text: {@code user:hash} lines with bcrypt hashes ({@code $2y$}, {@code $2b$},
 * {@code $2a$}, as {@code htpasswd -B} writes), or a plain password as the collector's inline example has.
 * Other hashes (apr1 MD5, SHA-1, crypt) are refused at load: they are weak and we would only half-support
 * them. A bcrypt check costs tens of milliseconds, so a password once verified is remembered as its SHA-256
 * and compared in constant time; a changed file builds a new instance, forgetting them.
 */
final class HtpasswdUsers {
    private final Map<String, String> hashes;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    private HtpasswdUsers(Map<String, String> hashes) {
        this.hashes = hashes;
    }

    /** Parses lines; {@code key} names the config key in errors, which never quote a hash or password. */
    static HtpasswdUsers parse(String text, String key) {
        Map<String, String> hashes = new HashMap<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new InvalidConfigException(key, "line " + (i + 1) + " is not user:password");
            }
            String hash = line.substring(colon + 1);
            if (hash.startsWith("$apr1$") || hash.startsWith("{SHA}") || hash.startsWith("$1$")
                    || hash.startsWith("$5$") || hash.startsWith("$6$")) {
                throw new InvalidConfigException(key, "line " + (i + 1) + " uses a hash other than bcrypt; "
                        + "write it with htpasswd -B");
            }
            hashes.put(line.substring(0, colon), hash);
        }
        return new HtpasswdUsers(hashes);
    }

    /** These users, with {@code overrides}' users in place of the same names. */
    HtpasswdUsers with(HtpasswdUsers overrides) {
        Map<String, String> merged = new HashMap<>(hashes);
        merged.putAll(overrides.hashes);
        return new HtpasswdUsers(merged);
    }

    boolean verify(String user, String password) {
        String hash = hashes.get(user);
        if (hash == null) {
            return false;
        }
        if (!isBcrypt(hash)) {
            return Secrets.equal(password, hash);
        }
        byte[] digest = sha256(password);
        byte[] known = verified.get(user);
        if (known != null && MessageDigest.isEqual(known, digest)) {
            return true;
        }
        boolean valid = BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                hash.getBytes(StandardCharsets.UTF_8)).verified;
        if (valid) {
            verified.put(user, digest);
        }
        return valid;
    }

    private static boolean isBcrypt(String hash) {
        return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
