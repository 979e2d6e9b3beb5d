package nsn.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers for {@link ImageDataset#fingerprint()}. */
public final class Fingerprints {

    private Fingerprints() {
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /**
     * The SHA-256 (hex) of files under {@code root}: their {@code /}-separated paths relative to it with their sizes,
     * one {@code path\tsize\n} line each, sorted — the fingerprint of an image folder without reading the images.
     *
     * @throws UncheckedIOException naming {@code root} when a file cannot be stat'ed
     */
    public static String ofFiles(Path root, Path[] files) {
        List<String> entries = new ArrayList<>(files.length);
        try {
            for (Path file : files) {
                String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                entries.add(relative + "\t" + Files.size(file) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat the images under " + root, e);
        }
        entries.sort(null);
        MessageDigest digest = sha256();
        for (String entry : entries) {
            digest.update(entry.getBytes(StandardCharsets.UTF_8));
        }
        return hex(digest);
    }

    /** Lower-case hex of the digest's result; completes the digest. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Feeds {@code labels} to the digest as big-endian 32-bit integers. */
    static void updateLabels(MessageDigest digest, int[] labels) {
        byte[] buffer = new byte[4 * 4096];
        for (int start = 0; start < labels.length; start += 4096) {
            int end = Math.min(labels.length, start + 4096);
            int n = 0;
            for (int i = start; i < end; i++) {
                int v = labels[i];
                buffer[n++] = (byte) (v >>> 24);
                buffer[n++] = (byte) (v >>> 16);
                buffer[n++] = (byte) (v >>> 8);
                buffer[n++] = (byte) v;
            }
            digest.update(buffer, 0, n);
        }
    }
}
