package io.spanvault.exporter.file;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.spanvault.pipeline.otlp.json.OtlpJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;

/** How one request is framed in the file. */
enum FileFormat {
    /** One OTLP/JSON request per line; the encoder writes no raw newlines, so a line is a request. */
    JSON {
        @Override
        byte[] frame(Message request) {
            byte[] json = OtlpJson.encode(request);
            byte[] line = Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        }
    },
    /** The protobuf bytes after a 4-byte big-endian length, as the collector's fileexporter writes them. */
    PROTO {
        @Override
        byte[] frame(Message request) {
            int size = request.getSerializedSize();
            byte[] out = new byte[4 + size];
            out[0] = (byte) (size >>> 24);
            out[1] = (byte) (size >>> 16);
            out[2] = (byte) (size >>> 8);
            out[3] = (byte) size;
            try {
                CodedOutputStream coded = CodedOutputStream.newInstance(out, 4, size);
                request.writeTo(coded);
                coded.checkNoSpaceLeft();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }
    };

    abstract byte[] frame(Message request);

    static FileFormat of(String configValue) {
        return valueOf(configValue.toUpperCase(Locale.ROOT));
    }
}
