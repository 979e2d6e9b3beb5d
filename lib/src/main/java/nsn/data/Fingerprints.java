package nsn.data;

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
