package nl.toegang.benchmark;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark measures the image's shape: the runtime, the archive and the flags the Dockerfile uses. */
class ImageShapeTest {
    @Test
    void theBenchmarkTrainsAndStartsWithTheArchiveTheDockerfileMakes() throws Exception {
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        ImageShape shape = ImageShape.fromDockerfile(Path.of("docker/Dockerfile"));

        assertThat(shape.feature()).isEqualTo(25);
        assertThat(dockerfile).contains("java @/app/jvm.options -XX:AOTCacheOutput=/app/toegang.aot "
                        + "-Dspring.context.exit=onRefresh")
                .contains("\"-XX:AOTCache=/app/toegang.aot\"");
        if (shape.aotCache()) { // a Java 25 JDK is installed here: the flags file and the cache flag must suit it
            Path archive = Path.of("target/image-shape-test.aot");
            assertThat(shape.training(archive)).containsExactly("-XX:AOTCacheOutput=" + archive,
                    "-Dspring.context.exit=onRefresh");
            Process java = new ProcessBuilder(shape.java(), "@docker/jvm.options", "-XX:AOTCache=" + archive,
                    "-version").redirectErrorStream(true).start();
            String output = new String(java.getInputStream().readAllBytes());
            assertThat(java.waitFor()).as(output).isZero();
            assertThat(output).contains("version \"25");
        } else {
            assertThat(shape.run(Path.of("a.jsa"))).containsExactly("-XX:SharedArchiveFile=a.jsa");
        }
    }
}
