package io.p2pe.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a command's input document: a file, or standard input when the name is {@code -}. */
final class InputFiles {
    private InputFiles() {
    }

    /**
     * The whole document as text, strictly UTF-8.
     *
     * @throws RefusedInputException when it cannot be read or is not UTF-8, with a one-line reason
     */
    static String readUtf8(String name, InputStream stdin) throws RefusedInputException {
        String shown = "-".equals(name) ? "standard input" : "'" + name + "'";
        byte[] bytes;
        try {
            bytes = "-".equals(name) ? stdin.readAllBytes() : Files.readAllBytes(Path.of(name));
        } catch (NoSuchFileException e) {
            throw new RefusedInputException("cannot read " + shown + ": no such file");
        } catch (AccessDeniedException e) {
            throw new RefusedInputException("cannot read " + shown + ": permission denied");
        } catch (IOException e) {
            throw new RefusedInputException("cannot read " + shown + ": " + oneLine(e.getMessage()));
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RefusedInputException("cannot read " + shown + ": not valid UTF-8");
        }
    }

    private static String oneLine(String text) {
        return text == null ? "I/O error" : text.replaceAll("\\s+", " ").trim();
    }
}
