package nl.toegang.account.password;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommonPasswordsTest {

    private static final CommonPasswords COMMON = new CommonPasswords();

    @Test
    void theBundledListHasAtLeastTenThousandEntries() {
        assertThat(COMMON.size()).isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void entriesFromAllOverTheListAreCommon() throws Exception {
        List<String> lines;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                CommonPasswords.class.getResourceAsStream(CommonPasswords.BUNDLED_LIST), StandardCharsets.UTF_8))) {
            lines = reader.lines().toList();
        }
        for (int index : new int[] {0, 99, 999, 2_999, 9_999, lines.size() - 1}) {
            String entry = lines.get(index);
            assertThat(COMMON.contains(entry)).as(entry).isTrue();
            assertThat(COMMON.contains(entry.toUpperCase())).as(entry).isTrue();
            assertThat(COMMON.isCommon(entry + "2024!")).as(entry).isTrue();
        }
    }

    @Test
    void matchingIgnoresCaseAndNormalisation() {
        CommonPasswords list = new CommonPasswords(List.of("Crème"));
        assertThat(list.contains("CRÈME")).isTrue();
        assertThat(list.contains("cre\u0300me")).isTrue();
    }

    @Test
    void onlyDigitsPunctuationAndSymbolsAroundAnEntryMakeItCommon() {
        CommonPasswords list = new CommonPasswords(List.of("monkey"));
        assertThat(list.isCommon("monkey")).isTrue();
        assertThat(list.isCommon("2024monkey!!")).isTrue();
        assertThat(list.isCommon("# monkey 🙂")).isTrue();
        assertThat(list.isCommon("monkeys")).isFalse();
        assertThat(list.isCommon("bigmonkey1")).isFalse();
        assertThat(list.isCommon("2024")).isFalse();
    }

    @Test
    void anEntryEndingInDigitsIsFoundUnderMoreDigits() {
        CommonPasswords list = new CommonPasswords(List.of("abc123"));
        assertThat(list.isCommon("abc123456!")).isTrue();
    }
}
