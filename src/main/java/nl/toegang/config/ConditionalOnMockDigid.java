package nl.toegang.config;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Matches when {@code toegang.mock-digid.enabled} is true or unset ({@link MockDigidProperties}). Every bean of the
 * built-in mock DigiD carries it, so with the mock off (the prod profile) its controllers and its artifact
 * resolution service do not exist at all: its URLs are a plain 404.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnMockDigid.OnMockDigid.class)
public @interface ConditionalOnMockDigid {
    /** Development needs no configuration to log in with DigiD through the mock. */
    boolean DEFAULT = true;

    final class OnMockDigid implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            // Bound the way MockDigidProperties binds it, so the condition and the production check agree on "true".
            return Binder.get(context.getEnvironment()).bind("toegang.mock-digid.enabled", Boolean.class)
                    .orElse(DEFAULT);
        }
    }
}
