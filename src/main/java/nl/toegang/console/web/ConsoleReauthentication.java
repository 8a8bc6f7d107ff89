package nl.toegang.console.web;

import jakarta.servlet.http.HttpServletRequest;
import nl.toegang.console.ConsolePaths;
import nl.toegang.console.ConsoleSignIn;
import nl.toegang.console.ReauthenticationRequired;
import nl.toegang.pages.RealmPages;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Answers a sensitive change made without a recent sign-in: through the authorization endpoint with {@code max_age}
 * and back to the console home page, where the person repeats the change.
 */
@ControllerAdvice
public class ConsoleReauthentication {
    private final ConsoleSignIn signIn;

    public ConsoleReauthentication(ConsoleSignIn signIn) {
        this.signIn = signIn;
    }

    @ExceptionHandler(ReauthenticationRequired.class)
    ResponseEntity<Void> reauthenticate(ReauthenticationRequired e, HttpServletRequest request) {
        return RealmPages.seeOther(signIn.start(e.realm(), ConsolePaths.home(e.realm()), true, request));
    }
}
