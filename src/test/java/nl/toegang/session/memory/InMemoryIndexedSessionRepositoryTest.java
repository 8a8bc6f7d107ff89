package nl.toegang.session.memory;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Two requests of one browser at the same time must not undo each other's changes (as with the Redis store). */
class InMemoryIndexedSessionRepositoryTest {
    private final InMemoryIndexedSessionRepository store = new InMemoryIndexedSessionRepository(event -> { },
            Clock.fixed(Instant.parse("2026-11-26T03:00:00Z"), ZoneOffset.UTC), Duration.ofMinutes(30));

    private String stored() {
        TrackedSession created = store.createSession();
        created.setAttribute("kept", "yes");
        store.save(created);
        return created.getId();
    }

    @Test
    void concurrentRequestsEachKeepTheirOwnChanges() {
        String id = stored();
        TrackedSession navigation = store.findById(id);
        TrackedSession script = store.findById(id);

        navigation.setAttribute("saved-request", "/realms/portal/oauth2/authorize?client_id=a");
        store.save(navigation);
        script.setAttribute("challenge", "c1");
        store.save(script); // saved last, from a copy loaded before the navigation's change

        TrackedSession now = store.findById(id);
        assertThat((String) now.getAttribute("saved-request")).isEqualTo("/realms/portal/oauth2/authorize?client_id=a");
        assertThat((String) now.getAttribute("challenge")).isEqualTo("c1");
        assertThat((String) now.getAttribute("kept")).isEqualTo("yes");
    }

    @Test
    void aRemovedAttributeStaysRemovedAndUntouchedOnesStay() {
        String id = stored();
        TrackedSession first = store.findById(id);
        TrackedSession second = store.findById(id);
        first.removeAttribute("kept");
        store.save(first);
        store.save(second); // changed nothing: must not write "kept" back

        assertThat((String) store.findById(id).getAttribute("kept")).isNull();
    }

    @Test
    void aSessionDeletedMeanwhileIsNotBroughtBack() {
        String id = stored();
        TrackedSession late = store.findById(id);
        store.deleteById(id); // logout on another request
        late.setAttribute("challenge", "c2");
        store.save(late);

        assertThat(store.findById(id)).isNull();
    }

    @Test
    void aRenamedSessionMovesWithAllItsAttributes() {
        String id = stored();
        TrackedSession login = store.findById(id);
        String renamed = login.changeSessionId();
        login.setAttribute("signed-in", "alice");
        store.save(login);

        assertThat(store.findById(id)).isNull();
        TrackedSession now = store.findById(renamed);
        assertThat((String) now.getAttribute("kept")).isEqualTo("yes");
        assertThat((String) now.getAttribute("signed-in")).isEqualTo("alice");
    }
}
