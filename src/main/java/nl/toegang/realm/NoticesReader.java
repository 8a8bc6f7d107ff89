package nl.toegang.realm;

import java.util.List;

/** Reads the optional top-level {@code notices:} block of a realm file. */
final class NoticesReader {
    static final List<String> FIELDS = List.of("newDeviceEmail");

    private NoticesReader() {
    }

    static Notices read(YamlMapping block) {
        return new Notices(block.bool("newDeviceEmail").orElse(Notices.defaults().newDeviceEmail()));
    }
}
