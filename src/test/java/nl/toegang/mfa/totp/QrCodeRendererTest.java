package nl.toegang.mfa.totp;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QrCodeRendererTest {

    private static final String URI = OtpAuthUri.of("Gemeente Den Haag", "jan@example.nl",
            TotpSecret.of("12345678901234567890".getBytes(StandardCharsets.US_ASCII)), TotpParameters.DEFAULT);

    private final QrCodeRenderer renderer = new QrCodeRenderer();

    @Test
    void pngDecodesBackToTheKeyUri() throws Exception {
        byte[] png = renderer.png(URI);

        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(decode(png)).isEqualTo(URI);
    }

    @Test
    void dataUriCarriesTheSamePng() throws Exception {
        String dataUri = renderer.dataUri(URI);

        assertThat(dataUri).startsWith("data:image/png;base64,");
        byte[] png = Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()));
        assertThat(decode(png)).isEqualTo(URI);
    }

    // Decoding with zxing core only: RGBLuminanceSource over the image's pixels (no javase module needed).
    private static String decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        Result result = new MultiFormatReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.FALSE));
        return result.getText();
    }
}
