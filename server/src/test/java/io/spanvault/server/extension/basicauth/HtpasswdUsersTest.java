package io.spanvault.server.extension.basicauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.spanvault.pipeline.config.InvalidConfigException;
import org.junit.jupiter.api.Test;

class HtpasswdUsersTest {

    @Test
    void bcryptHashesOfEveryPrefixAndPlainPasswordsVerify() {
        String y = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, "pw-y".toCharArray());
        String b = BCrypt.with(BCrypt.Version.VERSION_2B).hashToString(4, "pw-b".toCharArray());
        String a = BCrypt.with(BCrypt.Version.VERSION_2A).hashToString(4, "pw-a".toCharArray());
        HtpasswdUsers users = HtpasswdUsers.parse("# comment\n\nyves:" + y + "\nbea:" + b + "\r\nal:" + a
                + "\nplain:text\n", "htpasswd.file");
        assertTrue(users.verify("yves", "pw-y"));
        assertTrue(users.verify("yves", "pw-y"), "the remembered verification");
        assertFalse(users.verify("yves", "pw-b"));
        assertTrue(users.verify("bea", "pw-b"));
        assertTrue(users.verify("al", "pw-a"));
        assertTrue(users.verify("plain", "text"));
        assertFalse(users.verify("plain", "Text"));
        assertFalse(users.verify("nobody", "text"));
    }

    @Test
    void inlineUsersReplaceFileUsersOfTheSameName() {
        HtpasswdUsers merged = HtpasswdUsers.parse("u:old\nv:kept", "f").with(HtpasswdUsers.parse("u:new", "i"));
        assertTrue(merged.verify("u", "new"));
        assertFalse(merged.verify("u", "old"));
        assertTrue(merged.verify("v", "kept"));
    }

    @Test
    void weakHashesAndMalformedLinesAreRefusedWithoutQuotingThem() {
        InvalidConfigException apr1 = assertThrows(InvalidConfigException.class,
                () -> HtpasswdUsers.parse("u:$apr1$salt$secrethash", "htpasswd.inline"));
        assertEquals("htpasswd.inline", apr1.key());
        assertFalse(apr1.getMessage().contains("secrethash"));
        assertEquals("htpasswd.file", assertThrows(InvalidConfigException.class,
                () -> HtpasswdUsers.parse("no-colon-here", "htpasswd.file")).key());
    }

    @Test
    void oneInstanceIsOneSide() {
        assertEquals("htpasswd", assertThrows(InvalidConfigException.class,
                () -> new BasicAuthConfig(null, null).requireOneSide()).key());
        assertEquals("client_auth", assertThrows(InvalidConfigException.class,
                () -> new BasicAuthConfig(new BasicAuthConfig.Htpasswd(null, "u:p"),
                        new BasicAuthConfig.ClientAuth("u", "p")).requireOneSide()).key());
        assertFalse(new BasicAuthConfig.ClientAuth("u", "hunter2").toString().contains("hunter2"));
    }
}
