package nl.toegang.federation.upstream;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.text.ParseException;
import java.util.Map;

/**
 * The provider's answer to our token request (RFC 6749 §5.1, OIDC Core §3.1.3.3): the ID token and the access token
 * (used only for userinfo, then dropped). Built only by {@link #parse}; toString shows neither token.
 */
record TokenAnswer(String idToken, String accessToken, String tokenType) {
    /** A provider's error code, as far as it is safe to log: RFC 6749 error codes are these characters. */
    private static final java.util.regex.Pattern ERROR_CODE = java.util.regex.Pattern.compile("[\\x20-\\x7E]{1,64}");

    static TokenAnswer parse(BackChannel.Answer answer) throws UpstreamRefused {
        Map<String, Object> json = json(answer, "token endpoint");
        if (answer.status() != 200) {
            Object error = json.get("error");
            String code = error instanceof String text && ERROR_CODE.matcher(text).matches() ? text : "(none)";
            throw new UpstreamRefused("token endpoint answered HTTP " + answer.status() + " with error " + code);
        }
        Object idToken = json.get("id_token");
        Object accessToken = json.get("access_token");
        Object tokenType = json.get("token_type");
        if (!(idToken instanceof String id) || id.isEmpty()) {
            throw new UpstreamRefused("OIDC Core §3.1.3.3: the token answer has no id_token");
        }
        if (!(accessToken instanceof String access) || access.isEmpty() || !(tokenType instanceof String type)) {
            throw new UpstreamRefused("RFC 6749 §5.1: the token answer has no access_token or token_type");
        }
        return new TokenAnswer(id, access, type);
    }

    /** A JSON object answer (application/json), else refused. */
    static Map<String, Object> json(BackChannel.Answer answer, String what) throws UpstreamRefused {
        if (!answer.mediaType().equals("application/json")) {
            throw new UpstreamRefused(what + " answered HTTP " + answer.status() + " with "
                    + (answer.mediaType().isEmpty() ? "no content type" : answer.mediaType())
                    + ", not application/json");
        }
        try {
            return JSONObjectUtils.parse(answer.text());
        } catch (ParseException e) {
            throw new UpstreamRefused(what + " answered HTTP " + answer.status() + " with something that is not a"
                    + " JSON object");
        }
    }

    @Override
    public String toString() {
        return "TokenAnswer[tokenType=" + tokenType + "]";
    }
}
