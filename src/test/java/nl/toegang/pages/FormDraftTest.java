package nl.toegang.pages;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guard in {@link FormDraft}: no field that holds a secret can be kept, and a draft stays small. */
class FormDraftTest {

    @Test
    void aFieldNamedLikeASecretIsRefusedWhateverTheForm() {
        for (String name : new String[]{"password", "newPassword", "currentPassword", "code", "token", "_csrf",
                "client_secret", "recoveryCode", "otp"}) {
            assertThatThrownBy(() -> FormDraft.of("any").value(name, "x").build("portal", "", Instant.now()))
                    .as(name).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
        }
    }

    @Test
    void valuesAreCutAndTheDraftSerializesSmall() throws Exception {
        FormDraft draft = FormDraft.of("register").value("name", "n".repeat(10_000)).value("email", "a@b.nl")
                .error("email", "register.error.email").error("password", "password.problem.tooShort", 15)
                .build("portal", "", Instant.now());
        assertThat(draft.value("name", "")).hasSize(FormDraft.MAX_VALUE);
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(draft);
        }
        assertThat(bytes.size()).isLessThan(4096);
        assertThat(draft.toString()).doesNotContain("a@b.nl").doesNotContain("nnnn");
    }
}
