package nl.toegang.mfa.totp;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Renders a QR code as PNG on the server, so the key URI never goes to a third-party QR service or needs JavaScript.
 * The page embeds it as a {@code data:} URI (allowed by a CSP with {@code img-src 'self' data:}).
 */
public final class QrCodeRenderer {

    private static final int MODULE_PIXELS = 6;
    private static final int QUIET_ZONE_MODULES = 4; // the QR specification's minimum margin

    public byte[] png(String content) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(),
                    EncodeHintType.MARGIN, QUIET_ZONE_MODULES));
        } catch (WriterException e) {
            throw new IllegalArgumentException("content does not fit in a QR code", e);
        }
        // Width and height 0 give one pixel per module; scale here so modules stay crisp squares.
        int size = matrix.getWidth() * MODULE_PIXELS;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, matrix.get(x / MODULE_PIXELS, y / MODULE_PIXELS) ? 0x000000 : 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public String dataUri(String content) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(content));
    }
}
