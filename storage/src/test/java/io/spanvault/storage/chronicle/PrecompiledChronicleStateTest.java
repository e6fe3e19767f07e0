package io.spanvault.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import net.openhft.chronicle.hash.VanillaGlobalMutableState;
import net.openhft.chronicle.values.ValueModel;
import net.openhft.chronicle.values.Values;
import org.junit.jupiter.api.Test;

class PrecompiledChronicleStateTest {
    private static final String NATIVE = "VanillaGlobalMutableState$$Native";

    @Test
    void chronicleUsesTheShippedClassInsteadOfCompilingOne() {
        Class<?> used = Values.nativeClassFor(VanillaGlobalMutableState.class);
        assertEquals("net.openhft.chronicle.hash." + NATIVE, used.getName());
        CodeSource source = used.getProtectionDomain().getCodeSource();
        assertNotNull(source, "a class compiled at run time has no code source");
        assertTrue(source.getLocation().getPath().contains("storage"), source.getLocation().toString());
    }

    @Test
    void chroniclesGeneratorStillProducesTheShippedSource() throws Exception {
        Method generate = Class.forName("net.openhft.chronicle.values.Generators")
                .getDeclaredMethod("generateNativeClass", ValueModel.class, String.class);
        generate.setAccessible(true);
        String generated = (String) generate.invoke(null, ValueModel.acquire(VanillaGlobalMutableState.class), NATIVE);
        String shipped = Files.readString(Path.of("src/main/java/net/openhft/chronicle/hash/" + NATIVE + ".java"));
        String code = shipped.substring(shipped.indexOf("*/") + 3);
        assertEquals(generated.strip(), code.strip());
    }
}
