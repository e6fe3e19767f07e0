package io.spanvault.receiver.otlp.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class GrpcTransportTest {

    @Test
    void linuxOnX8664GetsEpollFromTheNativeLibraryGrpcShips() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        assumeTrue(os.startsWith("linux") && (arch.equals("amd64") || arch.equals("aarch64")),
                "grpc-netty-shaded ships epoll for Linux on x86_64 and aarch64 only; this is " + os + "/" + arch);
        assertEquals(GrpcTransport.EPOLL, GrpcTransport.available());
    }
}
