package nl.toegang.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.oidc.AuthorizationResponseHandlers;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Shown instead of redirecting when an authorization request cannot safely go back to the client (unknown client,
 * redirect URI not registered): redirecting there would make Toegang an open redirector.
 */
@Controller
public class AuthorizationErrorController {

    @RequestMapping(AuthorizationResponseHandlers.ERROR_PAGE)
    String show(HttpServletRequest request, HttpServletResponse response, Model model) {
        Object error = request.getAttribute(AuthorizationResponseHandlers.ERROR_ATTRIBUTE);
        String code = error instanceof OAuth2Error e ? e.getErrorCode() : "invalid_request";
        String description = error instanceof OAuth2Error e && e.getDescription() != null ? e.getDescription() : "";
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("code", code);
        model.addAttribute("description", description);
        return "error/authorization";
    }
}
